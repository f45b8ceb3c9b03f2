//! I501 bastion-in-private-subnet.
//!
//! Public or private is derived from routes, never declared: a subnet is
//! public when its route table sends `0.0.0.0/0` to an internet gateway. A
//! bastion launch template is checked at every private subnet its Auto
//! Scaling groups launch into.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::topology::Topology;
use crate::model::{Model, RouteTarget, SubnetId, ids};
use crate::rules::security_groups::shared::{public_subnet_near, why_private};
use crate::rules::{Context, Rule, Sink};
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: "I501",
    name: "bastion-in-private-subnet",
    severity: Severity::Error,
    summary: "a `role bastion` instance sits in a private subnet",
    docs: r#"## What it checks
That every bastion (`role bastion` on an instance, or on a launch template:
then every subnet of its Auto Scaling groups) runs in a public subnet, one
whose route table sends `0.0.0.0/0` to an internet gateway.

## Why it matters
A bastion is the one host admins reach from the internet, to hop on to the
private instances. A private subnet cannot be reached from outside: its
default route, if any, goes to a NAT gateway, which is one-way (outbound
only), and no inbound connection ever arrives. A bastion there is
unreachable, whatever its security group or public IP says.

## Example
```
route-table private-rt {
  vpc main
  subnets private-a
  route 0.0.0.0/0 -> nat-a
}
instance bastion {
  subnet private-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
  role bastion
}
```

## Use instead
```
route-table public-rt {
  vpc main
  subnets public-a
  route 0.0.0.0/0 -> igw
}
instance bastion {
  subnet public-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
  public-ip on
  role bastion
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let topo = cx.topo;
    for (_, inst) in ids(&m.instances) {
        let Some(role) = inst.bastion else {
            continue;
        };
        let subnet = inst.subnet.node;
        if topo.is_public(subnet) {
            continue;
        }
        out.push(report(
            m,
            topo,
            inst.subnet.span,
            subnet,
            format!(
                "bastion {} sits in private subnet {}",
                inst.decl.name, m[subnet].decl.name
            ),
            role,
            Mover::Instance(&inst.decl.name),
        ));
    }
    for (lt_id, lt) in ids(&m.launch_templates) {
        let Some(role) = lt.bastion else {
            continue;
        };
        for &asg_id in &topo.lt_asgs[lt_id] {
            let asg = &m[asg_id];
            for item in asg.subnets.iter() {
                if topo.is_public(item.node) {
                    continue;
                }
                out.push(report(
                    m,
                    topo,
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
                ));
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
    m: &Model,
    topo: &Topology,
    at: Span,
    subnet: SubnetId,
    message: String,
    role: Span,
    mover: Mover<'_>,
) -> Diagnostic {
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
    Diagnostic::new("I501", at, message)
        .with_label("private: no route to an internet gateway")
        .with_secondary(why_span, why)
        .with_secondary(role, "admins must reach a bastion from the internet")
        .with_help(help)
}
