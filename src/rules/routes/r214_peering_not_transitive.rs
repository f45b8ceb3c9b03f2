//! R214 peering-not-transitive.
//!
//! A peering carries traffic between its two VPCs only: a route over it
//! must lead inside a block of the VPC across (the peer VPC's blocks, or
//! its `peer-cidrs`). IPv6 routes are not judged (the peer's IPv6 block is
//! not known here).

use crate::catalog::Code;
use crate::model::{RouteTarget, ids};
use crate::rules::{Context, Rule};
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::R214,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, rt) in ids(&m.route_tables) {
        let vpc = rt.vpc.node;
        for r in &rt.routes {
            let RouteTarget::Peering(p) = r.target.node else {
                continue;
            };
            let dest = r.destination.node;
            if matches!(dest, IpNet::V6(_)) || !m[p].joins(vpc) {
                continue; // IPv6, or R205's
            }
            let far = m[p].blocks_across(m, vpc);
            if far.iter().any(|b| b.contains(&dest)) {
                continue;
            }
            let side = match m[p].across(vpc) {
                Some(Some(v)) => format!("vpc {}", m[v].decl.name),
                _ => "the peer".to_string(),
            };
            let blocks: Vec<String> = far.iter().map(|b| b.to_string()).collect();
            cx.report(
                &RULE,
                r.span,
                format!(
                    "{} routes {dest} over peering {}, but {side} holds only {}",
                    rt.decl.name,
                    m[p].decl.name,
                    blocks.join(", ")
                ),
            )
            .with_label("addresses outside the peer VPC")
            .with_secondary(m[p].decl.name_span, format!("{} joins two VPCs and nothing else", m[p].decl.name))
            .with_help(format!(
                "a peering does not carry transitive traffic (edge-to-edge routing is not supported): route only {} over {}, and reach other networks through a transit gateway or a peering of their own",
                blocks.join(", "),
                m[p].decl.name
            ));
        }
    }
}
