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
//!
//! The hops live beside this file by component: `sg` (security groups),
//! `nacl` (network ACL hops), [`route`] (route tables, internet and NAT
//! gateways), [`lb`] (listeners, nodes and targets), `reply` (replies
//! through the stateless ACLs) and `legs` (which hops a leg has).
//! Everything a hop records is data — ids, rule indexes, [`Fact`]s — and
//! [`super::explain`] puts it into words.

pub mod lb;
mod legs;
mod nacl;
mod reply;
pub mod route;
mod sg;

pub use reply::{reply_port_parts, reply_set};
pub use route::RouteChoice;

use super::Analysis;
use super::classes::{Class, ClassId};
use super::set::*;
use crate::model::*;
use std::sync::Arc;

/// A class of interfaces: one of the model's ([`super::classes::Classes`]),
/// or the ad-hoc addresses of a CIDR endpoint inside a subnet. Hops refer
/// to classes through this instead of copying them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassRef {
    Listed(ClassId),
    Adhoc(Arc<Class>),
}

/// Where traffic starts or ends.
#[derive(Clone, Debug)]
pub enum Place {
    /// Addresses outside every VPC of the file (the internet, or a CIDR),
    /// reached through an internet gateway.
    Outside(Arc<AddrSet>),
    /// A class of interfaces declared in the file.
    Class(ClassId),
    /// Addresses of a subnet that belong to no declared interface (a CIDR
    /// endpoint inside a VPC): no security group filters them.
    Adhoc(Arc<Class>),
}

impl Place {
    /// The class a place stands for (`None` for the outside).
    pub fn class_ref(&self) -> Option<ClassRef> {
        match self {
            Place::Outside(_) => None,
            Place::Class(id) => Some(ClassRef::Listed(*id)),
            Place::Adhoc(c) => Some(ClassRef::Adhoc(c.clone())),
        }
    }

    pub fn is_outside(&self) -> bool {
        matches!(self, Place::Outside(_))
    }
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

