//! Resolving the network: VPCs, internet gateways, subnets, route tables
//! and their routes, Elastic IPs, NAT gateways.

use super::*;

pub(super) const ROUTE_SHAPE: &str = "route <cidr|prefix-list> -> <internet-gateway|nat-gateway|egress-only-internet-gateway|vpc-peering|transit-gateway>";

impl<'a> Resolver<'a> {
    pub(super) fn vpc(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Vpc> {
        let cidr = self.req_cidr(a);
        let ipv6 = self.opt_bool(a, "ipv6");
        let dns = self.opt_bool(a, "dns");
        let secondary = self.secondary_cidrs(a);
        let ipv6_cidr = self.vpc_ipv6_cidr(a, ipv6);
        let flow_logs = self.flow_logs(a);
        if let Some(c) = &cidr
            && matches!(c.node, IpNet::V6(_))
        {
            self.invalid(c.span, "a VPC's primary block must be IPv4".into(), "write an IPv4 block such as 10.0.0.0/16; `ipv6 on` adds an Amazon-provided IPv6 /56, `ipv6-cidr` a /56 of your own");
            return None;
        }
        Some(Vpc {
            decl,
            cidr: cidr?,
            ipv6: ipv6.ok()?,
            dns: dns.ok()?,
            secondary_cidrs: secondary.ok()?,
            ipv6_cidr: ipv6_cidr.ok()?,
            flow_logs: flow_logs.ok()?,
        })
    }

    pub(super) fn igw(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<InternetGateway> {
        Some(InternetGateway {
            decl,
            vpc: self.req_ref(a, "vpc", Kind::Vpc)?,
        })
    }

    pub(super) fn subnet(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Subnet> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let cidr = self.req_cidr(a);
        let zone = a.one("zone").and_then(|z| self.zone_value(z));
        let public_ip = self.opt_bool(a, "public-ip");
        let ipv6 = self.subnet_ipv6(a);
        if let Some(c) = &cidr
            && matches!(c.node, IpNet::V6(_))
        {
            self.invalid(
                c.span,
                "a subnet's `cidr` is its IPv4 block".into(),
                "write an IPv4 block inside the VPC's CIDR; its IPv6 /64 is `ipv6-index <n>` or `ipv6-cidr <cidr>`",
            );
            return None;
        }
        let (ipv6, ipv6_index, ipv6_cidr, ipv6_on_launch) = ipv6?;
        Some(Subnet {
            decl,
            vpc: vpc?,
            cidr: cidr?,
            zone: zone?,
            public_ip: public_ip.ok()?,
            ipv6,
            ipv6_index,
            ipv6_cidr,
            ipv6_on_launch,
        })
    }

    pub(super) fn route_table(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<RouteTable> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let (routes, prefix_list_routes) = self.routes(a);
        Some(RouteTable {
            decl,
            vpc: vpc?,
            subnets: subnets.ok()?,
            routes: routes?,
            prefix_list_routes: prefix_list_routes?,
        })
    }

    pub(super) fn route(&mut self, attr: &Attribute<'a>) -> Option<Route> {
        let mut args = Args::new(attr);
        let dw = self.word(&mut args, "a destination CIDR")?;
        if !pv::looks_like_cidr(dw.text) && self.misspelt_prefix_list(dw, None) {
            return None;
        }
        let destination = self.typed(
            dw,
            pv::cidr,
            "write a destination such as 0.0.0.0/0 or ::/0",
        )?;
        let target = self.route_target(&mut args)?;
        self.done(&args, ROUTE_SHAPE).then_some(Route {
            destination: Spanned::new(destination, dw.span),
            target,
            span: attr.span,
        })
    }

    /// `-> <target>` of a route line.
    pub(super) fn route_target(&mut self, args: &mut Args<'_, 'a>) -> Option<Spanned<RouteTarget>> {
        self.expect_keyword(args, "->", ROUTE_SHAPE)?;
        let tw = self.word(args, "a gateway, a peering or a transit gateway")?;
        let target = match self.symbols.get(tw.text).map(|s| s.kind) {
            Some(Kind::InternetGateway) => {
                RouteTarget::Igw(self.reference(tw, Kind::InternetGateway)?.node)
            }
            Some(Kind::NatGateway) => RouteTarget::Nat(self.reference(tw, Kind::NatGateway)?.node),
            Some(Kind::EgressOnlyInternetGateway) => {
                RouteTarget::Eigw(self.reference(tw, Kind::EgressOnlyInternetGateway)?.node)
            }
            Some(Kind::VpcPeering) => {
                RouteTarget::Peering(self.reference(tw, Kind::VpcPeering)?.node)
            }
            Some(Kind::TransitGateway) => {
                RouteTarget::Tgw(self.reference(tw, Kind::TransitGateway)?.node)
            }
            Some(_) => {
                // E006 naming what is allowed.
                self.reference::<InternetGateway>(tw, Kind::InternetGateway);
                if let Some(d) = self.diags.last_mut() {
                    d.message = format!(
                        "a route's target must be an internet gateway, a NAT gateway, an egress-only internet gateway, a vpc-peering or a transit-gateway; `{}` is not",
                        tw.text
                    );
                }
                return None;
            }
            None => {
                let hint = self
                    .names(Kind::InternetGateway, Some(Kind::NatGateway))
                    .closest(tw.text)
                    .or_else(|| {
                        self.names(Kind::EgressOnlyInternetGateway, None)
                            .closest(tw.text)
                    })
                    .or_else(|| {
                        self.names(Kind::VpcPeering, Some(Kind::TransitGateway))
                            .closest(tw.text)
                    });
                let mut d = Diagnostic::new(
                    Code::E005,
                    tw.span,
                    format!("unknown gateway `{}`", tw.text),
                )
                .with_label("not declared anywhere in this file");
                d = match hint {
                    Some(s) => did_you_mean(d, tw.span, s),
                    None if tw.text.starts_with("eigw-") => d.with_help(
                        "an AWS id is not a name here: declare `egress-only-internet-gateway <name> { vpc <vpc> }` and route to its name",
                    ),
                    None if tw.text.starts_with("pcx-") => d.with_help(
                        "an AWS id is not a name here: declare the peering (`vpc-peering <name> { vpc <vpc>; peer-vpc <vpc> }`, or `peer-cidrs <cidr>, …; peer-vpc-id vpc-…` for a VPC outside the file) and route to its name",
                    ),
                    None if tw.text.starts_with("tgw-") => {
                        let declared = self
                            .model
                            .transit_gateways
                            .iter()
                            .find(|t| t.id.node == tw.text)
                            .map(|t| t.decl.name.clone());
                        let tgws = self.names(Kind::TransitGateway, None);
                        let names = tgws.as_slice().to_vec();
                        match declared {
                            Some(name) => did_you_mean(
                                d.with_note(format!("`{}` is the id of transit gateway `{name}`", tw.text)),
                                tw.span,
                                &name,
                            ),
                            None if !names.is_empty() => d.with_help(format!(
                                "an AWS id is not a name here: route to the name of a transit-gateway block ({}); its `id` holds the `tgw-…` id",
                                listed(&names)
                            )),
                            None => d.with_help(format!(
                                "an AWS id is not a name here: declare `transit-gateway <name> {{ id {}; networks <cidr>, …; attach <vpc> subnets <subnet>, … }}` and route to its name",
                                tw.text
                            )),
                        }
                    }
                    None => d.with_help(
                        "declare an internet-gateway, nat-gateway, egress-only-internet-gateway, vpc-peering or transit-gateway with this name",
                    ),
                };
                self.err(d);
                return None;
            }
        };
        Some(Spanned::new(target, tw.span))
    }

    pub(super) fn eip(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Eip> {
        Some(Eip {
            decl,
            instance: self.opt_ref(a, "instance", Kind::Instance).ok()?,
        })
    }

    pub(super) fn nat(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<NatGateway> {
        let subnet = self.req_ref(a, "subnet", Kind::Subnet);
        let eip = self.opt_ref(a, "eip", Kind::Eip);
        let connectivity = self.opt_keyword(
            a,
            "connectivity",
            &[
                ("public", Connectivity::Public),
                ("private", Connectivity::Private),
            ],
        );
        Some(NatGateway {
            decl,
            subnet: subnet?,
            eip: eip.ok()?,
            connectivity: connectivity.ok()?,
        })
    }
}

impl<'a> Resolver<'a> {
    pub(super) fn eigw(
        &mut self,
        decl: Decl,
        a: &Attrs<'_, 'a>,
    ) -> Option<EgressOnlyInternetGateway> {
        Some(EgressOnlyInternetGateway {
            decl,
            vpc: self.req_ref(a, "vpc", Kind::Vpc)?,
        })
    }
}
