//! V604 volume-unencrypted.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::V604,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, v) in ids(&cx.model.volumes) {
        let Some(e) = v.encrypted.filter(|e| !e.node) else {
            continue;
        };
        cx.report(
            &RULE,
            e.span,
            format!("volume {} is not encrypted", v.decl.name),
        )
        .with_label("its data and snapshots are stored unencrypted")
        .with_help(format!(
            "remove `encrypted off` from {}: encryption is the default, free and as fast",
            v.decl.name
        ));
    }
}
