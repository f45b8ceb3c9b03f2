//! Lowering: a resolved CloudFormation [`Template`] to `.net` source text.
//!
//! The template front end (`cfn`) resolves every intrinsic; this layer
//! turns the resources netlint understands into the language's blocks —
//! standalone routes, rules, entries, associations and attachments folded
//! into their owners — and keeps a source map from every generated name,
//! attribute and value back to the template text it came from. The text
//! is what `netlint import` writes; `check` and `reach` on a template run
//! the one pipeline on it and map each diagnostic's spans back through the
//! source map, so every rule works on templates without knowing they exist.
//!
//! Layering: this module imports `cfn` and `span` only (and foldhash). What it cannot
//! express (a value netlint does not know, a resource type outside its
//! domain, a property the language has no word for) it reports as
//! [`Finding`]s — plain data with template spans — never silently.

mod hosts;
mod network;
mod peering;
mod security;
mod services;
mod writer;

use crate::cfn::{Provenance, Reason, Resource, Template, Value, ValueKind};
use crate::span::Span;
use foldhash::{HashMapExt, HashSetExt};
use std::collections::{HashMap, HashSet};
pub use writer::SourceMap;
use writer::Writer;

/// What the caller tells the lowering beyond the template.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Names declared by the existing network (`--network`): a resolved
    /// id equal to one of them refers to that block.
    pub existing: HashSet<String>,
}

/// The generated text, its map back to the template, and what could not
/// be expressed.
#[derive(Debug)]
pub struct Lowered {
    pub text: String,
    pub map: SourceMap,
    pub findings: Vec<Finding>,
    /// Logical ID → the block name it became.
    pub names: HashMap<String, String>,
    /// Every resource: its logical ID's span and its body's.
    pub resources: Vec<(Span, Span)>,
    /// `Metadata: {netlint: {allow: [CODE, …]}}`: each code, its span and
    /// the resource it covers.
    pub metadata_allows: Vec<(String, Span, Span)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// A value netlint needs but cannot know (an import, a parameter
    /// without a value).
    Unknown,
    /// Resources of types outside netlint's domain (one summary).
    NotAnalysed,
    /// A resource or property the language cannot express.
    Unmapped,
}

/// One thing the lowering could not carry into the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<(Span, String)>,
}

/// The resource types the lowering reads, each owned by a block or folded
/// into one.
const MAPPED: &[&str] = &[
    "AWS::EC2::VPC",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::FlowLog",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::Subnet",
    "AWS::EC2::RouteTable",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::NatGateway",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::EC2::VolumeAttachment",
    "AWS::EC2::LaunchTemplate",
    "AWS::AutoScaling::LaunchConfiguration",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::AutoScaling::ScalingPolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::EFS::FileSystem",
    "AWS::EFS::MountTarget",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::PrefixList",
    "AWS::EC2::VPCPeeringConnection",
    "AWS::EC2::TransitGatewayAttachment",
];

/// Types inside netlint's domain that the language cannot describe: each
/// resource is reported (T007) with why, rather than counted among the
/// types outside the domain.
const UNDESCRIBED: &[(&str, &str)] = &[(
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "a classic load balancer: the language describes application and network load balancers only, so its listeners, instances and security groups are not checked and `reach` does not go through it",
)];

/// The block kind a resource type becomes, for those that are blocks of
/// their own (the others fold into an owner).
fn block_kind(type_: &str) -> Option<&'static str> {
    Some(match type_ {
        "AWS::EC2::VPC" => "vpc",
        "AWS::EC2::InternetGateway" => "internet-gateway",
        "AWS::EC2::EgressOnlyInternetGateway" => "egress-only-internet-gateway",
        "AWS::EC2::Subnet" => "subnet",
        "AWS::EC2::RouteTable" => "route-table",
        "AWS::EC2::EIP" => "eip",
        "AWS::EC2::NatGateway" => "nat-gateway",
        "AWS::EC2::SecurityGroup" => "security-group",
        "AWS::EC2::NetworkAcl" => "network-acl",
        "AWS::EC2::Instance" => "instance",
        "AWS::EC2::Volume" => "volume",
        "AWS::EC2::LaunchTemplate" | "AWS::AutoScaling::LaunchConfiguration" => "launch-template",
        "AWS::AutoScaling::AutoScalingGroup" => "auto-scaling-group",
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => "load-balancer",
        "AWS::ElasticLoadBalancingV2::TargetGroup" => "target-group",
        "AWS::EFS::FileSystem" => "file-system",
        "AWS::EC2::VPCEndpoint" => "vpc-endpoint",
        "AWS::EC2::PrefixList" => "prefix-list",
        "AWS::EC2::VPCPeeringConnection" => "vpc-peering",
        // The attachments to one gateway make one block.
        "AWS::EC2::TransitGatewayAttachment" => "transit-gateway",
        _ => return None,
    })
}

