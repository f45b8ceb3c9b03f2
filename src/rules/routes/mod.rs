//! Area R of the catalog: routes, gateways and the public/private
//! split they define.
//!
//! A subnet is public exactly when its route table sends `0.0.0.0/0` to an
//! internet gateway ([`Topology::is_public`]); nothing else in the file
//! makes it so. The helpers here describe that derivation in messages and
//! find a public subnet to suggest, without scanning every subnet for every
//! finding.

pub mod r201_nat_in_private_subnet;
pub mod r202_nat_without_eip;
pub mod r203_public_ip_in_private_subnet;
pub mod r204_public_subnet_no_public_ip;
pub mod r205_gateway_vpc_mismatch;
pub mod r206_cross_zone_nat;
pub mod r207_implicit_main_route_table;
pub mod r208_subnet_multiple_route_tables;
pub mod r209_duplicate_route;
pub mod r210_igw_not_attached;
pub mod r211_unused_eip;
pub mod r212_peering_cidr_overlap;
pub mod r213_peering_no_return_route;
pub mod r214_peering_not_transitive;
pub mod r215_tgw_zone_without_attachment;
pub mod r216_nat_for_gateway_endpoint_service;
pub mod r217_route_family_mismatch;
pub mod r218_endpoint_dns_needs_vpc_dns;
pub mod r219_one_subnet_per_zone;

use crate::model::side::IdVec;
use crate::model::topology::Topology;
use crate::model::{Model, RouteTableId, RouteTarget, SubnetId, Vpc, VpcId, Zone, ids};
use crate::span::Span;
use ipnet::{IpNet, Ipv4Net};
use std::collections::{HashMap, HashSet};

/// Public subnets per VPC and zone letter, for "move it to …" help lines.
pub(crate) struct PublicSubnets {
    by_zone: HashMap<(VpcId, crate::model::ZoneKey), Vec<SubnetId>>,
    first: IdVec<Vpc, Option<SubnetId>>,
}

impl PublicSubnets {
    pub(crate) fn new(m: &Model, t: &Topology) -> Self {
        let mut by_zone: HashMap<(VpcId, crate::model::ZoneKey), Vec<SubnetId>> = HashMap::new();
        let mut first = IdVec::filled(m.vpcs.len(), None);
        for (id, s) in ids(&m.subnets) {
            if t.is_public(id) {
                by_zone
                    .entry((s.vpc.node, s.zone.node.key()))
                    .or_default()
                    .push(id);
                first[s.vpc.node].get_or_insert(id);
            }
        }
        PublicSubnets { by_zone, first }
    }

    /// A public subnet of the VPC in this zone.
    pub(crate) fn in_zone(&self, m: &Model, vpc: VpcId, zone: &Zone) -> Option<SubnetId> {
        self.by_zone
            .get(&(vpc, zone.key()))?
            .iter()
            .copied()
            .find(|&s| m[s].zone.node.same_as(zone))
    }

    /// A public subnet of the VPC, in this zone if there is one.
    pub(crate) fn pick(&self, m: &Model, vpc: VpcId, zone: &Zone) -> Option<SubnetId> {
        self.in_zone(m, vpc, zone)
            .or_else(|| self.first.get(vpc).copied().flatten())
    }
}

/// Where a label about a subnet's routing goes, and what it says: on its
/// `0.0.0.0/0` route, on the route table it uses when that has none, or on
/// the subnet when it is in no route table (it then uses the main table).
pub(crate) fn routing_label(m: &Model, t: &Topology, subnet: SubnetId) -> (Span, String) {
    let s = &m[subnet];
    match t.subnet_route_table[subnet] {
        Some(rt) => {
            let r = &m[rt];
            let default = t.subnet_default_route[subnet].and_then(|target| {
                r.routes
                    .iter()
                    .find(|route| {
                        route.destination.node == default_v4() && route.target.node == target
                    })
                    .map(|route| (route.span, target))
            });
            match default {
                Some((span, RouteTarget::Igw(g))) => (
                    span,
                    format!(
                        "{} sends 0.0.0.0/0 to internet gateway {}",
                        r.decl.name, m[g].decl.name
                    ),
                ),
                Some((span, RouteTarget::Nat(n))) => (
                    span,
                    format!(
                        "{} sends 0.0.0.0/0 to NAT gateway {}, not to an internet gateway",
                        r.decl.name, m[n].decl.name
                    ),
                ),
                Some((span, RouteTarget::Eigw(g))) => (
                    span,
                    format!(
                        "{} sends 0.0.0.0/0 to egress-only internet gateway {}, which carries IPv6 only",
                        r.decl.name, m[g].decl.name
                    ),
                ),
                Some((span, target @ (RouteTarget::Peering(_) | RouteTarget::Tgw(_)))) => (
                    span,
                    format!(
                        "{} sends 0.0.0.0/0 to {} {}, not to an internet gateway",
                        r.decl.name,
                        if matches!(target, RouteTarget::Tgw(_)) {
                            "transit gateway"
                        } else {
                            "peering"
                        },
                        target.name(m)
                    ),
                ),
                None => (
                    r.decl.name_span,
                    format!(
                        "{} has no 0.0.0.0/0 route, so {} is private",
                        r.decl.name, s.decl.name
                    ),
                ),
            }
        }
        None => (
            s.decl.name_span,
            format!(
                "{} is in no route table, so it uses the main route table of {} (local route only)",
                s.decl.name, m[s.vpc.node].decl.name
            ),
        ),
    }
}

/// Every declared name, to invent one that is free.
pub(crate) fn all_names(m: &Model) -> HashSet<&str> {
    m.order.iter().map(|r| m.decl(*r).name.as_str()).collect()
}

/// `base`, or `base2`, `base3`, … whichever is not declared yet.
pub(crate) fn fresh_name(names: &HashSet<&str>, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while names.contains(name.as_str()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// `0.0.0.0/0`, the destination that decides public and private.
pub(crate) fn default_v4() -> IpNet {
    IpNet::V4(Ipv4Net::default())
}

/// The span of each subnet in each route table's `subnets` list (first
/// occurrence), so labels can point at the association itself.
pub(crate) fn association_spans(m: &Model) -> HashMap<(RouteTableId, SubnetId), Span> {
    let mut spans = HashMap::new();
    for (rt, table) in ids(&m.route_tables) {
        for item in table.subnets.iter() {
            spans.entry((rt, item.node)).or_insert(item.span);
        }
    }
    spans
}

#[cfg(test)]
pub(crate) use super::kit::testing::diags;

/// A VPC with one public subnet (no public IPs mapped), for tests that
/// add NAT gateways, EIPs and hosts to it.
#[cfg(test)]
pub(crate) const ONE_PUBLIC_SUBNET: &str = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a }
route-table public-rt { vpc main; subnets pub-a; route 0.0.0.0/0 -> igw }
";

/// The lecture's architecture (`examples/lecture.net`), verbatim.
#[cfg(test)]
pub(crate) const LECTURE: &str = include_str!("../../../tests/fixtures/rules/R206/bad.net");
