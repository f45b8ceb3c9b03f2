//! X905 no-egress.
//!
//! Every class of hosts (an instance, or an Auto Scaling group in one
//! subnet) is traced on tcp 443 and 80 to the internet, and over IPv6 too
//! when it has IPv6 addresses. In a private subnet the way out is a NAT
//! gateway; in a public one the host's own public address, so there the
//! blocker is its egress rules, its ACL or a missing address. Both are
//! info: the isolation may be the intent. A host whose tcp 443 to one
//! internet address `surely_reachable` lets out and back is settled
//! before any verdict.

use super::{blocker_label, first_blocker};
use crate::analysis::classes::{ClassKind, member_decl, member_name};
use crate::analysis::path::{Hop, Mode, Place, Traffic, Verdict};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::X905,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let web = Traffic::tcp(&[80, 443]);
    let (https, http) = (Traffic::tcp(&[443]), Traffic::tcp(&[80]));
    let internet = Place::Outside(an.internet().clone());
    let internet6 = Place::Outside(std::sync::Arc::new(an.internet_v6()));
    // Asked first, without a trace: a host whose tcp 443 to the witness
    // gets out and back has a way out.
    let witness = super::internet_witness(an);
    for (cid, class) in classes.list.iter().enumerate() {
        if class.kind != ClassKind::Hosts {
            continue;
        }
        let public = cx.topo.is_public(class.subnet);
        let (from, to) = (Place::Class(cid), &internet);
        // Asked port by port, 443 first: a packet is answered or not on
        // its own, so some leg answers part of tcp 80 and 443 exactly when
        // one answers part of either, and a one-port set is about half the
        // work of a two-port one; most hosts are settled by 443 alone.
        let out = |traffic: &Traffic| {
            an.verdicts(&from, to, traffic)
                .iter()
                .any(|v| *v != Verdict::Blocked)
        };
        let sure = |w: &Place| an.surely_reachable(&from, w, &https);
        if witness.as_ref().is_some_and(sure) || out(&https) || out(&http) {
            continue;
        }
        // IPv6 out (an egress-only gateway, or the internet gateway) is a
        // way to fetch updates too.
        if class.addrs6.is_some()
            && an
                .verdicts(&from, &internet6, &web)
                .iter()
                .any(|v| *v != Verdict::Blocked)
        {
            continue;
        }
        let legs = an.trace(&from, to, &web, Mode::Normal);
        let step = first_blocker(&legs);
        for member in &class.members {
            let name = member_name(m, *member);
            let mut d = cx
                .report(
                    &RULE,
                    member_decl(m, *member).name_span,
                    format!(
                        "{name} in {} subnet {} has no path to the internet on tcp 443 or 80",
                        if public { "public" } else { "private" },
                        m[class.subnet].decl.name
                    ),
                )
                .with_label("cannot fetch updates");
            if let Some(step) = step {
                if let Some((s, t)) = blocker_label(an, step) {
                    d = d.with_secondary(s, t);
                }
                d = d.with_note(an.blocker_sentence(step));
                // A public subnet's way out is the host's own address, not
                // a NAT gateway.
                let h = if public {
                    String::new()
                } else {
                    help(cx, class.subnet, &step.hop)
                };
                let h = if h.is_empty() {
                    super::blocker_help(an, step, "tcp 443", "0.0.0.0/0")
                } else {
                    h
                };
                d = d.with_help(h);
            }
        }
    }
}

fn help(cx: &Context<'_>, subnet: SubnetId, hop: &Hop) -> String {
    let m = cx.model;
    let vpc = m[subnet].vpc.node;
    // A NAT gateway of the VPC, preferring the subnet's zone (from the
    // VPC's own subnets: a scan of every NAT gateway per finding would be
    // quadratic in VPCs).
    let mut nats: Vec<NatId> = cx.topo.subnets_by_vpc[vpc]
        .iter()
        .flat_map(|s| cx.topo.nats_by_subnet[*s].iter().copied())
        .collect();
    nats.sort();
    let zone = &m[subnet].zone.node;
    let nat = nats
        .iter()
        .find(|n| m[m[**n].subnet.node].zone.node.same_as(zone))
        .or(nats.first());
    match (hop, nat) {
        (Hop::Route { table: Some(t), .. }, Some(n)) => format!(
            "add `route 0.0.0.0/0 -> {}` to route table {}",
            m[*n].decl.name, m[*t].decl.name
        ),
        (Hop::Route { table: None, .. }, Some(n)) => format!(
            "associate {} with a route table that has `route 0.0.0.0/0 -> {}`",
            m[subnet].decl.name, m[*n].decl.name
        ),
        (Hop::Route { .. }, None) => format!(
            "create a nat-gateway with an eip in a public subnet of zone {zone} and route 0.0.0.0/0 from {} to it (or suppress this if the isolation is intended)",
            m[subnet].decl.name
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    const WEB: &str = "instance web { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro\n\
        security-groups web-sg }\n";

    #[test]
    fn a_public_host_whose_group_lets_nothing_out_is_reported() {
        let src = format!(
            "security-group web-sg {{ vpc main; description \"web\"\n\
               ingress tcp 443 from 0.0.0.0/0\n\
               egress tcp 5432 to 10.0.11.0/24 }}\n{WEB}"
        );
        let d = fired(&src, "X905");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .starts_with("web in public subnet public-a has no path"),
            "{}",
            d[0].message
        );
        let help = d[0].help.as_deref().unwrap_or_default();
        assert!(
            help.contains("egress tcp 443 to 0.0.0.0/0") && help.contains("web-sg"),
            "{help}"
        );
        assert!(
            !help.contains("nat"),
            "no NAT advice in a public subnet: {help}"
        );
    }

    #[test]
    fn a_public_host_with_the_default_egress_is_not_reported() {
        let src = format!(
            "security-group web-sg {{ vpc main; description \"web\"; ingress tcp 443 from 0.0.0.0/0 }}\n{WEB}"
        );
        assert!(fired(&src, "X905").is_empty());
    }

    #[test]
    fn a_host_in_a_public_subnet_without_a_public_address_is_reported() {
        let src = "security-group web-sg { vpc main; description \"web\"; ingress tcp 443 from 10.0.0.0/16 }\n\
            instance web { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro\n\
              security-groups web-sg; public-ip off }\n";
        let d = fired(src, "X905");
        assert_eq!(d.len(), 1, "{d:#?}");
        let help = d[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("public IP"), "{help}");
    }
}
