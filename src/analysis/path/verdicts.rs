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
