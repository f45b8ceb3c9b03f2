//! A101 subnet-outside-vpc.

use super::{Suggester, occupied_by_vpc, v4};
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::A101,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let occupied = occupied_by_vpc(m, cx.topo);
    let mut free = Suggester::new(m, &occupied);
    for (_, s) in ids(&m.subnets) {
        let vpc = &m[s.vpc.node];
        let (Some(outer), Some(inner)) = (v4(&vpc.cidr.node), v4(&s.cidr.node)) else {
            continue;
        };
        // Any of the VPC's blocks may hold the subnet (secondary ones too).
        if vpc
            .ipv4_blocks()
            .any(|b| v4(&b.node).is_some_and(|b| b.contains(&inner)))
        {
            continue;
        }
        let sname = &s.decl.name;
        let vname = &vpc.decl.name;
        let mut d = cx
            .report(
                &RULE,
                s.cidr.span,
                format!("subnet {sname} is not inside the address range of VPC {vname}"),
            )
            .with_secondary(vpc.cidr.span, format!("{vname} covers {outer}"));
        let help = if inner.prefix_len() < outer.prefix_len() {
            d = d.with_label(format!(
                "a /{} is larger than the whole VPC",
                inner.prefix_len()
            ));
            format!(
                "a subnet is a slice of its VPC: give {sname} a /{} or smaller block inside {outer}",
                outer.prefix_len()
            )
        } else {
            // CIDR blocks nest or are disjoint: one no larger than the VPC
            // and not inside it lies wholly outside.
            d = d.with_label(format!("{inner} is outside {outer}"));
            match free.next(s.vpc.node, inner.prefix_len()) {
                Some(block) => format!(
                    "give {sname} a block inside {outer}, e.g. `cidr {block}` (not used by any other subnet of {vname})"
                ),
                None => format!(
                    "{vname} has no free /{} left: give {sname} a smaller block inside {outer}, or widen the VPC",
                    inner.prefix_len()
                ),
            }
        };
        d.with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    fn a101(src: &str) -> Vec<crate::diagnostics::Diagnostic> {
        diags(src, "A101").into_iter().collect()
    }

    #[test]
    fn outside_partial_and_larger_subnets_are_reported() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet inside { vpc main; cidr 10.0.0.0/24; zone a }
subnet outside { vpc main; cidr 10.1.1.0/24; zone a }
subnet larger { vpc main; cidr 10.0.0.0/15; zone a }
";
        let d = a101(src);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].span.text(src), "10.1.1.0/24");
        // The first free /24 after `inside` (10.0.0.0/24); `larger` covers
        // the whole VPC, so nothing is free for it.
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "main has no free /24 left: give outside a smaller block inside 10.0.0.0/16, or widen the VPC"
            )
        );
        assert!(d[1].label.contains("larger than the whole VPC"));
    }

    #[test]
    fn host_bits_and_ipv6_do_not_change_containment() {
        let src = "vpc main { cidr 10.0.0.0/16; ipv6 on }
subnet a { vpc main; cidr 10.0.1.7/24; zone a }
subnet b { vpc main; cidr 10.0.255.0/24; zone a }
";
        assert!(a101(src).is_empty());
    }

    #[test]
    fn the_help_names_a_free_block() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.0.0/24; zone a }
subnet b { vpc main; cidr 10.0.1.0/24; zone a }
subnet c { vpc main; cidr 172.16.0.0/24; zone a }
subnet d { vpc main; cidr 172.16.1.0/24; zone a }
";
        let d = a101(src);
        assert_eq!(d.len(), 2);
        assert!(d[0].help.as_deref().unwrap().contains("`cidr 10.0.2.0/24`"));
        assert!(d[1].help.as_deref().unwrap().contains("`cidr 10.0.3.0/24`"));
    }
}
