//! R218 endpoint-dns-needs-vpc-dns.
//!
//! Private DNS makes the service's public name resolve to the endpoint's
//! interfaces inside the VPC, through the VPC's resolver: AWS refuses it
//! unless the VPC has DNS support and DNS hostnames, which `dns off` turns
//! off.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R218,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, e) in ids(&m.vpc_endpoints) {
        if !e.is_interface() || !e.private_dns() {
            continue;
        }
        let vpc = &m[e.vpc.node];
        let Some(dns) = vpc.dns.filter(|d| !d.node) else {
            continue;
        };
        let span = e.private_dns.map_or(e.decl.name_span, |p| p.span);
        let label = if e.private_dns.is_some() {
            "private DNS on"
        } else {
            "private DNS is on by default"
        };
        cx.report(
            &RULE,
            span,
            format!(
                "interface endpoint {} uses private DNS, but vpc {} has `dns off`",
                e.decl.name, vpc.decl.name
            ),
        )
        .with_label(label)
        .with_secondary(dns.span, "DNS support and hostnames are off")
        .with_help(format!(
            "write `dns on` in vpc {} (AWS needs both for private DNS), or `private-dns off` in {} and call the endpoint by its own DNS name",
            vpc.decl.name, e.decl.name
        ));
    }
}
