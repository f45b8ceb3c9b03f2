//! Reachability questions between named endpoints: the API behind `netlint
//! reach`, on the same engine and the same definition of "reachable"
//! ([`Leg::verdict`]) as the X rules.
//!
//! An endpoint is an instance, a load balancer, an Auto Scaling group, a
//! file system (its mount targets), a transit gateway (the networks behind
//! it), `peer:<peering>` (the far side of a peering), `internet`, a CIDR,
//! `service:<name>` or `subnet:<name>` (any host of the subnet, in no
//! security group); it resolves to places ([`Place`]). A question asks
//! about several traffic items between every pair of places. The answer is
//! data: verdicts, legs with their hops and reasons, load-balancer
//! backends; [`super::explain`] words it.
//!
//! Cost stays bounded on wide questions (a /16 to a /16 over a hundred
//! subnets and hundreds of ports): every pair of places is traced once for
//! all items together — every hop is a filter on single packets, so an
//! item's verdict is the union trace restricted to that item — and each
//! item keeps in full only its first [`LEG_CAP`] legs (and at most
//! [`TOTAL_LEG_CAP`] for the whole answer), counting the rest by verdict.

use super::Analysis;
use super::classes::{Class, ClassId, ClassKind};
use super::path::lb::{listener_groups, listener_protocols};
use super::path::{AddrSet, Leg, Mode, Place, Step, Traffic, Verdict, VerdictFold};
use super::set::{self, FlowSet, Interval, PORT, PROTO, V4};
use crate::model::{LbId, Model, ResourceId, SubnetId, TgId, ids};
use std::sync::Arc;

/// Legs kept in full per item; the rest are counted.
pub const LEG_CAP: usize = 16;
/// Legs kept in full over all items of one answer.
pub const TOTAL_LEG_CAP: usize = 64;

/// What kind of thing an endpoint names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointKind {
    Internet,
    Cidr,
    Instance,
    LoadBalancer,
    AutoScalingGroup,
    /// `service:<name>`: where the service's names lead from each source.
    Service,
    /// An EFS file system: its mount targets.
    FileSystem,
    /// `peer:<peering>`: an address in the ranges across a peering.
    Peer,
    /// A transit gateway: the networks behind it.
    TransitGateway,
    /// `subnet:<name>`: any host of the subnet, declared or not.
    Subnet,
}

/// A resolved FROM or TO.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub word: String,
    pub kind: EndpointKind,
    pub places: Vec<Place>,
    /// The load balancer, when the endpoint is one.
    pub lb: Option<LbId>,
    /// The service's short name, for `service:<name>`.
    pub service: Option<String>,
}

impl Endpoint {
    pub fn inside(&self) -> bool {
        self.places.iter().any(|p| !p.is_outside())
    }
}

/// Why a word names no endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointError {
    BadCidr {
        word: String,
    },
    /// `service:` followed by no service name.
    BadService {
        word: String,
    },
    /// `peer:` followed by no peering's name.
    BadPeer {
        word: String,
        suggestion: Option<String>,
    },
    /// `subnet:` followed by no declared subnet's name.
    UnknownSubnet {
        word: String,
        suggestion: Option<String>,
    },
    /// A resource of another kind (a subnet, a launch template …).
    NotAnEndpoint {
        word: String,
        resource: ResourceId,
    },
    Unknown {
        word: String,
        suggestion: Option<String>,
    },
}

/// Why a question cannot be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// Neither end is inside the network.
    BothOutside { from: String, to: String },
}

/// One requested protocol/port range.
#[derive(Clone, Debug)]
pub struct Item {
    pub label: String,
    pub traffic: Traffic,
}

/// A question: traffic items from one endpoint to another.
pub struct Query<'q> {
    pub from: &'q Endpoint,
    pub to: &'q Endpoint,
    pub items: &'q [Item],
    pub mode: Mode,
}

/// Legs not kept in full, by verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    pub reachable: usize,
    pub partial: usize,
    pub blocked: usize,
}

impl Omitted {
    pub fn total(&self) -> usize {
        self.reachable + self.partial + self.blocked
    }

    fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Reachable => self.reachable += 1,
            Verdict::Partial => self.partial += 1,
            Verdict::Blocked => self.blocked += 1,
        }
    }
}

/// One (node, target) pair behind a load balancer's listener.
#[derive(Clone, Debug)]
pub struct Backend {
    pub lb: LbId,
    /// Index into the load balancer's listeners.
    pub listener: usize,
    pub target_group: TgId,
    pub port: u16,
    pub target: ClassId,
    /// The path from a node, or `None` when a network load balancer has no
    /// node in the target's zone.
    pub leg: Option<Leg>,
}

