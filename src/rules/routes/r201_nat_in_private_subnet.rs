//! R201 nat-in-private-subnet.

use super::{PublicSubnets, routing_label};
use crate::catalog::Code;
use crate::model::{Connectivity, RouteTarget, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R201,
    check,
};

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    let mut public: Option<PublicSubnets> = None;
    for (id, nat) in ids(&m.nat_gateways) {
        if nat.connectivity() != Connectivity::Public || t.is_public(nat.subnet.node) {
            continue;
        }
        let public = public.get_or_insert_with(|| PublicSubnets::new(m, t));
        let subnet = nat.subnet.node;
        let s = &m[subnet];
        let (nname, sname) = (&nat.decl.name, &s.decl.name);
        let vpc = s.vpc.node;
        let mut d = cx
            .report(
                &RULE,
                nat.subnet.span,
                format!("NAT gateway {nname} is in {sname}, a private subnet"),
            )
            .with_label(format!(
                "{sname} has no route 0.0.0.0/0 to an internet gateway"
            ));
        let (span, text) = routing_label(m, t, subnet);
        if span != s.decl.name_span {
            d = d.with_secondary(
                s.decl.name_span,
                format!("{sname} is private (zone {})", s.zone.node),
            );
        }
        d = d.with_secondary(span, text);
        if t.subnet_default_route[subnet] == Some(RouteTarget::Nat(id)) {
            d = d.with_note(format!(
                "{sname}'s route table even sends 0.0.0.0/0 back to {nname}: the traffic loops"
            ));
        }
        let help = match public.pick(m, vpc, &s.zone.node) {
            Some(p) => {
                let via = t.subnet_default_route[p].map_or("an internet gateway", |g| g.name(m));
                format!(
                    "move {nname} to {}, which routes 0.0.0.0/0 to {via}",
                    m[p].decl.name
                )
            }
            None => match t.igws_by_vpc[vpc].first() {
                Some(&g) => format!(
                    "{} has no public subnet: give a subnet a route table with `route 0.0.0.0/0 -> {}` and move {nname} there",
                    m[vpc].decl.name, m[g].decl.name
                ),
                None => format!(
                    "{0} has no internet gateway: declare `internet-gateway igw {{ vpc {0} }}`, route a subnet's 0.0.0.0/0 to it and move {nname} there",
                    m[vpc].decl.name
                ),
            },
        };
        d = d.with_help(help).with_note(
            "a NAT gateway sends the private subnets' traffic on through the internet gateway, so it needs a public subnet itself",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    const BASE: &str = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet pub-c { vpc main; cidr 10.0.2.0/24; zone c }
subnet priv-c { vpc main; cidr 10.0.12.0/24; zone c }
route-table public-rt { vpc main; subnets pub-a, pub-c; route 0.0.0.0/0 -> igw }
eip ip {}
";

    #[test]
    fn help_prefers_a_public_subnet_in_the_same_zone() {
        let src = format!(
            "{BASE}nat-gateway nat {{ subnet priv-c; eip ip }}
route-table private-rt {{ vpc main; subnets priv-c; route 0.0.0.0/0 -> nat }}
"
        );
        let d = diags(&src, "R201");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(&src), "priv-c");
        assert_eq!(
            d[0].help.as_deref(),
            Some("move nat to pub-c, which routes 0.0.0.0/0 to igw")
        );
        assert_eq!(d[0].secondary[0].message, "priv-c is private (zone c)");
        assert_eq!(d[0].secondary[1].span.text(&src), "route 0.0.0.0/0 -> nat");
        assert_eq!(
            d[0].secondary[1].message,
            "private-rt sends 0.0.0.0/0 to NAT gateway nat, not to an internet gateway"
        );
        assert!(d[0].notes[0].contains("loops"));
    }

    #[test]
    fn a_subnet_without_route_table_uses_the_main_table() {
        let src = format!("{BASE}nat-gateway nat {{ subnet priv-c; eip ip }}\n");
        let d = diags(&src, "R201");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].secondary[0]
                .message
                .contains("main route table of main")
        );
    }

    #[test]
    fn private_connectivity_and_public_subnets_are_fine() {
        let src = format!(
            "{BASE}nat-gateway n1 {{ subnet priv-c; connectivity private }}
nat-gateway n2 {{ subnet pub-a; eip ip }}
"
        );
        assert!(diags(&src, "R201").is_empty());
    }

    #[test]
    fn without_an_internet_gateway_the_help_says_to_declare_one() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
eip ip {}
nat-gateway nat { subnet a; eip ip }
";
        let d = diags(src, "R201");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "main has no internet gateway: declare `internet-gateway igw { vpc main }`, route a subnet's 0.0.0.0/0 to it and move nat there"
            )
        );
    }
}
