//! L709 dualstack-without-ipv6.

use crate::catalog::Code;
use crate::model::{IpAddressType, VpcId, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L709,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, lb) in ids(&m.load_balancers) {
        let Some(t) = lb.ip_address_type else {
            continue;
        };
        if t.node != IpAddressType::Dualstack {
            continue;
        }
        // Each VPC once, in subnet order (L708 reports a load balancer
        // spanning VPCs).
        let mut vpcs: Vec<VpcId> = Vec::new();
        for s in lb.subnets.ids() {
            let v = m[s].vpc.node;
            if !vpcs.contains(&v) {
                vpcs.push(v);
            }
            if vpcs.len() > 1 {
                break;
            }
        }
        // In a VPC with IPv6, a subnet that turns it off gives the load
        // balancer no IPv6 address there.
        for s in lb.subnets.iter() {
            let sub = &m[s.node];
            if let Some(off) = sub.ipv6.filter(|o| !o.node)
                && m[sub.vpc.node].ipv6()
            {
                cx.report(
                    &RULE,
                    s.span,
                    format!(
                        "dual-stack load balancer {} has subnet {}, which is IPv4-only",
                        lb.decl.name, sub.decl.name
                    ),
                )
                .with_label("no IPv6 block in this subnet")
                .with_secondary(off.span, format!("{} turns IPv6 off", sub.decl.name))
                .with_help(format!(
                    "remove `ipv6 off` from subnet {}, or use `ip-address-type ipv4`",
                    sub.decl.name
                ));
            }
        }
        for v in vpcs {
            let vpc = &m[v];
            if vpc.ipv6() {
                continue;
            }
            let mut d = cx
                .report(
                    &RULE,
                    t.span,
                    format!(
                        "dual-stack load balancer {} is in VPC {}, which has no IPv6 block",
                        lb.decl.name, vpc.decl.name
                    ),
                )
                .with_label("needs IPv6 addresses in its subnets");
            d = match vpc.ipv6 {
                Some(off) => {
                    d.with_secondary(off.span, format!("{} turns IPv6 off", vpc.decl.name))
                }
                None => d.with_secondary(
                    vpc.decl.name_span,
                    format!("{} has no `ipv6 on`", vpc.decl.name),
                ),
            };
            d.with_help(format!(
                "add `ipv6 on` to vpc {}, or use `ip-address-type ipv4`",
                vpc.decl.name
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn lb(ip: &str) -> String {
        format!(
            "target-group t {{ vpc main; protocol tcp; port 80; health-check tcp }}\n\
             load-balancer edge {{ type network; subnets public-a, public-c; {ip}\n\
               listener tcp 80 -> t }}\n"
        )
    }

    #[test]
    fn dualstack_needs_the_vpc_ipv6_block() {
        assert_eq!(fired(&lb("ip-address-type dualstack"), "L709").len(), 1);
        assert!(fired(&lb("ip-address-type ipv4"), "L709").is_empty());
        assert!(fired(&lb(""), "L709").is_empty());
    }
}
