//! R207 implicit-main-route-table.

use super::{all_names, default_v4, fresh_name};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{RouteTableId, RouteTarget, ids};
use crate::rules::{Context, Rule, Sink};
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "R207",
    name: "implicit-main-route-table",
    severity: Severity::Info,
    summary: "a subnet has no route table and silently uses the main one",
    docs: "## What it checks
Subnets that no `route-table` lists in its `subnets`.

## Why it matters
A subnet without an explicit association uses its VPC's main route table.
netlint's stacks leave the main table with only the implicit `local` route,
so such a subnet is private and isolated: no internet gateway, no NAT
gateway. That may be intended (a database tier), but it is invisible in the
file, and in a console-edited VPC the main table may hold routes nobody
expects. Naming the route table makes the subnet's routing explicit.

## Example
```
subnet data-a { vpc main; cidr 10.0.21.0/24; zone a }
```

## Use instead
```
subnet data-a { vpc main; cidr 10.0.21.0/24; zone a }
route-table data-rt { vpc main; subnets data-a }
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let (m, t) = (cx.model, cx.topo);
    let mut lazy: Option<(Vec<Vec<RouteTableId>>, HashSet<&str>)> = None;
    for (sid, s) in ids(&m.subnets) {
        if !t.subnet_route_tables[sid].is_empty() {
            continue;
        }
        let (private_tables, names) = lazy.get_or_insert_with(|| {
            // Route tables without an internet route: adding a subnet to
            // one keeps it as private as the main table does.
            let mut v = vec![Vec::new(); m.vpcs.len()];
            for (id, rt) in ids(&m.route_tables) {
                let internet = rt.routes.iter().any(|r| {
                    r.destination.node == default_v4()
                        && matches!(r.target.node, RouteTarget::Igw(_))
                });
                if !internet {
                    v[rt.vpc.node.index()].push(id);
                }
            }
            (v, all_names(m))
        });
        let (sname, vname) = (&s.decl.name, &m[s.vpc.node].decl.name);
        let fresh = fresh_name(names, &format!("{sname}-rt"));
        let declare = format!("`route-table {fresh} {{ vpc {vname}; subnets {sname} }}`");
        let help = match private_tables[s.vpc.node.index()].first() {
            Some(&rt) => format!(
                "add {sname} to the `subnets` of {}, or declare its own: {declare}",
                m[rt].decl.name
            ),
            None => format!("declare its routing: {declare}"),
        };
        out.push(
            Diagnostic::new(
                "R207",
                s.decl.name_span,
                format!(
                    "subnet {sname} is in no route table and uses the main route table of {vname}"
                ),
            )
            .with_label("only the local route: private and without internet access")
            .with_help(help),
        );
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