impl Backend {
    pub fn verdict(&self) -> Verdict {
        self.leg.as_ref().map_or(Verdict::Blocked, Leg::verdict)
    }
}

/// The answer for one item.
#[derive(Clone, Debug)]
pub struct ItemAnswer {
    pub verdict: Verdict,
    /// The first legs, in full (all of them unless `omitted` counts some).
    pub legs: Vec<Leg>,
    pub omitted: Omitted,
    /// The first hop that blocks on any leg (kept when its leg is not).
    pub first_blocker: Option<Step>,
    /// When TO is a load balancer: where it forwards this traffic.
    pub backend: Vec<Backend>,
    /// The verdict per address family when paths of both were traced
    /// (`internet` to or from a dual-stack place); empty otherwise.
    pub families: Vec<FamilyVerdict>,
}

/// The verdict of one address family's paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FamilyVerdict {
    pub ipv6: bool,
    pub verdict: Verdict,
}

/// The answer to a [`Query`].
#[derive(Clone, Debug)]
pub struct ReachAnswer {
    pub items: Vec<ItemAnswer>,
}

impl ReachAnswer {
    /// Every item reachable, replies included.
    pub fn reachable(&self) -> bool {
        self.items.iter().all(|i| i.verdict == Verdict::Reachable)
    }
}

/// The protocols and ports of a set, whatever the addresses: per protocol
/// interval, sorted and merged port intervals. Every item of a question has
/// the same addresses, so whether an item meets a leg's set is a question
/// about protocols and ports alone — a binary search, not a set operation.
struct PortIndex(Vec<(Interval, Vec<Interval>)>);

impl PortIndex {
    fn new(s: &FlowSet) -> Self {
        let mut groups: Vec<(Interval, Vec<Interval>)> = Vec::new();
        for b in s.iter() {
            let (p, q) = (b.get(PROTO), b.get(PORT));
            match groups.iter_mut().find(|g| g.0 == p) {
                Some(g) => g.1.push(q),
                None => groups.push((p, vec![q])),
            }
        }
        for g in &mut groups {
            set::merge_intervals(&mut g.1);
        }
        PortIndex(groups)
    }

    /// Whether some packet of `parts` is in the indexed set.
    fn meets(&self, parts: &[(Interval, Interval)]) -> bool {
        parts.iter().any(|(proto, port)| {
            self.0.iter().any(|(p, ports)| {
                p.intersect(*proto).is_some() && {
                    let i = ports.partition_point(|iv| iv.hi < port.lo);
                    ports.get(i).is_some_and(|iv| iv.lo <= port.hi)
                }
            })
        })
    }
}

