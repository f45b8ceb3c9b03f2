//! A107 subnet-ipv6-outside-vpc.
//!
//! A subnet's /64 must lie in its VPC's /56, be its own, and exist: a /56
//! holds 256 /64s (indexes 0..255), so a 257th dual-stack subnet without
//! an `ipv6-index` has none. Subnets are compared by the /64 the analysis
//! gives them (an Amazon-provided /56 has a stand-in), so an `ipv6-index`
//! and an `ipv6-cidr` naming one /64 meet too.

use crate::catalog::Code;
use crate::model::topology::index_in;
use crate::model::*;
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::A107,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let plan = cx.analysis.ipv6();
    for (vid, vpc) in ids(&m.vpcs) {
        if !vpc.ipv6() {
            continue;
        }
        let mut seen: HashMap<u128, SubnetId> = HashMap::new();
        for &sid in &cx.topo.subnets_by_vpc[vid] {
            let s = &m[sid];
            if !m.subnet_dual_stack(sid) {
                continue;
            }
            if let (Some(c), Some(b)) = (s.ipv6_cidr, vpc.ipv6_cidr)
                && index_in(b.node, c.node).is_none()
            {
                cx.report(
                    &RULE,
                    c.span,
                    format!(
                        "subnet {}'s IPv6 block {} is not inside vpc {}'s {}",
                        s.decl.name, c.node, vpc.decl.name, b.node
                    ),
                )
                .with_label("outside the VPC's /56")
                .with_secondary(b.span, format!("{} covers {}", vpc.decl.name, b.node))
                .with_help(format!(
                    "write a /64 inside {}, or `ipv6-index <0..255>` for its nth /64",
                    b.node
                ));
                continue;
            }
            if let Some(k) = cx.topo.subnet_ipv6_index[sid].filter(|k| *k > 255) {
                cx.report(
                    &RULE,
                    s.decl.name_span,
                    format!(
                        "subnet {} has no /64 left in vpc {}'s /56 (it would take index {k})",
                        s.decl.name, vpc.decl.name
                    ),
                )
                .with_label("no IPv6 block")
                .with_help(
                    "a /56 holds 256 /64s (ipv6-index 0..255): give this subnet `ipv6 off`, or move subnets to another VPC",
                );
                continue;
            }
            let Some(block) = plan.subnet[sid] else {
                continue;
            };
            match seen.get(&block.lo) {
                None => {
                    seen.insert(block.lo, sid);
                }
                Some(&first) => {
                    let f = &m[first];
                    let span = |x: &Subnet| {
                        x.ipv6_cidr
                            .map(|c| c.span)
                            .or(x.ipv6_index.map(|i| i.span))
                            .unwrap_or(x.decl.name_span)
                    };
                    let which = |x: SubnetId| match (m[x].ipv6_cidr, cx.topo.subnet_ipv6_index[x]) {
                        (Some(c), _) => c.node.to_string(),
                        (None, Some(k)) if m[x].ipv6_index.is_some() => format!("ipv6-index {k}"),
                        (None, Some(k)) => format!("ipv6-index {k}, taken by default"),
                        _ => "its /64".into(),
                    };
                    cx.report(
                        &RULE,
                        span(s),
                        format!(
                            "subnets {} and {} share one IPv6 /64 of vpc {}",
                            f.decl.name, s.decl.name, vpc.decl.name
                        ),
                    )
                    .with_label(format!("{} ({})", s.decl.name, which(sid)))
                    .with_secondary(span(f), format!("{} ({})", f.decl.name, which(first)))
                    .with_help(
                        "each subnet needs its own /64 (AWS refuses an overlapping block): give one of them another `ipv6-index`",
                    );
                }
            }
        }
    }
}
