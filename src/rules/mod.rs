//! The rule catalog (rules.md): one file per rule, one list per area, one
//! registry over all of them.
//!
//! **Architecture invariant:** a rule reads the [`Model`], its [`Topology`]
//! and the analyses, and pushes [`Diagnostic`]s. It never parses text and
//! never does I/O.
//!
//! Each rule file declares `pub const RULE: Rule` (code, name, severity,
//! summary, docs) and its `check` function. The docs have four fixed
//! sections — `## What it checks`, `## Why it matters`, `## Example`,
//! `## Use instead` — which `netlint explain` prints and a test enforces.

pub mod addressing;
pub mod auto_scaling;
pub mod errors;
pub mod instances;
pub mod load_balancers;
pub mod network_acls;
pub mod reachability;
pub mod registry;
pub mod routes;
pub mod security_groups;
pub mod suppressions;
pub mod volumes;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Model;
use crate::model::topology::Topology;

/// What a rule sees.
pub struct Context<'a> {
    pub model: &'a Model,
    pub topo: &'a Topology,
    pub analysis: &'a crate::analysis::Analysis<'a>,
}

/// Where a rule reports.
pub type Sink = Vec<Diagnostic>;

/// A rule's check function.
pub type CheckFn = fn(&Context<'_>, &mut Sink);

/// One entry of the catalog.
pub struct Rule {
    pub code: &'static str,
    /// kebab-case, reads as "allow ⟨name⟩".
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when the rule fires (the `rules` listing).
    pub summary: &'static str,
    /// Markdown with the four fixed sections.
    pub docs: &'static str,
    /// `None` for codes produced by the front end (E…) or the
    /// suppression pass (U…), which do not run over the model.
    pub check: Option<CheckFn>,
}

/// The fixed documentation sections every rule must have.
pub const DOC_SECTIONS: [&str; 4] = [
    "## What it checks",
    "## Why it matters",
    "## Example",
    "## Use instead",
];