    /// All the traffic of several questions at once.
    pub fn union<'t>(all: impl IntoIterator<Item = &'t Traffic>) -> Traffic {
        Traffic {
            parts: all
                .into_iter()
                .flat_map(|t| t.parts.iter().copied())
                .collect(),
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

    /// The packets of this traffic, whatever their addresses.
    pub fn any_address(&self) -> FlowSet {
        FlowSet::from_boxes(self.parts.iter().flat_map(|(proto, port)| {
            [V4, V6].map(|f| FlowBox::family(f).with(PROTO, *proto).with(PORT, *port))
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
    SgEgress { class: ClassRef },
    /// Inbound rules of the destination's security groups.
    SgIngress { class: ClassRef },
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
    PublicAddress { class: ClassRef },
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

/// Why a group reference that seems to fit does not admit the traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefNote {
    /// Internet traffic never matches a group reference.
    Outside,
    /// The other side carries no group at all.
    NoGroup { group: SgId },
    /// The other side is in the VPC's default group.
    DefaultGroup { group: SgId },
    /// The other side carries other groups.
    NotMember { group: SgId },
}

/// A fact about the network that decides a whole hop (gateways, addresses,
/// VPC boundaries), as data; [`super::explain`] words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The two ends are in different VPCs.
    OtherVpc {
        from: SubnetId,
        from_vpc: VpcId,
        to: SubnetId,
        to_vpc: VpcId,
    },
    /// Internet traffic enters the VPC through this gateway.
    IgwEntry {
        igw: IgwId,
        vpc: VpcId,
    },
    /// The VPC has no internet gateway.
    NoIgw {
        vpc: VpcId,
    },
    /// The route's internet gateway, attached to `vpc` or not.
    IgwAttached {
        igw: IgwId,
        vpc: VpcId,
    },
    /// A NAT gateway's route leads to a gateway of another VPC.
    IgwOtherVpc {
        igw: IgwId,
    },
    /// A NAT gateway's route leads to another NAT gateway.
    NatChain {
        subnet: SubnetId,
        nat: NatId,
    },
    /// A load balancer node does not open connections to the internet.
    LbOutbound {
        lb: LbId,
    },
    /// The destination is inside the VPC: the local route keeps it there.
    LocalDestination,
    /// Public addresses of a load balancer.
    LbInternal {
        lb: LbId,
    },
    LbNoIpv6 {
        lb: LbId,
    },
    LbInternetFacing {
        lb: LbId,
    },
    /// Ad-hoc addresses have no public address.
    AdhocNoPublic,
    /// Public addresses of hosts.
    HostsNoIpv6 {
        class: ClassRef,
    },
    HostsPublic {
        class: ClassRef,
    },
    HostsNoPublic {
        class: ClassRef,
    },
    /// What a NAT gateway does with the traffic.
    NatOtherVpc {
        nat: NatId,
    },
    NatIpv4Only {
        nat: NatId,
    },
    NatPrivate {
        nat: NatId,
    },
    NatNoEip {
        nat: NatId,
    },
    NatForwards {
        nat: NatId,
    },
    /// Replies would leave through a gateway of another VPC.
    ReplyIgwOtherVpc {
        igw: IgwId,
    },
    /// Replies would leave through a NAT gateway (by this route).
    ReplyViaNat {
        subnet: SubnetId,
        nat: NatId,
        route: Option<(RouteTableId, usize)>,
    },
    /// Replies find no route to an internet gateway.
    ReplyNoRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
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
        note: Option<RefNote>,
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
    /// A fact about the network.
    Fact(Fact),
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

    /// What the hop did with what reached it.
    pub fn status(&self) -> StepStatus {
        if self.input.is_empty() {
            StepStatus::Idle
        } else if self.input.is_subset(&self.passed) {
            StepStatus::Pass
        } else if self.passed.is_empty() {
            StepStatus::Block
        } else {
            StepStatus::Partial
        }
    }
}

/// What a hop did with its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Nothing reached it.
    Idle,
    Pass,
    Partial,
    Block,
}

/// Whether traffic gets there and back. Reachable: everything arrives and
/// every reply returns. Blocked: no connection completes. Partial: some do
/// (some sources, ports, or only clients whose ephemeral ports the ACLs let
/// back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Reachable,
    Partial,
    Blocked,
}

impl Verdict {
    /// The verdict of several legs that together answer one question.
    pub fn of_all(vs: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut f = VerdictFold::default();
        for v in vs {
            f.add(v);
        }
        f.verdict()
    }
}

/// The verdict of many legs, folded as they come: reachable when all are,
/// blocked when all are (or there are none), else partial.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerdictFold {
    legs: usize,
    reachable: usize,
    blocked: usize,
}

impl VerdictFold {
    pub fn add(&mut self, v: Verdict) {
        self.legs += 1;
        self.reachable += usize::from(v == Verdict::Reachable);
        self.blocked += usize::from(v == Verdict::Blocked);
    }

    /// Whether some leg gets something through.
    pub fn any_through(&self) -> bool {
        self.blocked < self.legs
    }

    pub fn verdict(&self) -> Verdict {
        if self.blocked == self.legs {
            Verdict::Blocked
        } else if self.reachable == self.legs {
            Verdict::Reachable
        } else {
            Verdict::Partial
        }
    }
}

/// Whether the replies of what arrived come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnStatus {
    NotReached,
    Full,
    Partial,
    None,
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

    /// The one definition of "reachable" that `reach` and the X rules
    /// share.
    pub fn verdict(&self) -> Verdict {
        verdict_of(&self.requested, &self.delivered, &self.answered)
    }

    pub fn return_status(&self) -> ReturnStatus {
        if self.reached.is_empty() {
            ReturnStatus::NotReached
        } else if self.reached.is_subset(&self.delivered) {
            ReturnStatus::Full
        } else if self.answered.is_empty() {
            ReturnStatus::None
        } else {
            ReturnStatus::Partial
        }
    }
}

/// The verdict for `requested` given what was delivered and answered.
pub fn verdict_of(requested: &FlowSet, delivered: &FlowSet, answered: &FlowSet) -> Verdict {
    if answered.is_empty() {
        Verdict::Blocked
    } else if requested.is_subset(delivered) {
        Verdict::Reachable
    } else {
        Verdict::Partial
    }
}

/// Evaluate each hop on what the previous hops let through (`Normal`), or
/// on everything asked (`AllBlockers`: "as if it had passed", to list every
/// blocker, not only the first). The verdict is the same in every mode,
/// because every hop is a filter.
///
/// `Verdict` computes only what arrives and returns (`requested`,
/// `reached`, `delivered`, `answered`), recording no hops: what the X rules
/// ask of every class before they explain the few that fail. A many-piece
/// outside place (the internet is 0.0.0.0/0 less a hole per VPC) is traced
/// whole and its holes cut from the four sets at the end — exact, because
/// every hop filters packet by packet, and it keeps a question's cost
/// independent of the number of VPCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    AllBlockers,
    Verdict,
}

