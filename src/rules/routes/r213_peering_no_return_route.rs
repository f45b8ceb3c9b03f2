//! R213 peering-no-return-route.
//!
//! For a route over a peering to a VPC of the file, the subnets it reaches
//! (those of the peer VPC inside the route's destination) must route the
//! sending subnets' blocks back over the same peering, by longest prefix
//! match in their own route tables. A subnet without a route table uses
//! the main table (local route only): no route back. Peers outside the
//! file are not checked (their route tables are not in it).

use crate::catalog::Code;
use crate::model::{Model, RouteTableId, RouteTarget, SubnetId, ids};
use crate::rules::{Context, Rule};
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::R213,
    check,
};

/// The target of the longest route of `table` covering `block` (CIDR
/// routes; `None` when only the local route or nothing covers it).
fn route_for(m: &Model, table: Option<RouteTableId>, block: &IpNet) -> Option<RouteTarget> {
    m[table?]
        .routes
        .iter()
        .filter(|r| r.destination.node.contains(block))
        .max_by_key(|r| r.destination.node.prefix_len())
        .map(|r| r.target.node)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    for (_, rt) in ids(&m.route_tables) {
        let vpc = rt.vpc.node;
        for r in &rt.routes {
            let RouteTarget::Peering(p) = r.target.node else {
                continue;
            };
            let Some(Some(far)) = m[p].across(vpc) else {
                continue;
            };
            // The blocks replies go back to: the table's subnets (the VPC's
            // blocks when it has none).
            let senders: Vec<IpNet> = if rt.subnets.is_empty() {
                m[vpc].ipv4_blocks().map(|c| c.node).collect()
            } else {
                rt.subnets.ids().map(|s| m[s].cidr.node).collect()
            };
            let lost: Vec<SubnetId> = ids(&m.subnets)
                .filter(|(_, s)| s.vpc.node == far)
                .filter(|(_, s)| {
                    r.destination.node.contains(&s.cidr.node)
                        || s.cidr.node.contains(&r.destination.node)
                })
                .filter(|(sid, _)| {
                    let table = topo.subnet_route_table[*sid];
                    senders
                        .iter()
                        .any(|b| route_for(m, table, b) != Some(RouteTarget::Peering(p)))
                })
                .map(|(sid, _)| sid)
                .collect();
            let Some(&first) = lost.first() else {
                continue;
            };
            let names: Vec<&str> = lost.iter().map(|s| m[*s].decl.name.as_str()).collect();
            let shown = if names.len() > 4 {
                format!("{} and {} more", names[..4].join(", "), names.len() - 4)
            } else {
                names.join(", ")
            };
            let back = match topo.subnet_route_table[first] {
                Some(t) => (
                    m[t].decl.name_span,
                    format!(
                        "{}'s route table: no route back over {}",
                        m[first].decl.name, m[p].decl.name
                    ),
                ),
                None => (
                    m[first].decl.name_span,
                    format!(
                        "{} uses the main route table (local route only)",
                        m[first].decl.name
                    ),
                ),
            };
            let senders_text: Vec<String> = senders.iter().map(|b| b.to_string()).collect();
            cx.report(
                &RULE,
                r.span,
                format!(
                    "{} routes {} over peering {}, but the route table of {} (vpc {}) sends no reply back over it",
                    rt.decl.name,
                    r.destination.node,
                    m[p].decl.name,
                    shown,
                    m[far].decl.name
                ),
            )
            .with_label("traffic goes over the peering")
            .with_secondary(back.0, back.1)
            .with_help(format!(
                "add `route {} -> {}` to the route table of {} (replies follow the peer's routes, not the request's)",
                senders_text.join(", "),
                m[p].decl.name,
                shown
            ));
        }
    }
}
