//! S304 redundant-return-rule.
//!
//! An egress rule is taken for a return rule when it opens an ephemeral
//! port range (starting between 1024 and 49152, reaching at least 60999,
//! Linux's upper ephemeral port) back to a peer an ingress "service" rule
//! of the same group admits: the same CIDR or group, or a CIDR inside the
//! ingress source. An ingress rule that itself opens an ephemeral range is
//! not a service, so two symmetric high-port rules (peer-to-peer traffic)
//! are left alone.

use crate::catalog::Code;
use crate::model::{Action, Peer, Protocol, SgId, SgRule, ids};
use crate::rules::kit::security::is_ephemeral;
use crate::rules::kit::security::{normalize_peer, peer_text};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S304,
    check,
};

/// The ingress rule whose replies this egress rule re-allows, if any.
fn answered_ingress<'g>(owner: SgId, ingress: &'g [SgRule], egress: &SgRule) -> Option<&'g SgRule> {
    let target = normalize_peer(owner, egress.peer.node);
    ingress.iter().find(|i| {
        i.action.node == Action::Allow
            && (i.protocol.node == egress.protocol.node || i.protocol.node == Protocol::All)
            && !(i.protocol.node.has_ports() && is_ephemeral(i.port_range()))
            && match (normalize_peer(owner, i.peer.node), target) {
                (Peer::Cidr(src), Peer::Cidr(dst)) => src.contains(&dst),
                (a, b) => a == b,
            }
    })
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.egress {
            if rule.action.node != Action::Allow || !rule.protocol.node.has_ports() {
                continue;
            }
            let Some(ports) = rule.ports else {
                continue;
            };
            if !is_ephemeral(ports.node) {
                continue;
            }
            let Some(ingress) = answered_ingress(id, &sg.ingress, rule) else {
                continue;
            };
            let peer = peer_text(m, rule.peer.node);
            let only_egress = sg
                .egress
                .iter()
                .filter(|r| r.action.node == Action::Allow)
                .count()
                == 1;
            let help = if only_egress {
                format!(
                    "replace it with the outbound traffic the hosts start themselves (e.g. \
                     `egress tcp 443 to 0.0.0.0/0`); deleting {}'s only egress rule would \
                     bring back the default of allowing all outbound traffic",
                    sg.decl.name
                )
            } else {
                "delete this line: replies to admitted connections leave whatever the egress rules say"
                    .to_string()
            };
            cx.report(
                &RULE,
                ports.span,
                format!(
                    "egress rule of security group {} re-allows replies to {peer}, which \
                         security groups allow automatically",
                    sg.decl.name
                ),
            )
            .with_label("ephemeral ports: where replies go")
            .with_secondary(
                ingress.span,
                "replies to this traffic are allowed automatically (stateful)",
            )
            .with_help(help)
            .with_note(
                "network ACLs are stateless and do need a rule for the ephemeral ports; \
                     security groups are not",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PortRange;

    #[test]
    fn ephemeral_ranges() {
        assert!(is_ephemeral(PortRange::new(1024, 65535)));
        assert!(is_ephemeral(PortRange::new(32768, 65535)));
        assert!(is_ephemeral(PortRange::new(32768, 60999)));
        assert!(is_ephemeral(PortRange::new(49152, 65535)));
        assert!(!is_ephemeral(PortRange::new(0, 65535)));
        assert!(!is_ephemeral(PortRange::new(443, 443)));
        assert!(!is_ephemeral(PortRange::new(60000, 65535)));
        assert!(!is_ephemeral(PortRange::new(1024, 5000)));
    }
}
