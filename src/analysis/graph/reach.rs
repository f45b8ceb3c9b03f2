//! A reach answer as a diagram: per requested traffic item, each path from
//! FROM to TO hop by hop (then the replies), every hop marked with what it
//! did and the first blocker singled out with its reason. The answer comes
//! from [`crate::analysis::reach`]; nothing here decides reachability.

use super::{Cluster, ClusterKind, Edge, EdgeKind, Graph, HopOutcome, Node, NodeKind, Outcome};
use crate::analysis::Analysis;
use crate::analysis::explain::{endpoint_kind_key, omitted_text, verdict_text};
use crate::analysis::path::{By, Fact, Hop, Leg, Step, StepStatus, Verdict};
use crate::analysis::reach::{Query, ReachAnswer};

/// The diagram of the answer to `q`.
pub fn reach(an: &Analysis<'_>, q: &Query<'_>, answer: &ReachAnswer) -> Graph {
    let title = vec![format!(
        "reach from {} ({}) to {} ({})",
        q.from.word,
        endpoint_kind_key(q.from.kind),
        q.to.word,
        endpoint_kind_key(q.to.kind)
    )];
    let mut root = Cluster::new(String::new(), ClusterKind::Root, Vec::new());
    let mut edges = Vec::new();
    for (i, (item, r)) in q.items.iter().zip(&answer.items).enumerate() {
        let mut c = Cluster::new(
            format!("item{i}"),
            ClusterKind::ReachItem(outcome(r.verdict)),
            vec![format!("{}: {}", item.label, verdict_text(r.verdict))],
        );
        if r.legs.is_empty() && r.omitted.total() == 0 {
            c.nodes.push(note(
                format!("item{i}_none"),
                "no path: both ends are outside the network".into(),
                None,
            ));
        }
        for (l, leg) in r.legs.iter().enumerate() {
            c.clusters
                .push(leg_cluster(an, &format!("item{i}_leg{l}"), leg, &mut edges));
        }
        if r.omitted.total() > 0 {
            c.nodes.push(note(
                format!("item{i}_omitted"),
                omitted_text(&r.omitted),
                None,
            ));
        }
        if !r.backend.is_empty() {
            let mut b = Cluster::new(
                format!("item{i}_backends"),
                ClusterKind::ReachBackends,
                vec![format!("then {} forwards to", q.to.word)],
            );
            for (k, be) in r.backend.iter().enumerate() {
                let (bfrom, bto) = an.backend_ends(be);
                let v = be.verdict();
                let mut line = format!(
                    "{} → target group {} on tcp {}",
                    an.listener_text(be.lb, be.listener),
                    an.model[be.target_group].decl.name,
                    be.port
                );
                line.push('\n');
                line.push_str(&format!("from {bfrom} to {bto}: {}", verdict_text(v)));
                if let Some(why) = an.backend_blocker(be) {
                    line.push('\n');
                    line.push_str(&why);
                }
                b.nodes
                    .push(note(format!("item{i}_backend{k}"), line, Some(outcome(v))));
            }
            c.clusters.push(b);
        }
        root.clusters.push(c);
    }
    Graph { title, root, edges }
}

/// One leg: FROM, the forward hops, TO, then the replies, chained.
fn leg_cluster(an: &Analysis<'_>, id: &str, leg: &Leg, edges: &mut Vec<Edge>) -> Cluster {
    let v = leg.verdict();
    let mut head = format!(
        "from {} to {}: ",
        an.place_text(&leg.from),
        an.place_text(&leg.to)
    );
    head.push_str(&match v {
        Verdict::Partial => an.partial_detail(leg),
        _ => verdict_text(v).to_string(),
    });
    let mut c = Cluster::new(id.into(), ClusterKind::ReachLeg(outcome(v)), vec![head]);
    // The first blocker's position among the forward hops, then replies.
    let first = leg
        .forward
        .iter()
        .chain(&leg.replies)
        .position(Step::blocks);
    let endpoint = |suffix: &str, text: String| Node {
        id: format!("{id}_{suffix}"),
        kind: NodeKind::Endpoint,
        label: vec![text],
    };
    c.nodes.push(endpoint("from", an.place_text(&leg.from)));
    c.nodes.push(endpoint("to", an.place_text(&leg.to)));
    let hop = |suffix: String, st: &Step, k: usize| {
        let is_first = first == Some(k);
        let kind = NodeKind::Hop(match st.status() {
            _ if is_first => HopOutcome::FirstBlocker,
            StepStatus::Pass => HopOutcome::Pass,
            StepStatus::Partial => HopOutcome::Partial,
            StepStatus::Block => HopOutcome::Block,
            StepStatus::Idle => HopOutcome::Idle,
        });
        let mut label = vec![hop_label(an, st), status_word(st.status()).into()];
        if is_first {
            label.push(an.blocker_sentence(st));
        }
        Node {
            id: format!("{id}_{suffix}"),
            kind,
            label,
        }
    };
    let mut prev = format!("{id}_from");
    for (k, st) in leg.forward.iter().enumerate() {
        let n = hop(format!("hop{k}"), st, k);
        edges.push(link(&prev, &n.id, EdgeKind::Path));
        prev = n.id.clone();
        c.nodes.push(n);
        prev = through(
            an,
            &format!("{id}_hop{k}"),
            st,
            &prev,
            EdgeKind::Path,
            &mut c,
            edges,
        );
    }
    edges.push(link(&prev, &format!("{id}_to"), EdgeKind::Path));
    let mut prev = format!("{id}_to");
    for (k, st) in leg.replies.iter().enumerate() {
        let n = hop(format!("reply{k}"), st, leg.forward.len() + k);
        edges.push(link(&prev, &n.id, EdgeKind::Reply));
        prev = n.id.clone();
        c.nodes.push(n);
        prev = through(
            an,
            &format!("{id}_reply{k}"),
            st,
            &prev,
            EdgeKind::Reply,
            &mut c,
            edges,
        );
    }
    c
}

