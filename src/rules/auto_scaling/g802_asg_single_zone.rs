//! G802 asg-single-zone.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::subnets::spans_two_zones;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G802,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, g) in ids(&m.auto_scaling_groups) {
        let Some(first) = g.subnets.items.first() else {
            continue;
        };
        if spans_two_zones(m, g.subnets.ids()) {
            continue;
        }
        let first_sub = &m[first.node];
        let zone = &first_sub.zone.node;
        let mut d = cx
            .report(
                &RULE,
                g.subnets.span.unwrap_or(first.span),
                format!(
                    "auto scaling group {} runs all its instances in zone {zone}",
                    g.decl.name
                ),
            )
            .with_label(format!("every subnet is in zone {zone}"));
        let mut seen = Vec::new();
        let mut unique = std::collections::HashSet::new();
        for s in g.subnets.ids() {
            if !unique.insert(s) {
                continue;
            }
            seen.push(s);
            let sub = &m[s];
            d = d.with_secondary(
                sub.zone.span,
                format!("{} is in zone {}", sub.decl.name, sub.zone.node),
            );
        }
        let public = cx.topo.is_public(first.node);
        let elsewhere: Vec<_> = cx.topo.subnets_by_vpc[first_sub.vpc.node]
            .iter()
            .copied()
            .filter(|&s| !m[s].zone.node.same_as(zone))
            .collect();
        let pick = elsewhere
            .iter()
            .copied()
            .find(|&s| cx.topo.is_public(s) == public)
            .or(elsewhere.first().copied());
        let names: Vec<&str> = seen.iter().map(|&s| m[s].decl.name.as_str()).collect();
        let help = match pick {
            Some(s) => format!(
                "add a subnet in another zone: `subnets {}, {}`",
                names.join(", "),
                m[s].decl.name
            ),
            None => format!(
                "declare a subnet of {} in another zone and add it to {}'s subnets",
                m[first_sub.vpc.node].decl.name, g.decl.name
            ),
        };
        d.with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn asg(subnets: &str) -> String {
        format!(
            "subnet private-a2 {{ vpc main; cidr 10.0.13.0/24; zone ap-northeast-2a }}\n\
             auto-scaling-group g {{ launch-template app-lt; subnets {subnets}; min 1; max 2 }}\n"
        )
    }

    #[test]
    fn one_zone_however_it_is_written() {
        let d = fired(&asg("private-a, private-a2"), "G802");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.ends_with("`subnets private-a, private-a2, private-c`")),
            "{:?}",
            d[0].help
        );
        assert!(fired(&asg("private-a, private-c"), "G802").is_empty());
    }
}
