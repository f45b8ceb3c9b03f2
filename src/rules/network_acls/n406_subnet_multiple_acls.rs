//! N406 subnet-multiple-acls.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N406,
    check,
};

fn item_span(acl: &NetworkAcl, s: SubnetId) -> Option<crate::span::Span> {
    acl.subnets.iter().find(|i| i.node == s).map(|i| i.span)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (sid, acls) in cx.topo.subnet_acls.values().enumerate() {
        let sid: SubnetId = Id::new(sid);
        let Some(first) = acls.first() else {
            continue;
        };
        let mut seen = vec![*first];
        for other in &acls[1..] {
            if seen.contains(other) {
                continue; // listed twice in one ACL: one association
            }
            seen.push(*other);
            let (Some(span), Some(first_span)) =
                (item_span(&m[*other], sid), item_span(&m[*first], sid))
            else {
                continue;
            };
            let name = &m[sid].decl.name;
            cx.report(
                    &RULE,
                    span,
                    format!(
                        "subnet {name} is associated with network ACLs {} and {}; a subnet has exactly one",
                        m[*first].decl.name, m[*other].decl.name
                    ),
                )
                .with_label("second association")
                .with_secondary(first_span, format!("first associated with {}", m[*first].decl.name))
                .with_help(format!(
                    "remove {name} from the subnets of {} (netlint evaluates {} for it)",
                    m[*other].decl.name, m[*first].decl.name
                ));
        }
    }
}
