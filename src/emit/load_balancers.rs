//! Load balancers with their listeners, and target groups.

use super::*;

impl Emitter<'_> {
    pub(super) fn load_balancer(&mut self, i: LbId) {
        let lb = &self.m[i];
        let id = &self.ids.load_balancer[i];
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
        let attributes = lb_attributes(lb);
        if !attributes.is_empty() {
            res = res.prop("LoadBalancerAttributes", Value::Array(attributes));
        }
        res = res.prop("Tags", name_tags(&lb.decl.name));
        self.add(id, res);

        for (l, l_id) in lb.listeners.iter().zip(&self.ids.listener[i]) {
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
                    "TargetGroupArn": reference(&self.ids.target_group[tg.node]),
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

        for (r, r_id) in lb.rules.iter().zip(&self.ids.listener_rule[i]) {
            // A rule without its listener is L716's error: nothing to attach.
            let Some(k) = lb.listener_on(r.port.node) else {
                continue;
            };
            let (field, config) = match r.field.node {
                RuleField::Path => ("path-pattern", "PathPatternConfig"),
                RuleField::Host => ("host-header", "HostHeaderConfig"),
            };
            let values: Vec<&str> = r.patterns.iter().map(|p| p.node.as_str()).collect();
            let res = Res::new("AWS::ElasticLoadBalancingV2::ListenerRule")
                .prop("ListenerArn", reference(&self.ids.listener[i][k]))
                .prop("Priority", json!(r.priority.node))
                .prop(
                    "Conditions",
                    json!([{ "Field": field, config: { "Values": values } }]),
                )
                .prop(
                    "Actions",
                    json!([{
                        "Type": "forward",
                        "TargetGroupArn": reference(&self.ids.target_group[r.target.node]),
                    }]),
                );
            self.add(r_id, res);
        }
    }

    pub(super) fn target_group(&mut self, i: TgId) {
        let tg = &self.m[i];
        let mut res = Res::new("AWS::ElasticLoadBalancingV2::TargetGroup")
            .prop("Protocol", json!(tg.protocol.node.cfn()))
            .prop("Port", json!(tg.port.node))
            .prop("VpcId", reference(&self.ids.vpc[tg.vpc.node]))
            .prop(
                "TargetType",
                json!(match tg.target_type() {
                    TargetType::Instance => "instance",
                    TargetType::Ip => "ip",
                }),
            );
        if let Some(hc) = &tg.health_check {
            let hc = &hc.node;
            let proto = match hc.protocol.node {
                HealthProtocol::Http => "HTTP",
                HealthProtocol::Https => "HTTPS",
                HealthProtocol::Tcp => "TCP",
            };
            res = res
                .prop("HealthCheckEnabled", json!(true))
                .prop("HealthCheckProtocol", json!(proto))
                .prop_opt("HealthCheckPath", hc.path.as_ref().map(|p| json!(p.node)))
                .prop_opt(
                    "HealthCheckPort",
                    hc.port.map(|p| json!(p.node.to_string())),
                )
                .prop_opt(
                    "HealthCheckIntervalSeconds",
                    hc.interval.map(|i| json!(i.node)),
                )
                .prop_opt(
                    "HealthCheckTimeoutSeconds",
                    hc.timeout.map(|t| json!(t.node)),
                )
                .prop_opt("HealthyThresholdCount", hc.healthy.map(|n| json!(n.node)))
                .prop_opt(
                    "UnhealthyThresholdCount",
                    hc.unhealthy.map(|n| json!(n.node)),
                )
                .prop_opt(
                    "Matcher",
                    hc.matcher.as_ref().map(|c| json!({ "HttpCode": c.node })),
                );
        }
        let mut attributes = Vec::new();
        if tg.sticky() {
            // Cookies need layer 7; a network group can only pin by source IP.
            let kind = if tg.protocol.node.is_layer7() {
                "lb_cookie"
            } else {
                "source_ip"
            };
            attributes.push(json!({ "Key": "stickiness.enabled", "Value": on_off(true) }));
            attributes.push(json!({ "Key": "stickiness.type", "Value": kind }));
        }
        if let Some(d) = tg.deregistration_delay {
            attributes.push(json!({
                "Key": "deregistration_delay.timeout_seconds",
                "Value": d.node.to_string(),
            }));
        }
        if !attributes.is_empty() {
            res = res.prop("TargetGroupAttributes", Value::Array(attributes));
        }
        if !tg.targets.is_empty() {
            let targets: Vec<Value> = tg
                .targets
                .ids()
                .map(|t| json!({ "Id": reference(&self.ids.instance[t]) }))
                .collect();
            res = res.prop("Targets", Value::Array(targets));
        }
        res = res.prop("Tags", name_tags(&tg.decl.name));
        self.add(&self.ids.target_group[i], res);
    }
}

/// `LoadBalancerAttributes`: what the file writes, and for an application
/// load balancer always `routing.http.drop_invalid_header_fields.enabled`
/// (netlint's default is on; Elastic Load Balancing's is off).
fn lb_attributes(lb: &LoadBalancer) -> Vec<Value> {
    let mut v = Vec::new();
    let mut attr = |key: &str, value: String| v.push(json!({ "Key": key, "Value": value }));
    if let Some(logs) = &lb.access_logs {
        attr("access_logs.s3.enabled", on_off(true).into());
        attr("access_logs.s3.bucket", logs.node.bucket().into());
        if let Some(p) = &logs.node.prefix {
            attr("access_logs.s3.prefix", p.node.clone());
        }
    }
    if let Some(d) = lb.deletion_protection {
        attr("deletion_protection.enabled", on_off(d.node).into());
    }
    if let Some(t) = lb.idle_timeout {
        attr("idle_timeout.timeout_seconds", t.node.to_string());
    }
    if let Some(c) = lb.cross_zone {
        attr("load_balancing.cross_zone.enabled", on_off(c.node).into());
    }
    if lb.lb_type.node == LbType::Application {
        attr(
            "routing.http.drop_invalid_header_fields.enabled",
            on_off(lb.drop_invalid_headers()).into(),
        );
    }
    v
}
