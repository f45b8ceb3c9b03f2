//! Derived relations of a model, computed once in linear time.
//!
//! Rules and the reachability engine ask "which route table does this subnet
//! use?", "who uses this security group?" many times; answering from these
//! indexes keeps every pass linear instead of scanning all resources per
//! question.

use super::side::IdVec;
use super::*;

/// Something that carries security groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SgUser {
    Instance(InstanceId),
    LaunchTemplate(LtId),
    LoadBalancer(LbId),
    /// The mount targets of an EFS file system.
    FileSystem(FsId),
}

/// A reference from a listener to a target group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenerRef {
    pub lb: LbId,
    /// Index into `LoadBalancer::listeners`.
    pub listener: usize,
}

/// A reference from a listener rule to a target group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleRef {
    pub lb: LbId,
    /// Index into `LoadBalancer::rules`.
    pub rule: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Topology {
    /// The route table each subnet is associated with (the first one, if
    /// several: R208 reports the rest). `None`: the VPC's main table.
    pub subnet_route_table: IdVec<Subnet, Option<RouteTableId>>,
    /// Every route table association per subnet, in file order.
    pub subnet_route_tables: IdVec<Subnet, Vec<RouteTableId>>,
    /// The network ACL each subnet is associated with (first one). `None`:
    /// the VPC's default ACL, which allows everything.
    pub subnet_acl: IdVec<Subnet, Option<AclId>>,
    pub subnet_acls: IdVec<Subnet, Vec<AclId>>,
    /// Target of the subnet's `0.0.0.0/0` route, if any.
    pub subnet_default_route: IdVec<Subnet, Option<RouteTarget>>,
    pub instances_by_subnet: IdVec<Subnet, Vec<InstanceId>>,
    pub nats_by_subnet: IdVec<Subnet, Vec<NatId>>,
    pub lbs_by_subnet: IdVec<Subnet, Vec<LbId>>,
    pub asgs_by_subnet: IdVec<Subnet, Vec<AsgId>>,
    pub subnets_by_vpc: IdVec<Vpc, Vec<SubnetId>>,
    pub igws_by_vpc: IdVec<Vpc, Vec<IgwId>>,
    /// EIP associated with each instance (first, if several).
    pub instance_eip: IdVec<Instance, Option<EipId>>,
    /// NAT gateway naming each EIP.
    pub eip_nats: IdVec<Eip, Vec<NatId>>,
    /// Who carries each security group.
    pub sg_users: IdVec<SecurityGroup, Vec<SgUser>>,
    /// Security groups whose rules name each group (other than `self`).
    pub sg_referenced_by: IdVec<SecurityGroup, Vec<SgId>>,
    /// Listeners forwarding to each target group.
    pub tg_listeners: IdVec<TargetGroup, Vec<ListenerRef>>,
    /// Auto Scaling groups attached to each target group.
    pub tg_asgs: IdVec<TargetGroup, Vec<AsgId>>,
    /// Auto Scaling groups using each launch template.
    pub lt_asgs: IdVec<LaunchTemplate, Vec<AsgId>>,
    /// Target groups listing each instance as a static target.
    pub instance_tgs: IdVec<Instance, Vec<TgId>>,
    /// Volumes attached to each instance.
    pub instance_volumes: IdVec<Instance, Vec<VolumeId>>,
    /// Which /64 of its VPC's /56 each dual-stack subnet takes when it does
    /// not write its `ipv6-cidr`: its `ipv6-index`, else the lowest index
    /// no other subnet of the VPC writes (declaration order). 256 and up:
    /// the /56 ran out (A107).
    pub subnet_ipv6_index: IdVec<Subnet, Option<u32>>,
    pub eigws_by_vpc: IdVec<Vpc, Vec<EigwId>>,
    /// Listener rules forwarding to each target group.
    pub tg_rules: IdVec<TargetGroup, Vec<RuleRef>>,
    /// The hosts that mount each file system (`mounts`), in file order.
    pub fs_clients: IdVec<FileSystem, Vec<FsClient>>,
}

/// A host that mounts a file system: an instance, or a launch template
/// (whose Auto Scaling groups' instances mount it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FsClient {
    Instance(InstanceId),
    LaunchTemplate(LtId),
}

