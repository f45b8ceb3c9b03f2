//! Words for what the engine found: traffic sets, hops and the rules that
//! decided, in the file's own names ("network ACL private-acl inbound rule
//! 100", "security group app-sg: ingress tcp 22 from bastion-sg").

use super::Analysis;
use super::classes::{Class, ClassKind};
use super::path::{
    AddrSet, By, Decision, Fact, Hop, Leg, Place, RefNote, ReturnStatus, Step, StepStatus, Verdict,
};
use super::reach::{Backend, EndpointError, EndpointKind, FamilyVerdict, Omitted, QueryError};
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

fn groups_text(m: &Model, c: &Class) -> String {
    let names: Vec<&str> = c.sgs.iter().map(|g| m[*g].decl.name.as_str()).collect();
    match names.len() {
        0 => "default security group".into(),
        1 => format!("security group {}", names[0]),
        _ => format!("security groups {}", names.join(", ")),
    }
}

/// How a decision's rule is named: an ACL rule by number, anything else by
/// its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleKey {
    Number(u32),
    Text(String),
}

/// A verdict in words: "reachable", "partially reachable", "blocked".
pub fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Reachable => "reachable",
        Verdict::Partial => "partially reachable",
        Verdict::Blocked => "blocked",
    }
}

/// " (IPv4: reachable; IPv6: blocked)" when both families were traced,
/// else nothing.
pub fn families_text(fams: &[FamilyVerdict]) -> String {
    if fams.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = fams
        .iter()
        .map(|f| {
            let name = if f.ipv6 { "IPv6" } else { "IPv4" };
            format!("{name}: {}", verdict_text(f.verdict))
        })
        .collect();
    format!(" ({})", parts.join("; "))
}

/// A verdict as a JSON key.
pub fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Reachable => "reachable",
        Verdict::Partial => "partial",
        Verdict::Blocked => "blocked",
    }
}

pub fn return_status_key(r: ReturnStatus) -> &'static str {
    match r {
        ReturnStatus::NotReached => "not reached",
        ReturnStatus::Full => "full",
        ReturnStatus::None => "none",
        ReturnStatus::Partial => "partial",
    }
}

pub fn step_status_key(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Idle => "-",
        StepStatus::Pass => "pass",
        StepStatus::Block => "block",
        StepStatus::Partial => "partial",
    }
}

pub fn endpoint_kind_key(k: EndpointKind) -> &'static str {
    match k {
        EndpointKind::Internet => "internet",
        EndpointKind::Cidr => "cidr",
        EndpointKind::Instance => "instance",
        EndpointKind::LoadBalancer => "load-balancer",
        EndpointKind::AutoScalingGroup => "auto-scaling-group",
        EndpointKind::Service => "service",
        EndpointKind::FileSystem => "file-system",
        EndpointKind::Peer => "peer",
        EndpointKind::TransitGateway => "transit-gateway",
        EndpointKind::Subnet => "subnet",
    }
}

/// The keyword that declares a resource.
pub fn resource_kind(r: ResourceId) -> &'static str {
    use ResourceId::*;
    match r {
        Vpc(_) => "vpc",
        InternetGateway(_) => "internet-gateway",
        Subnet(_) => "subnet",
        RouteTable(_) => "route-table",
        Eip(_) => "eip",
        NatGateway(_) => "nat-gateway",
        SecurityGroup(_) => "security-group",
        NetworkAcl(_) => "network-acl",
        Instance(_) => "instance",
        Volume(_) => "volume",
        LoadBalancer(_) => "load-balancer",
        TargetGroup(_) => "target-group",
        LaunchTemplate(_) => "launch-template",
        EgressOnlyInternetGateway(_) => "egress-only-internet-gateway",
        PrefixList(_) => "prefix-list",
        VpcEndpoint(_) => "vpc-endpoint",
        AutoScalingGroup(_) => "auto-scaling-group",
        FileSystem(_) => "file-system",
        VpcPeering(_) => "vpc-peering",
        TransitGateway(_) => "transit-gateway",
    }
}

