//! `netlint reach FILE FROM TO [PROTO PORT…]`: can traffic get from FROM to
//! TO, on which ports, and if not, what stops it — hop by hop.
//!
//! FROM and TO are names of instances, load balancers, Auto Scaling
//! groups or file systems (their mount targets), `internet` (both families
//! where the path carries IPv6), a CIDR, `service:<name>` (where an AWS
//! service's names lead from the source), a transit gateway's name (the
//! networks behind it), `peer:<peering>` (the peer VPC's addresses) or
//! `subnet:<name>` (any host of a subnet, in no security group). The
//! verdict is given per requested port range (and per family when both were
//! traced); the path lists every hop with the rule that decided. Exit 0 when
//! every requested range is reachable (replies included), 1 when not, 2 on
//! bad input.

use super::{output, print_diagnostics, read_text};
use crate::analysis::Analysis;
use crate::analysis::explain::{
    RuleKey, describe_ports, describe_traffic, endpoint_kind_key, families_text, omitted_text,
    return_status_key, step_status_key, verdict_key, verdict_text,
};
use crate::analysis::path::{By, Fact, Leg, Mode, Step, StepStatus, Traffic, Verdict};
use crate::analysis::reach::{Endpoint, Item, Query, ReachAnswer};
use crate::analysis::set::{self, Interval, PORT};
use crate::diagnostics::line_index::LineIndex;
use crate::render::text::{self, display_name};
use crate::span::Span;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ReachFormat {
    #[default]
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct ReachArgs {
    /// The network file (`-` reads standard input).
    pub file: PathBuf,
    /// Where traffic starts: an instance, load balancer, Auto Scaling
    /// group or file system (its mount targets); `internet` (IPv4, and
    /// IPv6 where the other end has IPv6 and a route for it); a CIDR;
    /// `service:<name>` (`service:s3`: the service's interface endpoint
    /// where its private DNS takes the name, else its public addresses,
    /// through a gateway endpoint's route, NAT or the internet); a transit
    /// gateway's name (the networks behind it); `peer:<peering>` (the peer
    /// VPC's addresses); or `subnet:<name>` (any host of that subnet,
    /// declared or not, in no security group).
    pub from: String,
    /// Where it goes (same kinds as FROM).
    pub to: String,
    /// Protocol and ports, e.g. `tcp 22 443 8000-8080` or `udp 53 icmp`
    /// (default: all traffic).
    #[arg(value_name = "PROTO PORT")]
    pub rest: Vec<String>,
    #[arg(long, value_enum, default_value_t = ReachFormat::Human)]
    pub format: ReachFormat,
    /// List every component that blocks, not only the first (evaluate each
    /// hop as if the ones before it had passed).
    #[arg(long)]
    pub all_blockers: bool,
    /// For a CloudFormation template: FROM and TO are logical IDs (or the
    /// names `netlint import` gives).
    #[command(flatten)]
    pub template: super::template::TemplateArgs,
    /// For a template: netlint.toml's `[cloudformation]` (region,
    /// parameters file, existing network) applies as for `check`, under
    /// the command line's.
    /// Nothing in it changes what a `.net` network reaches: none is read
    /// for one.
    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(
    args: &ReachArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    // Arguments first: a bad one is refused before any file is read.
    let items = match parse_traffic(&args.rest) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let name = display_name(&args.file);
    let source = match read_text(&args.file, stdin, err, false, 2) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let src = source.as_str();
    let mut from_name = args.from.clone();
    let mut to_name = args.to.clone();
    let lowered_text;
    let template_src = src;
    let mut source_map = None;
    let src = if super::template::is_template(&args.file, src) {
        let options = match args.template.options_for(&args.file, &args.config, err) {
            Ok(o) => o,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return 2;
            }
        };
        let (lowered, diags) = crate::template_check::lower(src, &options);
        let errors: Vec<_> = diags
            .into_iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .collect();
        let Some(lowered) = lowered.filter(|_| errors.is_empty()) else {
            print_diagnostics(err, &args.file, src, &errors, false, false);
            let _ = writeln!(
                err,
                "error: {name} has errors; fix them before asking about reachability"
            );
            return 2;
        };
        for n in [&mut from_name, &mut to_name] {
            if let Some(mapped) = lowered.names.get(n.as_str()) {
                *n = mapped.clone();
            }
        }
        let mut text = options.network.unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let offset = text.len() as u32;
        text.push_str(&lowered.text);
        source_map = Some((lowered.map, offset));
        lowered_text = text;
        lowered_text.as_str()
    } else {
        src
    };
    let (model, topo) = match crate::check::load(src) {
        Ok(mt) => mt,
        Err(diags) => {
            // A template's errors are shown in the template, not in the
            // `.net` text it was read as.
            match &source_map {
                Some((map, offset)) => {
                    // An existing network (`--network`, or netlint.toml's)
                    // is the text before the template's.
                    let net =
                        (*offset > 0).then(|| crate::diagnostics::line_index::LineIndex::new(src));
                    let diags: Vec<_> = diags
                        .into_iter()
                        .map(|d| crate::template_check::remap(d, map, *offset, net.as_ref()))
                        .collect();
                    print_diagnostics(err, &args.file, template_src, &diags, false, false);
                }
                None => print_diagnostics(err, &args.file, src, &diags, false, false),
            }
            let _ = writeln!(
                err,
                "error: {name} has errors; fix them before asking about reachability"
            );
            return 2;
        }
    };
    let an = Analysis::new(&model, &topo);
    let (from, to) = match endpoints(&an, &from_name, &to_name) {
        Ok(ends) => ends,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return 2;
        }
    };
    let mode = if args.all_blockers {
        Mode::AllBlockers
    } else {
        Mode::Normal
    };
    let query = Query {
        from: &from,
        to: &to,
        items: &items,
        mode,
    };
    let answer = match an.reach(&query) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "error: {}", an.query_error_text(&e));
            return 2;
        }
    };
    // For a template, line numbers are the template's.
    let cx = Out {
        an: &an,
        lines: LineIndex::new(if source_map.is_some() {
            template_src
        } else {
            src
        }),
        remap: source_map.as_ref().map(|(m, o)| (m, *o)),
        network: source_map
            .as_ref()
            .filter(|(_, o)| *o > 0)
            .map(|(_, o)| LineIndex::new(&src[..*o as usize])),
    };
    let written = match args.format {
        ReachFormat::Human => {
            let text = human(&cx, &name, &query, &answer, args.all_blockers);
            output::write_all(out, text::escape_lines(&text).as_bytes())
        }
        ReachFormat::Json => {
            let v = json_report(&cx, &name, &query, &answer);
            let mut buf = Vec::new();
            let _ = text::write_json(&mut buf, &v);
            buf.push(b'\n');
            output::write_all(out, &buf)
        }
    };
    if let Err(e) = written {
        return output::write_failed(err, "the answer", &e);
    }
    if answer.reachable() { 0 } else { 1 }
}

