//! G808 scaling-fixed-size.
//!
//! Only `min == max`: `min > max` is G801's error. With target tracking
//! the finding is an error, above the code's default: CloudFormation
//! refuses such a policy (cfn-lint E3712), so the template would not
//! deploy; step policies on a fixed group deploy and merely never act.

use crate::catalog::{Code, Severity};
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G808,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, g) in ids(&cx.model.auto_scaling_groups) {
        if g.min.node != g.max.node {
            continue;
        }
        let policies = [
            g.scale_out.as_ref().map(|s| (s.span, "scale-out")),
            g.scale_in.as_ref().map(|s| (s.span, "scale-in")),
            g.target_cpu.map(|t| (t.span, "target tracking")),
        ];
        let mut policies = policies.into_iter().flatten();
        let Some((span, what)) = policies.next() else {
            continue;
        };
        let size = g.min.node;
        let mut d = cx
            .report(
                &RULE,
                span,
                format!(
                    "auto scaling group {} has a scaling policy but a fixed size of {size}",
                    g.decl.name
                ),
            )
            .with_label(format!("{what} can never change the size"))
            .with_secondary(g.min.span, format!("min is {size}"))
            .with_secondary(g.max.span, format!("max is also {size}"));
        for (span, what) in policies {
            d = d.with_secondary(span, format!("{what} cannot act either"));
        }
        if g.target_cpu.is_some() {
            d = d.with_severity(Severity::Error).with_note(
                "CloudFormation refuses a target tracking policy on a group whose min equals its max: the stack would fail",
            );
        }
        d.with_help(format!(
            "raise max above {size} (e.g. `max {}`) to give the policy room, \
             or remove the scaling policy if the size is meant to be fixed",
            (size.saturating_mul(3)).max(size.saturating_add(2))
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{self, fired};

    fn asg(sizes: &str, policies: &str) -> String {
        testing::asg(&format!("{sizes}\n{policies}"))
    }

    #[test]
    fn only_equal_bounds_with_a_policy() {
        assert_eq!(
            fired(&asg("min 3; max 3", "target cpu 50%"), "G808").len(),
            1
        );
        assert!(fired(&asg("min 3; max 3", ""), "G808").is_empty());
        assert!(fired(&asg("min 3; max 4", "target cpu 50%"), "G808").is_empty());
        // min > max is G801's.
        assert!(fired(&asg("min 4; max 3", "target cpu 50%"), "G808").is_empty());
        let d = fired(&asg("min 0; max 0", "scale-out cpu > 80%"), "G808");
        assert!(d[0].help.as_deref().is_some_and(|h| h.contains("`max 2`")));
        assert_eq!(d[0].severity, crate::catalog::Severity::Warning);
    }

    #[test]
    fn target_tracking_on_a_fixed_group_is_an_error() {
        let d = fired(&asg("min 3; max 3", "target cpu 50%"), "G808");
        assert_eq!(d[0].severity, crate::catalog::Severity::Error);
    }
}
