//! `netlint reach FILE FROM TO [PROTO PORT…]`: can traffic get from FROM to
//! TO, on which ports, and if not, what stops it — hop by hop.
//!
//! FROM and TO are names of instances, load balancers or Auto Scaling
//! groups, `internet`, or a CIDR. The verdict is given per requested port
//! range; the path lists every hop with the rule that decided. Exit 0 when
//! every requested range is reachable (replies included), 1 when not, 2 on
//! bad input.

use super::read_input;
use crate::analysis::Analysis;
use crate::analysis::explain::{
    RuleKey, describe_ports, describe_traffic, endpoint_kind_key, omitted_text, return_status_key,
    step_status_key, verdict_key, verdict_text,
};
use crate::analysis::path::{By, Leg, Mode, Step, StepStatus, Traffic, Verdict};
use crate::analysis::reach::{Item, Query, ReachAnswer};
use crate::analysis::set::{self, Interval, PORT};
use crate::diagnostics::line_index::LineIndex;
use crate::diagnostics::render;
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
    /// Where traffic starts: an instance, load balancer or Auto Scaling
    /// group, `internet`, or a CIDR.
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
}

pub fn run(
    args: &ReachArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let name = args.file.display().to_string();
    let bytes = match read_input(&args.file, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {name}: {e}");
            return 2;
        }
    };
    let src = match crate::check::decode(&bytes) {
        Ok(s) => s,
        Err(d) => {
            let _ = err.write_all(render::human(&name, "", &[*d], false).as_bytes());
            return 2;
        }
    };
    let (model, topo) = match crate::check::load(src) {
        Ok(mt) => mt,
        Err(diags) => {
            let _ = err.write_all(render::human(&name, src, &diags, false).as_bytes());
            let _ = writeln!(
                err,
                "error: {name} has errors; fix them before asking about reachability"
            );
            return 2;
        }
    };
    let an = Analysis::new(&model, &topo);
    let items = match parse_traffic(&args.rest) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let from = match an.endpoint(&args.from) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: FROM: {}", an.endpoint_error_text(&e));
            return 2;
        }
    };
    let to = match an.endpoint(&args.to) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: TO: {}", an.endpoint_error_text(&e));
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
    let cx = Out {
        an: &an,
        lines: LineIndex::new(src),
    };
    let text = match args.format {
        ReachFormat::Human => human(&cx, &name, &query, &answer, args.all_blockers),
        ReachFormat::Json => {
            let v = json_report(&cx, &name, &query, &answer);
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    let _ = out.write_all(text.as_bytes());
    if answer.reachable() { 0 } else { 1 }
}

/// Parse `tcp 22 443 8000-8080 udp 53 icmp all`.
fn parse_traffic(rest: &[String]) -> Result<Vec<Item>, String> {
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
    let mut proto: Option<(&str, u128)> = None;
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
        let (from, to) = parse_ports(word)?;
        let (pname, pnum) = proto.unwrap_or(("tcp", set::TCP));
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

fn parse_ports(word: &str) -> Result<(u16, u16), String> {
    let bad = || {
        format!(
            "`{word}` is not a protocol (tcp, udp, icmp, icmpv6, all) or a port (0-65535, or N-M)"
        )
    };
    let (a, b) = match word.split_once('-') {
        Some((a, b)) => (a, b),
        None => (word, word),
    };
    let a: u16 = a.parse().map_err(|_| bad())?;
    let b: u16 = b.parse().map_err(|_| bad())?;
    if a > b {
        return Err(format!("port range `{word}` runs backwards; write {b}-{a}"));
    }
    Ok((a, b))
}

/// What the renderers need: the engine's words and the source for line
/// numbers.
struct Out<'o> {
    an: &'o Analysis<'o>,
    lines: LineIndex<'o>,
}

impl Out<'_> {
    /// The line of the rule that made a decision, for declared rules.
    fn line(&self, st: &Step, by: &By) -> Option<usize> {
        match by {
            By::AclRule { .. }
            | By::AclDefault { .. }
            | By::SgRule { .. }
            | By::SgDefaultEgress { .. }
            | By::Route { .. }
            | By::Listener { .. } => self
                .an
                .by_span(st, by)
                .map(|sp| self.lines.line(sp.start as usize)),
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
        s.push_str(&format!("{}: {}\n", item.label, verdict_text(r.verdict)));
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
                for d in &st.decisions {
                    let mark = if d.allow { "allows" } else { "blocks" };
                    let line = cx
                        .line(st, &d.by)
                        .map(|l| format!(" (line {l})"))
                        .unwrap_or_default();
                    s.push_str(&format!(
                        "          {mark} {}: {}{line}\n",
                        describe_traffic(&d.set),
                        an.by_text(&d.by)
                    ));
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
        assert!(parse_traffic(&["tcp".into(), "70000".into()]).is_err());
        assert!(parse_traffic(&["tcp".into(), "30-20".into()]).is_err());
        assert_eq!(parse_traffic(&["443".into()]).unwrap()[0].label, "tcp 443");
    }
}
