//! The network diagram: VPC ⊃ zone ⊃ subnet (public and private told
//! apart by their routes, dual-stack ones marked), internet, egress-only
//! and NAT gateways with the routes to them (CIDRs and prefix lists),
//! VPC endpoints (gateway endpoints on the routes of the subnets their
//! tables serve, interface endpoints in their subnets) and the AWS
//! services they lead to, load balancers → listener rules → target groups
//! → instances and Auto Scaling groups, bastions, EFS file systems with
//! their mount targets and the hosts that mount them; security groups and
//! their rules on request. One function per kind of node.

use super::{Cluster, ClusterKind, Edge, EdgeKind, Graph, Ids, Node, NodeKind};
use crate::model::topology::{FsClient, Topology};
use crate::model::{
    AwsList, EndpointType, FsId, LbType, ListenerAction, Model, Peer, RouteTableId, RouteTarget,
    Scheme, SgRule, Subnet, SubnetId, VpcEndpoint, VpcId, ids,
};
use std::collections::BTreeMap;

/// What to draw besides the network itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Security groups: who carries each, and what their rules admit.
    pub security_groups: bool,
}

/// Where a node goes: the top level, a VPC (outside its zones) or a
/// subnet.
#[derive(Clone, Copy)]
enum Home {
    Root,
    Vpc(VpcId),
    Subnet(SubnetId),
}

