//! Analyses over the model that several rules share: network-ACL evaluation
//! over sets of traffic and the reachability engine.
//!
//! # The reachability engine
//!
//! netlint answers from the file alone what AWS's VPC Reachability Analyzer
//! answers for deployed resources: can traffic get from A to B, on which
//! ports, and if not, which component stops it.
//!
//! * **Sets, not packets** ([`set`]). Traffic is a union of boxes over
//!   (family, source address, destination address, protocol, destination
//!   port); each field is an interval of integers (IPv4 in `u32` range,
//!   IPv6 in `u128`). ACL rules, security-group rules, routes and subnets
//!   are boxes, so every filter is exact interval arithmetic.
//! * **One ACL evaluator** ([`acl`]): rules by number, first match wins,
//!   `*` denies — evaluated over a whole set at once, recording which rule
//!   decided which part. The N rules and the engine call the same function.
//! * **Classes, not instances** ([`classes`]): interfaces with the same
//!   (subnet, security groups, public address or not) behave alike; an Auto
//!   Scaling group is one class per subnet, a load balancer one node class
//!   per subnet.
//! * **Paths** ([`path`]): security groups (stateful, allow-only, group
//!   references match members, never the internet), ACLs on both subnets and
//!   both directions (skipped inside one subnet), route tables (longest
//!   prefix, implicit local route, main table = local only), internet
//!   gateway (needs a public address, replies need a route back), NAT
//!   gateway (outbound only, source rewrite, its own subnet's ACLs, replies to
//!   1024–65535), load balancer listeners and nodes. Replies are checked
//!   through the ACLs to the client's ephemeral ports and reported as full,
//!   partial or none. A leg's [`path::Verdict`] is the one definition of
//!   "reachable".
//! * **Questions** ([`reach`]): endpoints by name, `internet` or CIDR, and
//!   answers with verdicts, paths and load-balancer backends, for `netlint
//!   reach`. All wording is in [`explain`].
//!
//! # Complexity
//!
//! Sets are kept per family in compact boxes (an IPv4 box is 24 bytes);
//! an operation on sets of *B* boxes costs O(B) to O(B²) box tests, and
//! neighbours are merged (a sort) only when an operation cut a box.
//!
//! * **An ACL direction of R rules** is evaluated by first match
//!   ([`set::FlowSet::first_match`]): per rule one test against the
//!   bounding box of what is left, then its boxes; O(R + R_hit·F) box tests
//!   with *F* the boxes left. What each direction does to every packet is
//!   computed once per run and shared by N401 and N402. N401 evaluates the
//!   replies of each allowing rule: O(R²) bounding-box tests for the ACL,
//!   where it used to be cubic; N402 compares a shadowed rule with the
//!   earlier ones (O(R) each) and names at most ten. An ACL far beyond
//!   N403's quota of 20 is still analysed in full, at this cost.
//! * **A route table of T routes** is prepared once into a longest-prefix
//!   map (a sort and a stack sweep, O(T log T)); splitting a set by route
//!   is a binary search per box plus the pieces it spans.
//! * **A security-group hop** costs O(rules × B).
//! * **A question between two classes** is a leg of at most ~12 hops and
//!   its replies, independent of file size. In `Verdict` mode — what the X
//!   rules ask first, tracing in full only what they report — an outside
//!   place of V pieces (the internet less every VPC) is traced as one
//!   interval and cut back in O(B log V), so a question's cost does not
//!   grow with the number of VPCs.
//! * **Building the classes** is linear in the declarations (one hash per
//!   interface); bastion classes per VPC, prepared ACLs and route maps are
//!   computed once, on first use, and shared by all rules of a run.
//!
//! The X rules ask O(C_pub + L + T + C_priv·(1 + bastion classes of the
//! VPC)) questions, with C classes, L listeners and T (node, target class)
//! pairs — linear in the number of distinct configurations, not in
//! instances. `reach` traces each pair of places once for all requested
//! items and keeps at most [`reach::TOTAL_LEG_CAP`] legs in full.

pub mod acl;
pub mod classes;
pub mod explain;
pub mod graph;
pub mod ipv6;
pub mod path;
pub mod reach;
pub mod services;
pub mod set;

use crate::model::side::IdVec;
use crate::model::topology::Topology;
use crate::model::{AclId, Model, NetworkAcl, Subnet, Vpc};
use classes::{ClassId, Classes};
use path::AddrSet;
use set::{Interval, V4};
use std::sync::{Arc, OnceLock};

/// Ephemeral ports of an ordinary client: Linux uses 32768–60999,
/// Windows and macOS 49152–65535; 32768–65535 covers both.
pub const EPHEMERAL_CLIENT: Interval = Interval::new(32768, 65535);
/// Ephemeral ports of a NAT gateway or a load balancer node, which pick
/// source ports from 1024–65535 for the traffic they forward.
pub const EPHEMERAL_PROXY: Interval = Interval::new(1024, 65535);

