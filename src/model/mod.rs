//! The resolved model: what the file means, with names bound to typed ids.
//!
//! **Architecture invariant:** the model never touches the source text. Every
//! value is typed; every reference is an [`Id`]; every piece keeps the
//! [`Span`] it came from so that rules can point at it. The resolver
//! ([`resolve`]) builds a model only for a file without E-errors, so rules,
//! reachability and the emitter can rely on every required attribute being
//! present and every reference being valid.

mod endpoints;
pub mod instance_catalog;
mod instance_types;
pub mod limits;
pub mod logical_ids;
pub mod parse_value;
mod peering;
pub mod reference;
pub mod resolve;
pub mod schema;
pub mod side;
pub mod storage;
pub mod text;
pub mod topology;
pub mod values;

pub use endpoints::*;
pub use peering::*;
pub use resolve::resolve;
pub use storage::*;
pub use values::*;

use crate::span::{Span, Spanned};
use ipnet::IpNet;
use std::marker::PhantomData;

/// Index of a resource of kind `T` in its [`Model`] vector.
pub struct Id<T> {
    index: u32,
    _kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    pub fn new(index: usize) -> Self {
        Id {
            index: index as u32,
            _kind: PhantomData,
        }
    }

    pub fn index(self) -> usize {
        self.index as usize
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<T> Eq for Id<T> {}
impl<T> std::hash::Hash for Id<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state)
    }
}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<T> std::fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.index)
    }
}

pub type VpcId = Id<Vpc>;
pub type IgwId = Id<InternetGateway>;
pub type SubnetId = Id<Subnet>;
pub type RouteTableId = Id<RouteTable>;
pub type EipId = Id<Eip>;
pub type NatId = Id<NatGateway>;
pub type SgId = Id<SecurityGroup>;
pub type AclId = Id<NetworkAcl>;
pub type InstanceId = Id<Instance>;
pub type VolumeId = Id<Volume>;
pub type LbId = Id<LoadBalancer>;
pub type TgId = Id<TargetGroup>;
pub type LtId = Id<LaunchTemplate>;
pub type AsgId = Id<AutoScalingGroup>;
pub type EigwId = Id<EgressOnlyInternetGateway>;

/// Where a resource was declared: its name and the spans around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    pub name: String,
    /// The name in the block header.
    pub name_span: Span,
    /// The kind word in the block header.
    pub kind_span: Span,
    /// The whole block, header to closing brace.
    pub span: Span,
}

/// A comma-separated list attribute: the items and the span of the whole
/// attribute (empty list and default span when absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<T> {
    pub items: Vec<Spanned<T>>,
    /// Span of the attribute (key and values); `None` when not written.
    pub span: Option<Span>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            span: None,
        }
    }
}

impl<T: Copy> List<T> {
    pub fn ids(&self) -> impl Iterator<Item = T> + '_ {
        self.items.iter().map(|s| s.node)
    }
}

impl<T> List<T> {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Spanned<T>> {
        self.items.iter()
    }
}

#[derive(Clone, Debug)]
pub struct Vpc {
    pub decl: Decl,
    pub cidr: Spanned<IpNet>,
    pub ipv6: Option<Spanned<bool>>,
    pub dns: Option<Spanned<bool>>,
    /// Extra IPv4 blocks (`secondary-cidrs`).
    pub secondary_cidrs: List<IpNet>,
    /// A /56 written out (BYOIP or IPAM); `None` with `ipv6 on`: the block
    /// is Amazon-provided and unknown before deployment.
    pub ipv6_cidr: Option<Spanned<IpNet>>,
    pub flow_logs: Option<Spanned<FlowLog>>,
}

impl Vpc {
    /// Whether the VPC has an IPv6 block (`ipv6 on` or `ipv6-cidr`).
    pub fn ipv6(&self) -> bool {
        self.ipv6.is_some_and(|v| v.node) || self.ipv6_cidr.is_some()
    }
    /// Every IPv4 block: the primary, then the secondary ones.
    pub fn ipv4_blocks(&self) -> impl Iterator<Item = &Spanned<IpNet>> {
        std::iter::once(&self.cidr).chain(self.secondary_cidrs.iter())
    }
    pub fn dns(&self) -> bool {
        self.dns.is_none_or(|v| v.node)
    }
}

