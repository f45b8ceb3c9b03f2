//! `netlint reach FILE FROM TO [PROTO PORT…]`: can traffic get from FROM to
//! TO, on which ports, and if not, what stops it — hop by hop.
//!
//! FROM and TO are names of instances, load balancers or Auto Scaling
//! groups, `internet`, or a CIDR. The verdict is given per requested port
//! range; the path lists every hop with the rule that decided. Exit 0 when
//! every requested range is reachable (replies included), 1 when not, 2 on
//! bad input.

use super::{output, print_diagnostics, read_input};
use crate::analysis::Analysis;
use crate::analysis::classes::Member;
use crate::analysis::classes::{Class, ClassKind};
use crate::analysis::explain::describe_traffic;
use crate::analysis::path::{AddrSet, By, Leg, Mode, Place, Step, Traffic};
use crate::analysis::set::{self, FlowBox, FlowSet, Interval, PORT, V4, V6};
use crate::model::{LbId, LbProtocol, LbType, ListenerAction, Model, SubnetId, ids};
use crate::render::text::{self, display_name};
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

/// One requested protocol/port range.
struct Item {
    label: String,
    traffic: Traffic,
}

/// A resolved FROM or TO.
struct Endpoint {
    word: String,
    kind: &'static str,
    places: Vec<Place>,
    /// The load balancer, when the endpoint is one.
    lb: Option<LbId>,
}

/// The answer for one requested range.
struct ItemResult<'i> {
    item: &'i Item,
    legs: Vec<Leg>,
    /// When TO is a load balancer: where it forwards this traffic.
    backend: Vec<Backend>,
}

/// One (node, target) pair behind a load balancer's listener.
struct Backend {
    listener: String,
    target_group: String,
    port: u16,
    from: String,
    to: String,
    verdict: Verdict,
    blocker: Option<String>,
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
            let lossy = String::from_utf8_lossy(&bytes);
            print_diagnostics(err, &args.file, &lossy, &[*d], false, false);
            return 2;
        }
    };
    let (model, topo) = match crate::check::load(src) {
        Ok(mt) => mt,
        Err(diags) => {
            print_diagnostics(err, &args.file, src, &diags, false, false);
            let _ = writeln!(
                err,
                "error: {name} has errors; fix them before asking about reachability"
            );
            return 2;
        }
    };
    let an = Analysis::new(&model, &topo);
    let from = match resolve_endpoint(&an, &args.from) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: FROM: {e}");
            return 2;
        }
    };
    let to = match resolve_endpoint(&an, &args.to) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: TO: {e}");
            return 2;
        }
    };
    let from_inside = from.places.iter().any(|p| !matches!(p, Place::Outside(_)));
    let to_inside = to.places.iter().any(|p| !matches!(p, Place::Outside(_)));
    if !from_inside && !to_inside {
        let _ = writeln!(
            err,
            "error: neither `{}` nor `{}` is inside the network: name an instance, load balancer or Auto Scaling group, or a CIDR inside a VPC",
            from.word, to.word
        );
        return 2;
    }
    let mode = if args.all_blockers {
        Mode::AllBlockers
    } else {
        Mode::Normal
    };
    let mut results = Vec::new();
    for item in &items {
        let mut legs = Vec::new();
        for f in &from.places {
            for t in &to.places {
                legs.extend(an.trace(f, t, &item.traffic, mode));
            }
        }
        let backend = match to.lb {
            Some(lb) if legs.iter().any(|l| !l.answered.is_empty()) => backend(&an, lb, item),
            _ => Vec::new(),
        };
        results.push(ItemResult {
            item,
            legs,
            backend,
        });
    }
    let all_reachable = results
        .iter()
        .all(|r| verdict(&r.legs) == Verdict::Reachable);
    let cx = Out { an: &an, src };
    let written = match args.format {
        ReachFormat::Human => {
            let text = human(&cx, &name, &from, &to, &results, args.all_blockers);
            output::write_all(out, text::escape_lines(&text).as_bytes())
        }
        ReachFormat::Json => {
            let v = json_report(&cx, &name, &from, &to, &results);
            let mut buf = Vec::new();
            let _ = text::write_json(&mut buf, &v);
            buf.push(b'\n');
            output::write_all(out, &buf)
        }
    };
    if let Err(e) = written {
        return output::write_failed(err, "the answer", &e);
    }
    if all_reachable { 0 } else { 1 }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Reachable,
    Partial,
    Blocked,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Reachable => "reachable",
            Verdict::Partial => "partially reachable",
            Verdict::Blocked => "blocked",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Verdict::Reachable => "reachable",
            Verdict::Partial => "partial",
            Verdict::Blocked => "blocked",
        }
    }
}