/// FROM and TO resolved, or what is wrong with one (shared with `graph
/// --reach`).
pub(super) fn endpoints(
    an: &Analysis<'_>,
    from: &str,
    to: &str,
) -> Result<(Endpoint, Endpoint), String> {
    let from = an
        .endpoint(from)
        .map_err(|e| format!("FROM: {}", an.endpoint_error_text(&e)))?;
    let to = an
        .endpoint(to)
        .map_err(|e| format!("TO: {}", an.endpoint_error_text(&e)))?;
    Ok((from, to))
}

/// Parse `tcp 22 443 8000-8080 udp 53 icmp 8 all`: protocols, each
/// followed by its ports (tcp, udp: 0-65535) or ICMP types (icmp, icmpv6:
/// 0-255). Every impossible word is refused with what was wrong with it.
pub(super) fn parse_traffic(rest: &[String]) -> Result<Vec<Item>, String> {
    let all = || Item {
        label: "all traffic".into(),
        traffic: Traffic {
            parts: vec![
                (Interval::point(set::TCP), Interval::new(0, 65535)),
                (Interval::point(set::UDP), Interval::new(0, 65535)),
                (Interval::point(set::ICMP), Interval::new(0, 65535)),
            ],
        },
    };
    if rest.is_empty() {
        return Ok(vec![all()]);
    }
    let mut items = Vec::new();
    // The protocol the next numbers belong to; `None` after `all`.
    let mut proto: Option<(&str, u128)> = Some(("tcp", set::TCP));
    let mut pending: Option<(&str, u128)> = None;
    for word in rest {
        let w = word.to_ascii_lowercase();
        let p = match w.as_str() {
            "tcp" => Some(("tcp", set::TCP)),
            "udp" => Some(("udp", set::UDP)),
            "icmp" => Some(("icmp", set::ICMP)),
            "icmpv6" => Some(("icmpv6", set::ICMPV6)),
            "all" => {
                if let Some((n, p)) = pending.take() {
                    items.push(proto_only(n, p));
                }
                items.push(all());
                proto = None;
                continue;
            }
            _ => None,
        };
        if let Some(p) = p {
            if let Some((n, pp)) = pending.take() {
                items.push(proto_only(n, pp));
            }
            proto = Some(p);
            pending = Some(p);
            continue;
        }
        let Some((pname, pnum)) = proto else {
            return Err(format!(
                "`{}` follows `all`, which already covers every port; name its protocol first (e.g. `tcp {}`)",
                shown(word),
                shown(word)
            ));
        };
        let icmp = pnum == set::ICMP || pnum == set::ICMPV6;
        let (from, to) = parse_ports(word, pname, icmp, pending.is_some())?;
        pending = None;
        let label = if from == to {
            format!("{pname} {from}")
        } else {
            format!("{pname} {from}-{to}")
        };
        items.push(Item {
            label,
            traffic: Traffic {
                parts: vec![(Interval::point(pnum), Interval::new(from.into(), to.into()))],
            },
        });
    }
    if let Some((n, p)) = pending {
        items.push(proto_only(n, p));
    }
    Ok(items)
}

