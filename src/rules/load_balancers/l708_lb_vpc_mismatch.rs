//! L708 lb-vpc-mismatch.
//!
//! A load balancer's VPC is the VPC of its first subnet; everything else it
//! touches is compared with that. Static targets are compared with their
//! target group's VPC, whichever load balancer (if any) uses the group.

use crate::catalog::Code;
use crate::model::{ListenerAction, TgId, ids};
use crate::rules::{Context, Rule};
use std::collections::HashSet;

pub static RULE: Rule = Rule {
    code: Code::L708,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, lb) in ids(&m.load_balancers) {
        let Some(first) = lb.subnets.items.first() else {
            continue;
        };
        let vpc = m[first.node].vpc.node;
        let vpc_name = &m[vpc].decl.name;
        for item in &lb.subnets.items[1..] {
            let sub = &m[item.node];
            if sub.vpc.node == vpc {
                continue;
            }
            cx.report(
                &RULE,
                item.span,
                format!(
                    "load balancer {} spans two VPCs: {} is in {}, {} is in {}",
                    lb.decl.name,
                    m[first.node].decl.name,
                    vpc_name,
                    sub.decl.name,
                    m[sub.vpc.node].decl.name
                ),
            )
            .with_label(format!("in VPC {}", m[sub.vpc.node].decl.name))
            .with_secondary(first.span, format!("in VPC {vpc_name}"))
            .with_help(format!(
                "a load balancer lives in one VPC: use only subnets of {vpc_name}"
            ));
        }
        let mut seen: HashSet<TgId> = HashSet::new();
        for l in &lb.listeners {
            let ListenerAction::Forward(tg_ref) = &l.action else {
                continue;
            };
            if !seen.insert(tg_ref.node) {
                continue;
            }
            let tg = &m[tg_ref.node];
            if tg.vpc.node == vpc {
                continue;
            }
            let tg_vpc = &m[tg.vpc.node].decl.name;
            cx.report(
                    &RULE,
                    tg_ref.span,
                    format!(
                        "load balancer {} in VPC {vpc_name} forwards to target group {} in VPC {tg_vpc}",
                        lb.decl.name, tg.decl.name
                    ),
                )
                .with_label(format!("{} is in {tg_vpc}", tg.decl.name))
                .with_secondary(tg.vpc.span, format!("{}'s VPC", tg.decl.name))
                .with_secondary(first.span, format!("{} is in {vpc_name}", lb.decl.name))
                .with_help(format!(
                    "declare {} with `vpc {vpc_name}`, or forward to a target group of {vpc_name}",
                    tg.decl.name
                ));
        }
    }
    for (_, tg) in ids(&m.target_groups) {
        let tg_vpc = &m[tg.vpc.node].decl.name;
        for t in tg.targets.iter() {
            let inst = &m[t.node];
            let sub = &m[inst.subnet.node];
            if sub.vpc.node == tg.vpc.node {
                continue;
            }
            let inst_vpc = &m[sub.vpc.node].decl.name;
            cx.report(
                &RULE,
                t.span,
                format!(
                    "target {} runs in VPC {inst_vpc}, but target group {} is in VPC {tg_vpc}",
                    inst.decl.name, tg.decl.name
                ),
            )
            .with_label(format!("in {inst_vpc}"))
            .with_secondary(
                inst.subnet.span,
                format!(
                    "{} is in subnet {} of {inst_vpc}",
                    inst.decl.name, sub.decl.name
                ),
            )
            .with_secondary(tg.vpc.span, format!("{}'s VPC", tg.decl.name))
            .with_help(format!(
                "register only instances of {tg_vpc} in {}: move {} to a subnet of {tg_vpc}, \
                     or remove it from the targets",
                tg.decl.name, inst.decl.name
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    const OTHER: &str = "vpc other { cidr 10.1.0.0/16 }\n\
        internet-gateway igw2 { vpc other }\n\
        subnet other-c { vpc other; cidr 10.1.2.0/24; zone c }\n\
        route-table ort { vpc other; subnets other-c; route 0.0.0.0/0 -> igw2 }\n\
        instance far { subnet other-c; ami ami-0c55b159cbfafe1f0; type t3.micro }\n";

    #[test]
    fn subnets_groups_and_targets_in_one_vpc() {
        let src = format!(
            "{OTHER}target-group t {{ vpc other; protocol tcp; port 80; health-check tcp; targets far }}\n\
             target-group u {{ vpc main; protocol tcp; port 81; health-check tcp; targets far }}\n\
             load-balancer edge {{ type network; subnets public-a, other-c\n\
               listener tcp 80 -> t\n listener tcp 81 -> t\n listener tcp 82 -> u }}\n"
        );
        let d = fired(&src, "L708");
        // The second subnet, the group of the other VPC (once, though two
        // listeners use it), and the instance registered across VPCs.
        assert_eq!(texts(&src, &d), ["far", "other-c", "t"]);
        assert!(d[0].message.contains("target far runs in VPC other"));
    }

    #[test]
    fn one_vpc_passes() {
        let src = "instance near { subnet private-a; ami ami-0c55b159cbfafe1f0; type t3.micro }\n\
            target-group t { vpc main; protocol tcp; port 80; health-check tcp; targets near }\n\
            load-balancer edge { type network; subnets public-a, public-c; listener tcp 80 -> t }\n";
        assert!(fired(src, "L708").is_empty());
    }
}
