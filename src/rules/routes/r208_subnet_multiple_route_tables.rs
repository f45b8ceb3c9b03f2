//! R208 subnet-multiple-route-tables.

use crate::catalog::Code;
use crate::model::side::IdVec;
use crate::model::{RouteTableId, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::R208,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let mut first: IdVec<crate::model::Subnet, Option<(RouteTableId, Span)>> =
        IdVec::filled(m.subnets.len(), None);
    for (rt_id, rt) in ids(&m.route_tables) {
        for item in rt.subnets.iter() {
            let sname = &m[item.node].decl.name;
            let Some((f_id, f_span)) = first[item.node] else {
                first[item.node] = Some((rt_id, item.span));
                continue;
            };
            let fname = &m[f_id].decl.name;
            if f_id == rt_id {
                cx.report(
                    &RULE,
                    item.span,
                    format!("subnet {sname} is listed twice in route table {fname}"),
                )
                .with_label("second association")
                .with_secondary(f_span, "first listed here")
                .with_help(format!("remove the second {sname} from the list"))
            } else {
                cx.report(
                    &RULE,
                    item.span,
                    format!(
                        "subnet {sname} is associated with route tables {fname} and {}",
                        rt.decl.name
                    ),
                )
                .with_label(format!("second route table for {sname}"))
                .with_secondary(f_span, format!("{sname} already uses {fname}"))
                .with_help(format!(
                    "keep {sname} in one route table: remove it from {} or from {fname}",
                    rt.decl.name
                ))
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn every_extra_association_points_at_the_first() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet b { vpc main; cidr 10.0.2.0/24; zone a }
route-table one { vpc main; subnets a, b, a }
route-table two { vpc main; subnets a }
";
        let d = diags(src, "R208");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].message, "subnet a is listed twice in route table one");
        assert_eq!(
            d[1].message,
            "subnet a is associated with route tables one and two"
        );
        assert_eq!(d[1].secondary[0].span, d[0].secondary[0].span);
    }
}