#[derive(Clone, Debug)]
pub struct InternetGateway {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
}

#[derive(Clone, Debug)]
pub struct Subnet {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub cidr: Spanned<IpNet>,
    pub zone: Spanned<Zone>,
    pub public_ip: Option<Spanned<bool>>,
    /// `ipv6 on|off`: in a VPC with IPv6, subnets are dual-stack unless off.
    pub ipv6: Option<Spanned<bool>>,
    /// Which /64 of the VPC's /56 (`ipv6-index`).
    pub ipv6_index: Option<Spanned<u8>>,
    /// The /64 written out (only in a VPC whose /56 is written out).
    pub ipv6_cidr: Option<Spanned<IpNet>>,
    pub ipv6_on_launch: Option<Spanned<bool>>,
}

impl Subnet {
    pub fn public_ip(&self) -> bool {
        self.public_ip.is_some_and(|v| v.node)
    }
    /// AssignIpv6AddressOnCreation (off by default, as in AWS).
    pub fn ipv6_on_launch(&self) -> bool {
        self.ipv6_on_launch.is_some_and(|v| v.node)
    }
}

/// An egress-only internet gateway: IPv6 out, nothing in.
#[derive(Clone, Debug)]
pub struct EgressOnlyInternetGateway {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RouteTarget {
    Igw(IgwId),
    Nat(NatId),
    Eigw(EigwId),
    /// A VPC peering connection.
    Peering(PeeringId),
    /// An existing transit gateway.
    Tgw(TgwId),
}

#[derive(Clone, Debug)]
pub struct Route {
    pub destination: Spanned<IpNet>,
    pub target: Spanned<RouteTarget>,
    /// The whole `route …` attribute.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RouteTable {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub subnets: List<SubnetId>,
    pub routes: Vec<Route>,
    /// Routes whose destination is a prefix list, in file order.
    pub prefix_list_routes: Vec<PrefixListRoute>,
}

#[derive(Clone, Debug)]
pub struct Eip {
    pub decl: Decl,
    pub instance: Option<Spanned<InstanceId>>,
}

#[derive(Clone, Debug)]
pub struct NatGateway {
    pub decl: Decl,
    pub subnet: Spanned<SubnetId>,
    pub eip: Option<Spanned<EipId>>,
    pub connectivity: Option<Spanned<Connectivity>>,
}

impl NatGateway {
    pub fn connectivity(&self) -> Connectivity {
        self.connectivity.map_or(Connectivity::Public, |c| c.node)
    }
}

/// The other side of a security-group rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Peer {
    Cidr(IpNet),
    Group(SgId),
    /// `self`: the group the rule belongs to.
    SelfGroup,
    /// A managed prefix list: declared, an existing id, or AWS's.
    PrefixList(PrefixListRef),
}

#[derive(Clone, Debug)]
pub struct SgRule {
    pub direction: Direction,
    /// `allow` unless written otherwise; the span is the word when written,
    /// else the protocol's span.
    pub action: Spanned<Action>,
    pub protocol: Spanned<Protocol>,
    /// Ports for tcp/udp; the ICMP type for icmp/icmpv6 when given; `None`
    /// for `all` (and for icmp without a type).
    pub ports: Option<Spanned<PortRange>>,
    pub peer: Spanned<Peer>,
    /// The whole attribute.
    pub span: Span,
    /// The trailing `"…"`, when written (the template carries one
    /// generated from the rule otherwise).
    pub description: Option<Spanned<String>>,
}

impl SgRule {
    /// The ports the rule covers (all for `all`/icmp without type).
    pub fn port_range(&self) -> PortRange {
        self.ports.map_or(PortRange::ALL, |p| p.node)
    }
}

#[derive(Clone, Debug)]
pub struct SecurityGroup {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub description: Option<Spanned<String>>,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
}