fn proto_only(name: &str, p: u128) -> Item {
    Item {
        label: if p == set::TCP || p == set::UDP {
            format!("{name} 0-65535")
        } else {
            name.to_string()
        },
        traffic: Traffic {
            parts: vec![(Interval::point(p), Interval::new(0, 65535))],
        },
    }
}

/// A word as quoted in an error: escaped, and cut if long.
fn shown(word: &str) -> String {
    text::for_person(word).into_owned()
}

/// One port (`22`), range (`8000-8080`), ICMP type (`8`) or range of types.
/// `after_protocol` says whether a protocol was named: a word that is no
/// number then reads as a misspelt protocol.
fn parse_ports(
    word: &str,
    proto: &str,
    icmp: bool,
    after_protocol: bool,
) -> Result<(u16, u16), String> {
    let (what, max) = if icmp {
        ("ICMP type", 255u32)
    } else {
        ("port", 65535u32)
    };
    if word.is_empty() {
        return Err(format!(
            "an empty argument where a protocol (tcp, udp, icmp, icmpv6, all) or a {what} was expected"
        ));
    }
    let (a, b) = match word.split_once('-') {
        Some((a, b)) => (a, b),
        None => (word, word),
    };
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.len() <= 20 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(lo), Some(hi)) = (number(a), number(b)) else {
        let looks_numeric = word.bytes().any(|c| c.is_ascii_digit());
        return Err(if looks_numeric || after_protocol {
            format!(
                "`{}` is not a {what} for {proto}: write a number 0-{max} or a range N-M",
                shown(word)
            )
        } else {
            format!(
                "`{}` is not a protocol (tcp, udp, icmp, icmpv6, all) or a {what} (0-{max}, or N-M)",
                shown(word)
            )
        });
    };
    for n in [lo, hi] {
        if n > u64::from(max) {
            return Err(if icmp {
                format!("{what} {n} is out of range: {proto} types are 0-{max}")
            } else {
                format!("{what} {n} is out of range: ports are 0-{max}")
            });
        }
    }
    if lo > hi {
        return Err(format!(
            "{what} range `{}` runs backwards; write {hi}-{lo}",
            shown(word)
        ));
    }
    Ok((lo as u16, hi as u16))
}

/// What the renderers need: the engine's words and the source for line
/// numbers.
struct Out<'o> {
    an: &'o Analysis<'o>,
    lines: LineIndex<'o>,
    /// A template's source map and where the lowered text starts.
    remap: Option<(&'o crate::lower::SourceMap, u32)>,
    /// The lines of the existing network (`--network`) before the
    /// lowered text, for a template that deploys into one.
    network: Option<LineIndex<'o>>,
}

