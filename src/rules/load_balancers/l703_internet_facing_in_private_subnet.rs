//! L703 internet-facing-in-private-subnet.
//!
//! Whether a subnet is public is derived from its route table, never
//! declared; this rule reads [`Topology::is_public`] for every subnet an
//! internet-facing load balancer names.
//!
//! [`Topology::is_public`]: crate::model::topology::Topology::is_public

use crate::catalog::Code;
use crate::model::{RouteTarget, Scheme, SubnetId, ids};
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::L703,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    // The first public subnet per (VPC, zone letter): the replacement to
    // suggest. Built once, linear in the number of subnets.
    let mut public_by_zone: HashMap<(usize, crate::model::ZoneKey), SubnetId> = HashMap::new();
    for (id, s) in ids(&m.subnets) {
        if topo.is_public(id) {
            public_by_zone
                .entry((s.vpc.node.index(), s.zone.node.key()))
                .or_insert(id);
        }
    }
    for (_, lb) in ids(&m.load_balancers) {
        if lb.scheme() != Scheme::InternetFacing {
            continue;
        }
        for item in lb.subnets.iter() {
            let sid = item.node;
            if topo.is_public(sid) {
                continue;
            }
            let sub = &m[sid];
            let mut d = cx
                .report(
                    &RULE,
                    item.span,
                    format!(
                        "internet-facing load balancer {} is placed in private subnet {}",
                        lb.decl.name, sub.decl.name
                    ),
                )
                .with_label("private: no route to an internet gateway");
            d = match lb.scheme {
                Some(s) => d.with_secondary(s.span, "clients on the internet must reach it"),
                None => d.with_secondary(
                    lb.decl.name_span,
                    "internet-facing by default: clients on the internet must reach it",
                ),
            };
            d = match topo.subnet_route_table[sid] {
                None => d.with_secondary(
                    sub.decl.name_span,
                    format!(
                        "{} has no route table, so it uses the main one (local routes only)",
                        sub.decl.name
                    ),
                ),
                Some(rt) => {
                    let table = &m[rt];
                    match topo.subnet_default_route[sid] {
                        Some(RouteTarget::Nat(n)) => {
                            let span = table
                                .routes
                                .iter()
                                .find(|r| r.target.node == RouteTarget::Nat(n))
                                .map_or(table.decl.name_span, |r| r.span);
                            d.with_secondary(
                                span,
                                format!(
                                    "{} sends 0.0.0.0/0 to NAT gateway {}: outbound only",
                                    table.decl.name, m[n].decl.name
                                ),
                            )
                        }
                        _ => d.with_secondary(
                            table.decl.name_span,
                            format!(
                                "{} has no 0.0.0.0/0 route to an internet gateway",
                                table.decl.name
                            ),
                        ),
                    }
                }
            };
            let replacement = public_by_zone.get(&(sub.vpc.node.index(), sub.zone.node.key()));
            let help = match replacement {
                Some(&p) if lb.subnets.ids().any(|x| x == p) => format!(
                    "drop {} from {}'s subnets: {} already covers zone {}",
                    sub.decl.name, lb.decl.name, m[p].decl.name, m[p].zone.node
                ),
                Some(&p) => format!(
                    "use public subnet {} (zone {}) instead of {}, or make {} `scheme internal`",
                    m[p].decl.name, m[p].zone.node, sub.decl.name, lb.decl.name
                ),
                None => format!(
                    "place {} in a subnet whose route table sends 0.0.0.0/0 to an internet gateway, \
                     or make it `scheme internal`",
                    lb.decl.name
                ),
            };
            d.with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{CERT, fired, texts};

    fn lb(scheme: &str, subnets: &str) -> String {
        format!(
            "subnet lonely-c {{ vpc main; cidr 10.0.21.0/24; zone c }}\n\
             target-group h {{ vpc main; protocol http; port 80; health-check http /h }}\n\
             load-balancer web {{ type application; {scheme} subnets {subnets}\n\
               listener https 443 -> h certificate {CERT} }}\n"
        )
    }

    #[test]
    fn only_internet_facing_lbs_need_public_subnets() {
        assert!(fired(&lb("scheme internal;", "private-a, private-c"), "L703").is_empty());
        assert!(fired(&lb("", "public-a, public-c"), "L703").is_empty());
        let src = lb("scheme internet-facing;", "public-a, private-c");
        let d = fired(&src, "L703");
        assert_eq!(texts(&src, &d), ["private-c"]);
    }

    #[test]
    fn explains_why_the_subnet_is_private() {
        // The main route table: local routes only.
        let src = lb("", "public-a, lonely-c");
        let d = fired(&src, "L703");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].secondary
                .iter()
                .any(|l| l.message.contains("main one"))
        );
        assert!(d[0].help.as_deref().is_some_and(|h| h.contains("public-c")));
        // The NAT route is named, and a public subnet already listed for the
        // zone means the fix is to drop the private one.
        let src = lb("", "public-a, private-a, public-c");
        let d = fired(&src, "L703");
        assert!(
            d[0].secondary
                .iter()
                .any(|l| l.message.contains("NAT gateway nat-a"))
        );
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.starts_with("drop private-a"))
        );
    }
}
