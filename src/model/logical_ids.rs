//! Logical IDs of every resource, parameter and output the template will
//! hold: the table the emitter names things by, and E010 for two things
//! that would get one name.
//!
//! **Invariant:** this is the only place that spells a logical ID. One
//! walk over the model ([`walk`]) says what each name is ([`Slot`]) and how
//! it is spelled ([`Spelling`]); the emitter's table and the collision
//! check both consume that walk, so whatever the check declared unique is
//! what ends up in the template.
//!
//! Scheme: the PascalCase of the netlint name (`public-a` → `PublicA`, `_`
//! is a separator too), and for derived resources the owner's ID plus a
//! readable suffix: `IgwAttachment`, `PublicRtRoute1`,
//! `PublicRtPublicAAssociation`, `PrivateAclInbound100`, `AppSgIngress2`,
//! `WebListener443`, `AppAsgScaleOutPolicy`, …
//!
//! **Cost.** Every `check` asks whether a collision exists, so that
//! question only hashes the names, without spelling them: each
//! declaration's PascalCase hash is computed once and a derived name's
//! hash continues its owner's with the suffix. No string, table or
//! description is built unless two hashes meet, and only then is the
//! table built and compared exactly.

use super::side::IdVec;
use super::*;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use std::collections::HashMap;

/// CloudFormation's limit on the length of a logical ID.
pub const MAX_LEN: usize = 255;

/// Parameters and resources share one namespace (both are `Ref` targets);
/// outputs have their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Namespace {
    Template,
    Outputs,
}

/// Scale-out or scale-in, for the step-scaling pair of a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Out,
    In,
}

/// What one name of the template stands for: the declaration it comes
/// from and the part of it, which is where the emitter looks it up and
/// what E010 points at and describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A declared resource.
    Primary(ResourceId),
    /// The SSM parameter of an AMI (index into `parameters`), first used
    /// by this resource.
    Parameter(usize, ResourceId),
    VpcIpv6(VpcId),
    /// The `n`th secondary IPv4 block of a VPC.
    VpcCidr(VpcId, usize),
    IgwAttachment(IgwId),
    /// Route `n` (0-based) of a route table.
    Route(RouteTableId, usize),
    /// The association with the `n`th listed subnet.
    RouteTableAssociation(RouteTableId, usize),
    EipAssociation(EipId),
    /// Rule `n` of a group that names a group (a separate resource).
    SgRule(SgId, Direction, usize),
    /// Rule `n` of an ACL's list for that direction.
    AclEntry(AclId, Direction, usize),
    AclAssociation(AclId, usize),
    /// The `n`th `attach` of a volume.
    VolumeAttachment(VolumeId, usize),
    Listener(LbId, usize),
    /// The `n`th `rule` of a load balancer.
    ListenerRule(LbId, usize),
    ScalingPolicy(AsgId, Scale),
    ScalingAlarm(AsgId, Scale),
    TargetCpuPolicy(AsgId),
    /// The output of a VPC, subnet or security group.
    Output(ResourceId),
    /// The DNS-name output of a load balancer.
    DnsOutput(LbId),
    /// Prefix-list route `n` (0-based) of a route table.
    PrefixListRoute(RouteTableId, usize),
    /// The parameter holding the id of an AWS-managed prefix list in the
    /// stack's region, first named by this resource.
    AwsList(AwsList, ResourceId),
    /// The flow log of a VPC.
    FlowLog(VpcId),
    /// The mount target in the `n`th listed subnet of a file system.
    MountTarget(FsId, usize),
    /// The `n`th VPC attachment of a transit gateway.
    TgwAttachment(TgwId, usize),
}

/// A declaration's name, and which declaration it is (so the collision
/// check can use the spelling it computed once per declaration).
#[derive(Clone, Copy)]
struct Name<'m> {
    text: &'m str,
    of: ResourceId,
}

/// How a name is spelled.
enum Spelling<'m> {
    /// The PascalCase of a netlint name.
    Pascal(Name<'m>),
    /// The owner's PascalCase name plus a suffix, clipped to [`MAX_LEN`].
    Derived(Name<'m>, Suffix<'m>),
    /// Spelled already (AMI parameters, numbered apart from the walk).
    Text(&'m str),
}

enum Suffix<'m> {
    /// `Attachment`, `Ipv6CidrBlock`, `DnsName`, …
    Word(&'static str),
    /// `Route1`, `Inbound100`, `Listener443`, …
    Numbered(&'static str, u64),
    /// `ScaleOut` + `Policy`.
    Pair(&'static str, &'static str),
    /// Another declaration's PascalCase name, a word, and the repeat count
    /// (`PublicAAssociation`, then `PublicAAssociation2` for a subnet
    /// listed twice), see [`Repeats`].
    Of(Name<'m>, &'static str, u32),
}

impl Spelling<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Spelling::Pascal(name) => push_pascal(out, name.text),
            Spelling::Text(text) => out.push_str(text),
            Spelling::Derived(owner, suffix) => {
                push_pascal(out, owner.text);
                suffix.write(out);
            }
        }
    }
}

impl Suffix<'_> {
    /// The suffix after its owner's name in `out`, then the whole clipped
    /// to [`MAX_LEN`].
    fn write(&self, out: &mut String) {
        match self {
            Suffix::Word(w) => out.push_str(w),
            Suffix::Numbered(w, n) => {
                out.push_str(w);
                push_number(out, *n);
            }
            Suffix::Pair(a, b) => {
                out.push_str(a);
                out.push_str(b);
            }
            Suffix::Of(other, w, n) => {
                push_pascal(out, other.text);
                out.push_str(w);
                if *n > 1 {
                    push_number(out, u64::from(*n));
                }
            }
        }
        // ASCII only, so byte truncation is a char boundary.
        out.truncate(MAX_LEN);
    }
}

/// `n` in decimal, as `write!` spells it, without the formatting
/// machinery (this runs once per derived name on every check).
fn push_number(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    for &d in decimal(n, &mut buf) {
        out.push(char::from(d));
    }
}

/// The decimal digits of `n`, written at the end of `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[at..]
}

/// An SSM-resolved AMI, emitted as a template parameter.
#[derive(Clone, Debug)]
pub struct AmiParameter {
    pub logical_id: String,
    /// The SSM parameter path (without `ssm:`).
    pub path: String,
}

/// Step-scaling pair: the policy and the alarm that triggers it.
#[derive(Clone, Debug)]
pub struct StepIds {
    pub policy: String,
    pub alarm: String,
}

/// One name in the template.
#[derive(Clone, Debug)]
pub struct Entry {
    pub logical_id: String,
    pub namespace: Namespace,
    pub slot: Slot,
}