/// Lowers a template. `src` is the template text (for the spans'
/// context, e.g. a zone written `${AWS::Region}a`).
pub fn lower(src: &str, t: &Template<'_>, options: &Options) -> Lowered {
    let mut cx = Cx::new(src, t, options);
    cx.name_blocks();
    cx.index_children();
    cx.drop_blind_peerings();
    cx.drop_unplaceable();
    cx.header();
    if let Some((d, span)) = &t.description {
        let a = cx.w.setting("description");
        cx.w.string(d, Some(*span));
        cx.w.end(a, *span);
        cx.w.raw("\n");
    }
    for (i, r) in t.resources.iter().enumerate() {
        if !cx.included(i) || cx.dropped.contains(&i) {
            continue;
        }
        match r.type_.as_ref() {
            "AWS::EC2::VPC" => cx.vpc(i),
            "AWS::EC2::InternetGateway" => cx.igw(i),
            "AWS::EC2::EgressOnlyInternetGateway" => cx.eigw(i),
            "AWS::EC2::Subnet" => cx.subnet(i),
            "AWS::EC2::RouteTable" => cx.route_table(i),
            "AWS::EC2::EIP" => cx.eip(i),
            "AWS::EC2::NatGateway" => cx.nat(i),
            "AWS::EC2::SecurityGroup" => cx.security_group(i),
            "AWS::EC2::NetworkAcl" => cx.network_acl(i),
            "AWS::EC2::Instance" => cx.instance(i),
            "AWS::EC2::Volume" => cx.volume(i),
            "AWS::EC2::LaunchTemplate" => cx.launch_template(i),
            "AWS::AutoScaling::LaunchConfiguration" => cx.launch_configuration(i),
            "AWS::AutoScaling::AutoScalingGroup" => cx.asg(i),
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => cx.load_balancer(i),
            "AWS::ElasticLoadBalancingV2::TargetGroup" => cx.target_group(i),
            "AWS::EFS::FileSystem" => cx.file_system(i),
            "AWS::EC2::VPCEndpoint" => cx.endpoint(i),
            "AWS::EC2::PrefixList" => cx.prefix_list(i),
            "AWS::EC2::VPCPeeringConnection" => cx.peering(i),
            "AWS::EC2::TransitGatewayAttachment" => cx.transit_gateway(i),
            _ => {}
        }
    }
    cx.orphans();
    cx.not_analysed();
    let Cx {
        w, findings, names, ..
    } = cx;
    let (text, map) = w.finish();
    let mut metadata_allows = Vec::new();
    for r in &t.resources {
        let scope = Span::new(
            r.logical_id_span.start,
            r.span.end.max(r.logical_id_span.end),
        );
        let list = r
            .metadata
            .as_ref()
            .and_then(|m| m.get("netlint"))
            .and_then(|n| n.get("allow"));
        for code in list.and_then(|l| l.as_seq()).unwrap_or(&[]) {
            if let Some(c) = code.as_text() {
                metadata_allows.push((c.to_string(), code.span, scope));
            }
        }
    }
    Lowered {
        text,
        map,
        findings,
        names: names.into_iter().collect(),
        resources: t
            .resources
            .iter()
            .map(|r| (r.logical_id_span, r.span))
            .collect(),
        metadata_allows,
    }
}

