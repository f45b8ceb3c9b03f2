//! N403 nacl-too-many-rules.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

/// The default quota of rules per direction of one network ACL.
pub const QUOTA: usize = 20;

pub static RULE: Rule = Rule {
    code: Code::N403,
    check,
};

fn check(cx: &Context<'_>) {
    for acl in &cx.model.network_acls {
        for dir in [Direction::In, Direction::Out] {
            let word = dir.word();
            let rules = acl.rules(dir);
            if rules.len() <= QUOTA {
                continue;
            }
            let first_extra = &rules[QUOTA];
            cx.report(
                    &RULE,
                    first_extra.span,
                    format!(
                        "network ACL {} has {} {word} rules; the default quota is {QUOTA} per direction",
                        acl.decl.name,
                        rules.len()
                    ),
                )
                .with_label(format!("{word} rule {} of at most {QUOTA}", QUOTA + 1))
                .with_secondary(acl.decl.name_span, "declared here")
                .with_help(
                    "merge adjacent CIDRs and port ranges into fewer rules, or move per-host filtering into security groups (the quota can be raised to 40 on request)",
                );
        }
    }
}
