//! Security-group hops: stateful, allow-only; all groups on an interface
//! combined; a rule naming a group matches the members' private addresses,
//! so never the internet.

use super::*;
use crate::analysis::classes::ClassKind;
use crate::model::Peer as RulePeer;

/// The identity of the other side, as security-group rules see it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Peer<'p> {
    Groups(&'p [SgId]),
    /// In the VPC's default group (an interface declared without groups).
    DefaultGroup,
    /// Addresses in the VPC without a group (a network LB without groups,
    /// or a CIDR endpoint).
    NoGroup,
    /// The internet: never matches a group reference.
    Outside,
}

pub(super) fn peer_of<'c>(m: &Model, c: &'c Class) -> Peer<'c> {
    if !c.sgs.is_empty() {
        return Peer::Groups(&c.sgs);
    }
    match c.kind {
        ClassKind::Hosts | ClassKind::Endpoint(_) | ClassKind::MountTarget(_) => Peer::DefaultGroup,
        ClassKind::LbNode(lb) if m[lb].lb_type.node == LbType::Application => Peer::DefaultGroup,
        _ => Peer::NoGroup,
    }
}

fn peer_in(peer: Peer<'_>, g: SgId) -> bool {
    match peer {
        Peer::Groups(gs) => gs.contains(&g),
        _ => false,
    }
}

/// The protocol and ports of a security-group rule, any addresses.
fn rule_ports(fam: u128, r: &SgRule) -> FlowBox {
    let bx =
        FlowBox::family(fam).with(PROTO, crate::analysis::acl::proto_interval(r.protocol.node));
    match r.ports {
        Some(p) => bx.with(PORT, Interval::new(p.node.from.into(), p.node.to.into())),
        None => bx,
    }
}

