//! What a path meets and why it passes or not: hops, the facts and
//! rules that decide them, as data.

use super::*;

/// A component on the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    /// The load balancer's listeners select what it accepts.
    Listener { lb: LbId },
    /// Both ends must be in one VPC, or in two VPCs a peering or a
    /// transit gateway joins.
    Vpc,
    /// Outbound rules of the source's security groups.
    SgEgress { class: ClassRef },
    /// Inbound rules of the destination's security groups.
    SgIngress { class: ClassRef },
    /// A subnet's network ACL in one direction.
    Acl {
        subnet: SubnetId,
        acl: Option<AclId>,
        dir: Direction,
    },
    /// Source and destination share a subnet: no ACL applies.
    SameSubnet { subnet: SubnetId },
    /// The route table of a subnet, looking up the destination.
    Route {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// The route table of the destination subnet, looking up the client:
    /// replies must leave through an internet gateway.
    ReturnRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// An internet gateway attached to the VPC.
    InternetGateway { vpc: VpcId },
    /// The interface needs a public address for the gateway to translate.
    PublicAddress { class: ClassRef },
    /// A NAT gateway forwarding to the internet.
    NatGateway { nat: NatId },
    /// The route table of the NAT gateway's subnet.
    NatRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// Load balancer nodes open connections only to their targets.
    LbOutbound { lb: LbId },
    /// A VPC peering connection carrying the traffic.
    Peering { peering: PeeringId },
    /// A transit gateway carrying the traffic.
    TransitGateway { tgw: TgwId },
    /// The route table of the destination subnet, looking up the client:
    /// replies must go back over the peering or transit gateway the
    /// traffic came by.
    RouteBack {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
}

/// Why a group reference that seems to fit does not admit the traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefNote {
    /// Internet traffic never matches a group reference.
    Outside,
    /// The other side carries no group at all.
    NoGroup { group: SgId },
    /// The other side is in the VPC's default group.
    DefaultGroup { group: SgId },
    /// The other side carries other groups.
    NotMember { group: SgId },
}

