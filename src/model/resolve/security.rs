//! Resolving the firewalls: security groups and their rules, network ACLs
//! and theirs.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn security_group(
        &mut self,
        decl: Decl,
        a: &Attrs<'_, 'a>,
    ) -> Option<SecurityGroup> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let description =
            self.opt_string(a, "description", "a description", &limits::SG_DESCRIPTION);
        let ingress = self.repeated(a, "ingress", |r, attr| r.sg_rules(attr, Direction::In));
        let egress = self.repeated(a, "egress", |r, attr| r.sg_rules(attr, Direction::Out));
        Some(SecurityGroup {
            decl,
            vpc: vpc?,
            description: description.ok()?,
            ingress: ingress?.into_iter().flatten().collect(),
            egress: egress?.into_iter().flatten().collect(),
        })
    }

    /// One `ingress`/`egress` line: one rule per listed port (AWS has one
    /// port range per rule), each with the line's description.
    pub(super) fn sg_rules(
        &mut self,
        attr: &Attribute<'a>,
        direction: Direction,
    ) -> Option<Vec<SgRule>> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "ingress [allow|deny] <protocol> [<ports>, …] from <cidr|security-group|self> [\"<description>\"]",
            ),
            Direction::Out => (
                "to",
                "egress [allow|deny] <protocol> [<ports>, …] to <cidr|security-group|self> [\"<description>\"]",
            ),
        };
        let mut args = Args::new(attr);
        let action = match args.peek_word() {
            Some("allow") | Some("deny") => {
                let w = self.word(&mut args, "allow or deny")?;
                Spanned::new(
                    if w.text == "deny" {
                        Action::Deny
                    } else {
                        Action::Allow
                    },
                    w.span,
                )
            }
            _ => Spanned::new(Action::Allow, attr.key.span),
        };
        self.pasted_protocol(&args)?;
        let (protocol, ports) = match args.attr.values.get(args.pos + 1) {
            Some(Value::List { items, .. }) => {
                let pw = self.word(&mut args, "a protocol (tcp, udp, icmp, icmpv6, all)")?;
                let protocol =
                    self.typed(pw, pv::protocol, "write tcp, udp, icmp, icmpv6 or all")?;
                args.next();
                let mut ports = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items.iter() {
                    match self.listed_port(item, protocol) {
                        Some(p) => ports.push(Some(p)),
                        None => ok = false,
                    }
                }
                ok.then_some(())?;
                (Spanned::new(protocol, pw.span), ports)
            }
            _ => {
                let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
                (protocol, vec![ports])
            }
        };
        self.expect_keyword(&mut args, kw, shape)?;
        let pw = self.word(&mut args, "a CIDR, a security group or `self`")?;
        let peer = if pw.text == "self" {
            Peer::SelfGroup
        } else if pv::looks_like_cidr(pw.text) {
            Peer::Cidr(self.typed(
                pw,
                pv::cidr,
                "write a CIDR such as 10.0.0.0/16, a security group name, or `self`",
            )?)
        } else {
            Peer::Group(self.reference(pw, Kind::SecurityGroup)?.node)
        };
        let description = match args.attr.values.get(args.pos) {
            Some(Value::Scalar(Scalar::Str(_))) => {
                Some(self.string(&mut args, "a description", &limits::SG_RULE_DESCRIPTION)?)
            }
            _ => None,
        };
        self.done(&args, shape).then(|| {
            ports
                .into_iter()
                .map(|ports| SgRule {
                    direction,
                    action,
                    protocol,
                    ports,
                    peer: Spanned::new(peer, pw.span),
                    span: attr.span,
                    description: description.clone(),
                })
                .collect()
        })
    }

    /// One entry of `tcp 80, 443`: a port or range, or an ICMP type.
    fn listed_port(&mut self, item: &Scalar<'a>, protocol: Protocol) -> Option<Spanned<PortRange>> {
        let Scalar::Word(w) = item else {
            self.invalid(
                item.span(),
                "expected a port, found a string".into(),
                "write ports without quotes: `tcp 80, 443`",
            );
            return None;
        };
        self.ports_word(*w, protocol)
    }

    /// Protocols as AWS consoles and templates spell them (`-1`, `TCP`,
    /// `6`): E004 with the word netlint reads.
    fn pasted_protocol(&mut self, args: &Args<'_, 'a>) -> Option<()> {
        let Some(Value::Scalar(Scalar::Word(w))) = args.attr.values.get(args.pos) else {
            return Some(());
        };
        let fix = match w.text {
            "-1" => Some(("`-1` is AWS's number for every protocol", "all")),
            "6" => Some(("`6` is the protocol number of tcp", "tcp")),
            "17" => Some(("`17` is the protocol number of udp", "udp")),
            "1" => Some(("`1` is the protocol number of icmp", "icmp")),
            "58" => Some(("`58` is the protocol number of icmpv6", "icmpv6")),
            other => match other.to_ascii_lowercase().as_str() {
                lower if lower != other && Protocol::parse(lower).is_some() => {
                    let lower = Protocol::parse(lower).map_or("all", Protocol::as_str);
                    Some(("protocols are written in lowercase", lower))
                }
                _ => None,
            },
        };
        match fix {
            Some((why, word)) => {
                let d = Diagnostic::new(
                    Code::E004,
                    w.span,
                    format!(
                        "expected a protocol (tcp, udp, icmp, icmpv6, all), found `{}`",
                        w.text
                    ),
                )
                .with_label("AWS's spelling")
                .with_help(format!("write `{word}`: {why}"));
                self.err(d);
                None
            }
            None => Some(()),
        }
    }

    pub(super) fn network_acl(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<NetworkAcl> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let inbound = self.repeated(a, "inbound", |r, attr| r.acl_rule(attr, Direction::In));
        let outbound = self.repeated(a, "outbound", |r, attr| r.acl_rule(attr, Direction::Out));
        Some(NetworkAcl {
            decl,
            vpc: vpc?,
            subnets: subnets.ok()?,
            inbound: inbound?,
            outbound: outbound?,
        })
    }

    pub(super) fn acl_rule(
        &mut self,
        attr: &Attribute<'a>,
        direction: Direction,
    ) -> Option<AclRule> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "inbound <number> allow|deny <protocol> [<ports>] from <cidr>",
            ),
            Direction::Out => (
                "to",
                "outbound <number> allow|deny <protocol> [<ports>] to <cidr>",
            ),
        };
        let mut args = Args::new(attr);
        let nw = self.word(&mut args, "a rule number")?;
        let number = self.typed(
            nw,
            |s| pv::count(s, 0, u64::from(u32::MAX)),
            "write a rule number between 1 and 32766",
        )? as u32;
        let aw = self.word(&mut args, "`allow` or `deny`")?;
        let action = self.keyword(aw, &[("allow", Action::Allow), ("deny", Action::Deny)])?;
        self.pasted_protocol(&args)?;
        if let Some(Value::List { span, .. }) = args.attr.values.get(args.pos + 1) {
            self.invalid(
                *span,
                "a network ACL rule takes one port range".into(),
                "write one numbered rule per port or range (security-group rules take a list; ACL rules are ordered by number)",
            );
            return None;
        }
        let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
        self.expect_keyword(&mut args, kw, shape)?;
        let cw = self.word(&mut args, "a CIDR block")?;
        let cidr = self.typed(cw, pv::cidr, "network ACL rules match CIDR blocks, e.g. 0.0.0.0/0 (security groups cannot be named here)")?;
        self.done(&args, shape).then_some(AclRule {
            direction,
            number: Spanned::new(number, nw.span),
            action: Spanned::new(action, aw.span),
            protocol,
            ports,
            cidr: Spanned::new(cidr, cw.span),
            span: attr.span,
        })
    }
}
