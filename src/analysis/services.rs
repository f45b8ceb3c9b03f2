//! Addresses netlint does not know and the services behind them: the
//! stand-in blocks of prefix lists by id and AWS-managed lists, the
//! addresses of declared lists, and where a service's names lead from a
//! VPC (a gateway endpoint's route, an interface endpoint's interfaces, or
//! the service's public addresses).
//!
//! An existing list (`pl-…`), an AWS-managed one (`aws:s3`) or a service's
//! public endpoint is "some public addresses": netlint gives each a
//! stand-in /24 of public IPv4 space that no CIDR of the file overlaps
//! (except `/0`), so every rule and route that names it matches exactly
//! it, a CIDR rule matches it only if it covers everything, and the
//! wording says "the public addresses of s3" rather than an address.
//! Stand-ins are allocated once per run in declaration order, so they do
//! not depend on which rule asks first.

use super::Analysis;
use super::classes::{Class, ClassKind};
use super::path::{AddrSet, Place};
use super::set::{self, Interval, V4};
use crate::model::*;
use std::sync::{Arc, Mutex};

/// What a stand-in block stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Standin {
    /// A service's public addresses (also the AWS-managed list of it).
    Service(String),
    /// An existing prefix list by id.
    List(ExternalPl),
}

impl Standin {
    pub fn of_list(r: PrefixListRef) -> Option<Standin> {
        match r {
            PrefixListRef::Declared(_) => None,
            PrefixListRef::Existing(x) => Some(Standin::List(x)),
            PrefixListRef::Aws(l) => Some(Standin::Service(
                l.service().unwrap_or("cloudfront").to_string(),
            )),
        }
    }
}

/// Where stand-ins start: a block of Amazon's public space.
const BASE: u128 = 0x345e_0000; // 52.94.0.0
/// Past this, wrap around to `BASE` (the file wrote nearly every address).
const TOP: u128 = 0xdfff_ff00; // 223.255.255.0

/// The stand-in blocks of one model.
#[derive(Debug, Default)]
pub struct Standins {
    /// IPv4 blocks the file writes (but `/0`), sorted and merged.
    written: Vec<Interval>,
    blocks: Vec<(Standin, Interval)>,
    /// Stand-ins only a `reach` question needed, after the file's.
    extra: Mutex<Vec<(Standin, Interval)>>,
}

impl Standins {
    pub fn new(m: &Model) -> Self {
        let mut written: Vec<Interval> = Vec::new();
        let mut add = |n: &ipnet::IpNet| {
            let (f, iv) = set::cidr(n);
            if f == V4 && n.prefix_len() > 0 {
                written.push(iv);
            }
        };
        for v in &m.vpcs {
            add(&v.cidr.node);
        }
        for g in &m.security_groups {
            for r in g.ingress.iter().chain(&g.egress) {
                if let Peer::Cidr(c) = &r.peer.node {
                    add(c);
                }
            }
        }
        for a in &m.network_acls {
            for r in a.inbound.iter().chain(&a.outbound) {
                add(&r.cidr.node);
            }
        }
        for t in &m.route_tables {
            for r in &t.routes {
                add(&r.destination.node);
            }
        }
        for p in &m.prefix_lists {
            for e in p.entries.ids() {
                add(&e);
            }
        }
        set::merge_intervals(&mut written);
        let mut s = Standins {
            written,
            ..Standins::default()
        };
        // Every stand-in the file needs, in declaration order.
        for &r in &m.order {
            match r {
                ResourceId::SecurityGroup(i) => {
                    for rule in m[i].ingress.iter().chain(&m[i].egress) {
                        if let Peer::PrefixList(p) = rule.peer.node
                            && let Some(k) = Standin::of_list(p)
                        {
                            s.get(&k);
                        }
                    }
                }
                ResourceId::RouteTable(i) => {
                    for route in &m[i].prefix_list_routes {
                        if let Some(k) = Standin::of_list(route.list.node) {
                            s.get(&k);
                        }
                    }
                }
                ResourceId::VpcEndpoint(i) => {
                    s.get(&Standin::Service(m[i].service_key().to_string()));
                }
                _ => {}
            }
        }
        s
    }

