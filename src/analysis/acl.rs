//! Network-ACL evaluation over sets of traffic — the one code path that the
//! N rules and the reachability engine share.
//!
//! AWS evaluates an ACL per packet: rules by ascending number, the first
//! rule that matches decides, and the fixed `*` rule denies the rest.
//! Over a set `H` of packets that becomes
//!
//! ```text
//! left = H; allowed = ∅
//! for rule by number: m = left ∩ rule
//!     if allow { allowed ∪= m }
//!     left −= rule
//! denied by `*` = left
//! ```
//!
//! and the part each rule decided (`m`) is kept, so explanations can say
//! "inbound rule 120 denies tcp 22 from 0.0.0.0/0".

use super::set::{
    DST, FlowBox, FlowSet, ICMP, ICMPV6, Interval, Matcher, PORT, PROTO, SRC, TCP, UDP,
};
use crate::model::{AclRule, Action, Direction, NetworkAcl, Protocol};
use std::sync::OnceLock;

/// The protocol numbers a rule's protocol covers.
pub fn proto_interval(p: Protocol) -> Interval {
    match p {
        Protocol::Tcp => Interval::point(TCP),
        Protocol::Udp => Interval::point(UDP),
        Protocol::Icmp => Interval::point(ICMP),
        Protocol::Icmpv6 => Interval::point(ICMPV6),
        Protocol::All => Interval::new(0, 255),
    }
}

/// The packets one ACL rule matches: inbound rules match the source CIDR,
/// outbound rules the destination; the port range is always the
/// destination port.
pub fn rule_box(r: &AclRule) -> FlowBox {
    let (fam, addrs) = super::set::cidr(&r.cidr.node);
    let b = FlowBox::family(fam).with(PROTO, proto_interval(r.protocol.node));
    let b = match r.direction {
        Direction::In => b.with(SRC, addrs),
        Direction::Out => b.with(DST, addrs),
    };
    match r.ports {
        Some(p) => b.with(PORT, Interval::new(p.node.from.into(), p.node.to.into())),
        None => b,
    }
}

/// One rule ready for evaluation.
#[derive(Clone, Debug)]
pub struct PreparedRule {
    /// Index into `NetworkAcl::rules(direction)` (file order).
    pub index: usize,
    pub number: u32,
    pub allow: bool,
    pub matches: FlowBox,
}

/// An ACL's rules of both directions, sorted by number (file order breaks
/// ties, which only N404 files have), ready for matching; what each
/// direction does to every packet is computed once, on first use (N401 and
/// N402 both need it).
#[derive(Debug)]
pub struct PreparedAcl {
    pub inbound: Vec<PreparedRule>,
    pub outbound: Vec<PreparedRule>,
    matchers: [Matcher; 2],
    universe: [OnceLock<AclEval>; 2],
}

fn slot(dir: Direction) -> usize {
    match dir {
        Direction::In => 0,
        Direction::Out => 1,
    }
}

impl PreparedAcl {
    pub fn new(acl: &NetworkAcl) -> Self {
        let prep = |rules: &[AclRule]| {
            let mut v: Vec<PreparedRule> = rules
                .iter()
                .enumerate()
                .map(|(index, r)| PreparedRule {
                    index,
                    number: r.number.node,
                    allow: r.action.node == Action::Allow,
                    matches: rule_box(r),
                })
                .collect();
            v.sort_by_key(|r| (r.number, r.index));
            v
        };
        let (inbound, outbound) = (prep(&acl.inbound), prep(&acl.outbound));
        let matcher = |v: &[PreparedRule]| Matcher::new(v.iter().map(|r| r.matches));
        PreparedAcl {
            matchers: [matcher(&inbound), matcher(&outbound)],
            inbound,
            outbound,
            universe: [OnceLock::new(), OnceLock::new()],
        }
    }

    pub fn rules(&self, dir: Direction) -> &[PreparedRule] {
        match dir {
            Direction::In => &self.inbound,
            Direction::Out => &self.outbound,
        }
    }

    /// The rules (positions in [`PreparedAcl::rules`]) before the one at
    /// `pos` that overlap it.
    pub fn overlapping_before(&self, dir: Direction, pos: usize) -> Vec<usize> {
        self.matchers[slot(dir)].overlapping_before(pos)
    }

    /// What the rules of one direction do to a set of packets.
    pub fn evaluate(&self, dir: Direction, input: &FlowSet) -> AclEval {
        decide(
            self.rules(dir),
            input.first_match(&self.matchers[slot(dir)]),
        )
    }

    /// What the rules of one direction let through: the set
    /// `evaluate(dir, input).allowed()` gives, without each rule's part
    /// (the reachability engine's verdict-only mode asks this per hop).
    pub fn passed(&self, dir: Direction, input: &FlowSet) -> FlowSet {
        let rules = self.rules(dir);
        input.first_match_passed(&self.matchers[slot(dir)], |pos| rules[pos].allow)
    }

    /// What the rules of one direction do to every packet.
    pub fn universe(&self, dir: Direction) -> &AclEval {
        self.universe[slot(dir)].get_or_init(|| self.evaluate(dir, &FlowSet::universe()))
    }

