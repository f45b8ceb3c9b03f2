//! G803 asg-ec2-health-check.
//!
//! `health-check` defaults to `ec2`, so a group with `target-groups` and no
//! `health-check` line is reported too, at its `target-groups`.

use crate::catalog::Code;
use crate::model::{HealthCheckType, ids};
use crate::rules::kit::text::join_and;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G803,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, g) in ids(&m.auto_scaling_groups) {
        if g.target_groups.is_empty() || g.health_check_type() != HealthCheckType::Ec2 {
            continue;
        }
        let tgs: Vec<&str> = g
            .target_groups
            .ids()
            .map(|t| m[t].decl.name.as_str())
            .collect();
        let tgs = join_and(&tgs);
        let message = format!(
            "auto scaling group {} serves {tgs} but only replaces instances EC2 reports broken",
            g.decl.name
        );
        let tg_span = g.target_groups.span.unwrap_or(g.decl.name_span);
        match &g.health_check {
            Some(hc) => cx.report(&RULE, hc.node.kind.span, message)
                .with_label("the ec2 check ignores what the load balancer sees")
                .with_secondary(tg_span, "instances behind a load balancer")
                .with_help(format!(
                    "write `health-check elb grace {}s` so instances that fail {tgs}'s health check are replaced",
                    g.grace_seconds()
                )),
            None => cx.report(&RULE, tg_span, message)
                .with_label("behind a load balancer, with the default ec2 health check")
                .with_help(format!(
                    "add `health-check elb grace 300s` to {} so instances that fail {tgs}'s health check are replaced",
                    g.decl.name
                )),
        };
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{self, fired};

    fn asg(extra: &str) -> String {
        format!(
            "target-group h {{ vpc main; protocol http; port 8080; health-check http /h }}\n{}",
            testing::asg(&format!("min 1; max 2; {extra}"))
        )
    }

    #[test]
    fn only_groups_behind_a_load_balancer() {
        assert!(fired(&asg(""), "G803").is_empty());
        assert!(fired(&asg("health-check ec2"), "G803").is_empty());
        assert!(fired(&asg("target-groups h; health-check elb"), "G803").is_empty());
        assert_eq!(fired(&asg("target-groups h"), "G803").len(), 1);
        let d = fired(&asg("target-groups h; health-check ec2 grace 60s"), "G803");
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("elb grace 60s"))
        );
    }
}
