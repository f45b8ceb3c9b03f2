//! I502 bastion-without-public-ip.
//!
//! An instance's public IPv4 comes from its own `public-ip` or, when that is
//! not written, its subnet's; an EIP associated with it works too. A bastion
//! launch template has no EIP: its instances get an address from the
//! template's `public-ip` or from each subnet its groups launch into.

use crate::catalog::Code;
use crate::model::{Access, InstanceId, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I502,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    for (id, inst) in ids(&m.instances) {
        let Some(role) = inst.bastion else {
            continue;
        };
        // A Session Manager jump host needs no public address.
        if inst.access() == Access::Ssm {
            continue;
        }
        if topo.instance_has_public_address(m, id) {
            continue;
        }
        instance_report(cx, id, role);
    }
    for (lt_id, lt) in ids(&m.launch_templates) {
        let Some(role) = lt.bastion else {
            continue;
        };
        if lt.access() == Access::Ssm {
            continue;
        }
        let help = format!(
            "write `public-ip on` in {} so every instance it launches gets a public address",
            lt.decl.name
        );
        match lt.public_ip {
            Some(p) if p.node => {}
            Some(p) => {
                cx.report(
                    &RULE,
                    p.span,
                    format!(
                        "bastion launch template {} turns public IPs off",
                        lt.decl.name
                    ),
                )
                .with_label("no public address: unreachable from the internet")
                .with_secondary(role, "a bastion must be reachable from the internet")
                .with_help(help);
            }
            None => {
                // The first subnet of its groups that maps no public IP.
                let lacking = topo.lt_asgs[lt_id]
                    .iter()
                    .flat_map(|&a| m[a].subnets.iter())
                    .find(|s| !m[s.node].public_ip());
                if let Some(s) = lacking {
                    let sub = &m[s.node];
                    cx.report(
                        &RULE,
                        role,
                        format!(
                            "bastions launched from {} in subnet {} get no public IP",
                            lt.decl.name, sub.decl.name
                        ),
                    )
                    .with_label("a bastion must be reachable from the internet")
                    .with_secondary(
                        s.span,
                        format!("{} maps no public IP on launch", sub.decl.name),
                    )
                    .with_help(help);
                }
            }
        }
    }
}

fn instance_report(cx: &Context<'_>, id: InstanceId, role: crate::span::Span) {
    let m = cx.model;
    let inst = &m[id];
    let sub = &m[inst.subnet.node];
    let eip = format!(
        "associate an Elastic IP: `eip {}-ip {{ instance {} }}`",
        inst.decl.name, inst.decl.name
    );
    match inst.public_ip {
        Some(p) => cx
            .report(
                &RULE,
                p.span,
                format!(
                    "bastion {} has public-ip off and no Elastic IP",
                    inst.decl.name
                ),
            )
            .with_label("no public address: unreachable from the internet")
            .with_secondary(role, "a bastion must be reachable from the internet")
            .with_help(format!("write `public-ip on`, or {eip}")),
        None => {
            let d = cx
                .report(
                    &RULE,
                    role,
                    format!(
                        "bastion {} gets neither a public IP nor an Elastic IP",
                        inst.decl.name
                    ),
                )
                .with_label("a bastion must be reachable from the internet");
            let d = match sub.public_ip {
                Some(p) => d.with_secondary(
                    p.span,
                    format!("{} maps no public IP on launch", sub.decl.name),
                ),
                None => d.with_secondary(
                    sub.decl.name_span,
                    format!(
                        "{} maps no public IP on launch (`public-ip` defaults to off)",
                        sub.decl.name
                    ),
                ),
            };
            d.with_secondary(
                inst.subnet.span,
                format!("{} takes the subnet's setting", inst.decl.name),
            )
            .with_help(format!(
                "add `public-ip on` to {}, or {eip}",
                inst.decl.name
            ))
        }
    };
}
