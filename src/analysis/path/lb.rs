//! Load balancers: listeners select what a load balancer accepts; its
//! nodes forward to the targets of its target groups. The zone rule of a
//! network load balancer lives here once, for `reach` and X903.

use super::*;
use crate::analysis::classes::Member;
use crate::span::Span;

/// The protocols a listener accepts.
pub fn listener_protocols(p: LbProtocol) -> &'static [u128] {
    match p {
        LbProtocol::Udp => &[UDP],
        LbProtocol::TcpUdp => &[TCP, UDP],
        _ => &[TCP],
    }
}

/// Target groups a load balancer forwards to, with their ports, each once:
/// those of its listeners' default actions, then those of its listener
/// rules.
pub fn forwarded_groups(m: &Model, lb: LbId) -> Vec<(TgId, u16)> {
    let mut v: Vec<(TgId, u16)> = Vec::new();
    let defaults = m[lb].listeners.iter().filter_map(|l| match &l.action {
        ListenerAction::Forward(tg) => Some(tg.node),
        ListenerAction::Redirect { .. } => None,
    });
    let rules = m[lb].rules.iter().map(|r| r.target.node);
    for tg in defaults.chain(rules) {
        let e = (tg, m[tg].port.node);
        if !v.contains(&e) {
            v.push(e);
        }
    }
    v
}

/// The target groups a listener sends to: its default action's, then its
/// rules' in priority order, each once.
pub fn listener_groups(m: &Model, lb: LbId, listener: usize) -> Vec<TgId> {
    let l = &m[lb].listeners[listener];
    let mut rules: Vec<&ListenerRule> = m[lb]
        .rules
        .iter()
        .filter(|r| r.port.node == l.port.node)
        .collect();
    rules.sort_by_key(|r| r.priority.node);
    let mut v: Vec<TgId> = Vec::new();
    let default = match &l.action {
        ListenerAction::Forward(tg) => Some(tg.node),
        ListenerAction::Redirect { .. } => None,
    };
    for tg in default
        .into_iter()
        .chain(rules.iter().map(|r| r.target.node))
    {
        if !v.contains(&tg) {
            v.push(tg);
        }
    }
    v
}

impl Analysis<'_> {
    pub(super) fn listener_step(&self, b: &mut Builder, lb: LbId) {
        let l = &self.model[lb];
        let matches = |li: &Listener| {
            let port = Interval::point(li.port.node.into());
            listener_protocols(li.protocol.node)
                .iter()
                .flat_map(move |p| {
                    [V4, V6].map(|f| {
                        FlowBox::family(f)
                            .with(PROTO, Interval::point(*p))
                            .with(PORT, port)
                    })
                })
        };
        if b.mode == Mode::Verdict {
            // What passes is what some listener takes: the input cut to
            // all the listeners at once.
            if !b.cur.is_empty() {
                let all = FlowSet::from_boxes(l.listeners.iter().flat_map(matches));
                b.cur = b.cur.intersect(&all);
            }
            return;
        }
        b.step(Hop::Listener { lb }, |input| {
            let mut left = input.clone();
            let mut passed = FlowSet::empty();
            let mut ds = Vec::new();
            for (i, li) in l.listeners.iter().enumerate() {
                let matches = FlowSet::from_boxes(matches(li));
                let hit = left.intersect(&matches);
                if !hit.is_empty() {
                    left = left.subtract(&matches);
                    passed.union_with(&hit);
                    ds.push(Decision {
                        set: hit,
                        allow: true,
                        by: By::Listener { lb, index: i },
                    });
                }
            }
            if !left.is_empty() {
                ds.push(Decision {
                    set: left,
                    allow: false,
                    by: By::NoListener { lb },
                });
            }
            (passed, ds)
        });
    }

    /// The members a target group sends to: its static instances and the
    /// Auto Scaling groups attached to it, with the span that names each.
    pub fn target_members(&self, tg: TgId) -> Vec<(Member, Span)> {
        let m = self.model;
        let mut v: Vec<(Member, Span)> = m[tg]
            .targets
            .iter()
            .map(|i| (Member::Instance(i.node), i.span))
            .collect();
        for a in &self.topo.tg_asgs[tg] {
            if let Some(item) = m[*a].target_groups.iter().find(|t| t.node == tg) {
                v.push((Member::Asg(*a), item.span));
            }
        }
        v
    }

    /// The node classes of a load balancer that send to a target class: an
    /// application LB sends from every node; a network LB only from the
    /// nodes in the target's zone unless `cross-zone on` (cross-zone load
    /// balancing is off by default).
    pub fn sending_nodes(&self, lb: LbId, target: ClassId) -> Vec<ClassId> {
        let m = self.model;
        let classes = self.classes();
        let zone = &m[classes.get(target).subnet].zone.node;
        classes.of_lb[lb]
            .iter()
            .copied()
            .filter(|n| {
                m[lb].lb_type.node == LbType::Application
                    || m[lb].cross_zone.is_some_and(|c| c.node)
                    || m[classes.get(*n).subnet].zone.node.same_as(zone)
            })
            .collect()
    }
}
