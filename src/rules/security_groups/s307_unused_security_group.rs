//! S307 unused-security-group.
//!
//! Reads the two Topology indexes (`sg_users`, `sg_referenced_by`); a rule
//! naming its own group (`self`) does not count as a use.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S307,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        if !cx.topo.sg_users[id].is_empty() || !cx.topo.sg_referenced_by[id].is_empty() {
            continue;
        }
        cx.report(
            &RULE,
            sg.decl.name_span,
            format!(
                "security group {} is attached to nothing and named by no rule",
                sg.decl.name
            ),
        )
        .with_label("filters no traffic")
        .with_help(format!(
            "add `security-groups {}` to the instance, launch template or load balancer it \
                 was meant for, or delete it",
            sg.decl.name
        ));
    }
}
