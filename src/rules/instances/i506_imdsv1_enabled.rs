//! I506 imdsv1-enabled.

use crate::catalog::Code;
use crate::model::{Imds, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I506,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let instances = ids(&m.instances).map(|(_, i)| ("instance", &i.decl, i.imds));
    let templates = ids(&m.launch_templates).map(|(_, t)| ("launch template", &t.decl, t.imds));
    for (kind, decl, imds) in instances.chain(templates) {
        let Some(imds) = imds else {
            continue;
        };
        if imds.node != Imds::V1 {
            continue;
        }
        cx.report(
            &RULE,
            imds.span,
            format!(
                "{kind} {} allows the token-less metadata service (IMDSv1)",
                decl.name
            ),
        )
        .with_label("role credentials readable by a plain GET")
        .with_help(format!(
            "write `imds v2` (or delete the line: v2 is the default) so {} requires \
                 session tokens",
            decl.name
        ));
    }
}
