//! Paths: the hops a packet meets from one place to another, and back.
//!
//! A *leg* is one linear path between a source and a destination place for
//! a set of packets. Each hop is a filter; the engine records what entered
//! it, what passed, and which rule decided which part. Routing is the only
//! fork: traffic to the internet is first split by the source route table
//! (longest prefix match) into one leg per route target, so every leg stays
//! linear and explainable.
//!
//! Coordinates: forward hops see packets as (client address, server
//! address, protocol, server port). Replies are checked in reply
//! coordinates — addresses swapped, the port field holding the client's
//! ephemeral port (or a NAT gateway's, 1024–65535) — because stateless ACLs
//! match the reply's destination port. Security groups are stateful and
//! never see replies.

use super::Analysis;
use super::acl::evaluate;
use super::classes::{Class, ClassId, ClassKind};
use super::set::*;
use crate::model::*;

/// Where traffic starts or ends.
#[derive(Clone, Debug)]
pub enum Place {
    /// Addresses outside every VPC of the file (the internet, or a CIDR),
    /// reached through an internet gateway.
    Outside(AddrSet),
    /// A class of interfaces declared in the file.
    Class(ClassId),
    /// Addresses of a subnet that belong to no declared interface (a CIDR
    /// endpoint inside a VPC): no security group filters them.
    Adhoc(Box<Class>),
}

/// A set of addresses of one family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrSet {
    pub fam: u128,
    /// Sorted, merged.
    pub ivs: Vec<Interval>,
}

impl AddrSet {
    pub fn new(fam: u128, mut ivs: Vec<Interval>) -> Self {
        merge_intervals(&mut ivs);
        AddrSet { fam, ivs }
    }

    pub fn is_empty(&self) -> bool {
        self.ivs.is_empty()
    }
}

/// Protocols and ports asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Traffic {
    /// (protocol numbers, destination ports).
    pub parts: Vec<(Interval, Interval)>,
}

impl Traffic {
    pub fn tcp(ports: &[u16]) -> Self {
        Traffic {
            parts: ports
                .iter()
                .map(|p| (Interval::point(TCP), Interval::point(u128::from(*p))))
                .collect(),
        }
    }

    pub fn tcp_range(from: u16, to: u16) -> Self {
        Traffic {
            parts: vec![(Interval::point(TCP), Interval::new(from.into(), to.into()))],
        }
    }

    /// Every packet from `src` to `dst` of this traffic.
    pub fn flows(&self, fam: u128, src: &[Interval], dst: &[Interval]) -> FlowSet {
        FlowSet::from_boxes(self.parts.iter().flat_map(|(proto, port)| {
            src.iter().flat_map(move |s| {
                dst.iter().map(move |d| {
                    FlowBox::family(fam)
                        .with(SRC, *s)
                        .with(DST, *d)
                        .with(PROTO, *proto)
                        .with(PORT, *port)
                })
            })
        }))
    }
}

/// A component on the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    /// The load balancer's listeners select what it accepts.
    Listener { lb: LbId },
    /// Both ends must be in one VPC (the language has no peering).
    Vpc,
    /// Outbound rules of the source's security groups.
    SgEgress { class: Box<Class> },
    /// Inbound rules of the destination's security groups.
    SgIngress { class: Box<Class> },
    /// A subnet's network ACL in one direction.
    Acl {
        subnet: SubnetId,
        acl: Option<AclId>,
        dir: Direction,
    },
    /// Source and destination share a subnet: no ACL applies.
    SameSubnet { subnet: SubnetId },
    /// The route table of a subnet, looking up the destination.
    Route {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// The route table of the destination subnet, looking up the client:
    /// replies must leave through an internet gateway.
    ReturnRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// An internet gateway attached to the VPC.
    InternetGateway { vpc: VpcId },
    /// The interface needs a public address for the gateway to translate.
    PublicAddress { class: Box<Class> },
    /// A NAT gateway forwarding to the internet.
    NatGateway { nat: NatId },
    /// The route table of the NAT gateway's subnet.
    NatRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// Load balancer nodes open connections only to their targets.
    LbOutbound { lb: LbId },
}

/// Who decided a part of the traffic at a hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum By {
    AclRule {
        acl: AclId,
        dir: Direction,
        index: usize,
    },
    /// The fixed `*` rule.
    AclDefault {
        acl: AclId,
        dir: Direction,
    },
    /// No custom ACL: the VPC's default ACL allows everything.
    DefaultAcl {
        subnet: SubnetId,
    },
    SameSubnet,
    SgRule {
        sg: SgId,
        dir: Direction,
        index: usize,
    },
    /// A group without `egress` lines allows all outbound traffic.
    SgDefaultEgress {
        sg: SgId,
    },
    /// No rule of the groups admits it; `note` says why a group reference
    /// that seems to fit does not.
    SgNone {
        dir: Direction,
        note: Option<String>,
    },
    /// The interface has no group: the VPC's default group applies.
    DefaultSg {
        dir: Direction,
        allow: bool,
    },
    /// A network LB without security groups passes all traffic.
    NoSgs {
        lb: LbId,
    },
    Route {
        table: RouteTableId,
        index: usize,
    },
    LocalRoute {
        vpc: VpcId,
    },
    NoRoute {
        table: Option<RouteTableId>,
        subnet: SubnetId,
    },
    Listener {
        lb: LbId,
        index: usize,
    },
    NoListener {
        lb: LbId,
    },
    /// Anything else, in words, with the declaration it is about.
    Fact {
        text: String,
        span: Option<crate::span::Span>,
    },
}

