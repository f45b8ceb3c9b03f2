//! Routing hops: route tables by longest prefix match (with the implicit
//! local route; a subnet without a table uses the main table, local only),
//! internet gateways and NAT gateways.
//!
//! A table is prepared once per run into a longest-prefix-match map of
//! each family's address line ([`Lpm`]): CIDRs nest or are disjoint, so
//! one sort and a sweep with a stack cut the line into pieces, each owned
//! by the longest prefix covering it. Splitting a set by route is then a
//! binary search per box — linear in the routes a box spans, never routes
//! × boxes.

use super::*;
use crate::analysis::classes::ClassKind;
use std::collections::HashMap;

/// Where a route sends a part of the traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteChoice {
    Local(VpcId),
    Igw(IgwId),
    Nat(NatId),
    Eigw(EigwId),
    None,
    /// A gateway endpoint's route (to its service's prefix list).
    Endpoint(EndpointId),
    Peering(PeeringId),
    Tgw(TgwId),
}

impl RouteChoice {
    fn of(t: RouteTarget) -> Self {
        match t {
            RouteTarget::Igw(g) => RouteChoice::Igw(g),
            RouteTarget::Nat(n) => RouteChoice::Nat(n),
            RouteTarget::Eigw(g) => RouteChoice::Eigw(g),
            RouteTarget::Peering(p) => RouteChoice::Peering(p),
            RouteTarget::Tgw(t) => RouteChoice::Tgw(t),
        }
    }
}

/// A route table (with the VPC's local route) as a longest-prefix-match
/// map.
#[derive(Debug, Default)]
pub struct Lpm {
    /// The routes in precedence order (longest prefix first, the local
    /// route before a table route of the same length, then file order).
    routes: Vec<(RouteChoice, By)>,
    /// Per family (IPv4, IPv6): sorted, disjoint pieces of the address
    /// line and the route (index into `routes`) that owns each.
    pieces: [Vec<(Interval, u32)>; 2],
}

impl Lpm {
    fn new(an: &Analysis<'_>, vpc: VpcId, table: Option<RouteTableId>) -> Self {
        let m = an.model;
        let v6 = an.ipv6().vpc[vpc];
        // (prefix length, family, addresses, choice, by)
        let mut cands: Vec<(u8, u128, Interval, RouteChoice, By)> = Vec::new();
        // Routes to prefix lists (written, or a gateway endpoint's) lose to
        // a CIDR route of the same length: after them, stably.
        let mut lists: Vec<(u8, u128, Interval, RouteChoice, By)> = Vec::new();
        // A local route per VPC block: IPv4 ones and the IPv6 /56.
        for c in m[vpc].ipv4_blocks() {
            let (vf, viv) = cidr(&c.node);
            let local = (RouteChoice::Local(vpc), By::LocalRoute { vpc });
            cands.push((c.node.prefix_len(), vf, viv, local.0, local.1));
        }
        if let Some(iv) = v6 {
            let local = (RouteChoice::Local(vpc), By::LocalRoute { vpc });
            cands.push((56, V6, iv, local.0, local.1));
        }
        if let Some(t) = table {
            for (i, r) in m[t].routes.iter().enumerate() {
                let (f, iv) = cidr(&r.destination.node);
                let choice = RouteChoice::of(r.target.node);
                cands.push((
                    r.destination.node.prefix_len(),
                    f,
                    iv,
                    choice,
                    By::Route { table: t, index: i },
                ));
            }
            for (i, r) in m[t].prefix_list_routes.iter().enumerate() {
                let choice = RouteChoice::of(r.target.node);
                let addrs = an.prefix_list_addrs(r.list.node);
                for iv in &addrs.ivs {
                    let by = By::PrefixListRoute { table: t, index: i };
                    lists.push((prefix_len(addrs.fam, *iv), addrs.fam, *iv, choice, by));
                }
            }
            for (e, ep) in ids(&m.vpc_endpoints) {
                if ep.is_interface() || !ep.route_tables.ids().any(|x| x == t) {
                    continue;
                }
                let addrs = an.service_addrs(ep.service_key());
                for iv in &addrs.ivs {
                    let by = By::EndpointRoute {
                        endpoint: e,
                        table: t,
                    };
                    let choice = RouteChoice::Endpoint(e);
                    lists.push((prefix_len(addrs.fam, *iv), addrs.fam, *iv, choice, by));
                }
            }
        }
        cands.extend(lists);
        // Longest prefix first; the local route wins a tie (AWS refuses a
        // route that equals the VPC block), then file order, prefix lists
        // last.
        cands.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut lpm = Lpm::default();
        let mut spans: [Vec<(Interval, u32)>; 2] = [Vec::new(), Vec::new()];
        for (rank, (_, f, iv, choice, by)) in cands.into_iter().enumerate() {
            spans[(f == V6) as usize].push((iv, rank as u32));
            lpm.routes.push((choice, by));
        }
        for (fam, spans) in spans.iter_mut().enumerate() {
            lpm.pieces[fam] = sweep(spans);
        }
        lpm
    }