impl Topology {
    pub fn new(m: &Model) -> Self {
        let mut t = Topology {
            subnet_route_table: IdVec::filled(m.subnets.len(), None),
            subnet_route_tables: IdVec::filled(m.subnets.len(), Vec::new()),
            subnet_acl: IdVec::filled(m.subnets.len(), None),
            subnet_acls: IdVec::filled(m.subnets.len(), Vec::new()),
            subnet_default_route: IdVec::filled(m.subnets.len(), None),
            instances_by_subnet: IdVec::filled(m.subnets.len(), Vec::new()),
            nats_by_subnet: IdVec::filled(m.subnets.len(), Vec::new()),
            lbs_by_subnet: IdVec::filled(m.subnets.len(), Vec::new()),
            asgs_by_subnet: IdVec::filled(m.subnets.len(), Vec::new()),
            subnets_by_vpc: IdVec::filled(m.vpcs.len(), Vec::new()),
            igws_by_vpc: IdVec::filled(m.vpcs.len(), Vec::new()),
            instance_eip: IdVec::filled(m.instances.len(), None),
            eip_nats: IdVec::filled(m.eips.len(), Vec::new()),
            sg_users: IdVec::filled(m.security_groups.len(), Vec::new()),
            sg_referenced_by: IdVec::filled(m.security_groups.len(), Vec::new()),
            tg_listeners: IdVec::filled(m.target_groups.len(), Vec::new()),
            tg_asgs: IdVec::filled(m.target_groups.len(), Vec::new()),
            lt_asgs: IdVec::filled(m.launch_templates.len(), Vec::new()),
            instance_tgs: IdVec::filled(m.instances.len(), Vec::new()),
            instance_volumes: IdVec::filled(m.instances.len(), Vec::new()),
            subnet_ipv6_index: IdVec::filled(m.subnets.len(), None),
            eigws_by_vpc: IdVec::filled(m.vpcs.len(), Vec::new()),
            tg_rules: IdVec::filled(m.target_groups.len(), Vec::new()),
            fs_clients: IdVec::filled(m.file_systems.len(), Vec::new()),
        };
        for (id, g) in ids(&m.egress_only_internet_gateways) {
            t.eigws_by_vpc[g.vpc.node].push(id);
        }
        for (id, s) in ids(&m.subnets) {
            t.subnets_by_vpc[s.vpc.node].push(id);
        }
        for (id, g) in ids(&m.internet_gateways) {
            t.igws_by_vpc[g.vpc.node].push(id);
        }
        for (id, rt) in ids(&m.route_tables) {
            for s in rt.subnets.ids() {
                t.subnet_route_tables[s].push(id);
                t.subnet_route_table[s].get_or_insert(id);
            }
        }
        let default_v4: IpNet = "0.0.0.0/0".parse().expect("literal");
        for (i, rt) in t.subnet_route_table.iter() {
            if let Some(rt) = rt {
                t.subnet_default_route[i] = m[*rt]
                    .routes
                    .iter()
                    .find(|r| r.destination.node == default_v4)
                    .map(|r| r.target.node);
            }
        }
        for (id, acl) in ids(&m.network_acls) {
            for s in acl.subnets.ids() {
                t.subnet_acls[s].push(id);
                t.subnet_acl[s].get_or_insert(id);
            }
        }
        for (id, inst) in ids(&m.instances) {
            t.instances_by_subnet[inst.subnet.node].push(id);
            for sg in inst.security_groups.ids() {
                t.sg_users[sg].push(SgUser::Instance(id));
            }
        }
        for (id, nat) in ids(&m.nat_gateways) {
            t.nats_by_subnet[nat.subnet.node].push(id);
            if let Some(e) = nat.eip {
                t.eip_nats[e.node].push(id);
            }
        }
        for (id, eip) in ids(&m.eips) {
            if let Some(i) = eip.instance {
                t.instance_eip[i.node].get_or_insert(id);
            }
        }
        for (id, sg) in ids(&m.security_groups) {
            for r in sg.ingress.iter().chain(&sg.egress) {
                // Groups are visited in id order: a repeat is the last entry
                // (a contains() scan would be quadratic in referrers).
                if let Peer::Group(g) = r.peer.node
                    && g != id
                    && t.sg_referenced_by[g].last() != Some(&id)
                {
                    t.sg_referenced_by[g].push(id);
                }
            }
        }
        for (id, lb) in ids(&m.load_balancers) {
            for s in lb.subnets.ids() {
                t.lbs_by_subnet[s].push(id);
            }
            for sg in lb.security_groups.ids() {
                t.sg_users[sg].push(SgUser::LoadBalancer(id));
            }
            for (i, l) in lb.listeners.iter().enumerate() {
                if let ListenerAction::Forward(tg) = &l.action {
                    t.tg_listeners[tg.node].push(ListenerRef {
                        lb: id,
                        listener: i,
                    });
                }
            }
            for (k, r) in lb.rules.iter().enumerate() {
                t.tg_rules[r.target.node].push(RuleRef { lb: id, rule: k });
            }
        }
        for (id, lt) in ids(&m.launch_templates) {
            for sg in lt.security_groups.ids() {
                t.sg_users[sg].push(SgUser::LaunchTemplate(id));
            }
        }
        for (id, asg) in ids(&m.auto_scaling_groups) {
            t.lt_asgs[asg.launch_template.node].push(id);
            for s in asg.subnets.ids() {
                t.asgs_by_subnet[s].push(id);
            }
            for tg in asg.target_groups.ids() {
                t.tg_asgs[tg].push(id);
            }
        }
        for (id, tg) in ids(&m.target_groups) {
            for i in tg.targets.ids() {
                t.instance_tgs[i].push(id);
            }
        }
        for (id, fs) in ids(&m.file_systems) {
            for sg in fs.security_groups.ids() {
                t.sg_users[sg].push(SgUser::FileSystem(id));
            }
        }
        for (id, inst) in ids(&m.instances) {
            for f in inst.mounts.ids() {
                t.fs_clients[f].push(FsClient::Instance(id));
            }
        }
        for (id, lt) in ids(&m.launch_templates) {
            for f in lt.mounts.ids() {
                t.fs_clients[f].push(FsClient::LaunchTemplate(id));
            }
        }
        for (id, v) in ids(&m.volumes) {
            for a in &v.attachments {
                let list = &mut t.instance_volumes[a.instance.node];
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        t.subnet_ipv6_index = ipv6_indexes(m, &t.subnets_by_vpc);
        t
    }

    /// A subnet is public when its route table sends `0.0.0.0/0` to an
    /// internet gateway.
    pub fn is_public(&self, subnet: SubnetId) -> bool {
        matches!(self.subnet_default_route[subnet], Some(RouteTarget::Igw(_)))
    }

    /// Whether an instance is addressable from the internet: a public IP
    /// (own setting or the subnet's) or an EIP.
    pub fn instance_has_public_address(&self, m: &Model, id: InstanceId) -> bool {
        m.instance_public_ip(id) || self.instance_eip[id].is_some()
    }

    /// Whether an Elastic IP is idle: no instance and no NAT gateway uses
    /// it (it is still billed).
    pub fn is_idle_eip(&self, m: &Model, id: EipId) -> bool {
        m[id].instance.is_none() && self.eip_nats[id].is_empty()
    }

    /// Whether anything sends a target group traffic: a listener's default
    /// action or a listener rule.
    pub fn tg_used(&self, tg: TgId) -> bool {
        !self.tg_listeners[tg].is_empty() || !self.tg_rules[tg].is_empty()
    }

    /// The subnets where a target group's members live (its static
    /// instances and the Auto Scaling groups attached to it), sorted and
    /// without repeats.
    pub fn tg_member_subnets(&self, m: &Model, tg: TgId) -> Vec<SubnetId> {
        let mut v: Vec<SubnetId> = m[tg].targets.ids().map(|i| m[i].subnet.node).collect();
        for a in &self.tg_asgs[tg] {
            v.extend(m[*a].subnets.ids());
        }
        v.sort();
        v.dedup();
        v
    }
}

/// Each dual-stack subnet's index in its VPC's /56 (see
/// [`Topology::subnet_ipv6_index`]): one pass per VPC over its subnets.
fn ipv6_indexes(m: &Model, by_vpc: &IdVec<Vpc, Vec<SubnetId>>) -> IdVec<Subnet, Option<u32>> {
    let mut out = IdVec::filled(m.subnets.len(), None);
    for (vpc, subnets) in by_vpc.iter() {
        let v = &m[vpc];
        if !v.ipv6() {
            continue;
        }
        // Indexes written out (`ipv6-index`, or an `ipv6-cidr` inside the
        // VPC's written /56) are taken; the rest fill the gaps in order.
        let mut taken = [false; 256];
        for &s in subnets {
            let sub = &m[s];
            if !m.subnet_dual_stack(s) {
                continue;
            }
            if let Some(i) = sub.ipv6_index {
                taken[usize::from(i.node)] = true;
            } else if let (Some(c), Some(b)) = (sub.ipv6_cidr, v.ipv6_cidr)
                && let Some(i) = index_in(b.node, c.node)
            {
                taken[i as usize] = true;
            }
        }
        let mut next = 0u32;
        for &s in subnets {
            let sub = &m[s];
            if !m.subnet_dual_stack(s) || sub.ipv6_cidr.is_some() {
                continue;
            }
            out[s] = Some(match sub.ipv6_index {
                Some(i) => u32::from(i.node),
                None => {
                    while taken.get(next as usize).copied().unwrap_or(false) {
                        next += 1;
                    }
                    next += 1;
                    next - 1
                }
            });
        }
    }
    out
}

/// The index of a /64 inside a /56, if it is inside.
pub fn index_in(block: IpNet, sub: IpNet) -> Option<u32> {
    match (block, sub) {
        (IpNet::V6(b), IpNet::V6(s)) if b.contains(&s) && s.prefix_len() == 64 => {
            let off = u128::from(s.network()) - u128::from(b.network());
            u32::try_from(off >> 64).ok()
        }
        _ => None,
    }
}
