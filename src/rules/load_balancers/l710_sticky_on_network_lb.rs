//! L710 sticky-on-network-lb.
//!
//! A target group with a layer-4 protocol can only serve a network load
//! balancer, so the group's protocol decides; an http group behind a network
//! load balancer is L706's error, not this note.

use crate::catalog::Code;
use crate::model::{LbType, ListenerAction, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L710,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, tg) in ids(&m.target_groups) {
        let Some(sticky) = tg.sticky else {
            continue;
        };
        if !sticky.node || tg.protocol.node.is_layer7() {
            continue;
        }
        let mut d = cx
            .report(
                &RULE,
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
        d.with_help(
            "clients behind one NAT share an address and all land on one target; \
             drop `sticky on` unless that is intended, or use an application load balancer \
             for cookie stickiness",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

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
