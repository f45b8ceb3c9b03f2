//! Security groups with their inline and standalone rules, network ACLs
//! with their entries and associations.

use super::Cx;
use crate::cfn::{Value, ValueKind};
use crate::span::Span;

/// One security-group rule read from the template.
struct Rule {
    proto: String,
    ports: Option<String>,
    peer: String,
    description: Option<String>,
    /// The rule (an inline entry or the resource's logical ID).
    span: Span,
    peer_span: Span,
}

/// `tcp`, `udp`, `icmp`, `icmpv6`, `all` from an `IpProtocol` or ACL
/// `Protocol` (names or numbers).
fn protocol(p: &str) -> Option<&'static str> {
    Some(match p.to_ascii_lowercase().as_str() {
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" => "icmp",
        "icmpv6" | "58" => "icmpv6",
        "-1" | "all" => "all",
        _ => return None,
    })
}

fn int(v: Option<&Value<'_>>) -> Option<i64> {
    v?.as_str()?.parse().ok()
}

/// The ports word of a rule: `22`, `1024-65535`, an ICMP type, or none.
fn ports(proto: &str, from: Option<i64>, to: Option<i64>) -> Option<String> {
    match proto {
        "all" => None,
        "icmp" | "icmpv6" => from.filter(|&t| t >= 0).map(|t| t.to_string()),
        _ => match (from, to) {
            (Some(f), Some(t)) if f == t => Some(f.to_string()),
            (Some(f), Some(t)) => Some(format!("{f}-{t}")),
            (Some(f), None) => Some(f.to_string()),
            _ => Some("0-65535".to_string()),
        },
    }
}

impl Cx<'_, '_> {
    /// A rule from an inline entry or a standalone resource.
    fn sg_rule(&mut self, r: usize, v: &Value<'_>, ingress: bool, span: Span) -> Option<Rule> {
        let p = v.get("IpProtocol")?;
        let Some(proto) = p.as_str().and_then(protocol) else {
            match p.as_str() {
                Some(other) => self.unmapped(
                    p.span,
                    format!("protocol `{other}` is not analysed (netlint reads tcp, udp, icmp, icmpv6 and all)"),
                    None,
                ),
                None => self.unknown(r, "IpProtocol", p, "the rule is left out"),
            }
            return None;
        };
        let ports = ports(proto, int(v.get("FromPort")), int(v.get("ToPort")));
        let keys: &[&str] = if ingress {
            &[
                "CidrIp",
                "CidrIpv6",
                "SourceSecurityGroupId",
                "SourcePrefixListId",
                "SourceSecurityGroupName",
            ]
        } else {
            &[
                "CidrIp",
                "CidrIpv6",
                "DestinationSecurityGroupId",
                "DestinationPrefixListId",
            ]
        };
        let (key, pv) = keys.iter().find_map(|k| v.get(k).map(|x| (*k, x)))?;
        let peer = match (&pv.kind, key) {
            (ValueKind::Unknown(_), k)
                if k.ends_with("PrefixListId") && managed_list(pv).is_some() =>
            {
                managed_list(pv)?.to_string()
            }
            (ValueKind::Scalar(..), "CidrIp" | "CidrIpv6") => pv.as_str()?.to_string(),
            (ValueKind::Scalar(..), k) if k.ends_with("PrefixListId") => pv.as_str()?.to_string(),
            _ => match self.name_of(r, key, pv) {
                Some(name) => name,
                None => {
                    // Reported (T005); the `.net` file says so too, so an
                    // import never drops a rule without a word.
                    let why = pv.reasons().first().map_or_else(
                        || format!("`{key}` is outside the template"),
                        crate::cfn::Reason::describe,
                    );
                    let dir = if ingress { "ingress" } else { "egress" };
                    let ports = ports.map(|p| format!(" {p}")).unwrap_or_default();
                    self.w
                        .comment(&format!("left out: {dir} {proto}{ports} (`{key}`: {why})"));
                    return None;
                }
            },
        };
        let description = v
            .get("Description")
            .and_then(Value::as_str)
            .map(str::to_string);
        Some(Rule {
            proto: proto.to_string(),
            ports,
            peer,
            description,
            span,
            peer_span: pv.span,
        })
    }