/// The lowering's working state.
pub(crate) struct Cx<'a, 's> {
    pub src: &'a str,
    pub t: &'a Template<'s>,
    pub options: &'a Options,
    pub w: Writer,
    pub findings: Vec<Finding>,
    /// Logical ID → block name.
    pub names: foldhash::HashMap<String, String>,
    /// Logical ID → resource index.
    pub index: foldhash::HashMap<&'a str, usize>,
    /// Owner logical ID → children of a type folded into it (routes,
    /// entries, rules, associations, listeners, …), in template order.
    pub children: foldhash::HashMap<(&'a str, &'static str), Vec<usize>>,
    /// Children consumed by an owner.
    pub used: foldhash::HashSet<usize>,
    /// Spans already reported unknown (each once).
    pub reported: foldhash::HashSet<(u32, u32)>,
    /// Blocks left out: a reference they cannot do without is unknown or
    /// outside the template (and the network given), or is left out.
    pub dropped: foldhash::HashSet<usize>,
    /// Names of the VPCs with an IPv6 block (computed on first use).
    pub ipv6_vpcs: Option<foldhash::HashSet<String>>,
    /// Block name → the first resource of that name (computed on first use).
    pub by_name: Option<foldhash::HashMap<String, usize>>,
    /// Logical ID → the first alarm whose `AlarmActions` name it
    /// (computed on first use).
    pub alarms: Option<foldhash::HashMap<String, usize>>,
    /// Logical IDs of the EIPs a load balancer takes through
    /// `SubnetMappings` (computed on first use).
    pub lb_eips: Option<foldhash::HashSet<String>>,
    /// Launch template logical ID → the Auto Scaling groups that name it,
    /// in template order (computed on first use: one pass, not one per
    /// launch template).
    pub asgs_of_template: Option<foldhash::HashMap<&'a str, Vec<usize>>>,
}

impl<'a, 's> Cx<'a, 's> {
    fn new(src: &'a str, t: &'a Template<'s>, options: &'a Options) -> Self {
        Cx {
            src,
            t,
            options,
            w: Writer::default(),
            findings: Vec::new(),
            names: foldhash::HashMap::new(),
            index: t
                .resources
                .iter()
                .enumerate()
                .map(|(i, r)| (r.logical_id.as_ref(), i))
                .collect(),
            children: foldhash::HashMap::new(),
            used: foldhash::HashSet::new(),
            reported: foldhash::HashSet::new(),
            dropped: foldhash::HashSet::new(),
            ipv6_vpcs: None,
            by_name: None,
            alarms: None,
            lb_eips: None,
            asgs_of_template: None,
        }
    }

    pub(crate) fn res(&self, i: usize) -> &'a Resource<'s> {
        &self.t.resources[i]
    }

    /// Whether a resource is part of the network: created, or created
    /// under a condition netlint cannot decide (checked as if created).
    pub(crate) fn included(&self, i: usize) -> bool {
        self.t.resources[i].created() != Some(false)
    }

    fn header(&mut self) {
        self.w
            .raw("# Imported from a CloudFormation template by `netlint import`.\n");
        let skipped: Vec<&Resource<'_>> = self
            .t
            .resources
            .iter()
            .filter(|r| r.created() == Some(false))
            .collect();
        if !skipped.is_empty() {
            self.w.raw("# Not created (condition false):\n");
            for r in skipped {
                let c = r.condition.as_ref().map_or("", |c| c.name.as_ref());
                self.w.raw(&format!("#   {} ({c})\n", r.logical_id));
            }
        }
        let outside: Vec<&Resource<'_>> = self
            .t
            .resources
            .iter()
            .filter(|r| !MAPPED.contains(&r.type_.as_ref()) && undescribed(&r.type_).is_none())
            .collect();
        let undescribed_ones: Vec<&Resource<'_>> = self
            .t
            .resources
            .iter()
            .filter(|r| undescribed(&r.type_).is_some())
            .collect();
        if !undescribed_ones.is_empty() {
            self.w
                .raw("# Not imported (the language cannot describe them; see T007):\n");
            for r in undescribed_ones {
                self.w.raw(&format!("#   {} ({})\n", r.logical_id, r.type_));
            }
        }
        if !outside.is_empty() {
            self.w.raw("# Not imported (outside netlint's domain):\n");
            for r in outside {
                self.w.raw(&format!("#   {} ({})\n", r.logical_id, r.type_));
            }
        }
        let mut dropped: Vec<usize> = self.dropped.iter().copied().collect();
        dropped.sort_unstable();
        if !dropped.is_empty() {
            self.w
                .raw("# Left out (they need a resource outside the template; see T005):\n");
            for i in dropped {
                let r = &self.t.resources[i];
                self.w.raw(&format!("#   {} ({})\n", r.logical_id, r.type_));
            }
        }
        self.w.raw("\n");
    }

