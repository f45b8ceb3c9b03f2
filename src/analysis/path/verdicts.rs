//! What a path records and concludes: decisions, steps, legs and their
//! verdicts.

use super::*;

/// A part of a hop's input and what happened to it.
#[derive(Clone, Debug)]
pub struct Decision {
    pub set: FlowSet,
    pub allow: bool,
    pub by: By,
}

/// One hop of a leg.
#[derive(Clone, Debug)]
pub struct Step {
    pub hop: Hop,
    /// Whether this hop carries replies (reply coordinates).
    pub reply: bool,
    pub input: FlowSet,
    pub passed: FlowSet,
    pub decisions: Vec<Decision>,
}

impl Step {
    pub fn blocked(&self) -> FlowSet {
        self.input.subtract(&self.passed)
    }

    pub fn blocks(&self) -> bool {
        !self.input.is_subset(&self.passed)
    }

    /// What the hop did with what reached it.
    pub fn status(&self) -> StepStatus {
        if self.input.is_empty() {
            StepStatus::Idle
        } else if self.input.is_subset(&self.passed) {
            StepStatus::Pass
        } else if self.passed.is_empty() {
            StepStatus::Block
        } else {
            StepStatus::Partial
        }
    }
}

/// What a hop did with its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Nothing reached it.
    Idle,
    Pass,
    Partial,
    Block,
}

/// Whether traffic gets there and back. Reachable: everything arrives and
/// every reply returns. Blocked: no connection completes. Partial: some do
/// (some sources, ports, or only clients whose ephemeral ports the ACLs let
/// back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Reachable,
    Partial,
    Blocked,
}

impl Verdict {
    /// The verdict of several legs that together answer one question.
    pub fn of_all(vs: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut f = VerdictFold::default();
        for v in vs {
            f.add(v);
        }
        f.verdict()
    }
}

/// The verdict of many legs, folded as they come: reachable when all are,
/// blocked when all are (or there are none), else partial.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerdictFold {
    legs: usize,
    reachable: usize,
    blocked: usize,
}

impl VerdictFold {
    pub fn add(&mut self, v: Verdict) {
        self.legs += 1;
        self.reachable += usize::from(v == Verdict::Reachable);
        self.blocked += usize::from(v == Verdict::Blocked);
    }

    /// Whether any leg was added.
    pub fn traced(&self) -> bool {
        self.legs > 0
    }

    /// Whether some leg gets something through.
    pub fn any_through(&self) -> bool {
        self.blocked < self.legs
    }

    pub fn verdict(&self) -> Verdict {
        if self.blocked == self.legs {
            Verdict::Blocked
        } else if self.reachable == self.legs {
            Verdict::Reachable
        } else {
            Verdict::Partial
        }
    }
}

/// Whether the replies of what arrived come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnStatus {
    NotReached,
    Full,
    Partial,
    None,
}

/// One linear path and its verdict.
#[derive(Clone, Debug)]
pub struct Leg {
    pub from: Place,
    pub to: Place,
    pub requested: FlowSet,
    pub forward: Vec<Step>,
    pub replies: Vec<Step>,
    /// Forward packets that arrive.
    pub reached: FlowSet,
    /// Arrive, and every reply returns (whatever ephemeral port).
    pub delivered: FlowSet,
    /// Arrive, and replies return for some ephemeral ports.
    pub answered: FlowSet,
}

impl Leg {
    /// The first hop (forward, then replies) that stops part of the
    /// traffic.
    pub fn first_blocker(&self) -> Option<&Step> {
        self.forward
            .iter()
            .chain(&self.replies)
            .find(|s| s.blocks())
    }

    pub fn blockers(&self) -> impl Iterator<Item = &Step> {
        self.forward
            .iter()
            .chain(&self.replies)
            .filter(|s| s.blocks())
    }

    /// The one definition of "reachable" that `reach` and the X rules
    /// share.
    pub fn verdict(&self) -> Verdict {
        verdict_of(&self.requested, &self.delivered, &self.answered)
    }