/// Every logical ID of the template, indexed like the model's vectors.
#[derive(Clone, Debug, Default)]
pub struct LogicalIds {
    pub vpc: IdVec<Vpc, String>,
    /// `AWS::EC2::VPCCidrBlock` of a VPC with an IPv6 block.
    pub vpc_ipv6: IdVec<Vpc, Option<String>>,
    /// `AWS::EC2::VPCCidrBlock` of each secondary IPv4 block, in order.
    pub vpc_cidr: IdVec<Vpc, Vec<String>>,
    pub eigw: IdVec<EgressOnlyInternetGateway, String>,
    pub igw: IdVec<InternetGateway, String>,
    pub igw_attachment: IdVec<InternetGateway, String>,
    pub subnet: IdVec<Subnet, String>,
    pub route_table: IdVec<RouteTable, String>,
    /// Per route table, one per route in order.
    pub route: IdVec<RouteTable, Vec<String>>,
    /// Per route table, one per listed subnet in order.
    pub route_table_association: IdVec<RouteTable, Vec<String>>,
    pub eip: IdVec<Eip, String>,
    pub eip_association: IdVec<Eip, Option<String>>,
    pub nat: IdVec<NatGateway, String>,
    pub security_group: IdVec<SecurityGroup, String>,
    /// Per group, per ingress rule: the separate resource of a rule that
    /// names a group (or `self`); `None` for rules emitted inline.
    pub sg_ingress: IdVec<SecurityGroup, Vec<Option<String>>>,
    pub sg_egress: IdVec<SecurityGroup, Vec<Option<String>>>,
    pub acl: IdVec<NetworkAcl, String>,
    pub acl_inbound: IdVec<NetworkAcl, Vec<String>>,
    pub acl_outbound: IdVec<NetworkAcl, Vec<String>>,
    pub acl_association: IdVec<NetworkAcl, Vec<String>>,
    pub instance: IdVec<Instance, String>,
    pub volume: IdVec<Volume, String>,
    /// Per volume, one per `attach` in order.
    pub volume_attachment: IdVec<Volume, Vec<String>>,
    pub load_balancer: IdVec<LoadBalancer, String>,
    pub listener: IdVec<LoadBalancer, Vec<String>>,
    /// One per `rule` of a load balancer, in file order.
    pub listener_rule: IdVec<LoadBalancer, Vec<String>>,
    /// Output key of each load balancer's DNS name.
    pub lb_dns_output: IdVec<LoadBalancer, String>,
    pub target_group: IdVec<TargetGroup, String>,
    pub launch_template: IdVec<LaunchTemplate, String>,
    pub asg: IdVec<AutoScalingGroup, String>,
    pub asg_scale_out: IdVec<AutoScalingGroup, Option<StepIds>>,
    pub asg_scale_in: IdVec<AutoScalingGroup, Option<StepIds>>,
    pub asg_target_tracking: IdVec<AutoScalingGroup, Option<String>>,
    /// `AWS::EC2::FlowLog` of a VPC with `flow-logs`.
    pub flow_log: IdVec<Vpc, Option<String>>,
    pub file_system: IdVec<FileSystem, String>,
    /// Per file system, one per listed mount-target subnet in order.
    pub mount_target: IdVec<FileSystem, Vec<String>>,
    pub vpc_peering: IdVec<VpcPeering, String>,
    /// The transit gateway's own name is reserved (it is not created).
    pub transit_gateway: IdVec<TransitGateway, String>,
    /// Per transit gateway, one per `attach` in order.
    pub tgw_attachment: IdVec<TransitGateway, Vec<String>>,
    /// One per distinct SSM path, in order of first use in the file.
    pub parameters: Vec<AmiParameter>,
    param_by_path: foldhash::HashMap<String, usize>,
    /// Per route table, one per prefix-list route in order.
    pub prefix_list_route: IdVec<RouteTable, Vec<String>>,
    pub prefix_list: IdVec<PrefixList, String>,
    pub vpc_endpoint: IdVec<VpcEndpoint, String>,
    /// The parameters of the AWS-managed prefix lists the file names.
    pub aws_lists: Vec<(AwsList, String)>,
    /// Every name above, in template order.
    pub entries: Vec<Entry>,
}

/// PascalCase of a netlint name: `-` and `_` separate words, each word gets
/// an upper-case first letter, the rest is kept. Only ASCII letters and
/// digits survive (names are ASCII by the grammar; this is belt and braces
/// for CloudFormation's alphanumeric rule).
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_pascal(&mut out, name);
    out
}

fn push_pascal(out: &mut String, name: &str) {
    // Byte by byte: a multi-byte character is never ASCII alphanumeric, so
    // it separates words like `-` does and nothing of it is kept. (Faster
    // than splitting into words and copying them: measured.)
    out.reserve(name.len());
    let mut word_start = true;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            let b = if word_start {
                b.to_ascii_uppercase()
            } else {
                b
            };
            out.push(char::from(b));
            word_start = false;
        } else {
            word_start = true;
        }
    }
}

/// The AMI parameters: one per distinct SSM path, in order of first use;
/// `AmiAl2023AmiKernelDefaultX8664` from the path's last segment, and two
/// distinct paths with one last segment get `2`, `3`, … in file order.
fn parameters(
    m: &Model,
) -> (
    Vec<(AmiParameter, ResourceId)>,
    foldhash::HashMap<String, usize>,
) {
    let mut params = Vec::new();
    let mut by_path: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut taken: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for &r in &m.order {
        let ami = match r {
            ResourceId::Instance(i) => &m[i].ami,
            ResourceId::LaunchTemplate(i) => &m[i].ami,
            _ => continue,
        };
        let Ami::Ssm(path) = &ami.node else { continue };
        if by_path.contains_key(path) {
            continue;
        }
        let last = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
        let mut base = format!("Ami{}", pascal(last));
        base.truncate(MAX_LEN - 8);
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}{n}") };
        by_path.insert(path.clone(), params.len());
        let param = AmiParameter {
            logical_id: id,
            path: path.clone(),
        };
        params.push((param, r));
    }
    (params, by_path)
}

/// The AWS-managed prefix lists the file names, each with the first
/// resource naming it, in order of first use.
fn aws_lists(m: &Model) -> Vec<(AwsList, ResourceId)> {
    let mut out: Vec<(AwsList, ResourceId)> = Vec::new();
    let mut add = |r: PrefixListRef, owner: ResourceId| {
        if let PrefixListRef::Aws(l) = r
            && !out.iter().any(|(x, _)| *x == l)
        {
            out.push((l, owner));
        }
    };
    for &r in &m.order {
        match r {
            ResourceId::SecurityGroup(i) => {
                for rule in m[i].ingress.iter().chain(&m[i].egress) {
                    if let Peer::PrefixList(p) = rule.peer.node {
                        add(p, r);
                    }
                }
            }
            ResourceId::RouteTable(i) => {
                for route in &m[i].prefix_list_routes {
                    add(route.list.node, r);
                }
            }
            _ => {}
        }
    }
    out
}

/// The parameter name of an AWS-managed prefix list.
fn aws_list_parameter(list: AwsList) -> &'static str {
    match list {
        AwsList::S3 => "AwsS3PrefixListId",
        AwsList::DynamoDb => "AwsDynamodbPrefixListId",
        AwsList::CloudFront => "AwsCloudfrontPrefixListId",
    }
}