impl Analysis<'_> {
    pub(super) fn sg_step(&self, b: &mut Builder, c: &ClassRef, dir: Direction, peer: Peer<'_>) {
        let class = self.class(c);
        if matches!(class.kind, ClassKind::Anonymous | ClassKind::Subnet) {
            return;
        }
        if b.mode == Mode::Verdict {
            // Only what passes is wanted: no hop, no note on what blocks.
            if !b.cur.is_empty() {
                b.cur = self.sg_passed(class, dir, peer, std::mem::take(&mut b.cur));
            }
            return;
        }
        let hop = match dir {
            Direction::In => Hop::SgIngress { class: c.clone() },
            Direction::Out => Hop::SgEgress { class: c.clone() },
        };
        b.step(hop, |input| self.sg_decide(class, dir, peer, input));
    }

    /// The packets one security-group rule admits, given who the other side
    /// is. A group reference matches the members' private addresses, so it
    /// matches exactly when the peer is a member.
    pub(super) fn sg_rule_box(&self, owner: SgId, r: &SgRule, peer: Peer<'_>) -> Option<FlowBox> {
        if r.action.node != Action::Allow {
            return None; // S301: groups are allow-only
        }
        let (fam, iv, field) = match r.peer.node {
            RulePeer::Cidr(net) => {
                let (f, iv) = cidr(&net);
                (f, Some(iv), true)
            }
            RulePeer::Group(g) => (V4, None, peer_in(peer, g)),
            RulePeer::SelfGroup => (V4, None, peer_in(peer, owner)),
            // Several blocks: `sg_rule_boxes`.
            RulePeer::PrefixList(_) => return None,
        };
        if !field {
            return None;
        }
        let bx = rule_ports(fam, r);
        Some(match iv {
            Some(iv) => bx.with(
                match r.direction {
                    Direction::In => SRC,
                    Direction::Out => DST,
                },
                iv,
            ),
            None => bx,
        })
    }

    /// The packets a rule naming a prefix list admits: one box per block
    /// of the list (never a group member's address).
    pub(super) fn prefix_list_boxes(&self, r: &SgRule, list: PrefixListRef) -> Vec<FlowBox> {
        if r.action.node != Action::Allow {
            return Vec::new();
        }
        let addrs = self.prefix_list_addrs(list);
        let field = match r.direction {
            Direction::In => SRC,
            Direction::Out => DST,
        };
        let bx = rule_ports(addrs.fam, r);
        addrs.ivs.iter().map(|iv| bx.with(field, *iv)).collect()
    }

    fn sg_decide(
        &self,
        c: &Class,
        dir: Direction,
        peer: Peer<'_>,
        input: &FlowSet,
    ) -> (FlowSet, Vec<Decision>) {
        let m = self.model;
        if c.sgs.is_empty() {
            if let ClassKind::LbNode(lb) = c.kind
                && m[lb].lb_type.node == LbType::Network
            {
                return (
                    input.clone(),
                    vec![Decision {
                        set: input.clone(),
                        allow: true,
                        by: By::NoSgs { lb },
                    }],
                );
            }
            // The VPC's default group: all outbound; inbound only from its
            // own members.
            let allow = dir == Direction::Out || matches!(peer, Peer::DefaultGroup);
            return (
                if allow {
                    input.clone()
                } else {
                    FlowSet::empty()
                },
                vec![Decision {
                    set: input.clone(),
                    allow,
                    by: By::DefaultSg { dir, allow },
                }],
            );
        }
        let mut ds = Vec::new();
        let left = self.sg_split(c, dir, peer, input.clone(), |set, sg, rule| {
            ds.push(Decision {
                set,
                allow: true,
                by: match rule {
                    None => By::SgDefaultEgress { sg },
                    Some(index) => By::SgRule { sg, dir, index },
                },
            })
        });
        let passed = FlowSet::union_disjoint(ds.iter().map(|d| &d.set));
        if !left.is_empty() {
            let note = self.group_ref_note(c, dir, peer, &left);
            ds.push(Decision {
                set: left,
                allow: false,
                by: By::SgNone { dir, note },
            });
        }
        (passed, ds)
    }

    /// What the groups let through, [`Analysis::sg_decide`]'s set without
    /// its decisions (`Verdict` mode): the same parts merged the same way,
    /// and a set no group filters passes as it is, without a copy.
    fn sg_passed(&self, c: &Class, dir: Direction, peer: Peer<'_>, input: FlowSet) -> FlowSet {
        let m = self.model;
        if c.sgs.is_empty() {
            let network_lb =
                matches!(c.kind, ClassKind::LbNode(lb) if m[lb].lb_type.node == LbType::Network);
            let allow = network_lb || dir == Direction::Out || matches!(peer, Peer::DefaultGroup);
            return if allow { input } else { FlowSet::empty() };
        }
        let mut parts = Vec::new();
        self.sg_split(c, dir, peer, input, |set, _, _| parts.push(set));
        // One rule took it all (the common case): as it is, no merge.
        if parts.len() == 1 {
            return parts.pop().unwrap_or_default();
        }
        FlowSet::union_disjoint(&parts)
    }

    /// Hand each rule of `c`'s groups the part of what is left that it
    /// admits (`None` for a group's default egress), in rule order, so the
    /// parts are disjoint and what passes is their union; returns what no
    /// rule admits.
    fn sg_split(
        &self,
        c: &Class,
        dir: Direction,
        peer: Peer<'_>,
        mut left: FlowSet,
        mut admit: impl FnMut(FlowSet, SgId, Option<usize>),
    ) -> FlowSet {
        let m = self.model;
        for &g in &c.sgs {
            let sg = &m[g];
            if dir == Direction::Out && sg.default_egress() {
                if !left.is_empty() {
                    admit(std::mem::take(&mut left), g, None);
                }
                continue;
            }
            let rules = match dir {
                Direction::In => &sg.ingress,
                Direction::Out => &sg.egress,
            };
            for (i, r) in rules.iter().enumerate() {
                if left.is_empty() {
                    break;
                }
                let many: Vec<FlowBox>;
                let one: [FlowBox; 1];
                let boxes: &[FlowBox] = match r.peer.node {
                    RulePeer::PrefixList(list) => {
                        many = self.prefix_list_boxes(r, list);
                        &many
                    }
                    _ => match self.sg_rule_box(g, r, peer) {
                        Some(bx) => {
                            one = [bx];
                            &one
                        }
                        None => continue,
                    },
                };
                for bx in boxes {
                    if !left.intersects_box(bx) {
                        continue;
                    }
                    // A rule that takes all that is left (the common
                    // case) takes it as it is.
                    let hit = if left.within_box(bx) {
                        std::mem::take(&mut left)
                    } else {
                        let hit = left.intersect_box(bx);
                        left = left.subtract_box(bx);
                        hit
                    };
                    admit(hit, g, Some(i));
                }
            }
        }
        left
    }

    /// Why a group reference with fitting ports did not admit the traffic.
    fn group_ref_note(
        &self,
        c: &Class,
        dir: Direction,
        peer: Peer<'_>,
        blocked: &FlowSet,
    ) -> Option<RefNote> {
        let m = self.model;
        for &g in &c.sgs {
            let sg = &m[g];
            let rules = match dir {
                Direction::In => &sg.ingress,
                Direction::Out => &sg.egress,
            };
            for r in rules {
                let group = match r.peer.node {
                    RulePeer::Group(h) => h,
                    RulePeer::SelfGroup => g,
                    RulePeer::Cidr(_) | RulePeer::PrefixList(_) => continue,
                };
                let bx = rule_ports(V4, r);
                if !blocked.intersects_box(&bx)
                    && !blocked.intersects_box(&bx.with(FAM, Interval::point(V6)))
                {
                    continue;
                }
                return Some(match peer {
                    Peer::Outside => RefNote::Outside,
                    Peer::NoGroup => RefNote::NoGroup { group },
                    Peer::DefaultGroup => RefNote::DefaultGroup { group },
                    Peer::Groups(_) => RefNote::NotMember { group },
                });
            }
        }
        None
    }
}
