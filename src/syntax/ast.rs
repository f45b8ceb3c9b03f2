//! The syntax tree: exactly what was written, with spans, nothing resolved.
//!
//! Zero-copy: words and raw strings borrow from the source; only strings
//! with escapes allocate when they are decoded.

use crate::span::Span;
use std::borrow::Cow;

/// A word token: names, numbers, CIDRs, keywords, `->`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A `"…"` string literal, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    pub value: Cow<'a, str>,
    /// Including the quotes.
    pub span: Span,
}

/// One scalar value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar<'a> {
    Word(Word<'a>),
    Str(Str<'a>),
}

impl<'a> Scalar<'a> {
    pub fn span(&self) -> Span {
        match self {
            Scalar::Word(w) => w.span,
            Scalar::Str(s) => s.span,
        }
    }
}

/// A value after an attribute key: a scalar or a comma-separated list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Scalar(Scalar<'a>),
    List { items: Vec<Scalar<'a>>, span: Span },
}

impl<'a> Value<'a> {
    pub fn span(&self) -> Span {
        match self {
            Value::Scalar(s) => s.span(),
            Value::List { span, .. } => *span,
        }
    }
}

/// `key value…` inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub key: Word<'a>,
    pub values: Vec<Value<'a>>,
    /// From the key to the last value.
    pub span: Span,
    /// A syntax error was recovered from inside this attribute; its values
    /// are incomplete, and the resolver must not report them again.
    pub broken: bool,
}

/// `kind name { attribute… }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub kind: Word<'a>,
    pub name: Word<'a>,
    pub attributes: Vec<Attribute<'a>>,
    /// From the kind to the closing brace (or the end of what was parsed).
    pub span: Span,
}

/// `region …` / `description "…"` at the top level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<'a> {
    pub key: Word<'a>,
    pub values: Vec<Value<'a>>,
    pub span: Span,
    pub broken: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Setting(Setting<'a>),
    Block(Block<'a>),
}

/// A `#` comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment<'a> {
    /// The text after `#`.
    pub text: &'a str,
    /// Including the `#`.
    pub span: Span,
    /// Nothing but whitespace before it on its line.
    pub own_line: bool,
}

/// A parsed file. Parsing never fails: a file always has an AST, possibly
/// with the syntax errors beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File<'a> {
    pub items: Vec<Item<'a>>,
    pub comments: Vec<Comment<'a>>,
}
