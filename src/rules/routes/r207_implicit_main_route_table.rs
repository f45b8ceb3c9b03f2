//! R207 implicit-main-route-table.

use super::{all_names, default_v4, fresh_name};
use crate::catalog::Code;
use crate::model::side::IdVec;
use crate::model::{RouteTableId, RouteTarget, ids};
use crate::rules::{Context, Rule};
use std::collections::HashSet;

pub static RULE: Rule = Rule {
    code: Code::R207,
    check,
};

/// Per VPC, its route tables without an internet route.
type PrivateTables = IdVec<crate::model::Vpc, Vec<RouteTableId>>;

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    let mut lazy: Option<(PrivateTables, HashSet<&str>)> = None;
    for (sid, s) in ids(&m.subnets) {
        if !t.subnet_route_tables[sid].is_empty() {
            continue;
        }
        let (private_tables, names) = lazy.get_or_insert_with(|| {
            // Route tables without an internet route: adding a subnet to
            // one keeps it as private as the main table does.
            let mut v = IdVec::filled(m.vpcs.len(), Vec::new());
            for (id, rt) in ids(&m.route_tables) {
                let internet = rt.routes.iter().any(|r| {
                    r.destination.node == default_v4()
                        && matches!(r.target.node, RouteTarget::Igw(_))
                });
                if !internet {
                    v[rt.vpc.node].push(id);
                }
            }
            (v, all_names(m))
        });
        let (sname, vname) = (&s.decl.name, &m[s.vpc.node].decl.name);
        let fresh = fresh_name(names, &format!("{sname}-rt"));
        let declare = format!("`route-table {fresh} {{ vpc {vname}; subnets {sname} }}`");
        let help = match private_tables[s.vpc.node].first() {
            Some(&rt) => format!(
                "add {sname} to the `subnets` of {}, or declare its own: {declare}",
                m[rt].decl.name
            ),
            None => format!("declare its routing: {declare}"),
        };
        cx.report(
            &RULE,
            s.decl.name_span,
            format!("subnet {sname} is in no route table and uses the main route table of {vname}"),
        )
        .with_label("only the local route: private and without internet access")
        .with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn names_route_tables_of_the_same_vpc() {
        let src = "vpc main { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet b { vpc main; cidr 10.0.2.0/24; zone a }
subnet c { vpc other; cidr 10.1.2.0/24; zone a }
internet-gateway igw { vpc main }
route-table pub-rt { vpc main; subnets a; route 0.0.0.0/0 -> igw }
route-table rt { vpc main }
subnet c-rt { vpc other; cidr 10.1.3.0/24; zone a }
route-table x { vpc other; subnets c-rt }
";
        let d = diags(src, "R207");
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "add b to the `subnets` of rt, or declare its own: `route-table b-rt { vpc main; subnets b }`"
            )
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some(
                "add c to the `subnets` of x, or declare its own: `route-table c-rt2 { vpc other; subnets c }`"
            )
        );
    }
}
