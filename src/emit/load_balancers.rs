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
    }

    pub(super) fn target_group(&mut self, i: TgId) {
        let tg = &self.m[i];
        let mut res = Res::new("AWS::ElasticLoadBalancingV2::TargetGroup")
            .prop("Protocol", json!(tg.protocol.node.cfn()))
            .prop("Port", json!(tg.port.node))
            .prop("VpcId", reference(&self.ids.vpc[tg.vpc.node]))
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
                .map(|t| json!({ "Id": reference(&self.ids.instance[t]) }))
                .collect();
            res = res.prop("Targets", Value::Array(targets));
        }
        res = res.prop("Tags", name_tags(&tg.decl.name));
        self.add(&self.ids.target_group[i], res);
    }
}