impl Out<'_> {
    /// The line of the rule that made a decision, for declared rules.
    fn line(&self, st: &Step, by: &By) -> Option<usize> {
        let sp = self.decided_at(st, by)?;
        match self.remap {
            None => Some(sp),
            Some((map, offset)) => sp
                .start
                .checked_sub(offset)
                .and_then(|start| map.lookup(Span::new(start, sp.end - offset))),
        }
        .map(|sp| self.lines.line(sp.start as usize))
    }

    /// For a template, the line in the existing network (`--network`) of
    /// a decision made there (its gateway, its route tables).
    fn network_line(&self, st: &Step, by: &By) -> Option<usize> {
        let (_, offset) = self.remap?;
        let net = self.network.as_ref()?;
        let sp = self.decided_at(st, by)?;
        (sp.start < offset).then(|| net.line(sp.start as usize))
    }

    /// Where the rule that made a decision is written, for declared rules
    /// and, in a template (where the gateway is a resource of its own, or
    /// in the existing network), the internet gateway a path enters or
    /// leaves by.
    fn decided_at(&self, st: &Step, by: &By) -> Option<Span> {
        match by {
            By::AclRule { .. }
            | By::AclDefault { .. }
            | By::SgRule { .. }
            | By::SgDefaultEgress { .. }
            | By::Route { .. }
            | By::PrefixListRoute { .. }
            | By::Listener { .. } => self.an.by_span(st, by),
            By::Fact(Fact::IgwAttached { .. } | Fact::IgwEntry { .. }) if self.remap.is_some() => {
                self.an.by_span(st, by)
            }
            _ => None,
        }
    }
}

fn human(
    cx: &Out<'_>,
    file: &str,
    q: &Query<'_>,
    answer: &ReachAnswer,
    all_blockers: bool,
) -> String {
    let an = cx.an;
    let (from, to) = (q.from, q.to);
    let mut s = String::new();
    s.push_str(&format!(
        "{file}: from {} ({}) to {} ({})\n",
        from.word,
        endpoint_kind_key(from.kind),
        to.word,
        endpoint_kind_key(to.kind)
    ));
    for (item, r) in q.items.iter().zip(&answer.items) {
        s.push('\n');
        s.push_str(&format!(
            "{}: {}{}\n",
            item.label,
            verdict_text(r.verdict),
            families_text(&r.families)
        ));
        if r.legs.is_empty() && r.omitted.total() == 0 {
            s.push_str("  no path: both ends are outside the network\n");
        }
        for leg in &r.legs {
            let lv = leg.verdict();
            let detail = match lv {
                Verdict::Partial => an.partial_detail(leg),
                _ => verdict_text(lv).to_string(),
            };
            s.push_str(&format!(
                "  from {} to {}: {}\n",
                an.place_text(&leg.from),
                an.place_text(&leg.to),
                detail
            ));
            if let Some(b) = leg.first_blocker() {
                s.push_str(&format!("    first blocker: {}\n", an.blocker_sentence(b)));
            }
            let mut n = 0;
            let mut stopped = false;
            for (i, st) in leg.forward.iter().chain(&leg.replies).enumerate() {
                if i == leg.forward.len() && !leg.replies.is_empty() && !stopped {
                    let ports = describe_ports_of_replies(&leg.replies);
                    s.push_str(&format!(
                        "    replies ({}, to ports {ports}):\n",
                        return_status_key(leg.return_status())
                    ));
                }
                if stopped {
                    continue;
                }
                let status = st.status();
                if status == StepStatus::Idle && !all_blockers {
                    s.push_str(
                        "    (nothing reaches the next hops; --all-blockers evaluates them anyway)\n",
                    );
                    stopped = true;
                    continue;
                }
                n += 1;
                s.push_str(&format!(
                    "    {n:>2}. {:<7} {}\n",
                    step_status_key(status),
                    an.hop_text(&st.hop)
                ));
                // One route to a prefix list decides once per block of the
                // list: the same words, said once.
                let mut said: Vec<String> = Vec::with_capacity(st.decisions.len());
                for d in &st.decisions {
                    let mark = if d.allow { "allows" } else { "blocks" };
                    let line = match (cx.line(st, &d.by), cx.network_line(st, &d.by)) {
                        (Some(l), _) => format!(" (line {l})"),
                        (None, Some(l)) => format!(" (`--network` line {l})"),
                        (None, None) => String::new(),
                    };
                    let text = format!(
                        "          {mark} {}: {}{line}\n",
                        describe_traffic(&d.set),
                        an.by_text(&d.by)
                    );
                    if !said.contains(&text) {
                        s.push_str(&text);
                        said.push(text);
                    }
                }
            }
            if all_blockers {
                let blockers: Vec<&Step> = leg.blockers().collect();
                if blockers.len() > 1 {
                    s.push_str("    all blockers:\n");
                    for b in blockers {
                        s.push_str(&format!("      - {}\n", an.blocker_sentence(b)));
                    }
                }
            }
        }
        if r.omitted.total() > 0 {
            s.push_str(&format!("  {}\n", omitted_text(&r.omitted)));
            if r.legs.is_empty()
                && let Some(b) = &r.first_blocker
            {
                s.push_str(&format!("    first blocker: {}\n", an.blocker_sentence(b)));
            }
        }
        let mut last = None;
        for b in &r.backend {
            let head = (b.listener, b.target_group, b.port);
            if last != Some(head) {
                s.push_str(&format!(
                    "  then {} forwards {} to target group {} on tcp {}:\n",
                    to.word,
                    an.listener_text(b.lb, b.listener),
                    an.model[b.target_group].decl.name,
                    b.port
                ));
                last = Some(head);
            }
            let (bfrom, bto) = an.backend_ends(b);
            let v = verdict_text(b.verdict());
            match an.backend_blocker(b) {
                Some(why) => s.push_str(&format!("    from {bfrom} to {bto}: {v}: {why}\n")),
                None => s.push_str(&format!("    from {bfrom} to {bto}: {v}\n")),
            }
        }
    }
    s
}

