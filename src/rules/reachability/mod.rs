//! Area X of the catalog: findings computed by the reachability
//! engine over routes, gateways, ACLs and security groups — plus N407 and
//! I505, which need the same machinery.

use crate::analysis::Analysis;
use crate::analysis::classes::Class;
use crate::analysis::path::{By, Leg, Step};
use crate::model::*;
use crate::span::Span;

pub mod i505_no_admin_path;
pub mod i511_unused_public_ip;
pub mod n407_acl_blocks_sg;
pub mod x901_exposed_service;
pub mod x902_listener_unreachable;
pub mod x903_targets_unreachable;
pub mod x904_bastion_cannot_reach;
pub mod x905_no_egress;
pub mod x906_efs_unreachable;
pub mod x907_ssm_unreachable;
pub mod x908_endpoint_unreachable;

/// The declaration that blocks at a step, with what it does, for a
/// secondary label.
pub(crate) fn blocker_label(an: &Analysis<'_>, step: &Step) -> Option<(Span, String)> {
    step.decisions.iter().filter(|d| !d.allow).find_map(|d| {
        an.by_span(step, &d.by)
            .map(|s| (s, an.decision_text(step, d)))
    })
}

/// What Session Manager's agent must reach (X907; X908 leaves these
/// endpoints to it for Session Manager hosts).
pub(crate) const SESSION_MANAGER: [&str; 2] = ["ssm", "ssmmessages"];

/// The host a class member was launched by (none for a load balancer).
pub(crate) fn member_host(
    m: &Model,
    member: crate::analysis::classes::Member,
) -> Option<crate::rules::kit::hosts::Host> {
    use crate::analysis::classes::Member;
    use crate::rules::kit::hosts::Host;
    match member {
        Member::Instance(i) => Some(Host::Instance(i)),
        Member::Asg(a) => Some(Host::Template(m[a].launch_template.node)),
        Member::LbNode(_) | Member::MountTarget(_) => None,
    }
}

/// One address of the internet, as a place: when `surely_reachable` lets
/// its packets through and back, the internet's question holds them in
/// one leg (the internet gateway's, or the route's that takes them), and
/// that leg is not `Blocked` (X902, X905).
pub(crate) fn internet_witness(an: &Analysis<'_>) -> Option<crate::analysis::path::Place> {
    use crate::analysis::path::{AddrSet, Place};
    use crate::analysis::set::{Interval, V4};
    let iv = an.internet().ivs.first()?;
    let one = AddrSet::new(V4, vec![Interval::point(iv.lo)]);
    Some(Place::Outside(std::sync::Arc::new(one)))
}

/// The first blocker of the first leg that has one.
pub(crate) fn first_blocker(legs: &[Leg]) -> Option<&Step> {
    legs.iter().find_map(|l| l.first_blocker())
}

/// A fix for a blocker, in the file's terms.
pub(crate) fn blocker_help(an: &Analysis<'_>, step: &Step, traffic: &str, peer: &str) -> String {
    use crate::analysis::path::Hop;
    let m = an.model;
    match &step.hop {
        Hop::Acl { acl: Some(a), dir, .. } => {
            let word = dir.word();
            if step.reply {
                format!(
                    "allow the replies in network ACL {}: an {word} rule for the client's ephemeral ports (network ACLs are stateless)",
                    m[*a].decl.name
                )
            } else {
                format!(
                    "allow {traffic} {} {peer} with an {word} rule of network ACL {} numbered before any rule that denies it",
                    if *dir == Direction::In { "from" } else { "to" },
                    m[*a].decl.name
                )
            }
        }
        Hop::SgIngress { class } => match an.class(class).sgs.first() {
            Some(g) => format!(
                "add `ingress {traffic} from {peer}` to security group {}",
                m[*g].decl.name
            ),
            None => "attach a security group that admits it".into(),
        },
        Hop::SgEgress { class } => match an.class(class).sgs.first() {
            Some(g) => format!(
                "add `egress {traffic} to {peer}` to security group {} (or remove its egress lines to allow all outbound)",
                m[*g].decl.name
            ),
            None => "attach a security group that allows it out".into(),
        },
        Hop::Route { table, .. } | Hop::NatRoute { table, .. } => match table {
            Some(t) => format!("add the missing route to route table {}", m[*t].decl.name),
            None => "associate the subnet with a route table that has the route".into(),
        },
        Hop::ReturnRoute { .. } => {
            "place it in a public subnet (a route table with 0.0.0.0/0 -> an internet gateway)".into()
        }
        Hop::PublicAddress { .. } => "give it a public IP (`public-ip on`) or an Elastic IP".into(),
        Hop::InternetGateway { vpc } => format!(
            "attach an internet gateway to vpc {}",
            m[*vpc].decl.name
        ),
        Hop::Vpc => "keep both ends in one VPC, or join the two with a vpc-peering or a transit-gateway (a load balancer reaches targets of its own VPC only)".into(),
        Hop::RouteBack { table, .. } => match table {
            Some(t) => format!("add a route to the client's block over the same peering or transit gateway to route table {}", m[*t].decl.name),
            None => "associate the subnet with a route table that routes the client's block back over the peering or transit gateway".into(),
        },
        Hop::Listener { lb } => format!("add a listener for {traffic} to load balancer {}", m[*lb].decl.name),
        Hop::NatGateway { nat } => format!(
            "give nat gateway {} an eip and public connectivity, in a public subnet",
            m[*nat].decl.name
        ),
        _ => format!("`netlint reach` explains the path hop by hop ({})", an.hop_text(&step.hop)),
    }
}

/// The declarations at a step that let part of `set` through, for labels
/// (facts about the network and the default ACL name no line to fix).
pub(crate) fn allow_spans(
    an: &Analysis<'_>,
    step: &Step,
    set: &crate::analysis::set::FlowSet,
) -> Vec<(Span, String)> {
    step.decisions
        .iter()
        .filter(|d| d.allow && d.set.intersects(set))
        .filter(|d| !matches!(d.by, By::Fact(_) | By::DefaultAcl { .. }))
        .filter_map(|d| an.by_span(step, &d.by).map(|s| (s, an.by_text(&d.by))))
        .collect()
}

/// An ingress rule of `c`'s groups that admits SSH from bastion class `b`:
/// a reference to one of its groups, or a CIDR overlapping its subnet. The
/// sign that SSH from the bastion is intended.
pub(crate) fn ssh_intent(m: &Model, b: &Class, c: &Class) -> Option<(SgId, usize)> {
    for &g in &c.sgs {
        for (i, r) in m[g].ingress.iter().enumerate() {
            if r.action.node != Action::Allow {
                continue;
            }
            let proto_ok = match r.protocol.node {
                Protocol::All => true,
                Protocol::Tcp => r.port_range().contains(22),
                _ => false,
            };
            if !proto_ok {
                continue;
            }
            let peer_ok = match r.peer.node {
                Peer::Group(h) => b.sgs.contains(&h),
                Peer::SelfGroup => b.sgs.contains(&g),
                Peer::Cidr(net) => {
                    let (f, iv) = crate::analysis::set::cidr(&net);
                    f == crate::analysis::set::V4 && iv.intersect(b.addrs).is_some()
                }
                Peer::PrefixList(PrefixListRef::Declared(p)) => m[p].entries.ids().any(|net| {
                    let (f, iv) = crate::analysis::set::cidr(&net);
                    f == crate::analysis::set::V4 && iv.intersect(b.addrs).is_some()
                }),
                // Public addresses: never a bastion's private one.
                Peer::PrefixList(_) => false,
            };
            if peer_ok {
                return Some((g, i));
            }
        }
    }
    None
}
