//! Paths: the hops a packet meets from one place to another, and back.
//!
//! A *leg* is one linear path between a source and a destination place for
//! a set of packets. Each hop is a filter; the engine records what entered
//! it, what passed, and which rule decided which part. Routing is the only
//! fork: traffic to the internet is first split by the source route table
//! (longest prefix match) into one leg per route target, so every leg stays
//! linear and explainable.
//!
//! Coordinates: forward hops see packets as (client address, server
//! address, protocol, server port). Replies are checked in reply
//! coordinates — addresses swapped, the port field holding the client's
//! ephemeral port (or a NAT gateway's, 1024–65535) — because stateless ACLs
//! match the reply's destination port. Security groups are stateful and
//! never see replies.
//!
//! The vocabulary is in `places` (where a path starts and ends, what it
//! carries), `hops` (what it meets and why it passes) and `verdicts` (what
//! it records and concludes); this file runs the engine. The hops live
//! beside it by component: `sg` (security groups),
//! `nacl` (network ACL hops), [`route`] (route tables, internet and NAT
//! gateways), [`lb`] (listeners, nodes and targets), `reply` (replies
//! through the stateless ACLs) and `legs` (which hops a leg has).
//! Everything a hop records is data — ids, rule indexes, [`Fact`]s — and
//! [`super::explain`] puts it into words.

mod hops;
pub mod lb;
mod legs;
mod nacl;
mod peering;
mod places;
mod reply;
pub mod route;
mod sg;
mod sure;
mod verdicts;

pub use hops::*;
pub use places::*;
pub use reply::{reply_port_parts, reply_set};
pub use route::RouteChoice;
pub use verdicts::*;

use super::Analysis;
use super::classes::{Class, ClassId};
use super::set::*;
use crate::model::*;
use std::sync::Arc;

/// Evaluate each hop on what the previous hops let through (`Normal`), or
/// on everything asked (`AllBlockers`: "as if it had passed", to list every
/// blocker, not only the first). The verdict is the same in every mode,
/// because every hop is a filter.
///
/// `Verdict` computes only what arrives and returns (`requested`,
/// `reached`, `delivered`, `answered`), recording no hops: what the X rules
/// ask of every class before they explain the few that fail. Its hops
/// compute only what passes (no decisions, no notes), an ACL that lets
/// every packet through is not evaluated at all, and replies that cross
/// only such ACLs all return. A many-piece
/// outside place (the internet is 0.0.0.0/0 less a hole per VPC) is traced
/// whole and its holes cut from the four sets at the end — exact, because
/// every hop filters packet by packet, and it keeps a question's cost
/// independent of the number of VPCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    AllBlockers,
    Verdict,
}

pub(super) const ALL_PORTS: Interval = Interval::new(0, 65535);

/// A leg under construction: the hops so far and what is still going.
struct Builder {
    mode: Mode,
    requested: FlowSet,
    cur: FlowSet,
    steps: Vec<Step>,
}

impl Builder {
    fn new(requested: FlowSet, mode: Mode) -> Self {
        Builder {
            mode,
            cur: requested.clone(),
            requested,
            steps: Vec::new(),
        }
    }

    fn step(&mut self, hop: Hop, f: impl FnOnce(&FlowSet) -> (FlowSet, Vec<Decision>)) {
        let input = match self.mode {
            Mode::Verdict => {
                if !self.cur.is_empty() {
                    self.cur = f(&self.cur).0;
                }
                return;
            }
            Mode::Normal => std::mem::take(&mut self.cur),
            Mode::AllBlockers => self.requested.clone(),
        };
        let (passed, decisions) = f(&input);
        self.cur = match self.mode {
            Mode::AllBlockers => self.cur.intersect(&passed),
            _ => passed.clone(),
        };
        self.steps.push(Step {
            hop,
            reply: false,
            input,
            passed,
            decisions,
        });
    }

    /// A hop that passes everything or nothing.
    fn gate(&mut self, hop: Hop, ok: bool, by: By) {
        if self.mode == Mode::Verdict {
            if !ok {
                self.cur = FlowSet::empty();
            }
            return;
        }
        self.step(hop, |input| {
            let d = Decision {
                set: input.clone(),
                allow: ok,
                by,
            };
            let passed = if ok { input.clone() } else { FlowSet::empty() };
            (passed, vec![d])
        });
    }

