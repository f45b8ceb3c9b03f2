//! Resolving load balancers, their listeners, and target groups.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn load_balancer(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<LoadBalancer> {
        let lb_type = self.opt_keyword(
            a,
            "type",
            &[
                ("application", LbType::Application),
                ("network", LbType::Network),
            ],
        );
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let scheme = self.opt_keyword(
            a,
            "scheme",
            &[
                ("internet-facing", Scheme::InternetFacing),
                ("internal", Scheme::Internal),
            ],
        );
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let ip_address_type = self.opt_keyword(
            a,
            "ip-address-type",
            &[
                ("ipv4", IpAddressType::Ipv4),
                ("dualstack", IpAddressType::Dualstack),
            ],
        );
        let listeners = self.repeated(a, "listener", |r, attr| r.listener(attr));
        let settings = self.lb_settings(a, lb_type.ok().flatten().map(|t| t.node));
        Some(LoadBalancer {
            decl,
            lb_type: lb_type.ok()??,
            subnets: subnets.ok()?,
            scheme: scheme.ok()?,
            security_groups: security_groups.ok()?,
            ip_address_type: ip_address_type.ok()?,
            listeners: listeners?,
            access_logs: settings.access_logs.ok()?,
            deletion_protection: settings.deletion_protection.ok()?,
            idle_timeout: settings.idle_timeout.ok()?,
            cross_zone: settings.cross_zone.ok()?,
            drop_invalid_headers: settings.drop_invalid_headers.ok()?,
            rules: settings.rules?,
        })
    }

    pub(super) fn lb_protocol(&mut self, w: Word<'a>) -> Option<LbProtocol> {
        self.keyword(
            w,
            &[
                ("http", LbProtocol::Http),
                ("https", LbProtocol::Https),
                ("tcp", LbProtocol::Tcp),
                ("udp", LbProtocol::Udp),
                ("tls", LbProtocol::Tls),
                ("tcp_udp", LbProtocol::TcpUdp),
            ],
        )
    }

    pub(super) fn listener_port(&mut self, w: Word<'a>) -> Option<Spanned<u16>> {
        let p = self.typed(
            w,
            |s| pv::count(s, 1, 65535),
            "write a port between 1 and 65535",
        )?;
        Some(Spanned::new(p as u16, w.span))
    }

    pub(super) fn listener(&mut self, attr: &Attribute<'a>) -> Option<Listener> {
        const SHAPE: &str =
            "listener <protocol> <port> -> <target-group> [certificate <arn>] [policy <name>]";
        let mut args = Args::new(attr);
        let pw = self.word(&mut args, "a listener protocol")?;
        let protocol = Spanned::new(self.lb_protocol(pw)?, pw.span);
        let portw = self.word(&mut args, "a port")?;
        let port = self.listener_port(portw)?;
        let aw = self.word(&mut args, "`->` or `redirect`")?;
        let action = match aw.text {
            "->" => {
                let tw = self.word(&mut args, "a target group name")?;
                ListenerAction::Forward(self.reference(tw, Kind::TargetGroup)?)
            }
            "redirect" => {
                let rp = self.word(&mut args, "`https`")?;
                let rprotocol =
                    Spanned::new(self.keyword(rp, &[("https", LbProtocol::Https)])?, rp.span);
                let rport = self.word(&mut args, "a port")?;
                let rport = self.listener_port(rport)?;
                ListenerAction::Redirect {
                    protocol: rprotocol,
                    port: rport,
                }
            }
            other => {
                self.invalid(
                    aw.span,
                    format!("expected `->` or `redirect`, found `{other}`"),
                    format!(
                        "the forms are `{SHAPE}` and `listener http <port> redirect https <port>`"
                    ),
                );
                return None;
            }
        };
        let mut certificate = None;
        let mut policy: Option<Spanned<String>> = None;
        while let Some(kw) = args.peek_word() {
            let kww = self.word(&mut args, "an option")?;
            let slot = match kw {
                "certificate" => &mut certificate,
                "policy" => &mut policy,
                _ => {
                    let mut d = Diagnostic::new(
                        Code::E004,
                        kww.span,
                        format!("unknown listener option `{kw}`"),
                    )
                    .with_label("not a listener option");
                    d = match suggest::closest(kw, ["certificate", "policy"]) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("the form is `{SHAPE}`")),
                    };
                    self.err(d);
                    return None;
                }
            };
            if slot.is_some() {
                self.invalid(
                    kww.span,
                    format!("`{kw}` is given twice in one listener"),
                    "keep one",
                );
                return None;
            }
            let vw = self.word(
                &mut args,
                if kw == "certificate" {
                    "a certificate ARN"
                } else {
                    "a TLS policy name"
                },
            )?;
            if kw == "certificate" {
                self.typed(vw, pv::arn, "write the certificate's ARN (arn:aws:acm:…)")?;
                self.limited_word(&limits::CERTIFICATE_ARN, vw)?;
            } else {
                self.limited_word(&limits::TLS_POLICY, vw)?;
            }
            *slot = Some(Spanned::new(vw.text.to_string(), vw.span));
        }
        self.done(&args, SHAPE).then_some(Listener {
            protocol,
            port,
            action,
            certificate,
            policy,
            span: attr.span,
        })
    }

    pub(super) fn target_group(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<TargetGroup> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let protocol = a.one("protocol").and_then(|attr| {
            let mut args = Args::new(attr);
            let w = self.word(&mut args, "a protocol")?;
            let p = self.lb_protocol(w)?;
            self.done(&args, "protocol http|https|tcp|udp|tls|tcp_udp")
                .then_some(Spanned::new(p, w.span))
        });
        let port = a.one("port").and_then(|attr| {
            let mut args = Args::new(attr);
            let w = self.word(&mut args, "a port")?;
            let p = self.listener_port(w)?;
            self.done(&args, "port <port>").then_some(p)
        });
        let health_check = match a.one("health-check") {
            None => Ok(None),
            Some(attr) => self.health_check(attr).map(Some).ok_or(()),
        };
        let sticky = self.opt_bool(a, "sticky");
        let targets = self.ref_list(a, "targets", Kind::Instance);
        let deregistration_delay = self.bounded_duration(a, "deregistration-delay", 0, 3600);
        let target_type = self.target_type(a, targets.as_ref().ok());
        Some(TargetGroup {
            decl,
            vpc: vpc?,
            protocol: protocol?,
            port: port?,
            health_check: health_check.ok()?,
            sticky: sticky.ok()?,
            targets: targets.ok()?,
            deregistration_delay: deregistration_delay.ok()?,
            target_type: target_type.ok()?,
        })
    }
}
