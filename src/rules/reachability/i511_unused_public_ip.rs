//! I511 unused-public-ip.
//!
//! A host class with a public IPv4 address in a public subnet is traced
//! from the whole internet with every protocol and port at once (one
//! verdict-mode question per class). When every path is blocked, the
//! address serves nothing inbound: it is billed, and it exposes the host
//! the day a rule opens. Outbound traffic does not need it where a NAT
//! gateway exists; the help says so. A public address in a private subnet
//! is R203's finding, not this one's.

use crate::analysis::classes::{ClassKind, Member, member_decl, member_name};
use crate::analysis::path::{Place, Traffic, Verdict};
use crate::analysis::set::Interval;
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::I511,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    let everything = Traffic {
        parts: vec![(Interval::new(0, 255), Interval::new(0, 65535))],
    };
    let internet = Place::Outside(an.internet().clone());
    // An Auto Scaling group spans classes: one finding per member.
    let mut reported: Vec<Member> = Vec::new();
    for (cid, class) in classes.list.iter().enumerate() {
        if class.kind != ClassKind::Hosts || !class.public || !cx.topo.is_public(class.subnet) {
            continue;
        }
        let quick = an.verdicts(&internet, &Place::Class(cid), &everything);
        if quick.iter().any(|v| *v != Verdict::Blocked) {
            continue;
        }
        for member in &class.members {
            if reported.contains(member) {
                continue;
            }
            reported.push(*member);
            let source = address_source(cx, *member);
            let name = member_name(m, *member);
            let decl = member_decl(m, *member);
            let message = match member {
                Member::Asg(_) => format!(
                    "the instances of {name} get public IPv4 addresses, but nothing on the internet can reach them on any port"
                ),
                _ => format!(
                    "{name} gets a public IPv4 address, but nothing on the internet can reach it on any port"
                ),
            };
            let (span, label) = source.own.unwrap_or((decl.name_span, source.label));
            let mut d = cx
                .report(
                    &RULE,
                    span,
                    message,
                )
                .with_label(label)
                .with_note("a public IPv4 address is billed by the hour, and exposes the host as soon as a rule admits the internet")
                .with_help(
                    "drop the public address (`public-ip off`) and reach the internet through a NAT gateway, or admit the traffic it is meant to serve",
                );
            if let Some((s, t)) = source.subnet {
                d = d.with_secondary(s, t);
            }
            if decl.name_span != span {
                d.with_secondary(
                    decl.name_span,
                    format!("{name} in {}", m[class.subnet].decl.name),
                );
            }
        }
    }
}

/// Where a host's public address comes from.
struct Source {
    /// The host's own `public-ip on` or its Elastic IP's association.
    own: Option<(Span, String)>,
    /// The label on the host's name otherwise.
    label: String,
    /// The subnet's `public-ip on`, when that is where it comes from.
    subnet: Option<(Span, String)>,
}

/// Where the address comes from: the host's own `public-ip on`, an
/// Elastic IP, or the subnet's `public-ip on`.
fn address_source(cx: &Context<'_>, member: Member) -> Source {
    let m = cx.model;
    let from_subnet = |s: SubnetId| {
        let sub = &m[s];
        Source {
            own: None,
            label: format!("gets a public IP from subnet {}", sub.decl.name),
            subnet: sub.public_ip.map(|p| {
                (
                    p.span,
                    format!("subnet {} gives its hosts public IPs", sub.decl.name),
                )
            }),
        }
    };
    let own = |span: Span, label: String| Source {
        own: Some((span, label)),
        label: String::new(),
        subnet: None,
    };
    match member {
        Member::Instance(i) => {
            let inst = &m[i];
            if let Some(e) = cx.topo.instance_eip[i] {
                return own(
                    m[e].instance.map_or(inst.decl.name_span, |x| x.span),
                    format!("Elastic IP {} is associated with it", m[e].decl.name),
                );
            }
            match inst.public_ip {
                Some(p) => own(p.span, "a public IP is asked for here".into()),
                None => from_subnet(inst.subnet.node),
            }
        }
        Member::Asg(a) => {
            let lt = &m[m[a].launch_template.node];
            match (lt.public_ip, m[a].subnets.items.first()) {
                (Some(p), _) => own(
                    p.span,
                    format!("launch template {} asks for public IPs", lt.decl.name),
                ),
                (None, Some(s)) => from_subnet(s.node),
                (None, None) => own(m[a].decl.name_span, "has a public address".into()),
            }
        }
        Member::LbNode(l) => own(m[l].decl.name_span, String::new()),
        Member::MountTarget(f) => own(m[f].decl.name_span, String::new()),
    }
}