    fn fact(&mut self, hop: Hop, ok: bool, fact: Fact) {
        self.gate(hop, ok, By::Fact(fact));
    }
}

impl<'a> Analysis<'a> {
    /// The class behind a reference.
    pub fn class<'c>(&'c self, c: &'c ClassRef) -> &'c Class {
        match c {
            ClassRef::Listed(id) => self.classes().get(*id),
            ClassRef::Adhoc(c) => c,
        }
    }

    /// The class a place stands for (`None` for the outside).
    pub fn place_class<'p>(&'p self, p: &'p Place) -> Option<&'p Class> {
        match p {
            Place::Outside(_) => None,
            Place::Class(id) => Some(self.classes().get(*id)),
            Place::Adhoc(c) => Some(c),
        }
    }

    /// All legs from one place to another for some traffic. Outside to
    /// outside is not a question about the network: no legs.
    pub fn trace(&self, from: &Place, to: &Place, traffic: &Traffic, mode: Mode) -> Vec<Leg> {
        let (legs, cut) = self.trace_whole(from, to, traffic, mode);
        match cut {
            Some((out, dim)) => Self::cut_outside(legs, out, dim),
            None => legs,
        }
    }

    /// The verdict of each leg [`Analysis::trace`] gives in `Verdict`
    /// mode, in the same order, without building the legs' sets cut to a
    /// many-piece outside place: what the X rules ask of every class
    /// before they explain the few that fail. [`Leg::verdict_within`]
    /// decides on the uncut sets.
    pub fn verdicts(&self, from: &Place, to: &Place, traffic: &Traffic) -> Vec<Verdict> {
        let (legs, cut) = self.trace_whole(from, to, traffic, Mode::Verdict);
        match cut {
            Some((out, dim)) => legs
                .iter()
                .filter_map(|l| l.verdict_within(dim, &out.ivs))
                .collect(),
            None => legs.iter().map(Leg::verdict).collect(),
        }
    }

