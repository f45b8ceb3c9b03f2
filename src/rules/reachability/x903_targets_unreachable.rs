//! X903 targets-unreachable.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::path::lb::forwarded_groups;
use crate::analysis::path::{Leg, Mode, Place, Traffic, Verdict};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "X903",
    name: "targets-unreachable",
    severity: Severity::Error,
    summary: "a load balancer cannot reach its targets on the target port",
    docs: "## What it checks
For every target group a load balancer forwards to, follows traffic from the
load balancer's nodes (its subnets, its security groups, source ports
1024-65535) to every target — instances listed in `targets` and the instances
of Auto Scaling groups attached to the group — on the target port: the load
balancer's security groups outbound, the network ACLs of both subnets both
ways, the route and the targets' security groups. An application LB sends
from every node to every target; a network LB keeps traffic in the node's
zone (cross-zone load balancing is off by default).

## Why it matters
Health checks travel the same path. Targets the load balancer cannot reach
fail them, are marked unhealthy and receive no traffic; with an `elb` health
check the Auto Scaling group even replaces them in a loop.

## Example
```
security-group app-sg {
  vpc main
  ingress tcp 22 from bastion-sg
}
target-group app-tg { vpc main; protocol http; port 8080; health-check http /health }
```

## Use instead
```
security-group app-sg {
  vpc main
  ingress tcp 22 from bastion-sg
  ingress tcp 8080 from alb-sg
}
```
",
    check: Some(check),
};

struct Blocked {
    node_subnet: SubnetId,
    target_subnet: SubnetId,
    leg: Option<Leg>,
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    for (lid, lb) in ids(&m.load_balancers) {
        let nodes = &classes.of_lb[lid];
        for (tg, port) in forwarded_groups(m, lid) {
            let traffic = Traffic::tcp(&[port]);
            for (member, span) in an.target_members(tg) {
                let mut blocked: Vec<Blocked> = Vec::new();
                for &c in classes.of_member(member) {
                    let target = classes.get(c);
                    let usable = an.sending_nodes(lid, c);
                    if usable.is_empty() && !nodes.is_empty() {
                        blocked.push(Blocked {
                            node_subnet: classes.get(nodes[0]).subnet,
                            target_subnet: target.subnet,
                            leg: None,
                        });
                        continue;
                    }
                    for n in usable {
                        let (from, to) = (Place::Class(n), Place::Class(c));
                        let quick = an.trace(&from, &to, &traffic, Mode::Verdict);
                        if quick.iter().all(|l| l.verdict() == Verdict::Reachable) {
                            continue;
                        }
                        let legs = an.trace(&from, &to, &traffic, Mode::Normal);
                        for leg in legs {
                            if leg.verdict() != Verdict::Reachable {
                                blocked.push(Blocked {
                                    node_subnet: classes.get(n).subnet,
                                    target_subnet: target.subnet,
                                    leg: Some(leg),
                                });
                            }
                        }
                    }
                }
                if blocked.is_empty() {
                    continue;
                }
                let name = crate::analysis::classes::member_name(m, member);
                let mut d = Diagnostic::new(
                    "X903",
                    span,
                    format!(
                        "{} cannot reach {name} on tcp {port} (target group {}), so its health checks fail",
                        lb.decl.name, m[tg].decl.name
                    ),
                )
                .with_label(format!("{} sends health checks here", lb.decl.name));
                let first = &blocked[0];
                match &first.leg {
                    None => {
                        d = d
                            .with_secondary(
                                lb.subnets.span.unwrap_or(lb.decl.name_span),
                                format!(
                                    "no subnet in zone {} (a network load balancer keeps traffic in its zones)",
                                    m[first.target_subnet].zone.node
                                ),
                            )
                            .with_help(format!(
                                "add a subnet of zone {} to {}'s subnets, or move the targets into its zones",
                                m[first.target_subnet].zone.node, lb.decl.name
                            ));
                    }
                    Some(leg) => {
                        if let Some(step) = first_blocker(std::slice::from_ref(leg)) {
                            if let Some((s, t)) = blocker_label(an, step) {
                                d = d.with_secondary(s, t);
                            }
                            let peer = lb
                                .security_groups
                                .iter()
                                .next()
                                .map(|g| m[g.node].decl.name.clone())
                                .unwrap_or_else(|| m[first.node_subnet].cidr.node.to_string());
                            d = d
                                .with_note(format!(
                                    "from {}'s node in {} to {} in {}: {}",
                                    lb.decl.name,
                                    m[first.node_subnet].decl.name,
                                    name,
                                    m[first.target_subnet].decl.name,
                                    an.blocker_sentence(step)
                                ))
                                .with_help(blocker_help(an, step, &format!("tcp {port}"), &peer));
                        }
                    }
                }
                out.push(d);
            }
        }
    }
}
