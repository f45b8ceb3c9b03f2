//! Resolving routing beyond one VPC: VPC peering connections and existing
//! transit gateways with their VPC attachments. Routes name them as
//! targets (`network::route_target`).

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn vpc_peering(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<VpcPeering> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let peer_vpc = match a.one("peer-vpc") {
            None => Ok(None),
            Some(attr) => self.peer_vpc_ref(attr).map(Some).ok_or(()),
        };
        let cidrs = match a.one("peer-cidrs") {
            None => Ok(None),
            Some(_) => self.cidr_list(a, "peer-cidrs").map(Some).ok_or(()),
        };
        let vpc_id = self.opt_single(
            a,
            "peer-vpc-id",
            |w| pv::aws_id(w, "vpc").map(|()| w.to_string()),
            "a VPC id",
            "vpc-<hex>",
        );
        let account = self.opt_single(
            a,
            "peer-account",
            |w| pv::account_id(w).map(|()| w.to_string()),
            "an account id",
            "<12 digits>",
        );
        let region = self.opt_single(
            a,
            "peer-region",
            |w| pv::region_name(w).map(|()| w.to_string()),
            "a region",
            "<region>",
        );
        let (vpc, peer_vpc, cidrs, vpc_id, account, region) = (
            vpc?,
            peer_vpc.ok()?,
            cidrs.ok()?,
            vpc_id.ok()?,
            account.ok()?,
            region.ok()?,
        );
        let header = decl.kind_span.to(decl.name_span);
        let peer = match (peer_vpc, cidrs, vpc_id) {
            (Some(p), None, None) => {
                let outside: Vec<Span> = [account.map(|x| x.span), region.map(|x| x.span)]
                    .into_iter()
                    .flatten()
                    .collect();
                if let Some(&span) = outside.first() {
                    self.invalid(
                        span,
                        "a peer VPC of this file is in the file's account and region".into(),
                        "remove `peer-account`/`peer-region`, or describe a VPC outside the file with `peer-cidrs` and `peer-vpc-id` instead of `peer-vpc`",
                    );
                    return None;
                }
                if p.node == vpc.node {
                    self.invalid(
                        p.span,
                        format!("vpc-peering `{}` peers a VPC with itself", decl.name),
                        "name the other VPC in `peer-vpc`",
                    );
                    return None;
                }
                PeerSide::Vpc(p)
            }
            (Some(p), cidrs, vpc_id) => {
                let span = cidrs
                    .and_then(|c| c.span)
                    .or(vpc_id.map(|v| v.span))
                    .unwrap_or(p.span);
                self.invalid(
                    span,
                    "a peering has either `peer-vpc` (a VPC of this file) or `peer-cidrs` and `peer-vpc-id` (a VPC outside it)".into(),
                    "keep `peer-vpc` for a VPC declared here; for one outside the file remove it",
                );
                return None;
            }
            (None, Some(cidrs), Some(vpc_id)) => {
                let mut ok = true;
                for c in cidrs.iter() {
                    if matches!(c.node, IpNet::V6(_)) {
                        self.invalid(
                            c.span,
                            "`peer-cidrs` are the peer VPC's IPv4 blocks".into(),
                            "write the peer VPC's IPv4 blocks (primary and secondary)",
                        );
                        ok = false;
                    }
                }
                if !ok {
                    return None;
                }
                PeerSide::External {
                    cidrs,
                    vpc_id,
                    account,
                    region,
                }
            }
            (None, cidrs, _) => {
                let (missing, help) = if cidrs.is_none() {
                    (
                        "peer-vpc",
                        "add `peer-vpc <vpc>` (a VPC of this file), or `peer-cidrs <cidr>, …` and `peer-vpc-id vpc-…` for a VPC outside it",
                    )
                } else {
                    (
                        "peer-vpc-id",
                        "add `peer-vpc-id vpc-…`: the id of the VPC outside the file (its `peer-cidrs` say what lies there)",
                    )
                };
                let d = Diagnostic::new(
                    Code::E008,
                    header,
                    format!("vpc-peering `{}` has no `{missing}`", decl.name),
                )
                .with_label(format!("missing `{missing}`"))
                .with_help(help);
                self.err(d);
                return None;
            }
        };
        Some(VpcPeering { decl, vpc, peer })
    }

    /// `peer-vpc <vpc>`; a pasted `vpc-…` id gets a help line.
    fn peer_vpc_ref(&mut self, attr: &Attribute<'a>) -> Option<Spanned<VpcId>> {
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "the name of a vpc")?;
        if !self.symbols.contains_key(w.text) && w.text.starts_with("vpc-") {
            let d = Diagnostic::new(
                Code::E005,
                w.span,
                format!("unknown vpc `{}`", w.text),
            )
            .with_label("an AWS id, not a name of this file")
            .with_help(format!(
                "`peer-vpc` names a VPC declared in this file; for a VPC outside it write `peer-vpc-id {}` and its blocks as `peer-cidrs <cidr>, …`",
                w.text
            ));
            self.err(d);
            return None;
        }
        let r = self.reference(w, Kind::Vpc);
        let done = self.done(&args, "peer-vpc <vpc>");
        r.filter(|_| done)
    }

    pub(super) fn transit_gateway(
        &mut self,
        decl: Decl,
        a: &Attrs<'_, 'a>,
    ) -> Option<TransitGateway> {
        let id = a.one("id").and_then(|attr| {
            self.single(
                attr,
                |w| pv::aws_id(w, "tgw").map(|()| w.to_string()),
                "a transit gateway id",
                "tgw-<hex>",
            )
        });
        let networks = self.cidr_list(a, "networks");
        let attachments = self.repeated(a, "attach", |r, attr| r.tgw_attachment(attr));
        // The VPCs' names as the references spell them: not from the
        // model, which holds only the blocks resolved so far.
        let (attachments, names): (Vec<_>, Vec<_>) = attachments?.into_iter().unzip();
        let mut ok = true;
        for (i, (at, name)) in attachments.iter().zip(&names).enumerate() {
            if let Some(first) = attachments[..i].iter().find(|x| x.vpc.node == at.vpc.node) {
                let d = Diagnostic::new(
                    Code::E004,
                    at.vpc.span,
                    format!(
                        "transit gateway `{}` is attached to vpc `{name}` twice",
                        decl.name
                    ),
                )
                .with_label("attached again here")
                .with_secondary(first.vpc.span, "first attached here")
                .with_help("a VPC has one attachment per transit gateway: list all its subnets in one `attach` line");
                self.err(d);
                ok = false;
            }
        }
        ok.then_some(TransitGateway {
            decl,
            id: id?,
            networks: networks?,
            attachments,
        })
    }

    /// `attach <vpc> subnets <subnet>, …`, and the VPC's name.
    fn tgw_attachment(&mut self, attr: &Attribute<'a>) -> Option<(TgwAttachment, &'a str)> {
        const SHAPE: &str = "attach <vpc> subnets <subnet>, …";
        let mut args = Args::new(attr);
        let vw = self.word(&mut args, "the name of a vpc")?;
        let vpc = self.reference(vw, Kind::Vpc);
        self.expect_keyword(&mut args, "subnets", SHAPE)?;
        let words = self.words(&mut args, "subnet names")?;
        let mut items = Vec::with_capacity(words.len());
        let mut ok = true;
        for w in words {
            match self.reference(w, Kind::Subnet) {
                Some(s) => items.push(s),
                None => ok = false,
            }
        }
        ok &= self.done(&args, SHAPE);
        let vpc = vpc?;
        ok.then_some((
            TgwAttachment {
                vpc,
                subnets: List {
                    items,
                    span: Some(attr.span),
                },
                span: attr.span,
            },
            vw.text,
        ))
    }
}