/// A part of a hop's input and what happened to it.
#[derive(Clone, Debug)]
pub struct Decision {
    pub set: FlowSet,
    pub allow: bool,
    pub by: By,
}

/// One hop of a leg.
#[derive(Clone, Debug)]
pub struct Step {
    pub hop: Hop,
    /// Whether this hop carries replies (reply coordinates).
    pub reply: bool,
    pub input: FlowSet,
    pub passed: FlowSet,
    pub decisions: Vec<Decision>,
}

impl Step {
    pub fn blocked(&self) -> FlowSet {
        self.input.subtract(&self.passed)
    }

    pub fn blocks(&self) -> bool {
        !self.input.is_subset(&self.passed)
    }
}

/// One linear path and its verdict.
#[derive(Clone, Debug)]
pub struct Leg {
    pub from: Place,
    pub to: Place,
    pub requested: FlowSet,
    pub forward: Vec<Step>,
    pub replies: Vec<Step>,
    /// Forward packets that arrive.
    pub reached: FlowSet,
    /// Arrive, and every reply returns (whatever ephemeral port).
    pub delivered: FlowSet,
    /// Arrive, and replies return for some ephemeral ports.
    pub answered: FlowSet,
}

impl Leg {
    /// The first hop (forward, then replies) that stops part of the
    /// traffic.
    pub fn first_blocker(&self) -> Option<&Step> {
        self.forward
            .iter()
            .chain(&self.replies)
            .find(|s| s.blocks())
    }

    pub fn blockers(&self) -> impl Iterator<Item = &Step> {
        self.forward
            .iter()
            .chain(&self.replies)
            .filter(|s| s.blocks())
    }
}

/// Evaluate each hop on what the previous hops let through (`Normal`), or
/// on everything asked (`AllBlockers`: "as if it had passed", to list every
/// blocker, not only the first). The verdict is the same in both modes,
/// because every hop is a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    AllBlockers,
}

/// The identity of the other side, as security-group rules see it.
#[derive(Clone, Copy, Debug)]
enum Peer<'p> {
    Groups(&'p [SgId]),
    /// In the VPC's default group (an interface declared without groups).
    DefaultGroup,
    /// Addresses in the VPC without a group (a network LB without groups,
    /// or a CIDR endpoint).
    NoGroup,
    /// The internet: never matches a group reference.
    Outside,
}

fn peer_of<'c>(m: &Model, c: &'c Class) -> Peer<'c> {
    if !c.sgs.is_empty() {
        return Peer::Groups(&c.sgs);
    }
    match c.kind {
        ClassKind::Hosts => Peer::DefaultGroup,
        ClassKind::LbNode(lb) if m[lb].lb_type.node == LbType::Application => Peer::DefaultGroup,
        _ => Peer::NoGroup,
    }
}

struct ReplyGroup {
    /// Ephemeral range of whoever receives these replies.
    eph: Interval,
    hops: Vec<(SubnetId, Direction)>,
}

/// Ports the replies of one protocol go to: tcp/udp the receiver's
/// ephemeral ports, ICMP echo reply (type 0, ICMPv6 129), other protocols
/// have no port.
pub fn reply_port_parts(proto: Interval, eph: Interval) -> Vec<(Interval, Interval)> {
    let special = [
        (ICMP, Interval::point(0)),
        (TCP, eph),
        (UDP, eph),
        (ICMPV6, Interval::point(129)),
    ];
    let mut out = Vec::new();
    let mut lo = proto.lo;
    for (p, ports) in special {
        if p < proto.lo || p > proto.hi {
            continue;
        }
        if lo < p {
            out.push((Interval::new(lo, p - 1), Interval::new(0, 65535)));
        }
        out.push((Interval::point(p), ports));
        lo = p + 1;
    }
    if lo <= proto.hi {
        out.push((Interval::new(lo, proto.hi), Interval::new(0, 65535)));
    }
    out
}

const ALL_PORTS: Interval = Interval::new(0, 65535);

struct Builder<'b> {
    mode: Mode,
    requested: FlowSet,
    cur: FlowSet,
    steps: Vec<Step>,
    _an: std::marker::PhantomData<&'b ()>,
}