/// Paths left out of an answer: "… and 15,000 more paths not shown (…)".
pub fn omitted_text(o: &Omitted) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (o.reachable, "reachable"),
        (o.partial, "partially reachable"),
        (o.blocked, "blocked"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    format!(
        "… and {} more path{} not shown ({}); name narrower endpoints to see them",
        o.total(),
        if o.total() == 1 { "" } else { "s" },
        parts.join(", ")
    )
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
            ClassKind::Subnet => format!("any host in subnet {subnet}"),
            ClassKind::Hosts => format!("{} in {subnet}", self.class_names(c)),
            ClassKind::Endpoint(e) => {
                format!("interface endpoint {} in {subnet}", m[e].decl.name)
            }
            ClassKind::MountTarget(fs) => {
                format!("{}'s mount target in {subnet}", m[fs].decl.name)
            }
        }
    }

    /// "the internet" for the internet set, else CIDRs.
    pub fn addrs_text(&self, a: &AddrSet) -> String {
        if a == &**self.internet() {
            return "the internet".into();
        }
        if *a == self.internet_v6() {
            return "the IPv6 internet".into();
        }
        if let Some(k) = self.standins().which(a) {
            return match k {
                super::services::Standin::Service(s) => {
                    format!("the public addresses of {s} (unknown to netlint)")
                }
                super::services::Standin::List(x) => {
                    format!("the addresses of prefix list {x} (unknown to netlint)")
                }
            };
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
            ((**self.internet()).clone(), "the internet"),
            (
                (**self.outside_vpcs()).clone(),
                "any address outside the VPC",
            ),
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
                // A stand-in is named for what it stands for: its block is
                // netlint's invention, not an address the user wrote.
                let rest = AddrSet::new(a.fam, missing);
                let what = if self.standins().which(&rest).is_some() {
                    self.addrs_text(&rest)
                } else {
                    describe_cidrs(a.fam, &rest.ivs)
                };
                return format!("{name} except {what}");
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
            Hop::SgEgress { class } => format!("{} outbound", groups_text(m, self.class(class))),
            Hop::SgIngress { class } => format!("{} inbound", groups_text(m, self.class(class))),
            Hop::Acl { subnet, acl, dir } => match acl {
                Some(a) => format!(
                    "network ACL {} {} (subnet {})",
                    m[*a].decl.name,
                    dir.word(),
                    m[*subnet].decl.name
                ),
                None => format!(
                    "default network ACL {} (subnet {})",
                    dir.word(),
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
            Hop::PublicAddress { class } => match self.class(class).kind {
                ClassKind::LbNode(lb) => format!("public address of {}", m[lb].decl.name),
                _ => format!("public address of {}", self.class_names(self.class(class))),
            },
            Hop::NatGateway { nat } => format!("nat gateway {}", m[*nat].decl.name),
            Hop::LbOutbound { lb } => format!("load balancer {}", m[*lb].decl.name),
            Hop::Peering { peering } => format!("peering {}", m[*peering].decl.name),
            Hop::TransitGateway { tgw } => format!("transit gateway {}", m[*tgw].decl.name),
            Hop::RouteBack { subnet, table } => match table {
                Some(t) => format!(
                    "route back: route table {} (subnet {})",
                    m[*t].decl.name, m[*subnet].decl.name
                ),
                None => format!(
                    "route back: main route table (subnet {})",
                    m[*subnet].decl.name
                ),
            },
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
            Hop::Peering { .. } => "vpc-peering",
            Hop::TransitGateway { .. } => "transit-gateway",
            Hop::RouteBack { .. } => "return-route",
        }
    }

    /// What decided, in words.
    pub fn by_text(&self, by: &By) -> String {
        let m = self.model;
        match by {
            By::AclRule { acl, dir, index } => m[*acl].rules(*dir)[*index].to_string(),
            By::AclDefault { dir, .. } => format!(
                "no numbered {} rule matches, so rule * denies it",
                dir.word()
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
                format!("{}: {}", g.decl.name, r.text(m, *sg))
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
                    Some(n) => format!("{base} ({})", self.ref_note_text(n)),
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
                m[*table].routes[*index].text(m),
                m[*table].decl.name
            ),
            By::LocalRoute { vpc } => {
                format!(
                    "local route {} (vpc {})",
                    m[*vpc].cidr.node, m[*vpc].decl.name
                )
            }
            By::PrefixListRoute { table, index } => {
                let r = &m[*table].prefix_list_routes[*index];
                format!(
                    "route {} -> {} in {}",
                    r.list.node.text(m),
                    r.target.node.name(m),
                    m[*table].decl.name
                )
            }
            By::EndpointRoute { endpoint, table } => {
                let e = &m[*endpoint];
                format!(
                    "the route AWS adds to {} for gateway endpoint {}: traffic to {} goes through the endpoint",
                    m[*table].decl.name,
                    e.decl.name,
                    e.service_key()
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
            By::Fact(f) => self.fact_text(f),
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
                Hop::SgIngress { class } | Hop::SgEgress { class } => {
                    let class = self.class(class);
                    match class.sgs.first() {
                        Some(g) => m[*g].decl.name_span,
                        None => return self.class_span(class),
                    }
                }
                _ => return None,
            },
            By::NoSgs { lb } => m[*lb].decl.name_span,
            By::Route { table, index } => m[*table].routes[*index].span,
            By::LocalRoute { vpc } => m[*vpc].cidr.span,
            By::PrefixListRoute { table, index } => m[*table].prefix_list_routes[*index].span,
            By::EndpointRoute { endpoint, .. } => m[*endpoint].decl.name_span,
            By::NoRoute { table, subnet } => match table {
                Some(t) => m[*t].decl.name_span,
                None => m[*subnet].decl.name_span,
            },
            By::Listener { lb, index } => m[*lb].listeners[*index].span,
            By::NoListener { lb } => m[*lb].decl.name_span,
            By::Fact(f) => return self.fact_span(f),
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
                    Some(n) => format!("{base} {word} {field} ({})", self.ref_note_text(n)),
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

    /// Why a group reference did not match, in words.
    fn ref_note_text(&self, n: &RefNote) -> String {
        let m = self.model;
        match n {
            RefNote::Outside => "internet traffic never matches a group reference".to_string(),
            RefNote::NoGroup { group } => format!(
                "the other side is in no security group, so the reference to {} does not match it",
                m[*group].decl.name
            ),
            RefNote::DefaultGroup { group } => format!(
                "the other side uses the VPC's default group, not {}",
                m[*group].decl.name
            ),
            RefNote::NotMember { group } => {
                format!("the other side is not a member of {}", m[*group].decl.name)
            }
        }
    }

    /// A fact about the network, in words.
    pub fn fact_text(&self, f: &Fact) -> String {
        let m = self.model;
        match f {
            Fact::OtherVpc {
                from,
                from_vpc,
                to,
                to_vpc,
            } => format!(
                "{} is in vpc {} and {} in vpc {}, and no peering or transit gateway joins them",
                m[*from].decl.name, m[*from_vpc].decl.name, m[*to].decl.name, m[*to_vpc].decl.name
            ),
            Fact::IgwEntry { igw, vpc } => format!(
                "internet gateway {} is attached to vpc {}",
                m[*igw].decl.name, m[*vpc].decl.name
            ),
            Fact::NoIgw { vpc } => format!(
                "vpc {} has no internet gateway, so nothing from the internet enters it",
                m[*vpc].decl.name
            ),
            Fact::IgwAttached { igw, vpc } => {
                let g = &m[*igw];
                if g.vpc.node == *vpc {
                    format!(
                        "internet gateway {} is attached to vpc {}",
                        g.decl.name, m[*vpc].decl.name
                    )
                } else {
                    format!(
                        "internet gateway {} is attached to vpc {}, not {}",
                        g.decl.name, m[g.vpc.node].decl.name, m[*vpc].decl.name
                    )
                }
            }
            Fact::IgwOtherVpc { igw } => format!(
                "internet gateway {} is attached to another VPC",
                m[*igw].decl.name
            ),
            Fact::NatChain { subnet, nat } => format!(
                "subnet {} sends it on to nat gateway {}: a NAT gateway needs a route to an internet gateway",
                m[*subnet].decl.name, m[*nat].decl.name
            ),
            Fact::LbOutbound { lb } => format!(
                "load balancer {} opens connections only to its targets",
                m[*lb].decl.name
            ),
            Fact::LocalDestination => "the destination is inside the VPC (local route)".into(),
            Fact::LbInternal { lb } => format!(
                "load balancer {} is internal: it has no public address",
                m[*lb].decl.name
            ),
            Fact::LbNoIpv6 { lb } => format!(
                "load balancer {} has no IPv6 address (ip-address-type ipv4)",
                m[*lb].decl.name
            ),
            Fact::LbInternetFacing { lb } => {
                format!("load balancer {} is internet-facing", m[*lb].decl.name)
            }
            Fact::AdhocNoPublic => {
                "these addresses belong to no declared interface, so no public address maps to them"
                    .into()
            }
            Fact::SubnetPublicIp { subnet } => format!(
                "subnet {} gives its hosts a public IPv4 address (public-ip on)",
                m[*subnet].decl.name
            ),
            Fact::SubnetNoPublicIp { subnet } => format!(
                "subnet {} has public-ip off: a host launched there has no public address unless it is given one (public-ip on, an EIP)",
                m[*subnet].decl.name
            ),
            Fact::SubnetIpv6 { subnet } => format!(
                "subnet {} is dual-stack: its hosts' IPv6 addresses are public (IPv6 has no NAT)",
                m[*subnet].decl.name
            ),
            Fact::SubnetNoIpv6 { subnet } => {
                format!("subnet {} has no IPv6 block", m[*subnet].decl.name)
            }
            Fact::MountTargetPrivate { fs } => format!(
                "the mount targets of file system {} have private addresses only",
                m[*fs].decl.name
            ),
            Fact::HostsNoIpv6 { class } => {
                format!(
                    "{} has no IPv6 address",
                    self.class_names(self.class(class))
                )
            }
            Fact::HostsPublic { class } => format!(
                "{} has a public IPv4 address",
                self.class_names(self.class(class))
            ),
            Fact::HostsNoPublic { class } => {
                let c = self.class(class);
                format!(
                    "{} has no public IP or Elastic IP (subnet {} has public-ip off), so the internet gateway has no address to translate",
                    self.class_names(c),
                    m[c.subnet].decl.name
                )
            }
            Fact::NatOtherVpc { nat } => {
                format!("nat gateway {} is in another VPC", m[*nat].decl.name)
            }
            Fact::NatIpv4Only { nat } => {
                format!("nat gateway {} translates IPv4 only", m[*nat].decl.name)
            }
            Fact::NatPrivate { nat } => format!(
                "nat gateway {} is private: it cannot reach the internet",
                m[*nat].decl.name
            ),
            Fact::NatNoEip { nat } => format!(
                "nat gateway {} has no Elastic IP, so it has no public address",
                m[*nat].decl.name
            ),
            Fact::NatForwards { nat } => format!(
                "nat gateway {} in {} rewrites the source to its Elastic IP",
                m[*nat].decl.name, m[m[*nat].subnet.node].decl.name
            ),
            Fact::ReplyIgwOtherVpc { igw } => format!(
                "replies would go to internet gateway {}, which is attached to another VPC",
                m[*igw].decl.name
            ),
            Fact::ReplyViaNat { subnet, nat, .. } => format!(
                "subnet {} is private: replies would leave through nat gateway {}, which accepts no inbound connections",
                m[*subnet].decl.name, m[*nat].decl.name
            ),
            Fact::ReplyNoRoute { subnet, .. } => format!(
                "subnet {} is private: its route table has no route back to an internet gateway",
                m[*subnet].decl.name
            ),
            Fact::HostsIpv6 { class } => format!(
                "{} has an IPv6 address (IPv6 has no NAT: the address is public)",
                self.class_names(self.class(class))
            ),
            Fact::EigwNoInbound { eigw, .. } => format!(
                "egress-only internet gateway {} lets no connection in from the internet: IPv6 out only",
                m[*eigw].decl.name
            ),
            Fact::EigwAttached { eigw, vpc } => {
                let g = &m[*eigw];
                if g.vpc.node == *vpc {
                    format!(
                        "egress-only internet gateway {} is attached to vpc {}",
                        g.decl.name, m[*vpc].decl.name
                    )
                } else {
                    format!(
                        "egress-only internet gateway {} is attached to vpc {}, not {}",
                        g.decl.name, m[g.vpc.node].decl.name, m[*vpc].decl.name
                    )
                }
            }
            Fact::EigwIpv6Only { eigw } => format!(
                "egress-only internet gateway {} carries IPv6 only",
                m[*eigw].decl.name
            ),
            Fact::ReplyViaEndpoint { endpoint } => format!(
                "replies would go to gateway endpoint {}, which carries only traffic to {}",
                m[*endpoint].decl.name,
                m[*endpoint].service_key()
            ),
            Fact::PeeringOtherVpc { peering, vpc } => format!(
                "peering {} does not join vpc {}",
                m[*peering].decl.name, m[*vpc].decl.name
            ),
            Fact::PeeringCarries { peering } => format!(
                "peering {} carries it to the peer's blocks",
                m[*peering].decl.name
            ),
            Fact::PeeringNotTransitive { peering } => format!(
                "the destination is outside the blocks of the VPC across peering {}: a peering does not carry transitive traffic",
                m[*peering].decl.name
            ),
            Fact::PeeringEntry { peering, vpc } => format!(
                "the peer's addresses enter vpc {} over peering {}",
                m[*vpc].decl.name, m[*peering].decl.name
            ),
            Fact::TgwAttached { tgw, vpc } => {
                if m[*tgw].attachment(*vpc).is_some() {
                    format!(
                        "transit gateway {} is attached to vpc {}",
                        m[*tgw].decl.name, m[*vpc].decl.name
                    )
                } else {
                    format!(
                        "transit gateway {} has no attachment in vpc {}",
                        m[*tgw].decl.name, m[*vpc].decl.name
                    )
                }
            }
            Fact::TgwNoZone { tgw, subnet } => format!(
                "the attachment of transit gateway {} has no subnet in zone {}, so traffic from subnet {} cannot enter it",
                m[*tgw].decl.name, m[*subnet].zone.node, m[*subnet].decl.name
            ),
            Fact::TgwNetworks { tgw } => format!(
                "the destination is among the networks behind transit gateway {}",
                m[*tgw].decl.name
            ),
            Fact::TgwNoNetwork { tgw } => format!(
                "the destination is neither among the networks behind transit gateway {} nor in a VPC attached to it",
                m[*tgw].decl.name
            ),
            Fact::NoRouteBack { subnet, via, .. } => format!(
                "no route back in the peer VPC: the route table of subnet {} does not send replies to {}",
                m[*subnet].decl.name,
                via.name(m)
            ),
        }
    }

    /// The declaration a fact is about.
    pub fn fact_span(&self, f: &Fact) -> Option<Span> {
        let m = self.model;
        match f {
            Fact::OtherVpc { .. }
            | Fact::NatChain { .. }
            | Fact::LocalDestination
            | Fact::AdhocNoPublic
            | Fact::HostsNoIpv6 { .. }
            | Fact::HostsIpv6 { .. }
            | Fact::HostsPublic { .. } => None,
            Fact::EigwNoInbound { eigw, route } => {
                Some(route.map_or(m[*eigw].decl.name_span, |(t, i)| m[t].routes[i].span))
            }
            Fact::EigwAttached { eigw, .. } => Some(m[*eigw].vpc.span),
            Fact::EigwIpv6Only { eigw } => Some(m[*eigw].decl.name_span),
            Fact::IgwEntry { igw, .. } => Some(m[*igw].decl.name_span),
            Fact::NoIgw { vpc } => Some(m[*vpc].decl.name_span),
            Fact::MountTargetPrivate { fs } => Some(m[*fs].decl.name_span),
            Fact::SubnetPublicIp { subnet } | Fact::SubnetNoPublicIp { subnet } => {
                let s = &m[*subnet];
                Some(s.public_ip.map_or(s.decl.name_span, |p| p.span))
            }
            Fact::SubnetIpv6 { subnet } | Fact::SubnetNoIpv6 { subnet } => {
                Some(m[*subnet].decl.name_span)
            }
            Fact::IgwAttached { igw, .. }
            | Fact::IgwOtherVpc { igw }
            | Fact::ReplyIgwOtherVpc { igw } => Some(m[*igw].vpc.span),
            Fact::LbOutbound { lb } | Fact::LbNoIpv6 { lb } => Some(m[*lb].decl.name_span),
            Fact::LbInternal { lb } | Fact::LbInternetFacing { lb } => {
                let l = &m[*lb];
                Some(l.scheme.map_or(l.decl.name_span, |s| s.span))
            }
            Fact::HostsNoPublic { class } => Some(m[self.class(class).subnet].decl.name_span),
            Fact::NatOtherVpc { nat } => Some(m[*nat].subnet.span),
            Fact::NatIpv4Only { nat } | Fact::NatNoEip { nat } | Fact::NatForwards { nat } => {
                Some(m[*nat].decl.name_span)
            }
            Fact::NatPrivate { nat } => {
                let n = &m[*nat];
                Some(n.connectivity.map_or(n.decl.name_span, |c| c.span))
            }
            Fact::ReplyViaNat { route, .. } => route.map(|(t, i)| m[t].routes[i].span),
            Fact::ReplyNoRoute { table, .. } => table.map(|t| m[t].decl.name_span),
            Fact::ReplyViaEndpoint { endpoint } => Some(m[*endpoint].decl.name_span),
            Fact::PeeringOtherVpc { peering, .. }
            | Fact::PeeringCarries { peering }
            | Fact::PeeringNotTransitive { peering }
            | Fact::PeeringEntry { peering, .. } => Some(m[*peering].decl.name_span),
            Fact::TgwAttached { tgw, .. }
            | Fact::TgwNetworks { tgw }
            | Fact::TgwNoNetwork { tgw } => Some(m[*tgw].decl.name_span),
            Fact::TgwNoZone { tgw, .. } => Some(
                m[*tgw]
                    .attachments
                    .first()
                    .map_or(m[*tgw].decl.name_span, |a| a.span),
            ),
            Fact::NoRouteBack { subnet, table, .. } => {
                Some(table.map_or(m[*subnet].decl.name_span, |t| m[t].decl.name_span))
            }
        }
    }

    /// "app-1", "app-asg", "app-1, app-2 and 3 more" — for messages.
    pub fn class_names(&self, c: &Class) -> String {
        let m = self.model;
        let names: Vec<&str> = c
            .members
            .iter()
            .map(|x| super::classes::member_name(m, *x))
            .collect();
        match names.len() {
            0 if c.kind == ClassKind::Subnet => {
                format!("any host in subnet {}", m[c.subnet].decl.name)
            }
            0 => format!("addresses in {}", m[c.subnet].decl.name),
            1..=3 => names.join(", "),
            n => format!("{}, {} and {} more", names[0], names[1], n - 2),
        }
    }

    /// Why a word names no endpoint.
    pub fn endpoint_error_text(&self, e: &EndpointError) -> String {
        let m = self.model;
        match e {
            EndpointError::BadCidr { word } => format!("`{word}` is not a valid CIDR"),
            EndpointError::BadService { word } => format!(
                "`{word}` names no service: write `service:<name>`, e.g. `service:s3` or `service:ssm`"
            ),
            EndpointError::BadPeer { word, suggestion } => match suggestion {
                Some(s) => format!("`{word}` names no vpc-peering; did you mean `peer:{s}`?"),
                None => format!(
                    "`{word}` names no vpc-peering: write `peer:<name>` with the name of a vpc-peering block"
                ),
            },
            EndpointError::UnknownSubnet {
                word,
                suggestion: Some(s),
            } => format!("no subnet named `{word}`; did you mean `subnet:{s}`?"),
            EndpointError::UnknownSubnet { word, .. } => {
                let names: Vec<&str> = m.subnets.iter().map(|s| s.decl.name.as_str()).collect();
                if names.is_empty() {
                    format!("`{word}` names no subnet: the file declares none")
                } else {
                    let shown = names.iter().take(8).map(|n| format!("subnet:{n}"));
                    let more = if names.len() > 8 { ", …" } else { "" };
                    format!(
                        "`{word}` names no subnet: write `subnet:<name>` with a declared subnet ({}{more})",
                        shown.collect::<Vec<_>>().join(", ")
                    )
                }
            }
            EndpointError::NotAnEndpoint { word, resource } => {
                let hint = match resource {
                    ResourceId::Subnet(s) => format!(
                        "; for any host in it write `subnet:{word}`, for its addresses its CIDR {}",
                        m[*s].cidr.node
                    ),
                    ResourceId::LaunchTemplate(_) => {
                        "; name the auto-scaling-group that uses it".into()
                    }
                    ResourceId::TargetGroup(_) => "; name the load balancer or the targets".into(),
                    _ => String::new(),
                };
                format!(
                    "`{word}` is a {}, not an endpoint: use an instance, load balancer, auto-scaling-group, file system, `internet`, a CIDR, `service:<name>` or `subnet:<name>`{hint}",
                    resource_kind(*resource)
                )
            }
            EndpointError::Unknown {
                word,
                suggestion: Some(s),
            } => format!("no endpoint named `{word}`; did you mean `{s}`?"),
            EndpointError::Unknown { word, .. } => format!(
                "no endpoint named `{word}`: use an instance, load balancer, auto-scaling-group or file system name, `internet`, a CIDR, `service:<name>` or `subnet:<name>`"
            ),
        }
    }

    pub fn query_error_text(&self, e: &QueryError) -> String {
        match e {
            QueryError::BothOutside { from, to } => format!(
                "neither `{from}` nor `{to}` is inside the network: name an instance, load balancer or Auto Scaling group, or a CIDR inside a VPC"
            ),
        }
    }

    /// What part of a leg works: "only from 203.0.113.0/24", "replies
    /// return only to ports 49152-65535".
    pub fn partial_detail(&self, leg: &Leg) -> String {
        let mut parts = Vec::new();
        if !leg.requested.is_subset(&leg.answered) {
            parts.push(format!(
                "partially reachable, {}",
                self.partial_text(&leg.requested, &leg.answered)
            ));
        } else {
            parts.push("partially reachable".to_string());
        }
        if !leg.answered.is_subset(&leg.delivered)
            && let Some(last) = leg.replies.last()
        {
            let ports = describe_ports(&last.passed.project(PORT));
            parts.push(format!("replies return only to client ports {ports}"));
        }
        parts.join("; ")
    }

    /// A listener as written: "https 443".
    pub fn listener_text(&self, lb: LbId, index: usize) -> String {
        let l = &self.model[lb].listeners[index];
        format!("{} {}", l.protocol.node, l.port.node)
    }

    /// The two ends of a backend pair in words.
    pub fn backend_ends(&self, b: &Backend) -> (String, String) {
        match &b.leg {
            Some(leg) => (self.place_text(&leg.from), self.place_text(&leg.to)),
            None => (
                format!("the nodes of {}", self.model[b.lb].decl.name),
                self.class_text(self.classes().get(b.target)),
            ),
        }
    }

    /// Why a backend pair is blocked, if it is.
    pub fn backend_blocker(&self, b: &Backend) -> Option<String> {
        let m = self.model;
        match &b.leg {
            Some(leg) => leg.first_blocker().map(|s| self.blocker_sentence(s)),
            None => Some(format!(
                "{} has no node in zone {}, and a network load balancer keeps traffic in its zones",
                m[b.lb].decl.name,
                m[self.classes().get(b.target).subnet].zone.node
            )),
        }
    }

    /// The rule a decision names, as JSON shows it: an ACL rule number or
    /// `*`, a security-group rule as written, a route's destination.
    pub fn by_rule_key(&self, by: &By) -> Option<RuleKey> {
        let m = self.model;
        let text = |s: String| Some(RuleKey::Text(s));
        match by {
            By::AclRule { acl, dir, index } => {
                Some(RuleKey::Number(m[*acl].rules(*dir)[*index].number.node))
            }
            By::AclDefault { .. } => text("*".into()),
            By::SgRule { sg, dir, index } => {
                let g = &m[*sg];
                let r = match dir {
                    Direction::In => &g.ingress[*index],
                    Direction::Out => &g.egress[*index],
                };
                text(r.text(m, *sg).to_string())
            }
            By::Route { table, index } => {
                text(m[*table].routes[*index].destination.node.to_string())
            }
            By::LocalRoute { vpc } => text(format!("local {}", m[*vpc].cidr.node)),
            By::PrefixListRoute { table, index } => {
                text(m[*table].prefix_list_routes[*index].list.node.text(m))
            }
            _ => None,
        }
    }

    /// The declared names a hop is about, and its direction if it has one.
    pub fn hop_names(&self, h: &Hop) -> (Vec<String>, Option<&'static str>) {
        let m = self.model;
        let name = |s: &str| vec![s.to_string()];
        let groups = |c| -> Vec<String> {
            self.class(c)
                .sgs
                .iter()
                .map(|g| m[*g].decl.name.clone())
                .collect()
        };
        match h {
            Hop::Listener { lb } | Hop::LbOutbound { lb } => (name(&m[*lb].decl.name), None),
            Hop::Vpc => (Vec::new(), None),
            Hop::SgEgress { class } => (groups(class), Some("outbound")),
            Hop::SgIngress { class } => (groups(class), Some("inbound")),
            Hop::Acl { acl, dir: d, .. } => (
                acl.map(|a| name(&m[a].decl.name)).unwrap_or_default(),
                Some(d.word()),
            ),
            Hop::SameSubnet { subnet } => (name(&m[*subnet].decl.name), None),
            Hop::Route { table, .. }
            | Hop::NatRoute { table, .. }
            | Hop::RouteBack { table, .. }
            | Hop::ReturnRoute { table, .. } => (
                table.map(|t| name(&m[t].decl.name)).unwrap_or_default(),
                None,
            ),
            Hop::InternetGateway { vpc } => (
                self.topo.igws_by_vpc[*vpc]
                    .iter()
                    .map(|g| m[*g].decl.name.clone())
                    .collect(),
                None,
            ),
            Hop::PublicAddress { class } => (
                self.class(class)
                    .members
                    .iter()
                    .map(|x| super::classes::member_name(m, *x).to_string())
                    .collect(),
                None,
            ),
            Hop::NatGateway { nat } => (name(&m[*nat].decl.name), None),
            Hop::Peering { peering } => (name(&m[*peering].decl.name), None),
            Hop::TransitGateway { tgw } => (name(&m[*tgw].decl.name), None),
        }
    }
}
