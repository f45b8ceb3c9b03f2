//! The network diagram: VPC ⊃ zone ⊃ subnet (public and private told
//! apart by their routes), internet and NAT gateways with the routes to
//! them, load balancers → target groups → instances and Auto Scaling
//! groups, bastions; security groups and their rules on request.

use super::{Cluster, ClusterKind, Edge, EdgeKind, Graph, Ids, Node, NodeKind};
use crate::model::topology::Topology;
use crate::model::{
    LbType, ListenerAction, Model, Peer, RouteTarget, Scheme, SgRule, Subnet, SubnetId, VpcId, ids,
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
        .chain(names("nat", &m.nat_gateways, |x| &x.decl))
        .chain(names("pcx", &m.vpc_peerings, |x| &x.decl))
        .chain(names("tgw", &m.transit_gateways, |x| &x.decl))
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
    all.sort();
    all
}

/// The name of an Auto Scaling group's node in one of its subnets.
fn asg_in(m: &Model, asg: &str, subnet: SubnetId) -> String {
    format!("{asg}-{}", m[subnet].decl.name)
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
    };
    b.gateways_and_routes();
    b.interconnects();
    b.instances();
    b.load_balancers();
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
        for g in &m.internet_gateways {
            let id = self.id("igw", &g.decl.name);
            let label = vec![g.decl.name.clone(), "internet gateway".into()];
            self.node(
                Home::Vpc(g.vpc.node),
                id.clone(),
                NodeKind::InternetGateway,
                label,
            );
            self.edge(id, INTERNET.into(), EdgeKind::Internet, String::new());
            self.internet = true;
        }
        for g in &m.egress_only_internet_gateways {
            let id = self.id("eigw", &g.decl.name);
            let label = vec![g.decl.name.clone(), "egress-only internet gateway".into()];
            self.node(
                Home::Vpc(g.vpc.node),
                id.clone(),
                NodeKind::InternetGateway,
                label,
            );
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
                let to = match r.target.node {
                    RouteTarget::Igw(g) => self.id("igw", &m[g].decl.name),
                    RouteTarget::Nat(n) => self.id("nat", &m[n].decl.name),
                    RouteTarget::Eigw(g) => self.id("eigw", &m[g].decl.name),
                    RouteTarget::Peering(p) => self.id("pcx", &m[p].decl.name),
                    RouteTarget::Tgw(t) => self.id("tgw", &m[t].decl.name),
                };
                by_target
                    .entry(to)
                    .or_default()
                    .push(r.destination.node.to_string());
            }
            let from = self.id("subnet", &s.decl.name);
            for (to, dests) in by_target {
                self.edge(from.clone(), to, EdgeKind::Route, dests.join(", "));
            }
        }
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
            // A listener rule: `80 path /api/*` on the edge to its group.
            for r in &lb.rules {
                let to = self.id("tg", &m[r.target.node].decl.name);
                let patterns: Vec<&str> = r.patterns.iter().map(|p| p.node.as_str()).collect();
                by_tg.entry(to).or_default().push(format!(
                    "{} {} {}",
                    r.port.node,
                    r.field.node.as_str(),
                    patterns.join(" ")
                ));
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
                use crate::model::topology::SgUser;
                let from = match *user {
                    SgUser::Instance(i) => self.id("i", &m[i].decl.name),
                    SgUser::LoadBalancer(l) => self.id("lb", &m[l].decl.name),
                    // Endpoints are not drawn.
                    SgUser::Endpoint(_) => continue,
                    // The diagram draws no file systems.
                    SgUser::FileSystem(_) => continue,
                    SgUser::LaunchTemplate(lt) => {
                        let t = self.t;
                        for &a in &t.lt_asgs[lt] {
                            for s in m[a].subnets.ids() {
                                let from = self.id("asg", &asg_in(m, &m[a].decl.name, s));
                                self.edge(from, id.clone(), EdgeKind::Member, String::new());
                            }
                        }
                        continue;
                    }
                };
                self.edge(from, id.clone(), EdgeKind::Member, String::new());
            }
        }
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
        let mut vpcs: Vec<Cluster> = m
            .vpcs
            .iter()
            .map(|v| {
                let mut label = vec![format!("vpc {}", v.decl.name), v.cidr.node.to_string()];
                if v.ipv6() {
                    label.push("IPv6".into());
                }
                Cluster::new(self.id("vpc", &v.decl.name), ClusterKind::Vpc, label)
            })
            .collect();
        let mut subnets: Vec<Cluster> = ids(&m.subnets)
            .map(|(sid, s)| {
                let public = self.t.is_public(sid);
                let (kind, word) = if public {
                    (ClusterKind::PublicSubnet, "public")
                } else {
                    (ClusterKind::PrivateSubnet, "private")
                };
                let label = vec![s.decl.name.clone(), format!("{} {word}", s.cidr.node)];
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

    /// A zone as deployed: the region's name with its letter when the file
    /// names a region.
    fn zone_name(&self, s: &Subnet) -> String {
        match (&s.zone.node, &self.m.region) {
            (crate::model::Zone::Letter(c), Some(r)) => format!("{}{c}", r.node),
            (z, _) => z.to_string(),
        }
    }
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