/// Reachable: everything arrives and every reply returns. Blocked: no
/// connection completes. Partial: some do (some sources, ports, or only
/// clients whose ephemeral ports the ACLs let back).
fn leg_verdict(leg: &Leg) -> Verdict {
    if leg.answered.is_empty() {
        Verdict::Blocked
    } else if leg.requested.is_subset(&leg.delivered) {
        Verdict::Reachable
    } else {
        Verdict::Partial
    }
}

fn verdict(legs: &[Leg]) -> Verdict {
    if legs.is_empty() {
        return Verdict::Blocked;
    }
    let vs: Vec<Verdict> = legs.iter().map(leg_verdict).collect();
    if vs.iter().all(|v| *v == Verdict::Reachable) {
        Verdict::Reachable
    } else if vs.iter().all(|v| *v == Verdict::Blocked) {
        Verdict::Blocked
    } else {
        Verdict::Partial
    }
}

/// Whether replies of what arrived come back: "full", "partial", "none".
fn return_status(leg: &Leg) -> &'static str {
    if leg.reached.is_empty() {
        "not reached"
    } else if leg.reached.is_subset(&leg.delivered) {
        "full"
    } else if leg.answered.is_empty() {
        "none"
    } else {
        "partial"
    }
}

fn step_status(s: &Step) -> &'static str {
    if s.input.is_empty() {
        "-"
    } else if s.input.is_subset(&s.passed) {
        "pass"
    } else if s.passed.is_empty() {
        "block"
    } else {
        "partial"
    }
}

/// Parse `tcp 22 443 8000-8080 udp 53 icmp 8 all`: protocols, each
/// followed by its ports (tcp, udp: 0-65535) or ICMP types (icmp, icmpv6:
/// 0-255). Every impossible word is refused with what was wrong with it.
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

