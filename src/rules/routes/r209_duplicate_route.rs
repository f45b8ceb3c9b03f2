//! R209 duplicate-route.

use crate::catalog::Code;
use crate::model::{Route, ids};
use crate::rules::{Context, Rule};
use ipnet::IpNet;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::R209,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, rt) in ids(&m.route_tables) {
        let mut seen: HashMap<IpNet, &Route> = HashMap::with_capacity(rt.routes.len());
        for r in &rt.routes {
            let Some(first) = seen.get(&r.destination.node) else {
                seen.insert(r.destination.node, r);
                continue;
            };
            let dest = r.destination.node;
            let (t1, t2) = (first.target.node.name(m), r.target.node.name(m));
            let help = if t1 == t2 {
                format!("delete this line: it repeats the route to {t1}")
            } else {
                format!(
                    "keep one route for {dest}: either to {t1} or to {t2}, and delete the other"
                )
            };
            cx.report(
                &RULE,
                r.destination.span,
                format!("route table {} has two routes for {dest}", rt.decl.name),
            )
            .with_label(format!("second route for {dest}, to {t2}"))
            .with_secondary(first.span, format!("first route for {dest}, to {t1}"))
            .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn exact_destinations_only() {
        let src = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
route-table rt {
  vpc main
  subnets a
  route 0.0.0.0/0 -> igw
  route ::/0 -> igw
  route 192.168.0.0/16 -> igw
  route 192.168.0.0/24 -> igw
  route 0.0.0.0/0 -> igw
}
";
        let d = diags(src, "R209");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(src), "0.0.0.0/0");
        assert_eq!(d[0].secondary[0].span.text(src), "route 0.0.0.0/0 -> igw");
        assert_eq!(
            d[0].help.as_deref(),
            Some("delete this line: it repeats the route to igw")
        );
    }
}
