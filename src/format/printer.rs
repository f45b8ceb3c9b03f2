//! The printer: the tree's tokens in order, and between each two of them a
//! *gap* whose layout (a line break, or a separator on the same line) is
//! decided once.
//!
//! A gap's layout is the canonical one unless a token beside it stands on a
//! *pinned* line — one that carries a comment at its end, or follows a
//! comment on its own line — where it is the source's: a suppression
//! comment silences by line, so such a line must hold the same tokens after
//! formatting. A gap that holds comments always breaks (a comment ends its
//! line). Every decision depends on the tokens, the comments and the pins,
//! which formatting keeps, and on the source's line breaks only where they
//! are kept too, so formatting twice changes nothing more.

use super::{Options, WIDTH};
use crate::syntax::ast::{Attribute, Block, Comment, File, Item, Scalar, Value, Word};

/// One level of indentation.
const INDENT: usize = 2;

pub(super) struct Printer<'a, 'f> {
    src: &'a str,
    /// Offsets of every `\n`, to turn an offset into a line.
    newlines: Vec<u32>,
    comments: &'f [Comment<'a>],
    /// The first comment not printed yet.
    next_comment: usize,
    /// Per line: whether its line breaks are the source's.
    pinned: Vec<bool>,
    out: String,
    /// Characters on the output's last line.
    col: usize,
    /// Line breaks written so far (the output's current line).
    out_line: usize,
    options: Options,
    /// The block being printed (0: the top level), for aligning comments.
    group: usize,
    /// Blocks begun so far.
    groups: usize,
    /// The output line of the last block header (`kind name {`).
    header_line: usize,
    /// Every comment written at the end of a line, when aligning them.
    trailing: Vec<Trailing>,
}

/// The group of a comment after a block's `{`: a run of its own.
const HEADER: usize = usize::MAX;

/// A comment at the end of an output line: where its ` #` was written,
/// the column there, its line and its block.
struct Trailing {
    at: usize,
    col: usize,
    line: usize,
    group: usize,
}

/// The space between two tokens.
struct Gap {
    /// The end of the token before (`None`: the start of the file).
    after: Option<u32>,
    /// The start of the token after (`None`: the end of the file).
    before: Option<u32>,
    /// The canonical choice: a line break, or `sep` on the same line.
    brk: bool,
    /// Written right after the token before, whatever the choice (`,`).
    lead: &'static str,
    /// Written between the two tokens when they share a line.
    sep: &'static str,
    /// Indentation of the token after, on a new line.
    indent: usize,
    /// Indentation of a comment on its own line in the gap.
    comment_indent: usize,
    /// Whether blank lines are kept in the gap at all (not in a list).
    blanks: bool,
    /// Whether a blank line may follow the token before (not after `{`).
    blank_first: bool,
    /// Whether a blank line may precede the token after (not before `}`).
    blank_last: bool,
}

impl Gap {
    /// A gap between two items of a sequence at `indent` (top-level items,
    /// a block's attributes), where blank lines are kept.
    fn between(after: Option<u32>, before: Option<u32>, brk: bool, indent: usize) -> Gap {
        Gap {
            after,
            before,
            brk,
            lead: "",
            sep: "; ",
            indent,
            comment_indent: indent,
            blanks: true,
            blank_first: true,
            blank_last: true,
        }
    }
}

/// Width of a text in columns (characters).
fn width(s: &str) -> usize {
    s.chars().count()
}

