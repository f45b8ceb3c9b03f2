//! G801 asg-size-order.
//!
//! One finding per group, on the first relation that breaks: `min > max`
//! first (then `desired` cannot be right either), else `desired` outside
//! `min..=max`. `desired` defaults to `min`, so only a written one can be
//! out of range on its own.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G801,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, g) in ids(&cx.model.auto_scaling_groups) {
        let (min, max) = (g.min, g.max);
        if min.node > max.node {
            let mut d = cx
                .report(
                    &RULE,
                    min.span,
                    format!(
                        "auto scaling group {} has min {} above max {}",
                        g.decl.name, min.node, max.node
                    ),
                )
                .with_label(format!("min is {}", min.node))
                .with_secondary(max.span, format!("max is {}", max.node));
            if let Some(d_) = g.desired {
                d = d.with_secondary(d_.span, format!("desired is {}", d_.node));
            }
            d.with_help(format!(
                "min is the floor and max the ceiling: did you mean `min {}` and `max {}`?",
                max.node, min.node
            ));
            continue;
        }
        let Some(desired) = g.desired else {
            continue;
        };
        // The bound desired lies beyond: (it, its name, where, the fix).
        let (bound, name, beyond, move_it) = if desired.node < min.node {
            (min, "min", "below", "lower")
        } else if desired.node > max.node {
            (max, "max", "above", "raise")
        } else {
            continue;
        };
        cx.report(
            &RULE,
            desired.span,
            format!(
                "auto scaling group {} wants {} instances, {beyond} its {name} {}",
                g.decl.name, desired.node, bound.node
            ),
        )
        .with_label(format!("desired is {}", desired.node))
        .with_secondary(bound.span, format!("{name} is {}", bound.node))
        .with_help(format!(
            "set desired between {} and {}, or {move_it} {name} to {}",
            min.node, max.node, desired.node
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{asg, fired, texts};

    #[test]
    fn points_at_the_number_out_of_order() {
        for (sizes, at) in [
            ("min 3; max 1; desired 2", Some("3")),
            ("min 2; max 4; desired 1", Some("1")),
            ("min 2; max 4; desired 5", Some("5")),
            ("min 2; max 4", None),
            ("min 2; max 2; desired 2", None),
            ("min 0; max 0", None),
        ] {
            let src = asg(sizes);
            let d = fired(&src, "G801");
            assert_eq!(texts(&src, &d).first().map(String::as_str), at, "{sizes}");
            assert!(d.len() <= 1, "{sizes}");
        }
    }

    #[test]
    fn labels_every_number_involved() {
        let d = fired(&asg("min 3; max 1; desired 2"), "G801");
        let labels: Vec<&str> = d[0].secondary.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(labels, ["max is 1", "desired is 2"]);
    }
}
