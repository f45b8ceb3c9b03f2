//! X904 bastion-cannot-reach.
//!
//! Every class of hosts in a private subnet is asked tcp 22 from each
//! bastion class of its VPC whose ssh one of its groups admits. Most
//! answers are settled by `surely_reachable` (every hop takes the request
//! whole); the rest get the verdicts, and a full trace when one fails.

use super::{blocker_help, blocker_label, ssh_intent};
use crate::analysis::classes::{ClassKind, is_bastion, member_name};
use crate::analysis::path::{Mode, Place, Traffic, Verdict};
use crate::catalog::Code;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::X904,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    // Each class looks only at the bastions of its own VPC.
    let by_vpc = an.bastion_classes();
    let ssh = Traffic::tcp(&[22]);
    for (cid, class) in classes.list.iter().enumerate() {
        if class.kind != ClassKind::Hosts || cx.topo.is_public(class.subnet) {
            continue;
        }
        for &b in &by_vpc[class.vpc] {
            if b == cid {
                continue;
            }
            let bastion = classes.get(b);
            let Some((sg, rule)) = ssh_intent(m, bastion, class) else {
                continue;
            };
            let (from, to) = (Place::Class(b), Place::Class(cid));
            // Settled without a trace when every hop lets the whole
            // request through (the common case); else the verdicts.
            if an.surely_reachable(&from, &to, &ssh) {
                continue;
            }
            let quick = an.verdicts(&from, &to, &ssh);
            if quick.iter().all(|v| *v == Verdict::Reachable) {
                continue;
            }
            let legs = an.trace(&from, &to, &ssh, Mode::Normal);
            let Some(leg) = legs.iter().find(|l| l.verdict() != Verdict::Reachable) else {
                continue;
            };
            let Some(step) = leg.first_blocker() else {
                continue;
            };
            let bname: Vec<&str> = bastion
                .members
                .iter()
                .filter(|x| is_bastion(m, **x))
                .map(|x| member_name(m, *x))
                .collect();
            let bname = bname.join(", ");
            let r = &m[sg].ingress[rule];
            for member in class.members.iter().filter(|x| !is_bastion(m, **x)) {
                let name = member_name(m, *member);
                let mut d = cx
                    .report(
                        &RULE,
                        r.span,
                        format!(
                            "ssh from bastion {bname} to {name} in {} is blocked by {}",
                            m[class.subnet].decl.name,
                            an.hop_text(&step.hop)
                        ),
                    )
                    .with_label(format!("`{}` intends ssh from {bname}", r.text(m, sg)));
                if let Some((s, t)) = super::blocker_label(an, step) {
                    d = d.with_secondary(s, t);
                }
                let peer = bastion
                    .sgs
                    .first()
                    .map(|g| m[*g].decl.name.clone())
                    .unwrap_or_else(|| m[bastion.subnet].cidr.node.to_string());
                let _ = blocker_label;
                d = d
                    .with_note(an.blocker_sentence(step))
                    .with_help(blocker_help(an, step, "tcp 22", &peer));
            }
        }
    }
}
