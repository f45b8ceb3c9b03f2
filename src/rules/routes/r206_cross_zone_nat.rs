//! R206 cross-zone-nat.

use super::{PublicSubnets, association_spans, default_v4};
use crate::catalog::Code;
use crate::model::{Connectivity, NatId, RouteTarget, VpcId, ids};
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::R206,
    check,
};

/// Usable NAT gateways (public, in a public subnet) per VPC and zone letter.
type NatsByZone = HashMap<(VpcId, crate::model::ZoneKey), Vec<NatId>>;

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    let mut lazy: Option<(PublicSubnets, NatsByZone, _)> = None;
    for (sid, s) in ids(&m.subnets) {
        let Some(RouteTarget::Nat(n)) = t.subnet_default_route[sid] else {
            continue;
        };
        let Some(rt_id) = t.subnet_route_table[sid] else {
            continue;
        };
        let nat = &m[n];
        let ns = &m[nat.subnet.node];
        if ns.zone.node.same_as(&s.zone.node) {
            continue;
        }
        let (public, nats, assoc) = lazy.get_or_insert_with(|| {
            let mut nats = NatsByZone::new();
            for (id, g) in ids(&m.nat_gateways) {
                let gs = &m[g.subnet.node];
                if g.connectivity() == Connectivity::Public && t.is_public(g.subnet.node) {
                    nats.entry((gs.vpc.node, gs.zone.node.key()))
                        .or_default()
                        .push(id);
                }
            }
            (PublicSubnets::new(m, t), nats, association_spans(m))
        });
        let rt = &m[rt_id];
        let (sname, nname, zone) = (&s.decl.name, &nat.decl.name, &s.zone.node);
        let primary = assoc
            .get(&(rt_id, sid))
            .copied()
            .unwrap_or(s.decl.name_span);
        let mut d = cx
            .report(
                &RULE,
                primary,
                format!(
                    "{sname} (zone {zone}) reaches the internet through {nname} in zone {}",
                    ns.zone.node
                ),
            )
            .with_label(format!("{sname} uses {}", rt.decl.name))
            .with_secondary(s.zone.span, format!("{sname} is in zone {zone}"));
        if let Some(r) = rt
            .routes
            .iter()
            .find(|r| r.destination.node == default_v4() && r.target.node == RouteTarget::Nat(n))
        {
            d = d.with_secondary(r.target.span, format!("0.0.0.0/0 goes to {nname}"));
        }
        d = d.with_secondary(
            nat.subnet.span,
            format!("{nname} is in {}, zone {}", ns.decl.name, ns.zone.node),
        );
        let local_nat = nats.get(&(s.vpc.node, zone.key())).and_then(|v| {
            v.iter()
                .copied()
                .find(|&g| m[m[g].subnet.node].zone.node.same_as(zone))
        });
        let help = match (local_nat, public.in_zone(m, s.vpc.node, zone)) {
            (Some(g), _) => format!(
                "give {sname} its own route table with `route 0.0.0.0/0 -> {}`, the NAT gateway in zone {zone}",
                m[g].decl.name
            ),
            (None, Some(p)) => format!(
                "add a NAT gateway in {} (zone {zone}) and give {sname} its own route table sending 0.0.0.0/0 to it",
                m[p].decl.name
            ),
            (None, None) => format!(
                "add a public subnet and a NAT gateway in zone {zone}, and give {sname} its own route table sending 0.0.0.0/0 to it"
            ),
        };
        d.with_help(help).with_note(format!(
            "if zone {} fails, {sname} loses internet access; cross-zone traffic is also billed per GB",
            ns.zone.node
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LECTURE, diags};

    #[test]
    fn the_lecture_example_gives_exactly_one_note_for_private_c() {
        let d = diags(LECTURE, "R206");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.text(LECTURE), "private-c");
        assert_eq!(
            d[0].message,
            "private-c (zone c) reaches the internet through nat-a in zone a"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "add a NAT gateway in public-c (zone c) and give private-c its own route table sending 0.0.0.0/0 to it"
            )
        );
    }

    #[test]
    fn letters_match_full_zone_names_and_an_existing_nat_is_suggested() {
        let src = "region ap-northeast-2
vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet pub-c { vpc main; cidr 10.0.2.0/24; zone ap-northeast-2c }
subnet priv-a { vpc main; cidr 10.0.11.0/24; zone ap-northeast-2a }
subnet priv-c { vpc main; cidr 10.0.12.0/24; zone c }
eip e1 {}
eip e2 {}
nat-gateway nat-a { subnet pub-a; eip e1 }
nat-gateway nat-c { subnet pub-c; eip e2 }
route-table pub-rt { vpc main; subnets pub-a, pub-c; route 0.0.0.0/0 -> igw }
route-table priv-rt { vpc main; subnets priv-a, priv-c; route 0.0.0.0/0 -> nat-a }
";
        let d = diags(src, "R206");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.text(src), "priv-c");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "give priv-c its own route table with `route 0.0.0.0/0 -> nat-c`, the NAT gateway in zone c"
            )
        );
    }

    #[test]
    fn only_the_lecture_note_comes_from_areas_a_r_v() {
        let all = crate::check::check_source(LECTURE, &crate::settings::Settings::default());
        let mine: Vec<&str> = all
            .iter()
            .map(|d| d.code.as_str())
            .filter(|c| c.starts_with(['A', 'R', 'V', 'E']))
            .collect();
        assert_eq!(mine, ["R206"]);
    }
}
