//! Resolving managed prefix lists (declared, by id, AWS's), the places
//! that name them (security-group rules, route destinations; refused in
//! network ACL rules), VPC endpoints, and how hosts are administered
//! (`access`, `instance-profile`).

use super::*;

/// The endpoint policy document: "The maximum size of an endpoint policy
/// is 20,480 characters, including white space."
const ENDPOINT_POLICY: limits::TextLimit = limits::TextLimit {
    what: "an endpoint policy",
    by: "Amazon VPC",
    max: Some(20_480),
    unit: limits::Unit::Characters,
    accepts: limits::Accepts::Text,
    help_long: "an endpoint policy is at most 20,480 characters: shorten it (wildcards, fewer statements)",
    help_char: "remove the control character",
};

/// An instance profile's name (at most 128 characters of `[\w+=,.@-]`) or
/// its ARN (at most 2,048).
const INSTANCE_PROFILE: limits::TextLimit = limits::TextLimit {
    what: "an instance profile",
    by: "IAM",
    max: Some(2048),
    unit: limits::Unit::Characters,
    accepts: limits::Accepts::PrintableAscii,
    help_long: "write the instance profile's name (at most 128 characters) or its ARN",
    help_char: "write the instance profile's name or ARN as IAM lists it",
};

impl<'a> Resolver<'a> {
    /// Whether a word in a rule's or route's address position names a
    /// prefix list rather than a CIDR or a group.
    pub(super) fn names_prefix_list(&self, w: &str) -> bool {
        w.starts_with("pl-")
            || w.starts_with("aws:")
            || self.prefix_lists
                && self
                    .symbols
                    .get(w)
                    .is_some_and(|s| s.kind == Kind::PrefixList)
    }

    /// A name in a place where a declared prefix list may stand (a rule's
    /// peer, with `also` its groups; a route's destination) that nothing
    /// declares, while a prefix list is the closest name: reported here
    /// with that list as the did-you-mean, since the generic "unknown
    /// security-group" or "no prefix length" would hide the likely typo.
    pub(super) fn misspelt_prefix_list(&mut self, w: Word<'a>, also: Option<Kind>) -> bool {
        if !self.prefix_lists || self.symbols.contains_key(w.text) {
            return false;
        }
        let Some(s) = self.names(Kind::PrefixList, also).closest(w.text) else {
            return false;
        };
        if self.symbols.get(s).map(|sym| sym.kind) != Some(Kind::PrefixList) {
            return false;
        }
        let what = match also {
            Some(k) => format!("{} or prefix-list", k.name()),
            None => "prefix-list".to_string(),
        };
        let d = Diagnostic::new(Code::E005, w.span, format!("unknown {what} `{}`", w.text))
            .with_label("not declared anywhere in this file");
        self.err(did_you_mean(d, w.span, s));
        true
    }

    /// A declared prefix list, an existing one by id, or AWS's.
    pub(super) fn prefix_list_ref(&mut self, w: Word<'a>) -> Option<Spanned<PrefixListRef>> {
        let r = if let Some(rest) = w.text.strip_prefix("aws:") {
            match AwsList::ALL.iter().find(|l| l.word() == w.text) {
                Some(l) => PrefixListRef::Aws(*l),
                None => {
                    let words = AwsList::ALL.map(AwsList::word);
                    let mut d = Diagnostic::new(
                        Code::E004,
                        w.span,
                        format!(
                            "`{}` is not an AWS-managed prefix list netlint knows",
                            w.text
                        ),
                    )
                    .with_label("unknown list");
                    d = match suggest::closest(w.text, words.iter().copied()) {
                        Some(s) => super::did_you_mean(d, w.span, s),
                        None => d.with_help(format!(
                            "netlint knows {}; for another list write its id (`pl-…`), as `aws ec2 describe-managed-prefix-lists` shows it for `{rest}`",
                            one_of(&words)
                        )),
                    };
                    self.err(d);
                    return None;
                }
            }
        } else if let Some(hex) = w.text.strip_prefix("pl-") {
            let ok = (8..=17).contains(&hex.len())
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !ok {
                self.invalid(
                    w.span,
                    format!("`{}` is not a prefix list id", w.text),
                    "a prefix list id is `pl-` and 8 or 17 lower-case hex digits, e.g. `pl-0a1b2c3d`",
                );
                return None;
            }
            PrefixListRef::Existing(ExternalPl {
                hex: u128::from_str_radix(hex, 16).ok()?,
                digits: hex.len() as u8,
            })
        } else {
            PrefixListRef::Declared(self.reference(w, Kind::PrefixList)?.node)
        };
        Some(Spanned::new(r, w.span))
    }

