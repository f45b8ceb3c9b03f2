//! Load balancers with their listeners and rules, target groups, EFS file
//! systems with their mount targets, VPC endpoints, prefix lists.

use super::network::{boolean, on_off};
use super::{Cx, Finding, FindingKind};
use crate::cfn::{Value, ValueKind};
use foldhash::{HashMap, HashMapExt};

/// A `Key`/`Value` attribute list (`LoadBalancerAttributes`,
/// `TargetGroupAttributes`) as pairs.
fn attributes<'v, 's>(v: Option<&'v Value<'s>>) -> Vec<(&'v str, &'v Value<'s>)> {
    let mut out = Vec::new();
    if let Some(list) = v.and_then(Value::as_list) {
        for a in list {
            if let (Some(k), Some(val)) = (a.get("Key").and_then(Value::as_str), a.get("Value")) {
                out.push((k, val));
            }
        }
    }
    out
}

/// Seconds as a duration word: `5m` when whole minutes, else `30s`.
fn duration(secs: &str) -> String {
    match secs.parse::<u64>() {
        Ok(s) if s.is_multiple_of(60) && s > 0 => format!("{}m", s / 60),
        Ok(s) => format!("{s}s"),
        Err(_) => format!("{secs}s"),
    }
}

impl Cx<'_, '_> {
    pub(super) fn load_balancer(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("load-balancer", &name, r.logical_id_span);
        let lb_type = r
            .property("Type")
            .and_then(Value::as_str)
            .unwrap_or("application");
        if !matches!(lb_type, "application" | "network") {
            self.unmapped(
                r.logical_id_span,
                format!("a `{lb_type}` load balancer is not analysed"),
                None,
            );
        }
        self.w.line(
            "type",
            lb_type,
            r.property("Type").map_or(r.logical_id_span, |v| v.span),
        );
        if let Some(v) = r.property("Subnets") {
            let list = self.ref_list(i, v, "Subnets");
            if !list.is_empty() {
                let a = self.w.attr("subnets");
                self.w.list(&list);
                self.w.end(a, v.span);
            }
        } else if let Some(m) = r.property("SubnetMappings").and_then(Value::as_list) {
            let mut list = Vec::new();
            for item in m {
                if let Some(s) = item.get("SubnetId")
                    && let Some(n) = self.name_of(i, "SubnetMappings", s)
                {
                    list.push((n, s.span));
                }
            }
            if !list.is_empty() {
                let a = self.w.attr("subnets");
                self.w.list(&list);
                self.w.end(a, list[0].1);
            }
        }
        let scheme = r
            .property("Scheme")
            .and_then(Value::as_str)
            .unwrap_or("internet-facing");
        self.w.line(
            "scheme",
            scheme,
            r.property("Scheme").map_or(r.logical_id_span, |v| v.span),
        );
        if let Some(v) = r.property("SecurityGroups") {
            let list = self.ref_list(i, v, "SecurityGroups");
            if !list.is_empty() {
                let a = self.w.attr("security-groups");
                self.w.list(&list);
                self.w.end(a, v.span);
            }
        }
        if let Some(v) = r.property("IpAddressType")
            && let Some(t) = v.as_str()
            && t != "ipv4"
        {
            self.w.line("ip-address-type", t, v.span);
        }
        let attrs = attributes(r.property("LoadBalancerAttributes"));
        let get = |k: &str| attrs.iter().find(|(a, _)| *a == k).map(|(_, v)| *v);
        if get("access_logs.s3.enabled").and_then(boolean) == Some(true)
            && let Some(bucket) = get("access_logs.s3.bucket").and_then(Value::as_str)
        {
            let span = get("access_logs.s3.bucket").map(|v| v.span);
            let a = self.w.attr("access-logs");
            self.w.word(&format!("arn:aws:s3:::{bucket}"), span);
            if let Some(p) = get("access_logs.s3.prefix").and_then(Value::as_str) {
                self.w.word("prefix", None);
                self.w.word(p, None);
            }
            self.w.end(a, span.unwrap_or(r.logical_id_span));
        }
        if let Some(v) = get("deletion_protection.enabled")
            && let Some(on) = boolean(v)
        {
            self.w.line("deletion-protection", on_off(on), v.span);
        }
        if let Some(v) = get("idle_timeout.timeout_seconds")
            && let Some(s) = v.as_str()
        {
            self.w.line("idle-timeout", &format!("{s}s"), v.span);
        }
        if let Some(v) = get("load_balancing.cross_zone.enabled")
            && let Some(on) = boolean(v)
        {
            self.w.line("cross-zone", on_off(on), v.span);
        }
        if lb_type == "application" {
            let v = get("routing.http.drop_invalid_header_fields.enabled");
            let on = v.and_then(boolean).unwrap_or(false);
            if !on {
                self.w.line(
                    "drop-invalid-headers",
                    "off",
                    v.map_or(r.logical_id_span, |v| v.span),
                );
            }
        }
        let listeners = self.kids(i, "listener");
        let written: Vec<bool> = listeners.iter().map(|&k| self.listener(k)).collect();
        for (&k, written) in listeners.iter().zip(written) {
            // The rules of a listener left out go with it (it was reported).
            for q in self.kids(k, "rule") {
                if written {
                    self.listener_rule(q, k);
                }
            }
        }
        self.w.close(b, r.span);
    }