/// A fact about the network that decides a whole hop (gateways, addresses,
/// VPC boundaries), as data; [`explain`](crate::analysis::explain) words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The two ends are in different VPCs.
    OtherVpc {
        from: SubnetId,
        from_vpc: VpcId,
        to: SubnetId,
        to_vpc: VpcId,
    },
    /// Internet traffic enters the VPC through this gateway.
    IgwEntry {
        igw: IgwId,
        vpc: VpcId,
    },
    /// The VPC has no internet gateway.
    NoIgw {
        vpc: VpcId,
    },
    /// The route's internet gateway, attached to `vpc` or not.
    IgwAttached {
        igw: IgwId,
        vpc: VpcId,
    },
    /// A NAT gateway's route leads to a gateway of another VPC.
    IgwOtherVpc {
        igw: IgwId,
    },
    /// A NAT gateway's route leads to another NAT gateway.
    NatChain {
        subnet: SubnetId,
        nat: NatId,
    },
    /// A load balancer node does not open connections to the internet.
    LbOutbound {
        lb: LbId,
    },
    /// The destination is inside the VPC: the local route keeps it there.
    LocalDestination,
    /// Public addresses of a load balancer.
    LbInternal {
        lb: LbId,
    },
    LbNoIpv6 {
        lb: LbId,
    },
    LbInternetFacing {
        lb: LbId,
    },
    /// Ad-hoc addresses have no public address.
    AdhocNoPublic,
    /// Any host of a subnet (`subnet:<name>`): a public IPv4 address when
    /// the subnet gives one, IPv6 addresses when it is dual-stack.
    SubnetPublicIp {
        subnet: SubnetId,
    },
    SubnetNoPublicIp {
        subnet: SubnetId,
    },
    SubnetIpv6 {
        subnet: SubnetId,
    },
    SubnetNoIpv6 {
        subnet: SubnetId,
    },
    /// EFS mount targets have private addresses only.
    MountTargetPrivate {
        fs: FsId,
    },
    /// Public addresses of hosts.
    HostsNoIpv6 {
        class: ClassRef,
    },
    HostsPublic {
        class: ClassRef,
    },
    HostsNoPublic {
        class: ClassRef,
    },
    /// What a NAT gateway does with the traffic.
    NatOtherVpc {
        nat: NatId,
    },
    NatIpv4Only {
        nat: NatId,
    },
    NatPrivate {
        nat: NatId,
    },
    NatNoEip {
        nat: NatId,
    },
    NatForwards {
        nat: NatId,
    },
    /// Replies would leave through a gateway of another VPC.
    ReplyIgwOtherVpc {
        igw: IgwId,
    },
    /// Replies would leave through a NAT gateway (by this route).
    ReplyViaNat {
        subnet: SubnetId,
        nat: NatId,
        route: Option<(RouteTableId, usize)>,
    },
    /// Replies to the internet would leave through a gateway endpoint.
    ReplyViaEndpoint {
        endpoint: EndpointId,
    },
    /// Replies find no route to an internet gateway.
    ReplyNoRoute {
        subnet: SubnetId,
        table: Option<RouteTableId>,
    },
    /// Hosts with an IPv6 address (IPv6 addresses are public: no NAT).
    HostsIpv6 {
        class: ClassRef,
    },
    /// An egress-only internet gateway lets no connection in from the
    /// internet: the subnet's IPv6 route (or the VPC's only IPv6 way out)
    /// goes through it.
    EigwNoInbound {
        eigw: EigwId,
        route: Option<(RouteTableId, usize)>,
    },
    /// The route's egress-only gateway, attached to `vpc` or not.
    EigwAttached {
        eigw: EigwId,
        vpc: VpcId,
    },
    /// An egress-only internet gateway carries IPv6 only.
    EigwIpv6Only {
        eigw: EigwId,
    },
    /// A route sends the traffic to a peering that does not join the
    /// source's VPC.
    PeeringOtherVpc {
        peering: PeeringId,
        vpc: VpcId,
    },
    /// The peering carries it: the destination lies in the far side's
    /// blocks.
    PeeringCarries {
        peering: PeeringId,
    },
    /// The destination lies outside the far side's blocks: a peering does
    /// not carry transitive traffic.
    PeeringNotTransitive {
        peering: PeeringId,
    },
    /// The traffic enters the VPC over the peering.
    PeeringEntry {
        peering: PeeringId,
        vpc: VpcId,
    },
    /// The transit gateway has an attachment in the VPC (or not).
    TgwAttached {
        tgw: TgwId,
        vpc: VpcId,
    },
    /// The VPC's attachment has no subnet in the source subnet's zone.
    TgwNoZone {
        tgw: TgwId,
        subnet: SubnetId,
    },
    /// The destination is among the networks behind the transit gateway.
    TgwNetworks {
        tgw: TgwId,
    },
    /// The destination is behind neither the transit gateway nor a VPC
    /// attached to it.
    TgwNoNetwork {
        tgw: TgwId,
    },
    /// Replies find no route back over the way the traffic came.
    NoRouteBack {
        subnet: SubnetId,
        table: Option<RouteTableId>,
        /// The peering or transit gateway the traffic came by.
        via: RouteTarget,
    },
}

/// Who decided a part of the traffic at a hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum By {
    AclRule {
        acl: AclId,
        dir: Direction,
        index: usize,
    },
    /// The fixed `*` rule.
    AclDefault {
        acl: AclId,
        dir: Direction,
    },
    /// No custom ACL: the VPC's default ACL allows everything.
    DefaultAcl {
        subnet: SubnetId,
    },
    SameSubnet,
    SgRule {
        sg: SgId,
        dir: Direction,
        index: usize,
    },
    /// A group without `egress` lines allows all outbound traffic.
    SgDefaultEgress {
        sg: SgId,
    },
    /// No rule of the groups admits it; `note` says why a group reference
    /// that seems to fit does not.
    SgNone {
        dir: Direction,
        note: Option<RefNote>,
    },
    /// The interface has no group: the VPC's default group applies.
    DefaultSg {
        dir: Direction,
        allow: bool,
    },
    /// A network LB without security groups passes all traffic.
    NoSgs {
        lb: LbId,
    },
    Route {
        table: RouteTableId,
        index: usize,
    },
    LocalRoute {
        vpc: VpcId,
    },
    /// Route `index` of a table's prefix-list routes.
    PrefixListRoute {
        table: RouteTableId,
        index: usize,
    },
    /// The route AWS adds to a table for a gateway endpoint.
    EndpointRoute {
        endpoint: EndpointId,
        table: RouteTableId,
    },
    NoRoute {
        table: Option<RouteTableId>,
        subnet: SubnetId,
    },
    Listener {
        lb: LbId,
        index: usize,
    },
    NoListener {
        lb: LbId,
    },
    /// A fact about the network.
    Fact(Fact),
}
