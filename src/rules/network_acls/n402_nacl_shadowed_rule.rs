//! N402 nacl-shadowed-rule.

use crate::analysis::explain::{acl_rule_name, describe_traffic};
use crate::analysis::set::FlowSet;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "N402",
    name: "nacl-shadowed-rule",
    severity: Severity::Warning,
    summary: "a network ACL rule can never match: lower-numbered rules decide everything it covers",
    docs: "## What it checks
Evaluates each direction of a network ACL over the set of all packets, rule by
rule in number order (first match wins), and reports a rule that decides
nothing: every packet it covers is already allowed or denied by a rule with a
lower number. The check is exact set arithmetic over addresses, protocols and
ports, so a rule hidden by the union of several earlier rules is found too.

## Why it matters
A shadowed rule is dead configuration that reads as if it did something. When
an earlier rule has the opposite action it is usually a bug: a `deny` written
after a broader `allow` never denies anything.

## Example
```
network-acl edge {
  vpc main
  subnets public-a
  inbound 100 allow tcp 0-65535 from 0.0.0.0/0
  inbound 200 deny tcp 22 from 198.51.100.0/24
}
```

## Use instead
```
network-acl edge {
  vpc main
  subnets public-a
  inbound 90 deny tcp 22 from 198.51.100.0/24
  inbound 100 allow tcp 0-65535 from 0.0.0.0/0
}
```
",
    check: Some(check),
};

/// Earlier rules named in one finding.
const NAMED: usize = 10;

fn check(cx: &Context<'_>, out: &mut Sink) {
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
                let mut d = Diagnostic::new(
                    "N402",
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
                out.push(d.with_help(help));
            }
        }
    }
}
