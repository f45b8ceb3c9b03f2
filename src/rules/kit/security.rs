//! What rules know about security-group rules: which ports count as admin
//! or data ports (the sensitive-service table), when a rule is open to the
//! whole internet, what it opens, and how to write it back in a message.
//!
//! Every helper here is linear in what it is handed (one rule, one group's
//! users), so rules can call them per item without becoming quadratic over
//! the file.

use super::hosts::{Host, bastion_user};
use crate::model::topology::Topology;
use crate::model::{Action, Direction, Model, Peer, PortRange, Protocol, SgId, SgRule};
use crate::span::Span;
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
        Peer::PrefixList(p) => p.text(m),
    }
}

/// The same peer, reading `self` as the group itself.
pub fn normalize_peer(owner: SgId, peer: Peer) -> Peer {
    match peer {
        Peer::SelfGroup => Peer::Group(owner),
        p => p,
    }
}

/// Whether the rule opens every port of its protocol (or every protocol).
pub fn opens_everything(rule: &SgRule) -> bool {
    match rule.protocol.node {
        Protocol::All => true,
        Protocol::Tcp | Protocol::Udp => {
            let r = rule.port_range();
            r.from <= 1 && r.to == 65535
        }
        Protocol::Icmp | Protocol::Icmpv6 => false,
    }
}

/// Whether a port range looks like a client's ephemeral range: Linux uses
/// 32768-60999, Windows and macOS 49152-65535, NAT and load balancers
/// anything from 1024 up.
pub fn is_ephemeral(range: PortRange) -> bool {
    (1024..=49152).contains(&range.from) && range.to >= 60999
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

#[cfg(test)]
mod tests {
    use super::*;

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
