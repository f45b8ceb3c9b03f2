//! S303 all-traffic-open.
//!
//! `tcp 1-65535` is treated like `tcp 0-65535`: port 0 is reserved and never
//! used by a service, so the two ranges open exactly the same services.

use super::shared::{first_user_label, open_source, opened_span, whole_internet_label};
use crate::catalog::Code;
use crate::model::{Protocol, SgRule, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S303,
    check,
};

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

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.ingress {
            let Some(source) = open_source(rule) else {
                continue;
            };
            if !opens_everything(rule) {
                continue;
            }
            let (what, label) = match rule.protocol.node {
                Protocol::All => ("all traffic", "every protocol and port".to_string()),
                p => ("every port", format!("every {p} port")),
            };
            let mut d = cx
                .report(
                    &RULE,
                    opened_span(rule),
                    format!(
                        "security group {} allows {what} from the whole internet",
                        sg.decl.name
                    ),
                )
                .with_label(label)
                .with_secondary(rule.peer.span, whole_internet_label(&source));
            if let Some((span, text)) = first_user_label(m, cx.topo, id) {
                d = d.with_secondary(span, text);
            }
            d.with_help(format!(
                "allow only the ports the hosts serve to the public (e.g. `ingress tcp 443 from {source}` \
                 for a web server), and admin ports only from known networks or security groups"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Direction, Peer, PortRange};
    use crate::span::{Span, Spanned};

    fn rule(protocol: Protocol, ports: Option<PortRange>) -> SgRule {
        let s = Span::default();
        SgRule {
            direction: Direction::In,
            action: Spanned::new(Action::Allow, s),
            protocol: Spanned::new(protocol, s),
            ports: ports.map(|p| Spanned::new(p, s)),
            peer: Spanned::new(Peer::Cidr("0.0.0.0/0".parse().expect("literal")), s),
            span: s,
        }
    }

    #[test]
    fn full_ranges_and_all_open_everything() {
        assert!(opens_everything(&rule(Protocol::All, None)));
        assert!(opens_everything(&rule(Protocol::Tcp, Some(PortRange::ALL))));
        assert!(opens_everything(&rule(
            Protocol::Udp,
            Some(PortRange::new(1, 65535))
        )));
        assert!(!opens_everything(&rule(
            Protocol::Tcp,
            Some(PortRange::new(2, 65535))
        )));
        assert!(!opens_everything(&rule(
            Protocol::Tcp,
            Some(PortRange::new(0, 65534))
        )));
        assert!(!opens_everything(&rule(Protocol::Icmp, None)));
    }
}