    /// Split a set by the route each part takes, looking up field `dim`:
    /// the parts in route precedence order, then what no route matches.
    pub fn partition(
        &self,
        set: &FlowSet,
        dim: usize,
        none: impl FnOnce() -> By,
    ) -> Vec<(RouteChoice, By, FlowSet)> {
        let mut parts: Vec<Vec<FlowBox>> = vec![Vec::new(); self.routes.len()];
        let mut left: Vec<FlowBox> = Vec::new();
        for b in set.iter() {
            let fam = b.get(FAM);
            // A box spans one family: sets keep the families apart.
            let pieces = &self.pieces[(fam.lo == V6) as usize];
            let iv = b.get(dim);
            // The first address of the box not yet given to a route.
            let mut at = Some(iv.lo);
            let start = pieces.partition_point(|(p, _)| p.hi < iv.lo);
            for (p, rank) in &pieces[start..] {
                let Some(a) = at else { break };
                if p.lo > iv.hi {
                    break;
                }
                if p.lo > a {
                    left.push(b.with(dim, Interval::new(a, p.lo - 1)));
                }
                let hi = p.hi.min(iv.hi);
                parts[*rank as usize].push(b.with(dim, Interval::new(p.lo.max(a), hi)));
                at = hi.checked_add(1).filter(|n| *n <= iv.hi);
            }
            if let Some(a) = at {
                left.push(b.with(dim, Interval::new(a, iv.hi)));
            }
        }
        let mut out = Vec::new();
        for (rank, boxes) in parts.into_iter().enumerate() {
            if boxes.is_empty() {
                continue;
            }
            let (choice, by) = &self.routes[rank];
            out.push((*choice, by.clone(), FlowSet::from_disjoint(boxes)));
        }
        if !left.is_empty() {
            out.push((RouteChoice::None, none(), FlowSet::from_disjoint(left)));
        }
        out
    }
}

impl Lpm {
    /// The route every address of `iv` takes, when one piece of the map
    /// holds them all (`None` otherwise, or when no route does): what
    /// `pass` lets through whole when that route passes.
    pub(super) fn whole_choice(&self, fam: u128, iv: Interval) -> Option<RouteChoice> {
        let pieces = &self.pieces[(fam == V6) as usize];
        let (p, rank) = pieces.get(pieces.partition_point(|(p, _)| p.hi < iv.lo))?;
        p.contains(iv).then(|| self.routes[*rank as usize].0)
    }

    /// Whether some IPv6 route leaves the VPC through an internet or
    /// egress-only gateway: IPv6 can flow between the subnet and the
    /// internet, one way or both.
    pub fn routes_ipv6_out(&self) -> bool {
        self.pieces[1].iter().any(|(_, rank)| {
            matches!(
                self.routes[*rank as usize].0,
                RouteChoice::Igw(_) | RouteChoice::Eigw(_)
            )
        })
    }

