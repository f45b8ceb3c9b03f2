//! L710 sticky-on-network-lb.
//!
//! A target group with a layer-4 protocol can only serve a network load
//! balancer, so the group's protocol decides; an http group behind a network
//! load balancer is L706's error, not this note.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{LbType, ListenerAction, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "L710",
    name: "sticky-on-network-lb",
    severity: Severity::Info,
    summary: "stickiness on a network LB is source-IP based, not cookie based",
    docs: r#"## What it checks
`sticky on` on a target group with a `tcp`, `udp`, `tls` or `tcp_udp`
protocol, that is, one served by a network load balancer.

## Why it matters
Stickiness (session affinity) sends a client back to the same target. An
Application Load Balancer does it with a cookie, so it follows the browser
session. A Network Load Balancer cannot see cookies (it never reads the
HTTP inside the connection): it pins by the client's *source IP address*.
Every client behind one NAT gateway or corporate proxy then shares an
address and lands on one target, which can overload it, and a client whose
address changes (a phone moving between networks) loses its target. That may
be what you want; this note makes sure it is a choice.

## Example
```
target-group game-tg {
  vpc main
  protocol udp
  port 7777
  health-check tcp
  sticky on
}
```

## Use instead
```
target-group game-tg {
  vpc main
  protocol udp
  port 7777
  health-check tcp
}
```
or an application load balancer with an `http` target group for
cookie-based stickiness.
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    for (id, tg) in ids(&m.target_groups) {
        let Some(sticky) = tg.sticky else {
            continue;
        };
        if !sticky.node || tg.protocol.node.is_layer7() {
            continue;
        }
        let mut d = Diagnostic::new(
            "L710",
            sticky.span,
            format!(
                "target group {} is sticky by client source IP, not by cookie",
                tg.decl.name
            ),
        )
        .with_label("source-IP affinity on a network load balancer")
        .with_secondary(
            tg.protocol.span,
            format!(
                "a {} group is served by a network load balancer",
                tg.protocol.node
            ),
        );
        let nlb_listener = cx.topo.tg_listeners[id].iter().find_map(|r| {
            let lb = &m[r.lb];
            let l = lb.listeners.get(r.listener)?;
            (lb.lb_type.node == LbType::Network).then_some((lb, l))
        });
        if let Some((lb, l)) = nlb_listener
            && let ListenerAction::Forward(tg_ref) = &l.action
        {
            d = d.with_secondary(
                tg_ref.span,
                format!("network load balancer {} forwards here", lb.decl.name),
            );
        }
        out.push(d.with_help(
            "clients behind one NAT share an address and all land on one target; \
             drop `sticky on` unless that is intended, or use an application load balancer \
             for cookie stickiness",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::load_balancers::shared::testing::fired;

    #[test]
    fn only_layer4_groups() {
        let src = "target-group t { vpc main; protocol tcp; port 80; health-check tcp; sticky on }\n\
            target-group h { vpc main; protocol http; port 80; health-check http /h; sticky on }\n\
            target-group o { vpc main; protocol tls; port 81; health-check tcp; sticky off }\n";
        let d = fired(src, "L710");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("target group t "));
    }
}
