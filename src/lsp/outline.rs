//! What the language server needs of the syntax tree, kept after the parse.
//!
//! The tree borrows from its source and its arena; a document keeps this
//! owned summary of it instead: the blocks (kind, name, attributes, the
//! words of their values, all as byte spans), the settings, the comments
//! and the suppressions (read by [`suppress::collect`], as the check reads
//! them). It is built from the same parse the check uses, so it also
//! exists for a file with errors, where there is no model.
//!
//! Names: a block declares its name; a word in an attribute whose schema
//! shape names a kind (`<subnet>, …`, `… from <cidr|security-group|self>`)
//! and that spells a declared name refers to that declaration. That is
//! what the resolver binds (or reports as E006, the wrong kind), read
//! from the schema, so a new kind's references work without change here.

use crate::diagnostics::line_index::LineIndex;
use crate::model::schema::{self, KindSpec};
use crate::span::Span;
use crate::suppress::{self, Allow};
use crate::syntax::{
    self,
    ast::{Item, Scalar, Value},
};
use std::collections::HashMap;

/// One scalar of an attribute's values.
#[derive(Clone, Copy, Debug)]
pub struct Piece {
    pub span: Span,
    /// A word (a string is `false`).
    pub word: bool,
}

#[derive(Clone, Debug)]
pub struct Attr {
    pub key: Span,
    /// From the key to the last value.
    pub span: Span,
    pub values: Vec<Piece>,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: Span,
    pub name: Span,
    pub span: Span,
    pub attrs: Vec<Attr>,
    /// The schema entry of the kind, when it is one.
    pub spec: Option<&'static KindSpec>,
}

#[derive(Clone, Debug)]
pub struct Setting {
    pub key: Span,
    pub span: Span,
    pub values: Vec<Piece>,
}

/// A name where it is written: declared by block `decl`, or referring to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameAt {
    pub span: Span,
    pub decl: usize,
}

pub struct Outline {
    pub blocks: Vec<Block>,
    pub settings: Vec<Setting>,
    /// Every `#` comment, in order.
    pub comments: Vec<Span>,
    pub allows: Vec<Allow>,
    pub syntax_errors: bool,
    /// Name → the block that first declares it.
    names: HashMap<String, usize>,
    /// Every reference to a declared name, in file order.
    refs: Vec<NameAt>,
}

fn scalars(values: &[Value<'_>]) -> Vec<Piece> {
    let one = |s: &Scalar<'_>| Piece {
        span: s.span(),
        word: matches!(s, Scalar::Word(_)),
    };
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::Scalar(s) => out.push(one(s)),
            Value::List { items, .. } => out.extend(items.iter().map(one)),
        }
    }
    out
}

/// The kinds a schema shape names: `<subnet>, …` → subnet; `<cidr|security-group|self>`
/// → security-group.
pub fn shape_kinds(shape: &str) -> impl Iterator<Item = &'static KindSpec> + '_ {
    placeholders(shape).filter_map(|p| schema::kind(p).map(|(_, k)| k))
}

/// The words inside a shape's `<…>`, alternatives split.
pub fn placeholders(shape: &str) -> impl Iterator<Item = &str> + '_ {
    shape
        .split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(inside, _)| inside))
        .flat_map(|inside| inside.split('|'))
}

