//! R210 igw-not-attached.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{RouteTarget, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "R210",
    name: "igw-not-attached",
    severity: Severity::Error,
    summary: "a route targets an internet gateway that is attached to no VPC or another VPC",
    docs: "## What it checks
That every route to an internet gateway names the gateway attached to the
route table's own VPC. In this language an `internet-gateway` always names
its VPC (`vpc` is required) and is attached to it, so a gateway attached
to no VPC cannot be written; what remains is a gateway of another VPC.

## Why it matters
An internet gateway is attached to exactly one VPC and serves only that
VPC's route tables: it is the VPC's two-way door to the internet. A route
to another VPC's gateway is rejected by AWS when the stack is created (the
gateway is not attached to this network), and until it is fixed the
subnets behind the route table are not public.

## Example
```
vpc main  { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
internet-gateway other-igw { vpc other }
route-table public-rt { vpc main; subnets public-a; route 0.0.0.0/0 -> other-igw }
```

## Use instead
```
vpc main  { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
internet-gateway igw { vpc main }
internet-gateway other-igw { vpc other }
route-table public-rt { vpc main; subnets public-a; route 0.0.0.0/0 -> igw }
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let (m, t) = (cx.model, cx.topo);
    for (_, rt) in ids(&m.route_tables) {
        let vpc = rt.vpc.node;
        let vname = &m[vpc].decl.name;
        for r in &rt.routes {
            let RouteTarget::Igw(g) = r.target.node else {
                continue;
            };
            let igw = &m[g];
            if igw.vpc.node == vpc {
                continue;
            }
            let gname = &igw.decl.name;
            let other = &m[igw.vpc.node].decl.name;
            let help = match t.igws_by_vpc[vpc].first() {
                Some(&own) => format!(
                    "route {} to {}, the internet gateway of {vname}",
                    r.destination.node, m[own].decl.name
                ),
                None => format!(
                    "{vname} has no internet gateway: declare `internet-gateway {vname}-igw {{ vpc {vname} }}` and route to it"
                ),
            };
            out.push(
                Diagnostic::new(
                    "R210",
                    r.target.span,
                    format!(
                        "route table {} of VPC {vname} routes to internet gateway {gname}, which is attached to VPC {other}",
                        rt.decl.name
                    ),
                )
                .with_label(format!("{gname} serves {other}, not {vname}"))
                .with_secondary(igw.vpc.span, format!("{gname} is attached to {other}"))
                .with_secondary(rt.vpc.span, format!("{} belongs to {vname}", rt.decl.name))
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn other_vpcs_gateway() {
        let src = "vpc main { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
internet-gateway gw { vpc other }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
route-table rt { vpc main; subnets a; route 0.0.0.0/0 -> gw }
route-table ort { vpc other; route 0.0.0.0/0 -> gw }
";
        let d = diags(src, "R210");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "main has no internet gateway: declare `internet-gateway main-igw { vpc main }` and route to it"
            )
        );
        let with_own = format!("{src}internet-gateway igw {{ vpc main }}\n");
        assert_eq!(
            diags(&with_own, "R210")[0].help.as_deref(),
            Some("route 0.0.0.0/0 to igw, the internet gateway of main")
        );
    }
}
