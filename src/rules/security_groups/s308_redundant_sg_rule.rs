//! S308 redundant-sg-rule.
//!
//! Quadratic within one group's rules (a handful), linear over the file.
//! When two rules are identical only the later one is reported, so that
//! deleting what netlint points at never deletes both. Deny rules are S301's
//! and take no part here: they neither admit traffic nor need covering.

use crate::catalog::Code;
use crate::model::{Action, Peer, Protocol, SgId, SgRule, ids};
use crate::rules::kit::security::normalize_peer;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S308,
    check,
};

/// Whether `wide` admits everything `narrow` admits (same direction
/// assumed).
pub fn covers(owner: SgId, wide: &SgRule, narrow: &SgRule) -> bool {
    let protocol =
        wide.protocol.node == Protocol::All || wide.protocol.node == narrow.protocol.node;
    let ports =
        wide.protocol.node == Protocol::All || wide.port_range().covers(narrow.port_range());
    let peer = match (
        normalize_peer(owner, wide.peer.node),
        normalize_peer(owner, narrow.peer.node),
    ) {
        (Peer::Cidr(w), Peer::Cidr(n)) => w.contains(&n),
        (w, n) => w == n,
    };
    protocol && ports && peer
}

/// Two rules that admit exactly the same traffic.
fn same(owner: SgId, a: &SgRule, b: &SgRule) -> bool {
    covers(owner, a, b) && covers(owner, b, a)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        for rules in [&sg.ingress, &sg.egress] {
            let allows: Vec<&SgRule> = rules
                .iter()
                .filter(|r| r.action.node == Action::Allow)
                .collect();
            for (i, narrow) in allows.iter().enumerate() {
                // The first rule covering this one; an identical rule only
                // counts when it comes earlier.
                let wide = allows.iter().enumerate().find(|&(j, w)| {
                    j != i && covers(id, w, narrow) && (j < i || !same(id, w, narrow))
                });
                let Some((_, wide)) = wide else {
                    continue;
                };
                let duplicate = same(id, wide, narrow);
                let (message, label, help) = if duplicate {
                    (
                        format!("security group {} has the same rule twice", sg.decl.name),
                        "duplicate of an earlier rule",
                        "delete this line",
                    )
                } else {
                    (
                        format!(
                            "a rule of security group {} is covered by a wider rule of the same group",
                            sg.decl.name
                        ),
                        "everything this allows is already allowed",
                        "delete this line: the wider rule already allows this traffic \
                         (rules of a group add up, in no order)",
                    )
                };
                cx.report(&RULE, narrow.span, message)
                    .with_label(label)
                    .with_secondary(
                        wide.span,
                        if duplicate {
                            "first written here"
                        } else {
                            "this rule covers it"
                        },
                    )
                    .with_help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, PortRange};
    use crate::span::{Span, Spanned};

    fn rule(protocol: Protocol, ports: Option<(u16, u16)>, peer: Peer) -> SgRule {
        let s = Span::default();
        SgRule {
            direction: Direction::In,
            action: Spanned::new(Action::Allow, s),
            protocol: Spanned::new(protocol, s),
            ports: ports.map(|(a, b)| Spanned::new(PortRange::new(a, b), s)),
            peer: Spanned::new(peer, s),
            span: s,
            description: None,
        }
    }

    fn cidr(s: &str) -> Peer {
        Peer::Cidr(s.parse().expect("test literal"))
    }

    #[test]
    fn coverage() {
        let me = SgId::new(0);
        let other = SgId::new(1);
        let wide = rule(Protocol::Tcp, Some((1000, 2000)), cidr("10.0.0.0/16"));
        let narrow = rule(Protocol::Tcp, Some((1500, 1500)), cidr("10.0.3.0/24"));
        assert!(covers(me, &wide, &narrow));
        assert!(!covers(me, &narrow, &wide));
        // Another protocol is not covered, `all` covers every protocol.
        let udp = rule(Protocol::Udp, Some((1500, 1500)), cidr("10.0.3.0/24"));
        assert!(!covers(me, &wide, &udp));
        let all = rule(Protocol::All, None, cidr("10.0.0.0/8"));
        assert!(covers(me, &all, &udp));
        assert!(covers(
            me,
            &all,
            &rule(Protocol::Icmp, None, cidr("10.1.0.0/16"))
        ));
        // Ports partly outside.
        let edge = rule(Protocol::Tcp, Some((1999, 2001)), cidr("10.0.3.0/24"));
        assert!(!covers(me, &wide, &edge));
        // IPv6 inside IPv4 ::/0 and the other way round are unrelated.
        let v6 = rule(Protocol::Tcp, Some((1500, 1500)), cidr("2001:db8::/64"));
        let v4all = rule(Protocol::Tcp, Some((0, 65535)), cidr("0.0.0.0/0"));
        assert!(!covers(me, &v4all, &v6));
        // `self` is the owning group, not any other group.
        let by_self = rule(Protocol::Tcp, Some((22, 22)), Peer::SelfGroup);
        let by_name = rule(Protocol::Tcp, Some((0, 1024)), Peer::Group(me));
        assert!(covers(me, &by_name, &by_self));
        assert!(!covers(other, &by_name, &by_self));
        // A group is not inside a CIDR: its members' addresses are unknown.
        assert!(!covers(me, &v4all, &by_self));
    }

    #[test]
    fn an_icmp_type_is_inside_all_icmp() {
        let me = SgId::new(0);
        let any = rule(Protocol::Icmp, None, cidr("0.0.0.0/0"));
        let echo = rule(Protocol::Icmp, Some((8, 8)), cidr("0.0.0.0/0"));
        assert!(covers(me, &any, &echo));
        assert!(!covers(me, &echo, &any));
    }
}
