//! I510 previous-generation-type.
//!
//! The generation and the family to move to come from the catalog (its
//! generator keeps AWS's previous-generation list and a successor for
//! each); the suggestion keeps the size when the successor has it.

use crate::catalog::Code;
use crate::model::instance_catalog::{self, Generation};
use crate::rules::instances::typed_hosts;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I510,
    check,
};

fn check(cx: &Context<'_>) {
    for (kind, decl, ty) in typed_hosts(cx.model) {
        let Some(t) = instance_catalog::lookup(&ty.node) else {
            continue; // I509
        };
        let Generation::Previous { successor } = t.generation else {
            continue;
        };
        let help = match instance_catalog::replacement(t) {
            Some(r) => format!(
                "use `{}`, the current-generation type of the same kind and size",
                r.name
            ),
            None => format!(
                "use a current-generation `{successor}` type; `{successor}` comes in {}",
                instance_catalog::sizes(successor).join(", ")
            ),
        };
        cx.report(
            &RULE,
            ty.span,
            format!(
                "{kind} {}: `{}` is a previous-generation instance type",
                decl.name, t.name
            ),
        )
        .with_label(format!("`{}` is of a previous generation", t.family()))
        .with_help(help);
    }
}