/// Every name of the template, in template order: declared resources
/// first, then parameters, then derived resources, all in file order, then
/// outputs. So an E010 between `public-a` and `public_a` points at the
/// later declaration, and derived IDs never shadow a declared one's report.
fn walk(m: &Model, params: &[(AmiParameter, ResourceId)], visit: impl FnMut(Slot, &Spelling<'_>)) {
    walk_part(m, params, Part::Whole, visit);
}

/// Which names a walk visits: all, or those of one half of the
/// declarations (the first half also gets the parameters).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    First,
    Second,
}

/// [`walk`] over a part of the names: what the declarations
/// `m.order[part]` own, in the walk's order.
fn walk_part(
    m: &Model,
    params: &[(AmiParameter, ResourceId)],
    part: Part,
    mut visit: impl FnMut(Slot, &Spelling<'_>),
) {
    use Spelling::{Derived, Pascal, Text};
    let mid = m.order.len() / 2;
    let order = match part {
        Part::Whole => &m.order[..],
        Part::First => &m.order[..mid],
        Part::Second => &m.order[mid..],
    };
    for &r in order {
        visit(Slot::Primary(r), &Pascal(name_of(m, r)));
    }
    if part != Part::Second {
        for (i, (p, r)) in params.iter().enumerate() {
            visit(Slot::Parameter(i, *r), &Text(&p.logical_id));
        }
        for (list, r) in aws_lists(m) {
            visit(Slot::AwsList(list, r), &Text(aws_list_parameter(list)));
        }
    }
    for &r in order {
        let name = name_of(m, r);
        let mut derived = |slot, suffix| visit(slot, &Derived(name, suffix));
        match r {
            ResourceId::Vpc(i) => {
                if m[i].ipv6() {
                    derived(Slot::VpcIpv6(i), Suffix::Word("Ipv6CidrBlock"));
                }
                for k in 0..m[i].secondary_cidrs.items.len() {
                    derived(
                        Slot::VpcCidr(i, k),
                        Suffix::Numbered("CidrBlock", k as u64 + 2),
                    );
                }
                if m[i].flow_logs.is_some() {
                    derived(Slot::FlowLog(i), Suffix::Word("FlowLog"));
                }
            }
            ResourceId::FileSystem(i) => {
                let mut seen = Repeats::default();
                for (k, s) in m[i].mount_targets.items.iter().enumerate() {
                    let n = seen.next(s.node.index());
                    let sub = name_of(m, ResourceId::Subnet(s.node));
                    derived(Slot::MountTarget(i, k), Suffix::Of(sub, "MountTarget", n));
                }
            }
            ResourceId::InternetGateway(i) => {
                derived(Slot::IgwAttachment(i), Suffix::Word("Attachment"));
            }
            ResourceId::TransitGateway(i) => {
                for (k, a) in m[i].attachments.iter().enumerate() {
                    let vpc = name_of(m, ResourceId::Vpc(a.vpc.node));
                    derived(Slot::TgwAttachment(i, k), Suffix::Of(vpc, "Attachment", 1));
                }
            }
            ResourceId::RouteTable(i) => {
                let rt = &m[i];
                for k in 0..rt.routes.len() {
                    derived(Slot::Route(i, k), Suffix::Numbered("Route", k as u64 + 1));
                }
                for k in 0..rt.prefix_list_routes.len() {
                    let n = (rt.routes.len() + k) as u64 + 1;
                    derived(Slot::PrefixListRoute(i, k), Suffix::Numbered("Route", n));
                }
                let mut seen = Repeats::default();
                for (k, s) in rt.subnets.items.iter().enumerate() {
                    let n = seen.next(s.node.index());
                    let sub = name_of(m, ResourceId::Subnet(s.node));
                    derived(
                        Slot::RouteTableAssociation(i, k),
                        Suffix::Of(sub, "Association", n),
                    );
                }
            }
            ResourceId::Eip(i) => {
                if m[i].instance.is_some() {
                    derived(Slot::EipAssociation(i), Suffix::Word("Association"));
                }
            }
            ResourceId::SecurityGroup(i) => {
                let sg = &m[i];
                for (dir, rules, word) in [
                    (Direction::In, &sg.ingress, "Ingress"),
                    (Direction::Out, &sg.egress, "Egress"),
                ] {
                    for (k, rule) in rules.iter().enumerate() {
                        if matches!(rule.peer.node, Peer::Group(_) | Peer::SelfGroup) {
                            let suffix = Suffix::Numbered(word, k as u64 + 1);
                            derived(Slot::SgRule(i, dir, k), suffix);
                        }
                    }
                }
            }
            ResourceId::NetworkAcl(i) => {
                let acl = &m[i];
                for (dir, rules, word) in [
                    (Direction::In, &acl.inbound, "Inbound"),
                    (Direction::Out, &acl.outbound, "Outbound"),
                ] {
                    for (k, rule) in rules.iter().enumerate() {
                        let suffix = Suffix::Numbered(word, u64::from(rule.number.node));
                        derived(Slot::AclEntry(i, dir, k), suffix);
                    }
                }
                let mut seen = Repeats::default();
                for (k, s) in acl.subnets.items.iter().enumerate() {
                    let n = seen.next(s.node.index());
                    let sub = name_of(m, ResourceId::Subnet(s.node));
                    derived(
                        Slot::AclAssociation(i, k),
                        Suffix::Of(sub, "Association", n),
                    );
                }
            }
            ResourceId::Volume(i) => {
                let mut seen = Repeats::default();
                for (k, a) in m[i].attachments.iter().enumerate() {
                    let n = seen.next(a.instance.node.index());
                    let inst = name_of(m, ResourceId::Instance(a.instance.node));
                    derived(
                        Slot::VolumeAttachment(i, k),
                        Suffix::Of(inst, "Attachment", n),
                    );
                }
            }
            ResourceId::LoadBalancer(i) => {
                for (k, l) in m[i].listeners.iter().enumerate() {
                    let suffix = Suffix::Numbered("Listener", u64::from(l.port.node));
                    derived(Slot::Listener(i, k), suffix);
                }
                for k in 0..m[i].rules.len() {
                    derived(
                        Slot::ListenerRule(i, k),
                        Suffix::Numbered("Rule", k as u64 + 1),
                    );
                }
            }
            ResourceId::AutoScalingGroup(i) => {
                let asg = &m[i];
                for (scale, policy, word) in [
                    (Scale::Out, &asg.scale_out, "ScaleOut"),
                    (Scale::In, &asg.scale_in, "ScaleIn"),
                ] {
                    if policy.is_some() {
                        derived(Slot::ScalingPolicy(i, scale), Suffix::Pair(word, "Policy"));
                        derived(Slot::ScalingAlarm(i, scale), Suffix::Pair(word, "Alarm"));
                    }
                }
                if asg.target_cpu.is_some() {
                    derived(Slot::TargetCpuPolicy(i), Suffix::Word("TargetCpuPolicy"));
                }
            }
            ResourceId::Subnet(_)
            | ResourceId::PrefixList(_)
            | ResourceId::VpcEndpoint(_)
            | ResourceId::VpcPeering(_)
            | ResourceId::NatGateway(_)
            | ResourceId::Instance(_)
            | ResourceId::TargetGroup(_)
            | ResourceId::LaunchTemplate(_)
            | ResourceId::EgressOnlyInternetGateway(_) => {}
        }
    }
    // Output keys: the VPC, subnets and security groups under their own
    // logical ID, each load balancer's DNS name as `<Lb>DnsName`.
    for &r in order {
        let name = name_of(m, r);
        match r {
            ResourceId::Vpc(_) | ResourceId::Subnet(_) | ResourceId::SecurityGroup(_) => {
                visit(Slot::Output(r), &Pascal(name));
            }
            ResourceId::LoadBalancer(i) => {
                visit(Slot::DnsOutput(i), &Derived(name, Suffix::Word("DnsName")));
            }
            _ => {}
        }
    }
}

fn name_of(m: &Model, r: ResourceId) -> Name<'_> {
    Name {
        text: &m.decl(r).name,
        of: r,
    }
}