impl<'a> Analysis<'a> {
    /// Turn FROM/TO into places.
    pub fn endpoint(&self, word: &str) -> Result<Endpoint, EndpointError> {
        let m = self.model;
        let named = |kind, places, lb| {
            Ok(Endpoint {
                word: word.into(),
                kind,
                places,
                lb,
                service: None,
            })
        };
        if let Some(name) = word.strip_prefix("service:") {
            if crate::model::parse_value::service_name(name).is_err() {
                return Err(EndpointError::BadService { word: word.into() });
            }
            let key = crate::model::service_key(name).to_string();
            return Ok(Endpoint {
                word: word.into(),
                kind: EndpointKind::Service,
                places: self.service_places(&key),
                lb: None,
                service: Some(key),
            });
        }
        if let Some(name) = word.strip_prefix("peer:") {
            let Some((_, p)) = ids(&m.vpc_peerings).find(|(_, p)| p.decl.name == name) else {
                let names = m.vpc_peerings.iter().map(|p| p.decl.name.as_str());
                return Err(EndpointError::BadPeer {
                    word: word.into(),
                    suggestion: crate::suggest::closest(name, names).map(str::to_string),
                });
            };
            // The far side of the peering from its requester VPC.
            let places = p
                .peer_blocks(m)
                .iter()
                .flat_map(|n| self.cidr_places(n))
                .collect();
            return named(EndpointKind::Peer, places, None);
        }
        if let Some((_, t)) = ids(&m.transit_gateways).find(|(_, t)| t.decl.name == word) {
            let places = t
                .networks
                .ids()
                .flat_map(|n| self.cidr_places(&n))
                .collect();
            return named(EndpointKind::TransitGateway, places, None);
        }
        if let Some(name) = word.strip_prefix("subnet:") {
            let Some((sid, _)) = ids(&m.subnets).find(|(_, s)| s.decl.name == name) else {
                let names = m.subnets.iter().map(|s| s.decl.name.as_str());
                return Err(EndpointError::UnknownSubnet {
                    word: word.into(),
                    suggestion: crate::suggest::closest(name, names).map(str::to_string),
                });
            };
            let places = vec![Place::Adhoc(Arc::new(self.subnet_class(sid)))];
            return named(EndpointKind::Subnet, places, None);
        }
        if word == "internet" {
            // Both families; IPv6 is asked only of the inside places that
            // can carry it (`Analysis::ipv6_applies`).
            let places = vec![
                Place::Outside(self.internet().clone()),
                Place::Outside(Arc::new(self.internet_v6())),
            ];
            return named(EndpointKind::Internet, places, None);
        }
        if word.contains('/') || word.parse::<std::net::IpAddr>().is_ok() {
            let net: ipnet::IpNet = match word.parse::<ipnet::IpNet>() {
                Ok(n) => n.trunc(),
                Err(_) => match word.parse::<std::net::IpAddr>() {
                    Ok(a) => ipnet::IpNet::from(a),
                    Err(_) => return Err(EndpointError::BadCidr { word: word.into() }),
                },
            };
            return named(EndpointKind::Cidr, self.cidr_places(&net), None);
        }
        let c = self.classes();
        let class_places = |ids: &[ClassId]| ids.iter().map(|i| Place::Class(*i)).collect();
        if let Some((id, _)) = ids(&m.instances).find(|(_, x)| x.decl.name == word) {
            let places = class_places(&[c.of_instance[id]]);
            return named(EndpointKind::Instance, places, None);
        }
        if let Some((id, _)) = ids(&m.load_balancers).find(|(_, x)| x.decl.name == word) {
            return named(
                EndpointKind::LoadBalancer,
                class_places(&c.of_lb[id]),
                Some(id),
            );
        }
        if let Some((id, _)) = ids(&m.auto_scaling_groups).find(|(_, x)| x.decl.name == word) {
            return named(
                EndpointKind::AutoScalingGroup,
                class_places(&c.of_asg[id]),
                None,
            );
        }
        if let Some((id, _)) = ids(&m.file_systems).find(|(_, x)| x.decl.name == word) {
            return named(EndpointKind::FileSystem, class_places(&c.of_fs[id]), None);
        }
        if let Some(rid) = m.order.iter().find(|r| m.decl(**r).name == word) {
            return Err(EndpointError::NotAnEndpoint {
                word: word.into(),
                resource: *rid,
            });
        }
        let candidates = std::iter::once("internet")
            .chain(m.instances.iter().map(|x| x.decl.name.as_str()))
            .chain(m.load_balancers.iter().map(|x| x.decl.name.as_str()))
            .chain(m.auto_scaling_groups.iter().map(|x| x.decl.name.as_str()))
            .chain(m.file_systems.iter().map(|x| x.decl.name.as_str()))
            .chain(m.transit_gateways.iter().map(|x| x.decl.name.as_str()));
        // A misspelt subnet is asked about as `subnet:<name>`.
        let suggestion = crate::suggest::closest(word, candidates)
            .map(str::to_string)
            .or_else(|| {
                let subnets = m.subnets.iter().map(|s| s.decl.name.as_str());
                crate::suggest::closest(word, subnets).map(|s| format!("subnet:{s}"))
            });
        Err(EndpointError::Unknown {
            word: word.into(),
            suggestion,
        })
    }

    /// Any host of a subnet, declared or not, in no security group: a
    /// public IPv4 address when the subnet gives its hosts one, IPv6
    /// addresses (its /64) when it is dual-stack.
    pub fn subnet_class(&self, sid: SubnetId) -> Class {
        let m = self.model;
        Class {
            public: m[sid].public_ip(),
            kind: ClassKind::Subnet,
            addrs6: self.ipv6().subnet[sid],
            ..adhoc(m, sid, set::cidr(&m[sid].cidr.node).1)
        }
    }

    /// Whether the IPv6 internet is a question for an inside place: its
    /// interfaces have IPv6 addresses and its subnet's route table sends
    /// IPv6 to an internet or egress-only gateway. Elsewhere `internet`
    /// means the IPv4 internet only (a host without IPv6 is not "blocked
    /// over IPv6": it does not speak it).
    pub fn ipv6_applies(&self, p: &Place) -> bool {
        match self.place_class(p) {
            None => true,
            Some(c) => c.addrs6.is_some() && self.lpm(c.subnet).routes_ipv6_out(),
        }
    }