    /// The legs of [`Analysis::trace`] before a many-piece outside place
    /// traced whole (`Verdict` mode) is cut back to its pieces: the place
    /// and the packet field its addresses are in, when that is left to do.
    fn trace_whole<'p>(
        &self,
        from: &'p Place,
        to: &'p Place,
        traffic: &Traffic,
        mode: Mode,
    ) -> (Vec<Leg>, Option<(&'p AddrSet, usize)>) {
        match (from, to) {
            (Place::Outside(_), Place::Outside(_)) => (Vec::new(), None),
            (Place::Outside(out), _) => {
                let d = to.class_ref().expect("inside");
                let (hull, cut) = Self::outside_hull(out, mode);
                let src = hull.as_ref().unwrap_or(out);
                let entries = if src.fam == V4 {
                    self.entries(self.class(&d).vpc)
                } else {
                    Vec::new()
                };
                if entries.is_empty() {
                    let leg = self.leg_inbound(from, to, src, d, traffic, mode);
                    return (vec![leg], cut.map(|c| (c, SRC)));
                }
                // Addresses behind a peering or a transit gateway enter
                // there; the rest through the internet gateway, whose leg
                // comes first (the X rules ask it about "the internet").
                let mut rest = src.ivs.clone();
                let mut entered = Vec::new();
                for e in entries {
                    let part = intersect_intervals(&rest, &e.ivs);
                    if part.is_empty() {
                        continue;
                    }
                    // Traced on a hull: a part in none of the outside's
                    // pieces asks nothing (and the hull stays whole).
                    if cut.is_some_and(|c| intersect_intervals(&part, &c.ivs).is_empty()) {
                        continue;
                    }
                    rest = subtract_intervals(&rest, &part);
                    entered.push((AddrSet::new(V4, part), e.via));
                }
                let mut legs = Vec::new();
                if !rest.is_empty() {
                    let rest = AddrSet::new(src.fam, rest);
                    legs.push(self.leg_inbound(from, to, &rest, d.clone(), traffic, mode));
                }
                for (part, via) in &entered {
                    legs.push(self.leg_entry(from, to, part, d.clone(), *via, traffic, mode));
                }
                (legs, cut.map(|c| (c, SRC)))
            }
            (_, Place::Outside(out)) => {
                let s = from.class_ref().expect("inside");
                let (hull, cut) = Self::outside_hull(out, mode);
                let legs = self.legs_outbound(
                    from,
                    to,
                    s,
                    (hull.as_ref().unwrap_or(out), out),
                    traffic,
                    mode,
                );
                (legs, cut.map(|c| (c, DST)))
            }
            _ => {
                let s = from.class_ref().expect("inside");
                let d = to.class_ref().expect("inside");
                (vec![self.leg_internal(from, to, s, d, traffic, mode)], None)
            }
        }
    }

    /// In `Verdict` mode, a many-piece outside place is traced as one
    /// interval (its hull); the pieces are cut back out at the end.
    fn outside_hull(out: &AddrSet, mode: Mode) -> (Option<AddrSet>, Option<&AddrSet>) {
        match (mode, out.ivs.first(), out.ivs.last()) {
            (Mode::Verdict, Some(lo), Some(hi)) if out.ivs.len() > 1 => (
                Some(AddrSet {
                    fam: out.fam,
                    ivs: vec![Interval::new(lo.lo, hi.hi)],
                }),
                Some(out),
            ),
            _ => (None, None),
        }
    }

    /// Restrict legs traced on a hull to the real outside addresses (field
    /// `dim` of forward packets); legs left with nothing asked go.
    fn cut_outside(mut legs: Vec<Leg>, out: &AddrSet, dim: usize) -> Vec<Leg> {
        // The four sets are often equal (a leg that passes whole) and the
        // cut multiplies their boxes by the outside's pieces: an equal set
        // takes its already cut twin instead of being cut again.
        legs.retain_mut(|l| {
            let requested = l.requested.restrict(dim, &out.ivs);
            let reached = Self::cut_like(&l.reached, &[(&l.requested, &requested)], dim, out);
            let delivered = Self::cut_like(
                &l.delivered,
                &[(&l.reached, &reached), (&l.requested, &requested)],
                dim,
                out,
            );
            let answered = Self::cut_like(
                &l.answered,
                &[(&l.delivered, &delivered), (&l.reached, &reached)],
                dim,
                out,
            );
            (l.requested, l.reached, l.delivered, l.answered) =
                (requested, reached, delivered, answered);
            !l.requested.is_empty()
        });
        legs
    }

    /// `set` cut to the outside, reusing the cut of an equal set of `done`
    /// (pairs of an uncut set and its cut).
    fn cut_like(
        set: &FlowSet,
        done: &[(&FlowSet, &FlowSet)],
        dim: usize,
        out: &AddrSet,
    ) -> FlowSet {
        match done.iter().find(|(uncut, _)| *uncut == set) {
            Some((_, cut)) => (*cut).clone(),
            None => set.restrict(dim, &out.ivs),
        }
    }

    fn finish(&self, from: &Place, to: &Place, b: Builder, groups: &[reply::ReplyGroup]) -> Leg {
        let reached = b.cur;
        let base = match b.mode {
            Mode::AllBlockers => &b.requested,
            _ => &reached,
        };
        let mut replies = Vec::new();
        let record = b.mode != Mode::Verdict;
        let (delivered, answered) = if !record && self.replies_pass_all(groups) {
            // Every reply returns: what arrives is delivered and answered
            // (the same sets the general case computes, without the work).
            (reached.clone(), reached.clone())
        } else {
            let (full, some) = self.replies(base, groups, record.then_some(&mut replies));
            (reached.intersect(&full), reached.intersect(&some))
        };
        Leg {
            from: from.clone(),
            to: to.clone(),
            requested: b.requested,
            forward: b.steps,
            replies,
            reached,
            delivered,
            answered,
        }
    }
}

/// The addresses in both sorted, merged interval lists.
fn intersect_intervals(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            if let Some(i) = x.intersect(*y) {
                out.push(i);
            }
        }
    }
    merge_intervals(&mut out);
    out
}

/// The addresses of `a` not in `b` (sorted, merged lists).
fn subtract_intervals(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for x in a {
        let holes: Vec<Interval> = b.iter().filter_map(|y| x.intersect(*y)).collect();
        out.extend(gaps(*x, holes));
    }
    out
}
