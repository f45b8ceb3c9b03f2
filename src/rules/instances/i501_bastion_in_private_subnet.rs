//! I501 bastion-in-private-subnet.
//!
//! Public or private is derived from routes, never declared: a subnet is
//! public when its route table sends `0.0.0.0/0` to an internet gateway. A
//! bastion launch template is checked at every private subnet its Auto
//! Scaling groups launch into.

use crate::catalog::Code;
use crate::model::{Access, RouteTarget, SubnetId, ids};
use crate::rules::kit::subnets::{public_subnet_near, why_private};
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::I501,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    for (_, inst) in ids(&m.instances) {
        let Some(role) = inst.bastion else {
            continue;
        };
        // A Session Manager jump host needs no route from the internet.
        if inst.access() == Access::Ssm {
            continue;
        }
        let subnet = inst.subnet.node;
        if topo.is_public(subnet) {
            continue;
        }
        report(
            cx,
            inst.subnet.span,
            subnet,
            format!(
                "bastion {} sits in private subnet {}",
                inst.decl.name, m[subnet].decl.name
            ),
            role,
            Mover::Instance(&inst.decl.name),
        );
    }
    for (lt_id, lt) in ids(&m.launch_templates) {
        let Some(role) = lt.bastion else {
            continue;
        };
        if lt.access() == Access::Ssm {
            continue;
        }
        for &asg_id in &topo.lt_asgs[lt_id] {
            let asg = &m[asg_id];
            for item in asg.subnets.iter() {
                if topo.is_public(item.node) {
                    continue;
                }
                report(
                    cx,
                    item.span,
                    item.node,
                    format!(
                        "auto scaling group {} launches bastions of {} into private subnet {}",
                        asg.decl.name, lt.decl.name, m[item.node].decl.name
                    ),
                    role,
                    Mover::Asg {
                        name: &asg.decl.name,
                        subnets: asg.subnets.ids().collect(),
                    },
                );
            }
        }
    }
}

/// What has to move to a public subnet.
enum Mover<'a> {
    Instance(&'a str),
    /// An Auto Scaling group launching bastions, with its subnet list.
    Asg {
        name: &'a str,
        subnets: Vec<SubnetId>,
    },
}

fn report(
    cx: &Context<'_>,
    at: Span,
    subnet: SubnetId,
    message: String,
    role: Span,
    mover: Mover<'_>,
) {
    let (m, topo) = (cx.model, cx.topo);
    let (why_span, why) = why_private(m, topo, subnet);
    let here = &m[subnet].decl.name;
    let help = match (public_subnet_near(m, topo, subnet), mover) {
        (Some(p), mover) => {
            let igw = match topo.subnet_default_route[p] {
                Some(RouteTarget::Igw(g)) => m[g].decl.name.clone(),
                _ => "an internet gateway".to_string(),
            };
            let public = &m[p].decl.name;
            match mover {
                Mover::Instance(name) => {
                    format!("move {name} to {public}, which routes 0.0.0.0/0 to {igw}")
                }
                Mover::Asg { name, subnets } if subnets.contains(&p) => {
                    format!(
                        "drop {here} from {name}'s subnets: {public} already routes 0.0.0.0/0 to {igw}"
                    )
                }
                Mover::Asg { name, .. } => format!(
                    "use {public}, which routes 0.0.0.0/0 to {igw}, instead of {here} in {name}'s subnets"
                ),
            }
        }
        (None, Mover::Instance(name) | Mover::Asg { name, .. }) => format!(
            "put {name} in a public subnet: give the VPC a subnet whose route table sends \
             0.0.0.0/0 to an internet gateway"
        ),
    };
    cx.report(&RULE, at, message)
        .with_label("private: no route to an internet gateway")
        .with_secondary(why_span, why)
        .with_secondary(role, "admins must reach a bastion from the internet")
        .with_help(help);
}
