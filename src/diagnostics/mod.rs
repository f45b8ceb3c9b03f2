//! The diagnostic type every layer produces.
//!
//! The core never formats text for a terminal: parser, resolver, rules and
//! the reachability engine push [`Diagnostic`] values with byte spans; the
//! renderers at the edge (`src/render/`) turn them into output, computing
//! line and column only then, through [`line_index`].

pub mod line_index;

use crate::span::Span;
use serde::Serialize;

/// How bad a finding is. Ordered so that `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A secondary location: "first declared here", "this route table", …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code from the catalog, e.g. `"S302"`.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what is wrong.
    pub message: String,
    /// The exact text at fault.
    pub span: Span,
    /// Text under the primary caret (short; may be empty).
    pub label: String,
    /// Related declarations.
    pub secondary: Vec<Label>,
    /// How to fix it, in the file's own terms.
    pub help: Option<String>,
    /// Extra explanation lines (`= note: …`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity from the registry.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        let severity = crate::rules::registry::lookup(code)
            .map(|r| r.severity)
            .unwrap_or(Severity::Error);
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}
