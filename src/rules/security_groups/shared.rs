//! What areas S and I both need to know about security-group rules and the
//! hosts that wear them: which ports count as admin or data ports, when a
//! rule is open to the whole internet, which hosts are bastions, and how a
//! subnet came to be private.
//!
//! Every helper here is linear in what it is handed (one rule, one group's
//! users, one subnet's route table), so rules can call them per item without
//! becoming quadratic over the file.

use crate::model::topology::{SgUser, Topology};
use crate::model::{
    Action, Decl, Direction, InstanceId, List, LtId, Model, Peer, Protocol, RouteTarget, SgId,
    SgRule, SubnetId, VpcId,
};
use crate::span::{Span, Spanned};
use ipnet::IpNet;

/// What an exposed port is used for; it decides who should be allowed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Remote administration: only admins' networks or a bastion.
    Admin,
    /// A database, cache or search engine: only the application's hosts.
    Data,
}

/// An admin or data service that must not face the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    pub port: u16,
    pub name: &'static str,
    /// Whether the service also listens on UDP (so `udp` rules expose it).
    pub udp: bool,
    pub kind: Use,
}

const fn svc(port: u16, name: &'static str, udp: bool, kind: Use) -> Service {
    Service {
        port,
        name,
        udp,
        kind,
    }
}

/// The S302 list, in catalog order. RDP has a UDP transport (RDP 8+) and
/// Memcached answers on UDP (the reflection-amplification vector); the
/// others are TCP only.
pub const SENSITIVE: &[Service] = &[
    svc(22, "SSH", false, Use::Admin),
    svc(3389, "RDP", true, Use::Admin),
    svc(3306, "MySQL", false, Use::Data),
    svc(5432, "PostgreSQL", false, Use::Data),
    svc(1433, "SQL Server", false, Use::Data),
    svc(1521, "Oracle", false, Use::Data),
    svc(6379, "Redis", false, Use::Data),
    svc(11211, "Memcached", true, Use::Data),
    svc(27017, "MongoDB", false, Use::Data),
    svc(9200, "Elasticsearch", false, Use::Data),
    svc(2375, "Docker API", false, Use::Admin),
    svc(5601, "Kibana", false, Use::Admin),
    svc(23, "Telnet", false, Use::Admin),
    svc(21, "FTP", false, Use::Admin),
];

impl Service {
    /// `SSH (22)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.name, self.port)
    }
}

/// `0.0.0.0/0` or `::/0`: every address of the family.
pub fn is_whole_internet(net: &IpNet) -> bool {
    net.prefix_len() == 0
}

/// The source of an ingress allow rule when it is the whole internet.
pub fn open_source(rule: &SgRule) -> Option<IpNet> {
    if rule.direction != Direction::In || rule.action.node != Action::Allow {
        return None;
    }
    match rule.peer.node {
        Peer::Cidr(c) if is_whole_internet(&c) => Some(c),
        _ => None,
    }
}

/// Whether an allow rule admits `proto` traffic to `port`: same protocol
/// with the port inside the range, or `all`.
pub fn admits(rule: &SgRule, proto: Protocol, port: u16) -> bool {
    if rule.action.node != Action::Allow {
        return false;
    }
    match rule.protocol.node {
        Protocol::All => true,
        p => p == proto && proto.has_ports() && rule.port_range().contains(port),
    }
}

/// The services of [`SENSITIVE`] an allow rule admits, by port number.
pub fn exposed_services(rule: &SgRule) -> Vec<&'static Service> {
    let mut v: Vec<&'static Service> = SENSITIVE
        .iter()
        .filter(|s| {
            admits(rule, Protocol::Tcp, s.port) || (s.udp && admits(rule, Protocol::Udp, s.port))
        })
        .collect();
    v.sort_by_key(|s| s.port);
    v
}

/// An example source range of the same family, for help texts (documentation
/// ranges of RFC 5737 and RFC 3849).
pub fn example_range(like: &IpNet) -> &'static str {
    match like {
        IpNet::V4(_) => "203.0.113.0/24",
        IpNet::V6(_) => "2001:db8:1234::/48",
    }
}

/// Where a rule says what it opens: its ports, else its protocol word.
pub fn opened_span(rule: &SgRule) -> Span {
    rule.ports.map_or(rule.protocol.span, |p| p.span)
}

/// `0.0.0.0/0` → "any IPv4 address"; `::/0` → "any IPv6 address".
pub fn whole_internet_label(net: &IpNet) -> &'static str {
    match net {
        IpNet::V4(_) => "from any IPv4 address",
        IpNet::V6(_) => "from any IPv6 address",
    }
}

/// The peer as written in the file.
pub fn peer_text(m: &Model, peer: Peer) -> String {
    match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::Group(g) => m[g].decl.name.clone(),
        Peer::SelfGroup => "self".to_string(),
    }
}

/// The protocol and ports as a rule would write them: `tcp 22`, `all`.
pub fn traffic_text(rule: &SgRule) -> String {
    match rule.ports {
        Some(p) => format!("{} {}", rule.protocol.node, p.node),
        None => rule.protocol.node.to_string(),
    }
}

