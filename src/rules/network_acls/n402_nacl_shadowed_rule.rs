//! N402 nacl-shadowed-rule.

use crate::analysis::acl::evaluate;
use crate::analysis::explain::{acl_rule_name, describe_traffic};
use crate::analysis::set::FlowSet;
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N402,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (aid, acl) in ids(&m.network_acls) {
        let prep = cx.analysis.prepared_acl(aid);
        for dir in [Direction::In, Direction::Out] {
            let rules = prep.rules(dir);
            let ev = evaluate(rules, &FlowSet::universe());
            for (pos, pr) in rules.iter().enumerate() {
                if ev.hits.iter().any(|h| h.index == pr.index) {
                    continue;
                }
                let r = &acl.rules(dir)[pr.index];
                // The earlier rules that cover part of this one.
                let mut d = cx.report(
                    &RULE,
                    r.span,
                    format!(
                        "{} of {} can never match: lower-numbered rules already decide everything it covers",
                        acl_rule_name(r),
                        acl.decl.name
                    ),
                )
                .with_label("never matches");
                let mut opposite = None;
                let mut names = Vec::new();
                for earlier in &rules[..pos] {
                    let Some(overlap) = earlier.matches.intersect(&pr.matches) else {
                        continue;
                    };
                    let er = &acl.rules(dir)[earlier.index];
                    let verb = if earlier.allow { "allows" } else { "denies" };
                    d = d.with_secondary(
                        er.span,
                        format!("{verb} {} first", describe_traffic(&FlowSet::from(overlap))),
                    );
                    names.push(er.number.node.to_string());
                    if earlier.allow != pr.allow && opposite.is_none() {
                        opposite = Some(er.number.node);
                    }
                }
                let help = match opposite {
                    Some(n) => format!(
                        "rule {n} takes the opposite decision first; if rule {} should win, give it a number below {n}",
                        r.number.node
                    ),
                    None => format!(
                        "remove rule {}: rule{} {} already {} this traffic",
                        r.number.node,
                        if names.len() > 1 { "s" } else { "" },
                        names.join(", "),
                        if pr.allow { "allow" } else { "deny" }
                    ),
                };
                d.with_help(help);
            }
        }
    }
}
