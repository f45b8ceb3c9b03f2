//! N402 nacl-shadowed-rule.

use crate::analysis::explain::{acl_rule_name, describe_traffic};
use crate::analysis::set::FlowSet;
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N402,
    check,
};

/// Earlier rules named in one finding.
const NAMED: usize = 10;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (aid, acl) in ids(&m.network_acls) {
        let prep = cx.analysis.prepared_acl(aid);
        for dir in [Direction::In, Direction::Out] {
            let rules = prep.rules(dir);
            let ev = prep.universe(dir);
            let mut overflow = super::Overflow::default();
            let mut decides = vec![false; rules.len()];
            for h in &ev.hits {
                decides[h.index] = true;
            }
            for (pos, pr) in rules.iter().enumerate() {
                if decides[pr.index] {
                    continue;
                }
                let r = &acl.rules(dir)[pr.index];
                if !overflow.admit(r.number.node) {
                    continue;
                }
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
                // Named one by one up to a bound (an absurd ACL may hide a
                // rule under thousands), then counted.
                let mut more = 0;
                for earlier in prep
                    .overlapping_before(dir, pos)
                    .into_iter()
                    .map(|e| &rules[e])
                {
                    let Some(overlap) = earlier.matches.intersect(&pr.matches) else {
                        continue;
                    };
                    let er = &acl.rules(dir)[earlier.index];
                    if earlier.allow != pr.allow && opposite.is_none() {
                        opposite = Some(er.number.node);
                    }
                    if names.len() == NAMED {
                        more += 1;
                        continue;
                    }
                    let verb = if earlier.allow { "allows" } else { "denies" };
                    d = d.with_secondary(
                        er.span,
                        format!("{verb} {} first", describe_traffic(&FlowSet::from(overlap))),
                    );
                    names.push(er.number.node.to_string());
                }
                if more > 0 {
                    names.push(format!("{more} more"));
                    d = d.with_note(format!(
                        "{more} more lower-numbered rules overlap it; the first {NAMED} are shown"
                    ));
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
            overflow.summarize(
                cx,
                &RULE,
                acl,
                dir,
                "can never match (lower-numbered rules decide everything they cover)",
            );
        }
    }
}
