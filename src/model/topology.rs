//! Derived relations of a model, computed once in linear time.
//!
//! Rules and the reachability engine ask "which route table does this subnet
//! use?", "who uses this security group?" many times; answering from these
//! indexes keeps every pass linear instead of scanning all resources per
//! question.

use super::*;

/// Something that carries security groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SgUser {
    Instance(InstanceId),
    LaunchTemplate(LtId),
    LoadBalancer(LbId),
}

/// A reference from a listener to a target group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenerRef {
    pub lb: LbId,
    /// Index into `LoadBalancer::listeners`.
    pub listener: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Topology {
    /// The route table each subnet is associated with (the first one, if
    /// several: R208 reports the rest). `None`: the VPC's main table.
    pub subnet_route_table: Vec<Option<RouteTableId>>,
    /// Every route table association per subnet, in file order.
    pub subnet_route_tables: Vec<Vec<RouteTableId>>,
    /// The network ACL each subnet is associated with (first one). `None`:
    /// the VPC's default ACL, which allows everything.
    pub subnet_acl: Vec<Option<AclId>>,
    pub subnet_acls: Vec<Vec<AclId>>,
    /// Target of the subnet's `0.0.0.0/0` route, if any.
    pub subnet_default_route: Vec<Option<RouteTarget>>,
    pub instances_by_subnet: Vec<Vec<InstanceId>>,
    pub nats_by_subnet: Vec<Vec<NatId>>,
    pub lbs_by_subnet: Vec<Vec<LbId>>,
    pub asgs_by_subnet: Vec<Vec<AsgId>>,
    pub subnets_by_vpc: Vec<Vec<SubnetId>>,
    pub igws_by_vpc: Vec<Vec<IgwId>>,
    /// EIP associated with each instance (first, if several).
    pub instance_eip: Vec<Option<EipId>>,
    /// NAT gateway naming each EIP.
    pub eip_nats: Vec<Vec<NatId>>,
    /// Who carries each security group.
    pub sg_users: Vec<Vec<SgUser>>,
    /// Security groups whose rules name each group (other than `self`).
    pub sg_referenced_by: Vec<Vec<SgId>>,
    /// Listeners forwarding to each target group.
    pub tg_listeners: Vec<Vec<ListenerRef>>,
    /// Auto Scaling groups attached to each target group.
    pub tg_asgs: Vec<Vec<AsgId>>,
    /// Auto Scaling groups using each launch template.
    pub lt_asgs: Vec<Vec<AsgId>>,
    /// Target groups listing each instance as a static target.
    pub instance_tgs: Vec<Vec<TgId>>,
    /// Volumes attached to each instance.
    pub instance_volumes: Vec<Vec<VolumeId>>,
}

