//! Hops beyond one VPC: across a VPC peering connection (to an in-file
//! peer VPC or to the peer's blocks outside the file) and through a
//! transit gateway (to a VPC attached to it, or to the networks behind
//! it), with the route back that replies need.
//!
//! A peering joins two VPCs and nothing else: traffic to addresses outside
//! the far side's blocks is dropped (no transitive routing). A transit
//! gateway takes traffic only from subnets in zones where the VPC's
//! attachment has a subnet.

use super::reply::ReplyGroup;
use super::route::RouteChoice;
use super::sg::peer_of;
use super::*;
use ipnet::IpNet;

/// How outside addresses enter a VPC other than through an internet
/// gateway: the external peer's blocks over a peering, the networks
/// behind a transit gateway.
pub(super) struct Entry {
    pub via: RouteTarget,
    pub ivs: Vec<Interval>,
}

impl Analysis<'_> {
    /// Whether a peering or a transit gateway joins two VPCs of the file.
    pub(super) fn joined(&self, a: VpcId, b: VpcId) -> bool {
        let m = self.model;
        m.peered(a, b)
            || m.transit_gateways
                .iter()
                .any(|t| t.attachment(a).is_some() && t.attachment(b).is_some())
    }

    /// The IPv4 ranges that enter `vpc` over its peerings with VPCs outside
    /// the file and its transit gateways.
    pub(super) fn entries(&self, vpc: VpcId) -> Vec<Entry> {
        let m = self.model;
        let ivs = |nets: &mut dyn Iterator<Item = IpNet>| {
            let mut v: Vec<Interval> = nets
                .map(|n| cidr(&n))
                .filter(|(f, _)| *f == V4)
                .map(|(_, iv)| iv)
                .collect();
            merge_intervals(&mut v);
            v
        };
        let mut out = Vec::new();
        for (p, peering) in ids(&m.vpc_peerings) {
            if peering.across(vpc) == Some(None) {
                out.push(Entry {
                    via: RouteTarget::Peering(p),
                    ivs: ivs(&mut peering.peer_blocks(m).into_iter()),
                });
            }
        }
        for (t, tgw) in ids(&m.transit_gateways) {
            if tgw.attachment(vpc).is_some() {
                out.push(Entry {
                    via: RouteTarget::Tgw(t),
                    ivs: ivs(&mut tgw.networks.ids()),
                });
            }
        }
        out
    }

    /// Whether a transit gateway takes traffic from `subnet`: the VPC's
    /// attachment has a subnet in its zone.
    fn tgw_zone(&self, t: TgwId, subnet: SubnetId) -> Result<(), Fact> {
        let m = self.model;
        let vpc = m[subnet].vpc.node;
        let Some(a) = m[t].attachment(vpc) else {
            return Err(Fact::TgwAttached { tgw: t, vpc });
        };
        let zone = &m[subnet].zone.node;
        if a.subnets.ids().any(|s| m[s].zone.node.same_as(zone)) {
            Ok(())
        } else {
            Err(Fact::TgwNoZone { tgw: t, subnet })
        }
    }

    /// Whether a route choice in `subnet` carries traffic to VPC `to` of
    /// the file (`None`: to addresses outside the file, decided later).
    fn carries(
        &self,
        choice: RouteChoice,
        subnet: SubnetId,
        to: Option<VpcId>,
    ) -> Result<(), Fact> {
        let m = self.model;
        let vpc = m[subnet].vpc.node;
        match choice {
            RouteChoice::Peering(p) => match m[p].across(vpc) {
                None => Err(Fact::PeeringOtherVpc { peering: p, vpc }),
                Some(far) if far == to || to.is_none() => Ok(()),
                Some(_) => Err(Fact::PeeringNotTransitive { peering: p }),
            },
            RouteChoice::Tgw(t) => {
                self.tgw_zone(t, subnet)?;
                match to {
                    Some(v) if m[t].attachment(v).is_none() => Err(Fact::TgwNoNetwork { tgw: t }),
                    _ => Ok(()),
                }
            }
            _ => Err(Fact::LocalDestination),
        }
    }

    /// From a class to a class of another VPC the file joins to it (`b`
    /// holds the traffic between them, no hop yet): the source's route
    /// must send the traffic across, the destination's route must send
    /// replies back the same way.
    pub(super) fn leg_across(
        &self,
        from: &Place,
        to: &Place,
        mut b: Builder,
        sref: &ClassRef,
        dref: &ClassRef,
    ) -> Leg {
        let (s, d) = (self.class(sref), self.class(dref));
        self.sg_step(&mut b, sref, Direction::Out, peer_of(self.model, d));
        self.acl_step(&mut b, s.subnet, Direction::Out);
        let table = self.topo.subnet_route_table[s.subnet];
        let hop = Hop::Route {
            subnet: s.subnet,
            table,
        };
        let to_vpc = d.vpc;
        self.route_step(&mut b, hop, s.subnet, DST, |choice, by| match choice {
            RouteChoice::Peering(_) | RouteChoice::Tgw(_) => {
                match self.carries(choice, s.subnet, Some(to_vpc)) {
                    Ok(()) => (true, by),
                    Err(f) => (false, By::Fact(f)),
                }
            }
            _ => (false, by),
        });
        self.route_back_step(&mut b, dref, Some(s.vpc), None);
        self.acl_step(&mut b, d.subnet, Direction::In);
        self.sg_step(&mut b, dref, Direction::In, peer_of(self.model, s));
        let groups = [ReplyGroup {
            eph: s.ephemeral(),
            hops: vec![(d.subnet, Direction::Out), (s.subnet, Direction::In)],
        }];
        self.finish(from, to, b, &groups)
    }

    /// Replies from the destination back to the client (field SRC of the
    /// forward packets) must take a peering or transit gateway that leads
    /// to `from` (`None`: outside the file, by `via`).
    fn route_back_step(
        &self,
        b: &mut Builder,
        dref: &ClassRef,
        from: Option<VpcId>,
        via: Option<RouteTarget>,
    ) {
        let m = self.model;
        let d = self.class(dref);
        let (subnet, vpc) = (d.subnet, d.vpc);
        let table = self.topo.subnet_route_table[subnet];
        let via = via.or_else(|| {
            let from = from?;
            ids(&m.vpc_peerings)
                .find(|(_, p)| p.across(vpc) == Some(Some(from)))
                .map(|(p, _)| RouteTarget::Peering(p))
                .or_else(|| {
                    ids(&m.transit_gateways)
                        .find(|(_, t)| t.attachment(vpc).is_some() && t.attachment(from).is_some())
                        .map(|(t, _)| RouteTarget::Tgw(t))
                })
        });
        let Some(via) = via else { return };
        let hop = Hop::RouteBack { subnet, table };
        self.route_step(b, hop, subnet, SRC, |choice, by| {
            let ok = match choice {
                RouteChoice::Peering(p) => m[p].across(vpc) == Some(from),
                RouteChoice::Tgw(t) => {
                    self.tgw_zone(t, subnet).is_ok()
                        && from.is_none_or(|f| m[t].attachment(f).is_some())
                        && (from.is_some() || via == RouteTarget::Tgw(t))
                }
                _ => false,
            };
            if ok {
                (true, by)
            } else {
                (false, By::Fact(Fact::NoRouteBack { subnet, table, via }))
            }
        });
    }

    /// Outside addresses entering the destination's VPC over a peering or
    /// a transit gateway (instead of an internet gateway).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn leg_entry(
        &self,
        from: &Place,
        to: &Place,
        out: &AddrSet,
        dref: ClassRef,
        via: RouteTarget,
        traffic: &Traffic,
        mode: Mode,
    ) -> Leg {
        let d = self.class(&dref);
        let requested = traffic.flows(V4, &out.ivs, &[d.addrs]);
        let mut b = Builder::new(requested, mode);
        match via {
            RouteTarget::Peering(peering) => b.fact(
                Hop::Peering { peering },
                true,
                Fact::PeeringEntry {
                    peering,
                    vpc: d.vpc,
                },
            ),
            RouteTarget::Tgw(tgw) => b.fact(
                Hop::TransitGateway { tgw },
                true,
                Fact::TgwAttached { tgw, vpc: d.vpc },
            ),
            _ => {}
        }
        self.route_back_step(&mut b, &dref, None, Some(via));
        self.finish_inbound(from, to, b, &dref)
    }

    /// Out of the VPC over a peering or a transit gateway to addresses
    /// outside the file: the far side must hold them.
    pub(super) fn beyond_step(
        &self,
        b: &mut Builder,
        choice: RouteChoice,
        subnet: SubnetId,
        fam: u128,
    ) {
        let m = self.model;
        let (hop, far, pass, fail) = match choice {
            RouteChoice::Peering(peering) => {
                if let Err(f) = self.carries(choice, subnet, None) {
                    b.fact(Hop::Peering { peering }, false, f);
                    return;
                }
                let vpc = m[subnet].vpc.node;
                (
                    Hop::Peering { peering },
                    m[peering].blocks_across(m, vpc),
                    Fact::PeeringCarries { peering },
                    Fact::PeeringNotTransitive { peering },
                )
            }
            RouteChoice::Tgw(tgw) => {
                if let Err(f) = self.carries(choice, subnet, None) {
                    b.fact(Hop::TransitGateway { tgw }, false, f);
                    return;
                }
                (
                    Hop::TransitGateway { tgw },
                    m[tgw].networks.ids().collect(),
                    Fact::TgwNetworks { tgw },
                    Fact::TgwNoNetwork { tgw },
                )
            }
            _ => return,
        };
        let mut ivs: Vec<Interval> = far
            .iter()
            .map(cidr)
            .filter(|(f, _)| *f == fam)
            .map(|(_, iv)| iv)
            .collect();
        merge_intervals(&mut ivs);
        if b.mode == Mode::Verdict {
            b.cur = b.cur.restrict(DST, &ivs);
            return;
        }
        b.step(hop, |input| {
            let inside = input.restrict(DST, &ivs);
            let rest = input.subtract(&inside);
            let mut ds = Vec::new();
            if !inside.is_empty() {
                ds.push(Decision {
                    set: inside.clone(),
                    allow: true,
                    by: By::Fact(pass),
                });
            }
            if !rest.is_empty() {
                ds.push(Decision {
                    set: rest,
                    allow: false,
                    by: By::Fact(fail),
                });
            }
            (inside, ds)
        });
    }
}
