//! N409 acl-allow-superseded.
//!
//! An allow rule A is superseded when a later allow rule B matches
//! strictly more than A (B's box contains A's) and no deny rule between
//! them overlaps A: whatever A admits, B would admit without it, and so
//! would it admit the same traffic from the addresses A leaves out. A's
//! restriction ("RDP only from the office") is then not enforced by the
//! ACL.
//!
//! **Cost.** For each allow rule that decides something, the later rules
//! are scanned until the first that settles it (a deny overlapping it, or
//! an allow containing it): at most R box tests per rule, O(R²) for an ACL
//! of R rules, like N401; findings are bounded per direction
//! ([`super::Overflow`]).

use crate::analysis::acl::PreparedRule;
use crate::analysis::explain::describe_traffic;
use crate::analysis::set::{DST, FAM, FlowBox, FlowSet, SRC};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N409,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (aid, acl) in ids(&m.network_acls) {
        let prep = cx.analysis.prepared_acl(aid);
        for dir in [Direction::In, Direction::Out] {
            let rules = prep.rules(dir);
            let ev = prep.universe(dir);
            // What each rule decides over every packet (by file index).
            let mut decided: Vec<Option<&FlowSet>> = vec![None; rules.len()];
            for h in &ev.hits {
                decided[h.index] = Some(&h.set);
            }
            let mut overflow = super::Overflow::default();
            for (pos, a) in rules.iter().enumerate() {
                if !a.allow || decided[a.index].is_none() {
                    continue;
                }
                let Some(b) = superseding(rules, pos) else {
                    continue;
                };
                // Only a restriction that B voids: B admits A's protocol
                // and ports from addresses A leaves out. (B from the same
                // addresses makes A redundant, not void.)
                let Some(lets) = voided(a, dir, decided[rules[b].index]) else {
                    continue;
                };
                let ra = &acl.rules(dir)[a.index];
                if !overflow.admit(ra.number.node) {
                    continue;
                }
                report(cx, acl, dir, rules, pos, b, &lets);
            }
            overflow.summarize(
                cx,
                &RULE,
                acl,
                dir,
                "restrict nothing (a later, broader allow admits their traffic anyway)",
            );
        }
    }
}

/// The position of the first later allow rule containing the rule at
/// `pos`, if no deny overlapping it comes first.
fn superseding(rules: &[PreparedRule], pos: usize) -> Option<usize> {
    let a = &rules[pos].matches;
    for (k, r) in rules.iter().enumerate().skip(pos + 1) {
        if r.matches.intersect(a).is_none() {
            continue;
        }
        if !r.allow {
            return None;
        }
        if r.matches.contains(a) && r.matches != *a {
            return Some(k);
        }
    }
    None
}

/// What B (deciding `b_decides`) admits on A's protocol and ports from
/// addresses outside A's: the traffic A's restriction was meant to keep
/// out; `None` when there is none.
fn voided(a: &PreparedRule, dir: Direction, b_decides: Option<&FlowSet>) -> Option<FlowSet> {
    let peer = if dir == Direction::In { SRC } else { DST };
    let wide = a
        .matches
        .with(peer, FlowBox::family(a.matches.get(FAM).lo).get(peer));
    let lets = b_decides?.intersect_box(&wide);
    let outside = lets.subtract(&FlowSet::from(a.matches));
    (!outside.is_empty()).then_some(outside)
}

fn report(
    cx: &Context<'_>,
    acl: &NetworkAcl,
    dir: Direction,
    rules: &[PreparedRule],
    pos: usize,
    b: usize,
    lets: &FlowSet,
) {
    let (pa, pb) = (&rules[pos], &rules[b]);
    let (ra, rb) = (&acl.rules(dir)[pa.index], &acl.rules(dir)[pb.index]);
    let what = describe_traffic(lets);
    let word = dir.preposition();
    let any = if rb.cidr.node.addr().is_ipv4() {
        "0.0.0.0/0"
    } else {
        "::/0"
    };
    let between = free_number(acl.rules(dir), ra.number.node, rb.number.node);
    let fix = match between {
        Some(n) => format!(
            "add `{} {n} deny {} {word} {any}` between them",
            dir.word(),
            ra.traffic()
        ),
        None => format!(
            "renumber to make room for a deny of {} {word} {any} between them",
            ra.traffic()
        ),
    };
    cx.report(
        &RULE,
        ra.span,
        format!(
            "{} of {} restricts nothing: rule {} allows {what} {word} {} anyway",
            ra.name(),
            acl.decl.name,
            rb.number.node,
            rb.cidr.node
        ),
    )
    .with_label(format!(
        "allows {} {word} {} only in appearance",
        ra.traffic(),
        ra.cidr.node
    ))
    .with_secondary(
        rb.span,
        format!(
            "allows {what} {word} {}, with no deny in between",
            rb.cidr.node
        ),
    )
    .with_help(format!(
        "if only {} may send this traffic, {fix}; otherwise remove rule {}",
        ra.cidr.node, ra.number.node
    ));
}

/// A rule number strictly between `a` and `b` that no rule of the list
/// uses: where a deny can go.
fn free_number(rules: &[AclRule], a: u32, b: u32) -> Option<u32> {
    let mut used: Vec<u32> = rules
        .iter()
        .map(|r| r.number.node)
        .filter(|n| *n > a && *n < b)
        .collect();
    used.sort_unstable();
    // Prefer the middle of the gap; else any free number.
    let mid = a + (b - a) / 2;
    if mid > a && used.binary_search(&mid).is_err() {
        return Some(mid);
    }
    (a + 1..b).find(|n| used.binary_search(n).is_err())
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn acl(rules: &str) -> String {
        format!("network-acl a {{ vpc main; subnets private-a\n{rules} }}\n")
    }

    #[test]
    fn a_later_broader_allow_supersedes_without_a_deny_between() {
        let d = fired(
            &acl("inbound 130 allow tcp 3389 from 192.0.2.0/24\n\
                  inbound 140 allow tcp 1024-65535 from 0.0.0.0/0"),
            "N409",
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("rule 140 allows tcp 3389 from 0.0.0.0/0"),
            "{}",
            d[0].message
        );
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("`inbound 135 deny tcp 3389 from 0.0.0.0/0`")),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn a_deny_between_or_the_same_sources_leave_it_alone() {
        for quiet in [
            // A deny between enforces the restriction.
            "inbound 130 allow tcp 3389 from 192.0.2.0/24\n\
             inbound 135 deny tcp 3389 from 0.0.0.0/0\n\
             inbound 140 allow tcp 1024-65535 from 0.0.0.0/0",
            // The later rule from the same addresses: redundant, not void.
            "inbound 120 allow tcp 5432 from 10.0.20.0/23\n\
             inbound 200 allow tcp 1024-65535 from 10.0.20.0/23",
            // Disjoint ports: nothing superseded; an equal rule is N402's.
            "inbound 100 allow tcp 22 from 192.0.2.0/24\n\
             inbound 140 allow tcp 1024-65535 from 0.0.0.0/0\n\
             inbound 150 allow tcp 22 from 192.0.2.0/24",
        ] {
            assert!(fired(&acl(quiet), "N409").is_empty(), "{quiet}");
        }
    }
}
