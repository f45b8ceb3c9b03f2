//! G804 scaling-thresholds-overlap.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::text::percent;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G804,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, g) in ids(&cx.model.auto_scaling_groups) {
        let (Some(so), Some(si)) = (&g.scale_out, &g.scale_in) else {
            continue;
        };
        let (o, i) = (so.threshold.node, si.threshold.node);
        if i < o {
            continue;
        }
        let both = if i == o {
            format!(
                "with no gap at {}, adding an instance pushes the load under the scale-in \
                 threshold and removing one pushes it back over the scale-out threshold",
                percent(o)
            )
        } else {
            format!(
                "between {} and {} both alarms fire at once",
                percent(o),
                percent(i)
            )
        };
        let help = if i > o {
            format!(
                "the thresholds look swapped: `scale-out cpu > {}` and `scale-in cpu < {}`",
                percent(i),
                percent(o)
            )
        } else {
            format!(
                "lower the scale-in threshold well below {}, e.g. `scale-in cpu < {}`",
                percent(o),
                percent((o / 2.0).floor())
            )
        };
        cx.report(
            &RULE,
            si.threshold.span,
            format!(
                "auto scaling group {} scales in below {} but out above {}: it would flap",
                g.decl.name,
                percent(i),
                percent(o)
            ),
        )
        .with_label(format!("scale-in at < {}", percent(i)))
        .with_secondary(so.threshold.span, format!("scale-out at > {}", percent(o)))
        .with_note(both)
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{self, fired};

    fn asg(policies: &str) -> String {
        testing::asg(&format!("min 1; max 4\n{policies}"))
    }

    #[test]
    fn the_scale_in_threshold_must_be_below() {
        assert!(fired(&asg("scale-out cpu > 70%\nscale-in cpu < 30%"), "G804").is_empty());
        assert!(fired(&asg("scale-out cpu > 70%"), "G804").is_empty());
        assert!(fired(&asg("scale-in cpu < 70%"), "G804").is_empty());
        let d = fired(&asg("scale-out cpu > 40.5%\nscale-in cpu < 40.5%"), "G804");
        assert!(
            d[0].message.contains("below 40.5% but out above 40.5%"),
            "{}",
            d[0].message
        );
        let d = fired(&asg("scale-out cpu > 30%\nscale-in cpu < 70%"), "G804");
        assert!(d[0].help.as_deref().is_some_and(|h| h.contains("swapped")));
    }
}
