//! Syntax errors, in the syntax layer's own terms.
//!
//! The parser reports [`SyntaxError`]s beside the tree; the check pipeline
//! turns each into an E001 diagnostic. This layer knows nothing of codes,
//! severities or rendering, so it stays below them.
//!
//! Inside the parser, productions fail with [`Fail`], nom's error type here:
//! a position and what was expected there (the innermost `context`). It
//! costs no allocation; the production that recovers turns it into a
//! [`SyntaxError`] worded for the user.

use crate::span::Span;
use std::borrow::Cow;

/// One syntax error: everything a diagnostic needs to explain it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The exact text at fault.
    pub span: Span,
    /// One line: what is wrong.
    pub message: String,
    /// Under the caret.
    pub label: &'static str,
    /// How to fix it.
    pub help: Option<String>,
    /// A second place to point at ("the file ends here").
    pub secondary: Option<(Span, &'static str)>,
    /// More to say, e.g. how many errors on the same line are not shown.
    pub note: Option<String>,
}

impl SyntaxError {
    pub(super) fn new(span: Span, message: impl Into<String>, label: &'static str) -> Self {
        SyntaxError {
            span,
            message: message.into(),
            label,
            help: None,
            secondary: None,
            note: None,
        }
    }

    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(super) fn secondary(mut self, span: Span, label: &'static str) -> Self {
        self.secondary = Some((span, label));
        self
    }

    pub(super) fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// What a production expected where it failed: the `context` names the
/// recovering productions word their messages from.
pub mod expected {
    /// After a block's kind.
    pub const NAME: &str = "a name";
    /// After a block's name, on the same line.
    pub const OPEN_BRACE: &str = "`{`";
    /// After a comma in a list (`a, b`).
    pub const VALUE_AFTER_COMMA: &str = "a value after `,`";
    /// A string left open on its line; the string production reports it
    /// itself, so the production that recovers stays silent.
    pub const STRING_END: &str = "the closing `\"`";
}

/// nom's error type for the productions: where parsing stopped, and what
/// was expected there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fail {
    /// Byte offset where the failing parser stopped.
    pub at: u32,
    /// The innermost `context`, if any.
    pub expected: Option<Expected>,
}

/// One of the [`expected`] names, and where the parser it names began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expected {
    pub what: &'static str,
    pub from: u32,
}

impl Fail {
    pub(super) fn at(at: u32) -> Self {
        Fail { at, expected: None }
    }

    /// The name of what was expected, or "" when no context says.
    pub(super) fn what(&self) -> &'static str {
        self.expected.map_or("", |e| e.what)
    }
}

/// How many characters of a word a message quotes before `…`.
pub const QUOTE_CHARS: usize = 40;

/// A word as messages quote it: at most [`QUOTE_CHARS`] characters, then
/// `…`, so a hostile 1 MB word is never echoed whole.
pub fn shorten(word: &str) -> Cow<'_, str> {
    match word.char_indices().nth(QUOTE_CHARS) {
        None => Cow::Borrowed(word),
        Some((i, _)) => Cow::Owned(format!("{}…", &word[..i])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_shortened_on_a_char_boundary() {
        assert_eq!(shorten("main"), "main");
        let long = "é".repeat(100);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), QUOTE_CHARS + 1);
        assert!(short.ends_with('…'));
        assert_eq!(shorten(&"x".repeat(QUOTE_CHARS)), "x".repeat(QUOTE_CHARS));
    }
}
