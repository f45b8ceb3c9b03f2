//! N405 nacl-number-range.

use crate::catalog::Code;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N405,
    check,
};

fn check(cx: &Context<'_>) {
    for acl in &cx.model.network_acls {
        for r in acl.inbound.iter().chain(&acl.outbound) {
            let n = r.number.node;
            if (1..=32766).contains(&n) {
                continue;
            }
            cx.report(
                    &RULE,
                    r.number.span,
                    format!(
                        "rule number {n} of network ACL {} is outside 1..32766",
                        acl.decl.name
                    ),
                )
                .with_label("not a valid rule number")
                .with_help(
                    "use a number from 1 to 32766; AWS reserves 32767 and up, and `*` is the implicit last rule",
                );
        }
    }
}