    pub(super) fn security_group(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("security-group", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        } else if r.property("VpcId").is_none() {
            self.unmapped(
                r.logical_id_span,
                format!(
                    "security group `{}` has no `VpcId` (EC2-Classic or the default VPC)",
                    r.logical_id
                ),
                Some("give the group a `VpcId`"),
            );
        }
        if let Some(v) = r.property("GroupDescription")
            && let Some(d) = v.as_str()
            && d != format!("netlint: {name}")
        {
            let a = self.w.attr("description");
            self.w.string(&sanitize(d), Some(v.span));
            self.w.end(a, v.span);
        }
        for (ingress, inline_key, tag) in [
            (true, "SecurityGroupIngress", "ingress"),
            (false, "SecurityGroupEgress", "egress"),
        ] {
            let mut rules = Vec::new();
            let standalone = self.kids(i, tag);
            if let Some(list) = r.property(inline_key) {
                match list.as_list() {
                    Some(items) => {
                        for item in items {
                            // The stand-in for "no CIDR rule" when every
                            // egress line names a group.
                            if !ingress
                                && !standalone.is_empty()
                                && item.get("CidrIp").and_then(Value::as_str)
                                    == Some("127.0.0.1/32")
                                && item.get("IpProtocol").and_then(Value::as_str) == Some("-1")
                            {
                                continue;
                            }
                            if let Some(rule) = self.sg_rule(i, item, ingress, item.span) {
                                rules.push(rule);
                            }
                        }
                    }
                    None => self.unknown(i, inline_key, list, "its rules are left out"),
                }
            }
            // A standalone rule named `<Group>Ingress<n>` (as `build`
            // writes them) goes back to its place among the group's rules.
            let prefix = format!(
                "{}{}",
                r.logical_id,
                if ingress { "Ingress" } else { "Egress" }
            );
            let mut placed: Vec<(usize, Rule)> = Vec::new();
            for k in standalone {
                let res = self.res(k);
                if let Some(props) = &res.properties
                    && let Some(rule) = self.sg_rule(k, props, ingress, res.logical_id_span)
                {
                    let n = res
                        .logical_id
                        .strip_prefix(prefix.as_str())
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|&n| n >= 1);
                    match n {
                        Some(n) => placed.push((n - 1, rule)),
                        None => rules.push(rule),
                    }
                }
            }
            placed.sort_by_key(|(n, _)| *n);
            for (n, rule) in placed {
                let at = n.min(rules.len());
                rules.insert(at, rule);
            }
            self.write_rules(&name, tag, rules);
        }
        self.w.close(b, r.span);
    }

    /// Rules in order, consecutive ones differing only in their port
    /// merged into one line (`tcp 80, 443`), a description written only
    /// when it is not the rule as it reads.
    fn write_rules(&mut self, group: &str, key: &str, rules: Vec<Rule>) {
        let prep = if key == "ingress" { "from" } else { "to" };
        let mut k = 0;
        while k < rules.len() {
            let first = &rules[k];
            let mut end = k + 1;
            while end < rules.len()
                && rules[end].proto == first.proto
                && rules[end].peer == first.peer
                && rules[end].description == first.description
                && first.ports.is_some()
                && rules[end].ports.is_some()
            {
                end += 1;
            }
            // Merge only when the shared description is the merged rule as
            // it reads, or an explicit one shared by every port.
            let group_rules = &rules[k..end];
            let peer_word = if first.peer == group {
                "self"
            } else {
                first.peer.as_str()
            };
            let traffic = |rs: &[Rule]| {
                let ports: Vec<&str> = rs.iter().filter_map(|r| r.ports.as_deref()).collect();
                if ports.is_empty() {
                    rs[0].proto.clone()
                } else {
                    format!("{} {}", rs[0].proto, ports.join(", "))
                }
            };
            let merged = format!("{} {prep} {peer_word}", traffic(group_rules));
            let take = group_rules;
            let a = self.w.attr(key);
            self.w.word(&first.proto, None);
            let ports: Vec<(String, Span)> = take
                .iter()
                .filter_map(|r| r.ports.clone().map(|p| (p, r.span)))
                .collect();
            if !ports.is_empty() {
                self.w.list(&ports);
            }
            self.w.word(prep, None);
            self.w.word(peer_word, Some(first.peer_span));
            if let Some(d) = &first.description
                && *d != merged
            {
                self.w.string(&sanitize(d), None);
            }
            self.w.end(a, first.span);
            k += take.len();
        }
    }

    pub(super) fn network_acl(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("network-acl", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        let mut subnets = Vec::new();
        for k in self.kids(i, "acl-assoc") {
            if let Some(s) = self.ref_prop(k, "SubnetId") {
                subnets.push(s);
            }
        }
        if !subnets.is_empty() {
            let a = self.w.attr("subnets");
            self.w.list(&subnets);
            self.w.end(a, subnets[0].1);
        }
        let mut entries: Vec<(bool, i64, usize)> = Vec::new();
        for k in self.kids(i, "entry") {
            let e = self.res(k);
            let egress = e
                .property("Egress")
                .and_then(super::network::boolean)
                .unwrap_or(false);
            let Some(n) = int(e.property("RuleNumber")) else {
                if let Some(v) = e.property("RuleNumber") {
                    self.unknown(k, "RuleNumber", v, "the entry is left out");
                }
                continue;
            };
            entries.push((egress, n, k));
        }
        // Inbound first, each direction in template order (the language
        // keeps the numbers; order does not change their meaning).
        entries.sort_by_key(|(egress, _, _)| *egress);
        for (egress, n, k) in entries {
            self.acl_entry(k, egress, n);
        }
        self.w.close(b, r.span);
    }

    fn acl_entry(&mut self, k: usize, egress: bool, n: i64) {
        let e = self.res(k);
        let Some(pv) = e.property("Protocol") else {
            return;
        };
        let Some(proto) = pv.as_str().and_then(protocol) else {
            match pv.as_str() {
                Some(p) => self.unmapped(pv.span, format!("protocol `{p}` is not analysed"), None),
                None => self.unknown(k, "Protocol", pv, "the entry is left out"),
            }
            return;
        };
        let action = e
            .property("RuleAction")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| "allow".into());
        let cidr = e.property("CidrBlock").or(e.property("Ipv6CidrBlock"));
        let Some(cv) = cidr else { return };
        let Some((cidr, cspan, _)) = self.scalar_of(k, "CidrBlock", cv) else {
            return;
        };
        let ports = match proto {
            "tcp" | "udp" => {
                let pr = e.property("PortRange");
                ports(
                    proto,
                    int(pr.and_then(|p| p.get("From"))),
                    int(pr.and_then(|p| p.get("To"))),
                )
            }
            "icmp" | "icmpv6" => int(e.property("Icmp").and_then(|i| i.get("Type")))
                .filter(|t| *t >= 0)
                .map(|t| t.to_string()),
            _ => None,
        };
        let a = self.w.attr(if egress { "outbound" } else { "inbound" });
        self.w
            .word(&n.to_string(), e.property("RuleNumber").map(|v| v.span));
        self.w
            .word(&action, e.property("RuleAction").map(|v| v.span));
        self.w.word(proto, Some(pv.span));
        if let Some(p) = ports {
            self.w.word(&p, e.property("PortRange").map(|v| v.span));
        }
        self.w.word(if egress { "to" } else { "from" }, None);
        self.w.word(&cidr, Some(cspan));
        self.w.end(a, e.logical_id_span);
    }
}

/// `aws:s3`, `aws:dynamodb`, `aws:cloudfront` for the parameter `build`
/// writes for an AWS-managed prefix list (`AwsS3PrefixListId`), when no
/// value is given for it.
pub(super) fn managed_list(v: &Value<'_>) -> Option<&'static str> {
    match v.reasons().first()? {
        crate::cfn::Reason::NoParameterValue { name } => match name.as_ref() {
            "AwsS3PrefixListId" => Some("aws:s3"),
            "AwsDynamodbPrefixListId" => Some("aws:dynamodb"),
            "AwsCloudfrontPrefixListId" => Some("aws:cloudfront"),
            _ => None,
        },
        _ => None,
    }
}

/// Text as a `.net` string holds it (one line).
pub(super) fn sanitize(s: &str) -> String {
    s.to_string()
}