impl SecurityGroup {
    /// With no `egress` line a group allows all outbound traffic (the AWS
    /// default); with any, only those.
    pub fn default_egress(&self) -> bool {
        self.egress.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct AclRule {
    pub direction: Direction,
    /// The rule number as written (N405 checks the range).
    pub number: Spanned<u32>,
    pub action: Spanned<Action>,
    pub protocol: Spanned<Protocol>,
    pub ports: Option<Spanned<PortRange>>,
    pub cidr: Spanned<IpNet>,
    pub span: Span,
}

impl AclRule {
    pub fn port_range(&self) -> PortRange {
        self.ports.map_or(PortRange::ALL, |p| p.node)
    }
}

#[derive(Clone, Debug)]
pub struct NetworkAcl {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub subnets: List<SubnetId>,
    /// In file order; evaluation sorts by number.
    pub inbound: Vec<AclRule>,
    pub outbound: Vec<AclRule>,
}

impl NetworkAcl {
    pub fn rules(&self, direction: Direction) -> &[AclRule] {
        match direction {
            Direction::In => &self.inbound,
            Direction::Out => &self.outbound,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RootVolume {
    pub size_gib: Spanned<u64>,
    pub volume_type: Option<Spanned<VolumeType>>,
    /// `kms-key <arn|alias>`: the customer managed key (else AWS's).
    pub kms_key: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub decl: Decl,
    pub subnet: Spanned<SubnetId>,
    pub ami: Spanned<Ami>,
    pub instance_type: Spanned<String>,
    pub security_groups: List<SgId>,
    pub key_pair: Option<Spanned<String>>,
    pub public_ip: Option<Spanned<bool>>,
    /// `role bastion`: the span of the attribute.
    pub bastion: Option<Span>,
    pub root_volume: Option<Spanned<RootVolume>>,
    pub imds: Option<Spanned<Imds>>,
    pub user_data: Option<Spanned<String>>,
    /// IPv6 addresses on the primary interface (`ipv6-addresses`).
    pub ipv6_addresses: Option<Spanned<u32>>,
    pub access: Option<Spanned<Access>>,
    pub instance_profile: Option<Spanned<String>>,
    /// `mounts`: the EFS file systems it mounts.
    pub mounts: List<FsId>,
}

impl Instance {
    pub fn is_bastion(&self) -> bool {
        self.bastion.is_some()
    }
    pub fn imds(&self) -> Imds {
        self.imds.map_or(Imds::V2, |i| i.node)
    }
}

#[derive(Clone, Debug)]
pub struct Attachment {
    pub instance: Spanned<InstanceId>,
    pub device: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Volume {
    pub decl: Decl,
    pub zone: Spanned<Zone>,
    pub size_gib: Spanned<u64>,
    pub volume_type: Option<Spanned<VolumeType>>,
    pub iops: Option<Spanned<u64>>,
    pub encrypted: Option<Spanned<bool>>,
    pub multi_attach: Option<Spanned<bool>>,
    pub attachments: Vec<Attachment>,
    /// `throughput <MiB/s>` (gp3).
    pub throughput: Option<Spanned<u64>>,
    pub kms_key: Option<Spanned<String>>,
}

impl Volume {
    pub fn volume_type(&self) -> VolumeType {
        self.volume_type.map_or(VolumeType::Gp3, |t| t.node)
    }
    pub fn encrypted(&self) -> bool {
        self.encrypted.is_none_or(|e| e.node)
    }
    pub fn multi_attach(&self) -> bool {
        self.multi_attach.is_some_and(|m| m.node)
    }
}

#[derive(Clone, Debug)]
pub enum ListenerAction {
    Forward(Spanned<TgId>),
    Redirect {
        protocol: Spanned<LbProtocol>,
        port: Spanned<u16>,
    },
}

#[derive(Clone, Debug)]
pub struct Listener {
    pub protocol: Spanned<LbProtocol>,
    pub port: Spanned<u16>,
    pub action: ListenerAction,
    pub certificate: Option<Spanned<String>>,
    pub policy: Option<Spanned<String>>,
    pub span: Span,
}

/// `rule <listener-port> <priority> path|host <pattern>, … -> <target-group>`:
/// an application listener's rule, tried by priority before its default
/// action.
#[derive(Clone, Debug)]
pub struct ListenerRule {
    /// The port of the listener it belongs to.
    pub port: Spanned<u16>,
    pub priority: Spanned<u32>,
    pub field: Spanned<RuleField>,
    /// The values of the condition (any one matches).
    pub patterns: Vec<Spanned<String>>,
    pub target: Spanned<TgId>,
    /// The whole attribute.
    pub span: Span,
}

/// `access-logs <s3-arn> [prefix <word>]`.
#[derive(Clone, Debug)]
pub struct AccessLogs {
    /// The bucket's ARN as written.
    pub bucket_arn: Spanned<String>,
    pub prefix: Option<Spanned<String>>,
}

impl AccessLogs {
    /// The bucket's name: what follows `:::` in `arn:aws:s3:::name`.
    pub fn bucket(&self) -> &str {
        self.bucket_arn
            .node
            .rsplit(':')
            .next()
            .unwrap_or(&self.bucket_arn.node)
    }
}

#[derive(Clone, Debug)]
pub struct LoadBalancer {
    pub decl: Decl,
    pub lb_type: Spanned<LbType>,
    pub subnets: List<SubnetId>,
    pub scheme: Option<Spanned<Scheme>>,
    pub security_groups: List<SgId>,
    pub ip_address_type: Option<Spanned<IpAddressType>>,
    pub listeners: Vec<Listener>,
    pub access_logs: Option<Spanned<AccessLogs>>,
    pub deletion_protection: Option<Spanned<bool>>,
    /// Seconds (application only).
    pub idle_timeout: Option<Spanned<u32>>,
    /// Network only.
    pub cross_zone: Option<Spanned<bool>>,
    /// Application only.
    pub drop_invalid_headers: Option<Spanned<bool>>,
    /// Listener rules, in file order.
    pub rules: Vec<ListenerRule>,
}

impl LoadBalancer {
    pub fn scheme(&self) -> Scheme {
        self.scheme.map_or(Scheme::InternetFacing, |s| s.node)
    }
    pub fn ip_address_type(&self) -> IpAddressType {
        self.ip_address_type.map_or(IpAddressType::Ipv4, |s| s.node)
    }
    /// Secure by default: invalid header fields are dropped unless `off`
    /// is written.
    pub fn drop_invalid_headers(&self) -> bool {
        self.drop_invalid_headers.is_none_or(|d| d.node)
    }
    /// The listener on `port`, if any (one per port: E010 otherwise).
    pub fn listener_on(&self, port: u16) -> Option<usize> {
        self.listeners.iter().position(|l| l.port.node == port)
    }
}

#[derive(Clone, Debug)]
pub struct HealthCheck {
    pub protocol: Spanned<HealthProtocol>,
    pub path: Option<Spanned<String>>,
    pub port: Option<Spanned<u16>>,
    pub healthy: Option<Spanned<u32>>,
    pub unhealthy: Option<Spanned<u32>>,
    /// Seconds.
    pub interval: Option<Spanned<u32>>,
    /// Seconds.
    pub timeout: Option<Spanned<u32>>,
    /// HTTP codes as CloudFormation writes them: `200`, `200,302`,
    /// `200-299`.
    pub matcher: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct TargetGroup {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub protocol: Spanned<LbProtocol>,
    pub port: Spanned<u16>,
    pub health_check: Option<Spanned<HealthCheck>>,
    pub sticky: Option<Spanned<bool>>,
    pub targets: List<InstanceId>,
    /// Seconds.
    pub deregistration_delay: Option<Spanned<u32>>,
    pub target_type: Option<Spanned<TargetType>>,
}

impl TargetGroup {
    pub fn sticky(&self) -> bool {
        self.sticky.is_some_and(|s| s.node)
    }
    pub fn target_type(&self) -> TargetType {
        self.target_type.map_or(TargetType::Instance, |t| t.node)
    }
}

#[derive(Clone, Debug)]
pub struct LaunchTemplate {
    pub decl: Decl,
    pub ami: Spanned<Ami>,
    pub instance_type: Spanned<String>,
    pub security_groups: List<SgId>,
    pub key_pair: Option<Spanned<String>>,
    pub public_ip: Option<Spanned<bool>>,
    pub root_volume: Option<Spanned<RootVolume>>,
    pub imds: Option<Spanned<Imds>>,
    pub user_data: Option<Spanned<String>>,
    pub bastion: Option<Span>,
    pub ipv6_addresses: Option<Spanned<u32>>,
    pub access: Option<Spanned<Access>>,
    pub instance_profile: Option<Spanned<String>>,
    pub mounts: List<FsId>,
}

impl LaunchTemplate {
    pub fn imds(&self) -> Imds {
        self.imds.map_or(Imds::V2, |i| i.node)
    }
    pub fn is_bastion(&self) -> bool {
        self.bastion.is_some()
    }
}

#[derive(Clone, Debug)]
pub struct AsgHealthCheck {
    pub kind: Spanned<HealthCheckType>,
    pub grace_seconds: Option<Spanned<u32>>,
}

/// `scale-out cpu > 70% add 2` / `scale-in cpu < 30% remove 1`.
#[derive(Clone, Debug)]
pub struct StepScaling {
    pub threshold: Spanned<f64>,
    /// Instances added or removed (default 1).
    pub step: Option<Spanned<u32>>,
    pub span: Span,
}

impl StepScaling {
    pub fn step(&self) -> u32 {
        self.step.map_or(1, |s| s.node)
    }
}

#[derive(Clone, Debug)]
pub struct AutoScalingGroup {
    pub decl: Decl,
    pub launch_template: Spanned<LtId>,
    pub subnets: List<SubnetId>,
    pub min: Spanned<u32>,
    pub max: Spanned<u32>,
    pub desired: Option<Spanned<u32>>,
    pub target_groups: List<TgId>,
    pub health_check: Option<Spanned<AsgHealthCheck>>,
    pub scale_out: Option<StepScaling>,
    pub scale_in: Option<StepScaling>,
    /// `target cpu <percent>`.
    pub target_cpu: Option<Spanned<f64>>,
}

impl AutoScalingGroup {
    pub fn health_check_type(&self) -> HealthCheckType {
        self.health_check
            .as_ref()
            .map_or(HealthCheckType::Ec2, |h| h.kind.node)
    }
    pub fn grace_seconds(&self) -> u32 {
        self.health_check
            .as_ref()
            .and_then(|h| h.grace_seconds.map(|g| g.node))
            .unwrap_or(300)
    }
}

/// Any resource, for code that walks all declarations in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceId {
    Vpc(VpcId),
    InternetGateway(IgwId),
    Subnet(SubnetId),
    RouteTable(RouteTableId),
    Eip(EipId),
    NatGateway(NatId),
    SecurityGroup(SgId),
    NetworkAcl(AclId),
    Instance(InstanceId),
    Volume(VolumeId),
    LoadBalancer(LbId),
    TargetGroup(TgId),
    LaunchTemplate(LtId),
    AutoScalingGroup(AsgId),
    EgressOnlyInternetGateway(EigwId),
    PrefixList(PrefixListId),
    VpcEndpoint(EndpointId),
    FileSystem(FsId),
    VpcPeering(PeeringId),
    TransitGateway(TgwId),
}

/// One resolved `.net` file.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub region: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub vpcs: Vec<Vpc>,
    pub internet_gateways: Vec<InternetGateway>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub eips: Vec<Eip>,
    pub nat_gateways: Vec<NatGateway>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_acls: Vec<NetworkAcl>,
    pub instances: Vec<Instance>,
    pub volumes: Vec<Volume>,
    pub load_balancers: Vec<LoadBalancer>,
    pub target_groups: Vec<TargetGroup>,
    pub launch_templates: Vec<LaunchTemplate>,
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    pub prefix_lists: Vec<PrefixList>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub file_systems: Vec<FileSystem>,
    pub vpc_peerings: Vec<VpcPeering>,
    pub transit_gateways: Vec<TransitGateway>,
    /// Every declaration in file order.
    pub order: Vec<ResourceId>,
}

macro_rules! index_impl {
    ($($ty:ty => $field:ident),* $(,)?) => {$(
        impl std::ops::Index<Id<$ty>> for Model {
            type Output = $ty;
            fn index(&self, id: Id<$ty>) -> &$ty {
                &self.$field[id.index()]
            }
        }
    )*};
}

index_impl! {
    Vpc => vpcs,
    InternetGateway => internet_gateways,
    Subnet => subnets,
    RouteTable => route_tables,
    Eip => eips,
    NatGateway => nat_gateways,
    SecurityGroup => security_groups,
    NetworkAcl => network_acls,
    Instance => instances,
    Volume => volumes,
    LoadBalancer => load_balancers,
    TargetGroup => target_groups,
    LaunchTemplate => launch_templates,
    AutoScalingGroup => auto_scaling_groups,
    EgressOnlyInternetGateway => egress_only_internet_gateways,
    PrefixList => prefix_lists,
    VpcEndpoint => vpc_endpoints,
    FileSystem => file_systems,
    VpcPeering => vpc_peerings,
    TransitGateway => transit_gateways,
}

/// Iterate `(id, item)` over one kind's vector.
pub fn ids<T>(items: &[T]) -> impl Iterator<Item = (Id<T>, &T)> {
    items.iter().enumerate().map(|(i, t)| (Id::new(i), t))
}

impl Model {
    /// The declaration (name and spans) of any resource.
    pub fn decl(&self, id: ResourceId) -> &Decl {
        match id {
            ResourceId::Vpc(i) => &self[i].decl,
            ResourceId::InternetGateway(i) => &self[i].decl,
            ResourceId::Subnet(i) => &self[i].decl,
            ResourceId::RouteTable(i) => &self[i].decl,
            ResourceId::Eip(i) => &self[i].decl,
            ResourceId::NatGateway(i) => &self[i].decl,
            ResourceId::SecurityGroup(i) => &self[i].decl,
            ResourceId::NetworkAcl(i) => &self[i].decl,
            ResourceId::Instance(i) => &self[i].decl,
            ResourceId::Volume(i) => &self[i].decl,
            ResourceId::LoadBalancer(i) => &self[i].decl,
            ResourceId::TargetGroup(i) => &self[i].decl,
            ResourceId::LaunchTemplate(i) => &self[i].decl,
            ResourceId::AutoScalingGroup(i) => &self[i].decl,
            ResourceId::EgressOnlyInternetGateway(i) => &self[i].decl,
            ResourceId::PrefixList(i) => &self[i].decl,
            ResourceId::VpcEndpoint(i) => &self[i].decl,
            ResourceId::FileSystem(i) => &self[i].decl,
            ResourceId::VpcPeering(i) => &self[i].decl,
            ResourceId::TransitGateway(i) => &self[i].decl,
        }
    }

    /// Whether a subnet is dual-stack: its VPC has an IPv6 block and the
    /// subnet does not say `ipv6 off`.
    pub fn subnet_dual_stack(&self, id: SubnetId) -> bool {
        let s = &self[id];
        self[s.vpc.node].ipv6() && s.ipv6.is_none_or(|v| v.node)
    }

    /// Whether an instance launched in `subnet` with `ipv6_addresses` gets
    /// an IPv6 address: its own count, else the subnet's
    /// `ipv6-on-launch`.
    pub fn host_has_ipv6(&self, subnet: SubnetId, ipv6_addresses: Option<Spanned<u32>>) -> bool {
        self.subnet_dual_stack(subnet)
            && ipv6_addresses.map_or_else(|| self[subnet].ipv6_on_launch(), |n| n.node > 0)
    }

    /// Whether an instance gets a public IPv4 address at launch: its own
    /// `public-ip` if written, else its subnet's.
    pub fn instance_public_ip(&self, id: InstanceId) -> bool {
        let inst = &self[id];
        inst.public_ip
            .map_or_else(|| self[inst.subnet.node].public_ip(), |p| p.node)
    }
}
