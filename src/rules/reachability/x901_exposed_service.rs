//! X901 exposed-service.

use super::allow_spans;
use crate::analysis::classes::{Class, ClassKind, Member, is_bastion, member_name};
use crate::analysis::path::{Hop, Mode, Place, Traffic, Verdict};
use crate::analysis::set::*;
use crate::catalog::Code;
use crate::model::{Action, Model, Peer, Protocol};
use crate::rules::kit::security::SENSITIVE;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::X901,
    check,
};

/// Whether some source block of /8 or wider (IPv4), /32 or wider (IPv6:
/// a whole provider's allocation) lies inside these addresses.
fn has_open_block(fam: u128, ivs: &[Interval]) -> bool {
    let block: u128 = if fam == V6 { 1 << 96 } else { 1 << 24 };
    ivs.iter().any(|iv| {
        let start = iv.lo.div_ceil(block) * block;
        start.checked_add(block - 1).is_some_and(|end| end <= iv.hi)
    })
}

/// Whether the class's groups could admit a sensitive port from an open
/// block of family `fam` at all: the sources of their allowing ingress
/// rules for one of `ports` (tcp or all protocols), merged, hold one. The
/// security-group hop is on every path from outside to a host, so what a
/// trace answers is within these sources, and a class without such a
/// block is settled without a trace (most hosts: their groups admit
/// offices and other groups). Conservative where the sources are not at
/// hand: a prefix list, or no group (the VPC's default one).
fn may_admit_open_block(m: &Model, class: &Class, fam: u128, ports: &[u16]) -> bool {
    if class.sgs.is_empty() {
        return true;
    }
    let mut sources: Vec<Interval> = Vec::new();
    for &g in &class.sgs {
        for r in &m[g].ingress {
            let port = match r.protocol.node {
                Protocol::All => true,
                Protocol::Tcp => ports.iter().any(|p| r.port_range().contains(*p)),
                _ => false,
            };
            if r.action.node != Action::Allow || !port {
                continue;
            }
            match r.peer.node {
                Peer::Cidr(net) => {
                    let (f, iv) = cidr(&net);
                    if f == fam {
                        sources.push(iv);
                    }
                }
                // Group members only: never an outside address.
                Peer::Group(_) | Peer::SelfGroup => {}
                Peer::PrefixList(_) => return true,
            }
        }
    }
    sources.sort_by_key(|iv| iv.lo);
    let mut merged: Vec<Interval> = Vec::with_capacity(sources.len());
    for iv in sources {
        match merged.last_mut() {
            Some(last) if iv.lo <= last.hi.saturating_add(1) => last.hi = last.hi.max(iv.hi),
            _ => merged.push(iv),
        }
    }
    has_open_block(fam, &merged)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let ports: Vec<u16> = SENSITIVE.iter().map(|s| s.port).collect();
    let traffic = Traffic::tcp(&ports);
    let outside_v6 = std::sync::Arc::new(an.internet_v6());
    let families = [
        (V4, Place::Outside(an.outside_vpcs().clone())),
        (V6, Place::Outside(outside_v6.clone())),
    ];
    for (cid, class) in classes.list.iter().enumerate() {
        for (fam, internet) in &families {
            let (fam, internet) = (*fam, internet);
            // IPv6 addresses are public: a host with one is exposed as a host
            // with a public IPv4 address is.
            let addressed = if fam == V6 {
                class.addrs6.is_some()
            } else {
                class.public
            };
            if class.kind != ClassKind::Hosts
                || !addressed
                || !may_admit_open_block(m, class, fam, &ports)
            {
                continue;
            }
            let to = Place::Class(cid);
            let quick = an.trace(internet, &to, &traffic, Mode::Verdict);
            let Some(verdict) = quick.first() else {
                continue;
            };
            if verdict.verdict() == Verdict::Blocked {
                continue;
            }
            // Ports open to a /8 or wider block, with the set that gets there.
            let mut open: Vec<(u16, &str, FlowSet)> = Vec::new();
            for s in SENSITIVE {
                let slice = verdict.answered.intersect_box(
                    &FlowBox::family(fam).with(PORT, Interval::point(s.port.into())),
                );
                if has_open_block(fam, &slice.project(SRC)) {
                    open.push((s.port, s.name, slice));
                }
            }
            if open.is_empty() {
                continue;
            }
            // Exposed: now the hops, to point at what admits it.
            let legs = an.trace(internet, &to, &traffic, Mode::Normal);
            let Some(leg) = legs.first() else { continue };
            open.sort_by_key(|o| o.0);
            for member in &class.members {
                let bastion = is_bastion(m, *member);
                let ports: Vec<&(u16, &str, FlowSet)> = open
                    .iter()
                    .filter(|(p, _, _)| !(bastion && *p == 22))
                    .collect();
                if ports.is_empty() {
                    continue;
                }
                let mut exposed = FlowSet::empty();
                for (_, _, s) in &ports {
                    exposed.union_with(s);
                }
                let list: Vec<String> =
                    ports.iter().map(|(p, n, _)| format!("{p} ({n})")).collect();
                let name = member_name(m, *member);
                // The security-group rules that admit it are where to fix it.
                let mut sg_spans = Vec::new();
                let mut other = Vec::new();
                for step in &leg.forward {
                    let spans = allow_spans(an, step, &exposed);
                    match step.hop {
                        Hop::SgIngress { .. } => sg_spans.extend(spans),
                        Hop::Acl { .. } | Hop::ReturnRoute { .. } => other.extend(spans),
                        _ => {}
                    }
                }
                let Some((primary, text)) = sg_spans.first().cloned() else {
                    continue;
                };
                let mut d = cx
                    .report(
                        &RULE,
                        primary,
                        format!(
                            "{name} is reachable from the open internet on tcp {}",
                            join(&list)
                        ),
                    )
                    .with_label(format!("admits it: {text}"));
                for (s, t) in sg_spans.iter().skip(1) {
                    d = d.with_secondary(*s, format!("also admits it: {t}"));
                }
                for (s, t) in other {
                    d = d.with_secondary(s, t);
                }
                let decl = crate::analysis::classes::member_decl(m, *member);
                let kind = match (member, fam == V6) {
                    (Member::Asg(_), false) => "its instances get public IPs",
                    (Member::Asg(_), true) => "its instances get IPv6 addresses",
                    (_, false) => "has a public address",
                    (_, true) => "has an IPv6 address",
                };
                d = d.with_secondary(
                    decl.name_span,
                    format!("{kind} in public subnet {}", m[class.subnet].decl.name),
                );
                let outside = if fam == V6 {
                    &outside_v6
                } else {
                    an.outside_vpcs()
                };
                let sources = if exposed.project(SRC) == outside.ivs {
                    if fam == V6 {
                        "the whole IPv6 internet (::/0)".to_string()
                    } else {
                        "any address outside the VPC (0.0.0.0/0)".to_string()
                    }
                } else {
                    an.field_text(&exposed, SRC)
                };
                d = d
                .with_note(format!(
                    "reachable from {sources} through the internet gateway, the route back, the network ACL both ways and the security groups"
                ))
                .with_help(format!(
                    "admit these ports only from the addresses that need them (an office or VPN CIDR, or a group such as the bastion's), or keep {name} in a private subnet behind a bastion or Session Manager"
                ));
            }
        }
    }
}

fn join(v: &[String]) -> String {
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_blocks() {
        let slash8 = Interval::new(11 << 24, (12 << 24) - 1);
        assert!(has_open_block(V4, &[slash8]));
        let slash9 = Interval::new(11 << 24, (11 << 24) + (1 << 23) - 1);
        assert!(!has_open_block(V4, &[slash9]));
        // Straddling two /8s without containing either.
        let straddle = Interval::new((11 << 24) + 1, (13 << 24) - 2);
        assert!(!has_open_block(V4, &[straddle]));
        let wide = Interval::new((11 << 24) + 1, (13 << 24) + 5);
        assert!(has_open_block(V4, &[wide]));
        let slash32 = Interval::new(0x2001_0db8u128 << 96, ((0x2001_0db9u128) << 96) - 1);
        assert!(has_open_block(V6, &[slash32]));
        assert!(!has_open_block(
            V6,
            &[Interval::new(slash32.lo, slash32.hi - 1)]
        ));
    }
}
