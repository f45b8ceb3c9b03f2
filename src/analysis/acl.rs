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

use super::set::{DST, FlowBox, FlowSet, ICMP, ICMPV6, Interval, PORT, PROTO, SRC, TCP, UDP};
use crate::model::{AclRule, Action, Direction, NetworkAcl, Protocol};

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
/// ties, which only N404 files have).
#[derive(Clone, Debug)]
pub struct PreparedAcl {
    pub inbound: Vec<PreparedRule>,
    pub outbound: Vec<PreparedRule>,
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
        PreparedAcl {
            inbound: prep(&acl.inbound),
            outbound: prep(&acl.outbound),
        }
    }

    pub fn rules(&self, dir: Direction) -> &[PreparedRule] {
        match dir {
            Direction::In => &self.inbound,
            Direction::Out => &self.outbound,
        }
    }

    /// What the rules of one direction do to a set of packets.
    pub fn evaluate(&self, dir: Direction, input: &FlowSet) -> AclEval {
        evaluate(self.rules(dir), input)
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
    pub allowed: FlowSet,
    /// Non-empty decisions in evaluation order.
    pub hits: Vec<AclHit>,
    /// What no numbered rule matched: the `*` rule denies it.
    pub default_denied: FlowSet,
}

impl AclEval {
    pub fn denied(&self) -> FlowSet {
        let mut d = self.default_denied.clone();
        for h in self.hits.iter().filter(|h| !h.allow) {
            d.union_with(&h.set);
        }
        d
    }
}

/// Evaluate sorted rules over a set of packets.
pub fn evaluate(rules: &[PreparedRule], input: &FlowSet) -> AclEval {
    let mut left = input.clone();
    let mut out = AclEval::default();
    for r in rules {
        if left.is_empty() {
            break;
        }
        if !left.intersects_box(&r.matches) {
            continue;
        }
        let m = left.intersect_box(&r.matches);
        left = left.subtract_box(&r.matches);
        if r.allow {
            out.allowed.union_with(&m);
        }
        out.hits.push(AclHit {
            index: r.index,
            allow: r.allow,
            set: m,
        });
    }
    out.default_denied = left;
    out
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
        assert!(ev.allowed.is_empty());
        assert_eq!(ev.hits.len(), 1);
        assert_eq!(ev.hits[0].index, 1);
        let good = tcp_from("203.0.113.0/24", 22);
        let ev = evaluate(prep.rules(Direction::In), &good);
        assert_eq!(ev.allowed, good);
        let other_port = tcp_from("203.0.113.0/24", 23);
        let ev = evaluate(prep.rules(Direction::In), &other_port);
        assert_eq!(ev.default_denied, other_port);
        let _ = V4;
    }
}
