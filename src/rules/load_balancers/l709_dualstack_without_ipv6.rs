//! L709 dualstack-without-ipv6.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{IpAddressType, VpcId, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "L709",
    name: "dualstack-without-ipv6",
    severity: Severity::Error,
    summary: "`ip-address-type dualstack` in a VPC without `ipv6 on`",
    docs: r#"## What it checks
A load balancer with `ip-address-type dualstack` must sit in a VPC declared
with `ipv6 on`.

## Why it matters
A dual-stack load balancer answers clients on both IPv4 and IPv6: each of its
nodes needs an IPv6 address from its subnet, and the subnet can only have an
IPv6 range when the VPC has an IPv6 block. A VPC gets one (an Amazon-provided
/56) only when asked for it; without it AWS refuses to create the load
balancer.

## Example
```
vpc main { cidr 10.0.0.0/16 }
load-balancer web {
  type application
  subnets public-a, public-c
  ip-address-type dualstack
  listener http 80 -> app-tg
}
```

## Use instead
```
vpc main { cidr 10.0.0.0/16; ipv6 on }
load-balancer web {
  type application
  subnets public-a, public-c
  ip-address-type dualstack
  listener http 80 -> app-tg
}
```
or `ip-address-type ipv4` if IPv6 clients are not needed.
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
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
        for v in vpcs {
            let vpc = &m[v];
            if vpc.ipv6() {
                continue;
            }
            let mut d = Diagnostic::new(
                "L709",
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
            out.push(d.with_help(format!(
                "add `ipv6 on` to vpc {}, or use `ip-address-type ipv4`",
                vpc.decl.name
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::load_balancers::shared::testing::fired;

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
