//! S305 ssh-bypasses-bastion.
//!
//! Reported once per rule, at the CIDR: a group worn by several private
//! hosts is one mistake, not one per host. Only a bastion in the group's own
//! VPC counts: a bastion elsewhere cannot be the way in (and its group could
//! not be named across VPCs anyway, S306).

use crate::catalog::Code;
use crate::model::{Action, Peer, Protocol, SgRule, ids};
use crate::rules::kit::hosts::{Host, bastions_by_vpc, user_host};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S305,
    check,
};

/// The admin services this rule is about: SSH over TCP, RDP over TCP or
/// UDP.
fn admin_services(rule: &SgRule) -> Vec<&'static str> {
    use crate::rules::kit::security::admits;
    let mut v = Vec::new();
    if admits(rule, Protocol::Tcp, 22) {
        v.push("SSH");
    }
    if admits(rule, Protocol::Tcp, 3389) || admits(rule, Protocol::Udp, 3389) {
        v.push("RDP");
    }
    v
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    if !Host::all(m).any(|h| h.is_bastion(m)) {
        return;
    }
    let bastions = bastions_by_vpc(m, topo);
    for (id, sg) in ids(&m.security_groups) {
        let Some(bastion) = bastions[sg.vpc.node] else {
            continue;
        };
        // The first private, non-bastion host wearing the group.
        let Some((host, subnet)) = topo.sg_users[id]
            .iter()
            .filter_map(|&u| user_host(u))
            .filter(|h| !h.is_bastion(m))
            .find_map(|h| h.private_subnet(m, topo).map(|s| (h, s)))
        else {
            continue;
        };
        for rule in &sg.ingress {
            if rule.action.node != Action::Allow {
                continue;
            }
            let Peer::Cidr(cidr) = rule.peer.node else {
                continue;
            };
            let services = admin_services(rule);
            if services.is_empty() {
                continue;
            }
            let what = services.join(" and ");
            let (subject, s) = host.subject(m);
            let mut d = cx
                .report(
                    &RULE,
                    rule.peer.span,
                    format!(
                        "{subject} in private subnet {} accept{s} {what} from {cidr}, bypassing {}",
                        m[subnet.node].decl.name,
                        bastion.bastion_subject(m).0
                    ),
                )
                .with_label("a CIDR: every host in it can connect");
            if let Some(span) = bastion.bastion_span(m) {
                d = d.with_secondary(span, "the bastion admins should come through");
            }
            let used_at = host
                .security_groups(m)
                .iter()
                .find(|g| g.node == id)
                .map(|g| g.span);
            if let Some(span) = used_at {
                d = d.with_secondary(span, format!("{} uses {}", host.describe(m), sg.decl.name));
            }
            let help = match bastion.security_groups(m).items.first() {
                Some(g) if g.node != id => {
                    let lines: Vec<String> = services
                        .iter()
                        .map(|s| {
                            let port = if *s == "SSH" { 22 } else { 3389 };
                            format!("`ingress tcp {port} from {}`", m[g.node].decl.name)
                        })
                        .collect();
                    format!(
                        "allow {what} from the bastion's security group instead of {cidr}: {}",
                        lines.join(" and ")
                    )
                }
                _ => format!(
                    "give {} a security group of its own and allow {what} from that group \
                     instead of {cidr}",
                    bastion.name(m)
                ),
            };
            d.with_help(help);
        }
    }
}