fn describe_ports_of_replies(replies: &[Step]) -> String {
    let mut ports: Vec<Interval> = Vec::new();
    for r in replies {
        ports.extend(r.input.project(PORT));
    }
    set::merge_intervals(&mut ports);
    describe_ports(&ports)
}

fn family_key(ipv6: bool) -> &'static str {
    if ipv6 { "ipv6" } else { "ipv4" }
}

fn json_report(cx: &Out<'_>, file: &str, q: &Query<'_>, answer: &ReachAnswer) -> Value {
    let an = cx.an;
    let items: Vec<Value> = q
        .items
        .iter()
        .zip(&answer.items)
        .map(|(item, r)| {
            let mut o = json!({
                "traffic": item.label,
                "verdict": verdict_key(r.verdict),
                "first_blocker": r.first_blocker.as_ref().map(|b| an.blocker_sentence(b)),
                "paths": r.legs.iter().map(|l| json_leg(cx, l)).collect::<Vec<_>>(),
            });
            if let Some(obj) = o.as_object_mut() {
                if !r.families.is_empty() {
                    let fams: serde_json::Map<String, Value> = r
                        .families
                        .iter()
                        .map(|f| (family_key(f.ipv6).into(), verdict_key(f.verdict).into()))
                        .collect();
                    obj.insert("families".into(), Value::Object(fams));
                }
                if r.omitted.total() > 0 {
                    obj.insert(
                        "omitted_paths".into(),
                        json!({
                            "reachable": r.omitted.reachable,
                            "partial": r.omitted.partial,
                            "blocked": r.omitted.blocked,
                        }),
                    );
                }
                if q.to.lb.is_some() {
                    let fwd: Vec<Value> = r
                        .backend
                        .iter()
                        .map(|b| {
                            let (bfrom, bto) = an.backend_ends(b);
                            json!({
                                "listener": an.listener_text(b.lb, b.listener),
                                "target_group": an.model[b.target_group].decl.name,
                                "port": b.port,
                                "from": bfrom,
                                "to": bto,
                                "verdict": verdict_key(b.verdict()),
                                "first_blocker": an.backend_blocker(b),
                            })
                        })
                        .collect();
                    obj.insert("forwarded".into(), Value::Array(fwd));
                }
            }
            o
        })
        .collect();
    json!({
        "file": file,
        "from": {"name": q.from.word, "kind": endpoint_kind_key(q.from.kind)},
        "to": {"name": q.to.word, "kind": endpoint_kind_key(q.to.kind)},
        "reachable": answer.reachable(),
        "results": items,
    })
}