/// The same peer, reading `self` as the group itself.
pub fn normalize_peer(owner: SgId, peer: Peer) -> Peer {
    match peer {
        Peer::SelfGroup => Peer::Group(owner),
        p => p,
    }
}

/// Something that launches instances: an instance, or a launch template
/// (whose instances its Auto Scaling groups start).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Host {
    Instance(InstanceId),
    Template(LtId),
}

impl Host {
    /// Every instance, then every launch template, in file order within
    /// each kind.
    pub fn all(m: &Model) -> impl Iterator<Item = Host> + '_ {
        (0..m.instances.len())
            .map(|i| Host::Instance(InstanceId::new(i)))
            .chain((0..m.launch_templates.len()).map(|i| Host::Template(LtId::new(i))))
    }

    pub fn decl(self, m: &Model) -> &Decl {
        match self {
            Host::Instance(i) => &m[i].decl,
            Host::Template(t) => &m[t].decl,
        }
    }

    pub fn name(self, m: &Model) -> &str {
        &self.decl(m).name
    }

    /// "instance" or "launch template", for messages.
    pub fn kind(self) -> &'static str {
        match self {
            Host::Instance(_) => "instance",
            Host::Template(_) => "launch template",
        }
    }

    /// `instance bastion`, `launch template app-lt`.
    pub fn describe(self, m: &Model) -> String {
        format!("{} {}", self.kind(), self.name(m))
    }

    /// The hosts as the subject of a sentence, and the verb's `s`:
    /// ("instance app", "s") or ("instances of launch template app-lt", "").
    pub fn subject(self, m: &Model) -> (String, &'static str) {
        match self {
            Host::Instance(_) => (self.describe(m), "s"),
            Host::Template(_) => (format!("instances of {}", self.describe(m)), ""),
        }
    }

    /// A bastion host as the subject of a sentence, and the verb's `s`:
    /// ("bastion jump", "s") or ("the bastions of launch template jump-lt", "").
    pub fn bastion_subject(self, m: &Model) -> (String, &'static str) {
        match self {
            Host::Instance(_) => (format!("bastion {}", self.name(m)), "s"),
            Host::Template(_) => (format!("the bastions of {}", self.describe(m)), ""),
        }
    }

    /// The `role bastion` attribute, when the host is a bastion.
    pub fn bastion_span(self, m: &Model) -> Option<Span> {
        match self {
            Host::Instance(i) => m[i].bastion,
            Host::Template(t) => m[t].bastion,
        }
    }

    pub fn is_bastion(self, m: &Model) -> bool {
        self.bastion_span(m).is_some()
    }

    pub fn key_pair(self, m: &Model) -> Option<&Spanned<String>> {
        match self {
            Host::Instance(i) => m[i].key_pair.as_ref(),
            Host::Template(t) => m[t].key_pair.as_ref(),
        }
    }

    pub fn security_groups(self, m: &Model) -> &List<SgId> {
        match self {
            Host::Instance(i) => &m[i].security_groups,
            Host::Template(t) => &m[t].security_groups,
        }
    }

    /// The subnets its instances run in: an instance's own subnet, or every
    /// subnet of every Auto Scaling group launching the template, with the
    /// span that places the host there.
    pub fn subnets<'m>(
        self,
        m: &'m Model,
        topo: &'m Topology,
    ) -> Box<dyn Iterator<Item = Spanned<SubnetId>> + 'm> {
        match self {
            Host::Instance(i) => Box::new(std::iter::once(m[i].subnet)),
            Host::Template(t) => Box::new(
                topo.lt_asgs[t]
                    .iter()
                    .flat_map(move |&a| m[a].subnets.items.iter().copied()),
            ),
        }
    }

    /// The first subnet it runs in that is private (no route to an internet
    /// gateway).
    pub fn private_subnet(self, m: &Model, topo: &Topology) -> Option<Spanned<SubnetId>> {
        self.subnets(m, topo).find(|s| !topo.is_public(s.node))
    }

    /// The VPC its instances launch into: its subnet's, or for a template
    /// the VPC of the first subnet of its first Auto Scaling group. `None`
    /// for a template no group launches.
    pub fn vpc(self, m: &Model, topo: &Topology) -> Option<VpcId> {
        self.subnets(m, topo).next().map(|s| m[s.node].vpc.node)
    }
}

/// The host behind a group user, unless it is a load balancer.
pub fn user_host(user: SgUser) -> Option<Host> {
    match user {
        SgUser::Instance(i) => Some(Host::Instance(i)),
        SgUser::LaunchTemplate(t) => Some(Host::Template(t)),
        SgUser::LoadBalancer(_) => None,
    }
}

/// The group list of a user and its kind and name, for labels.
fn user_parts(m: &Model, user: SgUser) -> (&List<SgId>, &'static str, &str) {
    match user {
        SgUser::Instance(i) => (&m[i].security_groups, "instance", &m[i].decl.name),
        SgUser::LaunchTemplate(t) => (&m[t].security_groups, "launch template", &m[t].decl.name),
        SgUser::LoadBalancer(l) => (&m[l].security_groups, "load balancer", &m[l].decl.name),
    }
}

