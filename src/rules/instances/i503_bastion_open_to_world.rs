//! I503 bastion-open-to-world.
//!
//! One finding per rule, named after the first bastion wearing the group.
//! S302 skips exactly these rules ([`bastion_ssh_open`]) so a line is not
//! reported twice; other admin or data ports the same rule opens are listed
//! in a note here instead. An `access ssm` bastion is no SSH jump host:
//! its open SSH is S302's to report, like any host's.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::security::{
    bastion_ssh_open, example_range, exposed_services, open_source, opened_span,
    whole_internet_label,
};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I503,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.ingress {
            let Some(bastion) = bastion_ssh_open(m, cx.topo, id, rule) else {
                continue;
            };
            let Some(source) = open_source(rule) else {
                continue;
            };
            let (subject, s) = bastion.bastion_subject(m);
            let mut d = cx
                .report(
                    &RULE,
                    opened_span(rule),
                    format!("{subject} accept{s} SSH from the whole internet"),
                )
                .with_label("SSH")
                .with_secondary(rule.peer.span, whole_internet_label(&source));
            if let Some(role) = bastion.bastion_span(m) {
                d = d.with_secondary(
                    role,
                    format!("{} wears {}", bastion.describe(m), sg.decl.name),
                );
            }
            let others: Vec<String> = exposed_services(rule)
                .into_iter()
                .filter(|s| s.port != 22)
                .map(|s| s.describe())
                .collect();
            if !others.is_empty() {
                d = d.with_note(format!(
                    "the same rule also opens {} to the internet",
                    others.join(", ")
                ));
            }
            d.with_help(format!(
                "allow SSH only from your admins' address range (e.g. `ingress tcp 22 from {}`), \
                 or drop inbound SSH and reach {} through AWS Systems Manager Session Manager",
                example_range(&source),
                bastion.name(m)
            ));
        }
    }
}