    /// Every block's name: its `Name` tag when that is a valid, unused
    /// name, else the kebab-case of its logical ID.
    fn name_blocks(&mut self) {
        let mut taken: foldhash::HashSet<String> = self.options.existing.iter().cloned().collect();
        let mut folded: foldhash::HashSet<String> = foldhash::HashSet::new();
        // Transit gateway id → the name of the block its attachments make.
        let mut gateways: foldhash::HashMap<String, String> = foldhash::HashMap::new();
        for r in &self.t.resources {
            if block_kind(&r.type_).is_none() {
                continue;
            }
            let tgw = (r.type_ == "AWS::EC2::TransitGatewayAttachment")
                .then(|| r.property("TransitGatewayId").and_then(Value::as_str))
                .flatten();
            if let Some(n) = tgw.and_then(|id| gateways.get(id)) {
                self.names.insert(r.logical_id.to_string(), n.clone());
                continue;
            }
            let tag = name_tag(r).filter(|n| valid_name(n));
            let mut name = match tag {
                Some(n) if !taken.contains(n) => n.to_string(),
                _ => kebab(&r.logical_id),
            };
            if taken.contains(&name) || !valid_name(&name) {
                let base = if valid_name(&name) {
                    name.clone()
                } else {
                    format!("r-{name}")
                };
                let mut k = 2;
                name = format!("{base}-{k}");
                while taken.contains(&name) {
                    k += 1;
                    name = format!("{base}-{k}");
                }
            }
            // Two names that differ only in `-`/`_`/case would collide as
            // logical IDs (E010): keep them apart.
            let key = name.replace(['-', '_'], "").to_ascii_lowercase();
            if !folded.insert(key) {
                let mut k = 2;
                while !folded
                    .insert(format!("{}{k}", name.replace(['-', '_'], "")).to_ascii_lowercase())
                {
                    k += 1;
                }
                name = format!("{name}-{k}");
            }
            taken.insert(name.clone());
            if let Some(id) = tgw {
                gateways.insert(id.to_string(), name.clone());
            }
            self.names.insert(r.logical_id.to_string(), name);
        }
    }

