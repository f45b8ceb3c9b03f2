//! VPCs (with their extra blocks and flow log), gateways, subnets, route
//! tables with their routes and associations, EIPs, NAT gateways.

use super::Cx;
use crate::cfn::{Value, ValueKind};
use foldhash::{HashSet, HashSetExt};

/// `true`/`false` as the language writes it.
pub(super) fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// A boolean property (`true`, `"true"`), if known.
pub(super) fn boolean(v: &Value<'_>) -> Option<bool> {
    match v.as_str()? {
        "true" | "True" => Some(true),
        "false" | "False" => Some(false),
        _ => None,
    }
}

impl Cx<'_, '_> {
    pub(super) fn vpc(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("vpc", &name, r.logical_id_span);
        if let Some((cidr, span, from)) = self.scalar(i, "CidrBlock") {
            self.provenance(&from);
            self.w.line("cidr", &cidr, span);
        } else if r.property("Ipv4IpamPoolId").is_some() {
            self.unmapped(
                r.logical_id_span,
                format!(
                    "`{}` takes its block from an IPAM pool, unknown before deployment",
                    r.logical_id
                ),
                Some("pass the block the pool gives as `CidrBlock` to check it"),
            );
        }
        let support = r.property("EnableDnsSupport").and_then(boolean);
        let hostnames = r.property("EnableDnsHostnames").and_then(boolean);
        // `dns on` means both; off when either is off.
        let dns_span = r
            .property("EnableDnsSupport")
            .or(r.property("EnableDnsHostnames"))
            .map(|v| v.span);
        if let Some(span) = dns_span {
            let on = support.unwrap_or(true) && hostnames.unwrap_or(false);
            self.w.line("dns", on_off(on), span);
        }
        let mut secondary = Vec::new();
        for k in self.kids(i, "cidr-block") {
            let c = self.res(k);
            if c.property("AmazonProvidedIpv6CidrBlock").and_then(boolean) == Some(true) {
                self.w.line("ipv6", "on", c.logical_id_span);
            } else if let Some((cidr, span, _)) = self.scalar(k, "Ipv6CidrBlock") {
                self.w.line("ipv6-cidr", &cidr, span);
            } else if let Some((cidr, span, _)) = self.scalar(k, "CidrBlock") {
                secondary.push((cidr, span));
            }
        }
        if !secondary.is_empty() {
            let a = self.w.attr("secondary-cidrs");
            self.w.list(&secondary);
            let span = secondary[0].1;
            self.w.end(a, span);
        }
        for k in self.kids(i, "flow-log") {
            self.flow_log(k);
        }
        self.w.close(b, r.span);
    }