    /// The block of a stand-in, allocating the next free one if new.
    fn get(&mut self, k: &Standin) -> Interval {
        if let Some((_, iv)) = self.blocks.iter().find(|(x, _)| x == k) {
            return *iv;
        }
        let iv = self.free_after(self.blocks.last().map_or(BASE, |(_, b)| b.hi + 1));
        self.blocks.push((k.clone(), iv));
        iv
    }

    /// The block of a stand-in, the file's or (for a service only a
    /// `reach` question names) the next free one after every other.
    pub fn lookup(&self, k: &Standin) -> Interval {
        if let Some((_, iv)) = self.blocks.iter().find(|(x, _)| x == k) {
            return *iv;
        }
        let mut extra = self.extra.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, iv)) = extra.iter().find(|(x, _)| x == k) {
            return *iv;
        }
        let last = extra.last().or(self.blocks.last());
        let iv = self.free_after(last.map_or(BASE, |(_, b)| b.hi + 1));
        extra.push((k.clone(), iv));
        iv
    }

    /// The first /24 at or after `at` that no written block touches.
    fn free_after(&self, mut at: u128) -> Interval {
        let mut wrapped = false;
        loop {
            if at > TOP {
                if wrapped {
                    return Interval::new(BASE, BASE + 255);
                }
                wrapped = true;
                at = BASE;
            }
            let cand = Interval::new(at, at + 255);
            let i = self.written.partition_point(|w| w.hi < cand.lo);
            match self.written.get(i) {
                Some(w) if w.lo <= cand.hi => at = (w.hi + 1).div_ceil(256) * 256,
                _ => return cand,
            }
        }
    }

    /// What a block stands for, if it is one.
    pub fn which(&self, a: &AddrSet) -> Option<Standin> {
        if a.fam != V4 || a.ivs.len() != 1 {
            return None;
        }
        let extra = self.extra.lock().unwrap_or_else(|e| e.into_inner());
        self.blocks
            .iter()
            .chain(extra.iter())
            .find(|(_, iv)| *iv == a.ivs[0])
            .map(|(k, _)| k.clone())
    }
}

/// How a VPC reaches a service.
#[derive(Clone, Debug)]
pub enum ServiceWay {
    /// An interface endpoint with private DNS: the names resolve to its
    /// interfaces (one class per subnet).
    Interface(EndpointId, Vec<Arc<Class>>),
    /// The service's public addresses (a gateway endpoint's route takes
    /// them where its route tables apply; NAT or the internet elsewhere).
    Public(Arc<AddrSet>),
}

