//! A sufficient test for "reachable", decided box by box without a
//! trace: what the X rules ask first of the many questions whose answer
//! on a clean network is "every packet gets there and back".
//!
//! The requested set of a leg is the union of one box per part of the
//! traffic (the same addresses, the part's protocols and ports). Every hop
//! filters packet by packet, so when each hop lets each such box through
//! *whole*, and each box's replies come back whole through every ACL they
//! cross, the leg delivers and answers everything it was asked:
//! `requested ⊆ delivered` and `answered = requested ≠ ∅`, which is
//! [`verdict_of`]'s `Reachable`. A hop lets a box through whole here only
//! for a reason that needs no set arithmetic:
//! - a network ACL: the first rule by number that meets the box allows
//!   and contains it (no earlier rule takes a packet of it, and it takes
//!   them all); no ACL (the default one) lets everything through;
//! - security groups: one rule contains the box, or a group keeps its
//!   default egress (the groups admit the union of their rules);
//! - routes: one piece of the longest-prefix map holds every address of
//!   the box's field, and its route is the one the hop wants;
//! - a listener: one listener's protocol and port hold the box's.
//!
//! Anything else answers `false`, which only means "not known here":
//! the caller then asks [`Analysis::verdicts`]. The hops are those of
//! `legs.rs` (`leg_internal`, `leg_inbound` and `finish_inbound`,
//! `legs_outbound`); `tests/reach.rs` holds the two to agree on every
//! example and fixture and a generated network.

use super::route::RouteChoice;
use super::sg::{Peer, peer_of};
use super::*;
use crate::analysis::classes::ClassKind;
use crate::model::Peer as RulePeer;

