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
            let mut decides = vec![false; rules.len()];
            for h in &ev.hits {
                decides[h.index] = true;
            }
            for (pos, pr) in rules.iter().enumerate() {
                if decides[pr.index] {
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
                    None => same_decision_help(r.number.node, &names, pr.allow),
                };
                d.with_help(help);
            }
        }
    }
}

/// "remove rule 200: rule 100 already denies this traffic", or "rules 100,
/// 110 already allow …": the verb agrees with the rules named, whichever
/// action they take.
fn same_decision_help(number: u32, earlier: &[String], allow: bool) -> String {
    let verb = match (earlier.len() > 1, allow) {
        (false, true) => "allows",
        (false, false) => "denies",
        (true, true) => "allow",
        (true, false) => "deny",
    };
    if earlier.is_empty() {
        return format!("remove rule {number}: it decides no traffic");
    }
    format!(
        "remove rule {number}: rule{} {} already {verb} this traffic",
        if earlier.len() > 1 { "s" } else { "" },
        earlier.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use crate::check::check_source;
    use crate::settings::{Choices, Settings};

    fn helps(acl: &str) -> Vec<String> {
        let src = format!(
            "vpc main {{ cidr 10.0.0.0/16 }}\nsubnet a {{ vpc main; cidr 10.0.1.0/24; zone a }}\n\
             network-acl acl {{\n  vpc main\n  subnets a\n{acl}}}\n"
        );
        let settings = Settings::new(&Choices {
            select: vec!["N402".into()],
            ..Choices::default()
        });
        check_source(&src, &settings)
            .into_iter()
            .map(|d| d.help.unwrap_or_default())
            .collect()
    }

    #[test]
    fn the_help_names_what_the_earlier_rules_do() {
        assert_eq!(
            helps(
                "  inbound 100 deny tcp 0-65535 from 0.0.0.0/0\n  inbound 200 deny tcp 22 from 10.0.0.0/8\n"
            ),
            ["remove rule 200: rule 100 already denies this traffic"]
        );
        assert_eq!(
            helps(
                "  inbound 100 allow tcp 0-65535 from 0.0.0.0/0\n  inbound 200 allow tcp 22 from 10.0.0.0/8\n"
            ),
            ["remove rule 200: rule 100 already allows this traffic"]
        );
        assert_eq!(
            helps(
                "  inbound 100 deny tcp 0-1023 from 0.0.0.0/0\n  inbound 110 deny tcp 1024-65535 from 0.0.0.0/0\n  inbound 200 deny tcp 1000-2000 from 10.0.0.0/8\n"
            ),
            ["remove rule 200: rules 100, 110 already deny this traffic"]
        );
    }
}
