//! A102 subnet-overlap.

use super::{Suggester, bounds, occupied_by_vpc, v4};
use crate::catalog::Code;
use crate::model::SubnetId;
use crate::rules::{Context, Rule};
use std::cmp::Reverse;
use std::net::Ipv4Addr;

pub static RULE: Rule = Rule {
    code: Code::A102,
    check,
};

/// Per VPC, sort the subnets by first address and sweep with the furthest
/// end seen so far: a subnet starting at or before that end overlaps the
/// subnet holding it. O(n log n), unlike comparing every pair.
fn check(cx: &Context<'_>) {
    let m = cx.model;
    let occupied = occupied_by_vpc(m, cx.topo);
    let mut free = Suggester::new(m, &occupied);
    for subnets in cx.topo.subnets_by_vpc.values() {
        let mut blocks: Vec<(u32, u32, SubnetId)> = subnets
            .iter()
            .filter_map(|&s| v4(&m[s].cidr.node).map(|n| (bounds(n), s)))
            .map(|((a, b), s)| (a, b, s))
            .collect();
        // Wider blocks first at one start, so the holder is the container.
        blocks.sort_unstable_by_key(|&(start, end, s)| (start, Reverse(end), s));
        let mut reach: Option<(u32, SubnetId)> = None;
        for &(start, end, s) in &blocks {
            match reach {
                Some((max_end, holder)) if start <= max_end => {
                    overlap(cx, &mut free, s, holder, start, end.min(max_end));
                    if end > max_end {
                        reach = Some((end, s));
                    }
                }
                _ => reach = Some((end, s)),
            }
        }
    }
}

/// Reported on the subnet declared later; the earlier one is the label.
fn overlap(
    cx: &Context<'_>,
    free: &mut Suggester<'_>,
    a: SubnetId,
    b: SubnetId,
    shared_from: u32,
    shared_to: u32,
) {
    let m = cx.model;
    let (late, early) = if a > b { (a, b) } else { (b, a) };
    let (ls, es) = (&m[late], &m[early]);
    let shared = if shared_from == shared_to {
        format!("{}", Ipv4Addr::from(shared_from))
    } else {
        format!(
            "{}–{}",
            Ipv4Addr::from(shared_from),
            Ipv4Addr::from(shared_to)
        )
    };
    let d = cx
        .report(
            &RULE,
            ls.cidr.span,
            format!("subnets {} and {} overlap", ls.decl.name, es.decl.name),
        )
        .with_label(format!(
            "{} shares {shared} with {}",
            ls.decl.name, es.decl.name
        ))
        .with_secondary(
            es.cidr.span,
            format!("{} is {}", es.decl.name, es.cidr.node),
        );
    let vname = &m[ls.vpc.node].decl.name;
    match v4(&ls.cidr.node).and_then(|n| free.next(ls.vpc.node, n.prefix_len())) {
        Some(block) => d.with_help(format!(
            "give {} a block of its own, e.g. `cidr {block}` (free in {vname})",
            ls.decl.name
        )),
        None => d.with_help(format!(
            "give {} a block that no other subnet of {vname} uses",
            ls.decl.name
        )),
    };
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    fn a102(src: &str) -> Vec<(String, String)> {
        diags(src, "A102")
            .into_iter()
            .map(|d| {
                (
                    d.span.text(src).to_string(),
                    d.secondary[0].span.text(src).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_nested_identical_and_chained_overlaps() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet big { vpc main; cidr 10.0.0.0/22; zone a }
subnet in1 { vpc main; cidr 10.0.1.0/24; zone a }
subnet ok { vpc main; cidr 10.0.4.0/24; zone a }
subnet same { vpc main; cidr 10.0.4.0/24; zone b }
subnet far { vpc main; cidr 10.0.200.0/24; zone a }
";
        let got = a102(src);
        assert_eq!(
            got,
            [
                ("10.0.1.0/24".into(), "10.0.0.0/22".into()),
                ("10.0.4.0/24".into(), "10.0.4.0/24".into()),
            ]
        );
    }

    #[test]
    fn later_wide_block_is_reported_against_each_subnet_it_covers() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet x { vpc main; cidr 10.0.1.0/24; zone a }
subnet y { vpc main; cidr 10.0.2.0/24; zone a }
subnet wide { vpc main; cidr 10.0.0.0/20; zone a }
";
        let got = a102(src);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(p, _)| p == "10.0.0.0/20"));
    }

    #[test]
    fn adjacent_blocks_and_other_vpcs_do_not_overlap() {
        let src = "vpc one { cidr 10.0.0.0/16 }
vpc two { cidr 10.0.0.0/16 }
subnet a { vpc one; cidr 10.0.0.0/25; zone a }
subnet b { vpc one; cidr 10.0.0.128/25; zone a }
subnet c { vpc two; cidr 10.0.0.0/24; zone a }
";
        assert!(a102(src).is_empty());
    }

    #[test]
    fn the_help_avoids_every_subnet() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.0.0/24; zone a }
subnet b { vpc main; cidr 10.0.1.0/24; zone a }
subnet c { vpc main; cidr 10.0.1.0/24; zone a }
";
        let d: Vec<_> = diags(src, "A102").into_iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].help.as_deref(),
            Some("give c a block of its own, e.g. `cidr 10.0.2.0/24` (free in main)")
        );
    }
}
