//! X902 listener-unreachable.
//!
//! Each listener of an internet-facing load balancer is asked from the
//! internet at each node (over IPv6 too when dual-stack); a node is
//! reported when every leg is blocked. Over IPv4 one internet address
//! that `surely_reachable` lets through and back settles a node first.

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
    // Asked first, without a trace: a node the witness reaches is not
    // reported.
    let witness = super::internet_witness(an);
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
        for (l, &(internet, over)) in lb
            .listeners
            .iter()
            .flat_map(|l| families.iter().map(move |f| (l, f)))
        {
            let proto = match l.protocol.node {
                LbProtocol::Udp => UDP,
                _ => TCP,
            };
            let traffic = Traffic {
                parts: vec![(Interval::point(proto), Interval::point(l.port.node.into()))],
            };
            let mut blocked = Vec::new();
            for &n in nodes {
                // Over IPv6, only nodes with an IPv6 address (a dual-stack
                // subnet; L709 reports the others).
                if !over.is_empty() && classes.get(n).addrs6.is_none() {
                    continue;
                }
                let to = Place::Class(n);
                if over.is_empty()
                    && witness
                        .as_ref()
                        .is_some_and(|w| an.surely_reachable(w, &to, &traffic))
                {
                    continue;
                }
                let quick = an.verdicts(internet, &to, &traffic);
                if quick.iter().all(|v| *v == Verdict::Blocked) {
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
