//! F103 efs-mount-targets-same-zone: EFS takes one mount target per zone
//! and refuses a second.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::subnets::{report_listed_twice, same_zone_pairs};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::F103,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, fs) in ids(&m.file_systems) {
        let items = &fs.mount_targets.items;
        for (later, earlier) in same_zone_pairs(m, items) {
            let (a, b) = (&items[earlier], &items[later]);
            let (sa, sb) = (&m[a.node], &m[b.node]);
            if a.node == b.node {
                let list = format!("the mount targets of {}", fs.decl.name);
                report_listed_twice(cx, &RULE, &list, a, b);
            } else {
                cx.report(
                    &RULE,
                    b.span,
                    format!(
                        "file system {} has two mount targets in zone {}: {} and {}",
                        fs.decl.name, sb.zone.node, sa.decl.name, sb.decl.name
                    ),
                )
                .with_label(format!("{} is in zone {}", sb.decl.name, sb.zone.node))
                .with_secondary(a.span, format!("{} is in zone {} too", sa.decl.name, sa.zone.node))
                .with_note("EFS allows one mount target per zone: creating the second fails")
                .with_help(format!(
                    "keep one of {} and {}: every subnet of a zone reaches that zone's mount target",
                    sa.decl.name, sb.decl.name
                ));
            }
        }
    }
}
