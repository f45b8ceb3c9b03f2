//! N404 nacl-duplicate-number.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::N404,
    check,
};

fn check(cx: &Context<'_>) {
    for acl in &cx.model.network_acls {
        for dir in [Direction::In, Direction::Out] {
            let word = dir.word();
            let rules = acl.rules(dir);
            let mut first: HashMap<u32, &AclRule> = HashMap::new();
            for r in rules {
                let n = r.number.node;
                match first.get(&n) {
                    Some(prev) => {
                        let mut free = n + 1;
                        while rules.iter().any(|x| x.number.node == free) {
                            free += 1;
                        }
                        cx.report(
                            &RULE,
                            r.number.span,
                            format!(
                                "{word} rule number {n} is used twice in network ACL {}",
                                acl.decl.name
                            ),
                        )
                        .with_label("duplicate rule number")
                        .with_secondary(prev.number.span, "first used here")
                        .with_help(format!("renumber one of them, e.g. {free}"));
                    }
                    None => {
                        first.insert(n, r);
                    }
                }
            }
        }
    }
}