impl Slot {
    fn namespace(self) -> Namespace {
        match self {
            Slot::Output(_) | Slot::DnsOutput(_) => Namespace::Outputs,
            _ => Namespace::Template,
        }
    }

    /// The declaration the name comes from.
    fn owner(self) -> ResourceId {
        match self {
            Slot::Primary(r) | Slot::Parameter(_, r) | Slot::Output(r) | Slot::AwsList(_, r) => r,
            Slot::PrefixListRoute(i, _) => ResourceId::RouteTable(i),
            Slot::VpcIpv6(i) | Slot::VpcCidr(i, _) => ResourceId::Vpc(i),
            Slot::IgwAttachment(i) => ResourceId::InternetGateway(i),
            Slot::Route(i, _) | Slot::RouteTableAssociation(i, _) => ResourceId::RouteTable(i),
            Slot::EipAssociation(i) => ResourceId::Eip(i),
            Slot::SgRule(i, ..) => ResourceId::SecurityGroup(i),
            Slot::AclEntry(i, ..) | Slot::AclAssociation(i, _) => ResourceId::NetworkAcl(i),
            Slot::VolumeAttachment(i, _) => ResourceId::Volume(i),
            Slot::Listener(i, _) | Slot::ListenerRule(i, _) | Slot::DnsOutput(i) => {
                ResourceId::LoadBalancer(i)
            }
            Slot::ScalingPolicy(i, _) | Slot::ScalingAlarm(i, _) | Slot::TargetCpuPolicy(i) => {
                ResourceId::AutoScalingGroup(i)
            }
            Slot::FlowLog(i) => ResourceId::Vpc(i),
            Slot::MountTarget(i, _) => ResourceId::FileSystem(i),
            Slot::TgwAttachment(i, _) => ResourceId::TransitGateway(i),
        }
    }

    /// Where to point: the owner's name for the resource itself, the
    /// attribute for a derived resource (a route, a listener, …).
    fn span(self, m: &Model) -> Span {
        let scaling = |i: AsgId, scale| {
            let a = &m[i];
            let s = if scale == Scale::Out {
                &a.scale_out
            } else {
                &a.scale_in
            };
            s.as_ref().map_or(a.decl.name_span, |s| s.span)
        };
        let ami = |r: ResourceId| match r {
            ResourceId::Instance(i) => m[i].ami.span,
            ResourceId::LaunchTemplate(i) => m[i].ami.span,
            _ => m.decl(r).name_span,
        };
        match self {
            Slot::Primary(r) | Slot::Output(r) | Slot::AwsList(_, r) => m.decl(r).name_span,
            Slot::PrefixListRoute(i, k) => m[i].prefix_list_routes[k].span,
            Slot::DnsOutput(i) => m[i].decl.name_span,
            Slot::Parameter(_, r) => ami(r),
            Slot::VpcIpv6(i) => m[i]
                .ipv6_cidr
                .map(|c| c.span)
                .or(m[i].ipv6.map(|v| v.span))
                .unwrap_or(m[i].decl.name_span),
            Slot::VpcCidr(i, k) => m[i].secondary_cidrs.items[k].span,
            Slot::IgwAttachment(i) => m[i].vpc.span,
            Slot::Route(i, k) => m[i].routes[k].span,
            Slot::RouteTableAssociation(i, k) => m[i].subnets.items[k].span,
            Slot::EipAssociation(i) => m[i].instance.map_or(m[i].decl.name_span, |x| x.span),
            Slot::SgRule(i, dir, k) => sg_rules(&m[i], dir)[k].span,
            Slot::AclEntry(i, dir, k) => acl_rules(&m[i], dir)[k].span,
            Slot::AclAssociation(i, k) => m[i].subnets.items[k].span,
            Slot::VolumeAttachment(i, k) => m[i].attachments[k].span,
            Slot::Listener(i, k) => m[i].listeners[k].span,
            Slot::ListenerRule(i, k) => m[i].rules[k].span,
            Slot::ScalingPolicy(i, scale) | Slot::ScalingAlarm(i, scale) => scaling(i, scale),
            Slot::TargetCpuPolicy(i) => m[i].target_cpu.map_or(m[i].decl.name_span, |t| t.span),
            Slot::FlowLog(i) => m[i]
                .flow_logs
                .as_ref()
                .map_or(m[i].decl.name_span, |f| f.span),
            Slot::MountTarget(i, k) => m[i].mount_targets.items[k].span,
            Slot::TgwAttachment(i, k) => m[i].attachments[k].span,
        }
    }

    /// What the name stands for, in the file's terms ("route 1 of
    /// `public-rt`").
    fn describe(self, m: &Model, params: &[AmiParameter]) -> String {
        let name = &m.decl(self.owner()).name;
        let word = |dir| match dir {
            Direction::In => "inbound",
            Direction::Out => "outbound",
        };
        let kw = |scale| match scale {
            Scale::Out => "scale-out",
            Scale::In => "scale-in",
        };
        match self {
            Slot::Primary(_) => format!("`{name}`"),
            Slot::Parameter(p, _) => format!("the parameter for `ssm:{}`", params[p].path),
            Slot::VpcIpv6(_) => format!("the IPv6 block of `{name}`"),
            Slot::VpcCidr(_, k) => format!("secondary block {} of `{name}`", k + 1),
            Slot::IgwAttachment(_) | Slot::EipAssociation(_) => {
                let what = if matches!(self, Slot::EipAssociation(_)) {
                    "association"
                } else {
                    "attachment"
                };
                format!("the {what} of `{name}`")
            }
            Slot::Route(_, k) => format!("route {} of `{name}`", k + 1),
            Slot::PrefixListRoute(i, k) => {
                format!("route {} of `{name}`", m[i].routes.len() + k + 1)
            }
            Slot::AwsList(list, _) => format!("the parameter for `{}`", list.word()),
            Slot::RouteTableAssociation(i, k) => {
                let sub = &m[m[i].subnets.items[k].node].decl.name;
                format!("the association of `{name}` with `{sub}`")
            }
            Slot::AclAssociation(i, k) => {
                let sub = &m[m[i].subnets.items[k].node].decl.name;
                format!("the association of `{name}` with `{sub}`")
            }
            Slot::SgRule(_, dir, k) => {
                let dir = if dir == Direction::In {
                    "ingress"
                } else {
                    "egress"
                };
                format!("{dir} rule {} of `{name}`", k + 1)
            }
            Slot::AclEntry(i, dir, k) => {
                let number = acl_rules(&m[i], dir)[k].number.node;
                format!("{} rule {number} of `{name}`", word(dir))
            }
            Slot::VolumeAttachment(i, k) => {
                let inst = &m[m[i].attachments[k].instance.node].decl.name;
                format!("the attachment of `{name}` to `{inst}`")
            }
            Slot::Listener(i, k) => {
                let port = m[i].listeners[k].port.node;
                format!("the listener on port {port} of `{name}`")
            }
            Slot::ListenerRule(_, k) => format!("listener rule {} of `{name}`", k + 1),
            Slot::ScalingPolicy(_, scale) => format!("the {} policy of `{name}`", kw(scale)),
            Slot::ScalingAlarm(_, scale) => format!("the {} alarm of `{name}`", kw(scale)),
            Slot::TargetCpuPolicy(_) => format!("the target tracking policy of `{name}`"),
            Slot::Output(_) => format!("the output of `{name}`"),
            Slot::DnsOutput(_) => format!("the DNS name output of `{name}`"),
            Slot::FlowLog(_) => format!("the flow log of `{name}`"),
            Slot::MountTarget(i, k) => {
                let sub = &m[m[i].mount_targets.items[k].node].decl.name;
                format!("the mount target of `{name}` in `{sub}`")
            }
            Slot::TgwAttachment(i, k) => {
                let vpc = &m[m[i].attachments[k].vpc.node].decl.name;
                format!("the attachment of `{name}` to `{vpc}`")
            }
        }
    }
}

