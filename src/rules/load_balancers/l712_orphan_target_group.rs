//! L712 orphan-target-group.
//!
//! A group a listener rule forwards to is used, even if no listener's
//! default action names it. Answered from [`Topology::tg_used`], so the
//! pass is linear.
//!
//! [`Topology::tg_used`]: crate::model::topology::Topology::tg_used

use crate::catalog::Code;
use crate::model::{LbId, LbType, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L712,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    // A load balancer that could serve the group: same layer, same VPC.
    // Looked up per orphan among the load balancers of each (layer, VPC),
    // built once.
    let mut candidates: std::collections::HashMap<(bool, usize), LbId> =
        std::collections::HashMap::new();
    for (id, lb) in ids(&m.load_balancers) {
        if let Some(s) = lb.subnets.items.first() {
            let key = (
                lb.lb_type.node == LbType::Application,
                m[s.node].vpc.node.index(),
            );
            candidates.entry(key).or_insert(id);
        }
    }
    for (id, tg) in ids(&m.target_groups) {
        if cx.topo.tg_used(id) {
            continue;
        }
        let mut d = cx
            .report(
                &RULE,
                tg.decl.name_span,
                format!("no listener forwards to target group {}", tg.decl.name),
            )
            .with_label("receives no traffic");
        if let Some(&asg) = cx.topo.tg_asgs[id].first() {
            let g = &m[asg];
            let span = g
                .target_groups
                .iter()
                .find(|t| t.node == id)
                .map_or(g.decl.name_span, |t| t.span);
            d = d.with_secondary(
                span,
                format!(
                    "{} registers its instances here, but no load balancer sends them traffic",
                    g.decl.name
                ),
            );
        }
        let layer7 = tg.protocol.node.is_layer7();
        let listener = if layer7 {
            format!("listener https 443 -> {} certificate <arn>", tg.decl.name)
        } else {
            format!("listener tcp {} -> {}", tg.port.node, tg.decl.name)
        };
        let help = match candidates.get(&(layer7, tg.vpc.node.index())) {
            Some(&lb) => format!(
                "add `{listener}` to load balancer {}, or delete {}",
                m[lb].decl.name, tg.decl.name
            ),
            None => format!(
                "forward to {} from a {} load balancer (`{listener}`), or delete it",
                tg.decl.name,
                if layer7 { "application" } else { "network" }
            ),
        };
        d.with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    #[test]
    fn a_group_only_an_asg_uses_is_an_orphan() {
        let src = "target-group h { vpc main; protocol http; port 8080; health-check http /h }\n\
            target-group t { vpc main; protocol tcp; port 9000; health-check tcp }\n\
            load-balancer edge { type network; subnets public-a, public-c; listener tcp 80 -> t }\n\
            load-balancer web { type application; subnets public-a, public-c\n\
              listener http 80 redirect https 443 }\n\
            auto-scaling-group g { launch-template app-lt; subnets private-a, private-c\n\
              min 1; max 2; target-groups h; health-check elb }\n";
        let d = fired(src, "L712");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].secondary[0]
                .message
                .starts_with("g registers its instances here")
        );
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("to load balancer web")),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn a_group_only_a_listener_rule_uses_is_used() {
        let src = "target-group h { vpc main; protocol http; port 8080; health-check http /h }\n\
            target-group api { vpc main; protocol http; port 9000; health-check http /h }\n\
            load-balancer web { type application; subnets public-a, public-c\n\
              listener http 80 -> h\n\
              rule 80 10 path /api/* -> api }\n";
        assert!(fired(src, "L712").is_empty());
    }
}
