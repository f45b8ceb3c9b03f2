//! F101 efs-unencrypted.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::F101,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, fs) in ids(&cx.model.file_systems) {
        let Some(e) = fs.encrypted.filter(|e| !e.node) else {
            continue;
        };
        cx.report(
            &RULE,
            e.span,
            format!("file system {} is not encrypted at rest", fs.decl.name),
        )
        .with_label("its files and backups are stored unencrypted")
        .with_help(format!(
            "remove `encrypted off` from {}: encryption is the default here, and it can only be chosen when the file system is created",
            fs.decl.name
        ));
    }
}