    /// Whether the rules of one direction let every packet through (no
    /// deny rule takes anything and no packet falls to the `*` rule): then
    /// whatever set crosses them passes whole. Decided once per direction,
    /// from [`PreparedAcl::universe`].
    pub fn allows_all(&self, dir: Direction) -> bool {
        let u = self.universe(dir);
        u.default_denied.is_empty() && u.hits.iter().all(|h| h.allow)
    }
}

/// The part of the input one rule decided.
#[derive(Clone, Debug)]
pub struct AclHit {
    /// Index into `NetworkAcl::rules(direction)`.
    pub index: usize,
    pub allow: bool,
    pub set: FlowSet,
}

/// What an ACL does to a set of packets.
#[derive(Clone, Debug, Default)]
pub struct AclEval {
    /// Non-empty decisions in evaluation order (disjoint sets).
    pub hits: Vec<AclHit>,
    /// What no numbered rule matched: the `*` rule denies it.
    pub default_denied: FlowSet,
}

impl AclEval {
    /// What the allowing rules let through (computed on request: N401
    /// evaluates replies thousands of times on a long ACL and needs only
    /// what is denied).
    pub fn allowed(&self) -> FlowSet {
        FlowSet::union_disjoint(self.hits.iter().filter(|h| h.allow).map(|h| &h.set))
    }

    pub fn denied(&self) -> FlowSet {
        FlowSet::union_disjoint(
            self.hits
                .iter()
                .filter(|h| !h.allow)
                .map(|h| &h.set)
                .chain([&self.default_denied]),
        )
    }
}

/// Evaluate sorted rules over a set of packets.
pub fn evaluate(rules: &[PreparedRule], input: &FlowSet) -> AclEval {
    let matcher = Matcher::new(rules.iter().map(|r| r.matches));
    decide(rules, input.first_match(&matcher))
}

/// The decisions of a first-match split.
fn decide(rules: &[PreparedRule], fm: super::set::FirstMatch) -> AclEval {
    let hits: Vec<AclHit> = fm
        .taken
        .into_iter()
        .map(|(pos, set)| AclHit {
            index: rules[pos].index,
            allow: rules[pos].allow,
            set,
        })
        .collect();
    AclEval {
        hits,
        default_denied: fm.left,
    }
}

#[cfg(test)]
mod tests {
    use super::super::set::{V4, cidr};
    use super::*;
    use crate::model::PortRange;
    use crate::span::{Span, Spanned};

    fn rule(
        dir: Direction,
        n: u32,
        allow: bool,
        p: Protocol,
        ports: Option<(u16, u16)>,
        c: &str,
    ) -> AclRule {
        let sp = Span::default();
        AclRule {
            direction: dir,
            number: Spanned::new(n, sp),
            action: Spanned::new(if allow { Action::Allow } else { Action::Deny }, sp),
            protocol: Spanned::new(p, sp),
            ports: ports.map(|(a, b)| Spanned::new(PortRange::new(a, b), sp)),
            cidr: Spanned::new(c.parse().unwrap(), sp),
            span: sp,
        }
    }

    fn tcp_from(c: &str, port: u128) -> FlowSet {
        let (f, iv) = cidr(&c.parse().unwrap());
        FlowSet::from(
            FlowBox::family(f)
                .with(SRC, iv)
                .with(PROTO, Interval::point(TCP))
                .with(PORT, Interval::point(port)),
        )
    }

    #[test]
    fn first_match_wins_by_number_not_file_order() {
        // A deny numbered 90 written after an allow numbered 100 still wins.
        let acl_rules = [
            rule(
                Direction::In,
                100,
                true,
                Protocol::Tcp,
                Some((22, 22)),
                "0.0.0.0/0",
            ),
            rule(
                Direction::In,
                90,
                false,
                Protocol::Tcp,
                Some((22, 22)),
                "198.51.100.0/24",
            ),
        ];
        let acl = NetworkAcl {
            decl: crate::model::Decl {
                name: "a".into(),
                name_span: Span::default(),
                kind_span: Span::default(),
                span: Span::default(),
            },
            vpc: Spanned::new(crate::model::Id::new(0), Span::default()),
            subnets: Default::default(),
            inbound: acl_rules.to_vec(),
            outbound: vec![],
        };
        let prep = PreparedAcl::new(&acl);
        let bad = tcp_from("198.51.100.7/32", 22);
        let ev = evaluate(prep.rules(Direction::In), &bad);
        assert!(ev.allowed().is_empty());
        assert_eq!(ev.hits.len(), 1);
        assert_eq!(ev.hits[0].index, 1);
        let good = tcp_from("203.0.113.0/24", 22);
        let ev = evaluate(prep.rules(Direction::In), &good);
        assert_eq!(ev.allowed(), good);
        let other_port = tcp_from("203.0.113.0/24", 23);
        let ev = evaluate(prep.rules(Direction::In), &other_port);
        assert_eq!(ev.default_denied, other_port);
        let _ = V4;
    }
}
