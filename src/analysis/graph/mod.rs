//! The network as a diagram, as plain data: nested clusters (VPC ⊃ zone ⊃
//! subnet), nodes (gateways, VPC endpoints and their services, load
//! balancers, target groups, instances, Auto Scaling groups, file systems
//! and mount targets, security groups) and edges (routes, listeners and
//! their rules, targets, mounts, security-group rules), or the hops of a
//! reach answer.
//!
//! Built from the model, the topology and the reachability API; the
//! renderers (`render::graph_dot`, `render::graph_mermaid`) only draw it.
//! Everything is sorted and every id is derived from names, so the same
//! file always gives the same diagram, byte for byte.

mod network;
mod reach;

pub use network::{Options, network};
pub use reach::reach;

use std::collections::{BTreeMap, HashSet};

/// A diagram: a title, the top-level cluster and the edges between any
/// nodes or clusters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    /// Lines of the title (may be empty).
    pub title: Vec<String>,
    /// The nodes and clusters at the top level (its own kind and label are
    /// unused).
    pub root: Cluster,
    pub edges: Vec<Edge>,
}

/// A box around nodes and other boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub id: String,
    pub kind: ClusterKind,
    /// Lines of the label: a name first, then facts.
    pub label: Vec<String>,
    pub clusters: Vec<Cluster>,
    pub nodes: Vec<Node>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterKind {
    Root,
    Vpc,
    Zone,
    PublicSubnet,
    PrivateSubnet,
    /// One requested traffic item of a reach answer, with its verdict.
    ReachItem(Outcome),
    /// One path (leg) of an item.
    ReachLeg(Outcome),
    /// Where a load balancer forwards the traffic.
    ReachBackends,
}

/// A verdict, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Reachable,
    Partial,
    Blocked,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Internet,
    /// Addresses outside the network named by a rule (a CIDR).
    Cidr,
    InternetGateway,
    NatGateway,
    LoadBalancer,
    TargetGroup,
    Instance,
    Bastion,
    AutoScalingGroup,
    SecurityGroup,
    /// A gateway VPC endpoint (S3, DynamoDB): a route target.
    GatewayEndpoint,
    /// An interface VPC endpoint's interface in one subnet.
    InterfaceEndpoint,
    /// An AWS service reached through an endpoint.
    Service,
    /// An EFS file system.
    FileSystem,
    /// A file system's mount target in one subnet.
    MountTarget,
    /// Where a reach path starts or ends.
    Endpoint,
    /// A hop of a reach path and what it did.
    Hop(HopOutcome),
    /// A remark: paths not shown, a backend's verdict.
    Note(Option<Outcome>),
}

/// What a hop did with the traffic that reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HopOutcome {
    Pass,
    Partial,
    Block,
    /// The first hop that blocks: the answer's reason.
    FirstBlocker,
    /// Nothing reached it.
    Idle,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// Empty: no label.
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A route table's route from a subnet to a gateway.
    Route,
    /// An internet gateway to the internet.
    Internet,
    /// The internet to an internet-facing load balancer.
    Ingress,
    /// A listener forwarding to a target group.
    Listener,
    /// A target group's target.
    Target,
    /// A resource carries a security group.
    Member,
    /// A security-group rule admits a peer.
    SgRule,
    /// An endpoint to its AWS service.
    Service,
    /// A file system to its mount targets.
    MountTarget,
    /// A host that mounts a file system, to the mount target it uses.
    Mount,
    /// Forward traffic of a reach path.
    Path,
    /// Replies of a reach path.
    Reply,
}

impl Graph {
    /// Whether an id names a cluster (renderers draw edges to clusters
    /// differently).
    pub fn cluster_ids(&self) -> HashSet<&str> {
        fn walk<'g>(c: &'g Cluster, out: &mut HashSet<&'g str>) {
            for k in &c.clusters {
                out.insert(&k.id);
                walk(k, out);
            }
        }
        let mut out = HashSet::new();
        walk(&self.root, &mut out);
        out
    }
}

impl Cluster {
    fn new(id: String, kind: ClusterKind, label: Vec<String>) -> Self {
        Cluster {
            id,
            kind,
            label,
            clusters: Vec::new(),
            nodes: Vec::new(),
        }
    }

    /// Sort contents by id, recursively (ids follow names).
    fn sort(&mut self) {
        self.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        self.clusters.sort_by(|a, b| a.id.cmp(&b.id));
        for c in &mut self.clusters {
            c.sort();
        }
    }
}

/// Ids that every renderer accepts (`[A-Za-z0-9_]`, starting with a
/// letter), derived from a kind prefix and a name. Two names that differ
/// only in characters mapped to `_` get `_2`, `_3`… in the order asked;
/// callers ask in a sorted order, so ids are stable.
#[derive(Default)]
struct Ids {
    given: BTreeMap<(&'static str, String), String>,
    used: HashSet<String>,
}

impl Ids {
    fn id(&mut self, prefix: &'static str, name: &str) -> String {
        if let Some(id) = self.given.get(&(prefix, name.to_string())) {
            return id.clone();
        }
        let mut base = String::with_capacity(prefix.len() + 1 + name.len());
        base.push_str(prefix);
        base.push('_');
        for c in name.chars() {
            base.push(if c.is_ascii_alphanumeric() { c } else { '_' });
        }
        let mut id = base.clone();
        let mut n = 1;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        self.used.insert(id.clone());
        self.given.insert((prefix, name.to_string()), id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_distinct() {
        let mut ids = Ids::default();
        assert_eq!(ids.id("subnet", "public-a"), "subnet_public_a");
        assert_eq!(ids.id("subnet", "public_a"), "subnet_public_a_2");
        assert_eq!(ids.id("subnet", "public-a"), "subnet_public_a");
        assert_eq!(ids.id("x", "a\"b\u{1b}é"), "x_a_b__");
    }
}