    /// A CIDR: its part outside every VPC is reached through internet
    /// gateways; its parts inside subnets are hosts without security groups.
    fn cidr_places(&self, net: &ipnet::IpNet) -> Vec<Place> {
        let m = self.model;
        let (fam, iv) = set::cidr(net);
        let mut holes: Vec<Interval> = m
            .vpcs
            .iter()
            .flat_map(|v| v.ipv4_blocks())
            .map(|c| set::cidr(&c.node))
            .filter(|(f, _)| *f == fam)
            .map(|(_, v)| v)
            .collect();
        if fam != V4 {
            holes.extend(self.ipv6().vpc.iter().filter_map(|(_, b)| *b));
        }
        let outside = set::gaps(iv, holes);
        let mut places = Vec::new();
        if !outside.is_empty() {
            places.push(Place::Outside(Arc::new(AddrSet::new(fam, outside))));
        }
        if fam == V4 {
            for (sid, s) in ids(&m.subnets) {
                let (_, siv) = set::cidr(&s.cidr.node);
                if let Some(part) = siv.intersect(iv) {
                    places.push(Place::Adhoc(Arc::new(adhoc(m, sid, part))));
                }
            }
        } else {
            for (sid, s6) in self.ipv6().subnet.iter() {
                if let Some(part) = s6.and_then(|s6| s6.intersect(iv)) {
                    let mut c = adhoc(m, sid, set::cidr(&m[sid].cidr.node).1);
                    c.addrs6 = Some(part);
                    places.push(Place::Adhoc(Arc::new(c)));
                }
            }
        }
        places
    }

    /// Answer a question.
    pub fn reach(&self, q: &Query<'_>) -> Result<ReachAnswer, QueryError> {
        if !q.from.inside() && !q.to.inside() {
            return Err(QueryError::BothOutside {
                from: q.from.word.clone(),
                to: q.to.word.clone(),
            });
        }
        let all = Traffic::union(q.items.iter().map(|i| &i.traffic));
        let mut items: Vec<ItemAnswer> = q
            .items
            .iter()
            .map(|_| ItemAnswer {
                verdict: Verdict::Blocked,
                legs: Vec::new(),
                omitted: Omitted::default(),
                first_blocker: None,
                backend: Vec::new(),
                families: Vec::new(),
            })
            .collect();
        let mut folds = vec![VerdictFold::default(); q.items.len()];
        // Per item, the fold of each family's legs: [IPv4, IPv6].
        let mut fam_folds = vec![[VerdictFold::default(); 2]; q.items.len()];
        let internet = q.from.kind == EndpointKind::Internet || q.to.kind == EndpointKind::Internet;
        let mut kept = 0;
        for f in &q.from.places {
            for t in &q.to.places {
                // A service is where its names lead from the source's VPC.
                if let Some(k) = &q.to.service
                    && !self.service_applies(k, f, t)
                {
                    continue;
                }
                if let Some(k) = &q.from.service
                    && !self.service_applies(k, t, f)
                {
                    continue;
                }
                let fam = match (f, t) {
                    (Place::Outside(a), _) | (_, Place::Outside(a)) => a.fam,
                    _ => V4,
                };
                if internet && fam != V4 && !(self.ipv6_applies(f) && self.ipv6_applies(t)) {
                    continue;
                }
                let legs = self.trace(f, t, &all, Mode::Verdict);
                if legs.is_empty() {
                    continue;
                }
                // Per item, the verdict of each leg, from the union trace.
                let per_leg: Vec<(PortIndex, PortIndex, PortIndex)> = legs
                    .iter()
                    .map(|l| {
                        (
                            PortIndex::new(&l.requested),
                            PortIndex::new(&l.requested.subtract(&l.delivered)),
                            PortIndex::new(&l.answered),
                        )
                    })
                    .collect();
                drop(legs);
                let mut retraced: Vec<Option<Vec<Leg>>> = vec![None; q.items.len()];
                for (i, item) in q.items.iter().enumerate() {
                    let parts = &item.traffic.parts;
                    for (k, (req, undelivered, answered)) in per_leg.iter().enumerate() {
                        // A leg that asks nothing of this item (every item
                        // has the same addresses, so this is rare).
                        if !req.meets(parts) {
                            continue;
                        }
                        let v = if !answered.meets(parts) {
                            Verdict::Blocked
                        } else if !undelivered.meets(parts) {
                            Verdict::Reachable
                        } else {
                            Verdict::Partial
                        };
                        folds[i].add(v);
                        fam_folds[i][usize::from(fam != V4)].add(v);
                        let ans = &mut items[i];
                        let keep = ans.legs.len() < LEG_CAP && kept < TOTAL_LEG_CAP;
                        let need_blocker = ans.first_blocker.is_none() && v != Verdict::Reachable;
                        if !keep && !need_blocker {
                            ans.omitted.add(v);
                            continue;
                        }
                        let mine = retraced[i]
                            .get_or_insert_with(|| self.trace(f, t, &item.traffic, q.mode));
                        let Some(leg) = mine.get(k) else { continue };
                        if ans.first_blocker.is_none() {
                            ans.first_blocker = leg.first_blocker().cloned();
                        }
                        if keep {
                            ans.legs.push(leg.clone());
                            kept += 1;
                        } else {
                            ans.omitted.add(v);
                        }
                    }
                    retraced[i] = None;
                }
            }
        }
        let mut backends: Vec<Option<Vec<Backend>>> = Vec::new();
        for (i, item) in q.items.iter().enumerate() {
            items[i].verdict = folds[i].verdict();
            if fam_folds[i].iter().all(|f| f.traced()) {
                items[i].families = [false, true]
                    .into_iter()
                    .zip(&fam_folds[i])
                    .map(|(ipv6, f)| FamilyVerdict {
                        ipv6,
                        verdict: f.verdict(),
                    })
                    .collect();
            }
            if let Some(lb) = q.to.lb
                && folds[i].any_through()
            {
                items[i].backend = self.backends(lb, &item.traffic, &mut backends);
            }
        }
        Ok(ReachAnswer { items })
    }

