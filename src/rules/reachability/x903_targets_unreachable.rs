//! X903 targets-unreachable.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::path::lb::forwarded_groups;
use crate::analysis::path::{Leg, Mode, Place, Traffic, Verdict};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

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
        let nodes = &classes.of_lb[lid];
        for (tg, port) in forwarded_groups(m, lid) {
            let traffic = Traffic::tcp(&[port]);
            for (member, span) in an.target_members(tg) {
                let mut blocked: Vec<Blocked> = Vec::new();
                for &c in classes.of_member(member) {
                    let target = classes.get(c);
                    let usable = an.sending_nodes(lid, c);
                    if usable.is_empty() && !nodes.is_empty() {
                        blocked.push(Blocked {
                            node_subnet: classes.get(nodes[0]).subnet,
                            target_subnet: target.subnet,
                            leg: None,
                        });
                        continue;
                    }
                    for n in usable {
                        let (from, to) = (Place::Class(n), Place::Class(c));
                        let quick = an.verdicts(&from, &to, &traffic);
                        if quick.iter().all(|v| *v == Verdict::Reachable) {
                            continue;
                        }
                        let legs = an.trace(&from, &to, &traffic, Mode::Normal);
                        for leg in legs {
                            if leg.verdict() != Verdict::Reachable {
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

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{CERT, fired};

    /// A target group only a listener rule forwards to is checked like
    /// one a listener's default action names.
    #[test]
    fn a_listener_rules_group_is_checked() {
        let net = |api_port: u16| {
            format!(
                "security-group api-sg {{ vpc main; description \"api\"; ingress tcp {api_port} from alb-sg }}\n\
                 instance api {{ subnet private-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups api-sg }}\n\
                 instance site {{ subnet private-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups app-sg }}\n\
                 target-group site-tg {{ vpc main; protocol http; port 8080; health-check http /h; targets site }}\n\
                 target-group api-tg {{ vpc main; protocol http; port 9000; health-check http /h; targets api }}\n\
                 load-balancer web {{ type application; subnets public-a, public-c; security-groups alb-sg\n\
                   listener https 443 -> site-tg certificate {CERT}\n\
                   rule 443 10 path /api/* -> api-tg }}\n"
            )
        };
        let d = fired(&net(9001), "X903");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("api"), "{}", d[0].message);
        assert!(fired(&net(9000), "X903").is_empty());
    }
}
