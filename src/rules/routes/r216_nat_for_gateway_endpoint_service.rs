//! R216 nat-for-gateway-endpoint-service.
//!
//! Only where the file shows the service is used: a VPC with a gateway
//! endpoint for it (whose route tables miss some NAT-routed table), or a
//! security-group rule naming its AWS-managed list (`aws:s3`). The route a
//! subnet's traffic to the service takes is the reachability engine's
//! longest-prefix match, so a more specific route or a prefix-list route
//! to the endpoint counts as served.

use crate::analysis::path::{AddrSet, RouteChoice, Traffic};
use crate::analysis::set::{DST, addr_space};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R216,
    check,
};

const SERVICES: [(AwsList, &str); 2] = [(AwsList::S3, "s3"), (AwsList::DynamoDb, "dynamodb")];

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    for (aws, key) in SERVICES {
        // VPCs where the service is used.
        let mut used = vec![false; m.vpcs.len()];
        for e in &m.vpc_endpoints {
            if e.service_key() == key {
                used[e.vpc.node.index()] = true;
            }
        }
        for sg in &m.security_groups {
            let names = sg
                .ingress
                .iter()
                .chain(&sg.egress)
                .any(|r| r.peer.node == Peer::PrefixList(PrefixListRef::Aws(aws)));
            if names {
                used[sg.vpc.node.index()] = true;
            }
        }
        let addrs: AddrSet = an.service_addrs(key);
        let set = Traffic::tcp(&[443]).flows(addrs.fam, &[addr_space(addrs.fam)], &addrs.ivs);
        for t in &m.route_tables {
            if !used[t.vpc.node.index()] {
                continue;
            }
            let Some(subnet) = t.subnets.ids().next() else {
                continue;
            };
            let via_nat =
                an.route_partition(subnet, &set, DST)
                    .into_iter()
                    .find_map(|(c, _, _)| match c {
                        RouteChoice::Nat(n) => Some(n),
                        _ => None,
                    });
            let Some(nat) = via_nat else { continue };
            let route = t
                .routes
                .iter()
                .find(|r| r.target.node == RouteTarget::Nat(nat));
            let span = route.map_or(t.decl.name_span, |r| r.span);
            let gateway = ids(&m.vpc_endpoints).find(|(_, e)| {
                e.vpc.node == t.vpc.node && e.service_key() == key && !e.is_interface()
            });
            let mut d = cx
                .report(
                    &RULE,
                    span,
                    format!(
                        "subnets of route table {} reach {key} through NAT gateway {}",
                        t.decl.name, m[nat].decl.name
                    ),
                )
                .with_label(format!("{key} traffic goes through {}", m[nat].decl.name))
                .with_note(
                    "a NAT gateway charges for every GB it processes; a gateway endpoint for S3 or DynamoDB is free and keeps the traffic on AWS's network",
                );
            d = match gateway {
                Some((_, e)) => d
                    .with_secondary(
                        e.route_tables.span.unwrap_or(e.decl.name_span),
                        format!("gateway endpoint {} serves other route tables", e.decl.name),
                    )
                    .with_help(format!(
                        "add {} to the `route-tables` of {}",
                        t.decl.name, e.decl.name
                    )),
                None => d.with_help(format!(
                    "add `vpc-endpoint {key}-gateway {{ vpc {}; service {key}; route-tables {} }}`",
                    m[t.vpc.node].decl.name, t.decl.name
                )),
            };
        }
    }
}
