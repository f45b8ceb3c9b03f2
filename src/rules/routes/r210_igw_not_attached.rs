//! R210 igw-not-attached.

use crate::catalog::Code;
use crate::model::{RouteTarget, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R210,
    check,
};

fn check(cx: &Context<'_>) {
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
            cx.report(
                    &RULE,
                    r.target.span,
                    format!(
                        "route table {} of VPC {vname} routes to internet gateway {gname}, which is attached to VPC {other}",
                        rt.decl.name
                    ),
                )
                .with_label(format!("{gname} serves {other}, not {vname}"))
                .with_secondary(igw.vpc.span, format!("{gname} is attached to {other}"))
                .with_secondary(rt.vpc.span, format!("{} belongs to {vname}", rt.decl.name))
                .with_help(help);
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