    /// The references a block cannot do without, by type: each is a
    /// property holding one reference or a list of which one must resolve.
    fn required(&self, i: usize) -> Vec<&'a Value<'s>> {
        let r = self.res(i);
        let props: &[&str] = match r.type_.as_ref() {
            "AWS::EC2::Subnet"
            | "AWS::EC2::SecurityGroup"
            | "AWS::EC2::RouteTable"
            | "AWS::EC2::NetworkAcl"
            | "AWS::EC2::EgressOnlyInternetGateway"
            | "AWS::EC2::VPCEndpoint"
            | "AWS::EC2::VPCPeeringConnection"
            | "AWS::EC2::TransitGatewayAttachment" => &["VpcId"],
            "AWS::ElasticLoadBalancingV2::TargetGroup" => &["VpcId"],
            "AWS::EC2::NatGateway" => &["SubnetId"],
            "AWS::AutoScaling::AutoScalingGroup" => &["VPCZoneIdentifier"],
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => &["Subnets"],
            _ => &[],
        };
        let mut out: Vec<&'a Value<'s>> = props.iter().filter_map(|p| r.property(p)).collect();
        if r.type_ == "AWS::EC2::Instance" {
            out.extend(r.properties.as_ref().and_then(subnet_of));
        }
        // A volume placed in the zone of another resource (`!GetAtt
        // Instance.AvailabilityZone`) goes with it when that one is left out.
        if r.type_ == "AWS::EC2::Volume"
            && let Some(z) = r.property("AvailabilityZone")
            && let ValueKind::GetAtt(id, _) = &z.kind
            && self.index.contains_key(id.as_ref())
        {
            out.push(z);
        }
        if r.type_ == "AWS::ElasticLoadBalancingV2::LoadBalancer" && out.is_empty() {
            out.extend(
                r.property("SubnetMappings")
                    .and_then(Value::as_list)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m.get("SubnetId")),
            );
        }
        out
    }

    /// Whether a reference resolves to a block that stays, or to a name
    /// of the existing network.
    fn resolves(&self, v: &Value<'_>) -> bool {
        match &v.kind {
            ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => {
                self.index.get(id.as_ref()).is_some_and(|&k| {
                    self.included(k)
                        && !self.dropped.contains(&k)
                        && self.names.contains_key(id.as_ref())
                })
            }
            ValueKind::Scalar(t, _) => self.options.existing.contains(t.as_ref()),
            ValueKind::List(items) => items.iter().any(|x| self.resolves(x)),
            _ => false,
        }
    }

    /// Leaves out, with a T005 each, the blocks that cannot stand: a
    /// subnet of an unknown VPC, an instance in an unknown subnet, … and
    /// then whatever can only stand on those. The rest is checked.
    fn drop_unplaceable(&mut self) {
        loop {
            let mut changed = false;
            for i in 0..self.t.resources.len() {
                if !self.included(i) || self.dropped.contains(&i) {
                    continue;
                }
                let needs = self.required(i);
                let Some(bad) = needs.iter().find(|v| !self.resolves(v)) else {
                    continue;
                };
                let r = self.res(i);
                let why = bad
                    .reasons()
                    .first()
                    .map(Reason::describe)
                    .unwrap_or_else(|| match &bad.kind {
                        ValueKind::Scalar(t, _) => format!("`{t}` is outside the template"),
                        _ => "what it refers to is left out".to_string(),
                    });
                self.findings.push(Finding {
                    kind: FindingKind::Unknown,
                    span: bad.span,
                    message: format!(
                        "`{}` ({}) is left out of the analysis: it needs this reference, and {why}",
                        r.logical_id, r.type_
                    ),
                    help: Some(
                        "describe the existing network with `--network FILE.net` and pass its names as the parameters (`--param NAME=VALUE`)"
                            .to_string(),
                    ),
                    related: vec![(r.logical_id_span, "the resource left out".to_string())],
                });
                self.reported.insert((bad.span.start, bad.span.end));
                self.dropped.insert(i);
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    /// Files every folded resource under its owner.
    fn index_children(&mut self) {
        let t: &'a Template<'s> = self.t;
        for (i, r) in t.resources.iter().enumerate() {
            if !self.included(i) {
                continue;
            }
            let (prop, tag): (&[&str], &'static str) = match r.type_.as_ref() {
                "AWS::EC2::Route" => (&["RouteTableId"], "route"),
                "AWS::EC2::SubnetRouteTableAssociation" => (&["RouteTableId"], "rt-assoc"),
                "AWS::EC2::SecurityGroupIngress" => (&["GroupId"], "ingress"),
                "AWS::EC2::SecurityGroupEgress" => (&["GroupId"], "egress"),
                "AWS::EC2::NetworkAclEntry" => (&["NetworkAclId"], "entry"),
                "AWS::EC2::SubnetNetworkAclAssociation" => (&["NetworkAclId"], "acl-assoc"),
                "AWS::EC2::VPCGatewayAttachment" => {
                    (&["InternetGatewayId", "VpnGatewayId"], "attach")
                }
                "AWS::EC2::VPCCidrBlock" => (&["VpcId"], "cidr-block"),
                "AWS::EC2::FlowLog" => (&["ResourceId"], "flow-log"),
                "AWS::EC2::EIPAssociation" => (&["AllocationId", "EIP"], "eip-assoc"),
                "AWS::EC2::VolumeAttachment" => (&["VolumeId"], "vol-attach"),
                "AWS::ElasticLoadBalancingV2::Listener" => (&["LoadBalancerArn"], "listener"),
                "AWS::ElasticLoadBalancingV2::ListenerRule" => (&["ListenerArn"], "rule"),
                "AWS::AutoScaling::ScalingPolicy" => (&["AutoScalingGroupName"], "policy"),
                "AWS::EFS::MountTarget" => (&["FileSystemId"], "mount-target"),
                _ => continue,
            };
            let owner = prop.iter().find_map(|p| r.property(p)).and_then(target_id);
            match owner {
                Some(owner) => self.children.entry((owner, tag)).or_default().push(i),
                None => {
                    // Reported by `orphans` (left unused).
                }
            }
        }
    }

    /// The children of `owner` of one kind.
    pub(crate) fn kids(&mut self, owner: usize, tag: &'static str) -> Vec<usize> {
        let t: &'a Template<'s> = self.t;
        let id: &'a str = &t.resources[owner].logical_id;
        let kids = self.children.get(&(id, tag)).cloned().unwrap_or_default();
        self.used.extend(kids.iter().copied());
        kids
    }

    /// Folded resources no owner took: their owner is unknown, outside the
    /// template or not created.
    fn orphans(&mut self) {
        // The parts of a block left out go with it (it was reported).
        let with_dropped: HashSet<usize> = self
            .children
            .iter()
            .filter(|((owner, _), _)| {
                self.index
                    .get(owner)
                    .is_some_and(|o| self.dropped.contains(o))
            })
            .flat_map(|(_, kids)| kids.iter().copied())
            .collect();
        for (i, r) in self.t.resources.iter().enumerate() {
            if !self.included(i)
                || self.used.contains(&i)
                || with_dropped.contains(&i)
                || block_kind(&r.type_).is_some()
                || !MAPPED.contains(&r.type_.as_ref())
            {
                continue;
            }
            // Alarms are read through the policies they trigger.
            if r.type_ == "AWS::CloudWatch::Alarm" {
                continue;
            }
            self.findings.push(Finding {
                kind: FindingKind::Unmapped,
                span: r.logical_id_span,
                message: format!(
                    "`{}` ({}) is not analysed: the resource it belongs to is not in the template or not known",
                    r.logical_id, r.type_
                ),
                help: Some(
                    "describe the existing network with `--network FILE.net` and pass its names as parameters"
                        .to_string(),
                ),
                related: Vec::new(),
            });
        }
    }

    /// One note for every resource type outside netlint's domain.
    fn not_analysed(&mut self) {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let mut first = None;
        let mut n = 0;
        for (i, r) in self.t.resources.iter().enumerate() {
            if MAPPED.contains(&r.type_.as_ref()) {
                continue;
            }
            if let Some(why) = undescribed(&r.type_) {
                if self.included(i) {
                    let message = format!("`{}` is not analysed: it is {why}", r.logical_id);
                    self.unmapped(r.type_span, message, None);
                }
                continue;
            }
            n += 1;
            first.get_or_insert(r.type_span);
            match counts.iter_mut().find(|(t, _)| *t == r.type_.as_ref()) {
                Some((_, c)) => *c += 1,
                None => counts.push((r.type_.as_ref(), 1)),
            }
        }
        let Some(span) = first else { return };
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = counts
            .iter()
            .map(|(t, c)| {
                if *c > 1 {
                    format!("{t} ×{c}")
                } else {
                    (*t).to_string()
                }
            })
            .collect();
        self.findings.push(Finding {
            kind: FindingKind::NotAnalysed,
            span,
            message: format!(
                "{n} resource{} of {} type{} not analysed: {}",
                if n == 1 { "" } else { "s" },
                counts.len(),
                if counts.len() == 1 { "" } else { "s" },
                list.join(", ")
            ),
            help: None,
            related: Vec::new(),
        });
    }

    // ---- values ---------------------------------------------------------

    /// Reports an unknown value once, saying which resource it affects.
    pub(crate) fn unknown(&mut self, r: usize, prop: &str, v: &Value<'_>, what: &str) {
        if !self.reported.insert((v.span.start, v.span.end)) {
            return;
        }
        let res = &self.t.resources[r];
        let reasons = v.reasons();
        let why = reasons
            .first()
            .map_or_else(|| "it is not known".to_string(), Reason::describe);
        let mut help = reasons.iter().find_map(Reason::help);
        if help.is_none() && matches!(reasons.first(), Some(Reason::Import { .. })) {
            help = Some(
                "describe the existing network with `--network FILE.net`; netlint cannot read another stack's exports"
                    .to_string(),
            );
        }
        self.findings.push(Finding {
            kind: FindingKind::Unknown,
            span: v.span,
            message: format!(
                "`{prop}` of `{}` is unknown ({why}): {what}",
                res.logical_id
            ),
            help,
            related: vec![(res.logical_id_span, "the resource it affects".to_string())],
        });
    }

    /// A property the language cannot express, reported once.
    pub(crate) fn unmapped(&mut self, span: Span, message: String, help: Option<&str>) {
        if !self.reported.insert((span.start, span.end)) {
            return;
        }
        self.findings.push(Finding {
            kind: FindingKind::Unmapped,
            span,
            message,
            help: help.map(str::to_string),
            related: Vec::new(),
        });
    }

    /// The block name a `Ref`/`Fn::GetAtt` (or an existing network's name
    /// passed as a value) refers to; reports why not otherwise.
    pub(crate) fn name_of(&mut self, r: usize, prop: &str, v: &Value<'_>) -> Option<String> {
        match &v.kind {
            ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => {
                if let Some(n) = self.names.get(id.as_ref()) {
                    let target = self.index.get(id.as_ref()).copied();
                    if target.is_some_and(|t| self.dropped.contains(&t)) {
                        return None;
                    }
                    if target.is_some_and(|t| !self.included(t)) {
                        self.unmapped(
                            v.span,
                            format!("`{prop}` refers to `{id}`, which is not created (its condition is false)"),
                            None,
                        );
                        return None;
                    }
                    return Some(n.clone());
                }
                self.unmapped(
                    v.span,
                    format!("`{prop}` refers to `{id}`, which netlint does not analyse"),
                    None,
                );
                None
            }
            ValueKind::Scalar(text, _) => {
                if self.options.existing.contains(text.as_ref()) {
                    return Some(text.to_string());
                }
                let res = &self.t.resources[r];
                let msg = format!(
                    "`{prop}` of `{}` is `{text}`, a resource outside the template",
                    res.logical_id
                );
                if self.reported.insert((v.span.start, v.span.end)) {
                    self.findings.push(Finding {
                        kind: FindingKind::Unknown,
                        span: v.span,
                        message: msg,
                        help: Some(
                            "describe the existing network with `--network FILE.net` and pass the name it declares instead of the id (`--param NAME=VALUE`)"
                                .to_string(),
                        ),
                        related: vec![(res.logical_id_span, "the resource it affects".to_string())],
                    });
                }
                None
            }
            ValueKind::Unknown(_) => {
                self.unknown(r, prop, v, "netlint cannot tell what it refers to");
                None
            }
            _ => {
                self.unmapped(v.span, format!("`{prop}` is not a reference"), None);
                None
            }
        }
    }

    /// A required reference property: its name, or `None` (reported).
    pub(crate) fn ref_prop(&mut self, r: usize, prop: &str) -> Option<(String, Span)> {
        let v = self.t.resources[r].property(prop)?;
        let span = v.span;
        self.name_of(r, prop, v).map(|n| (n, span))
    }

    /// A list of references (`Subnets`, `SecurityGroupIds`).
    pub(crate) fn ref_list(&mut self, r: usize, v: &Value<'_>, prop: &str) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        match &v.kind {
            ValueKind::List(items) => {
                for item in items {
                    if let Some(n) = self.name_of(r, prop, item) {
                        out.push((n, item.span));
                    }
                }
            }
            ValueKind::Unknown(_) => {
                self.unknown(r, prop, v, "netlint cannot tell what it lists");
            }
            _ => {
                if let Some(n) = self.name_of(r, prop, v) {
                    out.push((n, v.span));
                }
            }
        }
        out
    }

    /// A known scalar property, reporting an unknown one.
    pub(crate) fn scalar(
        &mut self,
        r: usize,
        prop: &str,
    ) -> Option<(String, Span, Vec<Provenance<'s>>)>
    where
        's: 'a,
    {
        let v = self.t.resources[r].property(prop)?;
        self.scalar_of(r, prop, v)
    }

    pub(crate) fn scalar_of(
        &mut self,
        r: usize,
        prop: &str,
        v: &'a Value<'s>,
    ) -> Option<(String, Span, Vec<Provenance<'s>>)> {
        match v.as_str() {
            Some(s) => Some((s.to_string(), v.span, v.from.clone())),
            None => {
                if v.is_unknown() {
                    self.unknown(r, prop, v, "netlint leaves it out of the analysis");
                } else {
                    self.unmapped(v.span, format!("`{prop}` is not a single value"), None);
                }
                None
            }
        }
    }

    /// A zone: a letter when written `${AWS::Region}x` (whatever region
    /// the stack deploys in), else the name as resolved.
    pub(crate) fn zone(&mut self, r: usize, prop: &str) -> Option<(String, Span)> {
        let v = self.t.resources[r].property(prop)?;
        if let Some(z) = self.region_letter(v).or_else(|| self.zone_of_get_att(v)) {
            return Some((z, v.span));
        }
        let (s, span, _) = self.scalar_of(r, prop, v)?;
        Some((s, span))
    }

    /// The zone letter of a value written `${AWS::Region}x`.
    fn region_letter(&self, v: &Value<'_>) -> Option<String> {
        let text = self
            .src
            .get(v.span.start as usize..v.span.end as usize)
            .unwrap_or("");
        let rest = text.split("${AWS::Region}").nth(1)?;
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), next)
                if c.is_ascii_lowercase() && !next.is_some_and(|n| n.is_ascii_alphanumeric()) =>
            {
                Some(c.to_string())
            }
            _ => None,
        }
    }

    /// `!GetAtt X.AvailabilityZone`, the usual way to put a volume beside
    /// its instance: the zone X is in (its own `AvailabilityZone`, else its
    /// subnet's). Read without reporting: X's own lowering reports its
    /// unknown values once.
    fn zone_of_get_att(&self, v: &Value<'_>) -> Option<String> {
        let ValueKind::GetAtt(id, attr) = &v.kind else {
            return None;
        };
        if attr != "AvailabilityZone" {
            return None;
        }
        let own = |r: usize| {
            let z = self.t.resources[r].property("AvailabilityZone")?;
            self.region_letter(z)
                .or_else(|| z.as_str().map(str::to_string))
        };
        let &x = self.index.get(id.as_ref())?;
        own(x).or_else(|| {
            let subnet = self.t.resources[x]
                .properties
                .as_ref()
                .and_then(subnet_of)?;
            let ValueKind::Ref(sid) = &subnet.kind else {
                return None;
            };
            own(*self.index.get(sid.as_ref())?)
        })
    }

    /// A comment line saying where the values of an attribute came from.
    pub(crate) fn provenance(&mut self, from: &[Provenance<'_>]) {
        if let Some(text) = describe_provenance(from) {
            self.w.comment(&text);
        }
    }
}

