//! N408 nacl-no-gap.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N408,
    check,
};

fn check(cx: &Context<'_>) {
    for acl in &cx.model.network_acls {
        for dir in [Direction::In, Direction::Out] {
            let word = dir.word();
            let mut rules: Vec<&AclRule> = acl.rules(dir).iter().collect();
            rules.sort_by_key(|r| r.number.node);
            rules.dedup_by_key(|r| r.number.node);
            let mut i = 0;
            while i < rules.len() {
                let mut j = i;
                while j + 1 < rules.len() && rules[j + 1].number.node == rules[j].number.node + 1 {
                    j += 1;
                }
                if j > i {
                    let run = &rules[i..=j];
                    let numbers: Vec<String> =
                        run.iter().map(|r| r.number.node.to_string()).collect();
                    let list = match numbers.len() {
                        2 => format!("{} and {}", numbers[0], numbers[1]),
                        _ => format!(
                            "{} and {}",
                            numbers[..numbers.len() - 1].join(", "),
                            numbers[numbers.len() - 1]
                        ),
                    };
                    let mut d = cx.report(
                        &RULE,
                        run[1].number.span,
                        format!(
                            "{word} rules {list} of network ACL {} are numbered consecutively: no rule fits between them",
                            acl.decl.name
                        ),
                    )
                    .with_label(format!("directly after {}", run[0].number.node))
                    .with_secondary(run[0].number.span, "previous rule");
                    for r in &run[2..] {
                        d = d.with_secondary(r.number.span, "also consecutive");
                    }
                    let start = run[0].number.node.max(1);
                    let suggestion: Vec<String> = (0..run.len().min(3))
                        .map(|k| (start.div_ceil(10) * 10 + 10 * k as u32).to_string())
                        .collect();
                    d.with_help(format!(
                        "number rules in steps of 10 ({}, …) to leave room for later rules",
                        suggestion.join(", ")
                    ));
                }
                i = j + 1;
            }
        }
    }
}
