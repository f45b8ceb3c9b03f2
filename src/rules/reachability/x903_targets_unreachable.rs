//! X903 targets-unreachable.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::classes::{ClassId, Member};
use crate::analysis::path::{Leg, Mode, Place, Traffic};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::network_acls::n401_nacl_missing_return::forwarded_groups;
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::X903,
    check,
};

struct Blocked {
    node_subnet: SubnetId,
    target_subnet: SubnetId,
    leg: Option<Leg>,
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    for (lid, lb) in ids(&m.load_balancers) {
        let nodes = &classes.of_lb[lid.index()];
        for (tg, port) in forwarded_groups(m, lid) {
            let traffic = Traffic::tcp(&[port]);
            let mut targets: Vec<(Member, Span)> = m[tg]
                .targets
                .iter()
                .map(|i| (Member::Instance(i.node), i.span))
                .collect();
            for a in &cx.topo.tg_asgs[tg.index()] {
                if let Some(item) = m[*a].target_groups.iter().find(|t| t.node == tg) {
                    targets.push((Member::Asg(*a), item.span));
                }
            }
            for (member, span) in targets {
                let mut blocked: Vec<Blocked> = Vec::new();
                for &c in classes.of_member(member) {
                    let target = classes.get(c);
                    let zone = &m[target.subnet].zone.node;
                    let usable: Vec<ClassId> = nodes
                        .iter()
                        .copied()
                        .filter(|n| {
                            lb.lb_type.node == LbType::Application
                                || m[classes.get(*n).subnet].zone.node.same_as(zone)
                        })
                        .collect();
                    if usable.is_empty() && !nodes.is_empty() {
                        blocked.push(Blocked {
                            node_subnet: classes.get(nodes[0]).subnet,
                            target_subnet: target.subnet,
                            leg: None,
                        });
                        continue;
                    }
                    for n in usable {
                        let legs =
                            an.trace(&Place::Class(n), &Place::Class(c), &traffic, Mode::Normal);
                        for leg in legs {
                            if !leg.requested.is_subset(&leg.delivered) {
                                blocked.push(Blocked {
                                    node_subnet: classes.get(n).subnet,
                                    target_subnet: target.subnet,
                                    leg: Some(leg),
                                });
                            }
                        }
                    }
                }
                if blocked.is_empty() {
                    continue;
                }
                let name = crate::analysis::classes::member_name(m, member);
                let mut d = cx.report(
                    &RULE,
                    span,
                    format!(
                        "{} cannot reach {name} on tcp {port} (target group {}), so its health checks fail",
                        lb.decl.name, m[tg].decl.name
                    ),
                )
                .with_label(format!("{} sends health checks here", lb.decl.name));
                let first = &blocked[0];
                match &first.leg {
                    None => {
                        d = d
                            .with_secondary(
                                lb.subnets.span.unwrap_or(lb.decl.name_span),
                                format!(
                                    "no subnet in zone {} (a network load balancer keeps traffic in its zones)",
                                    m[first.target_subnet].zone.node
                                ),
                            )
                            .with_help(format!(
                                "add a subnet of zone {} to {}'s subnets, or move the targets into its zones",
                                m[first.target_subnet].zone.node, lb.decl.name
                            ));
                    }
                    Some(leg) => {
                        if let Some(step) = first_blocker(std::slice::from_ref(leg)) {
                            if let Some((s, t)) = blocker_label(an, step) {
                                d = d.with_secondary(s, t);
                            }
                            let peer = lb
                                .security_groups
                                .iter()
                                .next()
                                .map(|g| m[g.node].decl.name.clone())
                                .unwrap_or_else(|| m[first.node_subnet].cidr.node.to_string());
                            d = d
                                .with_note(format!(
                                    "from {}'s node in {} to {} in {}: {}",
                                    lb.decl.name,
                                    m[first.node_subnet].decl.name,
                                    name,
                                    m[first.target_subnet].decl.name,
                                    an.blocker_sentence(step)
                                ))
                                .with_help(blocker_help(an, step, &format!("tcp {port}"), &peer));
                        }
                    }
                }
            }
        }
    }
}