fn sg_rules(sg: &SecurityGroup, dir: Direction) -> &[SgRule] {
    match dir {
        Direction::In => &sg.ingress,
        Direction::Out => &sg.egress,
    }
}

fn acl_rules(acl: &NetworkAcl, dir: Direction) -> &[AclRule] {
    match dir {
        Direction::In => &acl.inbound,
        Direction::Out => &acl.outbound,
    }
}

/// The place of a declared resource's ID in the table, borrowed with
/// `&` or `&mut`.
macro_rules! primary_of {
    ($ids:expr, $r:expr, $($borrow:tt)+) => {
        match $r {
            ResourceId::Vpc(i) => $($borrow)+ $ids.vpc[i],
            ResourceId::InternetGateway(i) => $($borrow)+ $ids.igw[i],
            ResourceId::Subnet(i) => $($borrow)+ $ids.subnet[i],
            ResourceId::RouteTable(i) => $($borrow)+ $ids.route_table[i],
            ResourceId::Eip(i) => $($borrow)+ $ids.eip[i],
            ResourceId::NatGateway(i) => $($borrow)+ $ids.nat[i],
            ResourceId::SecurityGroup(i) => $($borrow)+ $ids.security_group[i],
            ResourceId::NetworkAcl(i) => $($borrow)+ $ids.acl[i],
            ResourceId::Instance(i) => $($borrow)+ $ids.instance[i],
            ResourceId::Volume(i) => $($borrow)+ $ids.volume[i],
            ResourceId::LoadBalancer(i) => $($borrow)+ $ids.load_balancer[i],
            ResourceId::TargetGroup(i) => $($borrow)+ $ids.target_group[i],
            ResourceId::LaunchTemplate(i) => $($borrow)+ $ids.launch_template[i],
            ResourceId::AutoScalingGroup(i) => $($borrow)+ $ids.asg[i],
            ResourceId::EgressOnlyInternetGateway(i) => $($borrow)+ $ids.eigw[i],
            ResourceId::PrefixList(i) => $($borrow)+ $ids.prefix_list[i],
            ResourceId::VpcEndpoint(i) => $($borrow)+ $ids.vpc_endpoint[i],
            ResourceId::FileSystem(i) => $($borrow)+ $ids.file_system[i],
            ResourceId::VpcPeering(i) => $($borrow)+ $ids.vpc_peering[i],
            ResourceId::TransitGateway(i) => $($borrow)+ $ids.transit_gateway[i],
        }
    };
}

impl LogicalIds {
    /// The whole table.
    pub fn new(m: &Model) -> Self {
        let (params, param_by_path) = parameters(m);
        let names = |v: usize| vec![String::new(); v];
        let lists = |v: usize| vec![Vec::new(); v];
        let mut t = LogicalIds {
            vpc: names(m.vpcs.len()).into(),
            vpc_ipv6: vec![None; m.vpcs.len()].into(),
            vpc_cidr: lists(m.vpcs.len()).into(),
            eigw: names(m.egress_only_internet_gateways.len()).into(),
            igw: names(m.internet_gateways.len()).into(),
            igw_attachment: names(m.internet_gateways.len()).into(),
            subnet: names(m.subnets.len()).into(),
            route_table: names(m.route_tables.len()).into(),
            route: lists(m.route_tables.len()).into(),
            route_table_association: lists(m.route_tables.len()).into(),
            eip: names(m.eips.len()).into(),
            eip_association: vec![None; m.eips.len()].into(),
            nat: names(m.nat_gateways.len()).into(),
            security_group: names(m.security_groups.len()).into(),
            sg_ingress: m
                .security_groups
                .iter()
                .map(|g| vec![None; g.ingress.len()])
                .collect(),
            sg_egress: m
                .security_groups
                .iter()
                .map(|g| vec![None; g.egress.len()])
                .collect(),
            acl: names(m.network_acls.len()).into(),
            acl_inbound: lists(m.network_acls.len()).into(),
            acl_outbound: lists(m.network_acls.len()).into(),
            acl_association: lists(m.network_acls.len()).into(),
            instance: names(m.instances.len()).into(),
            volume: names(m.volumes.len()).into(),
            volume_attachment: lists(m.volumes.len()).into(),
            load_balancer: names(m.load_balancers.len()).into(),
            listener: lists(m.load_balancers.len()).into(),
            listener_rule: lists(m.load_balancers.len()).into(),
            lb_dns_output: names(m.load_balancers.len()).into(),
            target_group: names(m.target_groups.len()).into(),
            launch_template: names(m.launch_templates.len()).into(),
            asg: names(m.auto_scaling_groups.len()).into(),
            asg_scale_out: vec![None; m.auto_scaling_groups.len()].into(),
            asg_scale_in: vec![None; m.auto_scaling_groups.len()].into(),
            asg_target_tracking: vec![None; m.auto_scaling_groups.len()].into(),
            flow_log: vec![None; m.vpcs.len()].into(),
            file_system: names(m.file_systems.len()).into(),
            mount_target: lists(m.file_systems.len()).into(),
            vpc_peering: names(m.vpc_peerings.len()).into(),
            transit_gateway: names(m.transit_gateways.len()).into(),
            tgw_attachment: lists(m.transit_gateways.len()).into(),
            parameters: Vec::with_capacity(params.len()),
            param_by_path,
            prefix_list_route: lists(m.route_tables.len()).into(),
            prefix_list: names(m.prefix_lists.len()).into(),
            vpc_endpoint: names(m.vpc_endpoints.len()).into(),
            aws_lists: Vec::new(),
            entries: Vec::new(),
        };
        let mut buf = String::new();
        walk(m, &params, |slot, spelling| {
            buf.clear();
            spelling.write(&mut buf);
            t.store(slot, buf.clone());
            t.entries.push(Entry {
                logical_id: buf.clone(),
                namespace: slot.namespace(),
                slot,
            });
        });
        t.parameters = params.into_iter().map(|(p, _)| p).collect();
        t
    }

