//! CloudFormation emitter: model → template JSON (the construct → resource
//! table is in `MAPPING.md` next to this file).
//!
//! **Architecture invariant:** the emitter never re-validates. It runs only
//! on a model that `check` found free of errors, and maps it one to one.
//! Every logical ID comes from [`LogicalIds`], the table `check` used
//! for E010, so a template that passed `check` has unique names.
//!
//! Determinism: `serde_json` keeps insertion order (`preserve_order`), every
//! object below is built with a fixed key order, and resources follow the
//! file's declaration order, each declared resource followed by the ones
//! derived from it. The same input gives byte-identical output.

use crate::model::logical_ids::LogicalIds;
use crate::model::topology::Topology;
use crate::model::*;
use ipnet::IpNet;
use serde_json::{Map, Value, json};

mod addressing;
mod endpoints;
mod hosts;
mod load_balancers;
mod network;
mod peering;
mod scaling;
mod security;
mod storage;

/// TLS policy for https/tls listeners without `policy`: TLS 1.3 and 1.2
/// only, the current AWS recommendation.
pub const DEFAULT_TLS_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// Root device of the `root-volume` mapping (Amazon Linux and most
/// HVM AMIs).
pub const ROOT_DEVICE: &str = "/dev/xvda";

/// CloudWatch period and evaluation count of step-scaling alarms: 5-minute
/// datapoints match EC2 basic monitoring, two of them avoid reacting to one
/// spike.
const ALARM_PERIOD: u32 = 300;
const ALARM_EVALUATION_PERIODS: u32 = 2;

/// The template for a checked model.
pub fn template(model: &Model, topo: &Topology) -> Value {
    let ids = LogicalIds::new(model);
    let mut e = Emitter {
        m: model,
        topo,
        ids: &ids,
        resources: Map::new(),
    };
    for &r in &model.order {
        e.resource(r);
    }

    let mut root = Map::new();
    root.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if let Some(d) = &model.description {
        root.insert("Description".into(), json!(d.node));
    }
    if !ids.parameters.is_empty() || !ids.aws_lists.is_empty() {
        let mut params = Map::new();
        for p in &ids.parameters {
            params.insert(
                p.logical_id.clone(),
                json!({
                    "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                    "Default": p.path,
                    "Description": format!("AMI id resolved from the SSM parameter {}", p.path),
                }),
            );
        }
        endpoints::aws_list_parameters(&ids, &mut params);
        root.insert("Parameters".into(), Value::Object(params));
    }
    root.insert("Resources".into(), Value::Object(e.resources));
    let outputs = outputs(model, &ids);
    if !outputs.is_empty() {
        root.insert("Outputs".into(), Value::Object(outputs));
    }
    Value::Object(root)
}

/// The template as pretty JSON (two-space indent) with a final newline.
pub fn to_json_string(model: &Model, topo: &Topology) -> String {
    let mut s =
        serde_json::to_string_pretty(&template(model, topo)).unwrap_or_else(|_| String::from("{}"));
    s.push('\n');
    s
}

fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

fn get_att(id: &str, attr: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attr] })
}

fn group_id(id: &str) -> Value {
    get_att(id, "GroupId")
}

fn name_tags(name: &str) -> Value {
    json!([{ "Key": "Name", "Value": name }])
}

fn zone(z: &Zone) -> Value {
    match z {
        Zone::Letter(c) => json!({ "Fn::Sub": format!("${{AWS::Region}}{c}") }),
        Zone::Named { .. } | Zone::Id(_) => json!(z.to_string()),
    }
}

/// A percentage as JSON: an integer when whole, so `70%` reads `70`.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && (0.0..=1e15).contains(&x) {
        json!(x as u64)
    } else {
        json!(x)
    }
}

