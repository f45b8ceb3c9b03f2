//! X902 listener-unreachable.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::path::{Mode, Place, Traffic, Verdict};
use crate::analysis::set::*;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "X902",
    name: "listener-unreachable",
    severity: Severity::Error,
    summary: "an internet-facing listener port cannot be reached from the internet",
    docs: "## What it checks
For every listener of an internet-facing load balancer, follows traffic from
the internet to each of the load balancer's nodes (one per subnet) on the
listener's protocol and port: the internet gateway, the route back from the
node's subnet, the subnet's network ACL both ways and the load balancer's
security groups. It reports a listener that no internet client can use
through some node, naming the first component that blocks.

## Why it matters
Clients are spread over the nodes by DNS. A node whose subnet ACL or route
drops the traffic makes a share of all connections hang; a security group
that forgets the listener port makes the whole listener dead, yet
CloudFormation deploys it without complaint.

## Example
```
security-group alb-sg {
  vpc main
  ingress tcp 80 from 0.0.0.0/0
}
load-balancer web {
  type application
  subnets public-a, public-c
  security-groups alb-sg
  listener https 443 -> app-tg certificate arn:aws:acm:us-east-1:123456789012:certificate/abc
}
```

## Use instead
```
security-group alb-sg {
  vpc main
  ingress tcp 443 from 0.0.0.0/0
}
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let internet = Place::Outside(an.internet().clone());
    for (lid, lb) in ids(&m.load_balancers) {
        if lb.scheme() != Scheme::InternetFacing {
            continue;
        }
        let nodes = &classes.of_lb[lid];
        for l in &lb.listeners {
            let proto = match l.protocol.node {
                LbProtocol::Udp => UDP,
                _ => TCP,
            };
            let traffic = Traffic {
                parts: vec![(Interval::point(proto), Interval::point(l.port.node.into()))],
            };
            let mut blocked = Vec::new();
            for &n in nodes {
                let to = Place::Class(n);
                let quick = an.trace(&internet, &to, &traffic, Mode::Verdict);
                if quick.iter().all(|leg| leg.verdict() == Verdict::Blocked) {
                    blocked.push((n, an.trace(&internet, &to, &traffic, Mode::Normal)));
                }
            }
            if blocked.is_empty() {
                continue;
            }
            let what = format!(
                "{} {}",
                if proto == UDP { "udp" } else { "tcp" },
                l.port.node
            );
            let whole = blocked.len() == nodes.len();
            let through = if whole {
                String::new()
            } else {
                let names: Vec<&str> = blocked
                    .iter()
                    .map(|(n, _)| m[classes.get(*n).subnet].decl.name.as_str())
                    .collect();
                format!(
                    " through its node{} in {}",
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", ")
                )
            };
            let mut d = Diagnostic::new(
                "X902",
                l.span,
                format!(
                    "listener {} {} of {} cannot be reached from the internet{through}",
                    l.protocol.node, l.port.node, lb.decl.name
                ),
            )
            .with_label("unreachable from the internet");
            if let Some(step) = first_blocker(&blocked[0].1) {
                if let Some((span, text)) = blocker_label(an, step) {
                    d = d.with_secondary(span, text);
                }
                d = d
                    .with_note(an.blocker_sentence(step))
                    .with_help(blocker_help(an, step, &what, "0.0.0.0/0"));
            }
            out.push(d);
        }
    }
}
