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
    if !ids.parameters.is_empty() {
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
        Zone::Named { .. } => json!(z.to_string()),
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
    /// cfn-lint checks to skip on this resource (false positives only).
    lint_ignores: Vec<&'static str>,
    props: Map<String, Value>,
}

impl Res {
    fn new(ty: &'static str) -> Self {
        Res {
            ty,
            depends_on: Vec::new(),
            retain_snapshot: false,
            lint_ignores: Vec::new(),
            props: Map::new(),
        }
    }

    fn prop(mut self, key: &str, value: Value) -> Self {
        self.props.insert(key.into(), value);
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
        }
        if !self.lint_ignores.is_empty() {
            o.insert(
                "Metadata".into(),
                json!({ "cfn-lint": { "config": { "ignore_checks": self.lint_ignores } } }),
            );
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
            .map(|g| self.ids.igw_attachment[g.index()].clone())
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
                .map(|g| group_id(&self.ids.security_group[g.index()]))
                .collect(),
        )
    }

    fn subnet_refs(&self, subnets: &List<SubnetId>) -> Value {
        Value::Array(
            subnets
                .ids()
                .map(|s| reference(&self.ids.subnet[s.index()]))
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
            deps.push(self.ids.route_table_association[rt.index()][k].clone());
        }
        let default_v4: IpNet = IpNet::V4(ipnet::Ipv4Net::default());
        if let Some(k) = table
            .routes
            .iter()
            .position(|r| r.destination.node == default_v4)
        {
            deps.push(self.ids.route[rt.index()][k].clone());
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
        }
    }

    fn vpc(&mut self, i: VpcId) {
        let v = &self.m[i];
        let id = &self.ids.vpc[i.index()];
        let res = Res::new("AWS::EC2::VPC")
            .prop("CidrBlock", json!(v.cidr.node.to_string()))
            .prop("EnableDnsSupport", json!(v.dns()))
            .prop("EnableDnsHostnames", json!(v.dns()))
            .prop("Tags", name_tags(&v.decl.name));
        self.add(id, res);
        if let Some(block) = &self.ids.vpc_ipv6[i.index()] {
            let res = Res::new("AWS::EC2::VPCCidrBlock")
                .prop("VpcId", reference(id))
                .prop("AmazonProvidedIpv6CidrBlock", json!(true));
            self.add(block, res);
        }
    }

    fn igw(&mut self, i: IgwId) {
        let g = &self.m[i];
        let id = &self.ids.igw[i.index()];
        self.add(
            id,
            Res::new("AWS::EC2::InternetGateway").prop("Tags", name_tags(&g.decl.name)),
        );
        let res = Res::new("AWS::EC2::VPCGatewayAttachment")
            .prop("VpcId", reference(&self.ids.vpc[g.vpc.node.index()]))
            .prop("InternetGatewayId", reference(id));
        self.add(&self.ids.igw_attachment[i.index()], res);
    }

    /// In a VPC with `ipv6 on` each subnet gets the next /64 of the VPC's
    /// Amazon-provided /56 (in declaration order), so that dualstack load
    /// balancers and `::/0` routes have addresses to work with.
    fn subnet(&mut self, i: SubnetId) {
        let s = &self.m[i];
        let vpc = s.vpc.node;
        let vpc_id = &self.ids.vpc[vpc.index()];
        let mut res = Res::new("AWS::EC2::Subnet")
            .prop("VpcId", reference(vpc_id))
            .prop("CidrBlock", json!(s.cidr.node.to_string()))
            .prop("AvailabilityZone", zone(&s.zone.node))
            .prop("MapPublicIpOnLaunch", json!(s.public_ip()));
        if let Some(block) = &self.ids.vpc_ipv6[vpc.index()] {
            let siblings = &self.topo.subnets_by_vpc[vpc];
            let count = siblings.len().min(256);
            if let Some(k) = siblings.iter().position(|&x| x == i).filter(|&k| k < 256) {
                res = res
                    .prop(
                        "Ipv6CidrBlock",
                        json!({ "Fn::Select": [k, { "Fn::Cidr": [
                            { "Fn::Select": [0, get_att(vpc_id, "Ipv6CidrBlocks")] },
                            count,
                            64
                        ] }] }),
                    )
                    .depends([block.clone()]);
            }
        }
        let res = res.prop("Tags", name_tags(&s.decl.name));
        self.add(&self.ids.subnet[i.index()], res);
    }

    fn route_table(&mut self, i: RouteTableId) {
        let rt = &self.m[i];
        let id = &self.ids.route_table[i.index()];
        let vpc = rt.vpc.node;
        let res = Res::new("AWS::EC2::RouteTable")
            .prop("VpcId", reference(&self.ids.vpc[vpc.index()]))
            .prop("Tags", name_tags(&rt.decl.name));
        self.add(id, res);
        for (k, route) in rt.routes.iter().enumerate() {
            let mut res = Res::new("AWS::EC2::Route").prop("RouteTableId", reference(id));
            let dest = route.destination.node;
            res = match dest {
                IpNet::V4(_) => res.prop("DestinationCidrBlock", json!(dest.to_string())),
                IpNet::V6(_) => {
                    let block = self.ids.vpc_ipv6[vpc.index()].clone();
                    res.prop("DestinationIpv6CidrBlock", json!(dest.to_string()))
                        .depends(block)
                }
            };
            res = match route.target.node {
                RouteTarget::Igw(g) => res
                    .prop("GatewayId", reference(&self.ids.igw[g.index()]))
                    .depends([self.ids.igw_attachment[g.index()].clone()]),
                RouteTarget::Nat(n) => {
                    res.prop("NatGatewayId", reference(&self.ids.nat[n.index()]))
                }
            };
            self.add(&self.ids.route[i.index()][k], res);
        }
        for (k, s) in rt.subnets.ids().enumerate() {
            let res = Res::new("AWS::EC2::SubnetRouteTableAssociation")
                .prop("SubnetId", reference(&self.ids.subnet[s.index()]))
                .prop("RouteTableId", reference(id));
            self.add(&self.ids.route_table_association[i.index()][k], res);
        }
    }

    /// An EIP waits for the internet gateway of the VPC it serves (its
    /// instance's or NAT gateway's; the only VPC when it serves neither).
    fn eip(&mut self, i: EipId) {
        let e = &self.m[i];
        let id = &self.ids.eip[i.index()];
        let mut vpcs: Vec<VpcId> = Vec::new();
        if let Some(inst) = e.instance {
            vpcs.push(self.m[self.m[inst.node].subnet.node].vpc.node);
        }
        for n in &self.topo.eip_nats[i] {
            vpcs.push(self.m[self.m[*n].subnet.node].vpc.node);
        }
        if vpcs.is_empty() && self.m.vpcs.len() == 1 {
            vpcs.push(VpcId::new(0));
        }
        let deps: Vec<String> = vpcs
            .into_iter()
            .flat_map(|v| self.igw_attachments(v))
            .collect();
        let res = Res::new("AWS::EC2::EIP")
            .depends(deps)
            .prop("Domain", json!("vpc"))
            .prop("Tags", name_tags(&e.decl.name));
        self.add(id, res);
        if let (Some(inst), Some(assoc)) = (e.instance, &self.ids.eip_association[i.index()]) {
            let res = Res::new("AWS::EC2::EIPAssociation")
                .prop("AllocationId", get_att(id, "AllocationId"))
                .prop(
                    "InstanceId",
                    reference(&self.ids.instance[inst.node.index()]),
                );
            self.add(assoc, res);
        }
    }

    fn nat(&mut self, i: NatId) {
        let n = &self.m[i];
        let public = n.connectivity() == Connectivity::Public;
        let deps = if public {
            self.igw_attachments(self.m[n.subnet.node].vpc.node)
        } else {
            Vec::new()
        };
        let res = Res::new("AWS::EC2::NatGateway")
            .depends(deps)
            .prop(
                "ConnectivityType",
                json!(if public { "public" } else { "private" }),
            )
            .prop_opt(
                "AllocationId",
                n.eip
                    .map(|e| get_att(&self.ids.eip[e.node.index()], "AllocationId")),
            )
            .prop(
                "SubnetId",
                reference(&self.ids.subnet[n.subnet.node.index()]),
            )
            .prop("Tags", name_tags(&n.decl.name));
        self.add(&self.ids.nat[i.index()], res);
    }

    /// CIDR rules go inline; rules naming a group (or `self`) become
    /// separate ingress/egress resources, so that two groups naming each
    /// other never form a dependency cycle. A group with `egress` lines
    /// that all name groups still needs an inline egress list, or AWS keeps
    /// its default allow-all: a rule to 127.0.0.1/32 (traffic that never
    /// leaves the instance) stands in for "nothing else".
    fn security_group(&mut self, i: SgId) {
        let sg = &self.m[i];
        let id = &self.ids.security_group[i.index()];
        let description = sg
            .description
            .as_ref()
            .map_or_else(|| format!("netlint: {}", sg.decl.name), |d| d.node.clone());
        let inline = |rules: &[SgRule]| -> Vec<Value> {
            rules
                .iter()
                .filter_map(|r| match r.peer.node {
                    Peer::Cidr(c) => {
                        let mut o = sg_rule_fields(r);
                        let key = if c.addr().is_ipv4() {
                            "CidrIp"
                        } else {
                            "CidrIpv6"
                        };
                        o.insert(key.into(), json!(c.to_string()));
                        Some(Value::Object(o))
                    }
                    Peer::Group(_) | Peer::SelfGroup => None,
                })
                .collect()
        };
        let ingress = inline(&sg.ingress);
        let mut egress = inline(&sg.egress);
        if !sg.egress.is_empty() && egress.is_empty() {
            egress.push(json!({
                "IpProtocol": "-1",
                "CidrIp": "127.0.0.1/32",
                "Description": "netlint: no outbound traffic but the rules that name groups",
            }));
        }
        let mut res = Res::new("AWS::EC2::SecurityGroup")
            .prop("GroupDescription", json!(description))
            .prop("VpcId", reference(&self.ids.vpc[sg.vpc.node.index()]));
        if !ingress.is_empty() {
            res = res.prop("SecurityGroupIngress", Value::Array(ingress));
        }
        if !egress.is_empty() {
            res = res.prop("SecurityGroupEgress", Value::Array(egress));
        }
        res = res.prop("Tags", name_tags(&sg.decl.name));
        let inline_rules = sg.ingress.iter().chain(&sg.egress);
        if inline_rules
            .filter(|r| matches!(r.peer.node, Peer::Cidr(_)))
            .any(icmpv6_with_type)
        {
            res.lint_ignores.push(CFN_LINT_ICMPV6_TYPE);
        }
        self.add(id, res);

        for (rules, rule_ids, ty, peer_key) in [
            (
                &sg.ingress,
                &self.ids.sg_ingress[i.index()],
                "AWS::EC2::SecurityGroupIngress",
                "SourceSecurityGroupId",
            ),
            (
                &sg.egress,
                &self.ids.sg_egress[i.index()],
                "AWS::EC2::SecurityGroupEgress",
                "DestinationSecurityGroupId",
            ),
        ] {
            for (rule, rule_id) in rules.iter().zip(rule_ids) {
                let peer = match rule.peer.node {
                    Peer::Group(g) => &self.ids.security_group[g.index()],
                    Peer::SelfGroup => id,
                    Peer::Cidr(_) => continue,
                };
                let Some(rule_id) = rule_id else { continue };
                let mut res = Res::new(ty).prop("GroupId", group_id(id));
                for (k, v) in sg_rule_fields(rule) {
                    res = res.prop(&k, v);
                }
                res = res.prop(peer_key, group_id(peer));
                if icmpv6_with_type(rule) {
                    res.lint_ignores.push(CFN_LINT_ICMPV6_TYPE);
                }
                self.add(rule_id, res);
            }
        }
    }

    fn acl(&mut self, i: AclId) {
        let acl = &self.m[i];
        let id = &self.ids.acl[i.index()];
        let res = Res::new("AWS::EC2::NetworkAcl")
            .prop("VpcId", reference(&self.ids.vpc[acl.vpc.node.index()]))
            .prop("Tags", name_tags(&acl.decl.name));
        self.add(id, res);
        for (rules, rule_ids, egress) in [
            (&acl.inbound, &self.ids.acl_inbound[i.index()], false),
            (&acl.outbound, &self.ids.acl_outbound[i.index()], true),
        ] {
            for (rule, rule_id) in rules.iter().zip(rule_ids) {
                let cidr = rule.cidr.node;
                let action = match rule.action.node {
                    Action::Allow => "allow",
                    Action::Deny => "deny",
                };
                let mut res = Res::new("AWS::EC2::NetworkAclEntry")
                    .prop("NetworkAclId", reference(id))
                    .prop("RuleNumber", json!(rule.number.node))
                    .prop("Protocol", json!(rule.protocol.node.number()))
                    .prop("RuleAction", json!(action))
                    .prop("Egress", json!(egress));
                res = match cidr {
                    IpNet::V4(_) => res.prop("CidrBlock", json!(cidr.to_string())),
                    IpNet::V6(_) => res.prop("Ipv6CidrBlock", json!(cidr.to_string())),
                };
                res = match rule.protocol.node {
                    Protocol::Tcp | Protocol::Udp => {
                        let p = rule.port_range();
                        res.prop("PortRange", json!({ "From": p.from, "To": p.to }))
                    }
                    Protocol::Icmp | Protocol::Icmpv6 => {
                        let ty = rule.ports.map_or(-1, |p| i32::from(p.node.from));
                        res.prop("Icmp", json!({ "Code": -1, "Type": ty }))
                    }
                    Protocol::All => res,
                };
                self.add(rule_id, res);
            }
        }
        for (k, s) in acl.subnets.ids().enumerate() {
            let res = Res::new("AWS::EC2::SubnetNetworkAclAssociation")
                .prop("SubnetId", reference(&self.ids.subnet[s.index()]))
                .prop("NetworkAclId", reference(id));
            self.add(&self.ids.acl_association[i.index()][k], res);
        }
    }

    fn instance(&mut self, i: InstanceId) {
        let inst = &self.m[i];
        let subnet = reference(&self.ids.subnet[inst.subnet.node.index()]);
        let mut res = Res::new("AWS::EC2::Instance")
            .depends(self.boot_dependencies(inst.subnet.node))
            .prop("ImageId", self.ami(&inst.ami.node))
            .prop("InstanceType", json!(inst.instance_type.node))
            .prop_opt("KeyName", inst.key_pair.as_ref().map(|k| json!(k.node)));
        res = match inst.public_ip {
            // An explicit `public-ip` overrides the subnet's setting, which
            // EC2 only allows on a network interface.
            Some(p) => {
                let mut nic = Map::new();
                nic.insert("DeviceIndex".into(), json!("0"));
                nic.insert("AssociatePublicIpAddress".into(), json!(p.node));
                nic.insert("SubnetId".into(), subnet);
                if !inst.security_groups.is_empty() {
                    nic.insert("GroupSet".into(), self.group_ids(&inst.security_groups));
                }
                res.prop("NetworkInterfaces", json!([nic]))
            }
            None => {
                let res = res.prop("SubnetId", subnet);
                if inst.security_groups.is_empty() {
                    res
                } else {
                    res.prop("SecurityGroupIds", self.group_ids(&inst.security_groups))
                }
            }
        };
        res = res
            .prop_opt(
                "BlockDeviceMappings",
                inst.root_volume.as_ref().map(|v| root_volume(&v.node)),
            )
            .prop("MetadataOptions", metadata_options(inst.imds()))
            .prop_opt(
                "UserData",
                inst.user_data
                    .as_ref()
                    .map(|u| json!({ "Fn::Base64": u.node })),
            )
            .prop("Tags", name_tags(&inst.decl.name));
        self.add(&self.ids.instance[i.index()], res);
    }

    fn volume(&mut self, i: VolumeId) {
        let v = &self.m[i];
        let id = &self.ids.volume[i.index()];
        let mut res = Res::new("AWS::EC2::Volume")
            .prop("AvailabilityZone", zone(&v.zone.node))
            .prop("Size", json!(v.size_gib.node))
            .prop("VolumeType", json!(v.volume_type().as_str()))
            .prop_opt(
                "Iops",
                (v.iops.map(|n| n.node))
                    .or_else(|| default_iops(v.volume_type(), v.size_gib.node))
                    .map(|n| json!(n)),
            )
            .prop("Encrypted", json!(v.encrypted()));
        if v.multi_attach() {
            res = res.prop("MultiAttachEnabled", json!(true));
        }
        res = res.prop("Tags", name_tags(&v.decl.name));
        res.retain_snapshot = true;
        self.add(id, res);
        for (a, att_id) in v
            .attachments
            .iter()
            .zip(&self.ids.volume_attachment[i.index()])
        {
            let res = Res::new("AWS::EC2::VolumeAttachment")
                .prop("Device", json!(a.device.node))
                .prop(
                    "InstanceId",
                    reference(&self.ids.instance[a.instance.node.index()]),
                )
                .prop("VolumeId", reference(id));
            self.add(att_id, res);
        }
    }

    fn load_balancer(&mut self, i: LbId) {
        let lb = &self.m[i];
        let id = &self.ids.load_balancer[i.index()];
        let ty = match lb.lb_type.node {
            LbType::Application => "application",
            LbType::Network => "network",
        };
        let scheme = match lb.scheme() {
            Scheme::InternetFacing => "internet-facing",
            Scheme::Internal => "internal",
        };
        let ip = match lb.ip_address_type() {
            IpAddressType::Ipv4 => "ipv4",
            IpAddressType::Dualstack => "dualstack",
        };
        // An internet-facing load balancer is refused while its VPC has no
        // attached internet gateway.
        let deps: Vec<String> = match (lb.scheme(), lb.subnets.ids().next()) {
            (Scheme::InternetFacing, Some(s)) => self.igw_attachments(self.m[s].vpc.node),
            _ => Vec::new(),
        };
        let mut res = Res::new("AWS::ElasticLoadBalancingV2::LoadBalancer")
            .depends(deps)
            .prop("Type", json!(ty))
            .prop("Scheme", json!(scheme))
            .prop("IpAddressType", json!(ip))
            .prop("Subnets", self.subnet_refs(&lb.subnets));
        if !lb.security_groups.is_empty() {
            res = res.prop("SecurityGroups", self.group_ids(&lb.security_groups));
        }
        res = res.prop("Tags", name_tags(&lb.decl.name));
        self.add(id, res);

        for (l, l_id) in lb.listeners.iter().zip(&self.ids.listener[i.index()]) {
            let protocol = l.protocol.node;
            let mut res = Res::new("AWS::ElasticLoadBalancingV2::Listener")
                .prop("LoadBalancerArn", reference(id))
                .prop("Port", json!(l.port.node))
                .prop("Protocol", json!(protocol.cfn()));
            if matches!(protocol, LbProtocol::Https | LbProtocol::Tls) {
                if let Some(cert) = &l.certificate {
                    res = res.prop("Certificates", json!([{ "CertificateArn": cert.node }]));
                }
                let policy = l
                    .policy
                    .as_ref()
                    .map_or(DEFAULT_TLS_POLICY, |p| p.node.as_str());
                res = res.prop("SslPolicy", json!(policy));
            }
            let action = match &l.action {
                ListenerAction::Forward(tg) => json!({
                    "Type": "forward",
                    "TargetGroupArn": reference(&self.ids.target_group[tg.node.index()]),
                }),
                ListenerAction::Redirect { protocol, port } => json!({
                    "Type": "redirect",
                    "RedirectConfig": {
                        "Protocol": protocol.node.cfn(),
                        "Port": port.node.to_string(),
                        "StatusCode": "HTTP_301",
                    },
                }),
            };
            res = res.prop("DefaultActions", json!([action]));
            self.add(l_id, res);
        }
    }

    fn target_group(&mut self, i: TgId) {
        let tg = &self.m[i];
        let mut res = Res::new("AWS::ElasticLoadBalancingV2::TargetGroup")
            .prop("Protocol", json!(tg.protocol.node.cfn()))
            .prop("Port", json!(tg.port.node))
            .prop("VpcId", reference(&self.ids.vpc[tg.vpc.node.index()]))
            .prop("TargetType", json!("instance"));
        if let Some(hc) = &tg.health_check {
            let proto = match hc.node.protocol.node {
                HealthProtocol::Http => "HTTP",
                HealthProtocol::Https => "HTTPS",
                HealthProtocol::Tcp => "TCP",
            };
            res = res
                .prop("HealthCheckEnabled", json!(true))
                .prop("HealthCheckProtocol", json!(proto))
                .prop_opt(
                    "HealthCheckPath",
                    hc.node.path.as_ref().map(|p| json!(p.node)),
                );
        }
        if tg.sticky() {
            // Cookies need layer 7; a network group can only pin by source IP.
            let kind = if tg.protocol.node.is_layer7() {
                "lb_cookie"
            } else {
                "source_ip"
            };
            res = res.prop(
                "TargetGroupAttributes",
                json!([
                    { "Key": "stickiness.enabled", "Value": on_off(true) },
                    { "Key": "stickiness.type", "Value": kind },
                ]),
            );
        }
        if !tg.targets.is_empty() {
            let targets: Vec<Value> = tg
                .targets
                .ids()
                .map(|t| json!({ "Id": reference(&self.ids.instance[t.index()]) }))
                .collect();
            res = res.prop("Targets", Value::Array(targets));
        }
        res = res.prop("Tags", name_tags(&tg.decl.name));
        self.add(&self.ids.target_group[i.index()], res);
    }

    fn launch_template(&mut self, i: LtId) {
        let lt = &self.m[i];
        let mut data = Map::new();
        data.insert("ImageId".into(), self.ami(&lt.ami.node));
        data.insert("InstanceType".into(), json!(lt.instance_type.node));
        if let Some(k) = &lt.key_pair {
            data.insert("KeyName".into(), json!(k.node));
        }
        match lt.public_ip {
            Some(p) => {
                let mut nic = Map::new();
                nic.insert("DeviceIndex".into(), json!(0));
                nic.insert("AssociatePublicIpAddress".into(), json!(p.node));
                if !lt.security_groups.is_empty() {
                    nic.insert("Groups".into(), self.group_ids(&lt.security_groups));
                }
                data.insert("NetworkInterfaces".into(), json!([nic]));
            }
            None if !lt.security_groups.is_empty() => {
                data.insert(
                    "SecurityGroupIds".into(),
                    self.group_ids(&lt.security_groups),
                );
            }
            None => {}
        }
        if let Some(v) = &lt.root_volume {
            data.insert("BlockDeviceMappings".into(), root_volume(&v.node));
        }
        data.insert("MetadataOptions".into(), metadata_options(lt.imds()));
        if let Some(u) = &lt.user_data {
            data.insert("UserData".into(), json!({ "Fn::Base64": u.node }));
        }
        // Launch template names are unique per region and account: prefix
        // the stack name so two stacks of one file can coexist.
        let res = Res::new("AWS::EC2::LaunchTemplate")
            .prop(
                "LaunchTemplateName",
                json!({ "Fn::Sub": format!("${{AWS::StackName}}-{}", lt.decl.name) }),
            )
            .prop("LaunchTemplateData", Value::Object(data))
            .prop(
                "TagSpecifications",
                json!([{ "ResourceType": "launch-template", "Tags": name_tags(&lt.decl.name) }]),
            );
        self.add(&self.ids.launch_template[i.index()], res);
    }

    fn asg(&mut self, i: AsgId) {
        let asg = &self.m[i];
        let id = &self.ids.asg[i.index()];
        let lt = &self.ids.launch_template[asg.launch_template.node.index()];
        let deps: Vec<String> = asg
            .subnets
            .ids()
            .flat_map(|s| self.boot_dependencies(s))
            .collect();
        let health = match asg.health_check_type() {
            HealthCheckType::Ec2 => "EC2",
            HealthCheckType::Elb => "ELB",
        };
        let mut res = Res::new("AWS::AutoScaling::AutoScalingGroup")
            .depends(deps)
            .prop(
                "LaunchTemplate",
                json!({
                    "LaunchTemplateId": reference(lt),
                    "Version": get_att(lt, "LatestVersionNumber"),
                }),
            )
            .prop("VPCZoneIdentifier", self.subnet_refs(&asg.subnets))
            .prop("MinSize", json!(asg.min.node.to_string()))
            .prop("MaxSize", json!(asg.max.node.to_string()))
            .prop_opt(
                "DesiredCapacity",
                asg.desired.map(|d| json!(d.node.to_string())),
            );
        if !asg.target_groups.is_empty() {
            let arns: Vec<Value> = asg
                .target_groups
                .ids()
                .map(|t| reference(&self.ids.target_group[t.index()]))
                .collect();
            res = res.prop("TargetGroupARNs", Value::Array(arns));
        }
        res = res
            .prop("HealthCheckType", json!(health))
            .prop("HealthCheckGracePeriod", json!(asg.grace_seconds()))
            .prop(
                "Tags",
                json!([{ "Key": "Name", "Value": asg.decl.name, "PropagateAtLaunch": true }]),
            );
        self.add(id, res);

        let steps = [
            (&asg.scale_out, &self.ids.asg_scale_out[i.index()], true),
            (&asg.scale_in, &self.ids.asg_scale_in[i.index()], false),
        ];
        for (step, step_ids, out) in steps {
            let (Some(step), Some(step_ids)) = (step, step_ids) else {
                continue;
            };
            let (bound, adjustment, operator, word) = if out {
                (
                    "MetricIntervalLowerBound",
                    i64::from(step.step()),
                    "GreaterThanThreshold",
                    "scale-out",
                )
            } else {
                (
                    "MetricIntervalUpperBound",
                    -i64::from(step.step()),
                    "LessThanThreshold",
                    "scale-in",
                )
            };
            let policy = Res::new("AWS::AutoScaling::ScalingPolicy")
                .prop("AutoScalingGroupName", reference(id))
                .prop("PolicyType", json!("StepScaling"))
                .prop("AdjustmentType", json!("ChangeInCapacity"))
                .prop("MetricAggregationType", json!("Average"))
                .prop(
                    "StepAdjustments",
                    json!([{ bound: 0, "ScalingAdjustment": adjustment }]),
                );
            self.add(&step_ids.policy, policy);
            let cmp = if out { ">" } else { "<" };
            let alarm = Res::new("AWS::CloudWatch::Alarm")
                .prop(
                    "AlarmDescription",
                    json!(format!(
                        "netlint: {word} {} when average CPU {cmp} {}%",
                        asg.decl.name, step.threshold.node
                    )),
                )
                .prop("Namespace", json!("AWS/EC2"))
                .prop("MetricName", json!("CPUUtilization"))
                .prop(
                    "Dimensions",
                    json!([{ "Name": "AutoScalingGroupName", "Value": reference(id) }]),
                )
                .prop("Statistic", json!("Average"))
                .prop("Period", json!(ALARM_PERIOD))
                .prop("EvaluationPeriods", json!(ALARM_EVALUATION_PERIODS))
                .prop("Threshold", number(step.threshold.node))
                .prop("ComparisonOperator", json!(operator))
                .prop("AlarmActions", json!([reference(&step_ids.policy)]));
            self.add(&step_ids.alarm, alarm);
        }
        if let (Some(target), Some(tt_id)) =
            (asg.target_cpu, &self.ids.asg_target_tracking[i.index()])
        {
            let policy = Res::new("AWS::AutoScaling::ScalingPolicy")
                .prop("AutoScalingGroupName", reference(id))
                .prop("PolicyType", json!("TargetTrackingScaling"))
                .prop(
                    "TargetTrackingConfiguration",
                    json!({
                        "PredefinedMetricSpecification": {
                            "PredefinedMetricType": "ASGAverageCPUUtilization",
                        },
                        "TargetValue": number(target.node),
                    }),
                );
            self.add(tt_id, policy);
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
    ebs.insert("DeleteOnTermination".into(), json!(true));
    json!([{
        "DeviceName": ROOT_DEVICE,
        "Ebs": ebs,
    }])
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
                ids.lb_dns_output[i.index()].clone(),
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
