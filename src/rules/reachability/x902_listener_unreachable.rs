//! X902 listener-unreachable.

use super::{blocker_help, blocker_label, first_blocker};
use crate::analysis::path::{Mode, Place, Traffic, Verdict};
use crate::analysis::set::*;
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::X902,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let internet4 = Place::Outside(an.internet().clone());
    let internet6 = Place::Outside(std::sync::Arc::new(an.internet_v6()));
    for (lid, lb) in ids(&m.load_balancers) {
        if lb.scheme() != Scheme::InternetFacing {
            continue;
        }
        let nodes = &classes.of_lb[lid];
        // A dual-stack listener must answer over IPv6 too.
        let mut families = vec![(&internet4, "")];
        if lb.ip_address_type() == IpAddressType::Dualstack {
            families.push((&internet6, " over IPv6"));
        }
        let traffic_of = |l: &Listener| {
            let proto = match l.protocol.node {
                LbProtocol::Udp => UDP,
                _ => TCP,
            };
            (
                proto,
                Traffic {
                    parts: vec![(Interval::point(proto), Interval::point(l.port.node.into()))],
                },
            )
        };
        let traffics: Vec<Traffic> = lb.listeners.iter().map(|l| traffic_of(l).1).collect();
        // Per family and node, the verdicts of every listener from one
        // trace of them all.
        let quick: Vec<Vec<Vec<Vec<Verdict>>>> = families
            .iter()
            .map(|&(internet, over)| {
                nodes
                    .iter()
                    .map(|&n| {
                        // Over IPv6, only nodes with an IPv6 address (a
                        // dual-stack subnet; L709 reports the others).
                        if !over.is_empty() && classes.get(n).addrs6.is_none() {
                            return Vec::new();
                        }
                        an.verdicts_each(internet, &Place::Class(n), &traffics)
                    })
                    .collect()
            })
            .collect();
        for (li, (l, (fi, &(internet, over)))) in lb
            .listeners
            .iter()
            .enumerate()
            .flat_map(|(li, l)| families.iter().enumerate().map(move |f| (li, (l, f))))
        {
            let (proto, traffic) = traffic_of(l);
            let mut blocked = Vec::new();
            for (ni, &n) in nodes.iter().enumerate() {
                if !over.is_empty() && classes.get(n).addrs6.is_none() {
                    continue;
                }
                let to = Place::Class(n);
                if quick[fi][ni][li].iter().all(|v| *v == Verdict::Blocked) {
                    blocked.push((n, an.trace(internet, &to, &traffic, Mode::Normal)));
                }
            }
            if blocked.is_empty() {
                continue;
            }
            let what = format!(
                "{} {}",
                if proto == UDP { "udp" } else { "tcp" },
                l.port.node
            );
            let whole = blocked.len() == nodes.len();
            let through = if whole {
                String::new()
            } else {
                let names: Vec<&str> = blocked
                    .iter()
                    .map(|(n, _)| m[classes.get(*n).subnet].decl.name.as_str())
                    .collect();
                format!(
                    " through its node{} in {}",
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", ")
                )
            };
            let mut d = cx
                .report(
                    &RULE,
                    l.span,
                    format!(
                        "listener {} {} of {} cannot be reached from the internet{over}{through}",
                        l.protocol.node, l.port.node, lb.decl.name
                    ),
                )
                .with_label("unreachable from the internet");
            if let Some(step) = first_blocker(&blocked[0].1) {
                if let Some((span, text)) = blocker_label(an, step) {
                    d = d.with_secondary(span, text);
                }
                d = d
                    .with_note(an.blocker_sentence(step))
                    .with_help(blocker_help(
                        an,
                        step,
                        &what,
                        if over.is_empty() { "0.0.0.0/0" } else { "::/0" },
                    ));
            }
        }
    }
}
