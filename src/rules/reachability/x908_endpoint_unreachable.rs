//! X908 endpoint-unreachable.
//!
//! An interface endpoint with private DNS takes the service's name for the
//! whole VPC: every host's calls to the service go to its interfaces, so a
//! host whose groups or ACLs block tcp 443 to all of them cannot use the
//! service at all, NAT or not. One question per (class of interfaces,
//! endpoint interface) in `Verdict` mode; one finding per endpoint naming
//! the blocked hosts. A host administered through Session Manager is
//! X907's to report for the `ssm` and `ssmmessages` endpoints.

use super::{SESSION_MANAGER, blocker_help, blocker_label, first_blocker, member_host};
use crate::analysis::classes::{ClassKind, member_name};
use crate::analysis::path::{Hop, Mode, Place, Traffic, Verdict};
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::kit::text::name_list;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::X908,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let https = Traffic::tcp(&[443]);
    for (eid, e) in ids(&m.vpc_endpoints) {
        let key = e.service_key();
        if an.dns_endpoint(e.vpc.node, key) != Some(eid) {
            continue;
        }
        let enis: Vec<Place> = an
            .endpoint_classes(eid)
            .into_iter()
            .map(Place::Adhoc)
            .collect();
        if enis.is_empty() {
            continue;
        }
        let session_manager = SESSION_MANAGER.contains(&key);
        let mut blocked_hosts: Vec<String> = Vec::new();
        let mut first: Option<(usize, &Place)> = None;
        for (cid, class) in an.classes().list.iter().enumerate() {
            if class.kind != ClassKind::Hosts || class.vpc != e.vpc.node {
                continue;
            }
            if session_manager
                && class
                    .members
                    .iter()
                    .filter_map(|x| member_host(m, *x))
                    .any(|h| h.access(m).ssm())
            {
                continue;
            }
            let from = Place::Class(cid);
            let reachable = enis.iter().any(|to| {
                an.verdicts(&from, to, &https)
                    .iter()
                    .any(|v| *v != Verdict::Blocked)
            });
            if reachable {
                continue;
            }
            first.get_or_insert((cid, &enis[0]));
            for x in &class.members {
                let name = member_name(m, *x).to_string();
                if !blocked_hosts.contains(&name) {
                    blocked_hosts.push(name);
                }
            }
        }
        let Some((cid, to)) = first else { continue };
        let legs = an.trace(&Place::Class(cid), to, &https, Mode::Normal);
        let mut d = cx
            .report(
                &RULE,
                e.decl.name_span,
                format!(
                    "{} cannot reach interface endpoint {} on tcp 443: {key} calls from {} fail",
                    name_list(&blocked_hosts, 5),
                    e.decl.name,
                    if blocked_hosts.len() == 1 { "it" } else { "them" }
                ),
            )
            .with_label(format!("private DNS: {key}'s name resolves here for the whole VPC"))
            .with_note("with private DNS on, a NAT gateway does not help: the service's name no longer resolves to its public addresses");
        if let Some(step) = first_blocker(&legs) {
            if let Some((s, t)) = blocker_label(an, step) {
                d = d.with_secondary(s, t);
            }
            d = d.with_note(an.blocker_sentence(step));
            // The other side of the blocking hop, as a rule would name it.
            let peer = match &step.hop {
                Hop::SgIngress { .. } => match an.classes().get(cid).sgs.first() {
                    Some(g) => m[*g].decl.name.clone(),
                    None => m[e.vpc.node].cidr.node.to_string(),
                },
                _ => match e.security_groups.ids().next() {
                    Some(g) => m[g].decl.name.clone(),
                    None => m[e.vpc.node].cidr.node.to_string(),
                },
            };
            d.with_help(blocker_help(an, step, "tcp 443", &peer));
        }
    }
}
