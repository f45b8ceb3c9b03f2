//! S303 all-traffic-open.
//!
//! `tcp 1-65535` is treated like `tcp 0-65535`: port 0 is reserved and never
//! used by a service, so the two ranges open exactly the same services.

use crate::catalog::Code;
use crate::model::{Protocol, ids};
use crate::rules::kit::hosts::first_user_label;
use crate::rules::kit::security::opens_everything;
use crate::rules::kit::security::{open_source, opened_span, whole_internet_label};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S303,
    check,
};

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
    use crate::model::{Action, Direction, Peer, PortRange, SgRule};
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
            description: None,
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