    /// A network ACL rule names a prefix list: AWS has no such rule.
    pub(super) fn acl_prefix_list(&mut self, w: Word<'a>) {
        let d = Diagnostic::new(
            Code::E004,
            w.span,
            format!("a network ACL rule cannot match a prefix list (`{}`)", w.text),
        )
        .with_label("prefix list in an ACL rule")
        .with_help(
            "AWS does not allow prefix lists in network ACL rules: write each of the list's CIDR blocks as its own numbered rule",
        );
        self.err(d);
    }

    /// The route lines of a table: CIDR destinations and prefix-list ones.
    #[allow(clippy::type_complexity)]
    pub(super) fn routes(
        &mut self,
        a: &Attrs<'_, 'a>,
    ) -> (Option<Vec<Route>>, Option<Vec<PrefixListRoute>>) {
        let (mut ok_c, mut ok_p) = (true, true);
        let (mut cidr, mut pl) = (Vec::new(), Vec::new());
        for attr in a.all("route") {
            let first = Args::new(attr).peek_word();
            if first.is_some_and(|w| self.names_prefix_list(w)) {
                match self.prefix_list_route(attr) {
                    Some(r) => pl.push(r),
                    None => ok_p = false,
                }
            } else {
                match self.route(attr) {
                    Some(r) => cidr.push(r),
                    None => ok_c = false,
                }
            }
        }
        (ok_c.then_some(cidr), ok_p.then_some(pl))
    }

    fn prefix_list_route(&mut self, attr: &Attribute<'a>) -> Option<PrefixListRoute> {
        let mut args = Args::new(attr);
        let lw = self.word(&mut args, "a destination prefix list")?;
        let list = self.prefix_list_ref(lw);
        let target = self.route_target(&mut args)?;
        let done = self.done(&args, network::ROUTE_SHAPE);
        done.then_some(PrefixListRoute {
            list: list?,
            target,
            span: attr.span,
        })
    }

