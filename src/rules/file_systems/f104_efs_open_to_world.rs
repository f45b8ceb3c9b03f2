//! F104 efs-open-to-world.

use super::NFS_PORT;
use crate::catalog::Code;
use crate::model::{Protocol, ids};
use crate::rules::kit::security::{admits, open_source, whole_internet_label};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::F104,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, fs) in ids(&m.file_systems) {
        for g in fs.security_groups.iter() {
            let sg = &m[g.node];
            for r in &sg.ingress {
                let Some(net) = open_source(r) else { continue };
                if !admits(r, Protocol::Tcp, NFS_PORT) {
                    continue;
                }
                cx.report(
                    &RULE,
                    r.span,
                    format!(
                        "security group {} admits NFS (tcp 2049) from {net} to the mount targets of {}",
                        sg.decl.name, fs.decl.name
                    ),
                )
                .with_label(format!("NFS {}", whole_internet_label(&net)))
                .with_secondary(g.span, format!("{} wears {}", fs.decl.name, sg.decl.name))
                .with_note("NFS has no authentication of its own: whoever reaches the mount target can mount the file system unless an IAM policy forbids it")
                .with_help(format!(
                    "admit tcp 2049 from the clients' security group instead (`ingress tcp 2049 from <client-sg>` in {})",
                    sg.decl.name
                ));
            }
        }
    }
}