    /// [`Leg::verdict`] of the leg restricted to the packets whose field
    /// `dim` lies in `ivs` (sorted, merged), without building the
    /// restriction; `None` when the leg asks nothing there. The same
    /// [`verdict_of`]: nothing answered there is `Blocked`; everything
    /// requested there delivered (nothing undelivered there) is
    /// `Reachable`.
    pub fn verdict_within(&self, dim: usize, ivs: &[Interval]) -> Option<Verdict> {
        if !self.requested.meets_dim(dim, ivs) {
            return None;
        }
        if !self.answered.meets_dim(dim, ivs) {
            return Some(Verdict::Blocked);
        }
        let all_delivered = self.requested == self.delivered
            || !self.requested.subtract(&self.delivered).meets_dim(dim, ivs);
        Some(if all_delivered {
            Verdict::Reachable
        } else {
            Verdict::Partial
        })
    }

    pub fn return_status(&self) -> ReturnStatus {
        if self.reached.is_empty() {
            ReturnStatus::NotReached
        } else if self.reached.is_subset(&self.delivered) {
            ReturnStatus::Full
        } else if self.answered.is_empty() {
            ReturnStatus::None
        } else {
            ReturnStatus::Partial
        }
    }
}

/// The verdict for `requested` given what was delivered and answered.
pub fn verdict_of(requested: &FlowSet, delivered: &FlowSet, answered: &FlowSet) -> Verdict {
    if answered.is_empty() {
        Verdict::Blocked
    } else if requested.is_subset(delivered) {
        Verdict::Reachable
    } else {
        Verdict::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(boxes: &[(u128, u128, u128)]) -> FlowSet {
        FlowSet::from_boxes(boxes.iter().map(|&(lo, hi, port)| {
            FlowBox::family(V4)
                .with(SRC, Interval::new(lo, hi))
                .with(PROTO, Interval::point(TCP))
                .with(PORT, Interval::point(port))
        }))
    }

    /// `verdict_within` on the uncut sets is `verdict` of the leg cut to
    /// the addresses (no leg when it asks nothing there).
    #[test]
    fn verdict_within_is_the_verdict_of_the_cut_leg() {
        let sets = [
            set(&[]),
            set(&[(0, 99, 80)]),
            set(&[(0, 99, 80), (0, 99, 443)]),
            set(&[(0, 49, 80)]),
            set(&[(50, 99, 443)]),
            set(&[(20, 29, 80), (60, 69, 443)]),
        ];
        let cuts: [&[Interval]; 4] = [
            &[Interval::new(0, 9)],
            &[Interval::new(40, 59)],
            &[Interval::new(0, 19), Interval::new(70, 99)],
            &[Interval::new(100, 200)],
        ];
        let outside = Place::Outside(Arc::new(AddrSet::new(V4, Vec::new())));
        let mut seen = std::collections::HashSet::new();
        for req in &sets {
            for del in &sets {
                for ans in &sets {
                    let leg = Leg {
                        from: outside.clone(),
                        to: outside.clone(),
                        requested: req.clone(),
                        forward: Vec::new(),
                        replies: Vec::new(),
                        reached: req.clone(),
                        delivered: del.intersect(req),
                        answered: ans.intersect(req),
                    };
                    for ivs in cuts {
                        let cut = |s: &FlowSet| s.restrict(SRC, ivs);
                        let want = (!cut(&leg.requested).is_empty()).then(|| {
                            verdict_of(
                                &cut(&leg.requested),
                                &cut(&leg.delivered),
                                &cut(&leg.answered),
                            )
                        });
                        assert_eq!(leg.verdict_within(SRC, ivs), want, "{leg:?} {ivs:?}");
                        seen.insert(want);
                    }
                }
            }
        }
        // Every outcome occurs, so the comparison covers each branch.
        assert_eq!(seen.len(), 4, "{seen:?}");
    }
}