    /// Where a load balancer forwards some traffic: every listener that
    /// accepts it, its target group, and each (node, target) pair on the
    /// target port — the health-check path. Each listener's pairs are
    /// traced once per answer (`cache`, by listener).
    fn backends(
        &self,
        lb: LbId,
        traffic: &Traffic,
        cache: &mut Vec<Option<Vec<Backend>>>,
    ) -> Vec<Backend> {
        let m = self.model;
        let l = &m[lb];
        cache.resize(l.listeners.len(), None);
        let mut out = Vec::new();
        for (li, listener) in l.listeners.iter().enumerate() {
            if listener_groups(m, lb, li).is_empty() {
                continue;
            }
            let port = u128::from(listener.port.node);
            let accepts = traffic.parts.iter().any(|(p, ports)| {
                listener_protocols(listener.protocol.node)
                    .iter()
                    .any(|x| p.lo <= *x && *x <= p.hi)
                    && ports.lo <= port
                    && port <= ports.hi
            });
            if !accepts {
                continue;
            }
            let pairs = cache[li].get_or_insert_with(|| self.listener_backends(lb, li));
            out.extend(pairs.iter().cloned());
        }
        out
    }

    /// The (node, target) pairs of one listener: of its default action's
    /// target group and of its rules'.
    fn listener_backends(&self, lb: LbId, li: usize) -> Vec<Backend> {
        let mut out = Vec::new();
        for tg in listener_groups(self.model, lb, li) {
            self.group_backends(lb, li, tg, &mut out);
        }
        out
    }

    /// The (node, target) pairs of one target group behind a listener.
    fn group_backends(&self, lb: LbId, li: usize, tg: TgId, out: &mut Vec<Backend>) {
        let m = self.model;
        let classes = self.classes();
        let port = m[tg].port.node;
        let traffic = Traffic::tcp(&[port]);
        for (member, _) in self.target_members(tg) {
            for &c in classes.of_member(member) {
                let backend = |leg| Backend {
                    lb,
                    listener: li,
                    target_group: tg,
                    port,
                    target: c,
                    leg,
                };
                let nodes = self.sending_nodes(lb, c);
                if nodes.is_empty() {
                    out.push(backend(None));
                    continue;
                }
                for n in nodes {
                    for leg in
                        self.trace(&Place::Class(n), &Place::Class(c), &traffic, Mode::Normal)
                    {
                        out.push(backend(Some(leg)));
                    }
                }
            }
        }
    }
}

fn adhoc(m: &Model, subnet: SubnetId, addrs: Interval) -> Class {
    Class {
        subnet,
        vpc: m[subnet].vpc.node,
        sgs: Vec::new(),
        public: false,
        kind: ClassKind::Anonymous,
        members: Vec::new(),
        addrs,
        addrs6: None,
    }
}