    fn store(&mut self, slot: Slot, id: String) {
        let step = |s: &mut Option<StepIds>, policy: bool, id: String| {
            let ids = s.get_or_insert_with(|| StepIds {
                policy: String::new(),
                alarm: String::new(),
            });
            if policy {
                ids.policy = id;
            } else {
                ids.alarm = id;
            }
        };
        match slot {
            Slot::Primary(r) => *self.primary_mut(r) = id,
            Slot::Parameter(..) | Slot::Output(_) => {}
            Slot::PrefixListRoute(i, _) => self.prefix_list_route[i].push(id),
            Slot::AwsList(list, _) => self.aws_lists.push((list, id)),
            Slot::VpcIpv6(i) => self.vpc_ipv6[i] = Some(id),
            Slot::VpcCidr(i, _) => self.vpc_cidr[i].push(id),
            Slot::IgwAttachment(i) => self.igw_attachment[i] = id,
            Slot::Route(i, _) => self.route[i].push(id),
            Slot::RouteTableAssociation(i, _) => self.route_table_association[i].push(id),
            Slot::EipAssociation(i) => self.eip_association[i] = Some(id),
            Slot::SgRule(i, Direction::In, k) => self.sg_ingress[i][k] = Some(id),
            Slot::SgRule(i, Direction::Out, k) => self.sg_egress[i][k] = Some(id),
            Slot::AclEntry(i, Direction::In, _) => self.acl_inbound[i].push(id),
            Slot::AclEntry(i, Direction::Out, _) => self.acl_outbound[i].push(id),
            Slot::AclAssociation(i, _) => self.acl_association[i].push(id),
            Slot::VolumeAttachment(i, _) => self.volume_attachment[i].push(id),
            Slot::Listener(i, _) => self.listener[i].push(id),
            Slot::ListenerRule(i, _) => self.listener_rule[i].push(id),
            Slot::ScalingPolicy(i, Scale::Out) => step(&mut self.asg_scale_out[i], true, id),
            Slot::ScalingAlarm(i, Scale::Out) => step(&mut self.asg_scale_out[i], false, id),
            Slot::ScalingPolicy(i, Scale::In) => step(&mut self.asg_scale_in[i], true, id),
            Slot::ScalingAlarm(i, Scale::In) => step(&mut self.asg_scale_in[i], false, id),
            Slot::TargetCpuPolicy(i) => self.asg_target_tracking[i] = Some(id),
            Slot::DnsOutput(i) => self.lb_dns_output[i] = id,
            Slot::FlowLog(i) => self.flow_log[i] = Some(id),
            Slot::MountTarget(i, _) => self.mount_target[i].push(id),
            Slot::TgwAttachment(i, _) => self.tgw_attachment[i].push(id),
        }
    }

    fn primary_mut(&mut self, r: ResourceId) -> &mut String {
        primary_of!(self, r, &mut)
    }

    /// The logical ID of a declared resource.
    pub fn primary(&self, r: ResourceId) -> &str {
        primary_of!(self, r, &)
    }

    /// The parameter holding an AWS-managed prefix list's id.
    pub fn aws_list(&self, list: AwsList) -> Option<&str> {
        self.aws_lists
            .iter()
            .find(|(l, _)| *l == list)
            .map(|(_, id)| id.as_str())
    }

    /// The parameter holding an SSM AMI, `None` for a literal image id.
    pub fn ami_parameter(&self, ami: &Ami) -> Option<&str> {
        match ami {
            Ami::Id(_) => None,
            Ami::Ssm(path) => self
                .param_by_path
                .get(path)
                .map(|&i| self.parameters[i].logical_id.as_str()),
        }
    }
}

/// Numbers repeated targets within one owner: a subnet listed twice in one
/// table, a volume attached twice to one instance. The first keeps the
/// plain suffix, later ones get `2`, `3`, … so that the rule made for the
/// mistake (R208, N406, V602, V605) explains it rather than E010.
#[derive(Default)]
struct Repeats {
    /// The targets seen and their counts: a list holds a handful, found
    /// faster by a scan than a map (and nothing allocated for one).
    few: Vec<(usize, u32)>,
    /// From [`Repeats::FEW`] targets on, all of them.
    many: Option<foldhash::HashMap<usize, u32>>,
}

impl Repeats {
    const FEW: usize = 16;

    fn next(&mut self, target: usize) -> u32 {
        if let Some(many) = &mut self.many {
            let n = many.entry(target).or_insert(0);
            *n += 1;
            return *n;
        }
        if let Some((_, n)) = self.few.iter_mut().find(|(t, _)| *t == target) {
            *n += 1;
            return *n;
        }
        if self.few.len() == Self::FEW {
            let mut many: foldhash::HashMap<usize, u32> = self.few.drain(..).collect();
            many.insert(target, 1);
            self.many = Some(many);
            return 1;
        }
        self.few.push((target, 1));
        1
    }
}

/// Whether two names might be equal: every name hashed, each hash met
/// once. No false negative; a false positive (two names with one hash)
/// only costs the exact check.
///
/// Nothing is spelled: the hash is polynomial over the name's bytes
/// ([`Poly`]), so the hash of a derived name is its owner's, computed once
/// per declaration, continued with the suffix's bytes.
///
/// On two threads (`threads` ≥ 2) each half of the declarations is hashed
/// on its own, and each thread then looks for a hash met twice among one
/// half of the hash values (split by their top bit), from both halves of
/// the declarations: the same answer, in about half the time.
fn may_collide(m: &Model, params: &[(AmiParameter, ResourceId)], threads: usize) -> bool {
    let places = Places::new(m);
    if threads >= 2 {
        return may_collide_on_two(m, params, &places);
    }
    let pascal = places.pascal(m);
    let mut hashes: [foldhash::HashSet<u64>; 2] = [
        foldhash::HashSet::with_capacity_and_hasher(m.order.len() * 3, Default::default()),
        foldhash::HashSet::with_capacity_and_hasher(m.order.len(), Default::default()),
    ];
    let mut twice = false;
    walk(m, params, |slot, spelling| {
        if twice {
            return;
        }
        let h = spelling.poly(&pascal, &places);
        let set = match slot.namespace() {
            Namespace::Template => &mut hashes[0],
            Namespace::Outputs => &mut hashes[1],
        };
        twice = !set.insert(h.h);
    });
    twice
}

