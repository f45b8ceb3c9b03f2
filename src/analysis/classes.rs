//! Interfaces grouped into classes that behave alike.
//!
//! Two interfaces in the same subnet, with the same set of security groups
//! and the same answer to "has a public address?", meet exactly the same
//! routes, ACLs and groups, so the engine answers once for the class. An
//! Auto Scaling group contributes one class per subnet (its instances take
//! the launch template's groups); a load balancer one node class per
//! subnet. All-pairs checks therefore grow with the number of distinct
//! configurations, not with the number of instances.

use crate::model::side::IdVec;
use crate::model::topology::Topology;
use crate::model::*;
use foldhash::{HashMap, HashMapExt};

pub type ClassId = usize;

/// What the interfaces of a class are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassKind {
    /// EC2 instances (declared or launched by an Auto Scaling group).
    Hosts,
    /// The nodes of a load balancer in one subnet.
    LbNode(LbId),
    /// Addresses named by a CIDR that belong to no declared interface.
    Anonymous,
    /// Any host of a subnet, declared or not (`subnet:<name>`), in no
    /// security group: a public IPv4 address when the subnet gives one
    /// (`public-ip on`), IPv6 addresses when it is dual-stack.
    Subnet,
    /// The interfaces of an interface VPC endpoint in one subnet.
    Endpoint(EndpointId),
    /// The mount target of an EFS file system in one subnet.
    MountTarget(FsId),
}

/// Something declared in the file that owns interfaces of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    Instance(InstanceId),
    Asg(AsgId),
    LbNode(LbId),
    MountTarget(FsId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    pub subnet: SubnetId,
    pub vpc: VpcId,
    /// Sorted, without duplicates. Empty: the VPC's default group (or, for
    /// a network LB, no group at all).
    pub sgs: Vec<SgId>,
    /// Has a public IPv4 address (public IP or EIP; internet-facing LB).
    pub public: bool,
    pub kind: ClassKind,
    pub members: Vec<Member>,
    /// The addresses of the class: its subnet, or a CIDR's part of it.
    pub addrs: super::set::Interval,
    /// Its IPv6 addresses: the subnet's /64 when the interfaces have IPv6
    /// addresses (`ipv6-on-launch` or `ipv6-addresses`; a dual-stack load
    /// balancer in a dual-stack subnet), or a CIDR's part of it.
    pub addrs6: Option<super::set::Interval>,
}

impl Class {
    /// Client ephemeral ports: load balancer nodes (and NAT gateways) use
    /// 1024–65535; any other client one of 32768–60999 (Linux) or
    /// 49152–65535 (Windows, macOS), covered by 32768–65535.
    pub fn ephemeral(&self) -> super::set::Interval {
        match self.kind {
            ClassKind::LbNode(_) => super::EPHEMERAL_PROXY,
            _ => super::EPHEMERAL_CLIENT,
        }
    }
}

/// All classes of a model, with the indexes the rules need.
#[derive(Clone, Debug, Default)]
pub struct Classes {
    pub list: Vec<Class>,
    pub of_instance: IdVec<Instance, ClassId>,
    /// One class per distinct subnet of each Auto Scaling group.
    pub of_asg: IdVec<AutoScalingGroup, Vec<ClassId>>,
    /// One node class per distinct subnet of each load balancer.
    pub of_lb: IdVec<LoadBalancer, Vec<ClassId>>,
    /// One mount-target class per distinct subnet of each file system.
    pub of_fs: IdVec<FileSystem, Vec<ClassId>>,
    /// Classes carrying each security group.
    pub sg_members: IdVec<SecurityGroup, Vec<ClassId>>,
}

#[derive(Hash, PartialEq, Eq)]
struct Key {
    subnet: SubnetId,
    sgs: Vec<SgId>,
    public: bool,
    kind: ClassKind,
    ipv6: bool,
}

