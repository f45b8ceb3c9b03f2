//! R212 peering-cidr-overlap.
//!
//! The requester VPC's IPv4 blocks against the peer's: the peer VPC's
//! blocks when it is in the file, its `peer-cidrs` otherwise.

use crate::catalog::Code;
use crate::model::{PeerSide, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::R212,
    check,
};

fn overlap(a: &IpNet, b: &IpNet) -> bool {
    a.contains(b) || b.contains(a)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, p) in ids(&m.vpc_peerings) {
        let own = &m[p.vpc.node];
        // The peer's blocks with where to point for each.
        let theirs: Vec<(IpNet, Span, String)> = match &p.peer {
            PeerSide::Vpc(v) => m[v.node]
                .ipv4_blocks()
                .map(|c| (c.node, v.span, m[v.node].decl.name.clone()))
                .collect(),
            PeerSide::External { cidrs, .. } => cidrs
                .iter()
                .map(|c| (c.node, c.span, "the peer".to_string()))
                .collect(),
        };
        for mine in own.ipv4_blocks() {
            if let Some((net, span, who)) = theirs.iter().find(|(n, ..)| overlap(&mine.node, n)) {
                cx.report(
                    &RULE,
                    *span,
                    format!(
                        "the two sides of peering {} overlap: {} of {} and {net} of {who}",
                        p.decl.name, mine.node, own.decl.name
                    ),
                )
                .with_label(format!("{net} overlaps {}", mine.node))
                .with_secondary(mine.span, format!("{} of {}", mine.node, own.decl.name))
                .with_help(
                    "AWS refuses a peering between VPCs whose CIDR blocks overlap: renumber one side (or reach the other network through a transit gateway with NAT)",
                );
                break;
            }
        }
    }
}