/// Turn FROM/TO into places.
fn resolve_endpoint(an: &Analysis<'_>, word: &str) -> Result<Endpoint, String> {
    let m = an.model;
    if word == "internet" {
        return Ok(Endpoint {
            word: word.into(),
            kind: "internet",
            places: vec![Place::Outside(an.internet().clone())],
            lb: None,
        });
    }
    if word.contains('/') || word.parse::<std::net::IpAddr>().is_ok() {
        let net: ipnet::IpNet = match word.parse::<ipnet::IpNet>() {
            Ok(n) => n.trunc(),
            Err(_) => match word.parse::<std::net::IpAddr>() {
                Ok(a) => ipnet::IpNet::from(a),
                Err(_) => return Err(format!("`{word}` is not a valid CIDR")),
            },
        };
        return Ok(Endpoint {
            word: word.into(),
            kind: "cidr",
            places: cidr_places(an, &net),
            lb: None,
        });
    }
    let c = an.classes();
    let class_places = |ids: &[usize]| ids.iter().map(|i| Place::Class(*i)).collect::<Vec<_>>();
    if let Some((id, _)) = ids(&m.instances).find(|(_, x)| x.decl.name == word) {
        return Ok(Endpoint {
            word: word.into(),
            kind: "instance",
            places: class_places(&[c.of_instance[id.index()]]),
            lb: None,
        });
    }
    if let Some((id, _)) = ids(&m.load_balancers).find(|(_, x)| x.decl.name == word) {
        return Ok(Endpoint {
            word: word.into(),
            kind: "load-balancer",
            places: class_places(&c.of_lb[id.index()]),
            lb: Some(id),
        });
    }
    if let Some((id, _)) = ids(&m.auto_scaling_groups).find(|(_, x)| x.decl.name == word) {
        return Ok(Endpoint {
            word: word.into(),
            kind: "auto-scaling-group",
            places: class_places(&c.of_asg[id.index()]),
            lb: None,
        });
    }
    if let Some(rid) = m.order.iter().find(|r| m.decl(**r).name == word) {
        let kind = kind_word(*rid);
        let hint = match rid {
            crate::model::ResourceId::Subnet(s) => {
                format!(
                    "; to ask about its addresses, use its CIDR {}",
                    m[*s].cidr.node
                )
            }
            crate::model::ResourceId::LaunchTemplate(_) => {
                "; name the auto-scaling-group that uses it".into()
            }
            crate::model::ResourceId::TargetGroup(_) => {
                "; name the load balancer or the targets".into()
            }
            _ => String::new(),
        };
        return Err(format!(
            "`{word}` is a {kind}, not an endpoint: use an instance, load balancer, auto-scaling-group, `internet` or a CIDR{hint}"
        ));
    }
    let candidates = std::iter::once("internet")
        .chain(m.instances.iter().map(|x| x.decl.name.as_str()))
        .chain(m.load_balancers.iter().map(|x| x.decl.name.as_str()))
        .chain(m.auto_scaling_groups.iter().map(|x| x.decl.name.as_str()));
    match crate::suggest::closest(word, candidates) {
        Some(s) => Err(format!("no endpoint named `{word}`; did you mean `{s}`?")),
        None => Err(format!(
            "no endpoint named `{word}`: use an instance, load balancer or auto-scaling-group name, `internet` or a CIDR"
        )),
    }
}

fn kind_word(r: crate::model::ResourceId) -> &'static str {
    use crate::model::ResourceId::*;
    match r {
        Vpc(_) => "vpc",
        InternetGateway(_) => "internet-gateway",
        Subnet(_) => "subnet",
        RouteTable(_) => "route-table",
        Eip(_) => "eip",
        NatGateway(_) => "nat-gateway",
        SecurityGroup(_) => "security-group",
        NetworkAcl(_) => "network-acl",
        Instance(_) => "instance",
        Volume(_) => "volume",
        LoadBalancer(_) => "load-balancer",
        TargetGroup(_) => "target-group",
        LaunchTemplate(_) => "launch-template",
        AutoScalingGroup(_) => "auto-scaling-group",
    }
}

/// A CIDR: its part outside every VPC is reached through internet
/// gateways; its parts inside subnets are hosts without security groups.
fn cidr_places(an: &Analysis<'_>, net: &ipnet::IpNet) -> Vec<Place> {
    let m = an.model;
    let (fam, iv) = set::cidr(net);
    let whole = FlowSet::from(FlowBox::family(fam).with(set::SRC, iv));
    let mut outside = whole.clone();
    for v in &m.vpcs {
        let (vf, viv) = set::cidr(&v.cidr.node);
        outside = outside.subtract_box(&FlowBox::family(vf).with(set::SRC, viv));
    }
    let mut places = Vec::new();
    if !outside.is_empty() {
        places.push(Place::Outside(AddrSet::new(fam, outside.project(set::SRC))));
    }
    if fam == V4 {
        for (sid, s) in ids(&m.subnets) {
            let (_, siv) = set::cidr(&s.cidr.node);
            if let Some(part) = siv.intersect(iv) {
                places.push(Place::Adhoc(Box::new(adhoc(m, sid, part))));
            }
        }
    }
    let _ = V6;
    places
}

fn adhoc(m: &Model, subnet: SubnetId, addrs: Interval) -> Class {
    Class {
        subnet,
        vpc: m[subnet].vpc.node,
        sgs: Vec::new(),
        public: false,
        kind: ClassKind::Anonymous,
        members: Vec::new(),
        addrs,
    }
}