impl Analysis<'_> {
    /// Whether every leg [`Analysis::verdicts`] gives for this question is
    /// certainly `Reachable` (and there is one). Decided only for a class
    /// to a class of the same VPC, for one IPv4 interval outside the file,
    /// behind no peering or transit gateway, to a class, and for a class
    /// to one such interval that an internet or NAT gateway takes; `false`
    /// otherwise, and whenever a hop's reason is not one of the module's.
    pub fn surely_reachable(&self, from: &Place, to: &Place, traffic: &Traffic) -> bool {
        if traffic.parts.is_empty() {
            return false; // nothing requested: `Blocked`
        }
        let Some(dref) = to.class_ref() else {
            // To the outside: from a class, one interval.
            let (Place::Outside(out), Some(sref)) = (to, from.class_ref()) else {
                return false;
            };
            let [iv] = out.ivs[..] else { return false };
            return out.fam == V4 && self.outbound_whole(self.class(&sref), iv, traffic);
        };
        let d = self.class(&dref);
        match from {
            Place::Outside(out) => {
                let [iv] = out.ivs[..] else { return false };
                out.fam == V4
                    && self
                        .entries(d.vpc)
                        .iter()
                        .all(|e| e.ivs.iter().all(|x| x.intersect(iv).is_none()))
                    && self.inbound_whole(iv, d, traffic)
            }
            _ => {
                let Some(sref) = from.class_ref() else {
                    return false;
                };
                self.internal_whole(self.class(&sref), d, traffic)
            }
        }
    }

    /// `leg_internal` within one VPC.
    fn internal_whole(&self, s: &Class, d: &Class, traffic: &Traffic) -> bool {
        if s.vpc != d.vpc {
            return false;
        }
        let same = s.subnet == d.subnet;
        let m = self.model;
        traffic.parts.iter().all(|&(proto, port)| {
            let bx = FlowBox::family(V4)
                .with(SRC, s.addrs)
                .with(DST, d.addrs)
                .with(PROTO, proto)
                .with(PORT, port);
            let lpm = self.lpm(s.subnet);
            let forward = self.listener_whole(d, &bx)
                && self.sg_whole(s, Direction::Out, peer_of(m, d), &bx)
                && (same
                    || (self.acl_whole(s.subnet, Direction::Out, &bx)
                        && matches!(lpm.whole_choice(V4, d.addrs), Some(RouteChoice::Local(_)))
                        && self.acl_whole(d.subnet, Direction::In, &bx)))
                && self.sg_whole(d, Direction::In, peer_of(m, s), &bx);
            forward
                && (same
                    || Self::replies_whole(&bx, s.ephemeral(), |r| {
                        self.acl_whole(d.subnet, Direction::Out, r)
                            && self.acl_whole(s.subnet, Direction::In, r)
                    }))
        })
    }

    /// `leg_inbound` and `finish_inbound` from outside addresses `src`.
    fn inbound_whole(&self, src: Interval, d: &Class, traffic: &Traffic) -> bool {
        let m = self.model;
        if self.topo.igws_by_vpc[d.vpc].is_empty() {
            return false;
        }
        if !self.public_whole(d) {
            return false;
        }
        let back = self.lpm(d.subnet).whole_choice(V4, src);
        if !matches!(back, Some(RouteChoice::Igw(g)) if m[g].vpc.node == d.vpc) {
            return false;
        }
        traffic.parts.iter().all(|&(proto, port)| {
            let bx = FlowBox::family(V4)
                .with(SRC, src)
                .with(DST, d.addrs)
                .with(PROTO, proto)
                .with(PORT, port);
            self.listener_whole(d, &bx)
                && self.acl_whole(d.subnet, Direction::In, &bx)
                && self.sg_whole(d, Direction::In, Peer::Outside, &bx)
                && Self::replies_whole(&bx, crate::analysis::EPHEMERAL_CLIENT, |r| {
                    self.acl_whole(d.subnet, Direction::Out, r)
                })
        })
    }

    /// `legs_outbound` to outside addresses `dst` that one route takes,
    /// through an internet gateway or a NAT gateway (any other route: not
    /// known here).
    fn outbound_whole(&self, s: &Class, dst: Interval, traffic: &Traffic) -> bool {
        let m = self.model;
        if matches!(s.kind, ClassKind::LbNode(_)) {
            return false;
        }
        let choice = self.lpm(s.subnet).whole_choice(V4, dst);
        let eph = s.ephemeral();
        traffic.parts.iter().all(|&(proto, port)| {
            let bx = FlowBox::family(V4)
                .with(SRC, s.addrs)
                .with(DST, dst)
                .with(PROTO, proto)
                .with(PORT, port);
            if !(self.sg_whole(s, Direction::Out, Peer::Outside, &bx)
                && self.acl_whole(s.subnet, Direction::Out, &bx))
            {
                return false;
            }
            match choice {
                Some(RouteChoice::Igw(g)) => {
                    m[g].vpc.node == s.vpc
                        && self.public_whole(s)
                        && Self::replies_whole(&bx, eph, |r| {
                            self.acl_whole(s.subnet, Direction::In, r)
                        })
                }
                Some(RouteChoice::Nat(n)) => {
                    let ns = m[n].subnet.node;
                    let nvpc = m[ns].vpc.node;
                    // `nat_gate`, the hops in the NAT gateway's subnet
                    // (`nat_route_step`: out through its internet
                    // gateway), and both reply groups.
                    nvpc == s.vpc
                        && m[n].connectivity() != Connectivity::Private
                        && m[n].eip.is_some()
                        && (ns == s.subnet || self.acl_whole(ns, Direction::In, &bx))
                        && matches!(
                            self.lpm(ns).whole_choice(V4, dst),
                            Some(RouteChoice::Igw(g)) if m[g].vpc.node == nvpc
                        )
                        && self.acl_whole(ns, Direction::Out, &bx)
                        && Self::replies_whole(&bx, crate::analysis::EPHEMERAL_PROXY, |r| {
                            self.acl_whole(ns, Direction::In, r)
                        })
                        && (ns == s.subnet
                            || Self::replies_whole(&bx, eph, |r| {
                                self.acl_whole(ns, Direction::Out, r)
                                    && self.acl_whole(s.subnet, Direction::In, r)
                            }))
                }
                _ => false,
            }
        })
    }

    /// `public_address` for IPv4 says yes.
    fn public_whole(&self, d: &Class) -> bool {
        match d.kind {
            ClassKind::LbNode(lb) => self.model[lb].scheme() != Scheme::Internal,
            ClassKind::Hosts | ClassKind::Subnet => d.public,
            ClassKind::Anonymous | ClassKind::Endpoint(_) | ClassKind::MountTarget(_) => false,
        }
    }

    /// The replies of forward box `bx` (any port, as `replies` widens it):
    /// addresses swapped, each protocol's reply ports (`reply_port_parts`);
    /// all must pass `whole`.
    fn replies_whole(bx: &FlowBox, eph: Interval, whole: impl Fn(&FlowBox) -> bool) -> bool {
        reply_port_parts(bx.get(PROTO), eph)
            .into_iter()
            .all(|(p, ports)| {
                let mut r = bx.with(PROTO, p).with(PORT, ports);
                r.0.swap(SRC, DST);
                whole(&r)
            })
    }

    /// The listener hop of a load balancer's node class: one listener
    /// takes all of `bx` (other classes have no listener hop).
    fn listener_whole(&self, d: &Class, bx: &FlowBox) -> bool {
        let ClassKind::LbNode(lb) = d.kind else {
            return true;
        };
        let (proto, port) = (bx.get(PROTO), bx.get(PORT));
        self.model[lb].listeners.iter().any(|l| {
            Interval::point(l.port.node.into()).contains(port)
                && lb::listener_protocols(l.protocol.node)
                    .iter()
                    .any(|p| Interval::point(*p).contains(proto))
        })
    }

    /// A subnet's ACL in one direction lets all of `bx` through: the first
    /// rule by number that meets it allows and contains it.
    fn acl_whole(&self, subnet: SubnetId, dir: Direction, bx: &FlowBox) -> bool {
        let Some(acl) = self.topo.subnet_acl[subnet] else {
            return true;
        };
        self.prepared_acl(acl)
            .rules(dir)
            .iter()
            .find(|r| r.matches.intersect(bx).is_some())
            .is_some_and(|r| r.allow && r.matches.contains(bx))
    }

    /// A class's groups in one direction let all of `bx` through:
    /// `sg_passed`'s cases, with one rule (or a default egress) taking
    /// the whole box.
    fn sg_whole(&self, c: &Class, dir: Direction, peer: Peer<'_>, bx: &FlowBox) -> bool {
        let m = self.model;
        if matches!(c.kind, ClassKind::Anonymous | ClassKind::Subnet) {
            return true; // no group hop
        }
        if c.sgs.is_empty() {
            let network_lb =
                matches!(c.kind, ClassKind::LbNode(lb) if m[lb].lb_type.node == LbType::Network);
            return network_lb || dir == Direction::Out || matches!(peer, Peer::DefaultGroup);
        }
        c.sgs.iter().any(|&g| {
            let sg = &m[g];
            if dir == Direction::Out && sg.default_egress() {
                return true;
            }
            let rules = match dir {
                Direction::In => &sg.ingress,
                Direction::Out => &sg.egress,
            };
            rules.iter().any(|r| match r.peer.node {
                RulePeer::PrefixList(list) => self
                    .prefix_list_boxes(r, list)
                    .iter()
                    .any(|rb| rb.contains(bx)),
                _ => self
                    .sg_rule_box(g, r, peer)
                    .is_some_and(|rb| rb.contains(bx)),
            })
        })
    }
}