fn may_collide_on_two(m: &Model, params: &[(AmiParameter, ResourceId)], places: &Places) -> bool {
    let cut = places.total / 2;
    let (mut pascal, high) = both(
        || places.pascal_of(m, 0..cut),
        || places.pascal_of(m, cut..places.total),
    );
    pascal.extend(high);
    let pascal = &pascal[..];
    // Per namespace and top bit of the hash, the hashes of a part.
    let hash = |part| {
        let mut out: [Vec<u64>; 4] = Default::default();
        walk_part(m, params, part, |slot, spelling| {
            let h = spelling.poly(pascal, places).h;
            let ns = match slot.namespace() {
                Namespace::Template => 0,
                Namespace::Outputs => 2,
            };
            out[ns + (h >> 63) as usize].push(h);
        });
        out
    };
    let (first, second) = both(|| hash(Part::First), || hash(Part::Second));
    let twice = |side: usize| {
        [side, 2 + side].into_iter().any(|i| {
            let mut seen: foldhash::HashSet<u64> = foldhash::HashSet::with_capacity_and_hasher(
                first[i].len() + second[i].len(),
                Default::default(),
            );
            first[i].iter().chain(&second[i]).any(|&h| !seen.insert(h))
        })
    };
    let (a, b) = both(|| twice(0), || twice(1));
    a || b
}

/// `a` on this thread and `b` on another at the same time (or after `a`,
/// here, when no thread can be had).
fn both<A, B: Send>(a: impl FnOnce() -> A, b: impl Fn() -> B + Sync) -> (A, B) {
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new().spawn_scoped(scope, &b).ok();
        let a = a();
        let b = match other {
            Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            None => b(),
        };
        (a, b)
    })
}

impl Spelling<'_> {
    /// The hash of the name as [`write`](Self::write) spells it, from the
    /// declarations' PascalCase hashes (`pascal`, by [`Places`]).
    fn poly(&self, pascal: &[Poly], places: &Places) -> Poly {
        match self {
            Spelling::Pascal(name) => pascal[places.of(name.of)],
            Spelling::Text(text) => Poly::EMPTY.str(text),
            Spelling::Derived(owner, suffix) => {
                let owner = pascal[places.of(owner.of)];
                let of = match suffix {
                    Suffix::Of(other, ..) => pascal[places.of(other.of)],
                    _ => Poly::EMPTY,
                };
                let h = suffix.poly(owner, of);
                if h.len > MAX_LEN {
                    // Clipped: spelled out, as the table spells it.
                    let mut buf = String::new();
                    self.write(&mut buf);
                    Poly::EMPTY.str(&buf)
                } else {
                    h
                }
            }
        }
    }
}

/// A polynomial hash of a string and its length: `h = Σ b[i]·P^(n-1-i)`
/// (wrapping), so the hash of `a` then `b` is `h(a)·P^|b| + h(b)`, however
/// the name is put together.
#[derive(Clone, Copy)]
struct Poly {
    h: u64,
    len: usize,
}

impl Poly {
    const P: u64 = 0x0000_0100_0000_01b3;
    const EMPTY: Poly = Poly { h: 0, len: 0 };

    fn byte(self, b: u8) -> Poly {
        Poly {
            h: self.h.wrapping_mul(Self::P).wrapping_add(u64::from(b)),
            len: self.len + 1,
        }
    }

    fn str(self, s: &str) -> Poly {
        s.bytes().fold(self, Poly::byte)
    }

    fn number(self, n: u64) -> Poly {
        // As [`push_number`] spells it.
        let mut buf = [0u8; 20];
        decimal(n, &mut buf).iter().fold(self, |p, &d| p.byte(d))
    }

    /// `self` then `next`.
    fn then(self, next: Poly) -> Poly {
        Poly {
            h: self
                .h
                .wrapping_mul(Self::P.wrapping_pow(next.len as u32))
                .wrapping_add(next.h),
            len: self.len + next.len,
        }
    }

    /// Of [`pascal`]`(name)`, byte for byte as [`push_pascal`] writes it.
    fn pascal(name: &str) -> Poly {
        let mut p = Poly::EMPTY;
        let mut word_start = true;
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                p = p.byte(if word_start {
                    b.to_ascii_uppercase()
                } else {
                    b
                });
                word_start = false;
            } else {
                word_start = true;
            }
        }
        p
    }
}

impl Suffix<'_> {
    /// The hash of `owner` then this suffix, unclipped, as
    /// [`write`](Self::write) spells it; `of` is the other declaration's
    /// PascalCase for [`Suffix::Of`].
    fn poly(&self, owner: Poly, of: Poly) -> Poly {
        match self {
            Suffix::Word(w) => owner.str(w),
            Suffix::Numbered(w, n) => owner.str(w).number(*n),
            Suffix::Pair(a, b) => owner.str(a).str(b),
            Suffix::Of(_, w, n) => {
                let p = owner.then(of).str(w);
                if *n > 1 { p.number(u64::from(*n)) } else { p }
            }
        }
    }
}

/// Every declaration's place in one vector: the kinds one after another,
/// in [`ResourceId`]'s order.
struct Places {
    start: [usize; 20],
    total: usize,
}

impl Places {
    fn new(m: &Model) -> Places {
        let lens = [
            m.vpcs.len(),
            m.internet_gateways.len(),
            m.subnets.len(),
            m.route_tables.len(),
            m.eips.len(),
            m.nat_gateways.len(),
            m.security_groups.len(),
            m.network_acls.len(),
            m.instances.len(),
            m.volumes.len(),
            m.load_balancers.len(),
            m.target_groups.len(),
            m.launch_templates.len(),
            m.auto_scaling_groups.len(),
            m.egress_only_internet_gateways.len(),
            m.prefix_lists.len(),
            m.vpc_endpoints.len(),
            m.file_systems.len(),
            m.vpc_peerings.len(),
            m.transit_gateways.len(),
        ];
        let mut start = [0; 20];
        let mut total = 0;
        for (s, n) in start.iter_mut().zip(lens) {
            *s = total;
            total += n;
        }
        Places { start, total }
    }

    /// The hash of every declaration's PascalCase name, by place.
    fn pascal(&self, m: &Model) -> Vec<Poly> {
        self.pascal_of(m, 0..self.total)
    }

    /// [`pascal`](Self::pascal) for the places in `range`.
    fn pascal_of(&self, m: &Model, range: std::ops::Range<usize>) -> Vec<Poly> {
        let mut pascal = vec![Poly::EMPTY; range.len()];
        for &r in &m.order {
            let p = self.of(r);
            if range.contains(&p) {
                pascal[p - range.start] = Poly::pascal(&m.decl(r).name);
            }
        }
        pascal
    }

    fn of(&self, r: ResourceId) -> usize {
        let (kind, i) = match r {
            ResourceId::Vpc(i) => (0, i.index()),
            ResourceId::InternetGateway(i) => (1, i.index()),
            ResourceId::Subnet(i) => (2, i.index()),
            ResourceId::RouteTable(i) => (3, i.index()),
            ResourceId::Eip(i) => (4, i.index()),
            ResourceId::NatGateway(i) => (5, i.index()),
            ResourceId::SecurityGroup(i) => (6, i.index()),
            ResourceId::NetworkAcl(i) => (7, i.index()),
            ResourceId::Instance(i) => (8, i.index()),
            ResourceId::Volume(i) => (9, i.index()),
            ResourceId::LoadBalancer(i) => (10, i.index()),
            ResourceId::TargetGroup(i) => (11, i.index()),
            ResourceId::LaunchTemplate(i) => (12, i.index()),
            ResourceId::AutoScalingGroup(i) => (13, i.index()),
            ResourceId::EgressOnlyInternetGateway(i) => (14, i.index()),
            ResourceId::PrefixList(i) => (15, i.index()),
            ResourceId::VpcEndpoint(i) => (16, i.index()),
            ResourceId::FileSystem(i) => (17, i.index()),
            ResourceId::VpcPeering(i) => (18, i.index()),
            ResourceId::TransitGateway(i) => (19, i.index()),
        };
        self.start[kind] + i
    }
}

