//! S305 ssh-bypasses-bastion.
//!
//! Reported once per rule, at the CIDR: a group worn by several private
//! hosts is one mistake, not one per host. Only a bastion in the group's own
//! VPC counts: a bastion elsewhere cannot be the way in (and its group could
//! not be named across VPCs anyway, S306).

use super::shared::{Host, bastions_by_vpc, user_host};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Action, Peer, Protocol, SgRule, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "S305",
    name: "ssh-bypasses-bastion",
    severity: Severity::Warning,
    summary: "the file declares a bastion, yet an instance in a private subnet (not a bastion itself) accepts SSH/RDP from a CIDR instead of from the bastion's security group",
    docs: r#"## What it checks
When the file declares a bastion (`role bastion` on an instance or launch
template), every instance in a private subnet that is not a bastion itself,
and every launch template whose Auto Scaling groups launch into a private
subnet: an `ingress` rule of their security groups that admits SSH (tcp 22)
or RDP (3389) from a CIDR block rather than from a security group.

## Why it matters
The point of a bastion is that admins reach private instances only through
it. A CIDR rule admits every address in the block: a rule for the bastion's
subnet also admits the NAT gateway, the load balancer nodes and every other
host there, and a rule for the VPC range admits any compromised instance in
the VPC. Naming the bastion's security group admits exactly the network
interfaces that wear that group, wherever their addresses move.

## Example
```
security-group app-sg {
  vpc main
  description "app servers"
  ingress tcp 22 from 10.0.1.0/24
}
```

## Use instead
```
security-group app-sg {
  vpc main
  description "app servers: SSH via the bastion"
  ingress tcp 22 from bastion-sg
}
```
"#,
    check: Some(check),
};

/// The admin services this rule is about: SSH over TCP, RDP over TCP or
/// UDP.
fn admin_services(rule: &SgRule) -> Vec<&'static str> {
    use super::shared::admits;
    let mut v = Vec::new();
    if admits(rule, Protocol::Tcp, 22) {
        v.push("SSH");
    }
    if admits(rule, Protocol::Tcp, 3389) || admits(rule, Protocol::Udp, 3389) {
        v.push("RDP");
    }
    v
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let topo = cx.topo;
    if !Host::all(m).any(|h| h.is_bastion(m)) {
        return;
    }
    let bastions = bastions_by_vpc(m, topo);
    for (id, sg) in ids(&m.security_groups) {
        let Some(bastion) = bastions[sg.vpc.node.index()] else {
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
            let mut d = Diagnostic::new(
                "S305",
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
            out.push(d.with_help(help));
        }
    }
}
