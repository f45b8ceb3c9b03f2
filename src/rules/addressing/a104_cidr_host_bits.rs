//! A104 cidr-host-bits.

use crate::catalog::Code;
use crate::model::{Direction, Peer, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::A104,
    check,
};

/// Whether a single host is a plausible reading: a rule or route may name
/// one address, a VPC or subnet never does.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    Block,
    Match,
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    // The owner is worded only for a finding: formatting it for every
    // clean CIDR was most of this rule's cost on a large file.
    let look = |net: &IpNet, span: Span, owner: &dyn Fn() -> String, usage: Use| {
        if net.addr() == net.network() {
            return;
        }
        let owner = owner();
        let network = net.trunc();
        let host = IpNet::new(net.addr(), net.max_prefix_len()).ok();
        let host_bits = net.max_prefix_len() - net.prefix_len();
        let d = cx
            .report(&RULE, span, format!("`{net}` in {owner} has host bits set"))
            .with_label(format!(
                "the last {host_bits} bits must be zero in a /{}",
                net.prefix_len()
            ));
        let d = d.with_suggestion(
            format!("write the network `{network}`"),
            span,
            network.to_string(),
        );
        match (usage, host) {
            (Use::Match, Some(host)) => d
                .with_help(format!(
                    "write `{network}` for the network, or `{host}` for the single address"
                ))
                .with_suggestion(
                    format!("write the single address `{host}`"),
                    span,
                    host.to_string(),
                ),
            _ => d.with_help(format!(
                "write `{network}`, the network that `{net}` lies in"
            )),
        };
    };
    for (_, v) in ids(&m.vpcs) {
        look(
            &v.cidr.node,
            v.cidr.span,
            &|| format!("VPC {}", v.decl.name),
            Use::Block,
        );
    }
    for (_, s) in ids(&m.subnets) {
        look(
            &s.cidr.node,
            s.cidr.span,
            &|| format!("subnet {}", s.decl.name),
            Use::Block,
        );
    }
    for (_, rt) in ids(&m.route_tables) {
        for r in &rt.routes {
            look(
                &r.destination.node,
                r.destination.span,
                &|| format!("a route of {}", rt.decl.name),
                Use::Match,
            );
        }
    }
    for (_, sg) in ids(&m.security_groups) {
        for r in sg.ingress.iter().chain(&sg.egress) {
            if let Peer::Cidr(net) = &r.peer.node {
                let dir = match r.direction {
                    Direction::In => "an ingress",
                    Direction::Out => "an egress",
                };
                look(
                    net,
                    r.peer.span,
                    &|| format!("{dir} rule of {}", sg.decl.name),
                    Use::Match,
                );
            }
        }
    }
    for (_, acl) in ids(&m.network_acls) {
        for r in acl.inbound.iter().chain(&acl.outbound) {
            let dir = match r.direction {
                Direction::In => "an inbound",
                Direction::Out => "an outbound",
            };
            look(
                &r.cidr.node,
                r.cidr.span,
                &|| format!("{dir} rule of {}", acl.decl.name),
                Use::Match,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    #[test]
    fn every_kind_of_cidr_is_checked() {
        let src = "vpc main { cidr 10.0.0.1/16 }
subnet a { vpc main; cidr 10.0.1.5/24; zone a }
internet-gateway igw { vpc main }
route-table rt { vpc main; route 0.0.0.1/0 -> igw }
security-group sg {
  vpc main
  ingress tcp 22 from 203.0.113.7/24
  egress tcp 443 to 2001:db8::1/64
}
network-acl acl {
  vpc main
  inbound 100 allow tcp 22 from 192.168.1.1/16
  outbound 100 allow tcp 22 to 10.0.0.0/8
}
";
        let d: Vec<_> = diags(src, "A104").into_iter().collect();
        let spans: Vec<&str> = d.iter().map(|d| d.span.text(src)).collect();
        assert_eq!(
            spans,
            [
                "10.0.0.1/16",
                "10.0.1.5/24",
                "0.0.0.1/0",
                "203.0.113.7/24",
                "2001:db8::1/64",
                "192.168.1.1/16"
            ]
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some("write `10.0.1.0/24`, the network that `10.0.1.5/24` lies in")
        );
        assert_eq!(
            d[3].help.as_deref(),
            Some(
                "write `203.0.113.0/24` for the network, or `203.0.113.7/32` for the single address"
            )
        );
        assert_eq!(
            d[4].help.as_deref(),
            Some(
                "write `2001:db8::/64` for the network, or `2001:db8::1/128` for the single address"
            )
        );
    }
}
