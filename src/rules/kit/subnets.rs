//! Subnets and their zones: whether a list of subnets spans two zones,
//! which items of a list share one (and the finding when it is the same
//! subnet twice), why a subnet is private and which public subnet is
//! nearest.
//!
//! Kept linear in the length of the list: a load balancer or an Auto Scaling
//! group may name many subnets and a rule must not compare every pair.

use crate::model::topology::Topology;
use crate::model::{Model, RouteTarget, SubnetId, Zone};
use crate::rules::{Context, Rule};
use crate::span::{Span, Spanned};
use std::collections::HashMap;

/// Whether the zones of these subnets cover at least two availability
/// zones. Two zones differ when their letters differ, or when both are
/// full names in different regions ([`Zone::same_as`]); a bare letter is the
/// same zone as any full name with that letter.
pub fn spans_two_zones(model: &Model, subnets: impl IntoIterator<Item = SubnetId>) -> bool {
    let mut first_letter: Option<crate::model::ZoneKey> = None;
    let mut region: Option<&str> = None;
    for s in subnets {
        let zone = &model[s].zone.node;
        match first_letter {
            None => first_letter = Some(zone.key()),
            Some(l) if l != zone.key() => return true,
            Some(_) => {}
        }
        if let Some(r) = zone.region() {
            match region {
                None => region = Some(r),
                Some(seen) if seen != r => return true,
                Some(_) => {}
            }
        }
    }
    false
}

/// Finds, for each subnet of a list in order, an earlier item of the list
/// in the same availability zone. Returns `(later_index, earlier_index)`
/// pairs, at most one per later item, in list order.
pub fn same_zone_pairs(model: &Model, subnets: &[Spanned<SubnetId>]) -> Vec<(usize, usize)> {
    /// Earlier items seen with one zone letter.
    #[derive(Default)]
    struct Seen<'m> {
        /// The first item of this letter, whatever its form.
        any: Option<usize>,
        /// The first item written as a bare letter.
        bare: Option<usize>,
        /// The first item per region, for full zone names.
        by_region: HashMap<&'m str, usize>,
    }
    let mut seen: HashMap<crate::model::ZoneKey, Seen<'_>> = HashMap::new();
    let mut out = Vec::new();
    for (i, item) in subnets.iter().enumerate() {
        let zone: &Zone = &model[item.node].zone.node;
        let entry = seen.entry(zone.key()).or_default();
        let earlier = match zone.region() {
            // A bare letter is the same zone as every earlier one with it.
            None => entry.any,
            // A full name matches an earlier bare letter or the same name.
            Some(r) => match (entry.bare, entry.by_region.get(r).copied()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        };
        if let Some(e) = earlier {
            out.push((i, e));
        }
        entry.any.get_or_insert(i);
        match zone.region() {
            None => {
                entry.bare.get_or_insert(i);
            }
            Some(r) => {
                entry.by_region.entry(r).or_insert(i);
            }
        }
    }
    out
}

/// A finding of `rule`: one subnet twice in a list of one subnet per zone
/// (`list`: "the mount targets of efs"), `first` and then `again`.
pub fn report_listed_twice(
    cx: &Context<'_>,
    rule: &Rule,
    list: &str,
    first: &Spanned<SubnetId>,
    again: &Spanned<SubnetId>,
) {
    let name = &cx.model[again.node].decl.name;
    cx.report(
        rule,
        again.span,
        format!("subnet {name} is listed twice in {list}"),
    )
    .with_label("listed again here")
    .with_secondary(first.span, "first listed here")
    .with_help(format!("remove the second {name}"));
}

