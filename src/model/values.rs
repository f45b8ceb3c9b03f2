//! Typed values of the language (the value types of `grammar/netlint.ebnf`).
//!
//! Parsing a word into one of these is the resolver's job; everything after
//! resolution reads these types and never the source text.

use std::fmt;

/// An IP protocol as written in rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    All,
}

impl Protocol {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            "icmp" => Protocol::Icmp,
            "icmpv6" => Protocol::Icmpv6,
            "all" => Protocol::All,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::Icmpv6 => "icmpv6",
            Protocol::All => "all",
        }
    }

    /// IANA protocol number as CloudFormation wants it (`-1` = all).
    pub fn number(self) -> i32 {
        match self {
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Icmp => 1,
            Protocol::Icmpv6 => 58,
            Protocol::All => -1,
        }
    }

    /// Whether rules with this protocol carry a port range.
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp)
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An inclusive port range `from..=to`. For icmp/icmpv6 rules the same type
/// holds the ICMP type (`from == to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    pub const fn new(from: u16, to: u16) -> Self {
        PortRange { from, to }
    }

    pub const fn single(port: u16) -> Self {
        PortRange {
            from: port,
            to: port,
        }
    }

    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    pub fn covers(self, other: PortRange) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    pub fn width(self) -> u32 {
        u32::from(self.to) - u32::from(self.from) + 1
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// An availability zone: a bare letter (resolved in whatever region the
/// stack deploys to), a full name (`ap-northeast-2a`) split into region
/// and letter, or an AZ id (`use1-az1`: the same physical zone in every
/// account, where letters are shuffled per account).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    Letter(char),
    Named { region: String, letter: char },
    Id(String),
}

/// A zone as a map key: equal keys are the same zone as far as the file
/// can tell (a letter and a full name with it share one; an AZ id is only
/// its own).
pub type ZoneKey = u128;

impl Zone {
    /// The zone letter; an AZ id has none (`'?'`, equal to no letter).
    pub fn letter(&self) -> char {
        match self {
            Zone::Letter(c) => *c,
            Zone::Named { letter, .. } => *letter,
            Zone::Id(_) => '?',
        }
    }

    pub fn region(&self) -> Option<&str> {
        match self {
            Zone::Letter(_) | Zone::Id(_) => None,
            Zone::Named { region, .. } => Some(region),
        }
    }

    /// The zone as a map key: its letter, or for an AZ id its bytes (at
    /// most 15, checked when read) above every letter.
    pub fn key(&self) -> ZoneKey {
        match self {
            Zone::Id(id) => id
                .bytes()
                .fold(1u128 << 127, |k, b| (k << 8) | u128::from(b) | (1 << 127)),
            _ => u128::from(self.letter()),
        }
    }

    /// Whether two zones are the same zone. A letter deploys into the stack's
    /// region, so it matches a full name with the same letter; two full
    /// names match only if their regions match too.
    pub fn same_as(&self, other: &Zone) -> bool {
        if let (Zone::Id(_), _) | (_, Zone::Id(_)) = (self, other) {
            return self == other;
        }
        if self.letter() != other.letter() {
            return false;
        }
        match (self.region(), other.region()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Letter(c) => write!(f, "{c}"),
            Zone::Named { region, letter } => write!(f, "{region}{letter}"),
            Zone::Id(id) => f.write_str(id),
        }
    }
}

/// An AMI: a literal image id or an SSM parameter path resolved at deploy
/// time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ami {
    Id(String),
    /// The parameter path, without the `ssm:` prefix.
    Ssm(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VolumeType {
    Gp2,
    Gp3,
    Io1,
    Io2,
    St1,
    Sc1,
    Standard,
}

impl VolumeType {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeType::Gp2 => "gp2",
            VolumeType::Gp3 => "gp3",
            VolumeType::Io1 => "io1",
            VolumeType::Io2 => "io2",
            VolumeType::St1 => "st1",
            VolumeType::Sc1 => "sc1",
            VolumeType::Standard => "standard",
        }
    }

    pub fn supports_multi_attach(self) -> bool {
        matches!(self, VolumeType::Io1 | VolumeType::Io2)
    }
}

/// Protocols of listeners and target groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LbProtocol {
    Http,
    Https,
    Tcp,
    Udp,
    Tls,
    TcpUdp,
}

impl LbProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            LbProtocol::Http => "http",
            LbProtocol::Https => "https",
            LbProtocol::Tcp => "tcp",
            LbProtocol::Udp => "udp",
            LbProtocol::Tls => "tls",
            LbProtocol::TcpUdp => "tcp_udp",
        }
    }

    /// Layer 7 protocols belong to application load balancers.
    pub fn is_layer7(self) -> bool {
        matches!(self, LbProtocol::Http | LbProtocol::Https)
    }

    /// CloudFormation spelling (`HTTP`, `TCP_UDP`, …).
    pub fn cfn(self) -> &'static str {
        match self {
            LbProtocol::Http => "HTTP",
            LbProtocol::Https => "HTTPS",
            LbProtocol::Tcp => "TCP",
            LbProtocol::Udp => "UDP",
            LbProtocol::Tls => "TLS",
            LbProtocol::TcpUdp => "TCP_UDP",
        }
    }
}

impl fmt::Display for LbProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Protocol of a target group health check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HealthProtocol {
    Http,
    Https,
    Tcp,
}

/// What a listener rule's condition matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleField {
    /// `path`: the request path (`path-pattern`).
    Path,
    /// `host`: the Host header (`host-header`).
    Host,
}

impl RuleField {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::Path => "path",
            RuleField::Host => "host",
        }
    }
}

/// How a target group names its targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetType {
    Instance,
    Ip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LbType {
    Application,
    Network,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    InternetFacing,
    Internal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpAddressType {
    Ipv4,
    Dualstack,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Connectivity {
    Public,
    Private,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Imds {
    V1,
    V2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HealthCheckType {
    Ec2,
    Elb,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Allow,
    Deny,
}

/// Direction of a security-group or ACL rule, seen from the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// `ingress` / `inbound`
    In,
    /// `egress` / `outbound`
    Out,
}