impl<'a, 'f> Printer<'a, 'f> {
    pub(super) fn new(src: &'a str, file: &'f File<'a>, options: Options) -> Self {
        let newlines: Vec<u32> = src
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i as u32)
            .collect();
        let mut p = Printer {
            src,
            pinned: vec![false; newlines.len() + 1],
            newlines,
            comments: &file.comments,
            next_comment: 0,
            out: String::with_capacity(src.len() + src.len() / 8),
            col: 0,
            out_line: 0,
            options,
            group: 0,
            groups: 0,
            header_line: 0,
            trailing: Vec::new(),
        };
        p.pin(file);
        p
    }

    /// The 0-based line of a byte offset.
    fn line(&self, offset: u32) -> usize {
        self.newlines.partition_point(|&n| n < offset)
    }

    /// Mark the lines whose breaks are the source's: a comment's own line
    /// when it ends a line, else the line of the first token after it.
    fn pin(&mut self, file: &File<'a>) {
        let mut starts = Vec::new();
        for item in &file.items {
            token_starts(item, &mut starts);
        }
        for c in self.comments {
            let line = if c.own_line {
                let i = starts.partition_point(|&s| s < c.span.start);
                match starts.get(i) {
                    Some(&s) => self.line(s),
                    None => continue,
                }
            } else {
                self.line(c.span.start)
            };
            self.pinned[line] = true;
        }
    }

    pub(super) fn print(mut self, file: &File<'a>) -> String {
        let mut after = None;
        // Whether the item before is a block printed on several lines.
        let mut tall_before = false;
        for item in &file.items {
            let span = match item {
                Item::Setting(s) => s.span,
                Item::Block(b) => b.span,
            };
            let mut gap = Gap::between(after, Some(span.start), true, 0);
            gap.blank_first = after.is_some();
            let spot = self.gap(gap);
            let first_line = self.out_line;
            match item {
                Item::Setting(s) => self.attribute(s.key, s.values, INDENT),
                Item::Block(b) => self.block(b),
            }
            // A multi-line block stands apart from its neighbours: only
            // now, printed, is it known to be one.
            let tall = matches!(item, Item::Block(_)) && self.out_line > first_line;
            // (Nothing stands above the first item: the file's head is
            // its own.)
            if (tall || tall_before)
                && after.is_some()
                && let Some(at) = spot
            {
                self.insert_blank(at);
            }
            tall_before = tall;
            after = Some(span.end);
        }
        self.gap(Gap::between(after, None, true, 0));
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        if self.options.align_comments {
            self.align_comments()
        } else {
            self.out
        }
    }

    /// Pad the comments that end consecutive lines of one block to one
    /// column (see the module's documentation).
    fn align_comments(self) -> String {
        let mut pads: Vec<(usize, usize)> = Vec::new();
        let flush = |run: &[Trailing], pads: &mut Vec<(usize, usize)>| {
            if run.len() >= 2 {
                let target = run.iter().map(|t| t.col).max().unwrap_or(0);
                pads.extend(run.iter().map(|t| (t.at, target - t.col)));
            }
        };
        let all = &self.trailing;
        let mut start = 0;
        for i in 1..all.len() {
            let (p, t) = (&all[i - 1], &all[i]);
            if p.group != t.group || t.group == HEADER || p.line + 1 != t.line {
                flush(&all[start..i], &mut pads);
                start = i;
            }
        }
        flush(&all[start..], &mut pads);
        if pads.is_empty() {
            return self.out;
        }
        let extra: usize = pads.iter().map(|p| p.1).sum();
        let mut out = String::with_capacity(self.out.len() + extra);
        let mut from = 0;
        for (at, n) in pads {
            out.push_str(&self.out[from..at]);
            out.extend(std::iter::repeat_n(' ', n));
            from = at;
        }
        out.push_str(&self.out[from..]);
        out
    }

    fn block(&mut self, b: &Block<'a>) {
        let outer_group = self.group;
        self.groups += 1;
        self.group = self.groups;
        self.header_line = self.out_line;
        self.block_body(b);
        self.group = outer_group;
    }

    fn block_body(&mut self, b: &Block<'a>) {
        // `kind name {` is on one line: the grammar wants it so.
        self.write(b.kind.text);
        self.write(" ");
        self.write(b.name.text);
        self.write(" {");
        let open = b.name.span.end;
        let close = b.span.end - 1;
        let one_line =
            !b.span.text(self.src).contains('\n') && self.col + self.block_width(b) <= WIDTH;
        let inner = self.indent_of_line() + INDENT;
        let outer = inner - INDENT;
        let Some((first, rest)) = b.attributes.split_first() else {
            self.gap(Gap {
                sep: "",
                blank_first: false,
                blank_last: false,
                comment_indent: inner,
                ..Gap::between(Some(open), Some(close), false, outer)
            });
            self.write("}");
            return;
        };
        self.gap(Gap {
            sep: " ",
            blank_first: false,
            ..Gap::between(Some(open), Some(first.span.start), !one_line, inner)
        });
        self.attribute(first.key, first.values, inner + INDENT);
        let mut prev = first;
        for a in rest {
            self.gap(Gap::between(
                Some(prev.span.end),
                Some(a.span.start),
                !one_line,
                inner,
            ));
            self.attribute(a.key, a.values, inner + INDENT);
            prev = a;
        }
        self.gap(Gap {
            sep: " ",
            blank_last: false,
            comment_indent: inner,
            ..Gap::between(Some(prev.span.end), Some(close), !one_line, outer)
        });
        self.write("}");
    }

    /// A setting or an attribute: `key value…`, a list's continuation
    /// lines at `cont`.
    fn attribute(&mut self, key: Word<'a>, values: &[Value<'a>], cont: usize) {
        self.write(key.text);
        for v in values {
            self.write(" ");
            match v {
                Value::Scalar(s) => self.scalar(s),
                Value::List { items, .. } => {
                    let (first, rest) = items.split_first().expect("a list has items");
                    self.scalar(first);
                    let mut prev = first;
                    for (i, s) in rest.iter().enumerate() {
                        let comma = usize::from(i + 1 < rest.len());
                        let fits = self.col + 2 + self.scalar_width(s) + comma <= WIDTH;
                        self.gap(Gap {
                            lead: ",",
                            sep: " ",
                            blanks: false,
                            comment_indent: cont,
                            ..Gap::between(Some(prev.span().end), Some(s.span().start), !fits, cont)
                        });
                        self.scalar(s);
                        prev = s;
                    }
                }
            }
        }
    }

    fn scalar(&mut self, s: &Scalar<'a>) {
        let text = self.scalar_text(s);
        self.write(text);
    }

    /// A scalar as written (a string with its quotes and escapes).
    fn scalar_text(&self, s: &Scalar<'a>) -> &'a str {
        match s {
            Scalar::Word(w) => w.text,
            Scalar::Str(st) => st.span.text(self.src),
        }
    }

    fn scalar_width(&self, s: &Scalar<'a>) -> usize {
        width(self.scalar_text(s))
    }

    fn values_width(&self, values: &[Value<'a>]) -> usize {
        values
            .iter()
            .map(|v| {
                1 + match v {
                    Value::Scalar(s) => self.scalar_width(s),
                    Value::List { items, .. } => {
                        items.iter().map(|s| self.scalar_width(s)).sum::<usize>()
                            + 2 * (items.len() - 1)
                    }
                }
            })
            .sum()
    }

    fn attribute_width(&self, a: &Attribute<'a>) -> usize {
        width(a.key.text) + self.values_width(a.values)
    }

    /// The width of `{ … }` on one line, after the header already written
    /// (its `{` counted there).
    fn block_width(&self, b: &Block<'a>) -> usize {
        if b.attributes.is_empty() {
            return 1;
        }
        let attrs: usize = b.attributes.iter().map(|a| self.attribute_width(a)).sum();
        // " a; b }" minus the `{` already counted.
        1 + attrs + 2 * (b.attributes.len() - 1) + 2
    }

    /// The indentation of the output's current line.
    fn indent_of_line(&self) -> usize {
        let line = match self.out.rfind('\n') {
            Some(i) => &self.out[i + 1..],
            None => &self.out[..],
        };
        line.len() - line.trim_start_matches(' ').len()
    }

    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.col += width(s);
    }

    /// ` #comment` at the end of the current line (remembered when
    /// comments are aligned).
    fn trailing_comment(&mut self, text: &str) {
        if self.options.align_comments {
            // A comment after a block's `{` belongs to no run: it speaks
            // for the block, not beside its first attribute.
            let header = self.group != 0 && self.out_line == self.header_line;
            self.trailing.push(Trailing {
                at: self.out.len(),
                col: self.col,
                line: self.out_line,
                group: if header { HEADER } else { self.group },
            });
        }
        self.write(" #");
        self.write(text);
    }

    /// End the line (and leave a blank one when `blank`), then indent.
    fn newline(&mut self, blank: bool, indent: usize) {
        self.out.push('\n');
        self.out_line += 1;
        if blank {
            self.out.push('\n');
            self.out_line += 1;
        }
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.col = indent;
    }

    /// Insert a blank line after the line break that ends at `at` in the
    /// output (a gap's first, see [`Printer::gap`]): the lines after it
    /// move down one, and so do the comments recorded on them.
    fn insert_blank(&mut self, at: usize) {
        self.out.insert(at, '\n');
        self.out_line += 1;
        for t in self.trailing.iter_mut().rev() {
            if t.at < at {
                break;
            }
            t.at += 1;
            t.line += 1;
        }
    }

    /// Whether the source leaves a blank line between two offsets.
    fn blank_between(&self, from: u32, to: u32) -> bool {
        let a = self.newlines.partition_point(|&n| n < from);
        let b = self.newlines.partition_point(|&n| n < to);
        b - a >= 2
    }

    /// Whether a whole line between a comment's end and `to` holds a `;`
    /// and nothing else: the line a suppression on its own line applies
    /// to, so it is kept (as one `;`) rather than letting the suppression
    /// reach the line after.
    fn lone_semicolon(&self, from: u32, to: u32) -> bool {
        let between = &self.src[from as usize..to as usize];
        let Some(first) = between.find('\n') else {
            return false;
        };
        let whole = match between.rfind('\n') {
            Some(last) => &between[first..last],
            None => "",
        };
        whole.contains(';')
    }

    /// Print a gap. Returns where a blank line may be added to it: after
    /// its first line break, above any comments on their own lines (they
    /// belong to what follows them), when the gap breaks a line and holds
    /// no blank line yet.
    fn gap(&mut self, g: Gap) -> Option<usize> {
        let from = g.after.unwrap_or(0);
        let to = g.before.unwrap_or(self.src.len() as u32);
        let first = self.next_comment;
        while self
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.span.start < to)
        {
            self.next_comment += 1;
        }
        let comments = &self.comments[first..self.next_comment];
        self.write(g.lead);
        let pinned = g.after.is_some_and(|a| self.pinned[self.line(a)])
            || g.before.is_some_and(|b| self.pinned[self.line(b)]);
        // The ends of the file hold no separator.
        let brk = if !comments.is_empty() || g.after.is_none() || g.before.is_none() {
            true
        } else if pinned {
            self.src[from as usize..to as usize].contains('\n')
        } else {
            g.brk
        };
        if !brk {
            self.write(g.sep);
            return None;
        }
        // The output just after the gap's first line break, and whether
        // any of its line breaks left a blank line.
        let mut spot = None;
        let mut blanked = false;
        // Where the last line printed ended in the source, and whether it
        // is the line of the token before (a blank line may not follow
        // that unless `blank_first`).
        let mut pos = from;
        let mut on_token_line = true;
        for (i, c) in comments.iter().enumerate() {
            let text = c.text.trim_end();
            let ends_token_line = g.after.is_some() && self.line(c.span.start) == self.line(from);
            if !c.own_line && ends_token_line {
                self.trailing_comment(text);
            } else {
                if !self.out.is_empty() {
                    let blank = g.blanks
                        && (!on_token_line || g.blank_first)
                        && self.blank_between(pos, c.span.start);
                    self.newline(blank, g.comment_indent);
                    spot = spot.or(Some(self.out.len() - g.comment_indent));
                    blanked |= blank;
                }
                // A comment after a lone `;` is not on its own line, and
                // keeps the `;`: a suppression there silences that line.
                if !c.own_line {
                    self.write("; ");
                }
                self.write("#");
                self.write(text);
                on_token_line = false;
                let next = comments.get(i + 1).map_or(to, |n| n.span.start);
                if c.own_line && self.lone_semicolon(c.span.end, next) {
                    self.newline(false, g.comment_indent);
                    self.write(";");
                }
            }
            pos = c.span.end;
        }
        if g.before.is_some() && !self.out.is_empty() {
            let blank = g.blanks
                && g.blank_last
                && (!on_token_line || g.blank_first)
                && self.blank_between(pos, to);
            self.newline(blank, g.indent);
            spot = spot.or(Some(self.out.len() - g.indent));
            blanked |= blank;
        }
        spot.filter(|_| !blanked)
    }
}

/// The start of every token of an item, in order.
fn token_starts(item: &Item<'_>, out: &mut Vec<u32>) {
    let attribute = |key: &Word<'_>, values: &[Value<'_>], out: &mut Vec<u32>| {
        out.push(key.span.start);
        for v in values {
            match v {
                Value::Scalar(s) => out.push(s.span().start),
                Value::List { items, .. } => out.extend(items.iter().map(|s| s.span().start)),
            }
        }
    };
    match item {
        Item::Setting(s) => attribute(&s.key, s.values, out),
        Item::Block(b) => {
            out.push(b.kind.span.start);
            for a in b.attributes {
                attribute(&a.key, a.values, out);
            }
            out.push(b.span.end - 1);
        }
    }
}
