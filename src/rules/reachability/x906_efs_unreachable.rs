//! X906 efs-unreachable.
//!
//! Each client class (an instance, or an Auto Scaling group in one subnet)
//! of a file system is traced on tcp 2049 to the mount target it would
//! use: the one in its own zone, or, when its zone has none (F102), any
//! other. It is reported when none of those reaches, naming the first
//! blocker of the first such path.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::classes::{ClassId, Member, member_name};
use crate::analysis::path::{Hop, Mode, Place, Traffic, Verdict};
use crate::catalog::Code;
use crate::model::topology::FsClient;
use crate::model::*;
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::X906,
    check,
};

/// The NFS port.
const NFS: u16 = 2049;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let nfs = Traffic::tcp(&[NFS]);
    for (fid, fs) in ids(&m.file_systems) {
        let targets = &classes.of_fs[fid];
        if targets.is_empty() {
            continue; // F102 says there is nothing to mount.
        }
        let mut verdicts: HashMap<ClassId, bool> = HashMap::new();
        for &client in &cx.topo.fs_clients[fid] {
            // The client's classes, with the member that names it.
            let mut own: Vec<(ClassId, Member)> = Vec::new();
            match client {
                FsClient::Instance(i) => own.push((classes.of_instance[i], Member::Instance(i))),
                FsClient::LaunchTemplate(t) => {
                    for &a in &cx.topo.lt_asgs[t] {
                        for &c in &classes.of_asg[a] {
                            own.push((c, Member::Asg(a)));
                        }
                    }
                }
            }
            let mounts = match client {
                FsClient::Instance(i) => &m[i].mounts,
                FsClient::LaunchTemplate(t) => &m[t].mounts,
            };
            let span = mounts
                .iter()
                .find(|x| x.node == fid)
                .map_or(fs.decl.name_span, |x| x.span);
            for (cid, member) in own {
                let c = classes.get(cid);
                let zone = &m[c.subnet].zone.node;
                let same: Vec<ClassId> = targets
                    .iter()
                    .copied()
                    .filter(|&t| m[classes.get(t).subnet].zone.node.same_as(zone))
                    .collect();
                let cross = same.is_empty();
                let used: &[ClassId] = if cross { targets } else { &same };
                let from = Place::Class(cid);
                // Many clients share a class: each class is asked once per
                // file system.
                let reaches = *verdicts.entry(cid).or_insert_with(|| {
                    used.iter().any(|&t| {
                        an.verdicts(&from, &Place::Class(t), &nfs)
                            .iter()
                            .all(|v| *v == Verdict::Reachable)
                    })
                });
                if reaches {
                    continue;
                }
                let target = used[0];
                let legs = an.trace(&from, &Place::Class(target), &nfs, Mode::Normal);
                let step = first_blocker(&legs);
                let tsub = &m[classes.get(target).subnet].decl.name;
                let name = member_name(m, member);
                let by = step.map_or_else(|| "the path".to_string(), |s| an.hop_text(&s.hop));
                let mut d = cx
                    .report(
                        &RULE,
                        span,
                        format!(
                            "{name} in {} cannot mount file system {}: tcp 2049 to its mount target in {tsub} is blocked by {by}",
                            m[c.subnet].decl.name, fs.decl.name
                        ),
                    )
                    .with_label(if cross {
                        format!("mounts it across zones (no mount target in zone {zone})")
                    } else {
                        "mounts it in its own zone".to_string()
                    });
                if let Some(step) = step {
                    if let Some((s, t)) = blocker_label(an, step) {
                        d = d.with_secondary(s, t);
                    }
                    // Groups for a group's rule; an ACL names addresses:
                    // the client's subnet coming in, the target's going out.
                    let tclass = classes.get(target);
                    let peer = match &step.hop {
                        Hop::Acl {
                            dir: Direction::Out,
                            ..
                        } => m[tclass.subnet].cidr.node.to_string(),
                        Hop::Acl { .. } => m[c.subnet].cidr.node.to_string(),
                        Hop::SgEgress { .. } => tclass.sgs.first().map_or_else(
                            || m[tclass.subnet].cidr.node.to_string(),
                            |g| m[*g].decl.name.clone(),
                        ),
                        _ => c.sgs.first().map_or_else(
                            || m[c.subnet].cidr.node.to_string(),
                            |g| m[*g].decl.name.clone(),
                        ),
                    };
                    // The shared help for the VPC boundary speaks of load
                    // balancers; a client mounts across a peering or a
                    // transit gateway.
                    let help = if matches!(step.hop, Hop::Vpc) {
                        "join the two VPCs with a vpc-peering or a transit-gateway (clients mount across them by the mount target's address), or mount a file system of the client's own VPC".to_string()
                    } else {
                        blocker_help(an, step, "tcp 2049", &peer)
                    };
                    d = d.with_note(an.blocker_sentence(step)).with_help(help);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    /// Mount-target subnets in zones a and c; data-a's network ACL admits
    /// nothing, so only data-c's target can be reached.
    const NET: &str = "subnet data-a { vpc main; cidr 10.0.21.0/24; zone a }\n\
        subnet data-c { vpc main; cidr 10.0.22.0/24; zone c }\n\
        network-acl closed { vpc main; subnets data-a }\n\
        security-group efs-sg { vpc main; description \"nfs\"; ingress tcp 2049 from app-sg }\n";

    fn client(subnet: &str) -> String {
        format!(
            "instance app {{ subnet {subnet}; ami ami-0c55b159cbfafe1f0; type t3.small\n\
               security-groups app-sg; mounts fs }}\n"
        )
    }

    #[test]
    fn a_client_is_held_to_its_own_zones_mount_target() {
        // data-c's target would answer, but a client in zone a uses data-a's.
        let src = format!(
            "{NET}file-system fs {{ vpc main; mount-targets data-a, data-c; security-groups efs-sg }}\n{}",
            client("private-a")
        );
        let d = fired(&src, "X906");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("mount target in data-a"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].label, "mounts it in its own zone");
        // The client in zone c reaches its own.
        let src = format!(
            "{NET}file-system fs {{ vpc main; mount-targets data-a, data-c; security-groups efs-sg }}\n{}",
            client("private-c")
        );
        assert!(fired(&src, "X906").is_empty());
    }

    #[test]
    fn a_client_without_a_target_in_its_zone_uses_another() {
        // Zone a has no mount target (F102): data-c's answers.
        let src = format!(
            "{NET}file-system fs {{ vpc main; mount-targets data-c; security-groups efs-sg }}\n{}",
            client("private-a")
        );
        assert!(fired(&src, "X906").is_empty());
        // Zone c has none and data-a's is closed: reported, across zones.
        let src = format!(
            "{NET}file-system fs {{ vpc main; mount-targets data-a; security-groups efs-sg }}\n{}",
            client("private-c")
        );
        let d = fired(&src, "X906");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].label.starts_with("mounts it across zones"),
            "{}",
            d[0].label
        );
    }

    #[test]
    fn a_client_of_another_vpc_is_told_to_join_the_vpcs() {
        // The file system lives in `other`; nothing joins it to main.
        let src = "vpc other { cidr 10.1.0.0/16 }\n\
            subnet odata-a { vpc other; cidr 10.1.1.0/24; zone a }\n\
            route-table odata-rt { vpc other; subnets odata-a }\n\
            security-group oefs-sg { vpc other; description \"nfs\"; ingress tcp 2049 from 10.0.0.0/16 }\n\
            file-system fs { vpc other; mount-targets odata-a; security-groups oefs-sg }\n"
            .to_string()
            + &client("private-a");
        let d = fired(&src, "X906");
        assert_eq!(d.len(), 1, "{d:#?}");
        let help = d[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("join the two VPCs"), "{help}");
        assert!(!help.contains("load balancer"), "{help}");
    }
}
