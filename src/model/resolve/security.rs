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
        let ingress = self.repeated(a, "ingress", |r, attr| r.sg_rule(attr, Direction::In));
        let egress = self.repeated(a, "egress", |r, attr| r.sg_rule(attr, Direction::Out));
        Some(SecurityGroup {
            decl,
            vpc: vpc?,
            description: description.ok()?,
            ingress: ingress?,
            egress: egress?,
        })
    }

    pub(super) fn sg_rule(&mut self, attr: &Attribute<'a>, direction: Direction) -> Option<SgRule> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "ingress [allow|deny] <protocol> [<ports>] from <cidr|security-group|self|prefix-list>",
            ),
            Direction::Out => (
                "to",
                "egress [allow|deny] <protocol> [<ports>] to <cidr|security-group|self|prefix-list>",
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
        let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
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
        } else {
            Peer::Group(self.reference(pw, Kind::SecurityGroup)?.node)
        };
        self.done(&args, shape).then_some(SgRule {
            direction,
            action,
            protocol,
            ports,
            peer: Spanned::new(peer, pw.span),
            span: attr.span,
        })
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