/// What the renderers need: the engine's words and the source for line
/// numbers.
struct Out<'o> {
    an: &'o Analysis<'o>,
    src: &'o str,
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
            | By::Listener { .. } => self.an.by_span(st, by).map(|sp| {
                let at = (sp.start as usize).min(self.src.len());
                self.src[..at].matches('\n').count() + 1
            }),
            _ => None,
        }
    }
}

fn human(
    cx: &Out<'_>,
    file: &str,
    from: &Endpoint,
    to: &Endpoint,
    results: &[ItemResult<'_>],
    all_blockers: bool,
) -> String {
    let an = cx.an;
    let mut s = String::new();
    s.push_str(&format!(
        "{file}: from {} ({}) to {} ({})\n",
        from.word, from.kind, to.word, to.kind
    ));
    for r in results {
        let (item, legs) = (r.item, &r.legs);
        let v = verdict(legs);
        s.push('\n');
        s.push_str(&format!("{}: {}\n", item.label, v.as_str()));
        if legs.is_empty() {
            s.push_str("  no path: both ends are outside the network\n");
        }
        for leg in legs {
            let lv = leg_verdict(leg);
            let detail = match lv {
                Verdict::Partial => partial_detail(an, leg),
                _ => lv.as_str().to_string(),
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
                        return_status(leg)
                    ));
                }
                if stopped {
                    continue;
                }
                let status = step_status(st);
                if status == "-" && !all_blockers {
                    s.push_str(
                        "    (nothing reaches the next hops; --all-blockers evaluates them anyway)\n",
                    );
                    stopped = true;
                    continue;
                }
                n += 1;
                s.push_str(&format!(
                    "    {n:>2}. {:<7} {}\n",
                    status,
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
        let mut last = None;
        for b in &r.backend {
            let head = (&b.listener, &b.target_group, b.port);
            if last != Some(head) {
                s.push_str(&format!(
                    "  then {} forwards {} to target group {} on tcp {}:\n",
                    to.word, b.listener, b.target_group, b.port
                ));
                last = Some(head);
            }
            match &b.blocker {
                Some(why) => s.push_str(&format!(
                    "    from {} to {}: {}: {why}\n",
                    b.from,
                    b.to,
                    b.verdict.as_str()
                )),
                None => s.push_str(&format!(
                    "    from {} to {}: {}\n",
                    b.from,
                    b.to,
                    b.verdict.as_str()
                )),
            }
        }
    }
    s
}

/// Where a load balancer forwards the requested traffic: every listener
/// that accepts it, its target group, and each (node, target) pair on the
/// target port — the health-check path. An application LB sends from every
/// node; a network LB from the nodes in the target's zone.
fn backend(an: &Analysis<'_>, lb: LbId, item: &Item) -> Vec<Backend> {
    let m = an.model;
    let classes = an.classes();
    let l = &m[lb];
    let nodes = &classes.of_lb[lb.index()];
    let mut out = Vec::new();
    for li in &l.listeners {
        let ListenerAction::Forward(tg) = &li.action else {
            continue;
        };
        let protos: &[u128] = match li.protocol.node {
            LbProtocol::Udp => &[set::UDP],
            LbProtocol::TcpUdp => &[set::TCP, set::UDP],
            _ => &[set::TCP],
        };
        let port = u128::from(li.port.node);
        let accepts = item.traffic.parts.iter().any(|(p, ports)| {
            protos.iter().any(|x| p.lo <= *x && *x <= p.hi) && ports.lo <= port && port <= ports.hi
        });
        if !accepts {
            continue;
        }
        let tg = tg.node;
        let tport = m[tg].port.node;
        let traffic = Traffic::tcp(&[tport]);
        let listener = format!("{} {}", li.protocol.node, li.port.node);
        let mut members: Vec<Member> = m[tg].targets.ids().map(Member::Instance).collect();
        members.extend(an.topo.tg_asgs[tg.index()].iter().map(|a| Member::Asg(*a)));
        for member in members {
            for &c in classes.of_member(member) {
                let target = classes.get(c);
                let zone = &m[target.subnet].zone.node;
                let usable: Vec<usize> = nodes
                    .iter()
                    .copied()
                    .filter(|n| {
                        l.lb_type.node == LbType::Application
                            || m[classes.get(*n).subnet].zone.node.same_as(zone)
                    })
                    .collect();
                if usable.is_empty() {
                    out.push(Backend {
                        listener: listener.clone(),
                        target_group: m[tg].decl.name.clone(),
                        port: tport,
                        from: format!("the nodes of {}", l.decl.name),
                        to: an.class_text(target),
                        verdict: Verdict::Blocked,
                        blocker: Some(format!(
                            "{} has no node in zone {zone}, and a network load balancer keeps traffic in its zones",
                            l.decl.name
                        )),
                    });
                    continue;
                }
                for n in usable {
                    for leg in an.trace(&Place::Class(n), &Place::Class(c), &traffic, Mode::Normal)
                    {
                        let v = leg_verdict(&leg);
                        out.push(Backend {
                            listener: listener.clone(),
                            target_group: m[tg].decl.name.clone(),
                            port: tport,
                            from: an.place_text(&leg.from),
                            to: an.place_text(&leg.to),
                            verdict: v,
                            blocker: leg.first_blocker().map(|b| an.blocker_sentence(b)),
                        });
                    }
                }
            }
        }
    }
    out
}

/// What part of a leg works: "only from 203.0.113.0/24", "replies return
/// only to ports 49152-65535".
fn partial_detail(an: &Analysis<'_>, leg: &Leg) -> String {
    let mut parts = Vec::new();
    if !leg.requested.is_subset(&leg.answered) {
        parts.push(format!(
            "partially reachable, {}",
            an.partial_text(&leg.requested, &leg.answered)
        ));
    } else {
        parts.push("partially reachable".to_string());
    }
    if !leg.answered.is_subset(&leg.delivered)
        && let Some(last) = leg.replies.last()
    {
        let ports = crate::analysis::explain::describe_ports(&last.passed.project(PORT));
        parts.push(format!("replies return only to client ports {ports}"));
    }
    parts.join("; ")
}

fn describe_ports_of_replies(replies: &[Step]) -> String {
    let mut ports: Vec<Interval> = Vec::new();
    for r in replies {
        ports.extend(r.input.project(PORT));
    }
    set::merge_intervals(&mut ports);
    crate::analysis::explain::describe_ports(&ports)
}

fn json_report(
    cx: &Out<'_>,
    file: &str,
    from: &Endpoint,
    to: &Endpoint,
    results: &[ItemResult<'_>],
) -> Value {
    let items: Vec<Value> = results
        .iter()
        .map(|r| {
            let v = verdict(&r.legs);
            let first = r.legs.iter().find_map(|l| l.first_blocker());
            let mut o = json!({
                "traffic": r.item.label,
                "verdict": v.key(),
                "first_blocker": first.map(|b| cx.an.blocker_sentence(b)),
                "paths": r.legs.iter().map(|l| json_leg(cx, l)).collect::<Vec<_>>(),
            });
            if to.lb.is_some()
                && let Some(obj) = o.as_object_mut()
            {
                let fwd: Vec<Value> = r
                    .backend
                    .iter()
                    .map(|b| {
                        json!({
                            "listener": b.listener,
                            "target_group": b.target_group,
                            "port": b.port,
                            "from": b.from,
                            "to": b.to,
                            "verdict": b.verdict.key(),
                            "first_blocker": b.blocker,
                        })
                    })
                    .collect();
                obj.insert("forwarded".into(), Value::Array(fwd));
            }
            o
        })
        .collect();
    json!({
        "file": file,
        "from": {"name": from.word, "kind": from.kind},
        "to": {"name": to.word, "kind": to.kind},
        "reachable": results.iter().all(|r| verdict(&r.legs) == Verdict::Reachable),
        "results": items,
    })
}

fn json_leg(cx: &Out<'_>, leg: &Leg) -> Value {
    let an = cx.an;
    let lv = leg_verdict(leg);
    let steps = |v: &[Step]| -> Vec<Value> { v.iter().map(|s| json_step(cx, s)).collect() };
    json!({
        "from": an.place_text(&leg.from),
        "to": an.place_text(&leg.to),
        "verdict": lv.key(),
        "reaches": if lv == Verdict::Partial { Value::String(partial_detail(an, leg)) } else { Value::Null },
        "return": return_status(leg),
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
    let m = an.model;
    let decisions: Vec<Value> = s
        .decisions
        .iter()
        .map(|d| {
            let mut o = json!({
                "action": if d.allow { "allow" } else { "block" },
                "traffic": describe_traffic(&d.set),
                "reason": an.by_text(&d.by),
            });
            let rule = match &d.by {
                By::AclRule { acl, dir, index } => {
                    Some(Value::from(m[*acl].rules(*dir)[*index].number.node))
                }
                By::AclDefault { .. } => Some(Value::from("*")),
                By::SgRule { sg, dir, index } => {
                    let g = &m[*sg];
                    let r = match dir {
                        crate::model::Direction::In => &g.ingress[*index],
                        crate::model::Direction::Out => &g.egress[*index],
                    };
                    Some(Value::from(crate::analysis::explain::sg_rule_text(
                        m, *sg, r,
                    )))
                }
                By::Route { table, index } => Some(Value::from(
                    m[*table].routes[*index].destination.node.to_string(),
                )),
                By::LocalRoute { vpc } => Some(Value::from(format!("local {}", m[*vpc].cidr.node))),
                _ => None,
            };
            if let Some(obj) = o.as_object_mut() {
                if let Some(r) = rule {
                    obj.insert("rule".into(), r);
                }
                if let Some(l) = cx.line(s, &d.by) {
                    obj.insert("line".into(), Value::from(l));
                }
            }
            o
        })
        .collect();
    let (names, direction) = hop_names(m, &s.hop);
    json!({
        "component": an.hop_kind(&s.hop),
        "names": names,
        "direction": direction,
        "hop": an.hop_text(&s.hop),
        "status": step_status(s),
        "decisions": decisions,
    })
}

/// The declared names a hop is about, and its direction if it has one.
fn hop_names(m: &Model, h: &crate::analysis::path::Hop) -> (Vec<String>, Option<&'static str>) {
    use crate::analysis::path::Hop;
    use crate::model::Direction;
    let dir = |d: Direction| match d {
        Direction::In => "inbound",
        Direction::Out => "outbound",
    };
    let name = |s: &str| vec![s.to_string()];
    match h {
        Hop::Listener { lb } | Hop::LbOutbound { lb } => (name(&m[*lb].decl.name), None),
        Hop::Vpc => (Vec::new(), None),
        Hop::SgEgress { class } => (
            class.sgs.iter().map(|g| m[*g].decl.name.clone()).collect(),
            Some("outbound"),
        ),
        Hop::SgIngress { class } => (
            class.sgs.iter().map(|g| m[*g].decl.name.clone()).collect(),
            Some("inbound"),
        ),
        Hop::Acl { acl, dir: d, .. } => (
            acl.map(|a| name(&m[a].decl.name)).unwrap_or_default(),
            Some(dir(*d)),
        ),
        Hop::SameSubnet { subnet } => (name(&m[*subnet].decl.name), None),
        Hop::Route { table, .. } | Hop::NatRoute { table, .. } | Hop::ReturnRoute { table, .. } => {
            (
                table.map(|t| name(&m[t].decl.name)).unwrap_or_default(),
                None,
            )
        }
        Hop::InternetGateway { vpc } => (
            m.internet_gateways
                .iter()
                .filter(|g| g.vpc.node == *vpc)
                .map(|g| g.decl.name.clone())
                .collect(),
            None,
        ),
        Hop::PublicAddress { class } => (
            class
                .members
                .iter()
                .map(|x| crate::analysis::classes::member_name(m, *x).to_string())
                .collect(),
            None,
        ),
        Hop::NatGateway { nat } => (name(&m[*nat].decl.name), None),
    }
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
