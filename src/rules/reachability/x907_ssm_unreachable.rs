//! X907 ssm-unreachable.
//!
//! Session Manager needs the agent to reach two services on tcp 443, `ssm`
//! and `ssmmessages` (current agents no longer need `ec2messages`). From a
//! VPC with an interface endpoint for a service and private DNS, the
//! service's name resolves to the endpoint's interfaces, so only they
//! count (a NAT gateway does not help); elsewhere the service's public
//! addresses, through NAT or an internet gateway. One question per class
//! of interfaces and service, in `Verdict` mode; a blocked one is traced in
//! full to name its blocker. One finding per host.

use super::{SESSION_MANAGER, blocker_help, blocker_label, first_blocker, member_host};
use crate::analysis::classes::ClassKind;
use crate::analysis::path::{Hop, Mode, Place, Traffic, Verdict};
use crate::analysis::services::ServiceWay;
use crate::catalog::Code;
use crate::rules::kit::hosts::Host;
use crate::rules::kit::text::join_and;
use crate::rules::{Context, Rule};
use std::collections::HashSet;

pub static RULE: Rule = Rule {
    code: Code::X907,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let https = Traffic::tcp(&[443]);
    let mut reported: HashSet<Host> = HashSet::new();
    for (cid, class) in an.classes().list.iter().enumerate() {
        if class.kind != ClassKind::Hosts {
            continue;
        }
        let hosts: Vec<Host> = class
            .members
            .iter()
            .filter_map(|x| member_host(m, *x))
            .filter(|h| h.access(m).ssm() && !reported.contains(h))
            .collect();
        if hosts.is_empty() {
            continue;
        }
        let from = Place::Class(cid);
        // (service, the way its names lead, its places)
        let mut blocked = Vec::new();
        for key in SESSION_MANAGER {
            let way = an.service_way(class.vpc, key);
            let places: Vec<Place> = match &way {
                ServiceWay::Interface(_, eni) => eni.iter().cloned().map(Place::Adhoc).collect(),
                ServiceWay::Public(addrs) => vec![Place::Outside(addrs.clone())],
            };
            let reachable = places.iter().any(|to| {
                an.verdicts(&from, to, &https)
                    .iter()
                    .any(|v| *v != Verdict::Blocked)
            });
            if !reachable {
                blocked.push((key, way, places));
            }
        }
        let Some((_, way, places)) = blocked.first() else {
            continue;
        };
        let legs = an.trace(&from, &places[0], &https, Mode::Normal);
        let step = first_blocker(&legs);
        let names: Vec<String> = blocked.iter().map(|(k, ..)| k.to_string()).collect();
        let how = match way {
            ServiceWay::Interface(e, _) => format!(
                "its names resolve to interface endpoint {} (private DNS), so only the endpoint counts",
                m[*e].decl.name
            ),
            ServiceWay::Public(_) => "there is no interface endpoint for it in the VPC, so the path is NAT or the internet".to_string(),
        };
        for h in hosts {
            reported.insert(h);
            let span = h.access_span(m).unwrap_or(h.decl(m).name_span);
            let mut d = cx
                .report(
                    &RULE,
                    span,
                    format!(
                        "{} is administered through Session Manager but cannot reach {} on tcp 443",
                        h.describe(m),
                        join_and(&names)
                    ),
                )
                .with_label(format!("access {}", h.access(m).as_str()))
                .with_note(format!("for {}: {how}", blocked[0].0));
            if let Some(step) = step {
                if let Some((s, t)) = blocker_label(an, step) {
                    d = d.with_secondary(s, t);
                }
                d = d.with_note(an.blocker_sentence(step));
                let own = class.sgs.first().map(|g| m[*g].decl.name.clone());
                let peer = match way {
                    ServiceWay::Interface(..) if matches!(step.hop, Hop::SgIngress { .. }) => {
                        own.unwrap_or_else(|| m[class.subnet].cidr.node.to_string())
                    }
                    ServiceWay::Interface(e, _) => m[*e]
                        .security_groups
                        .ids()
                        .next()
                        .map_or_else(|| "the endpoint".to_string(), |g| m[g].decl.name.clone()),
                    ServiceWay::Public(_) => "0.0.0.0/0".to_string(),
                };
                d = d.with_help(blocker_help(an, step, "tcp 443", &peer));
            } else {
                d.with_help(
                    "add interface endpoints for ssm and ssmmessages (private DNS on) whose groups admit tcp 443 from the host, or a route to a NAT gateway",
                );
            }
        }
    }
}
