//! Resolving what a load balancer and a target group say beyond their
//! listeners: load-balancer attributes, listener rules, the full health
//! check, deregistration delay and target type.
//!
//! AWS's ranges are checked here (E004), so the emitter writes only what
//! Elastic Load Balancing accepts; what depends on other declarations
//! (a rule's listener, two rules sharing a priority) is L716's.

use super::*;

/// A load balancer's attributes, each `Err` when it was wrong (already
/// reported).
pub(super) struct LbSettings {
    pub access_logs: Result<Option<Spanned<AccessLogs>>, ()>,
    pub deletion_protection: Result<Option<Spanned<bool>>, ()>,
    pub idle_timeout: Result<Option<Spanned<u32>>, ()>,
    pub cross_zone: Result<Option<Spanned<bool>>, ()>,
    pub drop_invalid_headers: Result<Option<Spanned<bool>>, ()>,
    pub rules: Option<Vec<ListenerRule>>,
}

/// Listener rule priorities: AWS takes 1 to 50,000.
const MAX_PRIORITY: u64 = 50_000;
/// Values of one listener-rule condition: AWS takes at most three.
const MAX_PATTERNS: usize = 3;

impl<'a> Resolver<'a> {
    pub(super) fn lb_settings(&mut self, a: &Attrs<'_, 'a>, ty: Option<LbType>) -> LbSettings {
        let access_logs = match a.one("access-logs") {
            None => Ok(None),
            Some(attr) => self.access_logs(attr).map(Some).ok_or(()),
        };
        let deletion_protection = self.opt_bool(a, "deletion-protection");
        let idle_timeout = self
            .only_for(a, "idle-timeout", ty, LbType::Application)
            .and_then(|()| self.bounded_duration(a, "idle-timeout", 1, 4000));
        let cross_zone = self
            .only_for(a, "cross-zone", ty, LbType::Network)
            .and_then(|()| self.opt_bool(a, "cross-zone"));
        let drop_invalid_headers = self
            .only_for(a, "drop-invalid-headers", ty, LbType::Application)
            .and_then(|()| self.opt_bool(a, "drop-invalid-headers"));
        let rules = match self.only_for(a, "rule", ty, LbType::Application) {
            Ok(()) => self.repeated(a, "rule", |r, attr| r.listener_rule(attr)),
            Err(()) => None,
        };
        LbSettings {
            access_logs,
            deletion_protection,
            idle_timeout,
            cross_zone,
            drop_invalid_headers,
            rules,
        }
    }

    /// E004 on every `key` line of a load balancer of the other type.
    fn only_for(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        ty: Option<LbType>,
        wanted: LbType,
    ) -> Result<(), ()> {
        let Some(ty) = ty.filter(|t| *t != wanted) else {
            return Ok(());
        };
        let attrs = a.all(key);
        for attr in attrs {
            let (is, why) = match wanted {
                LbType::Application => {
                    ("a network", "it is a setting of application load balancers")
                }
                LbType::Network => (
                    "an application",
                    "an application load balancer always balances across zones",
                ),
            };
            debug_assert!(ty != wanted);
            let d = Diagnostic::new(
                Code::E004,
                attr.key.span,
                format!("`{key}` does not apply to {is} load balancer"),
            )
            .with_label(format!("not {is} load balancer setting"))
            .with_help(format!("remove it: {why}"));
            self.err(d);
        }
        if attrs.is_empty() { Ok(()) } else { Err(()) }
    }