/// Every (prefix, name) an id is made of, for the ids to be given in
/// sorted order.
fn all_names(m: &Model) -> Vec<(&'static str, String)> {
    fn names<'a, T: 'a>(
        prefix: &'static str,
        items: &'a [T],
        decl: impl Fn(&'a T) -> &'a crate::model::Decl + 'a,
    ) -> impl Iterator<Item = (&'static str, String)> + 'a {
        items.iter().map(move |x| (prefix, decl(x).name.clone()))
    }
    let mut all: Vec<(&'static str, String)> = names("vpc", &m.vpcs, |x| &x.decl)
        .chain(names("subnet", &m.subnets, |x| &x.decl))
        .chain(names("igw", &m.internet_gateways, |x| &x.decl))
        .chain(names("eigw", &m.egress_only_internet_gateways, |x| &x.decl))
        .chain(names("nat", &m.nat_gateways, |x| &x.decl))
        .chain(names("pcx", &m.vpc_peerings, |x| &x.decl))
        .chain(names("tgw", &m.transit_gateways, |x| &x.decl))
        .chain(names("fs", &m.file_systems, |x| &x.decl))
        .chain(names("lb", &m.load_balancers, |x| &x.decl))
        .chain(names("tg", &m.target_groups, |x| &x.decl))
        .chain(names("i", &m.instances, |x| &x.decl))
        .chain(names("sg", &m.security_groups, |x| &x.decl))
        .collect();
    for a in &m.auto_scaling_groups {
        for s in a.subnets.ids() {
            all.push(("asg", asg_in(m, &a.decl.name, s)));
        }
    }
    for e in &m.vpc_endpoints {
        all.push(("svc", e.service_key().to_string()));
        match e.endpoint_type() {
            EndpointType::Gateway => all.push(("vpce", e.decl.name.clone())),
            EndpointType::Interface => {
                for s in e.subnets.ids() {
                    all.push(("vpce", in_subnet(m, &e.decl.name, s)));
                }
            }
        }
    }
    for f in &m.file_systems {
        for s in f.mount_targets.ids() {
            all.push(("mt", in_subnet(m, &f.decl.name, s)));
        }
    }
    all.sort();
    all
}

/// The name of an Auto Scaling group's node in one of its subnets.
fn asg_in(m: &Model, asg: &str, subnet: SubnetId) -> String {
    in_subnet(m, asg, subnet)
}

/// The name of the node a resource drawn in each of its subnets has in
/// one of them (Auto Scaling groups, interface endpoints, mount targets).
fn in_subnet(m: &Model, name: &str, subnet: SubnetId) -> String {
    format!("{name}-{}", m[subnet].decl.name)
}

/// The diagram of a model.
pub fn network(m: &Model, t: &Topology, opts: Options) -> Graph {
    let mut ids = Ids::default();
    // Every id given once, in sorted order, so ids do not depend on the
    // order of declarations.
    for (prefix, name) in all_names(m) {
        ids.id(prefix, &name);
    }
    let mut b = Builder {
        m,
        t,
        ids,
        nodes: Vec::new(),
        edges: Vec::new(),
        internet: false,
        cidrs: BTreeMap::new(),
        services: BTreeMap::new(),
    };
    b.gateways_and_routes();
    b.interconnects();
    b.endpoints();
    b.instances();
    b.load_balancers();
    b.file_systems();
    if opts.security_groups {
        b.security_groups();
    }
    b.finish()
}

struct Builder<'m> {
    m: &'m Model,
    t: &'m Topology,
    ids: Ids,
    nodes: Vec<(Home, Node)>,
    edges: Vec<Edge>,
    /// Whether something points at the internet.
    internet: bool,
    /// Outside CIDRs named by security-group rules: text → id.
    cidrs: BTreeMap<String, String>,
    /// AWS services reached through endpoints: short name → id.
    services: BTreeMap<String, String>,
}

const INTERNET: &str = "internet";

impl Builder<'_> {
    fn id(&mut self, prefix: &'static str, name: &str) -> String {
        self.ids.id(prefix, name)
    }

    fn node(&mut self, home: Home, id: String, kind: NodeKind, label: Vec<String>) {
        self.nodes.push((home, Node { id, kind, label }));
    }

    fn edge(&mut self, from: String, to: String, kind: EdgeKind, label: String) {
        self.edges.push(Edge {
            from,
            to,
            kind,
            label,
        });
    }

    /// Peerings and transit gateways, outside every VPC, with an edge to
    /// each VPC they join (routes to them are drawn with the others).
    fn interconnects(&mut self) {
        let m = self.m;
        for p in &m.vpc_peerings {
            let id = self.id("pcx", &p.decl.name);
            let mut label = vec![p.decl.name.clone(), "VPC peering".into()];
            if p.peer_vpc().is_none() {
                let blocks: Vec<String> = p.peer_blocks(m).iter().map(|b| b.to_string()).collect();
                label.push(format!("peer {}", blocks.join(", ")));
            }
            self.node(Home::Root, id.clone(), NodeKind::Interconnect, label);
            for v in std::iter::once(p.vpc.node).chain(p.peer_vpc()) {
                let to = self.id("vpc", &m[v].decl.name);
                self.edge(id.clone(), to, EdgeKind::Joins, String::new());
            }
        }
        for t in &m.transit_gateways {
            let id = self.id("tgw", &t.decl.name);
            let nets: Vec<String> = t.networks.ids().map(|n| n.to_string()).collect();
            let label = vec![
                t.decl.name.clone(),
                "transit gateway".into(),
                nets.join(", "),
            ];
            self.node(Home::Root, id.clone(), NodeKind::Interconnect, label);
            for a in &t.attachments {
                let to = self.id("vpc", &m[a.vpc.node].decl.name);
                self.edge(id.clone(), to, EdgeKind::Joins, "attachment".into());
            }
        }
    }

    /// Internet gateways in their VPC, NAT gateways in their subnet, and
    /// each subnet's routes to them (one edge per gateway, its
    /// destinations as the label).
    fn gateways_and_routes(&mut self) {
        let m = self.m;
        let igws = m
            .internet_gateways
            .iter()
            .map(|g| ("igw", &g.decl, g.vpc.node, "internet gateway"));
        let eigws = m
            .egress_only_internet_gateways
            .iter()
            .map(|g| ("eigw", &g.decl, g.vpc.node, "egress-only internet gateway"));
        for (prefix, decl, vpc, what) in igws.chain(eigws) {
            let id = self.id(prefix, &decl.name);
            let label = vec![decl.name.clone(), what.into()];
            self.node(Home::Vpc(vpc), id.clone(), NodeKind::InternetGateway, label);
            self.edge(id, INTERNET.into(), EdgeKind::Internet, String::new());
            self.internet = true;
        }
        for n in &m.nat_gateways {
            let id = self.id("nat", &n.decl.name);
            let mut label = vec![n.decl.name.clone(), "NAT gateway".into()];
            if n.connectivity() == crate::model::Connectivity::Private {
                label.push("private".into());
            }
            self.node(Home::Subnet(n.subnet.node), id, NodeKind::NatGateway, label);
        }
        for (sid, s) in ids(&m.subnets) {
            let Some(rt) = self.t.subnet_route_table[sid] else {
                continue;
            };
            let mut by_target: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for r in &m[rt].routes {
                let to = self.route_target(r.target.node);
                by_target
                    .entry(to)
                    .or_default()
                    .push(r.destination.node.to_string());
            }
            // `route office -> nat-a`: the edge labelled with the list.
            for r in &m[rt].prefix_list_routes {
                let to = self.route_target(r.target.node);
                let list = match r.list.node {
                    crate::model::PrefixListRef::Declared(p) => {
                        format!("prefix list {}", m[p].decl.name)
                    }
                    other => other.text(m),
                };
                by_target.entry(to).or_default().push(list);
            }
            // The route AWS adds for each gateway endpoint on the table.
            for e in m.vpc_endpoints.iter().filter(|e| serves(e, rt)) {
                let to = self.id("vpce", &e.decl.name);
                by_target.entry(to).or_default().push(service_list(e));
            }
            let from = self.id("subnet", &s.decl.name);
            for (to, dests) in by_target {
                self.edge(from.clone(), to, EdgeKind::Route, dests.join(", "));
            }
        }
    }

    /// The node a route leads to.
    fn route_target(&mut self, target: RouteTarget) -> String {
        let m = self.m;
        match target {
            RouteTarget::Igw(g) => self.id("igw", &m[g].decl.name),
            RouteTarget::Nat(n) => self.id("nat", &m[n].decl.name),
            RouteTarget::Eigw(g) => self.id("eigw", &m[g].decl.name),
            RouteTarget::Peering(p) => self.id("pcx", &m[p].decl.name),
            RouteTarget::Tgw(t) => self.id("tgw", &m[t].decl.name),
        }
    }

    /// VPC endpoints: a gateway endpoint in its VPC (the subnets whose
    /// tables it is on route to it, see `gateways_and_routes`), an
    /// interface endpoint in each of its subnets; each leads to its AWS
    /// service, drawn once outside the VPCs.
    fn endpoints(&mut self) {
        let m = self.m;
        for e in &m.vpc_endpoints {
            let service = self.service_node(e);
            match e.endpoint_type() {
                EndpointType::Gateway => {
                    let id = self.id("vpce", &e.decl.name);
                    let label = endpoint_label(e, "gateway endpoint");
                    self.node(
                        Home::Vpc(e.vpc.node),
                        id.clone(),
                        NodeKind::GatewayEndpoint,
                        label,
                    );
                    self.edge(id, service, EdgeKind::Service, String::new());
                }
                EndpointType::Interface => {
                    let mut label = endpoint_label(e, "interface endpoint");
                    if e.private_dns() {
                        label.push("private DNS".into());
                    }
                    for s in e.subnets.ids() {
                        let id = self.id("vpce", &in_subnet(m, &e.decl.name, s));
                        self.node(
                            Home::Subnet(s),
                            id.clone(),
                            NodeKind::InterfaceEndpoint,
                            label.clone(),
                        );
                        self.edge(id, service.clone(), EdgeKind::Service, String::new());
                    }
                }
            }
        }
    }

    /// The node of an endpoint's AWS service (one per service).
    fn service_node(&mut self, e: &VpcEndpoint) -> String {
        let key = e.service_key().to_string();
        if let Some(id) = self.services.get(&key) {
            return id.clone();
        }
        let id = self.id("svc", &key);
        self.services.insert(key, id.clone());
        id
    }

    /// Instances in their subnet (bastions styled apart).
    fn instances(&mut self) {
        let m = self.m;
        for (iid, x) in ids(&m.instances) {
            let id = self.id("i", &x.decl.name);
            let mut label = vec![x.decl.name.clone(), x.instance_type.node.clone()];
            if self.t.instance_has_public_address(m, iid) {
                label.push("public address".into());
            }
            let kind = if x.is_bastion() {
                label.push("bastion".into());
                NodeKind::Bastion
            } else {
                NodeKind::Instance
            };
            self.node(Home::Subnet(x.subnet.node), id, kind, label);
        }
    }

    /// Load balancers (in their subnet, or in the VPC naming their subnets
    /// when they span several), target groups (in their VPC) and Auto
    /// Scaling groups (in each of their subnets).
    fn load_balancers(&mut self) {
        let m = self.m;
        for lb in &m.load_balancers {
            let id = self.id("lb", &lb.decl.name);
            let subnets: Vec<SubnetId> = lb.subnets.ids().collect();
            let mut label = vec![
                lb.decl.name.clone(),
                match lb.lb_type.node {
                    LbType::Application => "application load balancer".into(),
                    LbType::Network => "network load balancer".into(),
                },
                match lb.scheme() {
                    Scheme::InternetFacing => "internet-facing".into(),
                    Scheme::Internal => "internal".into(),
                },
            ];
            for l in &lb.listeners {
                if let ListenerAction::Redirect { protocol, port } = &l.action {
                    label.push(format!(
                        "{} {} → {} {}",
                        l.protocol.node, l.port.node, protocol.node, port.node
                    ));
                }
            }
            let home = self.home_of(&subnets, &mut label);
            self.node(home, id.clone(), NodeKind::LoadBalancer, label);
            if lb.scheme() == Scheme::InternetFacing {
                self.edge(
                    INTERNET.into(),
                    id.clone(),
                    EdgeKind::Ingress,
                    String::new(),
                );
                self.internet = true;
            }
            let mut by_tg: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for l in &lb.listeners {
                if let ListenerAction::Forward(tg) = &l.action {
                    let to = self.id("tg", &m[tg.node].decl.name);
                    by_tg
                        .entry(to)
                        .or_default()
                        .push(format!("{} {}", l.protocol.node, l.port.node));
                }
            }
            // A listener rule on the edge to its group: `https 443 path
            // /api/* or /v2/* (priority 10)`.
            for r in &lb.rules {
                let to = self.id("tg", &m[r.target.node].decl.name);
                by_tg.entry(to).or_default().push(listener_rule_text(lb, r));
            }
            for (to, listeners) in by_tg {
                self.edge(id.clone(), to, EdgeKind::Listener, listeners.join(", "));
            }
        }
        for tg in &m.target_groups {
            let id = self.id("tg", &tg.decl.name);
            let label = vec![
                tg.decl.name.clone(),
                format!("target group {} {}", tg.protocol.node, tg.port.node),
            ];
            self.node(
                Home::Vpc(tg.vpc.node),
                id.clone(),
                NodeKind::TargetGroup,
                label,
            );
            for i in tg.targets.ids() {
                let to = self.id("i", &m[i].decl.name);
                self.edge(id.clone(), to, EdgeKind::Target, String::new());
            }
        }
        for asg in &m.auto_scaling_groups {
            let lt = &m[asg.launch_template.node];
            let mut label = vec![
                asg.decl.name.clone(),
                format!("Auto Scaling group {}–{}", asg.min.node, asg.max.node),
                lt.instance_type.node.clone(),
            ];
            let kind = if lt.is_bastion() {
                label.push("bastion".into());
                NodeKind::Bastion
            } else {
                NodeKind::AutoScalingGroup
            };
            let tgs: Vec<String> = asg
                .target_groups
                .ids()
                .map(|tg| self.id("tg", &m[tg].decl.name))
                .collect();
            // Drawn in each of its subnets, where its instances run.
            for s in asg.subnets.ids() {
                let id = self.id("asg", &asg_in(m, &asg.decl.name, s));
                self.node(Home::Subnet(s), id.clone(), kind, label.clone());
                for tg in &tgs {
                    self.edge(tg.clone(), id.clone(), EdgeKind::Target, String::new());
                }
            }
        }
    }

    /// The one subnet of a resource, or its VPC (its subnets named on the
    /// label) when it has several.
    fn home_of(&self, subnets: &[SubnetId], label: &mut Vec<String>) -> Home {
        let m = self.m;
        match subnets {
            [] => Home::Root,
            [one] => Home::Subnet(*one),
            [first, ..] => {
                let mut names: Vec<&str> =
                    subnets.iter().map(|s| m[*s].decl.name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                label.push(format!("in {}", names.join(", ")));
                Home::Vpc(m[*first].vpc.node)
            }
        }
    }

    /// EFS file systems in their VPC, a mount target in each of their
    /// subnets, and an edge from every host that mounts one (an instance,
    /// an Auto Scaling group in each of its subnets, for a launch
    /// template that `mounts` it) to the mount target of its zone, or to
    /// the file system, across zones, when its zone has none.
    fn file_systems(&mut self) {
        let m = self.m;
        for (fid, f) in ids(&m.file_systems) {
            let id = self.id("fs", &f.decl.name);
            let mut label = vec![f.decl.name.clone(), "EFS file system".into()];
            if !f.encrypted() {
                label.push("not encrypted".into());
            }
            self.node(
                Home::Vpc(f.vpc.node),
                id.clone(),
                NodeKind::FileSystem,
                label,
            );
            for s in f.mount_targets.ids() {
                let mt = self.id("mt", &in_subnet(m, &f.decl.name, s));
                let label = vec![f.decl.name.clone(), "mount target".into()];
                self.node(Home::Subnet(s), mt.clone(), NodeKind::MountTarget, label);
                self.edge(id.clone(), mt, EdgeKind::MountTarget, String::new());
            }
            let t = self.t;
            for client in &t.fs_clients[fid] {
                let hosts: Vec<(String, SubnetId)> = match *client {
                    FsClient::Instance(i) => {
                        vec![(self.id("i", &m[i].decl.name), m[i].subnet.node)]
                    }
                    FsClient::LaunchTemplate(lt) => t.lt_asgs[lt]
                        .iter()
                        .flat_map(|&a| m[a].subnets.ids().map(move |s| (a, s)))
                        .map(|(a, s)| (self.id("asg", &asg_in(m, &m[a].decl.name, s)), s))
                        .collect(),
                };
                for (host, subnet) in hosts {
                    let (to, label) = match self.mount_target_for(fid, subnet) {
                        Some(mt) => (mt, "NFS"),
                        None => (id.clone(), "NFS across zones"),
                    };
                    self.edge(host, to, EdgeKind::Mount, label.into());
                }
            }
        }
    }

    /// The mount target a host in `subnet` mounts a file system through:
    /// the one of its zone (`None`: its zone has none).
    fn mount_target_for(&mut self, fs: FsId, subnet: SubnetId) -> Option<String> {
        let m = self.m;
        let f = &m[fs];
        let host = &m[subnet];
        let same_zone = f
            .mount_targets
            .ids()
            .find(|&s| m[s].vpc.node == host.vpc.node && m[s].zone.node.same_as(&host.zone.node));
        same_zone.map(|s| self.id("mt", &in_subnet(m, &f.decl.name, s)))
    }

    /// Security groups in their VPC, an edge from each resource that
    /// carries one, and one edge per peer its rules name (ingress: peer →
    /// group; egress: group → peer), labelled with the rules.
    fn security_groups(&mut self) {
        let m = self.m;
        for (gid, g) in ids(&m.security_groups) {
            let id = self.id("sg", &g.decl.name);
            let label = vec![g.decl.name.clone(), "security group".into()];
            self.node(
                Home::Vpc(g.vpc.node),
                id.clone(),
                NodeKind::SecurityGroup,
                label,
            );
            let mut rules: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
            for (r, inbound) in g
                .ingress
                .iter()
                .map(|r| (r, true))
                .chain(g.egress.iter().map(|r| (r, false)))
            {
                let peer = match r.peer.node {
                    Peer::Group(p) => self.id("sg", &m[p].decl.name),
                    Peer::SelfGroup => id.clone(),
                    Peer::Cidr(net) => self.cidr_node(net),
                    Peer::PrefixList(p) => {
                        let text = p.text(m);
                        match self.cidrs.get(&text) {
                            Some(id) => id.clone(),
                            None => {
                                let id = self.id("pl", &text);
                                self.cidrs.insert(text, id.clone());
                                id
                            }
                        }
                    }
                };
                let key = if inbound {
                    (peer, id.clone())
                } else {
                    (id.clone(), peer)
                };
                rules.entry(key).or_default().push(rule_text(r));
            }
            for ((from, to), texts) in rules {
                self.edge(from, to, EdgeKind::SgRule, texts.join(", "));
            }
            for user in &self.t.sg_users[gid] {
                for from in self.user_nodes(*user) {
                    self.edge(from, id.clone(), EdgeKind::Member, String::new());
                }
            }
        }
    }

    /// The nodes of what carries a security group: an instance, a load
    /// balancer, an endpoint's interface or a file system's mount target
    /// in each subnet, a launch template's Auto Scaling groups in each of
    /// theirs.
    fn user_nodes(&mut self, user: crate::model::topology::SgUser) -> Vec<String> {
        use crate::model::topology::SgUser;
        let m = self.m;
        let (prefix, per_subnet): (&'static str, Vec<(&str, SubnetId)>) = match user {
            SgUser::Instance(i) => return vec![self.id("i", &m[i].decl.name)],
            SgUser::LoadBalancer(l) => return vec![self.id("lb", &m[l].decl.name)],
            SgUser::Endpoint(e) => {
                let e = &m[e];
                let name = e.decl.name.as_str();
                ("vpce", e.subnets.ids().map(|s| (name, s)).collect())
            }
            SgUser::FileSystem(f) => {
                let f = &m[f];
                let name = f.decl.name.as_str();
                ("mt", f.mount_targets.ids().map(|s| (name, s)).collect())
            }
            SgUser::LaunchTemplate(lt) => (
                "asg",
                self.t.lt_asgs[lt]
                    .iter()
                    .flat_map(|&a| {
                        m[a].subnets
                            .ids()
                            .map(move |s| (m[a].decl.name.as_str(), s))
                    })
                    .collect(),
            ),
        };
        per_subnet
            .into_iter()
            .map(|(name, s)| self.id(prefix, &in_subnet(m, name, s)))
            .collect()
    }

    /// The node for a CIDR a rule names: the internet for 0.0.0.0/0 and
    /// ::/0, else a node of its own.
    fn cidr_node(&mut self, net: ipnet::IpNet) -> String {
        if net.prefix_len() == 0 {
            self.internet = true;
            return INTERNET.into();
        }
        let text = net.to_string();
        if let Some(id) = self.cidrs.get(&text) {
            return id.clone();
        }
        let id = self.id("cidr", &text);
        self.cidrs.insert(text, id.clone());
        id
    }

    /// Nest the nodes: VPC ⊃ zone ⊃ subnet, all sorted.
    fn finish(mut self) -> Graph {
        let m = self.m;
        let mut root = Cluster::new(String::new(), ClusterKind::Root, Vec::new());
        if self.internet {
            root.nodes.push(Node {
                id: INTERNET.into(),
                kind: NodeKind::Internet,
                label: vec!["internet".into()],
            });
        }
        for (text, id) in std::mem::take(&mut self.cidrs) {
            root.nodes.push(Node {
                id,
                kind: NodeKind::Cidr,
                label: vec![text],
            });
        }
        for (key, id) in std::mem::take(&mut self.services) {
            root.nodes.push(Node {
                id,
                kind: NodeKind::Service,
                label: vec![key, "AWS service".into()],
            });
        }
        let mut vpcs: Vec<Cluster> = m
            .vpcs
            .iter()
            .map(|v| Cluster::new(self.id("vpc", &v.decl.name), ClusterKind::Vpc, vpc_label(v)))
            .collect();
        let mut subnets: Vec<Cluster> = ids(&m.subnets)
            .map(|(sid, s)| {
                let public = self.t.is_public(sid);
                let (kind, word) = if public {
                    (ClusterKind::PublicSubnet, "public")
                } else {
                    (ClusterKind::PrivateSubnet, "private")
                };
                let mut label = vec![s.decl.name.clone(), format!("{} {word}", s.cidr.node)];
                if let Some(v6) = self.subnet_ipv6(sid) {
                    label.push(v6);
                }
                Cluster::new(self.id("subnet", &s.decl.name), kind, label)
            })
            .collect();
        for (home, node) in std::mem::take(&mut self.nodes) {
            match home {
                Home::Root => root.nodes.push(node),
                Home::Vpc(v) => vpcs[v.index()].nodes.push(node),
                Home::Subnet(s) => subnets[s.index()].nodes.push(node),
            }
        }
        // Zones per VPC, by the zone's name.
        let mut zones: BTreeMap<(usize, String), Vec<Cluster>> = BTreeMap::new();
        for (s, cluster) in m.subnets.iter().zip(subnets) {
            zones
                .entry((s.vpc.node.index(), self.zone_name(s)))
                .or_default()
                .push(cluster);
        }
        for ((v, zone), clusters) in zones {
            let id = self.id("zone", &format!("{}-{zone}", m.vpcs[v].decl.name));
            let mut z = Cluster::new(id, ClusterKind::Zone, vec![format!("zone {zone}")]);
            z.clusters = clusters;
            vpcs[v].clusters.push(z);
        }
        root.clusters = vpcs;
        root.sort();
        let mut edges = self.edges;
        edges.sort();
        edges.dedup();
        let mut title = Vec::new();
        if let Some(d) = &m.description {
            title.push(d.node.clone());
        }
        if let Some(r) = &m.region {
            title.push(format!("region {}", r.node));
        }
        Graph { title, root, edges }
    }

    /// A dual-stack subnet's IPv6 line: its /64 when the file writes it
    /// (or its `ipv6-index` in a /56 written out), else the index it
    /// writes. An index the file leaves to netlint is not shown: it
    /// follows the order of declarations, and the diagram does not.
    fn subnet_ipv6(&self, sid: SubnetId) -> Option<String> {
        let m = self.m;
        if !m.subnet_dual_stack(sid) {
            return None;
        }
        let s = &m[sid];
        let index = s.ipv6_index.map(|i| u32::from(i.node));
        let block = match (s.ipv6_cidr, m[s.vpc.node].ipv6_cidr, index) {
            (Some(c), _, _) => format!(" {}", c.node),
            (None, Some(v), Some(k)) => match ipv6_64(v.node, k) {
                Some(net) => format!(" {net}"),
                None => format!(", ipv6-index {k}"),
            },
            (None, _, Some(k)) => format!(", ipv6-index {k}"),
            (None, _, None) => String::new(),
        };
        Some(format!("dual-stack{block}"))
    }

    /// A zone as deployed: the region's name with its letter when the file
    /// names a region.
    fn zone_name(&self, s: &Subnet) -> String {
        match (&s.zone.node, &self.m.region) {
            (crate::model::Zone::Letter(c), Some(r)) => format!("{}{c}", r.node),
            (z, _) => z.to_string(),
        }
    }
}

/// A VPC's label: its name, its IPv4 blocks (the secondary ones marked
/// `+`), and its IPv6 block.
fn vpc_label(v: &crate::model::Vpc) -> Vec<String> {
    let mut label = vec![format!("vpc {}", v.decl.name), v.cidr.node.to_string()];
    for c in v.secondary_cidrs.ids() {
        label.push(format!("+ {c}"));
    }
    match v.ipv6_cidr {
        Some(c) => label.push(format!("IPv6 {}", c.node)),
        None if v.ipv6() => label.push("IPv6 /56 from Amazon".into()),
        None => {}
    }
    label
}

/// The `k`th /64 of a /56 (`None` past its end).
fn ipv6_64(block: ipnet::IpNet, k: u32) -> Option<ipnet::IpNet> {
    let ipnet::IpNet::V6(b) = block else {
        return None;
    };
    if k >= 256 || b.prefix_len() > 56 {
        return None;
    }
    let base = u128::from(b.network()) + (u128::from(k) << 64);
    ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(base), 64)
        .ok()
        .map(ipnet::IpNet::V6)
}

/// An endpoint's name, what it is, and its service unless the name
/// says it.
fn endpoint_label(e: &VpcEndpoint, what: &str) -> Vec<String> {
    let mut label = vec![e.decl.name.clone(), what.to_string()];
    if e.decl.name != e.service_key() {
        label.push(format!("service {}", e.service_key()));
    }
    label
}

/// Whether a gateway endpoint puts its route on a table.
fn serves(e: &VpcEndpoint, rt: RouteTableId) -> bool {
    e.endpoint_type() == EndpointType::Gateway && e.route_tables.ids().any(|t| t == rt)
}

/// The destination of the route AWS adds for a gateway endpoint: the
/// service's prefix list (`aws:s3`), else the service.
fn service_list(e: &VpcEndpoint) -> String {
    let key = e.service_key();
    match AwsList::ALL.iter().find(|l| l.service() == Some(key)) {
        Some(l) => l.word().to_string(),
        None => format!("service {key}"),
    }
}

/// A listener rule as an edge label: `https 443 path /api/* or /v2/*
/// (priority 10)`.
fn listener_rule_text(lb: &crate::model::LoadBalancer, r: &crate::model::ListenerRule) -> String {
    let listener = match lb.listener_on(r.port.node) {
        Some(i) => format!("{} {}", lb.listeners[i].protocol.node, r.port.node),
        None => r.port.node.to_string(),
    };
    let patterns: Vec<&str> = r.patterns.iter().map(|p| p.node.as_str()).collect();
    format!(
        "{listener} {} {} (priority {})",
        r.field.node.as_str(),
        patterns.join(" or "),
        r.priority.node
    )
}

/// A security-group rule without its peer: `tcp 22`, `deny udp 53`.
fn rule_text(r: &SgRule) -> String {
    let mut s = String::new();
    if r.action.node == crate::model::Action::Deny {
        s.push_str("deny ");
    }
    s.push_str(&r.protocol.node.to_string());
    if let Some(p) = r.ports {
        s.push(' ');
        s.push_str(&p.node.to_string());
    }
    s
}