pub(super) const ALL_PORTS: Interval = Interval::new(0, 65535);

/// A leg under construction: the hops so far and what is still going.
struct Builder {
    mode: Mode,
    requested: FlowSet,
    cur: FlowSet,
    steps: Vec<Step>,
}

impl Builder {
    fn new(requested: FlowSet, mode: Mode) -> Self {
        Builder {
            mode,
            cur: requested.clone(),
            requested,
            steps: Vec::new(),
        }
    }

    fn step(&mut self, hop: Hop, f: impl FnOnce(&FlowSet) -> (FlowSet, Vec<Decision>)) {
        let input = match self.mode {
            Mode::Verdict => {
                if !self.cur.is_empty() {
                    self.cur = f(&self.cur).0;
                }
                return;
            }
            Mode::Normal => std::mem::take(&mut self.cur),
            Mode::AllBlockers => self.requested.clone(),
        };
        let (passed, decisions) = f(&input);
        self.cur = match self.mode {
            Mode::AllBlockers => self.cur.intersect(&passed),
            _ => passed.clone(),
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
        if self.mode == Mode::Verdict {
            if !ok {
                self.cur = FlowSet::empty();
            }
            return;
        }
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

    fn fact(&mut self, hop: Hop, ok: bool, fact: Fact) {
        self.gate(hop, ok, By::Fact(fact));
    }
}

impl<'a> Analysis<'a> {
    /// The class behind a reference.
    pub fn class<'c>(&'c self, c: &'c ClassRef) -> &'c Class {
        match c {
            ClassRef::Listed(id) => self.classes().get(*id),
            ClassRef::Adhoc(c) => c,
        }
    }

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
        match (from, to) {
            (Place::Outside(_), Place::Outside(_)) => Vec::new(),
            (Place::Outside(out), _) => {
                let d = to.class_ref().expect("inside");
                let (hull, cut) = Self::outside_hull(out, mode);
                let leg =
                    self.leg_inbound(from, to, hull.as_ref().unwrap_or(out), d, traffic, mode);
                Self::cut_outside(vec![leg], cut, SRC)
            }
            (_, Place::Outside(out)) => {
                let s = from.class_ref().expect("inside");
                let (hull, cut) = Self::outside_hull(out, mode);
                let legs = self.legs_outbound(
                    from,
                    to,
                    s,
                    (hull.as_ref().unwrap_or(out), out),
                    traffic,
                    mode,
                );
                Self::cut_outside(legs, cut, DST)
            }
            _ => {
                let s = from.class_ref().expect("inside");
                let d = to.class_ref().expect("inside");
                vec![self.leg_internal(from, to, s, d, traffic, mode)]
            }
        }
    }

    /// In `Verdict` mode, a many-piece outside place is traced as one
    /// interval (its hull); the pieces are cut back out at the end.
    fn outside_hull(out: &AddrSet, mode: Mode) -> (Option<AddrSet>, Option<&AddrSet>) {
        match (mode, out.ivs.first(), out.ivs.last()) {
            (Mode::Verdict, Some(lo), Some(hi)) if out.ivs.len() > 1 => (
                Some(AddrSet {
                    fam: out.fam,
                    ivs: vec![Interval::new(lo.lo, hi.hi)],
                }),
                Some(out),
            ),
            _ => (None, None),
        }
    }

    /// Restrict legs traced on a hull to the real outside addresses (field
    /// `dim` of forward packets); legs left with nothing asked go.
    fn cut_outside(mut legs: Vec<Leg>, cut: Option<&AddrSet>, dim: usize) -> Vec<Leg> {
        let Some(out) = cut else { return legs };
        legs.retain_mut(|l| {
            l.requested = l.requested.restrict(dim, &out.ivs);
            l.reached = l.reached.restrict(dim, &out.ivs);
            l.delivered = l.delivered.restrict(dim, &out.ivs);
            l.answered = l.answered.restrict(dim, &out.ivs);
            !l.requested.is_empty()
        });
        legs
    }

    fn finish(&self, from: &Place, to: &Place, b: Builder, groups: &[reply::ReplyGroup]) -> Leg {
        let reached = b.cur;
        let base = match b.mode {
            Mode::AllBlockers => &b.requested,
            _ => &reached,
        };
        let mut replies = Vec::new();
        let record = b.mode != Mode::Verdict;
        let (full, some) = self.replies(base, groups, record.then_some(&mut replies));
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
}
