//! Which hops a leg has: inside the network, in from the internet, out to
//! the internet (split by route target).

use super::reply::ReplyGroup;
use super::route::RouteChoice;
use super::sg::{Peer, peer_of};
use super::*;
use crate::analysis::classes::ClassKind;

impl Analysis<'_> {
    pub(super) fn leg_internal(
        &self,
        from: &Place,
        to: &Place,
        sref: ClassRef,
        dref: ClassRef,
        traffic: &Traffic,
        mode: Mode,
    ) -> Leg {
        let (s, d) = (self.class(&sref), self.class(&dref));
        let requested = traffic.flows(V4, &[s.addrs], &[d.addrs]);
        let mut b = Builder::new(requested, mode);
        // Across a peering or a transit gateway: its own hops. Load
        // balancers reach targets of their own VPC only.
        if s.vpc != d.vpc
            && self.joined(s.vpc, d.vpc)
            && !matches!(s.kind, ClassKind::LbNode(_))
            && !matches!(d.kind, ClassKind::LbNode(_))
        {
            return self.leg_across(from, to, b, &sref, &dref);
        }
        if let ClassKind::LbNode(lb) = d.kind {
            self.listener_step(&mut b, lb);
        }
        if s.vpc != d.vpc {
            b.fact(
                Hop::Vpc,
                false,
                Fact::OtherVpc {
                    from: s.subnet,
                    from_vpc: s.vpc,
                    to: d.subnet,
                    to_vpc: d.vpc,
                },
            );
        }
        self.sg_step(&mut b, &sref, Direction::Out, peer_of(self.model, d));
        let same = s.subnet == d.subnet;
        if same {
            b.gate(Hop::SameSubnet { subnet: s.subnet }, true, By::SameSubnet);
        } else {
            self.acl_step(&mut b, s.subnet, Direction::Out);
            self.local_route_step(&mut b, s.subnet);
            self.acl_step(&mut b, d.subnet, Direction::In);
        }
        self.sg_step(&mut b, &dref, Direction::In, peer_of(self.model, s));
        let groups = if same {
            Vec::new()
        } else {
            vec![ReplyGroup {
                eph: s.ephemeral(),
                hops: vec![(d.subnet, Direction::Out), (s.subnet, Direction::In)],
            }]
        };
        self.finish(from, to, b, &groups)
    }

    /// A class's IPv6 addresses: its own, else its subnet's /64 (the
    /// class has none: a hop says so), else any IPv6 address.
    fn v6_addrs(&self, c: &crate::analysis::classes::Class) -> Interval {
        c.addrs6
            .or(self.ipv6().subnet[c.subnet])
            .unwrap_or(addr_space(V6))
    }

    /// The hop of a class's public address of the family: whether it has
    /// one, and why.
    fn public_address_gate(&self, b: &mut Builder, c: &ClassRef, fam: u128) {
        let (ok, fact) = self.public_address(c, fam);
        b.fact(Hop::PublicAddress { class: c.clone() }, ok, fact);
    }

    pub(super) fn leg_inbound(
        &self,
        from: &Place,
        to: &Place,
        out: &AddrSet,
        dref: ClassRef,
        traffic: &Traffic,
        mode: Mode,
    ) -> Leg {
        let d = self.class(&dref);
        // IPv6 packets carry IPv6 addresses on the destination side too.
        let dst = if out.fam == V6 {
            self.v6_addrs(d)
        } else {
            d.addrs
        };
        let requested = traffic.flows(out.fam, &out.ivs, &[dst]);
        let mut b = Builder::new(requested, mode);
        if let ClassKind::LbNode(lb) = d.kind {
            self.listener_step(&mut b, lb);
        }
        let igws = &self.topo.igws_by_vpc[d.vpc];
        let eigws = &self.topo.eigws_by_vpc[d.vpc];
        let fact = match (igws.first(), eigws.first()) {
            (Some(g), _) => Fact::IgwEntry {
                igw: *g,
                vpc: d.vpc,
            },
            // IPv6 from the internet meets only the egress-only gateway.
            (None, Some(g)) if out.fam == V6 => Fact::EigwNoInbound {
                eigw: *g,
                route: None,
            },
            _ => Fact::NoIgw { vpc: d.vpc },
        };
        b.fact(Hop::InternetGateway { vpc: d.vpc }, !igws.is_empty(), fact);
        self.public_address_gate(&mut b, &dref, out.fam);
        self.return_route_step(&mut b, d);
        self.finish_inbound(from, to, b, &dref)
    }

    /// The last hops of traffic from outside the file: the destination
    /// subnet's ACL and groups, replies out through its ACL.
    pub(super) fn finish_inbound(
        &self,
        from: &Place,
        to: &Place,
        mut b: Builder,
        dref: &ClassRef,
    ) -> Leg {
        let subnet = self.class(dref).subnet;
        self.acl_step(&mut b, subnet, Direction::In);
        self.sg_step(&mut b, dref, Direction::In, Peer::Outside);
        let groups = [ReplyGroup {
            eph: crate::analysis::EPHEMERAL_CLIENT,
            hops: vec![(subnet, Direction::Out)],
        }];
        self.finish(from, to, b, &groups)
    }

    pub(super) fn legs_outbound(
        &self,
        from: &Place,
        to: &Place,
        sref: ClassRef,
        (out, exact): (&AddrSet, &AddrSet),
        traffic: &Traffic,
        mode: Mode,
    ) -> Vec<Leg> {
        let m = self.model;
        let s = self.class(&sref);
        let src = if out.fam == V6 {
            self.v6_addrs(s)
        } else {
            s.addrs
        };
        let requested = traffic.flows(out.fam, &[src], &out.ivs);
        if let ClassKind::LbNode(lb) = s.kind {
            let mut b = Builder::new(requested, mode);
            b.fact(Hop::LbOutbound { lb }, false, Fact::LbOutbound { lb });
            return vec![self.finish(from, to, b, &[])];
        }
        let table = self.topo.subnet_route_table[s.subnet];
        let mut legs = Vec::new();
        for (choice, by, part) in self.route_partition(s.subnet, &requested, DST) {
            // Traced on a hull (verdict mode), a route may take only
            // addresses that are not the outside (the VPC's own, by the
            // local route): no leg for it.
            if !std::ptr::eq(out, exact) && !part.meets_dim(DST, &exact.ivs) {
                continue;
            }
            let mut b = Builder::new(part, mode);
            self.sg_step(&mut b, &sref, Direction::Out, Peer::Outside);
            self.acl_step(&mut b, s.subnet, Direction::Out);
            let routed = !matches!(choice, RouteChoice::None | RouteChoice::Local(_));
            let by = if let RouteChoice::Local(_) = choice {
                By::Fact(Fact::LocalDestination)
            } else {
                by
            };
            b.gate(
                Hop::Route {
                    subnet: s.subnet,
                    table,
                },
                routed,
                by,
            );
            let mut groups = Vec::new();
            // Whether replies come straight back into the source subnet.
            let direct = match choice {
                RouteChoice::Igw(g) => {
                    self.igw_attached_gate(&mut b, g, s.vpc);
                    self.public_address_gate(&mut b, &sref, out.fam);
                    true
                }
                RouteChoice::Nat(n) => {
                    let ns = m[n].subnet.node;
                    self.nat_gate(&mut b, n, s.vpc, out.fam);
                    if ns != s.subnet {
                        self.acl_step(&mut b, ns, Direction::In);
                    }
                    self.nat_route_step(&mut b, n);
                    self.acl_step(&mut b, ns, Direction::Out);
                    groups.push(ReplyGroup {
                        eph: crate::analysis::EPHEMERAL_PROXY,
                        hops: vec![(ns, Direction::In)],
                    });
                    if ns != s.subnet {
                        groups.push(ReplyGroup {
                            eph: s.ephemeral(),
                            hops: vec![(ns, Direction::Out), (s.subnet, Direction::In)],
                        });
                    }
                    false
                }
                RouteChoice::Eigw(g) => {
                    // Outbound-initiated: the gateway lets the replies in.
                    self.eigw_gate(&mut b, g, s.vpc, out.fam);
                    self.public_address_gate(&mut b, &sref, out.fam);
                    true
                }
                // AWS delivers it to the service: replies come back
                // through the source subnet's ACL.
                RouteChoice::Endpoint(_) => true,
                // Over a peering or a transit gateway: the far side must
                // hold the addresses; replies come back the same way.
                RouteChoice::Peering(_) | RouteChoice::Tgw(_) => {
                    self.beyond_step(&mut b, choice, s.subnet, out.fam);
                    true
                }
                RouteChoice::Local(_) | RouteChoice::None => false,
            };
            if direct {
                groups.push(ReplyGroup {
                    eph: s.ephemeral(),
                    hops: vec![(s.subnet, Direction::In)],
                });
            }
            legs.push(self.finish(from, to, b, &groups));
        }
        legs
    }
}