fn on_off(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// One template resource, keys in CloudFormation's usual order.
struct Res {
    ty: &'static str,
    depends_on: Vec<String>,
    retain_snapshot: bool,
    /// `DeletionPolicy`/`UpdateReplacePolicy` `Retain` (for resources
    /// that cannot be snapshotted on deletion).
    retain: bool,
    /// cfn-lint checks to skip on this resource (false positives only).
    lint_ignores: Vec<&'static str>,
    /// `Metadata.netlint`: what the checks need and AWS does not take
    /// (read back by `netlint import`).
    netlint: Map<String, Value>,
    props: Map<String, Value>,
}

impl Res {
    fn new(ty: &'static str) -> Self {
        Res {
            ty,
            depends_on: Vec::new(),
            retain_snapshot: false,
            retain: false,
            lint_ignores: Vec::new(),
            netlint: Map::new(),
            props: Map::new(),
        }
    }

    fn prop(mut self, key: &str, value: Value) -> Self {
        self.props.insert(key.into(), value);
        self
    }

    /// A value for the checks only, kept under `Metadata.netlint`.
    fn netlint(mut self, key: &str, value: Value) -> Self {
        self.netlint.insert(key.into(), value);
        self
    }

    fn prop_opt(self, key: &str, value: Option<Value>) -> Self {
        match value {
            Some(v) => self.prop(key, v),
            None => self,
        }
    }

    fn depends(mut self, ids: impl IntoIterator<Item = String>) -> Self {
        for id in ids {
            if !self.depends_on.contains(&id) {
                self.depends_on.push(id);
            }
        }
        self
    }

    fn into_value(self) -> Value {
        let mut o = Map::new();
        o.insert("Type".into(), json!(self.ty));
        if !self.depends_on.is_empty() {
            o.insert("DependsOn".into(), json!(self.depends_on));
        }
        if self.retain_snapshot {
            o.insert("DeletionPolicy".into(), json!("Snapshot"));
            o.insert("UpdateReplacePolicy".into(), json!("Snapshot"));
        } else if self.retain {
            o.insert("DeletionPolicy".into(), json!("Retain"));
            o.insert("UpdateReplacePolicy".into(), json!("Retain"));
        }
        let mut meta = Map::new();
        if !self.lint_ignores.is_empty() {
            meta.insert(
                "cfn-lint".into(),
                json!({ "config": { "ignore_checks": self.lint_ignores } }),
            );
        }
        if !self.netlint.is_empty() {
            meta.insert("netlint".into(), Value::Object(self.netlint));
        }
        if !meta.is_empty() {
            o.insert("Metadata".into(), Value::Object(meta));
        }
        o.insert("Properties".into(), Value::Object(self.props));
        Value::Object(o)
    }
}

struct Emitter<'a> {
    m: &'a Model,
    topo: &'a Topology,
    ids: &'a LogicalIds,
    resources: Map<String, Value>,
}

impl Emitter<'_> {
    fn add(&mut self, id: &str, res: Res) {
        self.resources.insert(id.to_string(), res.into_value());
    }

    /// The gateway attachments of a VPC's internet gateways: what EIPs, NAT
    /// gateways and routes to the gateway must wait for.
    fn igw_attachments(&self, vpc: VpcId) -> Vec<String> {
        self.topo.igws_by_vpc[vpc]
            .iter()
            .map(|g| self.ids.igw_attachment[*g].clone())
            .collect()
    }

    fn ami(&self, ami: &Ami) -> Value {
        match (ami, self.ids.ami_parameter(ami)) {
            (_, Some(param)) => reference(param),
            (Ami::Id(id), None) => json!(id),
            (Ami::Ssm(path), None) => json!(format!("resolve:ssm:{path}")),
        }
    }

    fn group_ids(&self, groups: &List<SgId>) -> Value {
        Value::Array(
            groups
                .ids()
                .map(|g| group_id(&self.ids.security_group[g]))
                .collect(),
        )
    }

    fn subnet_refs(&self, subnets: &List<SubnetId>) -> Value {
        Value::Array(
            subnets
                .ids()
                .map(|s| reference(&self.ids.subnet[s]))
                .collect(),
        )
    }

    /// The association and the `0.0.0.0/0` route of a subnet's route table:
    /// an instance that boots before them has no way out (user data that
    /// downloads packages fails), so instances and groups wait for them.
    fn boot_dependencies(&self, subnet: SubnetId) -> Vec<String> {
        let mut deps = Vec::new();
        let Some(rt) = self.topo.subnet_route_table[subnet] else {
            return deps;
        };
        let table = &self.m[rt];
        if let Some(k) = table.subnets.ids().position(|s| s == subnet) {
            deps.push(self.ids.route_table_association[rt][k].clone());
        }
        let default_v4: IpNet = IpNet::V4(ipnet::Ipv4Net::default());
        if let Some(k) = table
            .routes
            .iter()
            .position(|r| r.destination.node == default_v4)
        {
            deps.push(self.ids.route[rt][k].clone());
        }
        deps
    }

    fn resource(&mut self, r: ResourceId) {
        match r {
            ResourceId::Vpc(i) => self.vpc(i),
            ResourceId::InternetGateway(i) => self.igw(i),
            ResourceId::Subnet(i) => self.subnet(i),
            ResourceId::RouteTable(i) => self.route_table(i),
            ResourceId::Eip(i) => self.eip(i),
            ResourceId::NatGateway(i) => self.nat(i),
            ResourceId::SecurityGroup(i) => self.security_group(i),
            ResourceId::NetworkAcl(i) => self.acl(i),
            ResourceId::Instance(i) => self.instance(i),
            ResourceId::Volume(i) => self.volume(i),
            ResourceId::LoadBalancer(i) => self.load_balancer(i),
            ResourceId::TargetGroup(i) => self.target_group(i),
            ResourceId::LaunchTemplate(i) => self.launch_template(i),
            ResourceId::AutoScalingGroup(i) => self.asg(i),
            ResourceId::EgressOnlyInternetGateway(i) => self.eigw(i),
            ResourceId::PrefixList(i) => self.prefix_list(i),
            ResourceId::VpcEndpoint(i) => self.vpc_endpoint(i),
            ResourceId::FileSystem(i) => self.file_system(i),
            ResourceId::VpcPeering(i) => self.vpc_peering(i),
            ResourceId::TransitGateway(i) => self.tgw_attachments(i),
        }
    }
}