    pub(super) fn prefix_list(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<PrefixList> {
        let family = self.opt_keyword(
            a,
            "family",
            &[("ipv4", Family::Ipv4), ("ipv6", Family::Ipv6)],
        );
        let entries = self.cidr_list(a, "entries");
        let max_entries = self.opt_single(
            a,
            "max-entries",
            |w| pv::count(w, 1, 1000).map(|n| n as u32),
            "a number of entries",
            "<count>",
        );
        let (family, entries, max_entries) = (family.ok()??, entries?, max_entries.ok()?);
        let mut ok = true;
        for e in entries.iter() {
            if Family::of(&e.node) != family.node {
                self.invalid(
                    e.span,
                    format!("`{}` is not an {} block", e.node, family.node.as_str()),
                    format!(
                        "a prefix list holds one family: this one is `family {}` (declare another list for the other family)",
                        family.node.as_str()
                    ),
                );
                ok = false;
            }
        }
        if let Some(mx) = max_entries
            && (mx.node as usize) < entries.items.len()
        {
            self.invalid(
                mx.span,
                format!(
                    "`max-entries {}` is fewer than the {} entries written",
                    mx.node,
                    entries.items.len()
                ),
                format!("write `max-entries {}` or more", entries.items.len()),
            );
            ok = false;
        }
        ok.then_some(PrefixList {
            decl,
            family,
            entries,
            max_entries,
        })
    }

    /// A list of CIDR blocks.
    pub(super) fn cidr_list(&mut self, a: &Attrs<'_, 'a>, key: &str) -> Option<List<IpNet>> {
        let attr = a.one(key)?;
        let mut args = Args::new(attr);
        let words = self.words(&mut args, "CIDR blocks")?;
        let mut items = Vec::with_capacity(words.len());
        let mut ok = true;
        for w in words {
            match self.typed(w, pv::cidr, "write a CIDR block such as 203.0.113.0/24") {
                Some(c) => items.push(Spanned::new(c, w.span)),
                None => ok = false,
            }
        }
        ok &= self.done(&args, format_args!("{key} <cidr>, …"));
        ok.then_some(List {
            items,
            span: Some(attr.span),
        })
    }

    pub(super) fn vpc_endpoint(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<VpcEndpoint> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let service = a.one("service").and_then(|attr| {
            self.single(
                attr,
                |w| pv::service_name(w).map(|()| w.to_string()),
                "a service name",
                "<service>",
            )
        });
        let endpoint_type = self.opt_keyword(
            a,
            "type",
            &[
                ("gateway", EndpointType::Gateway),
                ("interface", EndpointType::Interface),
            ],
        );
        let route_tables = self.ref_list(a, "route-tables", Kind::RouteTable);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let private_dns = self.opt_bool(a, "private-dns");
        let policy = self.policy(a);
        let ep = VpcEndpoint {
            decl,
            vpc: vpc?,
            service: service?,
            endpoint_type: endpoint_type.ok()?,
            route_tables: route_tables.ok()?,
            subnets: subnets.ok()?,
            security_groups: security_groups.ok()?,
            private_dns: private_dns.ok()?,
            policy: policy.ok()?,
        };
        self.endpoint_shape(&ep).then_some(ep)
    }

    /// Attributes of the other endpoint type are refused: AWS rejects
    /// `RouteTableIds` on an interface endpoint and `SubnetIds` on a
    /// gateway one.
    fn endpoint_shape(&mut self, ep: &VpcEndpoint) -> bool {
        let ty = ep.endpoint_type();
        // AWS offers gateway endpoints for S3 and DynamoDB only; any other
        // service refuses `VpcEndpointType: Gateway` at deploy time.
        if let Some(t) = ep.endpoint_type
            && t.node == EndpointType::Gateway
            && !matches!(ep.service_key(), "s3" | "dynamodb")
        {
            self.invalid(
                t.span,
                format!(
                    "`{}` has no gateway endpoint: AWS offers them for s3 and dynamodb only",
                    ep.service.node
                ),
                "write `type interface` with `subnets` (one per zone) and `security-groups`, or remove `type` (interface is the default for this service)",
            );
            return false;
        }
        let wrong: Vec<(Option<Span>, &str)> = match ty {
            EndpointType::Gateway => vec![
                (ep.subnets.span, "subnets"),
                (ep.security_groups.span, "security-groups"),
                (ep.private_dns.map(|p| p.span), "private-dns"),
            ],
            EndpointType::Interface => vec![(ep.route_tables.span, "route-tables")],
        };
        let (this, other, needs) = match ty {
            EndpointType::Gateway => ("gateway", "interface", "route-tables"),
            EndpointType::Interface => ("interface", "gateway", "subnets"),
        };
        let a = |w: &str| if w == "interface" { "an" } else { "a" };
        let why = match ep.endpoint_type {
            Some(_) => format!("`type {this}`"),
            None => format!("the default for `{}`", ep.service_key()),
        };
        let mut ok = true;
        for (span, key) in wrong {
            let Some(span) = span else { continue };
            self.invalid(
                span,
                format!("{} {this} endpoint has no `{key}` ({why})", a(this)),
                format!(
                    "`{key}` belongs to {} {other} endpoint: remove it, or write `type {other}`",
                    a(other)
                ),
            );
            ok = false;
        }
        let given = match ty {
            EndpointType::Gateway => !ep.route_tables.is_empty(),
            EndpointType::Interface => !ep.subnets.is_empty(),
        };
        if ok && !given {
            let d = Diagnostic::new(
                Code::E008,
                ep.decl.kind_span.to(ep.decl.name_span),
                format!(
                    "vpc-endpoint `{}` is {} {this} endpoint ({why}) and has no `{needs}`",
                    ep.decl.name,
                    a(this)
                ),
            )
            .with_label(format!("missing `{needs}`"))
            .with_help(match ty {
                EndpointType::Gateway => {
                    "add `route-tables <route-table>, …`: AWS adds the service's route to them"
                }
                EndpointType::Interface => {
                    "add `subnets <subnet>, …` (one per zone): the endpoint's interfaces go there"
                }
            });
            self.err(d);
            ok = false;
        }
        ok
    }

    fn policy(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<String>>, ()> {
        let Some(p) = self.opt_string(a, "policy", "a policy document", &ENDPOINT_POLICY)? else {
            return Ok(None);
        };
        match serde_json::from_str::<serde_json::Value>(&p.node) {
            Ok(serde_json::Value::Object(_)) => Ok(Some(p)),
            Ok(_) => {
                self.invalid(
                    p.span,
                    "an endpoint policy is a JSON object".into(),
                    "write the policy as `{\"Statement\": [ … ]}`",
                );
                Err(())
            }
            Err(e) => {
                self.invalid(
                    p.span,
                    format!("the endpoint policy is not valid JSON: {e}"),
                    "write the policy document as JSON text (inside the quotes, escape `\"` as `\\\"`)",
                );
                Err(())
            }
        }
    }

    pub(super) fn access(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<Access>>, ()> {
        self.opt_keyword(
            a,
            "access",
            &[
                ("ssh", Access::Ssh),
                ("ssm", Access::Ssm),
                ("both", Access::Both),
            ],
        )
    }

    pub(super) fn instance_profile(
        &mut self,
        a: &Attrs<'_, 'a>,
    ) -> Result<Option<Spanned<String>>, ()> {
        let Some(p) = self.opt_single(
            a,
            "instance-profile",
            |w| pv::instance_profile(w).map(|()| w.to_string()),
            "an instance profile name or ARN",
            "<name|arn>",
        )?
        else {
            return Ok(None);
        };
        self.within(limits::check_word(&INSTANCE_PROFILE, &p.node, p.span))
            .ok_or(())?;
        Ok(Some(p))
    }
}
