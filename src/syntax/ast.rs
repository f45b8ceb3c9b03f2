//! The syntax tree: exactly what was written, with spans, nothing resolved.
//!
//! Zero-copy: words and strings borrow from the source; a string's escapes
//! are decoded only when its value is asked for. Every list in the tree is
//! a slice of its exact length in the parse's [`Arena`](super::Arena): the
//! parser builds it in a scratch vector and copies it there, so the tree
//! costs no allocation per node, nothing to free node by node, and every
//! node is `Copy`.

use crate::span::Span;
use std::borrow::Cow;

/// A word token: names, numbers, CIDRs, keywords, `->`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A `"…"` string literal, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    /// Between the quotes, escapes not decoded.
    pub text: &'a str,
    /// Including the quotes.
    pub span: Span,
}

impl<'a> Str<'a> {
    /// The string's value: its escapes decoded (borrowed when it has none).
    /// An unknown escape, already reported, is kept as written.
    pub fn value(&self) -> Cow<'a, str> {
        let text = self.text;
        if !text.contains('\\') {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        Cow::Owned(out)
    }
}

/// One scalar value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Scalar(Scalar<'a>),
    List { items: &'a [Scalar<'a>], span: Span },
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub key: Word<'a>,
    pub values: &'a [Value<'a>],
    /// From the key to the last value.
    pub span: Span,
    /// A syntax error was recovered from inside this attribute; its values
    /// are incomplete, and the resolver must not report them again.
    pub broken: bool,
}

/// `kind name { attribute… }`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub kind: Word<'a>,
    pub name: Word<'a>,
    pub attributes: &'a [Attribute<'a>],
    /// From the kind to the closing brace (or the end of what was parsed).
    pub span: Span,
}

/// `region …` / `description "…"` at the top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setting<'a> {
    pub key: Word<'a>,
    pub values: &'a [Value<'a>],
    pub span: Span,
    pub broken: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