    /// What of a set passes a route hop that lets through the routes
    /// `allow` accepts: [`Lpm::partition`] without the parts, for `Verdict`
    /// mode. Neighbouring pieces that both pass stay one box, so a set that
    /// spans many routes is not cut into a box per route.
    pub fn pass(&self, set: &FlowSet, dim: usize, allow: impl Fn(RouteChoice) -> bool) -> FlowSet {
        let none_ok = allow(RouteChoice::None);
        set.split_dim(dim, |fam, iv, out| {
            let pieces = &self.pieces[(fam == V6) as usize];
            // The run of passing addresses not yet pushed.
            let mut run: Option<Interval> = None;
            let mut take = |piece: Interval, pass: bool, out: &mut Vec<Interval>| {
                if !pass {
                    if let Some(r) = run.take() {
                        out.push(r);
                    }
                    return;
                }
                run = Some(match run {
                    Some(r) => Interval::new(r.lo, piece.hi),
                    None => piece,
                });
            };
            let mut at = Some(iv.lo);
            let start = pieces.partition_point(|(p, _)| p.hi < iv.lo);
            for (p, rank) in &pieces[start..] {
                let Some(a) = at else { break };
                if p.lo > iv.hi {
                    break;
                }
                if p.lo > a {
                    take(Interval::new(a, p.lo - 1), none_ok, out);
                }
                let hi = p.hi.min(iv.hi);
                let ok = allow(self.routes[*rank as usize].0);
                take(Interval::new(p.lo.max(a), hi), ok, out);
                at = hi.checked_add(1).filter(|n| *n <= iv.hi);
            }
            if let Some(a) = at {
                take(Interval::new(a, iv.hi), none_ok, out);
            }
            if let Some(r) = run {
                out.push(r);
            }
        })
    }
}

/// The prefix length of an aligned block.
fn prefix_len(fam: u128, iv: Interval) -> u8 {
    let bits = if fam == V6 { 128 } else { 32 };
    let size = iv.hi - iv.lo;
    (bits - (128 - size.leading_zeros()) as i32).clamp(0, bits) as u8
}

/// Cut the address line by nested-or-disjoint intervals, each piece owned
/// by the innermost interval covering it (the lowest rank among equal
/// intervals).
fn sweep(spans: &mut [(Interval, u32)]) -> Vec<(Interval, u32)> {
    // Outer before inner at one start; equal intervals by rank.
    spans.sort_by(|a, b| {
        a.0.lo
            .cmp(&b.0.lo)
            .then(b.0.hi.cmp(&a.0.hi))
            .then(a.1.cmp(&b.1))
    });
    let mut out: Vec<(Interval, u32)> = Vec::new();
    // Open intervals, innermost on top.
    let mut stack: Vec<(Interval, u32)> = Vec::new();
    // Where the next piece starts (None: past the top of the line).
    let mut at: Option<u128> = spans.first().map(|s| s.0.lo);
    let emit = |out: &mut Vec<(Interval, u32)>, lo: u128, hi: u128, rank: u32| {
        if let Some(last) = out.last_mut()
            && last.1 == rank
            && last.0.hi.checked_add(1) == Some(lo)
        {
            last.0.hi = hi;
            return;
        }
        out.push((Interval::new(lo, hi), rank));
    };
    let mut i = 0;
    loop {
        let next = spans.get(i).map(|s| s.0.lo);
        // Close intervals that end before the next one starts.
        while let Some(&(top, rank)) = stack.last() {
            if next.is_some_and(|n| n <= top.hi) {
                break;
            }
            if let Some(a) = at
                && a <= top.hi
            {
                emit(&mut out, a, top.hi, rank);
            }
            at = top.hi.checked_add(1);
            stack.pop();
        }
        let Some(n) = next else { break };
        let (iv, rank) = spans[i];
        i += 1;
        if let Some(&(top, trank)) = stack.last() {
            if top == iv {
                continue; // a duplicate of a better-ranked interval
            }
            if let Some(a) = at
                && a < n
            {
                emit(&mut out, a, n - 1, trank);
            }
        }
        at = Some(n);
        stack.push((iv, rank));
    }
    out
}

