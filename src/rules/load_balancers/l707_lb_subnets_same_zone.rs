//! L707 lb-subnets-same-zone.
//!
//! Zones compare with [`Zone::same_as`]: a bare letter is the same zone as a
//! full name with that letter.
//!
//! [`Zone::same_as`]: crate::model::Zone::same_as

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::subnets::{report_listed_twice, same_zone_pairs};
use crate::rules::{Context, Rule};
use std::collections::HashSet;

pub static RULE: Rule = Rule {
    code: Code::L707,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, lb) in ids(&m.load_balancers) {
        let items = &lb.subnets.items;
        let pairs = same_zone_pairs(m, items);
        if pairs.is_empty() {
            continue;
        }
        // A subnet of the same VPC in a zone the load balancer does not use
        // yet, public or private like the one it would replace.
        let used: HashSet<crate::model::ZoneKey> =
            lb.subnets.ids().map(|s| m[s].zone.node.key()).collect();
        let vpc = m[items[0].node].vpc.node;
        let free: Vec<_> = cx.topo.subnets_by_vpc[vpc]
            .iter()
            .copied()
            .filter(|&s| !used.contains(&m[s].zone.node.key()))
            .collect();
        for (later, earlier) in pairs {
            let (a, b) = (&items[earlier], &items[later]);
            let (sa, sb) = (&m[a.node], &m[b.node]);
            if a.node == b.node {
                report_listed_twice(cx, &RULE, &lb.decl.name, a, b);
            } else {
                cx.report(
                    &RULE,
                    b.span,
                    format!(
                        "load balancer {} has two subnets in zone {}: {} and {}",
                        lb.decl.name, sb.zone.node, sa.decl.name, sb.decl.name
                    ),
                )
                .with_label(format!("{} is in zone {}", sb.decl.name, sb.zone.node))
                .with_secondary(
                    a.span,
                    format!("{} is already in zone {}", sa.decl.name, sa.zone.node),
                )
                .with_secondary(sb.zone.span, format!("{}'s zone", sb.decl.name))
                .with_help({
                    let public = cx.topo.is_public(b.node);
                    let pick = free
                        .iter()
                        .copied()
                        .find(|&s| cx.topo.is_public(s) == public);
                    match pick {
                        Some(s) => format!(
                            "a load balancer takes one subnet per zone: replace {} with {} (zone {})",
                            sb.decl.name, m[s].decl.name, m[s].zone.node
                        ),
                        None => format!(
                            "a load balancer takes one subnet per zone: remove {} from {}'s subnets, \
                             or use a subnet in another zone",
                            sb.decl.name, lb.decl.name
                        ),
                    }
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    fn lb(subnets: &str) -> String {
        format!(
            "subnet public-a2 {{ vpc main; cidr 10.0.3.0/24; zone ap-northeast-2a }}\n\
             route-table rt2 {{ vpc main; subnets public-a2; route 0.0.0.0/0 -> igw }}\n\
             target-group t {{ vpc main; protocol tcp; port 80; health-check tcp }}\n\
             load-balancer edge {{ type network; subnets {subnets}; listener tcp 80 -> t }}\n"
        )
    }

    #[test]
    fn reports_the_later_subnet_of_a_zone() {
        let src = lb("public-a2, public-c, public-a");
        let d = fired(&src, "L707");
        assert_eq!(texts(&src, &d), ["public-a"]);
        assert_eq!(
            d[0].secondary[0].message,
            "public-a2 is already in zone ap-northeast-2a"
        );
        assert!(fired(&lb("public-a, public-c"), "L707").is_empty());
    }

    #[test]
    fn suggests_a_free_zone_or_drops_a_duplicate() {
        let d = fired(&lb("public-a, public-a2"), "L707");
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("with public-c"))
        );
        let d = fired(&lb("public-a, public-c, public-a"), "L707");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("listed twice"));
    }
}
