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
        let ingress = self.sg_lines(a, "ingress", Direction::In);
        let egress = self.sg_lines(a, "egress", Direction::Out);
        Some(SecurityGroup {
            decl,
            vpc: vpc?,
            description: description.ok()?,
            ingress: ingress?,
            egress: egress?,
        })
    }

    /// Every `ingress` (or `egress`) line's rules, in one vector; `None` if
    /// any line failed (all are read, so every error is reported).
    fn sg_lines(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        direction: Direction,
    ) -> Option<Vec<SgRule>> {
        let lines = a.all(key);
        let mut out = Vec::with_capacity(lines.len());
        let mut ok = true;
        for attr in lines {
            ok &= self.sg_rules(attr, direction, &mut out).is_some();
        }
        ok.then_some(out)
    }

    /// One `ingress`/`egress` line: one rule per listed port (AWS has one
    /// port range per rule), each with the line's description, added to
    /// `out`.
    fn sg_rules(
        &mut self,
        attr: &Attribute<'a>,
        direction: Direction,
        out: &mut Vec<SgRule>,
    ) -> Option<()> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "ingress [allow|deny] <protocol> [<ports>, …] from <cidr|security-group|self|prefix-list> [\"<description>\"]",
            ),
            Direction::Out => (
                "to",
                "egress [allow|deny] <protocol> [<ports>, …] to <cidr|security-group|self|prefix-list> [\"<description>\"]",
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
        // A list of ports (its own vector), or the one range (none).
        let mut listed = Vec::new();
        let (protocol, single) = match args.attr.values.get(args.pos + 1) {
            Some(Value::List { items, .. }) => {
                let pw = self.word(&mut args, "a protocol (tcp, udp, icmp, icmpv6, all)")?;
                let protocol =
                    self.typed(pw, pv::protocol, "write tcp, udp, icmp, icmpv6 or all")?;
                args.next();
                listed.reserve_exact(items.len());
                let mut ok = true;
                for item in items.iter() {
                    match self.listed_port(item, protocol) {
                        Some(p) => listed.push(Some(p)),
                        None => ok = false,
                    }
                }
                ok.then_some(())?;
                (Spanned::new(protocol, pw.span), None)
            }
            _ => {
                let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
                (protocol, Some(ports))
            }
        };
        self.expect_keyword(&mut args, kw, shape)?;
        let pw = self.word(&mut args, "a CIDR, a security group or `self`")?;
        let peer = if pw.text == "self" {
            Peer::SelfGroup
        } else if self.names_prefix_list(pw.text) {
            Peer::PrefixList(self.prefix_list_ref(pw)?.node)
        } else if pv::looks_like_cidr(pw.text) {
            Peer::Cidr(self.typed(
                pw,
                pv::cidr,
                "write a CIDR such as 10.0.0.0/16, a security group name, or `self`",
            )?)
        } else if self.misspelt_prefix_list(pw, Some(Kind::SecurityGroup)) {
            return None;
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
            out.extend(listed.into_iter().chain(single).map(|ports| SgRule {
                direction,
                action,
                protocol,
                ports,
                peer: Spanned::new(peer, pw.span),
                span: attr.span,
                description: description.clone(),
            }));
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
            // Lowercased (an allocation) only when it would differ.
            other if other.bytes().any(|b| b.is_ascii_uppercase()) => {
                Protocol::parse(&other.to_ascii_lowercase())
                    .map(|p| ("protocols are written in lowercase", p.as_str()))
            }
            _ => None,
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
        if self.names_prefix_list(cw.text) {
            self.acl_prefix_list(cw);
            return None;
        }
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