/// Shared analysis state handed to rules. Expensive parts are computed on
/// first use, so a run that selects no rule needing them pays nothing;
/// they are `OnceLock`s, so rules may run on several threads.
pub struct Analysis<'a> {
    pub model: &'a Model,
    pub topo: &'a Topology,
    classes: OnceLock<Classes>,
    ipv6: OnceLock<ipv6::Ipv6Plan>,
    acls: OnceLock<IdVec<NetworkAcl, acl::PreparedAcl>>,
    routes: OnceLock<IdVec<Subnet, Arc<path::route::Lpm>>>,
    internet: OnceLock<Arc<AddrSet>>,
    outside_vpcs: OnceLock<Arc<AddrSet>>,
    bastions: OnceLock<IdVec<Vpc, Vec<ClassId>>>,
    standins: OnceLock<services::Standins>,
}

impl<'a> Analysis<'a> {
    pub fn new(model: &'a Model, topo: &'a Topology) -> Self {
        Analysis {
            model,
            topo,
            classes: OnceLock::new(),
            ipv6: OnceLock::new(),
            acls: OnceLock::new(),
            routes: OnceLock::new(),
            internet: OnceLock::new(),
            outside_vpcs: OnceLock::new(),
            bastions: OnceLock::new(),
            standins: OnceLock::new(),
        }
    }

    /// Interface classes of the model.
    pub fn classes(&self) -> &Classes {
        self.classes
            .get_or_init(|| Classes::new(self.model, self.topo, self.ipv6()))
    }

    /// The IPv6 blocks of VPCs (written, or stand-ins) and subnets.
    pub fn ipv6(&self) -> &ipv6::Ipv6Plan {
        self.ipv6
            .get_or_init(|| ipv6::Ipv6Plan::new(self.model, self.topo))
    }

    /// An ACL with its rules sorted for evaluation.
    pub fn prepared_acl(&self, id: AclId) -> &acl::PreparedAcl {
        &self.acls.get_or_init(|| {
            self.model
                .network_acls
                .iter()
                .map(acl::PreparedAcl::new)
                .collect::<Vec<_>>()
                .into()
        })[id]
    }

    /// The IPv4 internet: every publicly routable address (0.0.0.0/0 less
    /// "this network", private, shared, loopback, link-local, multicast and
    /// reserved blocks) outside the file's VPCs. Documentation blocks such as
    /// 203.0.113.0/24 stay in: examples use them for offices.
    pub fn internet(&self) -> &Arc<AddrSet> {
        self.internet.get_or_init(|| {
            let reserved = [
                "0.0.0.0/8",
                "10.0.0.0/8",
                "100.64.0.0/10",
                "127.0.0.0/8",
                "169.254.0.0/16",
                "172.16.0.0/12",
                "192.168.0.0/16",
                "224.0.0.0/4",
                "240.0.0.0/4",
            ]
            .map(|n| set::cidr(&n.parse().expect("literal")).1);
            Arc::new(self.v4_outside(&reserved))
        })
    }

    /// Every IPv4 address outside the file's VPCs: where X901 looks for an
    /// open source block ("a /8 or wider outside the VPC").
    pub fn outside_vpcs(&self) -> &Arc<AddrSet> {
        self.outside_vpcs
            .get_or_init(|| Arc::new(self.v4_outside(&[])))
    }

    /// IPv4 addresses outside the VPCs, the networks reached over
    /// peerings and transit gateways (the blocks of a peer outside the
    /// file, a gateway's `networks`: private networks, not the internet)
    /// and the `extra` blocks: one sort of the holes, then the gaps between
    /// them (linear in VPCs after the sort, where subtracting the VPCs one
    /// by one would be quadratic).
    fn v4_outside(&self, extra: &[Interval]) -> AddrSet {
        let m = self.model;
        let mut holes: Vec<Interval> = extra.to_vec();
        let beyond = m
            .vpc_peerings
            .iter()
            .filter(|p| p.peer_vpc().is_none())
            .flat_map(|p| p.peer_blocks(m))
            .chain(m.transit_gateways.iter().flat_map(|t| t.networks.ids()));
        let blocks = m.vpcs.iter().flat_map(|v| v.ipv4_blocks().map(|c| c.node));
        for net in blocks.chain(beyond) {
            let (f, iv) = set::cidr(&net);
            if f == V4 {
                holes.push(iv);
            }
        }
        let out = set::gaps(set::addr_space(V4), holes);
        AddrSet::new(V4, out)
    }

    /// The IPv6 internet: global unicast 2000::/3 less the VPCs' IPv6
    /// blocks (written or stand-ins).
    pub fn internet_v6(&self) -> AddrSet {
        let (_, iv) = set::cidr(&"2000::/3".parse().expect("literal"));
        let holes: Vec<Interval> = self.ipv6().vpc.iter().filter_map(|(_, b)| *b).collect();
        AddrSet::new(set::V6, set::gaps(iv, holes))
    }

    /// Classes holding a bastion host, per VPC, in class order.
    pub fn bastion_classes(&self) -> &IdVec<Vpc, Vec<ClassId>> {
        self.bastions.get_or_init(|| {
            let m = self.model;
            let classes = self.classes();
            let mut by_vpc = IdVec::filled(m.vpcs.len(), Vec::new());
            for (cid, c) in classes.list.iter().enumerate() {
                if c.members.iter().any(|x| classes::is_bastion(m, *x)) {
                    by_vpc[c.vpc].push(cid);
                }
            }
            by_vpc
        })
    }
}

/// The analysis is shared by reference between rules, which may run on
/// several threads: everything computed on first use is behind `OnceLock`.
const _: () = {
    const fn shared<T: Sync + Send>() {}
    shared::<Analysis<'static>>();
};