fn json_leg(cx: &Out<'_>, leg: &Leg) -> Value {
    let an = cx.an;
    let lv = leg.verdict();
    let steps = |v: &[Step]| -> Vec<Value> { v.iter().map(|s| json_step(cx, s)).collect() };
    json!({
        "from": an.place_text(&leg.from),
        "to": an.place_text(&leg.to),
        "verdict": verdict_key(lv),
        "reaches": if lv == Verdict::Partial { Value::String(an.partial_detail(leg)) } else { Value::Null },
        "return": return_status_key(leg.return_status()),
        "first_blocker": leg.first_blocker().map(|b| json!({
            "component": an.hop_kind(&b.hop),
            "hop": an.hop_text(&b.hop),
            "reply": b.reply,
            "traffic": describe_traffic(&b.blocked()),
            "message": an.blocker_sentence(b),
        })),
        "hops": steps(&leg.forward),
        "replies": steps(&leg.replies),
    })
}

fn json_step(cx: &Out<'_>, s: &Step) -> Value {
    let an = cx.an;
    let decisions: Vec<Value> = s
        .decisions
        .iter()
        .map(|d| {
            let mut o = json!({
                "action": if d.allow { "allow" } else { "block" },
                "traffic": describe_traffic(&d.set),
                "reason": an.by_text(&d.by),
            });
            if let Some(obj) = o.as_object_mut() {
                match an.by_rule_key(&d.by) {
                    Some(RuleKey::Number(n)) => {
                        obj.insert("rule".into(), Value::from(n));
                    }
                    Some(RuleKey::Text(t)) => {
                        obj.insert("rule".into(), Value::from(t));
                    }
                    None => {}
                }
                if let Some(l) = cx.line(s, &d.by) {
                    obj.insert("line".into(), Value::from(l));
                } else if let Some(l) = cx.network_line(s, &d.by) {
                    obj.insert("network_line".into(), Value::from(l));
                }
            }
            o
        })
        .collect();
    let (names, direction) = an.hop_names(&s.hop);
    json!({
        "component": an.hop_kind(&s.hop),
        "names": names,
        "direction": direction,
        "hop": an.hop_text(&s.hop),
        "status": step_status_key(s.status()),
        "decisions": decisions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traffic_words() {
        let items = parse_traffic(&[
            "tcp".into(),
            "22".into(),
            "8000-8080".into(),
            "udp".into(),
            "icmp".into(),
        ])
        .unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["tcp 22", "tcp 8000-8080", "udp 0-65535", "icmp"]);
        assert_eq!(parse_traffic(&["443".into()]).unwrap()[0].label, "tcp 443");
        let icmp = parse_traffic(&["icmp".into(), "8".into(), "0-255".into()]).unwrap();
        let labels: Vec<&str> = icmp.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["icmp 8", "icmp 0-255"]);
    }

    fn refused(words: &[&str]) -> String {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        match parse_traffic(&words) {
            Ok(_) => panic!("{words:?} accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn impossible_traffic_is_refused_precisely() {
        assert_eq!(
            refused(&["icmp", "300"]),
            "ICMP type 300 is out of range: icmp types are 0-255"
        );
        assert_eq!(
            refused(&["icmpv6", "0-256"]),
            "ICMP type 256 is out of range: icmpv6 types are 0-255"
        );
        assert_eq!(
            refused(&["tcp", "70000"]),
            "port 70000 is out of range: ports are 0-65535"
        );
        assert_eq!(
            refused(&["udp", "99999999999999999999999"]),
            "`99999999999999999999999` is not a port for udp: write a number 0-65535 or a range N-M"
        );
        assert_eq!(
            refused(&["tcp", "30-20"]),
            "port range `30-20` runs backwards; write 20-30"
        );
        assert_eq!(
            refused(&["sctp"]),
            "`sctp` is not a protocol (tcp, udp, icmp, icmpv6, all) or a port (0-65535, or N-M)"
        );
        assert_eq!(
            refused(&["tcp", "ssh"]),
            "`ssh` is not a port for tcp: write a number 0-65535 or a range N-M"
        );
        assert!(refused(&["tcp", ""]).starts_with("an empty argument"));
        assert!(refused(&["tcp", "-5"]).contains("`-5` is not a port"));
        assert!(refused(&["tcp", "22-"]).contains("`22-` is not a port"));
        assert!(refused(&["all", "22"]).contains("follows `all`"));
        assert!(refused(&["tcp", "\u{1b}[2J"]).contains("\\u{1b}[2J"));
    }
}
