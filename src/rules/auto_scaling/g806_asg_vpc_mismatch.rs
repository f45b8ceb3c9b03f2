//! G806 asg-vpc-mismatch.
//!
//! A group's VPC is the VPC of its first subnet; its other subnets, the
//! security groups of its launch template and its target groups are
//! compared with that.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::G806,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, g) in ids(&m.auto_scaling_groups) {
        let Some(first) = g.subnets.items.first() else {
            continue;
        };
        let vpc = m[first.node].vpc.node;
        let vpc_name = &m[vpc].decl.name;
        let first_label = format!("{} is in VPC {vpc_name}", m[first.node].decl.name);
        for item in &g.subnets.items[1..] {
            let sub = &m[item.node];
            if sub.vpc.node == vpc {
                continue;
            }
            let other = &m[sub.vpc.node].decl.name;
            cx.report(
                &RULE,
                item.span,
                format!(
                    "auto scaling group {} spans two VPCs: {} is in {other}",
                    g.decl.name, sub.decl.name
                ),
            )
            .with_label(format!("in VPC {other}"))
            .with_secondary(first.span, first_label.clone())
            .with_help(format!(
                "a group launches into one VPC: use only subnets of {vpc_name}"
            ));
        }
        let lt = &m[g.launch_template.node];
        for sg_ref in lt.security_groups.iter() {
            let sg = &m[sg_ref.node];
            if sg.vpc.node == vpc {
                continue;
            }
            let other = &m[sg.vpc.node].decl.name;
            cx.report(
                &RULE,
                sg_ref.span,
                format!(
                    "launch template {} gives {}'s instances security group {} of VPC {other}, \
                         but they launch in {vpc_name}",
                    lt.decl.name, g.decl.name, sg.decl.name
                ),
            )
            .with_label(format!("{} belongs to {other}", sg.decl.name))
            .with_secondary(sg.vpc.span, format!("{}'s VPC", sg.decl.name))
            .with_secondary(first.span, first_label.clone())
            .with_help(format!(
                "an instance can only use security groups of its own VPC: \
                     give {} a group declared with `vpc {vpc_name}`",
                lt.decl.name
            ));
        }
        for tg_ref in g.target_groups.iter() {
            let tg = &m[tg_ref.node];
            if tg.vpc.node == vpc {
                continue;
            }
            let other = &m[tg.vpc.node].decl.name;
            cx.report(
                    &RULE,
                    tg_ref.span,
                    format!(
                        "auto scaling group {} in VPC {vpc_name} registers with target group {} of VPC {other}",
                        g.decl.name, tg.decl.name
                    ),
                )
                .with_label(format!("{} is in {other}", tg.decl.name))
                .with_secondary(tg.vpc.span, format!("{}'s VPC", tg.decl.name))
                .with_secondary(first.span, first_label.clone())
                .with_help(format!(
                    "a target group accepts instances of its own VPC only: use a target group of {vpc_name}"
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    #[test]
    fn subnets_template_groups_and_target_groups() {
        let src = "vpc other { cidr 10.1.0.0/16 }\n\
            subnet other-c { vpc other; cidr 10.1.2.0/24; zone c }\n\
            route-table ort { vpc other; subnets other-c }\n\
            security-group osg { vpc other; description \"o\" }\n\
            target-group otg { vpc other; protocol http; port 80; health-check http /h }\n\
            launch-template lt { ami ami-0c55b159cbfafe1f0; type t3.small; security-groups app-sg, osg }\n\
            auto-scaling-group g { launch-template lt; subnets private-a, other-c\n\
              min 1; max 2; target-groups otg; health-check elb }\n";
        let d = fired(src, "G806");
        assert_eq!(texts(src, &d), ["osg", "other-c", "otg"]);
    }

    #[test]
    fn one_vpc_passes() {
        let src = "target-group h { vpc main; protocol http; port 80; health-check http /h }\n\
            auto-scaling-group g { launch-template app-lt; subnets private-a, private-c\n\
              min 1; max 2; target-groups h; health-check elb }\n";
        assert!(fired(src, "G806").is_empty());
    }
}