impl Builder<'_> {
    fn new(requested: FlowSet, mode: Mode) -> Self {
        Builder {
            mode,
            cur: requested.clone(),
            requested,
            steps: Vec::new(),
            _an: std::marker::PhantomData,
        }
    }

    fn step(&mut self, hop: Hop, f: impl FnOnce(&FlowSet) -> (FlowSet, Vec<Decision>)) {
        let input = match self.mode {
            Mode::Normal => self.cur.clone(),
            Mode::AllBlockers => self.requested.clone(),
        };
        let (passed, decisions) = f(&input);
        self.cur = match self.mode {
            Mode::Normal => passed.clone(),
            Mode::AllBlockers => self.cur.intersect(&passed),
        };
        self.steps.push(Step {
            hop,
            reply: false,
            input,
            passed,
            decisions,
        });
    }

    /// A hop that passes everything or nothing.
    fn gate(&mut self, hop: Hop, ok: bool, by: By) {
        self.step(hop, |input| {
            let d = Decision {
                set: input.clone(),
                allow: ok,
                by,
            };
            let passed = if ok { input.clone() } else { FlowSet::empty() };
            (passed, vec![d])
        });
    }
}

impl<'a> Analysis<'a> {
    /// The class a place stands for (`None` for the outside).
    pub fn place_class<'p>(&'p self, p: &'p Place) -> Option<&'p Class> {
        match p {
            Place::Outside(_) => None,
            Place::Class(id) => Some(self.classes().get(*id)),
            Place::Adhoc(c) => Some(c),
        }
    }

    /// All legs from one place to another for some traffic. Outside to
    /// outside is not a question about the network: no legs.
    pub fn trace(&self, from: &Place, to: &Place, traffic: &Traffic, mode: Mode) -> Vec<Leg> {
        match (self.place_class(from), self.place_class(to)) {
            (Some(s), Some(d)) => vec![self.leg_internal(from, to, s, d, traffic, mode)],
            (None, Some(d)) => {
                let Place::Outside(out) = from else {
                    return Vec::new();
                };
                vec![self.leg_inbound(from, to, out, d, traffic, mode)]
            }
            (Some(s), None) => {
                let Place::Outside(out) = to else {
                    return Vec::new();
                };
                self.legs_outbound(from, to, s, out, traffic, mode)
            }
            (None, None) => Vec::new(),
        }
    }

    fn finish(&self, from: &Place, to: &Place, b: Builder<'_>, groups: &[ReplyGroup]) -> Leg {
        let reached = b.cur.clone();
        let base = match b.mode {
            Mode::Normal => reached.clone(),
            Mode::AllBlockers => b.requested.clone(),
        };
        let mut replies = Vec::new();
        let (full, some) = self.replies(&base, groups, &mut replies);
        let delivered = reached.intersect(&full);
        let answered = reached.intersect(&some);
        Leg {
            from: from.clone(),
            to: to.clone(),
            requested: b.requested,
            forward: b.steps,
            replies,
            reached,
            delivered,
            answered,
        }
    }

    /// Check replies of `base` (forward coordinates). Returns, with the
    /// port field free, the forward packets whose replies all return and
    /// those whose replies return for some ephemeral port.
    fn replies(
        &self,
        base: &FlowSet,
        groups: &[ReplyGroup],
        steps: &mut Vec<Step>,
    ) -> (FlowSet, FlowSet) {
        let base = base.with_dim(PORT, ALL_PORTS);
        let mut full = base.clone();
        let mut some = base.clone();
        for g in groups {
            let mut rin = FlowSet::empty();
            for proto in base.project(PROTO) {
                for (p, ports) in reply_port_parts(proto, g.eph) {
                    let part = base
                        .intersect_box(&FlowBox::family(V4).with(PROTO, p))
                        .union(&base.intersect_box(&FlowBox::family(V6).with(PROTO, p)));
                    rin.union_with(&part.swap_addrs().with_dim(PORT, ports));
                }
            }
            let mut s = rin.clone();
            for (subnet, dir) in &g.hops {
                let (passed, decisions) = self.acl_decide(*subnet, *dir, &s);
                steps.push(Step {
                    hop: Hop::Acl {
                        subnet: *subnet,
                        acl: self.topo.subnet_acl[subnet.index()],
                        dir: *dir,
                    },
                    reply: true,
                    input: s.clone(),
                    passed: passed.clone(),
                    decisions,
                });
                s = passed;
            }
            let denied = rin.subtract(&s);
            full = full.subtract(&denied.swap_addrs().with_dim(PORT, ALL_PORTS));
            some = some.intersect(&s.swap_addrs().with_dim(PORT, ALL_PORTS));
        }
        (full, some)
    }

