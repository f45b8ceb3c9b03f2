//! How each kind of cluster, node and edge of a diagram looks, shared by
//! the DOT and Mermaid renderers so both draw the same picture: AWS's
//! colours (VPC purple, public subnet green, private subnet teal), red for
//! what blocks.

use crate::analysis::graph::{ClusterKind, EdgeKind, HopOutcome, NodeKind, Outcome};

/// A box's look: fill and stroke colours, dashed or not, stroke width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Look {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub dashed: bool,
    pub width: u8,
}

const fn look(fill: &'static str, stroke: &'static str) -> Look {
    Look {
        fill,
        stroke,
        dashed: false,
        width: 1,
    }
}

const GREEN: Look = look("#e8f5e9", "#2e7d32");
const AMBER: Look = look("#fff8e1", "#f9a825");
const RED: Look = look("#ffebee", "#c62828");
const GREY: Look = Look {
    dashed: true,
    ..look("#f5f5f5", "#9e9e9e")
};

fn verdict(v: Outcome) -> Look {
    match v {
        Outcome::Reachable => GREEN,
        Outcome::Partial => AMBER,
        Outcome::Blocked => RED,
    }
}

pub(super) fn cluster(kind: ClusterKind) -> Look {
    match kind {
        ClusterKind::Root => look("#ffffff", "#ffffff"),
        ClusterKind::Vpc => Look {
            width: 2,
            ..look("#faf5ff", "#8c4fff")
        },
        ClusterKind::Zone => Look {
            dashed: true,
            ..look("#ffffff", "#147eba")
        },
        ClusterKind::PublicSubnet => look("#f2f6e8", "#7aa116"),
        ClusterKind::PrivateSubnet => look("#e6f6f7", "#00a4a6"),
        ClusterKind::ReachItem(v) | ClusterKind::ReachLeg(v) => Look {
            fill: "#ffffff",
            ..verdict(v)
        },
        ClusterKind::ReachBackends => look("#ffffff", "#616161"),
    }
}

pub(super) fn node(kind: NodeKind) -> Look {
    match kind {
        NodeKind::Internet | NodeKind::Cidr => look("#eceff1", "#455a64"),
        NodeKind::InternetGateway | NodeKind::NatGateway => look("#ede7f6", "#8c4fff"),
        NodeKind::LoadBalancer | NodeKind::TargetGroup => look("#f3e5f5", "#8e24aa"),
        NodeKind::Instance | NodeKind::AutoScalingGroup => look("#fff3e0", "#ed7100"),
        NodeKind::Bastion => Look {
            width: 2,
            ..look("#ffe0b2", "#bf360c")
        },
        NodeKind::SecurityGroup => look("#ffebee", "#dd344c"),
        NodeKind::GatewayEndpoint | NodeKind::InterfaceEndpoint => look("#ede7f6", "#8c4fff"),
        NodeKind::Service => look("#fce4ec", "#c7131f"),
        NodeKind::FileSystem | NodeKind::MountTarget => look("#f1f8e9", "#3f8624"),
        NodeKind::Endpoint => look("#e3f2fd", "#1565c0"),
        NodeKind::Hop(h) => match h {
            HopOutcome::Pass => GREEN,
            HopOutcome::Partial => AMBER,
            HopOutcome::Block => RED,
            HopOutcome::FirstBlocker => Look { width: 3, ..RED },
            HopOutcome::Idle => GREY,
        },
        NodeKind::Note(None) => GREY,
        NodeKind::Note(Some(v)) => verdict(v),
    }
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Line {
    Solid,
    Dotted,
    Thick,
}

pub(super) fn edge(kind: EdgeKind) -> Line {
    match kind {
        EdgeKind::Route
        | EdgeKind::Internet
        | EdgeKind::Listener
        | EdgeKind::Target
        | EdgeKind::Service
        | EdgeKind::Mount => Line::Solid,
        EdgeKind::Ingress | EdgeKind::Member | EdgeKind::Reply | EdgeKind::MountTarget => {
            Line::Dotted
        }
        EdgeKind::SgRule | EdgeKind::Path => Line::Thick,
    }
}

/// A short name for a node kind (Mermaid class names, DOT comments).
pub(super) fn node_class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Internet => "internet",
        NodeKind::Cidr => "cidr",
        NodeKind::InternetGateway => "igw",
        NodeKind::NatGateway => "nat",
        NodeKind::LoadBalancer => "lb",
        NodeKind::TargetGroup => "tg",
        NodeKind::Instance => "instance",
        NodeKind::Bastion => "bastion",
        NodeKind::AutoScalingGroup => "asg",
        NodeKind::SecurityGroup => "sg",
        NodeKind::GatewayEndpoint => "gwendpoint",
        NodeKind::InterfaceEndpoint => "ifendpoint",
        NodeKind::Service => "service",
        NodeKind::FileSystem => "fs",
        NodeKind::MountTarget => "mounttarget",
        NodeKind::Endpoint => "endpoint",
        NodeKind::Hop(HopOutcome::Pass) => "pass",
        NodeKind::Hop(HopOutcome::Partial) => "partial",
        NodeKind::Hop(HopOutcome::Block) => "block",
        NodeKind::Hop(HopOutcome::FirstBlocker) => "blocker",
        NodeKind::Hop(HopOutcome::Idle) => "idle",
        NodeKind::Note(None) => "note",
        NodeKind::Note(Some(Outcome::Reachable)) => "reachable",
        NodeKind::Note(Some(Outcome::Partial)) => "partialnote",
        NodeKind::Note(Some(Outcome::Blocked)) => "blocked",
    }
}

/// A label line as shown: capped and with control characters escaped
/// (nothing a file holds reaches a reader unescaped).
pub(super) fn safe(line: &str) -> std::borrow::Cow<'_, str> {
    super::text::for_person(line)
}
