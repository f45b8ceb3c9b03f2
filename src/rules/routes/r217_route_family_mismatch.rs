//! R217 route-family-mismatch.
//!
//! An egress-only internet gateway carries IPv6 only, a NAT gateway IPv4
//! only (its one IPv6 route is NAT64: `64:ff9b::/96` with DNS64). AWS
//! refuses a route whose destination's family the target cannot carry.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::R217,
    check,
};

/// The NAT64 prefix: a NAT gateway's only IPv6 destination.
const NAT64: &str = "64:ff9b::/96";

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let nat64: IpNet = NAT64.parse().expect("literal");
    for rt in &m.route_tables {
        for r in &rt.routes {
            let dest = r.destination.node;
            let v6 = matches!(dest, IpNet::V6(_));
            let target = r.target.node;
            let name = target.name(m);
            let (label, help) = match target {
                RouteTarget::Eigw(_) if !v6 => (
                    format!("egress-only internet gateway {name} carries IPv6 only"),
                    format!(
                        "send IPv4 to a NAT gateway (`route {dest} -> <nat-gateway>`), and IPv6 to {name} (`route ::/0 -> {name}`)"
                    ),
                ),
                RouteTarget::Nat(_) if v6 && dest != nat64 => (
                    format!("NAT gateway {name} translates IPv4 only"),
                    format!(
                        "send IPv6 to an egress-only internet gateway (`route {dest} -> <egress-only-internet-gateway>`); a NAT gateway takes IPv6 only as NAT64: `route {NAT64} -> {name}`"
                    ),
                ),
                _ => continue,
            };
            cx.report(
                &RULE,
                r.span,
                format!(
                    "route {dest} of {} goes to a gateway that cannot carry {}",
                    rt.decl.name,
                    if v6 { "IPv6" } else { "IPv4" }
                ),
            )
            .with_label(label)
            .with_help(help);
        }
    }
}
