//! L716 listener-rule-conflict.
//!
//! A listener rule belongs to the listener on its port: with none there
//! it has nothing to attach to, and two rules of one listener with one
//! priority are refused (AWS evaluates rules by unique priority). Sorting
//! the rules by (port, priority) finds every pair in one pass.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L716,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        for r in &lb.rules {
            if lb.listener_on(r.port.node).is_some() {
                continue;
            }
            let ports: Vec<String> = lb
                .listeners
                .iter()
                .map(|l| l.port.node.to_string())
                .collect();
            let help = if ports.is_empty() {
                format!(
                    "add a listener on port {} to {}, e.g. `listener https {} -> <target-group> certificate <arn>`",
                    r.port.node, lb.decl.name, r.port.node
                )
            } else {
                format!(
                    "write the port of one of {}'s listeners ({}), or add a listener on port {}",
                    lb.decl.name,
                    ports.join(", "),
                    r.port.node
                )
            };
            cx.report(
                &RULE,
                r.port.span,
                format!(
                    "a rule of load balancer {} names port {}, where it has no listener",
                    lb.decl.name, r.port.node
                ),
            )
            .with_label("no listener on this port")
            .with_help(help);
        }
        let mut order: Vec<&ListenerRule> = lb.rules.iter().collect();
        order.sort_by_key(|r| (r.port.node, r.priority.node, r.span.start));
        for pair in order.windows(2) {
            let (first, again) = (pair[0], pair[1]);
            if (first.port.node, first.priority.node) != (again.port.node, again.priority.node) {
                continue;
            }
            cx.report(
                &RULE,
                again.priority.span,
                format!(
                    "two rules of the listener on port {} of {} have priority {}",
                    again.port.node, lb.decl.name, again.priority.node
                ),
            )
            .with_label("priority used again")
            .with_secondary(first.priority.span, "first used here")
            .with_help("give each rule of a listener its own priority (lower is tried first)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn lb(rules: &str) -> String {
        format!(
            "target-group h {{ vpc main; protocol http; port 8080; health-check http /h }}\n\
             load-balancer web {{ type application; subnets public-a, public-c\n\
             listener http 80 -> h\n{rules} }}\n"
        )
    }

    #[test]
    fn shared_priorities_and_missing_listeners() {
        let d = fired(
            &lb("rule 80 10 path /a -> h\nrule 80 10 path /b -> h\nrule 80 10 path /c -> h"),
            "L716",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(fired(&lb("rule 443 10 path /a -> h"), "L716").len(), 1);
        assert!(
            fired(
                &lb("rule 80 10 path /a -> h\nrule 80 20 path /b -> h"),
                "L716"
            )
            .is_empty()
        );
    }
}
