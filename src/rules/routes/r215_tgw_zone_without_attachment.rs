//! R215 tgw-zone-without-attachment.
//!
//! A subnet whose route table sends something to a transit gateway must
//! have an attachment subnet in its zone: traffic enters the transit
//! gateway through the attachment's interface in the source's zone. A
//! gateway with no attachment in the VPC at all is R205's.

use crate::catalog::Code;
use crate::model::{RouteTarget, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R215,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, rt) in ids(&m.route_tables) {
        let mut seen = Vec::new();
        for r in &rt.routes {
            let RouteTarget::Tgw(t) = r.target.node else {
                continue;
            };
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            let Some(a) = m[t].attachment(rt.vpc.node) else {
                continue;
            };
            for item in rt.subnets.iter() {
                let s = &m[item.node];
                if a.subnets
                    .ids()
                    .any(|x| m[x].zone.node.same_as(&s.zone.node))
                {
                    continue;
                }
                cx.report(
                    &RULE,
                    item.span,
                    format!(
                        "{} (zone {}) routes to transit gateway {}, whose attachment in vpc {} has no subnet in zone {}",
                        s.decl.name, s.zone.node, m[t].decl.name, m[rt.vpc.node].decl.name, s.zone.node
                    ),
                )
                .with_label(format!("{} uses {}", s.decl.name, rt.decl.name))
                .with_secondary(r.span, format!("sends {} to {}", r.destination.node, m[t].decl.name))
                .with_secondary(a.span, "the attachment's subnets")
                .with_help(format!(
                    "add a subnet of zone {} to `attach {}` of {}: traffic enters a transit gateway only in zones where its attachment has a subnet",
                    s.zone.node,
                    m[rt.vpc.node].decl.name,
                    m[t].decl.name
                ));
            }
        }
    }
}