    /// Writes a listener; `false` when it is left out.
    fn listener(&mut self, k: usize) -> bool {
        let l = self.res(k);
        let proto = l
            .property("Protocol")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase);
        let port = l.property("Port").and_then(Value::as_str);
        let (Some(proto), Some(port)) = (proto, port) else {
            self.unmapped(
                l.logical_id_span,
                format!("listener `{}` has no known protocol and port", l.logical_id),
                None,
            );
            return false;
        };
        let action = l
            .property("DefaultActions")
            .and_then(Value::as_list)
            .and_then(|a| a.first());
        let Some(action) = action else {
            return false;
        };
        let kind = action.get("Type").and_then(Value::as_str).unwrap_or("");
        // A forward to a target group netlint cannot see (outside the
        // template, or left out) leaves the listener out: a dangling name
        // would be an error in the network and stop every rule.
        let mut forward_to = None;
        if kind == "forward" {
            let tg = action.get("TargetGroupArn").or(action
                .get("ForwardConfig")
                .and_then(|f| f.get("TargetGroups"))
                .and_then(Value::as_list)
                .and_then(|l| l.first())
                .and_then(|t| t.get("TargetGroupArn")));
            let reported = self.findings.len();
            match tg.and_then(|v| Some((self.name_of(k, "TargetGroupArn", v)?, v.span))) {
                Some(to) => forward_to = Some(to),
                // `name_of` said why (outside the template, not created).
                None if self.findings.len() > reported => return false,
                None => {
                    self.findings.push(Finding {
                        kind: FindingKind::Unknown,
                        span: tg.map_or(l.logical_id_span, |v| v.span),
                        message: format!(
                            "listener `{}` is left out of the analysis: netlint cannot see the target group it forwards to",
                            l.logical_id
                        ),
                        help: None,
                        related: vec![(l.logical_id_span, "the listener left out".to_string())],
                    });
                    return false;
                }
            }
        }
        if !matches!(kind, "forward" | "redirect") {
            self.unmapped(
                action.span,
                format!(
                    "a `{kind}` default action is not analysed: listener `{}` is left out",
                    l.logical_id
                ),
                None,
            );
            return false;
        }
        let a = self.w.attr("listener");
        self.w.word(&proto, l.property("Protocol").map(|v| v.span));
        self.w.word(port, l.property("Port").map(|v| v.span));
        match kind {
            "redirect" => {
                let cfg = action.get("RedirectConfig");
                let to = cfg
                    .and_then(|c| c.get("Port"))
                    .and_then(Value::as_str)
                    .unwrap_or("443");
                self.w.word("redirect https", None);
                self.w.word(to, cfg.map(|c| c.span));
            }
            "forward" => {
                if let Some((n, span)) = &forward_to {
                    self.w.word("->", None);
                    self.w.word(n, Some(*span));
                }
                if let Some(c) = l
                    .property("Certificates")
                    .and_then(Value::as_list)
                    .and_then(|c| c.first())
                    .and_then(|c| c.get("CertificateArn"))
                {
                    if let Some(arn) = c.as_str() {
                        self.w.word("certificate", None);
                        self.w.word(arn, Some(c.span));
                    } else {
                        self.unknown(k, "CertificateArn", c, "checked as having a certificate");
                        self.w.word(
                            "certificate arn:aws:acm:us-east-1:000000000000:certificate/unknown",
                            Some(c.span),
                        );
                    }
                }
                if let Some(p) = l.property("SslPolicy")
                    && let Some(p_text) = p.as_str()
                    && p_text != "ELBSecurityPolicy-TLS13-1-2-2021-06"
                {
                    self.w.word("policy", None);
                    self.w.word(p_text, Some(p.span));
                }
            }
            // Other actions left the listener out above.
            _ => {}
        }
        self.w.end(a, l.logical_id_span);
        true
    }

    fn listener_rule(&mut self, q: usize, listener: usize) {
        let rule = self.res(q);
        let port = self
            .res(listener)
            .property("Port")
            .and_then(Value::as_str)
            .unwrap_or("0");
        let prio = rule.property("Priority").and_then(Value::as_str);
        let cond = rule
            .property("Conditions")
            .and_then(Value::as_list)
            .and_then(|c| c.first());
        let tg = rule
            .property("Actions")
            .and_then(Value::as_list)
            .and_then(|a| a.first())
            .and_then(|a| a.get("TargetGroupArn"));
        let (Some(prio), Some(cond), Some(tg)) = (prio, cond, tg) else {
            self.unmapped(rule.logical_id_span, format!("listener rule `{}` is not analysed (netlint reads forward rules on a path or host)", rule.logical_id), None);
            return;
        };
        let field = cond.get("Field").and_then(Value::as_str).unwrap_or("");
        let (word, cfg) = match field {
            "path-pattern" => ("path", "PathPatternConfig"),
            "host-header" => ("host", "HostHeaderConfig"),
            _ => {
                self.unmapped(
                    cond.span,
                    format!("a `{field}` condition is not analysed"),
                    None,
                );
                return;
            }
        };
        let values = cond
            .get(cfg)
            .and_then(|c| c.get("Values"))
            .or(cond.get("Values"))
            .and_then(Value::as_list)
            .map(|l| {
                l.iter()
                    .filter_map(|v| v.as_str().map(|s| (s.to_string(), v.span)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let Some(target) = self.name_of(q, "TargetGroupArn", tg) else {
            return;
        };
        let a = self.w.attr("rule");
        self.w.word(port, None);
        self.w.word(prio, rule.property("Priority").map(|v| v.span));
        self.w.word(word, Some(cond.span));
        self.w.list(&values);
        self.w.word("->", None);
        self.w.word(&target, Some(tg.span));
        self.w.end(a, rule.logical_id_span);
    }

    pub(super) fn target_group(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("target-group", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        let proto = r
            .property("Protocol")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase);
        if let Some(p) = &proto {
            self.w.line(
                "protocol",
                p,
                r.property("Protocol").map_or(r.logical_id_span, |v| v.span),
            );
        }
        if let Some((port, span, _)) = self.scalar(i, "Port") {
            self.w.line("port", &port, span);
        }
        if let Some(v) = r.property("TargetType")
            && let Some(t) = v.as_str()
            && t != "instance"
        {
            self.w.line("target-type", t, v.span);
        }
        // Without `HealthCheckProtocol`, AWS checks with HTTP for an HTTP
        // or HTTPS group and with TCP for the others: any other health
        // check setting (a path, thresholds, …) is that check's.
        let set = [
            "HealthCheckPath",
            "HealthCheckPort",
            "HealthyThresholdCount",
            "UnhealthyThresholdCount",
            "HealthCheckIntervalSeconds",
            "HealthCheckTimeoutSeconds",
            "Matcher",
        ]
        .iter()
        .find_map(|p| r.property(p));
        // A written protocol keeps whatever the template says with it (build
        // writes a TCP check's path as given); a defaulted TCP check has none.
        let written = r.property("HealthCheckProtocol").is_some();
        let hc = match r.property("HealthCheckProtocol") {
            Some(v) => v.as_str().map(|hc| (hc.to_ascii_lowercase(), v.span)),
            None => set.map(|v| {
                let http = matches!(proto.as_deref(), Some("http" | "https"));
                (if http { "http" } else { "tcp" }.to_string(), v.span)
            }),
        };
        if let Some((hc, span)) = hc {
            let a = self.w.attr("health-check");
            self.w.word(&hc, Some(span));
            if (written || hc != "tcp")
                && let Some(p) = r.property("HealthCheckPath").and_then(Value::as_str)
            {
                self.w
                    .word(p, r.property("HealthCheckPath").map(|v| v.span));
            }
            for (prop, key, dur) in [
                ("HealthCheckPort", "port", false),
                ("HealthyThresholdCount", "healthy", false),
                ("UnhealthyThresholdCount", "unhealthy", false),
                ("HealthCheckIntervalSeconds", "interval", true),
                ("HealthCheckTimeoutSeconds", "timeout", true),
            ] {
                if let Some(v) = r.property(prop)
                    && let Some(s) = v.as_str()
                    && s != "traffic-port"
                {
                    self.w.word(key, None);
                    let s = if dur { format!("{s}s") } else { s.to_string() };
                    self.w.word(&s, Some(v.span));
                }
            }
            if (written || hc != "tcp")
                && let Some(m) = r.property("Matcher").and_then(|m| m.get("HttpCode"))
                && let Some(c) = m.as_str()
            {
                self.w.word("matcher", None);
                self.w.word(c, Some(m.span));
            }
            self.w.end(a, span);
        }
        let attrs = attributes(r.property("TargetGroupAttributes"));
        let get = |k: &str| attrs.iter().find(|(a, _)| *a == k).map(|(_, v)| *v);
        if let Some(v) = get("stickiness.enabled")
            && boolean(v) == Some(true)
        {
            self.w.line("sticky", "on", v.span);
        }
        if let Some(v) = get("deregistration_delay.timeout_seconds")
            && let Some(s) = v.as_str()
        {
            self.w.line("deregistration-delay", &duration(s), v.span);
        }
        if let Some(v) = r.property("Targets")
            && let Some(list) = v.as_list()
        {
            let mut targets = Vec::new();
            for t in list {
                if let Some(id) = t.get("Id")
                    && let Some(n) = self.name_of(i, "Targets", id)
                {
                    targets.push((n, id.span));
                }
            }
            if !targets.is_empty() {
                let a = self.w.attr("targets");
                self.w.list(&targets);
                self.w.end(a, v.span);
            }
        }
        self.w.close(b, r.span);
    }

    pub(super) fn file_system(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("file-system", &name, r.logical_id_span);
        let targets = self.kids(i, "mount-target");
        let mut subnets = Vec::new();
        let mut groups: Vec<(String, crate::span::Span)> = Vec::new();
        let mut vpc = None;
        for &k in &targets {
            if let Some(s) = self.ref_prop(k, "SubnetId") {
                if vpc.is_none() {
                    vpc = self.subnet_vpc(&s.0);
                }
                subnets.push(s);
            }
            if groups.is_empty()
                && let Some(v) = self.res(k).property("SecurityGroups")
            {
                let is_default = v.as_list().is_some_and(|l| {
                    l.iter().any(|g| matches!(&g.kind, ValueKind::GetAtt(_, a) if a == "DefaultSecurityGroup"))
                });
                if !is_default {
                    groups = self.ref_list(k, v, "SecurityGroups");
                }
            }
        }
        match vpc {
            Some((v, span)) => self.w.line("vpc", &v, span),
            None => self.unmapped(
                r.logical_id_span,
                format!(
                    "file system `{}` has no mount target in a subnet of the template",
                    r.logical_id
                ),
                None,
            ),
        }
        if !subnets.is_empty() {
            let a = self.w.attr("mount-targets");
            self.w.list(&subnets);
            self.w.end(a, subnets[0].1);
        }
        if !groups.is_empty() {
            let a = self.w.attr("security-groups");
            self.w.list(&groups);
            self.w.end(a, groups[0].1);
        }
        let enc = r.property("Encrypted");
        if enc.and_then(boolean) != Some(true) {
            self.w.line(
                "encrypted",
                "off",
                enc.map_or(r.logical_id_span, |v| v.span),
            );
        }
        if let Some(v) = r.property("PerformanceMode")
            && v.as_str() == Some("maxIO")
        {
            self.w.line("performance", "max-io", v.span);
        }
        if let Some(v) = r.property("ThroughputMode")
            && let Some(m) = v.as_str()
            && m != "bursting"
        {
            let a = self.w.attr("throughput");
            self.w.word(m, Some(v.span));
            if let Some(p) = r
                .property("ProvisionedThroughputInMibps")
                .and_then(Value::as_str)
            {
                self.w.word(p, None);
            }
            self.w.end(a, v.span);
        }
        let backup = r.property("BackupPolicy").and_then(|b| b.get("Status"));
        if backup.and_then(Value::as_str) != Some("ENABLED") {
            self.w.line(
                "backup",
                "off",
                backup.map_or(r.logical_id_span, |v| v.span),
            );
        }
        self.w.close(b, r.span);
    }

    /// The VPC of a subnet block of the template, by the subnet's name.
    fn subnet_vpc(&mut self, subnet: &str) -> Option<(String, crate::span::Span)> {
        let (t, names) = (self.t, &self.names);
        let by_name = self.by_name.get_or_insert_with(|| {
            let mut m = HashMap::new();
            for (k, r) in t.resources.iter().enumerate() {
                if let Some(n) = names.get(r.logical_id.as_ref()) {
                    m.entry(n.clone()).or_insert(k);
                }
            }
            m
        });
        let k = *by_name.get(subnet)?;
        let v = self.res(k).property("VpcId")?;
        let id = super::target_id(v)?;
        Some((self.names.get(id)?.clone(), v.span))
    }

    pub(super) fn endpoint(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("vpc-endpoint", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        if let Some(v) = r.property("ServiceName") {
            let text = self
                .src
                .get(v.span.start as usize..v.span.end as usize)
                .unwrap_or("");
            let short = text
                .split("com.amazonaws.${AWS::Region}.")
                .nth(1)
                .map(|rest| {
                    rest.split(['"', '\'', '\n', ' '])
                        .next()
                        .unwrap_or("")
                        .to_string()
                });
            let service = match (short, v.as_str()) {
                (Some(s), _) if !s.is_empty() => Some(s),
                (_, Some(full)) => Some(
                    full.strip_prefix("com.amazonaws.")
                        .and_then(|rest| {
                            let region = self.t.pseudo.region.as_deref()?;
                            rest.strip_prefix(region)?
                                .strip_prefix('.')
                                .map(str::to_string)
                        })
                        .unwrap_or_else(|| full.to_string()),
                ),
                _ => {
                    self.unknown(i, "ServiceName", v, "the endpoint's service is not known");
                    None
                }
            };
            if let Some(s) = service {
                self.w.line("service", &s, v.span);
            }
        }
        let etype = r
            .property("VpcEndpointType")
            .and_then(Value::as_str)
            .unwrap_or("Gateway");
        self.w.line(
            "type",
            &etype.to_ascii_lowercase(),
            r.property("VpcEndpointType")
                .map_or(r.logical_id_span, |v| v.span),
        );
        for (prop, key) in [
            ("RouteTableIds", "route-tables"),
            ("SubnetIds", "subnets"),
            ("SecurityGroupIds", "security-groups"),
        ] {
            if let Some(v) = r.property(prop) {
                let list = self.ref_list(i, v, prop);
                if !list.is_empty() {
                    let a = self.w.attr(key);
                    self.w.list(&list);
                    self.w.end(a, v.span);
                }
            }
        }
        if let Some(v) = r.property("PrivateDnsEnabled")
            && boolean(v) == Some(false)
        {
            self.w.line("private-dns", "off", v.span);
        }
        if let Some(v) = r.property("PolicyDocument") {
            let text = self
                .src
                .get(v.span.start as usize..v.span.end as usize)
                .unwrap_or("");
            if let Some(s) = v.as_str() {
                let a = self.w.attr("policy");
                self.w.string(s, Some(v.span));
                self.w.end(a, v.span);
            } else if text.trim_start().starts_with('{') {
                let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let a = self.w.attr("policy");
                self.w.string(&compact, Some(v.span));
                self.w.end(a, v.span);
            }
        }
        self.w.close(b, r.span);
    }

    pub(super) fn prefix_list(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("prefix-list", &name, r.logical_id_span);
        if let Some(v) = r.property("AddressFamily")
            && let Some(f) = v.as_str()
        {
            self.w.line("family", &f.to_ascii_lowercase(), v.span);
        }
        if let Some(v) = r.property("Entries")
            && let Some(list) = v.as_list()
        {
            let entries: Vec<(String, crate::span::Span)> = list
                .iter()
                .filter_map(|e| {
                    e.get("Cidr")
                        .and_then(|c| c.as_str().map(|s| (s.to_string(), c.span)))
                })
                .collect();
            if !entries.is_empty() {
                let a = self.w.attr("entries");
                self.w.list(&entries);
                self.w.end(a, v.span);
            }
            if let Some(m) = r.property("MaxEntries")
                && let Some(n) = m.as_str()
                && n != entries.len().to_string()
            {
                self.w.line("max-entries", n, m.span);
            }
        }
        self.w.close(b, r.span);
    }
}