    fn flow_log(&mut self, k: usize) {
        let f = self.res(k);
        let traffic = f
            .property("TrafficType")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase);
        let kind = f
            .property("LogDestinationType")
            .and_then(Value::as_str)
            .unwrap_or("cloud-watch-logs");
        let a = self.w.attr("flow-logs");
        if kind == "s3" {
            let Some((dest, span, _)) = self.scalar(k, "LogDestination") else {
                self.w.raw(" arn:aws:s3:::unknown");
                self.w.end(a, f.logical_id_span);
                return;
            };
            self.w.word(&dest, Some(span));
        } else {
            let group = self.scalar(k, "LogGroupName");
            let role = self.scalar(k, "DeliverLogsPermissionArn");
            let (Some((g, gs, _)), Some((ro, rs, _))) = (group, role) else {
                self.w.word(
                    "cloudwatch unknown role arn:aws:iam::000000000000:role/unknown",
                    None,
                );
                self.w.end(a, f.logical_id_span);
                return;
            };
            self.w.word("cloudwatch", None);
            self.w.word(&g, Some(gs));
            self.w.word("role", None);
            self.w.word(&ro, Some(rs));
        }
        if let Some(t) = traffic.filter(|t| t != "all") {
            self.w.word("traffic", None);
            self.w.word(&t, f.property("TrafficType").map(|v| v.span));
        }
        self.w.end(a, f.logical_id_span);
    }

    pub(super) fn igw(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let attachments = self.kids(i, "attach");
        let b = self.w.open("internet-gateway", &name, r.logical_id_span);
        match attachments.first() {
            Some(&k) => {
                if let Some((vpc, span)) = self.ref_prop(k, "VpcId") {
                    let a = self.res(k).logical_id_span;
                    let at = self.w.attr("vpc");
                    self.w.word(&vpc, Some(span));
                    self.w.end(at, a);
                }
            }
            None => self.unmapped(
                r.logical_id_span,
                format!(
                    "internet gateway `{}` is attached to no VPC in the template",
                    r.logical_id
                ),
                Some("add an `AWS::EC2::VPCGatewayAttachment`"),
            ),
        }
        self.w.close(b, r.span);
    }

    pub(super) fn eigw(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self
            .w
            .open("egress-only-internet-gateway", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        self.w.close(b, r.span);
    }

    pub(super) fn subnet(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("subnet", &name, r.logical_id_span);
        let vpc = self.ref_prop(i, "VpcId");
        if let Some((vpc, span)) = &vpc {
            self.w.line("vpc", vpc, *span);
        }
        if let Some((cidr, span, from)) = self.scalar(i, "CidrBlock") {
            self.provenance(&from);
            self.w.line("cidr", &cidr, span);
        }
        let zone = self
            .zone(i, "AvailabilityZone")
            .or_else(|| self.zone(i, "AvailabilityZoneId"));
        match zone {
            Some((z, span)) => self.w.line("zone", &z, span),
            None if r.property("AvailabilityZone").is_none()
                && r.property("AvailabilityZoneId").is_none() =>
            {
                // AWS picks the zone when it creates the subnet.
                self.findings.push(super::Finding {
                    kind: super::FindingKind::Unknown,
                    span: r.logical_id_span,
                    message: format!(
                        "subnet `{}` names no zone: AWS picks one when it creates it, so netlint checks it as zone `a`",
                        r.logical_id
                    ),
                    help: Some("write `AvailabilityZone` (e.g. `!Select [0, !GetAZs '']`) to check the zones as deployed".to_string()),
                    related: Vec::new(),
                });
                self.w.line("zone", "a", r.logical_id_span);
            }
            None => {}
        }
        if let Some(v) = r.property("MapPublicIpOnLaunch") {
            if let Some(on) = boolean(v) {
                if on {
                    self.w.line("public-ip", "on", v.span);
                }
            } else {
                self.unknown(i, "MapPublicIpOnLaunch", v, "checked as `false`");
            }
        }
        match r.property("Ipv6CidrBlock") {
            Some(v) => match v.as_str() {
                Some(c) => self.w.line("ipv6-cidr", c, v.span),
                None => {
                    // `Fn::Select [N, Fn::Cidr [the VPC's block, 256, 64]]`:
                    // the index is the first number after `Select`.
                    let key_end = r
                        .properties
                        .as_ref()
                        .and_then(Value::as_map)
                        .and_then(|m| m.iter().find(|f| f.key == "Ipv6CidrBlock"))
                        .map_or(v.span.start, |f| f.key_span.end);
                    let text = self.src.get(key_end as usize..).unwrap_or("");
                    let text = &text[..text.len().min(400)];
                    let index = text
                        .split_once("Select")
                        .and_then(|(_, rest)| {
                            rest.split(|c: char| !c.is_ascii_digit())
                                .find(|w| !w.is_empty())
                        })
                        .map(str::to_string);
                    match index {
                        Some(n) if text.contains("Cidr") => self.w.line("ipv6-index", &n, v.span),
                        _ => self.w.line("ipv6", "on", v.span),
                    }
                }
            },
            None => {
                let vpc_v6 = vpc.as_ref().is_some_and(|(n, _)| self.vpc_has_ipv6(n));
                if vpc_v6 {
                    self.w.line("ipv6", "off", r.logical_id_span);
                }
            }
        }
        if let Some(v) = r.property("AssignIpv6AddressOnCreation")
            && boolean(v) == Some(true)
        {
            self.w.line("ipv6-on-launch", "on", v.span);
        }
        self.w.close(b, r.span);
    }

    /// Whether the VPC named `name` gets an IPv6 block in the template
    /// (the VPCs with one found in one pass, on first use).
    fn vpc_has_ipv6(&mut self, name: &str) -> bool {
        if self.ipv6_vpcs.is_none() {
            let set = self
                .t
                .resources
                .iter()
                .filter(|r| {
                    r.type_ == "AWS::EC2::VPCCidrBlock"
                        && (r.property("AmazonProvidedIpv6CidrBlock").is_some()
                            || r.property("Ipv6CidrBlock").is_some())
                })
                .filter_map(|r| r.property("VpcId").and_then(super::target_id))
                .filter_map(|id| self.names.get(id).cloned())
                .collect();
            self.ipv6_vpcs = Some(set);
        }
        self.ipv6_vpcs.as_ref().is_some_and(|s| s.contains(name))
    }

    pub(super) fn route_table(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("route-table", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        let mut subnets = Vec::new();
        for k in self.kids(i, "rt-assoc") {
            if let Some((s, span)) = self.ref_prop(k, "SubnetId") {
                subnets.push((s, span));
            }
        }
        if !subnets.is_empty() {
            let a = self.w.attr("subnets");
            self.w.list(&subnets);
            self.w.end(a, subnets[0].1);
        }
        for k in self.kids(i, "route") {
            self.route(k);
        }
        self.w.close(b, r.span);
    }

    fn route(&mut self, k: usize) {
        let r = self.res(k);
        let dest = [
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId",
        ]
        .iter()
        .find_map(|p| r.property(p).map(|v| (*p, v)));
        let Some((dp, dv)) = dest else {
            self.unmapped(
                r.logical_id_span,
                format!("route `{}` has no destination", r.logical_id),
                None,
            );
            return;
        };
        let dest = if dp == "DestinationPrefixListId" {
            match &dv.kind {
                ValueKind::Unknown(_) if super::security::managed_list(dv).is_some() => {
                    super::security::managed_list(dv).map(str::to_string)
                }
                ValueKind::Ref(_) | ValueKind::GetAtt(..) => self.name_of(k, dp, dv),
                _ => self.scalar_of(k, dp, dv).map(|s| s.0),
            }
        } else {
            self.scalar_of(k, dp, dv).map(|s| s.0)
        };
        let target = [
            "GatewayId",
            "NatGatewayId",
            "EgressOnlyInternetGatewayId",
            "VpcPeeringConnectionId",
            "TransitGatewayId",
        ]
        .iter()
        .find_map(|p| r.property(p).map(|v| (*p, v)));
        let Some((tp, tv)) = target else {
            // Instances, interfaces and endpoints as targets: not in the
            // language yet.
            let other = [
                "InstanceId",
                "NetworkInterfaceId",
                "VpcEndpointId",
                "CarrierGatewayId",
                "LocalGatewayId",
                "CoreNetworkArn",
            ]
            .iter()
            .find(|p| r.property(p).is_some())
            .copied()
            .unwrap_or("no target");
            self.unmapped(
                r.logical_id_span,
                format!("route `{}` ({other}) is not analysed: netlint routes to internet, NAT and egress-only gateways, VPC peerings and transit gateways", r.logical_id),
                None,
            );
            return;
        };
        // A transit gateway is named by its id: the block its attachments
        // make in the template (or a name of the existing network).
        let target = match tv.as_str() {
            Some(id) if tp == "TransitGatewayId" && !self.options.existing.contains(id) => {
                let name = self.tgw_name(id);
                if name.is_none() {
                    self.unmapped(
                        r.logical_id_span,
                        format!(
                            "route `{}` is not analysed: no attachment of the template attaches transit gateway `{id}`",
                            r.logical_id
                        ),
                        Some("add its `AWS::EC2::TransitGatewayAttachment`, or describe it with `--network FILE.net`"),
                    );
                }
                name
            }
            _ => self.name_of(k, tp, tv),
        };
        let (Some(dest), Some(target)) = (dest, target) else {
            return;
        };
        let from = dv.from.clone();
        self.provenance(&from);
        let a = self.w.attr("route");
        self.w.word(&dest, Some(dv.span));
        self.w.word("->", None);
        self.w.word(&target, Some(tv.span));
        self.w.end(a, r.logical_id_span);
    }

    pub(super) fn eip(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        // An EIP a network load balancer takes through `SubnetMappings`:
        // the language has no word for it, so say so rather than call it
        // unused.
        let id = r.logical_id.as_ref();
        let t = self.t;
        let lb_eips = self.lb_eips.get_or_insert_with(|| {
            let mut s = HashSet::new();
            for lb in &t.resources {
                if lb.type_ != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
                    continue;
                }
                let maps = lb.property("SubnetMappings").and_then(Value::as_list);
                for x in maps.into_iter().flatten() {
                    if let Some(a) = x.get("AllocationId").and_then(super::target_id) {
                        s.insert(a.to_string());
                    }
                }
            }
            s
        });
        let by_lb = lb_eips.contains(id);
        if by_lb {
            self.w.raw(
                "# netlint: allow R211 -- a load balancer takes it through its SubnetMappings\n",
            );
        }
        // Associated with an instance left out (T005): not unused.
        let left_out = |v: Option<&Value<'_>>| {
            v.and_then(super::target_id)
                .and_then(|t| self.index.get(t))
                .is_some_and(|k| self.dropped.contains(k))
        };
        let assoc_left_out = left_out(r.property("InstanceId"))
            || self
                .children
                .get(&(id, "eip-assoc"))
                .into_iter()
                .flatten()
                .any(|&k| left_out(self.t.resources[k].property("InstanceId")));
        if !by_lb && assoc_left_out {
            self.w.raw(
                "# netlint: allow R211 -- associated with an instance left out of the analysis\n",
            );
        }
        let b = self.w.open("eip", &name, r.logical_id_span);
        if let Some(v) = r.property("InstanceId")
            && let Some(n) = self.name_of(i, "InstanceId", v)
        {
            self.w.line("instance", &n, v.span);
        }
        for k in self.kids(i, "eip-assoc") {
            if let Some((n, span)) = self.ref_prop(k, "InstanceId") {
                let a = self.w.attr("instance");
                self.w.word(&n, Some(span));
                let ls = self.res(k).logical_id_span;
                self.w.end(a, ls);
            }
        }
        self.w.close(b, r.span);
    }

    pub(super) fn nat(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("nat-gateway", &name, r.logical_id_span);
        if let Some((s, span)) = self.ref_prop(i, "SubnetId") {
            self.w.line("subnet", &s, span);
        }
        if let Some((e, span)) = self.ref_prop(i, "AllocationId") {
            self.w.line("eip", &e, span);
        }
        if let Some(v) = r.property("ConnectivityType")
            && v.as_str() == Some("private")
        {
            self.w.line("connectivity", "private", v.span);
        }
        self.w.close(b, r.span);
    }
}
