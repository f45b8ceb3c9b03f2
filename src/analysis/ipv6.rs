//! IPv6 addresses for the analysis: each VPC's /56 and each dual-stack
//! subnet's /64.
//!
//! An Amazon-provided /56 is unknown before deployment, so each such VPC
//! gets a stand-in carved from Amazon's own 2600:1f00::/24: the /56s of
//! that block in order, skipping any that meets an IPv6 block the file
//! writes (narrower than the /24 itself), one per VPC in declaration order.
//! Stand-ins are never emitted; they make IPv6 exact in reach and the rules
//! (a route, a group rule or an ACL rule compares real intervals).

use super::set::{self, Interval};
use crate::model::side::IdVec;
use crate::model::topology::Topology;
use crate::model::*;
use ipnet::IpNet;

/// Where stand-ins come from: Amazon's IPv6 block for VPCs.
const AMAZON: &str = "2600:1f00::/24";

/// The IPv6 blocks of the VPCs and subnets.
#[derive(Clone, Debug, Default)]
pub struct Ipv6Plan {
    /// The VPC's /56 (written, or a stand-in); `None` without IPv6.
    pub vpc: IdVec<Vpc, Option<Interval>>,
    /// A dual-stack subnet's /64; `None` for an IPv4-only subnet (or one
    /// whose index is past the /56, which A107 reports).
    pub subnet: IdVec<Subnet, Option<Interval>>,
}

impl Ipv6Plan {
    pub fn new(m: &Model, t: &Topology) -> Self {
        let amazon = set::cidr(&AMAZON.parse().expect("literal")).1;
        // Written IPv6 blocks inside Amazon's /24, sorted: the stand-ins
        // step over them.
        let mut written: Vec<Interval> = written_v6(m)
            .filter_map(|n| {
                let iv = set::cidr(&n).1;
                (n.prefix_len() > 24).then_some(iv)?.intersect(amazon)
            })
            .collect();
        written.sort_by_key(|iv| iv.lo);
        let size: u128 = 1 << 72;
        let mut next = amazon.lo;
        let mut w = 0;
        let mut vpc = IdVec::filled(m.vpcs.len(), None);
        for (id, v) in ids(&m.vpcs) {
            if let Some(c) = v.ipv6_cidr {
                vpc[id] = Some(set::cidr(&c.node).1);
                continue;
            }
            if !v.ipv6() {
                continue;
            }
            // The next /56 that meets no written block.
            loop {
                let cand = Interval::new(next, next + size - 1);
                while written.get(w).is_some_and(|iv| iv.hi < cand.lo) {
                    w += 1;
                }
                match written.get(w) {
                    Some(iv) if iv.lo <= cand.hi => next = (iv.hi / size + 1) * size,
                    _ => break,
                }
            }
            if next.checked_add(size - 1).is_none_or(|hi| hi > amazon.hi) {
                continue; // more than 2^32 VPCs: no stand-in left
            }
            vpc[id] = Some(Interval::new(next, next + size - 1));
            next += size;
        }
        let mut subnet = IdVec::filled(m.subnets.len(), None);
        for (id, s) in ids(&m.subnets) {
            if !m.subnet_dual_stack(id) {
                continue;
            }
            subnet[id] = match (s.ipv6_cidr, vpc[s.vpc.node], t.subnet_ipv6_index[id]) {
                (Some(c), _, _) => Some(set::cidr(&c.node).1),
                (None, Some(b), Some(k)) if k < 256 => {
                    let lo = b.lo + (u128::from(k) << 64);
                    Some(Interval::new(lo, lo + (1 << 64) - 1))
                }
                _ => None,
            };
        }
        Ipv6Plan { vpc, subnet }
    }
}

/// Every IPv6 block the file writes: VPC and subnet blocks, route
/// destinations, security-group and ACL rule blocks.
fn written_v6(m: &Model) -> impl Iterator<Item = IpNet> + '_ {
    let v6 = |n: &IpNet| matches!(n, IpNet::V6(_)).then_some(*n);
    let vpcs = m.vpcs.iter().filter_map(|v| v.ipv6_cidr.map(|c| c.node));
    let subnets = m.subnets.iter().filter_map(|s| s.ipv6_cidr.map(|c| c.node));
    let routes = m
        .route_tables
        .iter()
        .flat_map(|t| t.routes.iter())
        .filter_map(move |r| v6(&r.destination.node));
    let sgs = m
        .security_groups
        .iter()
        .flat_map(|g| g.ingress.iter().chain(&g.egress))
        .filter_map(move |r| match &r.peer.node {
            Peer::Cidr(n) => v6(n),
            _ => None,
        });
    let acls = m
        .network_acls
        .iter()
        .flat_map(|a| a.inbound.iter().chain(&a.outbound))
        .filter_map(move |r| v6(&r.cidr.node));
    vpcs.chain(subnets).chain(routes).chain(sgs).chain(acls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    fn plan(src: &str) -> (Model, Ipv6Plan) {
        let (m, t) = check::load(src).expect("valid");
        let p = Ipv6Plan::new(&m, &t);
        (m, p)
    }

    #[test]
    fn stand_ins_are_distinct_and_skip_written_blocks() {
        let (_, p) = plan(
            "vpc a { cidr 10.0.0.0/16; ipv6 on }\n\
             vpc b { cidr 10.1.0.0/16; ipv6 on }\n\
             vpc c { cidr 10.2.0.0/16 }\n\
             security-group g { vpc a; ingress tcp 22 from 2600:1f00:0:100::/56 }\n\
             subnet s { vpc a; cidr 10.0.0.0/24; zone a }\n\
             subnet t { vpc a; cidr 10.0.1.0/24; zone a; ipv6-index 0 }\n\
             subnet u { vpc a; cidr 10.0.2.0/24; zone a; ipv6 off }\n",
        );
        let a = p.vpc[VpcId::new(0)].expect("a");
        let b = p.vpc[VpcId::new(1)].expect("b");
        assert_eq!(a.lo, 0x2600_1f00_0000_0000u128 << 64);
        // The second /56 is written in the file: b skips it.
        assert_eq!(b.lo, 0x2600_1f00_0000_0200u128 << 64);
        assert!(p.vpc[VpcId::new(2)].is_none());
        // t writes index 0; s takes the lowest free one, 1; u has none.
        assert_eq!(p.subnet[SubnetId::new(1)].expect("t").lo, a.lo);
        assert_eq!(p.subnet[SubnetId::new(0)].expect("s").lo, a.lo + (1 << 64));
        assert!(p.subnet[SubnetId::new(2)].is_none());
    }
}
