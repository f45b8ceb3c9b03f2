//! I505 no-admin-path.

use super::ssh_intent;
use crate::analysis::classes::{ClassKind, Member, is_bastion, member_name};
use crate::catalog::Code;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I505,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let by_vpc = an.bastion_classes();
    let mut reported: std::collections::HashSet<Member> = std::collections::HashSet::new();
    for (cid, class) in classes.list.iter().enumerate() {
        if class.kind != ClassKind::Hosts || cx.topo.is_public(class.subnet) {
            continue;
        }
        let vpc_bastions: Vec<usize> = by_vpc[class.vpc]
            .iter()
            .copied()
            .filter(|b| *b != cid)
            .collect();
        let reachable = vpc_bastions
            .iter()
            .any(|b| ssh_intent(m, classes.get(*b), class).is_some());
        if reachable {
            continue;
        }
        for member in &class.members {
            if is_bastion(m, *member) || reported.contains(member) {
                continue;
            }
            let key = match member {
                Member::Instance(i) => m[*i].key_pair.as_ref(),
                Member::Asg(a) => m[m[*a].launch_template.node].key_pair.as_ref(),
                Member::LbNode(_) | Member::MountTarget(_) => None,
            };
            let Some(key) = key else { continue };
            reported.insert(*member);
            let name = member_name(m, *member);
            let mut d = cx
                .report(
                    &RULE,
                    key.span,
                    format!(
                        "{name} has key pair `{}` but no bastion can reach it over SSH",
                        key.node
                    ),
                )
                .with_label("no admin path for this key");
            for g in &class.sgs {
                d = d.with_secondary(m[*g].decl.name_span, "admits ssh from no bastion");
            }
            let help = match (vpc_bastions.first(), class.sgs.first()) {
                (Some(b), Some(g)) => {
                    let bc = classes.get(*b);
                    let from = bc
                        .sgs
                        .first()
                        .map(|s| m[*s].decl.name.clone())
                        .unwrap_or_else(|| m[bc.subnet].cidr.node.to_string());
                    format!(
                        "add `ingress tcp 22 from {from}` to security group {}, or drop the key pair and use Session Manager",
                        m[*g].decl.name
                    )
                }
                (Some(_), None) => "attach a security group that admits ssh from the bastion's group, or drop the key pair and use Session Manager".into(),
                (None, _) => "add a bastion (`role bastion`) in a public subnet of this VPC, or drop the key pair and use Session Manager".into(),
            };
            d.with_help(help);
        }
    }
}