impl Analysis<'_> {
    /// The stand-in blocks of the model.
    pub fn standins(&self) -> &Standins {
        self.standins.get_or_init(|| Standins::new(self.model))
    }

    /// The addresses of a prefix list: a declared list's entries (of its
    /// family), else its stand-in block.
    pub fn prefix_list_addrs(&self, r: PrefixListRef) -> AddrSet {
        match r {
            PrefixListRef::Declared(p) => {
                let l = &self.model[p];
                let fam = match l.family.node {
                    Family::Ipv4 => V4,
                    Family::Ipv6 => set::V6,
                };
                AddrSet::new(fam, l.entries.ids().map(|c| set::cidr(&c).1).collect())
            }
            _ => {
                let k = Standin::of_list(r).expect("not declared");
                AddrSet::new(V4, vec![self.standins().lookup(&k)])
            }
        }
    }

    /// A service's public addresses (its stand-in).
    pub fn service_addrs(&self, key: &str) -> AddrSet {
        let k = Standin::Service(key.to_string());
        AddrSet::new(V4, vec![self.standins().lookup(&k)])
    }

    /// The interface endpoint of a VPC whose private DNS takes a service's
    /// names (the first declared: AWS allows one).
    pub fn dns_endpoint(&self, vpc: VpcId, key: &str) -> Option<EndpointId> {
        ids(&self.model.vpc_endpoints)
            .find(|(_, e)| {
                e.vpc.node == vpc && e.is_interface() && e.private_dns() && e.service_key() == key
            })
            .map(|(id, _)| id)
    }

    /// The interfaces of an interface endpoint: one class per subnet.
    pub fn endpoint_classes(&self, e: EndpointId) -> Vec<Arc<Class>> {
        let m = self.model;
        let ep = &m[e];
        let mut sgs: Vec<SgId> = ep.security_groups.ids().collect();
        sgs.sort();
        sgs.dedup();
        let mut out: Vec<Arc<Class>> = Vec::new();
        for s in ep.subnets.ids() {
            if out.iter().any(|c| c.subnet == s) {
                continue;
            }
            out.push(Arc::new(Class {
                subnet: s,
                vpc: m[s].vpc.node,
                sgs: sgs.clone(),
                public: false,
                kind: ClassKind::Endpoint(e),
                members: Vec::new(),
                addrs: set::cidr(&m[s].cidr.node).1,
                // Interface endpoints are written IPv4 only.
                addrs6: None,
            }));
        }
        out
    }

    /// Where a service's names lead from a VPC.
    pub fn service_way(&self, vpc: VpcId, key: &str) -> ServiceWay {
        match self.dns_endpoint(vpc, key) {
            Some(e) => ServiceWay::Interface(e, self.endpoint_classes(e)),
            None => ServiceWay::Public(Arc::new(self.service_addrs(key))),
        }
    }

    /// The places of a service for a `reach` question: every interface
    /// endpoint with private DNS for it, and its public addresses; which
    /// of them a source uses is [`Analysis::service_applies`].
    pub fn service_places(&self, key: &str) -> Vec<Place> {
        let m = self.model;
        let mut out = Vec::new();
        for (vid, _) in ids(&m.vpcs) {
            if let ServiceWay::Interface(_, classes) = self.service_way(vid, key) {
                out.extend(classes.into_iter().map(Place::Adhoc));
            }
        }
        out.push(Place::Outside(Arc::new(self.service_addrs(key))));
        out
    }

    /// Whether a source place uses a destination place of a service: the
    /// endpoint interfaces of its own VPC where they take the names, else
    /// the public addresses.
    pub fn service_applies(&self, key: &str, from: &Place, to: &Place) -> bool {
        let Some(src) = self.place_class(from) else {
            return true;
        };
        match (to, self.dns_endpoint(src.vpc, key)) {
            (Place::Outside(_), dns) => dns.is_none(),
            (Place::Adhoc(c), Some(e)) => c.kind == ClassKind::Endpoint(e),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(src: &str) -> Model {
        crate::check::load(src).expect("valid").0
    }

    #[test]
    fn standins_avoid_every_written_block_and_each_other() {
        // 52.94.0.0/24 and 52.94.2.0/23 are written: s3 takes 52.94.1.0,
        // the list jumps over the /23 to 52.94.4.0.
        let m = model(
            "vpc main { cidr 10.0.0.0/16 }
security-group g { vpc main; egress tcp 443 to 52.94.0.0/24; egress tcp 443 to 52.94.2.0/23; egress tcp 443 to aws:s3; egress tcp 443 to pl-0a1b2c3d; egress tcp 443 to 0.0.0.0/0 }",
        );
        let s = Standins::new(&m);
        let s3 = s.lookup(&Standin::Service("s3".into()));
        let pl = s.lookup(&Standin::List(ExternalPl {
            hex: 0x0a1b2c3d,
            digits: 8,
        }));
        assert_eq!(s3, Interval::new(0x345e_0100, 0x345e_01ff));
        assert_eq!(pl, Interval::new(0x345e_0400, 0x345e_04ff));
        // Asked again, the same block; a service only `reach` names comes
        // after the file's.
        assert_eq!(s.lookup(&Standin::Service("s3".into())), s3);
        let sqs = s.lookup(&Standin::Service("sqs".into()));
        assert_eq!(sqs, Interval::new(0x345e_0500, 0x345e_05ff));
        assert_eq!(
            s.which(&AddrSet::new(V4, vec![sqs])),
            Some(Standin::Service("sqs".into()))
        );
    }
}
