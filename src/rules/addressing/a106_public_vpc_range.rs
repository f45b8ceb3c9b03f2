//! A106 public-vpc-range.

use super::v4;
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

pub static RULE: Rule = Rule {
    code: Code::A106,
    check,
};

const PRIVATE: [(Ipv4Addr, u8); 4] = [
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(100, 64, 0, 0), 10),
];

fn check(cx: &Context<'_>) {
    let ranges: Vec<Ipv4Net> = PRIVATE
        .iter()
        .filter_map(|&(a, p)| Ipv4Net::new(a, p).ok())
        .collect();
    for (_, v) in ids(&cx.model.vpcs) {
        let Some(net) = v4(&v.cidr.node) else {
            continue;
        };
        if ranges.iter().any(|r| r.contains(&net)) {
            continue;
        }
        let straddles = ranges
            .iter()
            .find(|r| r.contains(&net.network()) || net.contains(*r));
        let label = match straddles {
            Some(r) => format!("{net} reaches outside the private range {r}"),
            None => format!("{net} is public address space"),
        };
        let prefix = net.prefix_len().clamp(8, 32);
        let suggestion = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), prefix)
            .map_or_else(|_| "10.0.0.0/16".to_string(), |n| n.to_string());
        cx.report(
                &RULE,
                v.cidr.span,
                format!(
                    "VPC {} uses {net}, which is not a private address range",
                    v.decl.name
                ),
            )
            .with_label(label)
            .with_help(format!(
                "use a private range such as `cidr {suggestion}` (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)"
            ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    #[test]
    fn private_and_shared_ranges_pass_and_edges_are_exact() {
        let src = "vpc a { cidr 10.255.0.0/16 }
vpc b { cidr 172.31.0.0/16 }
vpc c { cidr 172.32.0.0/16 }
vpc d { cidr 192.168.0.0/16 }
vpc e { cidr 100.127.0.0/16 }
vpc f { cidr 100.128.0.0/16 }
vpc g { cidr 54.10.0.0/16 }
";
        let d: Vec<_> = diags(src, "A106")
            .into_iter()
            .map(|d| d.span.text(src).to_string())
            .collect();
        assert_eq!(d, ["172.32.0.0/16", "100.128.0.0/16", "54.10.0.0/16"]);
    }
}