    fn leg_internal(
        &self,
        from: &Place,
        to: &Place,
        s: &Class,
        d: &Class,
        traffic: &Traffic,
        mode: Mode,
    ) -> Leg {
        let requested = traffic.flows(V4, &[s.addrs], &[d.addrs]);
        let mut b = Builder::new(requested, mode);
        if let ClassKind::LbNode(lb) = d.kind {
            self.listener_step(&mut b, lb);
        }
        if s.vpc != d.vpc {
            let m = self.model;
            b.gate(
                Hop::Vpc,
                false,
                By::Fact {
                    text: format!(
                        "{} is in vpc {} and {} in vpc {}; netlint models no peering between VPCs",
                        m[s.subnet].decl.name,
                        m[s.vpc].decl.name,
                        m[d.subnet].decl.name,
                        m[d.vpc].decl.name
                    ),
                    span: None,
                },
            );
        }
        self.sg_step(&mut b, s, Direction::Out, peer_of(self.model, d));
        let same = s.subnet == d.subnet;
        if same {
            b.gate(Hop::SameSubnet { subnet: s.subnet }, true, By::SameSubnet);
        } else {
            self.acl_step(&mut b, s.subnet, Direction::Out);
            self.local_route_step(&mut b, s.subnet);
            self.acl_step(&mut b, d.subnet, Direction::In);
        }
        self.sg_step(&mut b, d, Direction::In, peer_of(self.model, s));
        let groups = if same {
            Vec::new()
        } else {
            vec![ReplyGroup {
                eph: s.ephemeral(),
                hops: vec![(d.subnet, Direction::Out), (s.subnet, Direction::In)],
            }]
        };
        self.finish(from, to, b, &groups)
    }

    fn leg_inbound(
        &self,
        from: &Place,
        to: &Place,
        out: &AddrSet,
        d: &Class,
        traffic: &Traffic,
        mode: Mode,
    ) -> Leg {
        let m = self.model;
        let requested = traffic.flows(out.fam, &out.ivs, &[d.addrs]);
        // IPv6 packets carry IPv6 addresses on the destination side too.
        let requested = if out.fam == V6 {
            requested.with_dim(DST, addr_space(V6))
        } else {
            requested
        };
        let mut b = Builder::new(requested, mode);
        if let ClassKind::LbNode(lb) = d.kind {
            self.listener_step(&mut b, lb);
        }
        let igws = &self.topo.igws_by_vpc[d.vpc.index()];
        let by = match igws.first() {
            Some(g) => By::Fact {
                text: format!(
                    "internet gateway {} is attached to vpc {}",
                    m[*g].decl.name, m[d.vpc].decl.name
                ),
                span: Some(m[*g].decl.name_span),
            },
            None => By::Fact {
                text: format!(
                    "vpc {} has no internet gateway, so nothing from the internet enters it",
                    m[d.vpc].decl.name
                ),
                span: Some(m[d.vpc].decl.name_span),
            },
        };
        b.gate(Hop::InternetGateway { vpc: d.vpc }, !igws.is_empty(), by);
        let (ok, by) = self.public_address(d, out.fam);
        b.gate(
            Hop::PublicAddress {
                class: Box::new(d.clone()),
            },
            ok,
            by,
        );
        self.return_route_step(&mut b, d);
        self.acl_step(&mut b, d.subnet, Direction::In);
        self.sg_step(&mut b, d, Direction::In, Peer::Outside);
        let groups = [ReplyGroup {
            eph: super::EPHEMERAL_CLIENT,
            hops: vec![(d.subnet, Direction::Out)],
        }];
        self.finish(from, to, b, &groups)
    }

    fn legs_outbound(
        &self,
        from: &Place,
        to: &Place,
        s: &Class,
        out: &AddrSet,
        traffic: &Traffic,
        mode: Mode,
    ) -> Vec<Leg> {
        let m = self.model;
        let requested = traffic.flows(out.fam, &[s.addrs], &out.ivs);
        let requested = if out.fam == V6 {
            requested.with_dim(SRC, addr_space(V6))
        } else {
            requested
        };
        if let ClassKind::LbNode(lb) = s.kind {
            let mut b = Builder::new(requested, mode);
            b.gate(
                Hop::LbOutbound { lb },
                false,
                By::Fact {
                    text: format!(
                        "load balancer {} opens connections only to its targets",
                        m[lb].decl.name
                    ),
                    span: Some(m[lb].decl.name_span),
                },
            );
            return vec![self.finish(from, to, b, &[])];
        }
        let table = self.topo.subnet_route_table[s.subnet.index()];
        let mut legs = Vec::new();
        for (choice, by, part) in self.route_partition(s.subnet, &requested, DST) {
            let mut b = Builder::new(part, mode);
            self.sg_step(&mut b, s, Direction::Out, Peer::Outside);
            self.acl_step(&mut b, s.subnet, Direction::Out);
            let routed = !matches!(choice, RouteChoice::None | RouteChoice::Local(_));
            let by = if let RouteChoice::Local(_) = choice {
                By::Fact {
                    text: "the destination is inside the VPC (local route)".into(),
                    span: None,
                }
            } else {
                by
            };
            b.gate(
                Hop::Route {
                    subnet: s.subnet,
                    table,
                },
                routed,
                by,
            );
            let mut groups = Vec::new();
            match choice {
                RouteChoice::Igw(g) => {
                    self.igw_attached_gate(&mut b, g, s.vpc);
                    let (ok, by) = self.public_address(s, out.fam);
                    b.gate(
                        Hop::PublicAddress {
                            class: Box::new(s.clone()),
                        },
                        ok,
                        by,
                    );
                    groups.push(ReplyGroup {
                        eph: s.ephemeral(),
                        hops: vec![(s.subnet, Direction::In)],
                    });
                }
                RouteChoice::Nat(n) => {
                    let nat = &m[n];
                    let ns = nat.subnet.node;
                    self.nat_gate(&mut b, n, s.vpc, out.fam);
                    if ns != s.subnet {
                        self.acl_step(&mut b, ns, Direction::In);
                    }
                    self.nat_route_step(&mut b, n);
                    self.acl_step(&mut b, ns, Direction::Out);
                    groups.push(ReplyGroup {
                        eph: super::EPHEMERAL_PROXY,
                        hops: vec![(ns, Direction::In)],
                    });
                    if ns != s.subnet {
                        groups.push(ReplyGroup {
                            eph: s.ephemeral(),
                            hops: vec![(ns, Direction::Out), (s.subnet, Direction::In)],
                        });
                    }
                }
                RouteChoice::Local(_) | RouteChoice::None => {}
            }
            legs.push(self.finish(from, to, b, &groups));
        }
        legs
    }

