//! The model of routing beyond one VPC: VPC peering connections (both
//! VPCs in the file, or a peer outside it described by its blocks) and
//! existing transit gateways with their VPC attachments. Kept apart from
//! the core kinds because they reach into several of them (routes,
//! security-group rules, subnets).

use super::*;

pub type PeeringId = Id<VpcPeering>;
pub type TgwId = Id<TransitGateway>;

/// The far side of a peering connection.
#[derive(Clone, Debug)]
pub enum PeerSide {
    /// `peer-vpc <vpc>`: a VPC of this file (same account and region).
    Vpc(Spanned<VpcId>),
    /// A VPC outside the file: its blocks and how AWS names it.
    External {
        cidrs: List<IpNet>,
        vpc_id: Spanned<String>,
        account: Option<Spanned<String>>,
        region: Option<Spanned<String>>,
    },
}

/// `vpc-peering hub-to-spoke { vpc hub; peer-vpc spoke }`.
#[derive(Clone, Debug)]
pub struct VpcPeering {
    pub decl: Decl,
    /// The requester VPC.
    pub vpc: Spanned<VpcId>,
    pub peer: PeerSide,
}

impl VpcPeering {
    /// The in-file peer VPC, if the peer is in the file.
    pub fn peer_vpc(&self) -> Option<VpcId> {
        match &self.peer {
            PeerSide::Vpc(v) => Some(v.node),
            PeerSide::External { .. } => None,
        }
    }

    /// Whether the peering has `vpc` on one of its sides.
    pub fn joins(&self, vpc: VpcId) -> bool {
        self.vpc.node == vpc || self.peer_vpc() == Some(vpc)
    }

    /// The side across from `vpc`: `Some(Some(v))` an in-file VPC,
    /// `Some(None)` the external peer, `None` when `vpc` is on neither side.
    pub fn across(&self, vpc: VpcId) -> Option<Option<VpcId>> {
        if self.vpc.node == vpc {
            Some(self.peer_vpc())
        } else if self.peer_vpc() == Some(vpc) {
            Some(Some(self.vpc.node))
        } else {
            None
        }
    }

    /// The IPv4 blocks across from `vpc` (the peer's when `vpc` is the
    /// requester or not in the peering).
    pub fn blocks_across(&self, m: &Model, vpc: VpcId) -> Vec<IpNet> {
        match self.across(vpc) {
            Some(Some(v)) => m[v].ipv4_blocks().map(|c| c.node).collect(),
            Some(None) | None => self.peer_blocks(m),
        }
    }

    /// The peer's blocks: its VPC's IPv4 blocks, or the `peer-cidrs`.
    pub fn peer_blocks(&self, m: &Model) -> Vec<IpNet> {
        match &self.peer {
            PeerSide::Vpc(v) => m[v.node].ipv4_blocks().map(|c| c.node).collect(),
            PeerSide::External { cidrs, .. } => cidrs.ids().collect(),
        }
    }
}

impl Model {
    /// Whether a peering of the file joins two of its VPCs (same account
    /// and region: their groups may name each other, their hosts reach
    /// each other across it).
    pub fn peered(&self, a: VpcId, b: VpcId) -> bool {
        self.vpc_peerings
            .iter()
            .any(|p| p.across(a) == Some(Some(b)))
    }
}

/// `attach <vpc> subnets <subnet>, …`: a transit gateway's VPC attachment.
#[derive(Clone, Debug)]
pub struct TgwAttachment {
    pub vpc: Spanned<VpcId>,
    pub subnets: List<SubnetId>,
    /// The whole attribute.
    pub span: Span,
}

/// `transit-gateway corp { id tgw-…; networks …; attach main subnets … }`:
/// an existing transit gateway (netlint does not create it).
#[derive(Clone, Debug)]
pub struct TransitGateway {
    pub decl: Decl,
    /// The gateway's id as written (`tgw-0123456789abcdef0`).
    pub id: Spanned<String>,
    /// The addresses behind the gateway.
    pub networks: List<IpNet>,
    /// One attachment per VPC, in file order.
    pub attachments: Vec<TgwAttachment>,
}

impl TransitGateway {
    /// The attachment of `vpc`, if the gateway has one.
    pub fn attachment(&self, vpc: VpcId) -> Option<&TgwAttachment> {
        self.attachments.iter().find(|a| a.vpc.node == vpc)
    }
}
