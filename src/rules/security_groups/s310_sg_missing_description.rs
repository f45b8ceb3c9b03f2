//! S310 sg-missing-description.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S310,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, sg) in ids(&cx.model.security_groups) {
        if sg.description.is_some() {
            continue;
        }
        cx.report(
            &RULE,
            sg.decl.name_span,
            format!("security group {} has no description", sg.decl.name),
        )
        .with_label("no `description`")
        .with_help(format!(
            "add a line such as `description \"what {} is for and who may connect\"`: changing \
                 it later replaces the group",
            sg.decl.name
        ));
    }
}