/// A hop's first line: what `reach` calls it, with the gateway named
/// (`internet gateway igw`, `egress-only internet gateway eigw`).
fn hop_label(an: &Analysis<'_>, st: &Step) -> String {
    if let Hop::InternetGateway { .. } = st.hop {
        let m = an.model;
        for d in &st.decisions {
            match &d.by {
                By::Fact(
                    Fact::EigwAttached { eigw, .. }
                    | Fact::EigwIpv6Only { eigw }
                    | Fact::EigwNoInbound { eigw, .. },
                ) => return format!("egress-only internet gateway {}", m[*eigw].decl.name),
                By::Fact(Fact::IgwAttached { igw, .. } | Fact::IgwEntry { igw, .. }) => {
                    return format!("internet gateway {}", m[*igw].decl.name);
                }
                _ => {}
            }
        }
    }
    an.hop_text(&st.hop)
}

/// What a route hop hands the traffic to when that is no hop of its own:
/// a gateway endpoint (its route), an egress-only internet gateway
/// (which lets nothing in). Drawn as a node after the hop, passing,
/// blocking or both as the decisions that name it did.
fn via(an: &Analysis<'_>, st: &Step) -> Vec<(String, HopOutcome)> {
    let m = an.model;
    let mut out: Vec<(String, bool, bool)> = Vec::new();
    for d in &st.decisions {
        let text = match &d.by {
            By::EndpointRoute { endpoint, .. } | By::Fact(Fact::ReplyViaEndpoint { endpoint }) => {
                let e = &m[*endpoint];
                if e.decl.name == e.service_key() {
                    format!("gateway endpoint {}", e.decl.name)
                } else {
                    format!(
                        "gateway endpoint {} (service {})",
                        e.decl.name,
                        e.service_key()
                    )
                }
            }
            By::Fact(Fact::EigwNoInbound { eigw, .. }) => {
                format!("egress-only internet gateway {}", m[*eigw].decl.name)
            }
            _ => continue,
        };
        match out.iter_mut().find(|(t, _, _)| *t == text) {
            Some((_, pass, block)) => {
                *pass |= d.allow;
                *block |= !d.allow;
            }
            None => out.push((text, d.allow, !d.allow)),
        }
    }
    out.into_iter()
        .map(|(text, pass, block)| {
            let o = match (pass, block) {
                (true, true) => HopOutcome::Partial,
                (false, true) => HopOutcome::Block,
                _ => HopOutcome::Pass,
            };
            (text, o)
        })
        .collect()
}

/// Draw the `via` nodes of a hop after it; returns the last node's id.
fn through(
    an: &Analysis<'_>,
    hop_id: &str,
    st: &Step,
    prev: &str,
    kind: EdgeKind,
    c: &mut Cluster,
    edges: &mut Vec<Edge>,
) -> String {
    let mut prev = prev.to_string();
    for (j, (text, o)) in via(an, st).into_iter().enumerate() {
        let id = format!("{hop_id}_via{j}");
        let word = match o {
            HopOutcome::Pass => "through",
            HopOutcome::Block => "blocks",
            _ => "passes in part",
        };
        edges.push(link(&prev, &id, kind));
        c.nodes.push(Node {
            id: id.clone(),
            kind: NodeKind::Hop(o),
            label: vec![text, word.into()],
        });
        prev = id;
    }
    prev
}

fn link(from: &str, to: &str, kind: EdgeKind) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        kind,
        label: String::new(),
    }
}

fn note(id: String, text: String, v: Option<Outcome>) -> Node {
    Node {
        id,
        kind: NodeKind::Note(v),
        label: text.lines().map(str::to_string).collect(),
    }
}

fn outcome(v: Verdict) -> Outcome {
    match v {
        Verdict::Reachable => Outcome::Reachable,
        Verdict::Partial => Outcome::Partial,
        Verdict::Blocked => Outcome::Blocked,
    }
}

fn status_word(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Pass => "passes",
        StepStatus::Partial => "passes in part",
        StepStatus::Block => "blocks",
        StepStatus::Idle => "not reached",
    }
}