/// Why a subnet is private, as a secondary label: its route table's
/// `0.0.0.0/0` route (to a NAT gateway: outbound only) or the lack of one.
pub fn why_private(m: &Model, topo: &Topology, subnet: SubnetId) -> (Span, String) {
    let sub = &m[subnet];
    let Some(rt) = topo.subnet_route_table[subnet] else {
        return (
            sub.decl.name_span,
            format!(
                "{} has no route table, so it uses the main one (local routes only)",
                sub.decl.name
            ),
        );
    };
    let table = &m[rt];
    if let Some(RouteTarget::Nat(n)) = topo.subnet_default_route[subnet]
        && let Some(r) = table
            .routes
            .iter()
            .find(|r| r.target.node == RouteTarget::Nat(n))
    {
        return (
            r.span,
            format!(
                "{} sends 0.0.0.0/0 to NAT gateway {}: outbound only",
                table.decl.name, m[n].decl.name
            ),
        );
    }
    (
        table.decl.name_span,
        format!(
            "{} has no 0.0.0.0/0 route to an internet gateway",
            table.decl.name
        ),
    )
}

/// A public subnet of the VPC to move a host to, preferring the zone it is
/// in now.
pub fn public_subnet_near(m: &Model, topo: &Topology, subnet: SubnetId) -> Option<SubnetId> {
    let sub = &m[subnet];
    let candidates = &topo.subnets_by_vpc[sub.vpc.node];
    let public = || candidates.iter().copied().filter(|&s| topo.is_public(s));
    public()
        .find(|&s| m[s].zone.node.same_as(&sub.zone.node))
        .or_else(|| public().next())
}

#[cfg(test)]
mod zone_tests {
    use super::*;
    use crate::model::{Decl, Id, Subnet};
    use crate::span::Span;

    fn model(zones: &[Zone]) -> Model {
        let mut m = Model::default();
        for (i, z) in zones.iter().enumerate() {
            let sp = Span::new(i as u32, i as u32 + 1);
            m.subnets.push(Subnet {
                decl: Decl {
                    name: format!("s{i}"),
                    name_span: sp,
                    kind_span: sp,
                    span: sp,
                },
                vpc: Spanned::new(Id::new(0), sp),
                cidr: Spanned::new("10.0.0.0/24".parse().unwrap(), sp),
                zone: Spanned::new(z.clone(), sp),
                public_ip: None,
                ipv6: None,
                ipv6_index: None,
                ipv6_cidr: None,
                ipv6_on_launch: None,
            });
        }
        m
    }

    fn named(region: &str, letter: char) -> Zone {
        Zone::Named {
            region: region.to_string(),
            letter,
        }
    }

    fn items(n: usize) -> Vec<Spanned<SubnetId>> {
        (0..n)
            .map(|i| Spanned::new(Id::new(i), Span::default()))
            .collect()
    }

    #[test]
    fn two_zones_by_letter_and_region() {
        let m = model(&[Zone::Letter('a'), Zone::Letter('c')]);
        assert!(spans_two_zones(&m, (0..2).map(Id::new)));
        let m = model(&[Zone::Letter('a'), named("ap-northeast-2", 'a')]);
        assert!(!spans_two_zones(&m, (0..2).map(Id::new)));
        let m = model(&[
            Zone::Letter('a'),
            named("us-east-1", 'a'),
            named("eu-west-1", 'a'),
        ]);
        assert!(spans_two_zones(&m, (0..3).map(Id::new)));
        let m = model(&[Zone::Letter('b')]);
        assert!(!spans_two_zones(&m, (0..1).map(Id::new)));
    }

    #[test]
    fn pairs_point_at_the_first_match() {
        let m = model(&[
            Zone::Letter('a'),
            Zone::Letter('c'),
            named("ap-northeast-2", 'a'),
            Zone::Letter('a'),
            named("us-east-1", 'c'),
        ]);
        assert_eq!(same_zone_pairs(&m, &items(5)), vec![(2, 0), (3, 0), (4, 1)]);
        // Two full names in different regions are different zones, but a
        // later bare letter matches the first of them.
        let m = model(&[
            named("us-east-1", 'a'),
            named("eu-west-1", 'a'),
            Zone::Letter('a'),
        ]);
        assert_eq!(same_zone_pairs(&m, &items(3)), vec![(2, 0)]);
    }
}
