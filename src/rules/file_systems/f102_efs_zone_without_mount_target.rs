//! F102 efs-zone-without-mount-target.

use super::client_host;
use crate::catalog::Code;
use crate::model::{Zone, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::F102,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (fid, fs) in ids(&m.file_systems) {
        let zones: Vec<&Zone> = fs.mount_targets.ids().map(|s| &m[s].zone.node).collect();
        for &c in &cx.topo.fs_clients[fid] {
            let (host, span) = client_host(m, c, fid);
            // Each zone of the client once, in the order it runs there.
            let mut missing: Vec<(&Zone, &str)> = Vec::new();
            for s in host.subnets(m, cx.topo) {
                let sub = &m[s.node];
                let z = &sub.zone.node;
                if zones.iter().any(|t| t.same_as(z)) || missing.iter().any(|(y, _)| y.same_as(z)) {
                    continue;
                }
                missing.push((z, &sub.decl.name));
            }
            if missing.is_empty() {
                continue;
            }
            let (subject, s) = host.subject(m);
            let places: Vec<String> = missing
                .iter()
                .map(|(z, sub)| format!("zone {z} ({sub})"))
                .collect();
            let places = crate::rules::kit::text::join_and(&places);
            let mut d = cx.report(
                &RULE,
                span,
                format!(
                    "{subject} run{s} in {places}, where file system {} has no mount target",
                    fs.decl.name
                ),
            );
            d = if zones.is_empty() {
                d.with_label("mounts a file system without any mount target")
                    .with_help(format!(
                        "add `mount-targets` to {}: one subnet in each zone its clients run in",
                        fs.decl.name
                    ))
            } else {
                d.with_label("mounts it across zones")
                    .with_note("traffic to another zone's mount target is charged per GB, and the mount fails when that zone does")
                    .with_help(format!(
                        "add a subnet of {} to the mount-targets of {}",
                        places_plain(&missing),
                        fs.decl.name
                    ))
            };
            if let Some(span) = fs.mount_targets.span {
                d.with_secondary(span, "its mount targets");
            }
        }
    }
}

fn places_plain(missing: &[(&Zone, &str)]) -> String {
    let zones: Vec<String> = missing.iter().map(|(z, _)| format!("zone {z}")).collect();
    crate::rules::kit::text::join_and(&zones)
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn a_template_in_two_zones_with_one_mount_target() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet c { vpc main; cidr 10.0.2.0/24; zone c }
route-table rt { vpc main; subnets a, c }
file-system fs { vpc main; mount-targets a }
launch-template lt { ami ami-0c55b159cbfafe1f0; type t3.micro; mounts fs }
auto-scaling-group g { launch-template lt; subnets a, c; min 2; max 2 }
instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro; mounts fs }
";
        let d = diags(src, "F102");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(src), "fs");
        assert_eq!(
            d[0].message,
            "instances of launch template lt run in zone c (c), where file system fs has no mount target"
        );
    }
}