/// E010 for every name the template would hold twice.
///
/// The later of the two is the primary span. When both come from one
/// declaration (two listeners on one port: the only such case, as repeated
/// subnets and attachments are numbered) the attributes are shown;
/// otherwise the two declarations' names. Two ACL rules of one direction
/// sharing a number are N404's to report, not ours.
pub fn collisions(model: &Model) -> Vec<Diagnostic> {
    collisions_on(model, 1)
}

/// [`collisions`] with the hashing on up to `threads` threads (two at
/// most help): the same diagnostics.
pub fn collisions_on(model: &Model, threads: usize) -> Vec<Diagnostic> {
    // Collisions are rare: rule them out from hashes first, and build the
    // table, spans and descriptions only when two hashes meet.
    if !may_collide(model, &parameters(model).0, threads) {
        return Vec::new();
    }
    let ids = LogicalIds::new(model);
    let mut seen: HashMap<(Namespace, &str), usize> = HashMap::new();
    let mut out = Vec::new();
    // Two declarations whose resources collide also collide as outputs:
    // one report per pair is enough to say what to rename.
    let mut reported: Vec<(ResourceId, ResourceId)> = Vec::new();
    for (n, e) in ids.entries.iter().enumerate() {
        let Some(&first) = seen.get(&(e.namespace, e.logical_id.as_str())) else {
            seen.insert((e.namespace, e.logical_id.as_str()), n);
            continue;
        };
        let f = &ids.entries[first];
        let (f_owner, e_owner) = (f.slot.owner(), e.slot.owner());
        if f_owner == e_owner && matches!(e.slot, Slot::AclEntry(..)) {
            continue;
        }
        let pair = (f_owner, e_owner);
        if reported.contains(&pair) {
            continue;
        }
        reported.push(pair);
        let (a, b) = if f_owner == e_owner {
            (f.slot.span(model), e.slot.span(model))
        } else {
            (model.decl(f_owner).name_span, model.decl(e_owner).name_span)
        };
        let ((early, early_e), (late, late_e)) = if a <= b {
            ((a, f), (b, e))
        } else {
            ((b, e), (a, f))
        };
        let what = match e.namespace {
            Namespace::Template => "resources would get the CloudFormation logical id",
            Namespace::Outputs => "outputs would get the CloudFormation output name",
        };
        let help = if f_owner == e_owner {
            let owner = &model.decl(e_owner).name;
            format!(
                "keep one of the two: a load balancer has one listener per port, so `{owner}` cannot have both"
            )
        } else {
            let (a, b) = (
                &model.decl(late_e.slot.owner()).name,
                &model.decl(early_e.slot.owner()).name,
            );
            format!(
                "rename `{a}` or `{b}`: a logical id is the name in PascalCase (`-` and `_` only separate words), plus a suffix such as `Route1` for a derived resource"
            )
        };
        let describe = |e: &Entry| e.slot.describe(model, &ids.parameters);
        out.push(
            Diagnostic::new(Code::E010, late, format!("two {what} `{}`", e.logical_id))
                .with_label(format!("{} becomes `{}`", describe(late_e), e.logical_id))
                .with_secondary(
                    early,
                    format!("{} already becomes `{}`", describe(early_e), e.logical_id),
                )
                .with_help(help),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of every example: the hash put together from the
    /// declarations' hashes is the hash of the name as spelled.
    #[test]
    fn hashes_are_those_of_the_spelled_names() {
        let mut names = 0;
        for entry in std::fs::read_dir("examples").expect("examples") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|x| x != "net") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("read");
            let mut arena = crate::syntax::Arena::new();
            let parsed = crate::syntax::parse(&src, &mut arena);
            let Some(m) = crate::model::resolve(&parsed.file).model else {
                continue;
            };
            let params = parameters(&m).0;
            let places = Places::new(&m);
            let pascal = places.pascal(&m);
            walk(&m, &params, |_, spelling| {
                let mut buf = String::new();
                spelling.write(&mut buf);
                let want = Poly::EMPTY.str(&buf);
                let got = spelling.poly(&pascal, &places);
                assert_eq!((got.h, got.len), (want.h, want.len), "{buf}");
                names += 1;
            });
        }
        assert!(names > 100, "{names}");
    }

    /// The hashing split over two threads answers as the one-thread walk:
    /// no collision in the examples, and each kind of collision found
    /// wherever its two names fall among the halves of the declarations.
    #[test]
    fn two_threads_find_what_one_finds() {
        let mut sources: Vec<(String, bool)> = std::fs::read_dir("examples")
            .expect("examples")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "net"))
            .map(|p| (std::fs::read_to_string(p).expect("read"), false))
            .collect();
        let base = "vpc main { cidr 10.0.0.0/16 }\n\
            subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }\n\
            route-table rt { vpc main\n subnets public-a\n route 0.0.0.0/0 -> main-igw }\n\
            internet-gateway main-igw { vpc main }\n";
        for clash in [
            "subnet public_a { vpc main; cidr 10.0.2.0/24; zone b }\n",
            "eip rt-route1 {}\n",
            "eip main-igw-attachment {}\n",
            "eip rt-public-a-association {}\n",
        ] {
            sources.push((format!("{base}{clash}"), true));
            sources.push((format!("{clash}{base}"), true));
        }
        let mut checked = 0;
        for (src, clashes) in &sources {
            let mut arena = crate::syntax::Arena::new();
            let parsed = crate::syntax::parse(src, &mut arena);
            let Some(m) = crate::model::resolve(&parsed.file).model else {
                continue;
            };
            let params = parameters(&m).0;
            let one = may_collide(&m, &params, 1);
            assert_eq!(may_collide(&m, &params, 2), one, "{src}");
            assert_eq!(collisions_on(&m, 2), collisions(&m), "{src}");
            if *clashes {
                assert!(one, "{src}");
            }
            checked += 1;
        }
        assert!(checked >= 16, "{checked}");
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("public-a"), "PublicA");
        assert_eq!(pascal("public_a"), "PublicA");
        assert_eq!(pascal("nat-gw-1"), "NatGw1");
        assert_eq!(pascal("myVpc"), "MyVpc");
        assert_eq!(pascal("a--b__c"), "ABC");
        assert_eq!(pascal("réseau-b"), "RSeauB");
        assert_eq!(
            pascal("al2023-ami-kernel-default-x86_64"),
            "Al2023AmiKernelDefaultX8664"
        );
    }
}
