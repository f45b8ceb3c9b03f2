//! Security groups and their rules, network ACLs with their entries and
//! associations.

use super::*;

impl Emitter<'_> {
    /// CIDR rules go inline; rules naming a group (or `self`) become
    /// separate ingress/egress resources, so that two groups naming each
    /// other never form a dependency cycle. A group with `egress` lines
    /// that all name groups still needs an inline egress list, or AWS keeps
    /// its default allow-all: a rule to 127.0.0.1/32 (traffic that never
    /// leaves the instance) stands in for "nothing else".
    pub(super) fn security_group(&mut self, i: SgId) {
        let sg = &self.m[i];
        let id = &self.ids.security_group[i];
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
                        o.insert("Description".into(), json!(rule_description(self.m, r)));
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
            .prop("VpcId", reference(&self.ids.vpc[sg.vpc.node]));
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
                &self.ids.sg_ingress[i],
                "AWS::EC2::SecurityGroupIngress",
                "SourceSecurityGroupId",
            ),
            (
                &sg.egress,
                &self.ids.sg_egress[i],
                "AWS::EC2::SecurityGroupEgress",
                "DestinationSecurityGroupId",
            ),
        ] {
            for (rule, rule_id) in rules.iter().zip(rule_ids) {
                let peer = match rule.peer.node {
                    Peer::Group(g) => &self.ids.security_group[g],
                    Peer::SelfGroup => id,
                    Peer::Cidr(_) => continue,
                };
                let Some(rule_id) = rule_id else { continue };
                let mut res = Res::new(ty).prop("GroupId", group_id(id));
                for (k, v) in sg_rule_fields(rule) {
                    res = res.prop(&k, v);
                }
                res = res
                    .prop(peer_key, group_id(peer))
                    .prop("Description", json!(rule_description(self.m, rule)));
                if icmpv6_with_type(rule) {
                    res.lint_ignores.push(CFN_LINT_ICMPV6_TYPE);
                }
                self.add(rule_id, res);
            }
        }
    }

    pub(super) fn acl(&mut self, i: AclId) {
        let acl = &self.m[i];
        let id = &self.ids.acl[i];
        let res = Res::new("AWS::EC2::NetworkAcl")
            .prop("VpcId", reference(&self.ids.vpc[acl.vpc.node]))
            .prop("Tags", name_tags(&acl.decl.name));
        self.add(id, res);
        for (rules, rule_ids, egress) in [
            (&acl.inbound, &self.ids.acl_inbound[i], false),
            (&acl.outbound, &self.ids.acl_outbound[i], true),
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
                .prop("SubnetId", reference(&self.ids.subnet[s]))
                .prop("NetworkAclId", reference(id));
            self.add(&self.ids.acl_association[i][k], res);
        }
    }
}

/// A rule's `Description`: the one written after it, or the rule as it
/// reads (`tcp 443 from 0.0.0.0/0`, `all to self`), without its line, so
/// the template does not change when lines move. Names are ASCII letters,
/// digits, `-` and `_`, all of which EC2 takes in a description, and at
/// most 64 characters, so the text stays within 255.
fn rule_description(m: &Model, rule: &SgRule) -> String {
    if let Some(d) = &rule.description {
        return d.node.clone();
    }
    let peer = match rule.peer.node {
        Peer::Cidr(c) => c.to_string(),
        Peer::Group(g) => m[g].decl.name.clone(),
        Peer::SelfGroup => "self".to_string(),
    };
    format!("{} {} {peer}", rule.traffic(), rule.direction.preposition())
}
