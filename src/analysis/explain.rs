//! Words for what the engine found: traffic sets, hops and the rules that
//! decided, in the file's own names ("network ACL private-acl inbound rule
//! 100", "security group app-sg: ingress tcp 22 from bastion-sg").

use super::Analysis;
use super::classes::{Class, ClassKind};
use super::path::{AddrSet, By, Decision, Hop, Place, Step};
use super::set::*;
use crate::model::*;
use crate::span::Span;

/// "tcp 22", "tcp 22, 443, 8000-8080", "udp 53", "icmp", "all traffic".
pub fn describe_traffic(set: &FlowSet) -> String {
    let mut parts = Vec::new();
    for proto in set.project(PROTO) {
        if proto.lo == 0 && proto.hi == 255 {
            parts.push("all traffic".to_string());
            continue;
        }
        let mut p = proto.lo;
        loop {
            let name = match p {
                TCP => Some("tcp"),
                UDP => Some("udp"),
                ICMP => Some("icmp"),
                ICMPV6 => Some("icmpv6"),
                _ => None,
            };
            let slice = set.intersect_box(
                &FlowBox::family(V4)
                    .with(PROTO, Interval::point(p))
                    .with(FAM, Interval::new(V4, V6))
                    .with(SRC, Interval::new(0, u128::MAX))
                    .with(DST, Interval::new(0, u128::MAX)),
            );
            let ports = slice.project(PORT);
            match name {
                Some(n) if p == TCP || p == UDP => {
                    parts.push(format!("{n} {}", describe_ports(&ports)));
                }
                Some(n) => {
                    if ports == [Interval::new(0, 65535)] {
                        parts.push(n.to_string());
                    } else {
                        parts.push(format!("{n} type {}", describe_ports(&ports)));
                    }
                }
                None => parts.push(format!("protocol {p}")),
            }
            if p >= proto.hi || parts.len() > 6 {
                break;
            }
            p += 1;
        }
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

/// "22", "22, 443", "0-65535" (all), "8000-8080".
pub fn describe_ports(ports: &[Interval]) -> String {
    if ports == [Interval::new(0, 65535)] {
        return "0-65535".into();
    }
    let v: Vec<String> = ports
        .iter()
        .map(|iv| {
            if iv.lo == iv.hi {
                iv.lo.to_string()
            } else {
                format!("{}-{}", iv.lo, iv.hi)
            }
        })
        .collect();
    if v.len() > 8 {
        format!("{} and {} more ranges", v[..6].join(", "), v.len() - 6)
    } else {
        v.join(", ")
    }
}

/// A list of CIDRs, shortened when long.
pub fn describe_cidrs(fam: u128, ivs: &[Interval]) -> String {
    let nets: Vec<String> = ivs
        .iter()
        .flat_map(|iv| interval_to_cidrs(fam, *iv))
        .map(|n| n.to_string())
        .collect();
    if nets.len() > 4 {
        format!(
            "{} and {} more blocks",
            nets[..3].join(", "),
            nets.len() - 3
        )
    } else {
        nets.join(", ")
    }
}

/// How an SG rule reads in the file: `ingress tcp 22 from bastion-sg`.
pub fn sg_rule_text(m: &Model, owner: SgId, r: &SgRule) -> String {
    let dir = match r.direction {
        Direction::In => "ingress",
        Direction::Out => "egress",
    };
    let word = match r.direction {
        Direction::In => "from",
        Direction::Out => "to",
    };
    let peer = match r.peer.node {
        Peer::Cidr(n) => n.to_string(),
        Peer::Group(g) => m[g].decl.name.clone(),
        Peer::SelfGroup => format!("self ({})", m[owner].decl.name),
    };
    match r.ports {
        Some(p) => format!("{dir} {} {} {word} {peer}", r.protocol.node, p.node),
        None => format!("{dir} {} {word} {peer}", r.protocol.node),
    }
}

/// `inbound rule 100`.
pub fn acl_rule_name(r: &AclRule) -> String {
    format!("{} rule {}", dir_word(r.direction), r.number.node)
}

/// How an ACL rule reads: `inbound rule 100 allows tcp 22 from 10.0.1.0/24`.
pub fn acl_rule_text(r: &AclRule) -> String {
    let (dir, word) = match r.direction {
        Direction::In => ("inbound", "from"),
        Direction::Out => ("outbound", "to"),
    };
    let action = match r.action.node {
        Action::Allow => "allows",
        Action::Deny => "denies",
    };
    match r.ports {
        Some(p) => format!(
            "{dir} rule {} {action} {} {} {word} {}",
            r.number.node, r.protocol.node, p.node, r.cidr.node
        ),
        None => format!(
            "{dir} rule {} {action} {} {word} {}",
            r.number.node, r.protocol.node, r.cidr.node
        ),
    }
}

fn dir_word(d: Direction) -> &'static str {
    match d {
        Direction::In => "inbound",
        Direction::Out => "outbound",
    }
}

fn route_text(m: &Model, r: &Route) -> String {
    let target = match r.target.node {
        RouteTarget::Igw(g) => &m[g].decl.name,
        RouteTarget::Nat(n) => &m[n].decl.name,
    };
    format!("route {} -> {}", r.destination.node, target)
}

fn groups_text(m: &Model, c: &Class) -> String {
    let names: Vec<&str> = c.sgs.iter().map(|g| m[*g].decl.name.as_str()).collect();
    match names.len() {
        0 => "default security group".into(),
        1 => format!("security group {}", names[0]),
        _ => format!("security groups {}", names.join(", ")),
    }
}

impl Analysis<'_> {
    /// A place in words: "the internet", "app-asg in private-a",
    /// "web's node in public-c", "10.0.5.0/24".
    pub fn place_text(&self, p: &Place) -> String {
        match p {
            Place::Outside(a) => self.addrs_text(a),
            Place::Class(id) => self.class_text(self.classes().get(*id)),
            Place::Adhoc(c) => self.class_text(c),
        }
    }

    pub fn class_text(&self, c: &Class) -> String {
        let m = self.model;
        let subnet = &m[c.subnet].decl.name;
        match c.kind {
            ClassKind::LbNode(lb) => format!("{}'s node in {subnet}", m[lb].decl.name),
            ClassKind::Anonymous => format!("{} in {subnet}", describe_cidrs(V4, &[c.addrs])),
            ClassKind::Hosts => format!("{} in {subnet}", self.class_names(c)),
        }
    }

    /// "the internet" for the internet set, else CIDRs.
    pub fn addrs_text(&self, a: &AddrSet) -> String {
        if a == self.internet() {
            return "the internet".into();
        }
        if *a == self.internet_v6() {
            return "the IPv6 internet".into();
        }
        let cidrs = |ivs: &[Interval]| -> usize {
            ivs.iter()
                .map(|iv| interval_to_cidrs(a.fam, *iv).len())
                .sum()
        };
        if cidrs(&a.ivs) <= 4 {
            return describe_cidrs(a.fam, &a.ivs);
        }
        // Most of a big set: name what is missing from it.
        let as_set = |x: &AddrSet| {
            FlowSet::from_boxes(x.ivs.iter().map(|iv| FlowBox::family(x.fam).with(SRC, *iv)))
        };
        let mine = as_set(a);
        for (whole, name) in [
            (self.internet().clone(), "the internet"),
            (self.outside_vpcs(), "any address outside the VPC"),
            (AddrSet::new(a.fam, vec![addr_space(a.fam)]), "any address"),
        ] {
            if whole.fam != a.fam {
                continue;
            }
            let w = as_set(&whole);
            if !mine.is_subset(&w) {
                continue;
            }
            let missing = w.subtract(&mine).project(SRC);
            if cidrs(&missing) <= 3 {
                return format!("{name} except {}", describe_cidrs(a.fam, &missing));
            }
        }
        describe_cidrs(a.fam, &a.ivs)
    }

    /// Addresses of one field of a set, in words.
    pub fn field_text(&self, set: &FlowSet, dim: usize) -> String {
        let mut parts = Vec::new();
        for fam in [V4, V6] {
            let slice = set.intersect_box(&FlowBox::family(fam));
            if slice.is_empty() {
                continue;
            }
            let a = AddrSet::new(fam, slice.project(dim));
            parts.push(self.addrs_text(&a));
        }
        parts.join(", ")
    }

    /// The hop as a heading: "network ACL private-acl inbound (subnet
    /// private-a)".
    pub fn hop_text(&self, h: &Hop) -> String {
        let m = self.model;
        match h {
            Hop::Listener { lb } => format!("load balancer {} listeners", m[*lb].decl.name),
            Hop::Vpc => "the VPC boundary".into(),
            Hop::SgEgress { class } => format!("{} outbound", groups_text(m, class)),
            Hop::SgIngress { class } => format!("{} inbound", groups_text(m, class)),
            Hop::Acl { subnet, acl, dir } => match acl {
                Some(a) => format!(
                    "network ACL {} {} (subnet {})",
                    m[*a].decl.name,
                    dir_word(*dir),
                    m[*subnet].decl.name
                ),
                None => format!(
                    "default network ACL {} (subnet {})",
                    dir_word(*dir),
                    m[*subnet].decl.name
                ),
            },
            Hop::SameSubnet { subnet } => format!("subnet {}", m[*subnet].decl.name),
            Hop::Route { subnet, table } | Hop::NatRoute { subnet, table } => match table {
                Some(t) => format!(
                    "route table {} (subnet {})",
                    m[*t].decl.name, m[*subnet].decl.name
                ),
                None => format!("main route table (subnet {})", m[*subnet].decl.name),
            },
            Hop::ReturnRoute { subnet, table } => match table {
                Some(t) => format!(
                    "route back to the internet: route table {} (subnet {})",
                    m[*t].decl.name, m[*subnet].decl.name
                ),
                None => format!(
                    "route back to the internet: main route table (subnet {})",
                    m[*subnet].decl.name
                ),
            },
            Hop::InternetGateway { .. } => "internet gateway".into(),
            Hop::PublicAddress { class } => match class.kind {
                ClassKind::LbNode(lb) => format!("public address of {}", m[lb].decl.name),
                _ => format!("public address of {}", self.class_names(class)),
            },
            Hop::NatGateway { nat } => format!("nat gateway {}", m[*nat].decl.name),
            Hop::LbOutbound { lb } => format!("load balancer {}", m[*lb].decl.name),
        }
    }

    /// Short kind of component for JSON: "network-acl", "security-group", …
    pub fn hop_kind(&self, h: &Hop) -> &'static str {
        match h {
            Hop::Listener { .. } => "listener",
            Hop::Vpc => "vpc",
            Hop::SgEgress { .. } | Hop::SgIngress { .. } => "security-group",
            Hop::Acl { .. } => "network-acl",
            Hop::SameSubnet { .. } => "subnet",
            Hop::Route { .. } | Hop::NatRoute { .. } => "route-table",
            Hop::ReturnRoute { .. } => "return-route",
            Hop::InternetGateway { .. } => "internet-gateway",
            Hop::PublicAddress { .. } => "public-address",
            Hop::NatGateway { .. } => "nat-gateway",
            Hop::LbOutbound { .. } => "load-balancer",
        }
    }

    /// What decided, in words.
    pub fn by_text(&self, by: &By) -> String {
        let m = self.model;
        match by {
            By::AclRule { acl, dir, index } => acl_rule_text(&m[*acl].rules(*dir)[*index]),
            By::AclDefault { dir, .. } => format!(
                "no numbered {} rule matches, so rule * denies it",
                dir_word(*dir)
            ),
            By::DefaultAcl { subnet } => format!(
                "subnet {} has no network-acl, so the VPC's default ACL allows all traffic",
                m[*subnet].decl.name
            ),
            By::SameSubnet => "both ends are in one subnet, where network ACLs do not apply".into(),
            By::SgRule { sg, dir, index } => {
                let g = &m[*sg];
                let r = match dir {
                    Direction::In => &g.ingress[*index],
                    Direction::Out => &g.egress[*index],
                };
                format!("{}: {}", g.decl.name, sg_rule_text(m, *sg, r))
            }
            By::SgDefaultEgress { sg } => format!(
                "{} has no egress line, so it allows all outbound traffic (the AWS default)",
                m[*sg].decl.name
            ),
            By::SgNone { dir, note } => {
                let base = match dir {
                    Direction::In => "no ingress rule admits it",
                    Direction::Out => "no egress rule allows it",
                };
                match note {
                    Some(n) => format!("{base} ({n})"),
                    None => base.to_string(),
                }
            }
            By::DefaultSg { dir, allow } => match (dir, allow) {
                (Direction::Out, _) => {
                    "the VPC's default security group allows all outbound traffic".into()
                }
                (Direction::In, true) => {
                    "the VPC's default security group admits its own members".into()
                }
                (Direction::In, false) => {
                    "no security-groups: the VPC's default group admits only its own members".into()
                }
            },
            By::NoSgs { lb } => format!(
                "network load balancer {} has no security groups, so all traffic passes",
                m[*lb].decl.name
            ),
            By::Route { table, index } => format!(
                "{} in {}",
                route_text(m, &m[*table].routes[*index]),
                m[*table].decl.name
            ),
            By::LocalRoute { vpc } => {
                format!(
                    "local route {} (vpc {})",
                    m[*vpc].cidr.node, m[*vpc].decl.name
                )
            }
            By::NoRoute { table, subnet } => match table {
                Some(t) => format!("no route in {} matches", m[*t].decl.name),
                None => format!(
                    "subnet {} has no route table; the main table holds only the local route",
                    m[*subnet].decl.name
                ),
            },
            By::Listener { lb, index } => {
                let l = &m[*lb].listeners[*index];
                match &l.action {
                    ListenerAction::Forward(tg) => format!(
                        "listener {} {} -> {}",
                        l.protocol.node, l.port.node, m[tg.node].decl.name
                    ),
                    ListenerAction::Redirect { protocol, port } => format!(
                        "listener {} {} redirect {} {}",
                        l.protocol.node, l.port.node, protocol.node, port.node
                    ),
                }
            }
            By::NoListener { lb } => format!("{} has no listener for it", m[*lb].decl.name),
            By::Fact { text, .. } => text.clone(),
        }
    }

    /// The declaration a decision is about, for diagnostics.
    pub fn by_span(&self, step: &Step, by: &By) -> Option<Span> {
        let m = self.model;
        Some(match by {
            By::AclRule { acl, dir, index } => m[*acl].rules(*dir)[*index].span,
            By::AclDefault { acl, .. } => m[*acl].decl.name_span,
            By::DefaultAcl { subnet } => m[*subnet].decl.name_span,
            By::SameSubnet => return None,
            By::SgRule { sg, dir, index } => match dir {
                Direction::In => m[*sg].ingress[*index].span,
                Direction::Out => m[*sg].egress[*index].span,
            },
            By::SgDefaultEgress { sg } => m[*sg].decl.name_span,
            By::SgNone { .. } | By::DefaultSg { .. } => match &step.hop {
                Hop::SgIngress { class } | Hop::SgEgress { class } => match class.sgs.first() {
                    Some(g) => m[*g].decl.name_span,
                    None => return self.class_span(class),
                },
                _ => return None,
            },
            By::NoSgs { lb } => m[*lb].decl.name_span,
            By::Route { table, index } => m[*table].routes[*index].span,
            By::LocalRoute { vpc } => m[*vpc].cidr.span,
            By::NoRoute { table, subnet } => match table {
                Some(t) => m[*t].decl.name_span,
                None => m[*subnet].decl.name_span,
            },
            By::Listener { lb, index } => m[*lb].listeners[*index].span,
            By::NoListener { lb } => m[*lb].decl.name_span,
            By::Fact { span, .. } => return *span,
        })
    }

    fn class_span(&self, c: &Class) -> Option<Span> {
        c.members
            .first()
            .map(|x| super::classes::member_decl(self.model, *x).name_span)
    }

    /// Why a step stopped (part of) the traffic: its denying decisions in
    /// words, "rule 90 denies …; rule * …".
    pub fn block_reason(&self, step: &Step) -> String {
        let v: Vec<String> = step
            .decisions
            .iter()
            .filter(|d| !d.allow)
            .map(|d| self.decision_text(step, d))
            .collect();
        v.join("; ")
    }

    /// A decision in words, with the addresses it was about.
    pub fn decision_text(&self, step: &Step, d: &Decision) -> String {
        let text = self.by_text(&d.by);
        match (&d.by, &step.hop) {
            (By::SgNone { note, dir }, _) => {
                let dim = if *dir == Direction::In { SRC } else { DST };
                let field = if step.reply {
                    self.field_text(&d.set, if dim == SRC { DST } else { SRC })
                } else {
                    self.field_text(&d.set, dim)
                };
                let word = if *dir == Direction::In { "from" } else { "to" };
                let base = match dir {
                    Direction::In => "no ingress rule admits it",
                    Direction::Out => "no egress rule allows it",
                };
                match note {
                    Some(n) => format!("{base} {word} {field} ({n})"),
                    None => format!("{base} {word} {field}"),
                }
            }
            _ => text,
        }
    }

    /// One sentence naming the first blocker of a leg: "tcp 22 is blocked
    /// by security group app-sg inbound: no ingress rule admits it from the
    /// internet (internet traffic never matches a group reference)".
    pub fn blocker_sentence(&self, step: &Step) -> String {
        let what = describe_traffic(&step.blocked());
        let plural = what.contains(", ");
        let (what, verb) = if step.reply {
            (format!("replies on {what}"), "are")
        } else {
            (what, if plural { "are" } else { "is" })
        };
        // "partly" when the same protocols and ports also pass (for other
        // addresses); when only other ports pass, the named ones are simply
        // blocked.
        let any = Interval::new(0, u128::MAX);
        let ports_of = |x: &FlowSet| x.with_dim(SRC, any).with_dim(DST, any);
        let how = if ports_of(&step.blocked()).intersects(&ports_of(&step.passed)) {
            "partly blocked"
        } else {
            "blocked"
        };
        let reply_note = if step.reply {
            " (stateless: the ACL must allow replies to the client's ephemeral ports)"
        } else {
            ""
        };
        format!(
            "{what} {verb} {how} by {}: {}{reply_note}",
            self.hop_text(&step.hop),
            self.block_reason(step)
        )
    }

    /// "reaches only from 203.0.113.0/24", "only tcp 8080" — what part of
    /// a leg's traffic got through.
    pub fn partial_text(&self, requested: &FlowSet, got: &FlowSet) -> String {
        let mut parts = Vec::new();
        if got.project(SRC) != requested.project(SRC) {
            parts.push(format!("from {}", self.field_text(got, SRC)));
        }
        if got.project(DST) != requested.project(DST) {
            parts.push(format!("to {}", self.field_text(got, DST)));
        }
        if got.project(PORT) != requested.project(PORT)
            || got.project(PROTO) != requested.project(PROTO)
        {
            parts.push(format!("on {}", describe_traffic(got)));
        }
        if parts.is_empty() {
            "for part of the traffic".into()
        } else {
            format!("only {}", parts.join(" "))
        }
    }
}