    fn listener_step(&self, b: &mut Builder<'_>, lb: LbId) {
        let l = &self.model[lb];
        b.step(Hop::Listener { lb }, |input| {
            let mut left = input.clone();
            let mut passed = FlowSet::empty();
            let mut ds = Vec::new();
            for (i, li) in l.listeners.iter().enumerate() {
                let port = Interval::point(li.port.node.into());
                let protos: &[u128] = match li.protocol.node {
                    LbProtocol::Udp => &[UDP],
                    LbProtocol::TcpUdp => &[TCP, UDP],
                    _ => &[TCP],
                };
                let matches = FlowSet::from_boxes(protos.iter().flat_map(|p| {
                    [V4, V6].map(|f| {
                        FlowBox::family(f)
                            .with(PROTO, Interval::point(*p))
                            .with(PORT, port)
                    })
                }));
                let hit = left.intersect(&matches);
                if !hit.is_empty() {
                    left = left.subtract(&matches);
                    passed.union_with(&hit);
                    ds.push(Decision {
                        set: hit,
                        allow: true,
                        by: By::Listener { lb, index: i },
                    });
                }
            }
            if !left.is_empty() {
                ds.push(Decision {
                    set: left,
                    allow: false,
                    by: By::NoListener { lb },
                });
            }
            (passed, ds)
        });
    }

