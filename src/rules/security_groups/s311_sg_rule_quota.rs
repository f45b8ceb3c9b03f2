//! S311 sg-rule-quota.
//!
//! AWS counts a group's rules per direction against a quota of 60 (by
//! default), IPv4 and IPv6 apart: a CIDR rule counts in its family, a rule
//! naming a group (or `self`) once in each, a rule naming a declared
//! prefix list as many times as the list's `max-entries`, in the list's
//! family. AWS-managed lists (`aws:s3`) and lists by id (`pl-…`) weigh what
//! AWS says they weigh, which netlint cannot know: they are not counted.

use crate::catalog::Code;
use crate::model::{Direction, Family, Peer, PrefixListRef, SgRule, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S311,
    check,
};

/// The default quota of rules per direction and family.
const QUOTA: u32 = 60;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, sg) in ids(&m.security_groups) {
        for (dir, rules) in [(Direction::In, &sg.ingress), (Direction::Out, &sg.egress)] {
            for fam in [Family::Ipv4, Family::Ipv6] {
                let mut total = 0u32;
                let mut lists: Vec<(String, u32)> = Vec::new();
                let mut crossing: Option<&SgRule> = None;
                for r in rules {
                    let w = weight(cx, r, fam);
                    if w == 0 {
                        continue;
                    }
                    if let Peer::PrefixList(PrefixListRef::Declared(p)) = r.peer.node {
                        lists.push((m[p].decl.name.clone(), w));
                    }
                    total += w;
                    if total > QUOTA && crossing.is_none() {
                        crossing = Some(r);
                    }
                }
                let Some(r) = crossing else { continue };
                let word = match dir {
                    Direction::In => "inbound",
                    Direction::Out => "outbound",
                };
                let mut d = cx
                    .report(
                        &RULE,
                        r.span,
                        format!(
                            "security group {} has {total} {word} {} rules counted against the quota of {QUOTA}",
                            sg.decl.name,
                            fam.cfn()
                        ),
                    )
                    .with_label(format!("rule {} of {QUOTA} is reached here", QUOTA + 1))
                    .with_secondary(sg.decl.name_span, format!("{total} {word} {} rules", fam.cfn()));
                if !lists.is_empty() {
                    let parts: Vec<String> = lists
                        .iter()
                        .map(|(n, w)| format!("{n} counts {w}"))
                        .collect();
                    d = d.with_note(format!(
                        "a prefix list counts as its max-entries: {}",
                        parts.join(", ")
                    ));
                }
                d.with_help(
                    "split the rules over two groups (an interface takes up to five), lower the max-entries of the prefix lists it names, or ask AWS for a higher quota (rules per group × groups per interface stays at most 1,000)",
                );
            }
        }
    }
}

/// How many rules of family `fam` one line counts as.
fn weight(cx: &Context<'_>, r: &SgRule, fam: Family) -> u32 {
    match r.peer.node {
        Peer::Cidr(c) => u32::from(Family::of(&c) == fam),
        Peer::Group(_) | Peer::SelfGroup => 1,
        Peer::PrefixList(PrefixListRef::Declared(p)) => {
            let l = &cx.model[p];
            if l.family.node == fam {
                l.max_entries()
            } else {
                0
            }
        }
        Peer::PrefixList(_) => 0,
    }
}