/// A secondary label on the place where the first user of `sg` names it:
/// "instance web-1 uses web-sg". `None` when nothing uses the group.
pub fn first_user_label(m: &Model, topo: &Topology, sg: SgId) -> Option<(Span, String)> {
    let user = *topo.sg_users[sg].first()?;
    let (list, kind, name) = user_parts(m, user);
    let span = list
        .iter()
        .find(|item| item.node == sg)
        .map_or_else(|| list.span.unwrap_or_default(), |item| item.span);
    let more = topo.sg_users[sg].len() - 1;
    let who = if more == 0 {
        format!("{kind} {name} uses {}", m[sg].decl.name)
    } else {
        format!("{kind} {name} (and {more} more) use {}", m[sg].decl.name)
    };
    Some((span, who))
}

/// The first bastion host wearing this group.
pub fn bastion_user(m: &Model, topo: &Topology, sg: SgId) -> Option<Host> {
    topo.sg_users[sg]
        .iter()
        .filter_map(|&u| user_host(u))
        .find(|h| h.is_bastion(m))
}

/// I503's finding: the rule lets the whole internet reach SSH on a bastion
/// that wears the group. S302 leaves such rules to I503, the more specific
/// of the two.
pub fn bastion_ssh_open(m: &Model, topo: &Topology, sg: SgId, rule: &SgRule) -> Option<Host> {
    open_source(rule)?;
    if !admits(rule, Protocol::Tcp, 22) {
        return None;
    }
    bastion_user(m, topo, sg)
}

/// The first bastion host of each VPC (indexed by VPC), computed once per
/// rule run so that per-finding help stays constant time.
pub fn bastions_by_vpc(m: &Model, topo: &Topology) -> Vec<Option<Host>> {
    let mut by_vpc = vec![None; m.vpcs.len()];
    for h in Host::all(m).filter(|h| h.is_bastion(m)) {
        if let Some(v) = h.vpc(m, topo) {
            by_vpc[v.index()].get_or_insert(h);
        }
    }
    by_vpc
}

/// Why a subnet is private, as a secondary label: its route table's
/// `0.0.0.0/0` route (to a NAT gateway: outbound only) or the lack of one.
pub fn why_private(m: &Model, topo: &Topology, subnet: SubnetId) -> (Span, String) {
    let sub = &m[subnet];
    let Some(rt) = topo.subnet_route_table[subnet] else {
        return (
            sub.decl.name_span,
            format!(
                "{} has no route table, so it uses the main one (local routes only)",
                sub.decl.name
            ),
        );
    };
    let table = &m[rt];
    if let Some(RouteTarget::Nat(n)) = topo.subnet_default_route[subnet]
        && let Some(r) = table
            .routes
            .iter()
            .find(|r| r.target.node == RouteTarget::Nat(n))
    {
        return (
            r.span,
            format!(
                "{} sends 0.0.0.0/0 to NAT gateway {}: outbound only",
                table.decl.name, m[n].decl.name
            ),
        );
    }
    (
        table.decl.name_span,
        format!(
            "{} has no 0.0.0.0/0 route to an internet gateway",
            table.decl.name
        ),
    )
}

/// A public subnet of the VPC to move a host to, preferring the zone it is
/// in now.
pub fn public_subnet_near(m: &Model, topo: &Topology, subnet: SubnetId) -> Option<SubnetId> {
    let sub = &m[subnet];
    let candidates = &topo.subnets_by_vpc[sub.vpc.node];
    let public = || candidates.iter().copied().filter(|&s| topo.is_public(s));
    public()
        .find(|&s| m[s].zone.node.same_as(&sub.zone.node))
        .or_else(|| public().next())
}

/// Names joined for a message, at most `max` of them: `a, b and 3 more`.
pub fn name_list<S: AsRef<str>>(names: &[S], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(AsRef::as_ref).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.len(), rest) {
        (0, _) => String::new(),
        (1, 0) => shown[0].to_string(),
        (n, 0) => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        (_, r) => format!("{} and {r} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_read_naturally() {
        assert_eq!(name_list::<&str>(&[], 3), "");
        assert_eq!(name_list(&["a"], 3), "a");
        assert_eq!(name_list(&["a", "b"], 3), "a and b");
        assert_eq!(name_list(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(
            name_list(&["a", "b", "c", "d", "e"], 3),
            "a, b, c and 2 more"
        );
    }

    #[test]
    fn only_the_zero_prefix_is_the_whole_internet() {
        for (net, open) in [
            ("0.0.0.0/0", true),
            ("::/0", true),
            ("0.0.0.0/1", false),
            ("10.0.0.0/8", false),
        ] {
            let n: IpNet = net.parse().expect("test literal");
            assert_eq!(is_whole_internet(&n), open, "{net}");
        }
    }
}
