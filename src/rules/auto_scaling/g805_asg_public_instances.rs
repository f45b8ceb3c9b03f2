//! G805 asg-public-instances.
//!
//! An instance launched by a group gets a public IPv4 address when its
//! launch template says `public-ip on`, or, when the template is silent,
//! when its subnet maps one on launch. It is reachable only when the subnet
//! is public (routes to an internet gateway). Both must hold for a subnet to
//! count.

use crate::catalog::Code;
use crate::model::{RouteTarget, SubnetId, ids};
use crate::rules::kit::text::join_and;
use crate::rules::{Context, Rule};
use std::collections::{HashMap, HashSet};

pub static RULE: Rule = Rule {
    code: Code::G805,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    for (_, g) in ids(&m.auto_scaling_groups) {
        if g.target_groups.is_empty() {
            continue;
        }
        let lt = &m[g.launch_template.node];
        let lt_public = lt.public_ip.map(|p| p.node);
        if lt_public == Some(false) {
            continue;
        }
        let mut seen = HashSet::new();
        let exposed: Vec<_> = g
            .subnets
            .iter()
            .filter(|item| seen.insert(item.node))
            .filter(|item| {
                topo.is_public(item.node) && lt_public.unwrap_or_else(|| m[item.node].public_ip())
            })
            .collect();
        let Some(first) = exposed.first() else {
            continue;
        };
        let names: Vec<&str> = exposed
            .iter()
            .map(|s| m[s.node].decl.name.as_str())
            .collect();
        let mut d = cx.report(
            &RULE,
            first.span,
            format!(
                "auto scaling group {} is behind a load balancer, yet its instances get public IPs in {}",
                g.decl.name,
                join_and(&names)
            ),
        )
        .with_label("public subnet: every instance here is reachable directly");
        for other in &exposed[1..] {
            d = d.with_secondary(other.span, "public subnet too");
        }
        d = match lt.public_ip {
            Some(p) => d.with_secondary(
                p.span,
                format!("{} gives every instance a public IP", lt.decl.name),
            ),
            None => {
                let sub = &m[first.node];
                match sub.public_ip {
                    Some(p) => d.with_secondary(
                        p.span,
                        format!(
                            "{} maps a public IP on launch, and {} does not say otherwise",
                            sub.decl.name, lt.decl.name
                        ),
                    ),
                    None => d,
                }
            }
        };
        let tg_span = g.target_groups.span.unwrap_or(g.decl.name_span);
        d = d.with_secondary(tg_span, "clients should come through the load balancer");

        // Private subnets of the same VPC to move to, in the zones of the
        // exposed ones when possible; ones with a NAT route first.
        let vpc = m[first.node].vpc.node;
        let private: Vec<SubnetId> = topo.subnets_by_vpc[vpc]
            .iter()
            .copied()
            .filter(|&s| !topo.is_public(s))
            .collect();
        let zones: HashSet<crate::model::ZoneKey> =
            exposed.iter().map(|s| m[s.node].zone.node.key()).collect();
        let mut pick_by_zone: HashMap<crate::model::ZoneKey, SubnetId> = HashMap::new();
        for pass in 0..2 {
            for &s in &private {
                let letter = m[s].zone.node.key();
                let nat = matches!(topo.subnet_default_route[s], Some(RouteTarget::Nat(_)));
                if zones.contains(&letter) && (nat || pass == 1) {
                    pick_by_zone.entry(letter).or_insert(s);
                }
            }
        }
        // The group's subnet list with each exposed subnet swapped for the
        // private one of its zone; `None` if some zone has none.
        let exposed_ids: HashSet<SubnetId> = exposed.iter().map(|s| s.node).collect();
        let mut listed = HashSet::new();
        let new_list: Option<Vec<&str>> = g
            .subnets
            .ids()
            .map(|s| {
                if exposed_ids.contains(&s) {
                    pick_by_zone.get(&m[s].zone.node.key()).copied()
                } else {
                    Some(s)
                }
            })
            .filter(|s| s.is_none_or(|s| listed.insert(s)))
            .map(|s| s.map(|s| m[s].decl.name.as_str()))
            .collect();
        let drop_flag = if lt.public_ip.is_some() {
            format!(" and remove `public-ip on` from {}", lt.decl.name)
        } else {
            String::new()
        };
        let help = match new_list {
            Some(list) => format!(
                "launch {} in private subnets: `subnets {}`{drop_flag}",
                g.decl.name,
                list.join(", ")
            ),
            None => format!(
                "launch {} in private subnets (0.0.0.0/0 through a NAT gateway){drop_flag}, \
                 leaving the public subnets to the load balancer",
                g.decl.name
            ),
        };
        d.with_help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    /// The base's public subnets map public IPs on launch; `quiet-c` is a
    /// public subnet that does not.
    fn asg(lt_ip: &str, subnets: &str, tgs: &str) -> String {
        format!(
            "subnet quiet-c {{ vpc main; cidr 10.0.5.0/24; zone c }}\n\
             route-table qrt {{ vpc main; subnets quiet-c; route 0.0.0.0/0 -> igw }}\n\
             target-group h {{ vpc main; protocol http; port 8080; health-check http /h }}\n\
             launch-template lt {{ ami ami-0c55b159cbfafe1f0; type t3.small; {lt_ip} }}\n\
             auto-scaling-group g {{ launch-template lt; subnets {subnets}\n\
               min 1; max 2; {tgs} health-check elb }}\n"
        )
    }

    #[test]
    fn the_template_overrides_the_subnet() {
        let tg = "target-groups h;";
        // Silent template: the subnet's public-ip decides.
        let src = asg("", "public-a, quiet-c", tg);
        assert_eq!(texts(&src, &fired(&src, "G805")), ["public-a"]);
        // public-ip on: every public subnet exposes them.
        let src = asg("public-ip on", "quiet-c, public-a", tg);
        assert_eq!(texts(&src, &fired(&src, "G805")), ["quiet-c"]);
        // public-ip off, private subnets, or no load balancer: nothing.
        assert!(fired(&asg("public-ip off", "public-a, public-c", tg), "G805").is_empty());
        assert!(fired(&asg("public-ip on", "private-a, private-c", tg), "G805").is_empty());
        assert!(fired(&asg("public-ip on", "public-a, public-c", ""), "G805").is_empty());
    }

    #[test]
    fn help_swaps_in_the_private_subnet_of_each_zone() {
        let src = asg("public-ip on", "public-a, private-c", "target-groups h;");
        let d = fired(&src, "G805");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "launch g in private subnets: `subnets private-a, private-c` \
                 and remove `public-ip on` from lt"
            )
        );
    }
}