/// The literal words of a shape (outside `<…>`), alternatives split:
/// `on|off`, `[allow|deny]`, `from`.
pub fn literals(shape: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut start = None;
    let mut push = |from: usize, to: usize, depth: u32| {
        let w = &shape[from..to];
        if depth == 0 && w.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(w);
        }
    };
    for (i, c) in shape.char_indices() {
        let separator =
            c.is_whitespace() || matches!(c, '[' | ']' | ',' | '|' | '…' | '"' | '<' | '>');
        if separator {
            if let Some(from) = start.take() {
                push(from, i, depth);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(from) = start {
        push(from, shape.len(), depth);
    }
    out
}

impl Outline {
    pub fn new(src: &str) -> Outline {
        let mut arena = syntax::Arena::new();
        let parse = syntax::parse(src, &mut arena);
        let lines = LineIndex::new(src);
        let allows = suppress::collect(src, &parse.file, &lines);
        let mut blocks = Vec::new();
        let mut settings = Vec::new();
        for item in &parse.file.items {
            match item {
                Item::Block(b) => blocks.push(Block {
                    kind: b.kind.span,
                    name: b.name.span,
                    span: b.span,
                    attrs: b
                        .attributes
                        .iter()
                        .map(|a| Attr {
                            key: a.key.span,
                            span: a.span,
                            values: scalars(a.values),
                        })
                        .collect(),
                    spec: schema::kind(b.kind.text).map(|(_, k)| k),
                }),
                Item::Setting(s) => settings.push(Setting {
                    key: s.key.span,
                    span: s.span,
                    values: scalars(s.values),
                }),
            }
        }
        let mut names = HashMap::new();
        for (i, b) in blocks.iter().enumerate() {
            if b.spec.is_some() && !b.name.is_empty() {
                names.entry(b.name.text(src).to_string()).or_insert(i);
            }
        }
        let mut refs = Vec::new();
        for b in &blocks {
            let Some(spec) = b.spec else { continue };
            for a in &b.attrs {
                let Some(slot) = spec.attr(a.key.text(src)) else {
                    continue;
                };
                if shape_kinds(spec.attrs[slot].shape).next().is_none() {
                    continue;
                }
                for v in a.values.iter().filter(|v| v.word) {
                    if let Some(&decl) = names.get(v.span.text(src)) {
                        refs.push(NameAt { span: v.span, decl });
                    }
                }
            }
        }
        Outline {
            blocks,
            settings,
            comments: parse.file.comments.iter().map(|c| c.span).collect(),
            allows,
            syntax_errors: !parse.errors.is_empty(),
            names,
            refs,
        }
    }

    /// The block that declares `name`.
    pub fn declaration(&self, name: &str) -> Option<usize> {
        self.names.get(name).copied()
    }

    /// The names declared with a kind, in file order.
    pub fn names_of<'s>(&self, src: &'s str, kind: &str) -> Vec<&'s str> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                b.spec.is_some_and(|k| k.kind == kind)
                    && self.names.get(b.name.text(src)) == Some(i)
            })
            .map(|(_, b)| b.name.text(src))
            .collect()
    }

    /// The declared name or reference under `offset` (its end included, so
    /// a cursor just after a name finds it).
    pub fn name_at(&self, src: &str, offset: u32) -> Option<NameAt> {
        let within = |s: Span| s.start <= offset && offset <= s.end && !s.is_empty();
        let i = self.refs.partition_point(|r| r.span.end < offset);
        if let Some(r) = self.refs.get(i).filter(|r| within(r.span)) {
            return Some(*r);
        }
        let b = self.block_at(offset)?;
        let block = &self.blocks[b];
        (within(block.name) && self.names.get(block.name.text(src)) == Some(&b)).then_some(NameAt {
            span: block.name,
            decl: b,
        })
    }

    /// Every occurrence of the name declared by block `decl`: the
    /// declaration first, then the references in file order.
    pub fn occurrences(&self, decl: usize) -> impl Iterator<Item = Span> + '_ {
        std::iter::once(self.blocks[decl].name).chain(
            self.refs
                .iter()
                .filter(move |r| r.decl == decl)
                .map(|r| r.span),
        )
    }

    /// The block whose span holds `offset`.
    pub fn block_at(&self, offset: u32) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.start <= offset);
        let i = i.checked_sub(1)?;
        (offset <= self.blocks[i].span.end).then_some(i)
    }

    /// The comment holding `offset`.
    pub fn comment_at(&self, offset: u32) -> Option<Span> {
        let i = self.comments.partition_point(|c| c.start <= offset);
        let c = *self.comments.get(i.checked_sub(1)?)?;
        (offset <= c.end).then_some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_name_kinds_and_literals() {
        let shape = "[allow|deny] <protocol> [<ports>] from <cidr|security-group|self>";
        let kinds: Vec<_> = shape_kinds(shape).map(|k| k.kind).collect();
        assert_eq!(kinds, ["security-group"]);
        assert_eq!(literals(shape), ["allow", "deny", "from"]);
        assert_eq!(literals("on|off"), ["on", "off"]);
        assert_eq!(
            literals("<cidr> -> <internet-gateway|nat-gateway>"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn references_follow_the_schema() {
        let src =
            "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc main\n cidr 10.0.1.0/24\n zone a }\n";
        let o = Outline::new(src);
        let main = o.declaration("main").unwrap();
        let spans: Vec<&str> = o.occurrences(main).map(|s| s.text(src)).collect();
        assert_eq!(spans, ["main", "main"]);
        // `zone a` is not a reference to subnet `a`: a zone is no kind.
        let a = o.declaration("a").unwrap();
        assert_eq!(o.occurrences(a).count(), 1);
        let at = src.rfind("main").unwrap() as u32 + 2;
        assert_eq!(o.name_at(src, at).map(|n| n.decl), Some(main));
    }
}