impl Classes {
    pub fn new(m: &Model, t: &Topology, v6: &super::ipv6::Ipv6Plan) -> Self {
        let mut c = Classes {
            of_instance: IdVec::default(),
            of_asg: IdVec::filled(m.auto_scaling_groups.len(), Vec::new()),
            of_lb: IdVec::filled(m.load_balancers.len(), Vec::new()),
            of_fs: IdVec::filled(m.file_systems.len(), Vec::new()),
            sg_members: IdVec::filled(m.security_groups.len(), Vec::new()),
            ..Classes::default()
        };
        let mut index: HashMap<Key, ClassId> = HashMap::new();
        let mut add =
            |c: &mut Classes, subnet: SubnetId, sgs: &List<SgId>, public, kind, member, ipv6| {
                let mut sgs: Vec<SgId> = sgs.ids().collect();
                sgs.sort();
                sgs.dedup();
                let addrs6 = if ipv6 { v6.subnet[subnet] } else { None };
                let key = Key {
                    subnet,
                    sgs: sgs.clone(),
                    public,
                    kind,
                    ipv6: addrs6.is_some(),
                };
                let id = *index.entry(key).or_insert_with(|| {
                    let s = &m[subnet];
                    c.list.push(Class {
                        subnet,
                        vpc: s.vpc.node,
                        sgs,
                        public,
                        kind,
                        members: Vec::new(),
                        addrs: super::set::cidr(&s.cidr.node).1,
                        addrs6,
                    });
                    c.list.len() - 1
                });
                // One member's interfaces are added together, so a repeat
                // (an Auto Scaling group naming a subnet twice) is the last
                // entry: no scan of a class's members.
                let members = &mut c.list[id].members;
                if members.last() != Some(&member) {
                    members.push(member);
                }
                id
            };
        for (id, inst) in ids(&m.instances) {
            let public = t.instance_has_public_address(m, id);
            let cid = add(
                &mut c,
                inst.subnet.node,
                &inst.security_groups,
                public,
                ClassKind::Hosts,
                Member::Instance(id),
                m.host_has_ipv6(inst.subnet.node, inst.ipv6_addresses),
            );
            c.of_instance.push(cid);
        }
        for (id, asg) in ids(&m.auto_scaling_groups) {
            let lt = &m[asg.launch_template.node];
            for s in asg.subnets.ids() {
                let public = lt.public_ip.map_or_else(|| m[s].public_ip(), |p| p.node);
                let cid = add(
                    &mut c,
                    s,
                    &lt.security_groups,
                    public,
                    ClassKind::Hosts,
                    Member::Asg(id),
                    m.host_has_ipv6(s, lt.ipv6_addresses),
                );
                if !c.of_asg[id].contains(&cid) {
                    c.of_asg[id].push(cid);
                }
            }
        }
        for (id, lb) in ids(&m.load_balancers) {
            let public = lb.scheme() == Scheme::InternetFacing;
            for s in lb.subnets.ids() {
                let cid = add(
                    &mut c,
                    s,
                    &lb.security_groups,
                    public,
                    ClassKind::LbNode(id),
                    Member::LbNode(id),
                    lb.ip_address_type() == IpAddressType::Dualstack,
                );
                if !c.of_lb[id].contains(&cid) {
                    c.of_lb[id].push(cid);
                }
            }
        }
        for (id, fs) in ids(&m.file_systems) {
            for s in fs.mount_targets.ids() {
                let cid = add(
                    &mut c,
                    s,
                    &fs.security_groups,
                    false,
                    ClassKind::MountTarget(id),
                    Member::MountTarget(id),
                    false,
                );
                if !c.of_fs[id].contains(&cid) {
                    c.of_fs[id].push(cid);
                }
            }
        }
        for (cid, class) in c.list.iter().enumerate() {
            for sg in &class.sgs {
                c.sg_members[*sg].push(cid);
            }
        }
        c
    }

    pub fn get(&self, id: ClassId) -> &Class {
        &self.list[id]
    }

    /// The classes of a member.
    pub fn of_member(&self, member: Member) -> &[ClassId] {
        match member {
            Member::Instance(i) => std::slice::from_ref(&self.of_instance[i]),
            Member::Asg(a) => &self.of_asg[a],
            Member::LbNode(l) => &self.of_lb[l],
            Member::MountTarget(f) => &self.of_fs[f],
        }
    }
}

/// Whether a member is a bastion host.
pub fn is_bastion(m: &Model, member: Member) -> bool {
    match member {
        Member::Instance(i) => m[i].is_bastion(),
        Member::Asg(a) => m[m[a].launch_template.node].is_bastion(),
        Member::LbNode(_) | Member::MountTarget(_) => false,
    }
}

/// The name of a member as declared.
pub fn member_name(m: &Model, member: Member) -> &str {
    match member {
        Member::Instance(i) => &m[i].decl.name,
        Member::Asg(a) => &m[a].decl.name,
        Member::LbNode(l) => &m[l].decl.name,
        Member::MountTarget(f) => &m[f].decl.name,
    }
}

/// The declaration of a member.
pub fn member_decl(m: &Model, member: Member) -> &Decl {
    match member {
        Member::Instance(i) => &m[i].decl,
        Member::Asg(a) => &m[a].decl,
        Member::LbNode(l) => &m[l].decl,
        Member::MountTarget(f) => &m[f].decl,
    }
}
