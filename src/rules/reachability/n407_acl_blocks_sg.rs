//! N407 acl-blocks-sg.

use crate::analysis::explain::describe_traffic;
use crate::analysis::set::*;
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N407,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    for (gid, sg) in ids(&m.security_groups) {
        let members = &classes.sg_members[gid];
        if members.is_empty() {
            continue;
        }
        for r in sg.ingress.iter().chain(&sg.egress) {
            if r.action.node != Action::Allow {
                continue;
            }
            // Peer addresses and whether a peer shares a member's subnet.
            let peer_classes: Option<Vec<usize>> = match r.peer.node {
                // A prefix list's addresses are not CIDRs the ACL names
                // here: left to reach.
                Peer::PrefixList(_) => continue,
                Peer::Cidr(_) => None,
                Peer::Group(h) => Some(classes.sg_members[h].clone()),
                Peer::SelfGroup => Some(members.clone()),
            };
            if peer_classes.as_ref().is_some_and(|p| p.is_empty()) {
                continue; // a group nobody carries: nothing to deny
            }
            let mut dead = true;
            let mut denials: Vec<(AclId, FlowSet, crate::analysis::acl::AclEval)> = Vec::new();
            for &c in members {
                let class = classes.get(c);
                let Some(acl) = cx.topo.subnet_acl[class.subnet] else {
                    dead = false;
                    break;
                };
                let (fam, peer_ivs): (u128, Vec<Interval>) = match (&peer_classes, r.peer.node) {
                    (None, Peer::Cidr(net)) => {
                        let (f, iv) = cidr(&net);
                        (f, vec![iv])
                    }
                    (Some(pcs), _) => {
                        if pcs.iter().any(|p| classes.get(*p).subnet == class.subnet) {
                            dead = false;
                            break;
                        }
                        (V4, pcs.iter().map(|p| classes.get(*p).addrs).collect())
                    }
                    _ => continue,
                };
                let own = if fam == V4 {
                    class.addrs
                } else {
                    addr_space(fam)
                };
                let mut set = FlowSet::empty();
                for piv in &peer_ivs {
                    let (src, dst) = match r.direction {
                        Direction::In => (*piv, own),
                        Direction::Out => (own, *piv),
                    };
                    let mut b = FlowBox::family(fam)
                        .with(SRC, src)
                        .with(DST, dst)
                        .with(PROTO, crate::analysis::acl::proto_interval(r.protocol.node));
                    if let Some(p) = r.ports {
                        b = b.with(PORT, Interval::new(p.node.from.into(), p.node.to.into()));
                    }
                    set.add_box(b);
                }
                // Inside the member's own subnet no ACL applies.
                let peer_field = match r.direction {
                    Direction::In => SRC,
                    Direction::Out => DST,
                };
                if fam == V4 {
                    set = set.subtract_box(&FlowBox::family(V4).with(peer_field, class.addrs));
                }
                if set.is_empty() {
                    dead = false;
                    break;
                }
                let ev = an.prepared_acl(acl).evaluate(r.direction, &set);
                if ev.hits.iter().any(|h| h.allow) {
                    dead = false;
                    break;
                }
                if !denials.iter().any(|(a, _, _)| *a == acl) {
                    denials.push((acl, set, ev));
                }
            }
            if !dead || denials.is_empty() {
                continue;
            }
            let dir_word = r.direction.word();
            let acl_names: Vec<&str> = denials
                .iter()
                .map(|(a, _, _)| m[*a].decl.name.as_str())
                .collect();
            let mut d = cx
                .report(
                    &RULE,
                    r.span,
                    format!(
                        "`{}` in {} is dead: network ACL {} denies all of it {dir_word}",
                        r.text(m, gid),
                        sg.decl.name,
                        acl_names.join(" and ")
                    ),
                )
                .with_label("admitted here, denied by the subnet's network ACL");
            let mut first_acl = None;
            for (a, set, ev) in &denials {
                first_acl.get_or_insert(*a);
                let acl = &m[*a];
                for h in ev.hits.iter().filter(|h| !h.allow) {
                    d = d.with_secondary(
                        acl.rules(r.direction)[h.index].span,
                        format!("denies {}", describe_traffic(&h.set)),
                    );
                }
                if !ev.default_denied.is_empty() {
                    d = d.with_secondary(
                        acl.decl.name_span,
                        format!(
                            "no {dir_word} rule allows {}",
                            describe_traffic(&ev.default_denied)
                        ),
                    );
                }
                let _ = set;
            }
            let peer = match r.peer.node {
                Peer::Cidr(n) => n.to_string(),
                _ => {
                    // The peer's subnets, as the ACL sees them.
                    let pcs = peer_classes.unwrap_or_default();
                    let mut nets: Vec<String> = pcs
                        .iter()
                        .map(|p| m[classes.get(*p).subnet].cidr.node.to_string())
                        .collect();
                    nets.sort();
                    nets.dedup();
                    nets.join(", ")
                }
            };
            if let Some(a) = first_acl {
                let word = if r.direction == Direction::In {
                    "from"
                } else {
                    "to"
                };
                let what = match r.ports {
                    Some(p) => format!("{} {}", r.protocol.node, p.node),
                    None => r.protocol.node.to_string(),
                };
                d = d.with_help(format!(
                    "allow {what} {word} {peer} {dir_word} in network ACL {} (and its replies the other way), or remove the dead rule",
                    m[a].decl.name
                ));
            }
        }
    }
}