    /// `<key> <duration>` within `min..=max` seconds.
    pub(super) fn bounded_duration(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        min: u32,
        max: u32,
    ) -> Result<Option<Spanned<u32>>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "a duration such as `30s`").ok_or(())?;
        let v = self.duration_in(w, min, max);
        let done = self.done(&args, format_args!("{key} <duration>"));
        match v {
            Some(v) if done => Ok(Some(v)),
            _ => Err(()),
        }
    }

    fn duration_in(&mut self, w: Word<'a>, min: u32, max: u32) -> Option<Spanned<u32>> {
        let s = self.typed(w, pv::duration_s, "write a duration such as `30s` or `5m`")?;
        if !(min..=max).contains(&s) {
            self.invalid(
                w.span,
                format!("{s} seconds is out of range ({min}s..{max}s)"),
                format!("write a duration between {min}s and {max}s"),
            );
            return None;
        }
        Some(Spanned::new(s, w.span))
    }

    fn count_in(&mut self, w: Word<'a>, min: u64, max: u64) -> Option<Spanned<u32>> {
        let n = self.typed(
            w,
            |s| pv::count(s, min, max),
            format_args!("write a number between {min} and {max}"),
        )?;
        Some(Spanned::new(n as u32, w.span))
    }

    /// `access-logs <s3-arn> [prefix <word>]`.
    fn access_logs(&mut self, attr: &Attribute<'a>) -> Option<Spanned<AccessLogs>> {
        const SHAPE: &str = "access-logs <s3-arn> [prefix <word>]";
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "an S3 bucket ARN")?;
        let arn = self.typed(
            w,
            pv::s3_bucket_arn,
            "write the bucket's ARN, e.g. `arn:aws:s3:::my-lb-logs` (the prefix goes after `prefix`)",
        );
        let mut prefix = None;
        if args.peek_word().is_some() {
            self.expect_keyword(&mut args, "prefix", SHAPE)?;
            let pw = self.word(&mut args, "a prefix")?;
            prefix = self.log_prefix(pw);
            prefix.as_ref()?;
        }
        arn?;
        self.done(&args, SHAPE).then(|| {
            Spanned::new(
                AccessLogs {
                    bucket_arn: Spanned::new(w.text.to_string(), w.span),
                    prefix,
                },
                attr.span,
            )
        })
    }

    /// Elastic Load Balancing refuses a prefix that starts or ends with
    /// `/` or contains `AWSLogs` (it writes that part of the key itself).
    fn log_prefix(&mut self, w: Word<'a>) -> Option<Spanned<String>> {
        self.limited_word(&limits::HEALTH_CHECK_PATH, w)?;
        let problem = if w.text.starts_with('/') || w.text.ends_with('/') {
            Some("starts or ends with `/`")
        } else if w.text.contains("AWSLogs") {
            Some("contains `AWSLogs`")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.invalid(
                w.span,
                format!("the access-log prefix `{}` {problem}", w.text),
                "write the folder without slashes around it and without `AWSLogs` (ELB adds `/AWSLogs/<account>/…` itself), e.g. `prefix web`",
            );
            return None;
        }
        Some(Spanned::new(w.text.to_string(), w.span))
    }

    /// `rule <listener-port> <priority> path|host <pattern>, … -> <target-group>`.
    fn listener_rule(&mut self, attr: &Attribute<'a>) -> Option<ListenerRule> {
        const SHAPE: &str =
            "rule <listener-port> <priority> path|host <pattern>, … -> <target-group>";
        let mut args = Args::new(attr);
        let pw = self.word(&mut args, "the listener's port")?;
        let port = self.listener_port(pw);
        let prw = self.word(&mut args, "a priority (1..50000)")?;
        let priority = self.count_in(prw, 1, MAX_PRIORITY);
        let fw = self.word(&mut args, "`path` or `host`")?;
        let field = self.keyword(fw, &[("path", RuleField::Path), ("host", RuleField::Host)]);
        let words = self.words(&mut args, "patterns")?;
        let mut patterns = Vec::with_capacity(words.len());
        let mut ok = true;
        for w in &words {
            match self.rule_pattern(*w, field) {
                Some(p) => patterns.push(p),
                None => ok = false,
            }
        }
        if words.len() > MAX_PATTERNS {
            let span = words[MAX_PATTERNS].span.to(words[words.len() - 1].span);
            self.invalid(
                span,
                format!(
                    "a listener rule's condition takes at most {MAX_PATTERNS} patterns, found {}",
                    words.len()
                ),
                "split the patterns over several rules (each with its own priority)",
            );
            ok = false;
        }
        self.expect_keyword(&mut args, "->", SHAPE)?;
        let tw = self.word(&mut args, "a target group name")?;
        let target = self.reference(tw, Kind::TargetGroup)?;
        let done = self.done(&args, SHAPE);
        Some(ListenerRule {
            port: port?,
            priority: priority?,
            field: Spanned::new(field?, fw.span),
            patterns,
            target,
            span: attr.span,
        })
        .filter(|_| ok && done)
    }

    /// A path pattern starts with `/`; a host pattern has a `.`, as
    /// Elastic Load Balancing requires.
    fn rule_pattern(&mut self, w: Word<'a>, field: Option<RuleField>) -> Option<Spanned<String>> {
        self.limited_word(&limits::LISTENER_RULE_PATTERN, w)?;
        let wrong = match field {
            Some(RuleField::Path) if !w.text.starts_with('/') => Some((
                "a path pattern starts with `/`",
                "write e.g. `/api/*` (`*` matches any characters, `?` one)",
            )),
            Some(RuleField::Host) if !w.text.contains('.') || w.text.starts_with('/') => Some((
                "a host pattern is a host name with at least one `.`",
                "write e.g. `api.example.com` or `*.example.com`",
            )),
            _ => None,
        };
        if let Some((why, help)) = wrong {
            self.invalid(w.span, format!("`{}`: {why}", w.text), help);
            return None;
        }
        Some(Spanned::new(w.text.to_string(), w.span))
    }

    /// `health-check <protocol> [<path>] [port <n>] [healthy <n>]
    /// [unhealthy <n>] [interval <duration>] [timeout <duration>]
    /// [matcher <codes>]`.
    pub(super) fn health_check(&mut self, attr: &Attribute<'a>) -> Option<Spanned<HealthCheck>> {
        const SHAPE: &str = "health-check http|https|tcp [<path>] [port <n>] [healthy <n>] [unhealthy <n>] [interval <duration>] [timeout <duration>] [matcher <codes>]";
        const OPTIONS: [&str; 6] = [
            "port",
            "healthy",
            "unhealthy",
            "interval",
            "timeout",
            "matcher",
        ];
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "a health-check protocol")?;
        let protocol = self.keyword(
            w,
            &[
                ("http", HealthProtocol::Http),
                ("https", HealthProtocol::Https),
                ("tcp", HealthProtocol::Tcp),
            ],
        )?;
        let mut hc = HealthCheck {
            protocol: Spanned::new(protocol, w.span),
            path: None,
            port: None,
            healthy: None,
            unhealthy: None,
            interval: None,
            timeout: None,
            matcher: None,
        };
        if let Some(p) = args.peek_word()
            && !OPTIONS.contains(&p)
        {
            let pw = self.word(&mut args, "a path")?;
            self.typed(pw, pv::http_path, "write a path such as /health")?;
            self.limited_word(&limits::HEALTH_CHECK_PATH, pw)?;
            hc.path = Some(Spanned::new(pw.text.to_string(), pw.span));
        }
        let mut ok = true;
        let mut seen: Vec<&str> = Vec::new();
        while let Some(kw) = args.peek_word() {
            let kww = self.word(&mut args, "an option")?;
            if !OPTIONS.contains(&kw) {
                let mut d = Diagnostic::new(
                    Code::E004,
                    kww.span,
                    format!("unknown health-check option `{kw}`"),
                )
                .with_label("not a health-check option");
                d = match suggest::closest(kw, OPTIONS) {
                    Some(s) => did_you_mean(d, kww.span, s),
                    None => d.with_help(format!("the form is `{SHAPE}`")),
                };
                self.err(d);
                return None;
            }
            if seen.contains(&kw) {
                self.invalid(
                    kww.span,
                    format!("`{kw}` is given twice in one health check"),
                    "keep one",
                );
                return None;
            }
            seen.push(kw);
            if kw == "matcher" {
                ok &= self.matcher(&mut args, &mut hc, kww);
                continue;
            }
            let vw = self.word(&mut args, format_args!("a value after `{kw}`"))?;
            let v = match kw {
                "port" => self.listener_port(vw).map(|p| hc.port = Some(p)),
                "healthy" => self.count_in(vw, 2, 10).map(|n| hc.healthy = Some(n)),
                "unhealthy" => self.count_in(vw, 2, 10).map(|n| hc.unhealthy = Some(n)),
                "interval" => self.duration_in(vw, 5, 300).map(|d| hc.interval = Some(d)),
                _ => self.duration_in(vw, 2, 120).map(|d| hc.timeout = Some(d)),
            };
            ok &= v.is_some();
        }
        // The response must come before the next check starts: ELB refuses
        // a timeout that is not shorter than the interval (30s unless set).
        if let Some(t) = hc.timeout {
            let interval = hc.interval.map_or(30, |i| i.node);
            if t.node >= interval {
                let d = Diagnostic::new(
                    Code::E004,
                    t.span,
                    format!(
                        "a health-check timeout of {}s is not shorter than the interval of {interval}s",
                        t.node
                    ),
                )
                .with_label("must be shorter than the interval")
                .with_help(format!(
                    "write a timeout under {interval}s, or a longer `interval`"
                ));
                let d = match hc.interval {
                    Some(i) => d.with_secondary(i.span, "the interval"),
                    None => d.with_note("the interval is 30s unless `interval` says otherwise"),
                };
                self.err(d);
                ok = false;
            }
        }
        let done = self.done(&args, SHAPE);
        (ok && done).then_some(Spanned::new(hc, attr.span))
    }

    /// `matcher 200`, `matcher 200-299`, `matcher 200, 302`: HTTP checks
    /// only (a tcp check has no status code).
    fn matcher(&mut self, args: &mut Args<'_, 'a>, hc: &mut HealthCheck, kw: Word<'a>) -> bool {
        let Some(words) = self.words(args, "HTTP codes such as `200` or `200-299`") else {
            return false;
        };
        let mut ok = true;
        for w in &words {
            ok &= self
                .typed(
                    w.to_owned(),
                    pv::http_codes,
                    "write a code (`200`) or a range (`200-299`) between 200 and 499",
                )
                .is_some();
        }
        if hc.protocol.node == HealthProtocol::Tcp {
            self.invalid(
                kw.span,
                "a tcp health check has no HTTP status code to match".into(),
                "remove `matcher`, or check over http or https",
            );
            return false;
        }
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return false;
        };
        let codes: Vec<&str> = words.iter().map(|w| w.text).collect();
        hc.matcher = Some(Spanned::new(codes.join(","), first.span.to(last.span)));
        ok
    }

    /// `target-type instance|ip`; an `ip` group's targets are addresses,
    /// which `targets` (instances) cannot name.
    pub(super) fn target_type(
        &mut self,
        a: &Attrs<'_, 'a>,
        targets: Option<&List<InstanceId>>,
    ) -> Result<Option<Spanned<TargetType>>, ()> {
        let t = self.opt_keyword(
            a,
            "target-type",
            &[("instance", TargetType::Instance), ("ip", TargetType::Ip)],
        )?;
        if let (Some(t), Some(targets)) = (t, targets)
            && t.node == TargetType::Ip
            && let Some(span) = targets.span
        {
            let d = Diagnostic::new(
                Code::E004,
                span,
                "a target group of `target-type ip` cannot list instances".to_string(),
            )
            .with_label("instances")
            .with_secondary(t.span, "targets are IP addresses")
            .with_help("use `target-type instance` to register these instances, or register the addresses outside the template");
            self.err(d);
            return Err(());
        }
        Ok(t)
    }
}
