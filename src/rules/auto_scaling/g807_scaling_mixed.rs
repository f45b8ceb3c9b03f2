//! G807 scaling-mixed.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::text::percent;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G807,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, g) in ids(&cx.model.auto_scaling_groups) {
        let Some(target) = g.target_cpu else {
            continue;
        };
        let steps: Vec<_> = [&g.scale_out, &g.scale_in].into_iter().flatten().collect();
        if steps.is_empty() {
            continue;
        }
        let mut d = cx
            .report(
                &RULE,
                target.span,
                format!(
                    "auto scaling group {} mixes target tracking with step scaling",
                    g.decl.name
                ),
            )
            .with_label(format!(
                "target tracking holds CPU near {}",
                percent(target.node)
            ));
        for s in &steps {
            d = d.with_secondary(s.span, "step scaling on the same metric");
        }
        d.with_help(format!(
            "keep either `target cpu {}` alone or the scale-out/scale-in pair, and delete the other",
            percent(target.node)
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{self, fired};

    fn asg(policies: &str) -> String {
        testing::asg(&format!("min 1; max 4\n{policies}"))
    }

    #[test]
    fn one_kind_of_policy() {
        assert!(fired(&asg("target cpu 50%"), "G807").is_empty());
        assert!(fired(&asg("scale-out cpu > 70%\nscale-in cpu < 30%"), "G807").is_empty());
        let d = fired(&asg("target cpu 50%\nscale-in cpu < 30%"), "G807");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].secondary.len(), 1);
    }
}