/// `IpProtocol`, `FromPort`, `ToPort` of a security-group rule. `all`
/// carries no ports: AWS ignores them and cfn-lint (W3687) flags them.
/// ICMP without a type is `-1`/`-1` (any type, any code).
fn sg_rule_fields(rule: &SgRule) -> Map<String, Value> {
    let mut o = Map::new();
    let ports = match rule.protocol.node {
        Protocol::All => None,
        Protocol::Tcp | Protocol::Udp => {
            let p = rule.port_range();
            Some((i32::from(p.from), i32::from(p.to)))
        }
        Protocol::Icmp | Protocol::Icmpv6 => {
            Some((rule.ports.map_or(-1, |p| i32::from(p.node.from)), -1))
        }
    };
    let proto = match rule.protocol.node {
        Protocol::All => "-1",
        p => p.as_str(),
    };
    o.insert("IpProtocol".into(), json!(proto));
    if let Some((from, to)) = ports {
        o.insert("FromPort".into(), json!(from));
        o.insert("ToPort".into(), json!(to));
    }
    o
}

/// cfn-lint 1.58's E3688 accepts "one ICMP type, any code" (`FromPort`
/// type, `ToPort` -1) for icmp but not for icmpv6, which EC2 treats the
/// same way: resources holding such a rule carry a resource-level ignore.
const CFN_LINT_ICMPV6_TYPE: &str = "E3688";

fn icmpv6_with_type(rule: &SgRule) -> bool {
    rule.protocol.node == Protocol::Icmpv6 && rule.ports.is_some()
}

/// Provisioned IOPS for an io1/io2 volume whose file gives none (AWS
/// requires a number): 3000, the gp3 baseline, within the type's IOPS per
/// GiB ratio (io1 50, io2 500) and never under the 100 minimum.
fn default_iops(ty: VolumeType, size_gib: u64) -> Option<u64> {
    let per_gib = match ty {
        VolumeType::Io1 => 50,
        VolumeType::Io2 => 500,
        _ => return None,
    };
    Some(size_gib.saturating_mul(per_gib).clamp(100, 3000))
}

/// The root volume is encrypted and goes with its instance, whatever the
/// AMI says; gp3 unless a type is written (as for volumes); io1/io2 get the
/// default IOPS, as the language has no way to write them for a root volume.
fn root_volume(v: &RootVolume) -> Value {
    let ty = v.volume_type.map_or(VolumeType::Gp3, |t| t.node);
    let mut ebs = Map::new();
    ebs.insert("VolumeSize".into(), json!(v.size_gib.node));
    ebs.insert("VolumeType".into(), json!(ty.as_str()));
    if let Some(iops) = default_iops(ty, v.size_gib.node) {
        ebs.insert("Iops".into(), json!(iops));
    }
    ebs.insert("Encrypted".into(), json!(true));
    if let Some(k) = &v.kms_key {
        ebs.insert("KmsKeyId".into(), json!(k.node));
    }
    ebs.insert("DeleteOnTermination".into(), json!(true));
    json!([{
        "DeviceName": ROOT_DEVICE,
        "Ebs": ebs,
    }])
}

/// `AWS::EC2::Instance` takes an instance profile by name: an ARN's name is
/// its last path segment (`…:instance-profile/path/name`).
fn instance_profile_name(p: &str) -> &str {
    if p.starts_with("arn:") {
        p.rsplit('/').next().unwrap_or(p)
    } else {
        p
    }
}

fn metadata_options(imds: Imds) -> Value {
    let tokens = match imds {
        Imds::V1 => "optional",
        Imds::V2 => "required",
    };
    json!({ "HttpEndpoint": "enabled", "HttpTokens": tokens })
}

/// Exports for what other stacks build on: the VPC, subnets, security
/// groups and load balancer DNS names, in file order.
fn outputs(m: &Model, ids: &LogicalIds) -> Map<String, Value> {
    let mut out = Map::new();
    let export = |key: &str| json!({ "Name": { "Fn::Sub": format!("${{AWS::StackName}}-{key}") } });
    for &r in &m.order {
        let name = &m.decl(r).name;
        let (key, description, value) = match r {
            ResourceId::Vpc(_) => {
                let id = ids.primary(r);
                (id.to_string(), format!("vpc {name}"), reference(id))
            }
            ResourceId::Subnet(_) => {
                let id = ids.primary(r);
                (id.to_string(), format!("subnet {name}"), reference(id))
            }
            ResourceId::SecurityGroup(_) => {
                let id = ids.primary(r);
                (
                    id.to_string(),
                    format!("security group {name}"),
                    group_id(id),
                )
            }
            ResourceId::LoadBalancer(i) => (
                ids.lb_dns_output[i].clone(),
                format!("DNS name of load balancer {name}"),
                get_att(ids.primary(r), "DNSName"),
            ),
            _ => continue,
        };
        let export = export(&key);
        out.insert(
            key,
            json!({ "Description": description, "Value": value, "Export": export }),
        );
    }
    out
}