/// Why the language cannot describe a resource of this type, if it is one
/// of those.
fn undescribed(type_: &str) -> Option<&'static str> {
    UNDESCRIBED
        .iter()
        .find(|(t, _)| *t == type_)
        .map(|(_, why)| *why)
}

/// The first reference a value makes: `Ref X` or `Fn::GetAtt X.*`.
pub(crate) fn target_id<'v>(v: &'v Value<'_>) -> Option<&'v str> {
    match &v.kind {
        ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => Some(id),
        _ => None,
    }
}

/// "from parameter X", "condition Y is true", … for an import comment.
pub(crate) fn describe_provenance(from: &[Provenance<'_>]) -> Option<String> {
    let parts: Vec<String> = from
        .iter()
        .filter_map(|p| match p {
            Provenance::Parameter { name, .. } => Some(format!("parameter {name}")),
            Provenance::Condition { name, value } => Some(format!("condition {name} is {value}")),
            Provenance::Mapping { name } => Some(format!("mapping {name}")),
            Provenance::ZoneTable { region } => Some(format!("the zones of {region}")),
            Provenance::Pseudo(_) | Provenance::Base64 => None,
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(format!("from {}", parts.join(", ")))
    }
}

/// An instance's subnet (in its properties, or a launch template's data):
/// its `SubnetId`, else its first network interface's.
pub(crate) fn subnet_of<'v, 's>(data: &'v Value<'s>) -> Option<&'v Value<'s>> {
    data.get("SubnetId").or_else(|| {
        data.get("NetworkInterfaces")?
            .as_list()?
            .first()?
            .get("SubnetId")
    })
}

/// The `Name` tag of a resource.
pub(crate) fn name_tag<'r>(r: &'r Resource<'_>) -> Option<&'r str> {
    let tags = r
        .property("Tags")
        .or_else(|| r.property("FileSystemTags"))?;
    tags.as_list()?
        .iter()
        .find(|t| t.get("Key").and_then(Value::as_str) == Some("Name"))?
        .get("Value")?
        .as_str()
}

/// A name the language accepts: ASCII letters, digits, `-`, `_`, starting
/// with a letter, at most 64 characters, and not a reserved word.
pub(crate) fn valid_name(n: &str) -> bool {
    n.len() <= 64
        && n.starts_with(|c: char| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !matches!(n, "self" | "internet" | "all" | "on" | "off")
}

/// `PublicSubnetA` → `public-subnet-a`, `VPCB9E5F0B4` → `vpcb9-e5-f0-b4`.
pub(crate) fn kebab(id: &str) -> String {
    let chars: Vec<char> = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut out = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if k > 0 && c.is_ascii_uppercase() {
            let prev = chars[k - 1];
            let next_lower = chars.get(k + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let mut out: String = out.chars().take(64).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "r-");
    }
    out
}

#[cfg(test)]
mod tests;
