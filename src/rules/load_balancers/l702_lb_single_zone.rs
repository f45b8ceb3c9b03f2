//! L702 lb-single-zone.
//!
//! AWS refuses to create an Application Load Balancer with fewer than two
//! Availability Zones; catching it here saves a failed deployment.

use crate::catalog::Code;
use crate::model::{LbType, ids};
use crate::rules::kit::subnets::spans_two_zones;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L702,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, lb) in ids(&m.load_balancers) {
        if lb.lb_type.node != LbType::Application || lb.subnets.is_empty() {
            continue;
        }
        if spans_two_zones(m, lb.subnets.ids()) {
            continue;
        }
        let first = &m[lb.subnets.items[0].node];
        let zone = first.zone.node.to_string();
        let span = lb.subnets.span.unwrap_or(lb.decl.name_span);
        let names: Vec<&str> = lb.subnets.ids().map(|s| m[s].decl.name.as_str()).collect();
        let mut d = cx
            .report(
                &RULE,
                span,
                format!(
                    "application load balancer {} has subnets in only one availability zone",
                    lb.decl.name
                ),
            )
            .with_label(format!("all in zone {zone}"))
            .with_secondary(
                lb.lb_type.span,
                "an application load balancer needs two zones",
            );
        for s in lb.subnets.ids() {
            let sub = &m[s];
            d = d.with_secondary(
                sub.zone.span,
                format!("{} is in zone {}", sub.decl.name, sub.zone.node),
            );
        }
        // Offer a subnet of the same VPC in another zone, public like the
        // first one if possible, so the fix can be copied.
        let vpc = first.vpc.node;
        let want_public = cx.topo.is_public(lb.subnets.items[0].node);
        let elsewhere: Vec<_> = cx.topo.subnets_by_vpc[vpc]
            .iter()
            .copied()
            .filter(|&s| !m[s].zone.node.same_as(&first.zone.node))
            .collect();
        let other = elsewhere
            .iter()
            .copied()
            .find(|&s| cx.topo.is_public(s) == want_public)
            .or(elsewhere.first().copied());
        let help = match other {
            Some(s) => format!(
                "add a subnet in another zone: `subnets {}, {}`",
                names.join(", "),
                m[s].decl.name
            ),
            None => format!(
                "declare a subnet of {} in another zone (e.g. `zone {}`) and add it to {}'s subnets",
                m[vpc].decl.name,
                if first.zone.node.letter() == 'a' {
                    'c'
                } else {
                    'a'
                },
                lb.decl.name
            ),
        };
        d.with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{CERT, fired};

    fn lb(kind: &str, subnets: &str) -> String {
        format!(
            "subnet public-a2 {{ vpc main; cidr 10.0.3.0/24; zone ap-northeast-2a }}\n\
             route-table rt2 {{ vpc main; subnets public-a2; route 0.0.0.0/0 -> igw }}\n\
             target-group h {{ vpc main; protocol {p}; port 80; health-check tcp }}\n\
             load-balancer web {{ type {kind}; subnets {subnets}\n\
               listener {l} 443 -> h certificate {CERT} }}\n",
            p = if kind == "application" {
                "https"
            } else {
                "tcp"
            },
            l = if kind == "application" {
                "https"
            } else {
                "tls"
            },
        )
    }

    #[test]
    fn a_letter_and_its_full_name_are_one_zone() {
        let d = fired(&lb("application", "public-a, public-a2"), "L702");
        assert_eq!(d.len(), 1);
        assert!(d[0].help.as_deref().is_some_and(|h| h.contains("public-c")));
    }

    #[test]
    fn two_zones_or_a_network_lb_pass() {
        assert!(fired(&lb("application", "public-a, public-c"), "L702").is_empty());
        assert!(fired(&lb("network", "public-a"), "L702").is_empty());
    }
}