impl Analysis<'_> {
    /// The prepared route lookup of each subnet (shared between subnets of
    /// one table).
    pub(crate) fn lpm(&self, subnet: SubnetId) -> &Lpm {
        let all = self.routes.get_or_init(|| {
            let m = self.model;
            let mut shared: HashMap<(VpcId, Option<RouteTableId>), Arc<Lpm>> = HashMap::new();
            let v: Vec<Arc<Lpm>> = crate::model::ids(&m.subnets)
                .map(|(sid, s)| {
                    let key = (s.vpc.node, self.topo.subnet_route_table[sid]);
                    shared
                        .entry(key)
                        .or_insert_with(|| Arc::new(Lpm::new(self, key.0, key.1)))
                        .clone()
                })
                .collect();
            v.into()
        });
        &all[subnet]
    }

    /// Split a set by the route each part takes (longest prefix match on
    /// field `dim`), including the implicit local route. A subnet without a
    /// route table uses the main table: local only.
    pub fn route_partition(
        &self,
        subnet: SubnetId,
        set: &FlowSet,
        dim: usize,
    ) -> Vec<(RouteChoice, By, FlowSet)> {
        let table = self.topo.subnet_route_table[subnet];
        self.lpm(subnet)
            .partition(set, dim, || By::NoRoute { table, subnet })
    }

    /// A hop through a route table whose parts pass or not by `decide`.
    pub(super) fn route_step(
        &self,
        b: &mut Builder,
        hop: Hop,
        subnet: SubnetId,
        dim: usize,
        decide: impl Fn(RouteChoice, By) -> (bool, By),
    ) {
        if b.mode == Mode::Verdict {
            if !b.cur.is_empty() {
                let pass = |c| decide(c, By::SameSubnet).0;
                b.cur = self.lpm(subnet).pass(&b.cur, dim, pass);
            }
            return;
        }
        b.step(hop, |input| {
            let ds: Vec<Decision> = self
                .route_partition(subnet, input, dim)
                .into_iter()
                .map(|(choice, by, part)| {
                    let (allow, by) = decide(choice, by);
                    Decision {
                        set: part,
                        allow,
                        by,
                    }
                })
                .collect();
            // The parts of a partition are disjoint.
            let passed = FlowSet::union_disjoint(ds.iter().filter(|d| d.allow).map(|d| &d.set));
            (passed, ds)
        });
    }

    pub(super) fn local_route_step(&self, b: &mut Builder, subnet: SubnetId) {
        let table = self.topo.subnet_route_table[subnet];
        self.route_step(
            b,
            Hop::Route { subnet, table },
            subnet,
            DST,
            |choice, by| (matches!(choice, RouteChoice::Local(_)), by),
        );
    }

    pub(super) fn return_route_step(&self, b: &mut Builder, d: &Class) {
        let m = self.model;
        let subnet = d.subnet;
        let table = self.topo.subnet_route_table[subnet];
        let hop = Hop::ReturnRoute { subnet, table };
        self.route_step(b, hop, subnet, SRC, |choice, by| match choice {
            RouteChoice::Igw(g) if m[g].vpc.node == d.vpc => (true, by),
            RouteChoice::Igw(igw) => (false, By::Fact(Fact::ReplyIgwOtherVpc { igw })),
            RouteChoice::Eigw(eigw) => {
                let route = match by {
                    By::Route { table, index } => Some((table, index)),
                    _ => None,
                };
                (false, By::Fact(Fact::EigwNoInbound { eigw, route }))
            }
            RouteChoice::Nat(nat) => {
                let route = match by {
                    By::Route { table, index } => Some((table, index)),
                    _ => None,
                };
                (false, By::Fact(Fact::ReplyViaNat { subnet, nat, route }))
            }
            RouteChoice::Local(_) | RouteChoice::None => {
                (false, By::Fact(Fact::ReplyNoRoute { subnet, table }))
            }
            RouteChoice::Endpoint(endpoint) => {
                (false, By::Fact(Fact::ReplyViaEndpoint { endpoint }))
            }
            // Replies to internet addresses sent over a peering or a
            // transit gateway never reach the internet gateway.
            RouteChoice::Peering(_) | RouteChoice::Tgw(_) => {
                (false, By::Fact(Fact::ReplyNoRoute { subnet, table }))
            }
        });
    }

    pub(super) fn nat_route_step(&self, b: &mut Builder, n: NatId) {
        let m = self.model;
        let ns = m[n].subnet.node;
        let vpc = m[ns].vpc.node;
        let table = self.topo.subnet_route_table[ns];
        let hop = Hop::NatRoute { subnet: ns, table };
        self.route_step(b, hop, ns, DST, |choice, by| match choice {
            RouteChoice::Igw(g) if m[g].vpc.node == vpc => (true, by),
            RouteChoice::Igw(igw) => (false, By::Fact(Fact::IgwOtherVpc { igw })),
            RouteChoice::Nat(nat) => (false, By::Fact(Fact::NatChain { subnet: ns, nat })),
            RouteChoice::Eigw(eigw) => (false, By::Fact(Fact::EigwIpv6Only { eigw })),
            // The NAT gateway's own table sends the service's addresses
            // through its gateway endpoint.
            RouteChoice::Endpoint(_) => (true, by),
            RouteChoice::Local(_)
            | RouteChoice::None
            | RouteChoice::Peering(_)
            | RouteChoice::Tgw(_) => (false, by),
        });
    }

    pub(super) fn igw_attached_gate(&self, b: &mut Builder, igw: IgwId, vpc: VpcId) {
        let ok = self.model[igw].vpc.node == vpc;
        b.fact(
            Hop::InternetGateway { vpc },
            ok,
            Fact::IgwAttached { igw, vpc },
        );
    }

    /// An egress-only gateway forwards the IPv6 traffic of its own VPC.
    pub(super) fn eigw_gate(&self, b: &mut Builder, eigw: EigwId, vpc: VpcId, fam: u128) {
        let g = &self.model[eigw];
        let (ok, fact) = if g.vpc.node != vpc {
            (false, Fact::EigwAttached { eigw, vpc })
        } else if fam != V6 {
            (false, Fact::EigwIpv6Only { eigw })
        } else {
            (true, Fact::EigwAttached { eigw, vpc })
        };
        b.fact(Hop::InternetGateway { vpc }, ok, fact);
    }

    pub(super) fn nat_gate(&self, b: &mut Builder, nat: NatId, vpc: VpcId, fam: u128) {
        let m = self.model;
        let n = &m[nat];
        let (ok, fact) = if m[n.subnet.node].vpc.node != vpc {
            (false, Fact::NatOtherVpc { nat })
        } else if fam == V6 {
            (false, Fact::NatIpv4Only { nat })
        } else if n.connectivity() == Connectivity::Private {
            (false, Fact::NatPrivate { nat })
        } else if n.eip.is_none() {
            (false, Fact::NatNoEip { nat })
        } else {
            (true, Fact::NatForwards { nat })
        };
        b.fact(Hop::NatGateway { nat }, ok, fact);
    }

    /// Whether a class has a public address of the family, and why.
    pub(super) fn public_address(&self, c: &ClassRef, fam: u128) -> (bool, Fact) {
        let m = self.model;
        let class = self.class(c);
        match class.kind {
            ClassKind::LbNode(lb) => {
                let l = &m[lb];
                if l.scheme() == Scheme::Internal {
                    (false, Fact::LbInternal { lb })
                } else if fam == V6 && l.ip_address_type() != IpAddressType::Dualstack {
                    (false, Fact::LbNoIpv6 { lb })
                } else {
                    (true, Fact::LbInternetFacing { lb })
                }
            }
            ClassKind::Anonymous | ClassKind::Endpoint(_) => (false, Fact::AdhocNoPublic),
            ClassKind::MountTarget(fs) => (false, Fact::MountTargetPrivate { fs }),
            ClassKind::Subnet => {
                let subnet = class.subnet;
                if fam == V6 {
                    match class.addrs6 {
                        Some(_) => (true, Fact::SubnetIpv6 { subnet }),
                        None => (false, Fact::SubnetNoIpv6 { subnet }),
                    }
                } else if class.public {
                    (true, Fact::SubnetPublicIp { subnet })
                } else {
                    (false, Fact::SubnetNoPublicIp { subnet })
                }
            }
            ClassKind::Hosts => {
                let class = c.clone();
                if fam == V6 {
                    match self.class(c).addrs6 {
                        Some(_) => (true, Fact::HostsIpv6 { class }),
                        None => (false, Fact::HostsNoIpv6 { class }),
                    }
                } else if self.class(c).public {
                    (true, Fact::HostsPublic { class })
                } else {
                    (false, Fact::HostsNoPublic { class })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pass` is the union of the parts of `partition` whose route passes,
    /// for every choice of which routes pass, with the pieces of passing
    /// routes side by side, apart and with unrouted gaps.
    #[test]
    fn pass_is_the_passing_parts_of_the_partition() {
        let by = |index| By::Route {
            table: RouteTableId::new(0),
            index,
        };
        let lpm = Lpm {
            routes: vec![
                (RouteChoice::Local(VpcId::new(0)), by(0)),
                (RouteChoice::Igw(IgwId::new(0)), by(1)),
                (RouteChoice::Nat(NatId::new(0)), by(2)),
            ],
            pieces: [
                vec![
                    (Interval::new(10, 19), 1),
                    (Interval::new(20, 29), 1),
                    (Interval::new(30, 39), 0),
                    (Interval::new(50, 59), 2),
                    (Interval::new(60, 69), 1),
                ],
                Vec::new(),
            ],
        };
        let set = FlowSet::from_boxes([
            FlowBox::family(V4).with(DST, Interval::new(0, 100)),
            FlowBox::family(V4)
                .with(DST, Interval::new(25, 55))
                .with(PORT, Interval::point(22)),
        ]);
        let choices = [
            RouteChoice::Local(VpcId::new(0)),
            RouteChoice::Igw(IgwId::new(0)),
            RouteChoice::Nat(NatId::new(0)),
            RouteChoice::None,
        ];
        for mask in 0..16u32 {
            let allow = |c: RouteChoice| {
                let i = choices.iter().position(|x| *x == c).unwrap();
                mask & (1 << i) != 0
            };
            let parts = lpm.partition(&set, DST, || by(9));
            let want = FlowSet::union_disjoint(
                parts
                    .iter()
                    .filter(|(c, _, _)| allow(*c))
                    .map(|(_, _, s)| s),
            );
            let got = lpm.pass(&set, DST, allow);
            assert!(got.is_subset(&want) && want.is_subset(&got), "mask {mask}");
        }
    }

    #[test]
    fn sweep_gives_the_innermost_interval() {
        let mut spans = vec![
            (Interval::new(0, 99), 3),
            (Interval::new(10, 19), 0),
            (Interval::new(10, 19), 2),
            (Interval::new(50, 59), 1),
            (Interval::new(200, 210), 4),
        ];
        let got = sweep(&mut spans);
        assert_eq!(
            got,
            vec![
                (Interval::new(0, 9), 3),
                (Interval::new(10, 19), 0),
                (Interval::new(20, 49), 3),
                (Interval::new(50, 59), 1),
                (Interval::new(60, 99), 3),
                (Interval::new(200, 210), 4),
            ]
        );
        let mut top = vec![(Interval::new(0, u128::MAX), 0), (Interval::new(5, 5), 1)];
        assert_eq!(
            sweep(&mut top),
            vec![
                (Interval::new(0, 4), 0),
                (Interval::new(5, 5), 1),
                (Interval::new(6, u128::MAX), 0),
            ]
        );
    }

    proptest::proptest! {
        /// The pieces give every address the best-ranked route covering it,
        /// where ranks follow prefix length as in a route table.
        #[test]
        fn sweep_matches_longest_prefix_per_address(
            nets in proptest::collection::vec((0u32..=32, proptest::num::u32::ANY), 0..12),
            probes in proptest::collection::vec(proptest::num::u32::ANY, 40),
        ) {
            let mut spans: Vec<(Interval, u8)> = nets
                .iter()
                .map(|(len, a)| {
                    let mask = if *len == 0 { 0 } else { u32::MAX << (32 - len) };
                    let lo = a & mask;
                    (Interval::new(lo.into(), (lo | !mask).into()), *len as u8)
                })
                .collect();
            spans.sort_by_key(|s| std::cmp::Reverse(s.1));
            let mut ranked: Vec<(Interval, u32)> =
                spans.iter().enumerate().map(|(r, s)| (s.0, r as u32)).collect();
            let pieces = sweep(&mut ranked.clone());
            ranked.sort_by_key(|r| r.1);
            for p in probes.iter().map(|p| u128::from(*p)).chain(spans.iter().flat_map(|s| [s.0.lo, s.0.hi])) {
                let want = ranked.iter().find(|(iv, _)| iv.lo <= p && p <= iv.hi).map(|r| r.1);
                let got = pieces.iter().find(|(iv, _)| iv.lo <= p && p <= iv.hi).map(|r| r.1);
                proptest::prop_assert_eq!(want, got, "address {}", p);
            }
            for w in pieces.windows(2) {
                proptest::prop_assert!(w[0].0.hi < w[1].0.lo);
            }
        }
    }
}
