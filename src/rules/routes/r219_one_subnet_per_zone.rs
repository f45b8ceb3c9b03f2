//! R219 one-subnet-per-zone.
//!
//! AWS places one network interface per zone for an interface endpoint
//! (and one per zone for a transit-gateway attachment): a second subnet
//! in a zone is refused. Every list this holds for is one [`Source`], so
//! another kind adds one entry to [`sources`].

use crate::catalog::Code;
use crate::model::{List, Model, SubnetId, ids};
use crate::rules::kit::subnets::same_zone_pairs;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R219,
    check,
};

/// A subnet list AWS takes one subnet per zone from.
struct Source<'m> {
    /// "interface endpoint ssm", for messages.
    what: String,
    subnets: &'m List<SubnetId>,
}

fn sources(m: &Model) -> Vec<Source<'_>> {
    let endpoints = ids(&m.vpc_endpoints)
        .filter(|(_, e)| e.is_interface())
        .map(|(_, e)| Source {
            what: format!("interface endpoint {}", e.decl.name),
            subnets: &e.subnets,
        });
    let attachments = m.transit_gateways.iter().flat_map(|t| {
        t.attachments.iter().map(move |a| Source {
            what: format!(
                "the attachment of transit gateway {} to vpc {}",
                t.decl.name, m[a.vpc.node].decl.name
            ),
            subnets: &a.subnets,
        })
    });
    endpoints.chain(attachments).collect()
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for src in sources(m) {
        let items = &src.subnets.items;
        for (later, earlier) in same_zone_pairs(m, items) {
            let (a, b) = (&m[items[earlier].node], &m[items[later].node]);
            if items[earlier].node == items[later].node {
                continue; // the same subnet twice: one interface
            }
            cx.report(
                &RULE,
                items[later].span,
                format!(
                    "{} has two subnets in zone {}: {} and {}",
                    src.what, b.zone.node, a.decl.name, b.decl.name
                ),
            )
            .with_label(format!("also in zone {}", b.zone.node))
            .with_secondary(
                items[earlier].span,
                format!("{} is in zone {}", a.decl.name, a.zone.node),
            )
            .with_help(format!(
                "keep one subnet per zone: remove {} (AWS refuses a second subnet in a zone)",
                b.decl.name
            ));
        }
    }
}
