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
        if !self.text.contains('\\') {
            return Cow::Borrowed(self.text);
        }
        Cow::Owned(self.decoded().map(|(c, _)| c).collect())
    }

    /// The characters of the value, each with the span of the source text
    /// it comes from (two bytes for an escape such as `\n`): what lets a
    /// check on the value point at the exact character it refuses.
    pub fn decoded(&self) -> impl Iterator<Item = (char, Span)> + 'a {
        let start = self.span.start + 1;
        let text = self.text;
        let mut chars = text.char_indices().peekable();
        let span = move |from: usize, to: usize| Span::new(start + from as u32, start + to as u32);
        let mut pending: Option<(char, Span)> = None;
        std::iter::from_fn(move || {
            if let Some(p) = pending.take() {
                return Some(p);
            }
            let (i, c) = chars.next()?;
            let end = i + c.len_utf8();
            if c != '\\' {
                return Some((c, span(i, end)));
            }
            let Some(&(j, e)) = chars.peek() else {
                return Some(('\\', span(i, end)));
            };
            chars.next();
            let whole = span(i, j + e.len_utf8());
            let decoded = match e {
                'n' => '\n',
                't' => '\t',
                '"' => '"',
                '\\' => '\\',
                other => {
                    // Unknown escape: kept as written, two characters.
                    pending = Some((other, span(j, j + other.len_utf8())));
                    return Some(('\\', span(i, end)));
                }
            };
            Some((decoded, whole))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_characters_keep_their_source_spans() {
        // `"a\n\qé"` at offset 10: the quote, then a, \n, \q (kept), é.
        let s = Str {
            text: "a\\n\\qé",
            span: Span::new(10, 10 + 2 + 7),
        };
        let got: Vec<(char, u32, u32)> = s.decoded().map(|(c, sp)| (c, sp.start, sp.end)).collect();
        assert_eq!(
            got,
            [
                ('a', 11, 12),
                ('\n', 12, 14),
                ('\\', 14, 15),
                ('q', 15, 16),
                ('é', 16, 18)
            ]
        );
        assert_eq!(s.value(), "a\n\\qé");
        let end = Str {
            text: "x\\",
            span: Span::new(0, 4),
        };
        assert_eq!(end.value(), "x\\");
    }
}
