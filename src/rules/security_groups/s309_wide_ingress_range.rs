//! S309 wide-ingress-range.
//!
//! Counts `::/0` like `0.0.0.0/0`: the whole IPv6 internet is as open.
//! Ranges that open every port are S303's, which is the stronger finding.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::hosts::first_user_label;
use crate::rules::kit::security::is_ephemeral;
use crate::rules::kit::security::opens_everything;
use crate::rules::kit::security::{open_source, whole_internet_label};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S309,
    check,
};

/// Widest range (in ports) tolerated from the whole internet.
const MAX_WIDTH: u32 = 1000;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.ingress {
            let Some(source) = open_source(rule) else {
                continue;
            };
            let Some(ports) = rule.ports else {
                continue;
            };
            if !rule.protocol.node.has_ports()
                || ports.node.width() <= MAX_WIDTH
                || opens_everything(rule)
            {
                continue;
            }
            let mut d = cx
                .report(
                    &RULE,
                    ports.span,
                    format!(
                        "security group {} opens {} {} ports to the whole internet",
                        sg.decl.name,
                        ports.node.width(),
                        rule.protocol.node
                    ),
                )
                .with_label(format!("{} ports", ports.node.width()))
                .with_secondary(rule.peer.span, whole_internet_label(&source));
            if let Some((span, text)) = first_user_label(m, cx.topo, id) {
                d = d.with_secondary(span, text);
            }
            if is_ephemeral(ports.node) {
                d = d
                    .with_help(
                        "delete this line if it was meant for replies: security groups are \
                         stateful and let replies to allowed connections through without a rule",
                    )
                    .with_note(
                        "the ephemeral ports need a rule in a network ACL (stateless), never in \
                         a security group",
                    );
            } else {
                d = d.with_help(format!(
                    "open only the ports the service listens on, one `ingress {} <port> from \
                     {source}` line per port or small range",
                    rule.protocol.node
                ));
            }
        }
    }
}