    /// Whether a class has a public address of the family, and why.
    fn public_address(&self, c: &Class, fam: u128) -> (bool, By) {
        let m = self.model;
        match c.kind {
            ClassKind::LbNode(lb) => {
                let l = &m[lb];
                let span = l.scheme.map_or(l.decl.name_span, |s| s.span);
                if l.scheme() == Scheme::Internal {
                    return (
                        false,
                        By::Fact {
                            text: format!(
                                "load balancer {} is internal: it has no public address",
                                l.decl.name
                            ),
                            span: Some(span),
                        },
                    );
                }
                if fam == V6 && l.ip_address_type() != IpAddressType::Dualstack {
                    return (
                        false,
                        By::Fact {
                            text: format!(
                                "load balancer {} has no IPv6 address (ip-address-type ipv4)",
                                l.decl.name
                            ),
                            span: Some(l.decl.name_span),
                        },
                    );
                }
                (
                    true,
                    By::Fact {
                        text: format!("load balancer {} is internet-facing", l.decl.name),
                        span: Some(span),
                    },
                )
            }
            ClassKind::Anonymous => (
                false,
                By::Fact {
                    text: "these addresses belong to no declared interface, so no public address maps to them".into(),
                    span: None,
                },
            ),
            ClassKind::Hosts => {
                let names = self.class_names(c);
                if fam == V6 {
                    return (
                        false,
                        By::Fact {
                            text: format!("{names} has no IPv6 address"),
                            span: None,
                        },
                    );
                }
                let subnet = &m[c.subnet];
                if c.public {
                    (
                        true,
                        By::Fact {
                            text: format!("{names} has a public IPv4 address"),
                            span: None,
                        },
                    )
                } else {
                    (
                        false,
                        By::Fact {
                            text: format!(
                                "{names} has no public IP or Elastic IP (subnet {} has public-ip off), so the internet gateway has no address to translate",
                                subnet.decl.name
                            ),
                            span: Some(subnet.decl.name_span),
                        },
                    )
                }
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
            0 => format!("addresses in {}", m[c.subnet].decl.name),
            1..=3 => names.join(", "),
            n => format!("{}, {} and {} more", names[0], names[1], n - 2),
        }
    }

    fn igw_attached_gate(&self, b: &mut Builder<'_>, g: IgwId, vpc: VpcId) {
        let m = self.model;
        let igw = &m[g];
        let ok = igw.vpc.node == vpc;
        let text = if ok {
            format!(
                "internet gateway {} is attached to vpc {}",
                igw.decl.name, m[vpc].decl.name
            )
        } else {
            format!(
                "internet gateway {} is attached to vpc {}, not {}",
                igw.decl.name, m[igw.vpc.node].decl.name, m[vpc].decl.name
            )
        };
        b.gate(
            Hop::InternetGateway { vpc },
            ok,
            By::Fact {
                text,
                span: Some(igw.vpc.span),
            },
        );
    }

    fn nat_gate(&self, b: &mut Builder<'_>, n: NatId, vpc: VpcId, fam: u128) {
        let m = self.model;
        let nat = &m[n];
        let name = &nat.decl.name;
        let (ok, text, span) = if m[nat.subnet.node].vpc.node != vpc {
            (
                false,
                format!("nat gateway {name} is in another VPC"),
                nat.subnet.span,
            )
        } else if fam == V6 {
            (
                false,
                format!("nat gateway {name} translates IPv4 only"),
                nat.decl.name_span,
            )
        } else if nat.connectivity() == Connectivity::Private {
            (
                false,
                format!("nat gateway {name} is private: it cannot reach the internet"),
                nat.connectivity.map_or(nat.decl.name_span, |c| c.span),
            )
        } else if nat.eip.is_none() {
            (
                false,
                format!("nat gateway {name} has no Elastic IP, so it has no public address"),
                nat.decl.name_span,
            )
        } else {
            (
                true,
                format!(
                    "nat gateway {name} in {} rewrites the source to its Elastic IP",
                    m[nat.subnet.node].decl.name
                ),
                nat.decl.name_span,
            )
        };
        b.gate(
            Hop::NatGateway { nat: n },
            ok,
            By::Fact {
                text,
                span: Some(span),
            },
        );
    }

    fn nat_route_step(&self, b: &mut Builder<'_>, n: NatId) {
        let m = self.model;
        let nat = &m[n];
        let ns = nat.subnet.node;
        let vpc = m[ns].vpc.node;
        let table = self.topo.subnet_route_table[ns.index()];
        b.step(Hop::NatRoute { subnet: ns, table }, |input| {
            let mut passed = FlowSet::empty();
            let mut ds = Vec::new();
            for (choice, by, part) in self.route_partition(ns, input, DST) {
                let (allow, by) = match choice {
                    RouteChoice::Igw(g) if m[g].vpc.node == vpc => (true, by),
                    RouteChoice::Igw(g) => (
                        false,
                        By::Fact {
                            text: format!(
                                "internet gateway {} is attached to another VPC",
                                m[g].decl.name
                            ),
                            span: Some(m[g].vpc.span),
                        },
                    ),
                    RouteChoice::Nat(other) => (
                        false,
                        By::Fact {
                            text: format!(
                                "subnet {} sends it on to nat gateway {}: a NAT gateway needs a route to an internet gateway",
                                m[ns].decl.name, m[other].decl.name
                            ),
                            span: None,
                        },
                    ),
                    RouteChoice::Local(_) | RouteChoice::None => (false, by),
                };
                if allow {
                    passed.union_with(&part);
                }
                ds.push(Decision {
                    set: part,
                    allow,
                    by,
                });
            }
            (passed, ds)
        });
    }

    fn local_route_step(&self, b: &mut Builder<'_>, subnet: SubnetId) {
        let table = self.topo.subnet_route_table[subnet.index()];
        b.step(Hop::Route { subnet, table }, |input| {
            let mut passed = FlowSet::empty();
            let mut ds = Vec::new();
            for (choice, by, part) in self.route_partition(subnet, input, DST) {
                let allow = matches!(choice, RouteChoice::Local(_));
                if allow {
                    passed.union_with(&part);
                }
                ds.push(Decision {
                    set: part,
                    allow,
                    by,
                });
            }
            (passed, ds)
        });
    }

    fn return_route_step(&self, b: &mut Builder<'_>, d: &Class) {
        let m = self.model;
        let subnet = d.subnet;
        let table = self.topo.subnet_route_table[subnet.index()];
        b.step(Hop::ReturnRoute { subnet, table }, |input| {
            let mut passed = FlowSet::empty();
            let mut ds = Vec::new();
            for (choice, by, part) in self.route_partition(subnet, input, SRC) {
                let (allow, by) = match choice {
                    RouteChoice::Igw(g) if m[g].vpc.node == d.vpc => (true, by),
                    RouteChoice::Igw(g) => (
                        false,
                        By::Fact {
                            text: format!(
                                "replies would go to internet gateway {}, which is attached to another VPC",
                                m[g].decl.name
                            ),
                            span: Some(m[g].vpc.span),
                        },
                    ),
                    RouteChoice::Nat(n) => (
                        false,
                        By::Fact {
                            text: format!(
                                "subnet {} is private: replies would leave through nat gateway {}, which accepts no inbound connections",
                                m[subnet].decl.name, m[n].decl.name
                            ),
                            span: self.route_span(&by),
                        },
                    ),
                    RouteChoice::Local(_) | RouteChoice::None => (
                        false,
                        By::Fact {
                            text: format!(
                                "subnet {} is private: its route table has no route back to an internet gateway",
                                m[subnet].decl.name
                            ),
                            span: table.map(|t| m[t].decl.name_span),
                        },
                    ),
                };
                if allow {
                    passed.union_with(&part);
                }
                ds.push(Decision {
                    set: part,
                    allow,
                    by,
                });
            }
            (passed, ds)
        });
    }

    fn route_span(&self, by: &By) -> Option<crate::span::Span> {
        match by {
            By::Route { table, index } => Some(self.model[*table].routes[*index].span),
            _ => None,
        }
    }

    /// Split a set by the route each part takes (longest prefix match on
    /// field `dim`), including the implicit local route. A subnet without a
    /// route table uses the main table: local only.
    pub fn route_partition(
        &self,
        subnet: SubnetId,
        set: &FlowSet,
        dim: usize,
    ) -> Vec<(RouteChoice, By, FlowSet)> {
        let m = self.model;
        let vpc = m[subnet].vpc.node;
        let table = self.topo.subnet_route_table[subnet.index()];
        let mut routes: Vec<(u8, u128, Interval, RouteChoice, By)> = Vec::new();
        let (vf, viv) = cidr(&m[vpc].cidr.node);
        routes.push((
            m[vpc].cidr.node.prefix_len(),
            vf,
            viv,
            RouteChoice::Local(vpc),
            By::LocalRoute { vpc },
        ));
        if let Some(t) = table {
            for (i, r) in m[t].routes.iter().enumerate() {
                let (f, iv) = cidr(&r.destination.node);
                let choice = match r.target.node {
                    RouteTarget::Igw(g) => RouteChoice::Igw(g),
                    RouteTarget::Nat(n) => RouteChoice::Nat(n),
                };
                routes.push((
                    r.destination.node.prefix_len(),
                    f,
                    iv,
                    choice,
                    By::Route { table: t, index: i },
                ));
            }
        }
        // Longest prefix first; the local route wins a tie (AWS refuses a
        // route that equals the VPC block).
        routes.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut left = set.clone();
        let mut out = Vec::new();
        for (_, f, iv, choice, by) in routes {
            if left.is_empty() {
                break;
            }
            let bx = FlowBox::family(f).with(dim, iv);
            let part = left.intersect_box(&bx);
            if part.is_empty() {
                continue;
            }
            left = left.subtract_box(&bx);
            out.push((choice, by, part));
        }
        if !left.is_empty() {
            out.push((RouteChoice::None, By::NoRoute { table, subnet }, left));
        }
        out
    }

    fn acl_step(&self, b: &mut Builder<'_>, subnet: SubnetId, dir: Direction) {
        let acl = self.topo.subnet_acl[subnet.index()];
        b.step(Hop::Acl { subnet, acl, dir }, |input| {
            self.acl_decide(subnet, dir, input)
        });
    }

    /// A subnet's ACL in one direction over a set.
    pub fn acl_decide(
        &self,
        subnet: SubnetId,
        dir: Direction,
        input: &FlowSet,
    ) -> (FlowSet, Vec<Decision>) {
        match self.topo.subnet_acl[subnet.index()] {
            None => (
                input.clone(),
                vec![Decision {
                    set: input.clone(),
                    allow: true,
                    by: By::DefaultAcl { subnet },
                }],
            ),
            Some(acl) => {
                let ev = evaluate(self.prepared_acl(acl).rules(dir), input);
                let mut ds: Vec<Decision> = ev
                    .hits
                    .into_iter()
                    .map(|h| Decision {
                        set: h.set,
                        allow: h.allow,
                        by: By::AclRule {
                            acl,
                            dir,
                            index: h.index,
                        },
                    })
                    .collect();
                if !ev.default_denied.is_empty() {
                    ds.push(Decision {
                        set: ev.default_denied,
                        allow: false,
                        by: By::AclDefault { acl, dir },
                    });
                }
                (ev.allowed, ds)
            }
        }
    }

    fn sg_step(&self, b: &mut Builder<'_>, c: &Class, dir: Direction, peer: Peer<'_>) {
        if c.kind == ClassKind::Anonymous {
            return;
        }
        let hop = match dir {
            Direction::In => Hop::SgIngress {
                class: Box::new(c.clone()),
            },
            Direction::Out => Hop::SgEgress {
                class: Box::new(c.clone()),
            },
        };
        b.step(hop, |input| self.sg_decide(c, dir, peer, input));
    }

    /// The packets one security-group rule admits, given who the other side
    /// is. A group reference matches the members' private addresses, so it
    /// matches exactly when the peer is a member.
    fn sg_rule_box(&self, owner: SgId, r: &SgRule, peer: Peer<'_>) -> Option<FlowBox> {
        if r.action.node != Action::Allow {
            return None; // S301: groups are allow-only
        }
        let (fam, iv, field) = match r.peer.node {
            Peer_::Cidr(net) => {
                let (f, iv) = cidr(&net);
                (f, Some(iv), true)
            }
            Peer_::Group(g) => (V4, None, peer_in(peer, g)),
            Peer_::SelfGroup => (V4, None, peer_in(peer, owner)),
        };
        if !field {
            return None;
        }
        let mut bx = FlowBox::family(fam).with(PROTO, super::acl::proto_interval(r.protocol.node));
        if let Some(iv) = iv {
            bx = bx.with(
                match r.direction {
                    Direction::In => SRC,
                    Direction::Out => DST,
                },
                iv,
            );
        }
        if let Some(p) = r.ports {
            bx = bx.with(PORT, Interval::new(p.node.from.into(), p.node.to.into()));
        }
        Some(bx)
    }

    fn sg_decide(
        &self,
        c: &Class,
        dir: Direction,
        peer: Peer<'_>,
        input: &FlowSet,
    ) -> (FlowSet, Vec<Decision>) {
        let m = self.model;
        if c.sgs.is_empty() {
            if let ClassKind::LbNode(lb) = c.kind
                && m[lb].lb_type.node == LbType::Network
            {
                return (
                    input.clone(),
                    vec![Decision {
                        set: input.clone(),
                        allow: true,
                        by: By::NoSgs { lb },
                    }],
                );
            }
            // The VPC's default group: all outbound; inbound only from its
            // own members.
            let allow = dir == Direction::Out || matches!(peer, Peer::DefaultGroup);
            return (
                if allow {
                    input.clone()
                } else {
                    FlowSet::empty()
                },
                vec![Decision {
                    set: input.clone(),
                    allow,
                    by: By::DefaultSg { dir, allow },
                }],
            );
        }
        let mut left = input.clone();
        let mut passed = FlowSet::empty();
        let mut ds = Vec::new();
        for &g in &c.sgs {
            let sg = &m[g];
            if dir == Direction::Out && sg.default_egress() {
                if !left.is_empty() {
                    passed.union_with(&left);
                    ds.push(Decision {
                        set: std::mem::take(&mut left),
                        allow: true,
                        by: By::SgDefaultEgress { sg: g },
                    });
                }
                continue;
            }
            let rules = match dir {
                Direction::In => &sg.ingress,
                Direction::Out => &sg.egress,
            };
            for (i, r) in rules.iter().enumerate() {
                if left.is_empty() {
                    break;
                }
                let Some(bx) = self.sg_rule_box(g, r, peer) else {
                    continue;
                };
                if !left.intersects_box(&bx) {
                    continue;
                }
                let hit = left.intersect_box(&bx);
                left = left.subtract_box(&bx);
                passed.union_with(&hit);
                ds.push(Decision {
                    set: hit,
                    allow: true,
                    by: By::SgRule {
                        sg: g,
                        dir,
                        index: i,
                    },
                });
            }
        }
        if !left.is_empty() {
            let note = self.group_ref_note(c, dir, peer, &left);
            ds.push(Decision {
                set: left,
                allow: false,
                by: By::SgNone { dir, note },
            });
        }
        (passed, ds)
    }

    /// Why a group reference with fitting ports did not admit the traffic.
    fn group_ref_note(
        &self,
        c: &Class,
        dir: Direction,
        peer: Peer<'_>,
        blocked: &FlowSet,
    ) -> Option<String> {
        let m = self.model;
        for &g in &c.sgs {
            let sg = &m[g];
            let rules = match dir {
                Direction::In => &sg.ingress,
                Direction::Out => &sg.egress,
            };
            for r in rules {
                let target = match r.peer.node {
                    Peer_::Group(h) => h,
                    Peer_::SelfGroup => g,
                    Peer_::Cidr(_) => continue,
                };
                let mut bx =
                    FlowBox::family(V4).with(PROTO, super::acl::proto_interval(r.protocol.node));
                if let Some(p) = r.ports {
                    bx = bx.with(PORT, Interval::new(p.node.from.into(), p.node.to.into()));
                }
                if !blocked.intersects_box(&bx)
                    && !blocked.intersects_box(&bx.with(FAM, Interval::point(V6)))
                {
                    continue;
                }
                let gname = &m[target].decl.name;
                return Some(match peer {
                    Peer::Outside => "internet traffic never matches a group reference".to_string(),
                    Peer::NoGroup => format!(
                        "the other side is in no security group, so the reference to {gname} does not match it"
                    ),
                    Peer::DefaultGroup => {
                        format!("the other side uses the VPC's default group, not {gname}")
                    }
                    Peer::Groups(_) => format!("the other side is not a member of {gname}"),
                });
            }
        }
        None
    }
}

use crate::model::Peer as Peer_;

fn peer_in(peer: Peer<'_>, g: SgId) -> bool {
    match peer {
        Peer::Groups(gs) => gs.contains(&g),
        _ => false,
    }
}

/// Where a route sends a part of the traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteChoice {
    Local(VpcId),
    Igw(IgwId),
    Nat(NatId),
    None,
}
