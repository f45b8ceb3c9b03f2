//! The diagnostic type every layer produces.
//!
//! The core never formats text for a terminal: parser, resolver, rules and
//! the reachability engine push [`Diagnostic`] values with byte spans; the
//! renderers at the edge (`src/render/`) turn them into output, computing
//! line and column only then, through [`line_index`].

pub mod line_index;

use crate::catalog::Code;
pub use crate::catalog::Severity;
use crate::span::Span;

/// A secondary location: "first declared here", "this route table", …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A machine-applicable edit (rustc's "suggestion"): replace the text at
/// `span` with `replacement`. A rule or the resolver adds one only where
/// its help line is exactly this edit, so an editor can apply it without
/// reading the help text; an empty replacement deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// What the edit does, as an editor's quick-fix title.
    pub message: String,
    pub span: Span,
    pub replacement: String,
}

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Its code in the catalog.
    pub code: Code,
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
    /// Mechanical fixes, best first (what the help line says, as edits).
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// The message, then the help and the notes, a line each (`help: …`,
    /// `note: …`): the whole text where a format has one field for it.
    pub fn full_text(&self) -> String {
        let mut text = self.message.clone();
        if let Some(help) = &self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        for note in &self.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        text
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

    /// A mechanical fix: replace `span` with `replacement`.
    pub fn with_suggestion(
        mut self,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.suggestions.push(Suggestion {
            message: message.into(),
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}