impl Topology {
    pub fn new(m: &Model) -> Self {
        let mut t = Topology {
            subnet_route_table: vec![None; m.subnets.len()],
            subnet_route_tables: vec![Vec::new(); m.subnets.len()],
            subnet_acl: vec![None; m.subnets.len()],
            subnet_acls: vec![Vec::new(); m.subnets.len()],
            subnet_default_route: vec![None; m.subnets.len()],
            instances_by_subnet: vec![Vec::new(); m.subnets.len()],
            nats_by_subnet: vec![Vec::new(); m.subnets.len()],
            lbs_by_subnet: vec![Vec::new(); m.subnets.len()],
            asgs_by_subnet: vec![Vec::new(); m.subnets.len()],
            subnets_by_vpc: vec![Vec::new(); m.vpcs.len()],
            igws_by_vpc: vec![Vec::new(); m.vpcs.len()],
            instance_eip: vec![None; m.instances.len()],
            eip_nats: vec![Vec::new(); m.eips.len()],
            sg_users: vec![Vec::new(); m.security_groups.len()],
            sg_referenced_by: vec![Vec::new(); m.security_groups.len()],
            tg_listeners: vec![Vec::new(); m.target_groups.len()],
            tg_asgs: vec![Vec::new(); m.target_groups.len()],
            lt_asgs: vec![Vec::new(); m.launch_templates.len()],
            instance_tgs: vec![Vec::new(); m.instances.len()],
            instance_volumes: vec![Vec::new(); m.instances.len()],
        };
        for (id, s) in ids(&m.subnets) {
            t.subnets_by_vpc[s.vpc.node.index()].push(id);
        }
        for (id, g) in ids(&m.internet_gateways) {
            t.igws_by_vpc[g.vpc.node.index()].push(id);
        }
        for (id, rt) in ids(&m.route_tables) {
            for s in rt.subnets.ids() {
                t.subnet_route_tables[s.index()].push(id);
                t.subnet_route_table[s.index()].get_or_insert(id);
            }
        }
        let default_v4: IpNet = "0.0.0.0/0".parse().expect("literal");
        for (i, rt) in t.subnet_route_table.iter().enumerate() {
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
                t.subnet_acls[s.index()].push(id);
                t.subnet_acl[s.index()].get_or_insert(id);
            }
        }
        for (id, inst) in ids(&m.instances) {
            t.instances_by_subnet[inst.subnet.node.index()].push(id);
            for sg in inst.security_groups.ids() {
                t.sg_users[sg.index()].push(SgUser::Instance(id));
            }
        }
        for (id, nat) in ids(&m.nat_gateways) {
            t.nats_by_subnet[nat.subnet.node.index()].push(id);
            if let Some(e) = nat.eip {
                t.eip_nats[e.node.index()].push(id);
            }
        }
        for (id, eip) in ids(&m.eips) {
            if let Some(i) = eip.instance {
                t.instance_eip[i.node.index()].get_or_insert(id);
            }
        }
        for (id, sg) in ids(&m.security_groups) {
            for r in sg.ingress.iter().chain(&sg.egress) {
                if let Peer::Group(g) = r.peer.node
                    && g != id
                    && !t.sg_referenced_by[g.index()].contains(&id)
                {
                    t.sg_referenced_by[g.index()].push(id);
                }
            }
        }
        for (id, lb) in ids(&m.load_balancers) {
            for s in lb.subnets.ids() {
                t.lbs_by_subnet[s.index()].push(id);
            }
            for sg in lb.security_groups.ids() {
                t.sg_users[sg.index()].push(SgUser::LoadBalancer(id));
            }
            for (i, l) in lb.listeners.iter().enumerate() {
                if let ListenerAction::Forward(tg) = &l.action {
                    t.tg_listeners[tg.node.index()].push(ListenerRef {
                        lb: id,
                        listener: i,
                    });
                }
            }
        }
        for (id, lt) in ids(&m.launch_templates) {
            for sg in lt.security_groups.ids() {
                t.sg_users[sg.index()].push(SgUser::LaunchTemplate(id));
            }
        }
        for (id, asg) in ids(&m.auto_scaling_groups) {
            t.lt_asgs[asg.launch_template.node.index()].push(id);
            for s in asg.subnets.ids() {
                t.asgs_by_subnet[s.index()].push(id);
            }
            for tg in asg.target_groups.ids() {
                t.tg_asgs[tg.index()].push(id);
            }
        }
        for (id, tg) in ids(&m.target_groups) {
            for i in tg.targets.ids() {
                t.instance_tgs[i.index()].push(id);
            }
        }
        for (id, v) in ids(&m.volumes) {
            for a in &v.attachments {
                let list = &mut t.instance_volumes[a.instance.node.index()];
                if !list.contains(&id) {
                    list.push(id);
                }
            }
        }
        t
    }

    /// A subnet is public when its route table sends `0.0.0.0/0` to an
    /// internet gateway.
    pub fn is_public(&self, subnet: SubnetId) -> bool {
        matches!(
            self.subnet_default_route[subnet.index()],
            Some(RouteTarget::Igw(_))
        )
    }

    /// Whether an instance is addressable from the internet: a public IP
    /// (own setting or the subnet's) or an EIP.
    pub fn instance_has_public_address(&self, m: &Model, id: InstanceId) -> bool {
        m.instance_public_ip(id) || self.instance_eip[id.index()].is_some()
    }
}
