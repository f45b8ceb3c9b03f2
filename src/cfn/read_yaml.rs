//! The YAML reader: `saphyr-parser` events folded into the positioned tree.
//!
//! `saphyr-parser` is a YAML 1.2 event parser (the maintained successor of
//! `yaml-rust`, passing the YAML test suite) that reports a span for every
//! event and hands custom tags through untouched, which is exactly what
//! CloudFormation's short forms need. It borrows scalars from the input
//! when it can and resolves no types itself, so the types are decided here
//! the way CloudFormation decides them:
//!
//! - dates and timestamps stay strings (`AWSTemplateFormatVersion:
//!   2010-09-09` is the string CloudFormation expects);
//! - numbers keep their source text (`0012` is not turned into 10 or 12);
//! - booleans are YAML 1.1's: CloudFormation reads an unquoted `yes`, `No`,
//!   `ON` or `off` as a boolean (a tag `Value: YES` is deployed as `"true"`,
//!   which is why `aws cloudformation package` quotes those words), so
//!   netlint does too; `y` and `n` stay strings as in PyYAML;
//! - `~`, `null` and an empty value are null.
//!
//! Anchors and aliases are expanded (CloudFormation rejects them, but
//! `aws cloudformation package` and SAM expand them before deploying), each
//! with a warning, and the expansion is bounded so a "billion laughs" file
//! fails with a message instead of eating the memory. Merge keys (`<<`) are
//! applied the same way. The tree is built with an explicit stack, so depth
//! is a checked number, not the size of the thread's stack.

use super::node::{Entry, FnCall, Func, Node, NodeKind, ScalarKind, Style};
use super::problem::{Problem, ProblemKind};
use super::read_json::{KeySet, MAX_DEPTH, map_node};
use crate::span::Span;
use foldhash::{HashMap, HashMapExt};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::borrow::Cow;

/// How many nodes anchors and aliases may copy in one file. cfn-lint
/// rejects expansions past 250,000 nodes; a deployable template is far
/// below either figure.
pub const MAX_COPIED_NODES: usize = 1_000_000;

/// Reads one YAML document. The tree is `None` after a syntax error or a
/// limit; everything else (duplicate keys, unknown tags, aliases) is
/// reported and reading goes on.
pub fn read_yaml(src: &str) -> (Option<Node<'_>>, Vec<Problem>) {
    let mut b = Builder {
        src,
        offsets: Offsets::new(src),
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        copy_budget: MAX_COPIED_NODES,
        problems: Vec::new(),
        documents: 0,
    };
    let fatal = b.run();
    let mut problems = b.problems;
    if let Some(p) = fatal {
        problems.push(p);
        return (None, problems);
    }
    match b.root {
        Some(root) => (Some(root), problems),
        None => {
            problems.push(Problem::error(
                ProblemKind::Syntax,
                Span::new(0, 0),
                "the file holds no YAML document",
            ));
            (None, problems)
        }
    }
}

/// saphyr reports positions in characters; spans are bytes. For ASCII
/// input they are the same; otherwise each non-ASCII character is recorded
/// once with the bytes it adds, and a lookup is a binary search.
struct Offsets {
    /// (character index just after a multi-byte character, extra bytes
    /// so far).
    extra: Vec<(usize, usize)>,
    len: usize,
}

impl Offsets {
    fn new(src: &str) -> Self {
        let mut extra = Vec::new();
        if !src.is_ascii() {
            let mut total = 0;
            for (ci, ch) in src.chars().enumerate() {
                let n = ch.len_utf8();
                if n > 1 {
                    total += n - 1;
                    extra.push((ci + 1, total));
                }
            }
        }
        Offsets {
            extra,
            len: src.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let i = self.extra.partition_point(|&(ci, _)| ci <= char_index);
        let add = if i == 0 { 0 } else { self.extra[i - 1].1 };
        (char_index + add).min(self.len)
    }
}

enum Frame<'s> {
    Seq {
        start: usize,
        tag: Option<TagInfo>,
        anchor: usize,
        items: Vec<Node<'s>>,
    },
    Map {
        start: usize,
        tag: Option<TagInfo>,
        anchor: usize,
        entries: Vec<Entry<'s>>,
        keys: KeySet<'s>,
        key: Option<(Cow<'s, str>, Span)>,
        /// Entries from `<<` merge keys, applied where no explicit key is.
        merged: Vec<Entry<'s>>,
    },
}

/// A tag as the tree needs it.
#[derive(Clone, Copy)]
enum TagInfo {
    Fn(Func, Span),
    Condition(Span),
    /// `!!str`, `!!int`, … from the core schema.
    Core(ScalarKind),
    /// `!!map`, `!!seq` and tags reported as unknown: no effect.
    Ignore,
}

struct Builder<'s> {
    src: &'s str,
    offsets: Offsets,
    stack: Vec<Frame<'s>>,
    root: Option<Node<'s>>,
    anchors: HashMap<usize, Node<'s>>,
    copy_budget: usize,
    problems: Vec<Problem>,
    documents: usize,
}

fn count_nodes(node: &Node<'_>) -> usize {
    let mut n = 0;
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        n += 1;
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => todo.extend(items),
            NodeKind::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
            NodeKind::Fn(call) => todo.push(&call.arg),
        }
    }
    n
}

impl<'s> Builder<'s> {
    fn span(&self, sp: saphyr_parser::Span) -> Span {
        let start = self.offsets.byte(sp.start.index());
        let end = self.offsets.byte(sp.end.index()).max(start);
        Span::new(start as u32, end as u32)
    }

    /// Runs the parser to the end; returns the problem that stopped it.
    fn run(&mut self) -> Option<Problem> {
        let src = self.src;
        let mut parser = Parser::new_from_str(src);
        while let Some(next) = parser.next_event() {
            let (event, sp) = match next {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.offsets.byte(e.marker().index());
                    let end = (at + 1..=src.len())
                        .find(|&i| src.is_char_boundary(i))
                        .unwrap_or(at);
                    let span = Span::new(at as u32, end as u32);
                    // The scanner's own limit on flow nesting (`[[[…`, 255
                    // levels) is the same fault as ours on block nesting.
                    if e.info() == "recursion limit exceeded" {
                        return Some(Problem::error(
                            ProblemKind::TooDeep,
                            span,
                            "`[` and `{` nested deeper than 255 levels",
                        ));
                    }
                    return Some(Problem::error(
                        ProblemKind::Syntax,
                        span,
                        format!("YAML syntax: {}", e.info()),
                    ));
                }
            };
            let span = self.span(sp);
            let result = match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        Err(Problem::error(
                            ProblemKind::Syntax,
                            span,
                            "a second YAML document: a template is one document",
                        )
                        .with_help("remove the `---` line and what follows, or split the file"))
                    } else {
                        Ok(())
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    self.scalar(text, style, anchor, tag.as_deref(), span)
                }
                Event::SequenceStart(anchor, tag) => {
                    let tag = self.tag(tag.as_deref(), span);
                    self.open(
                        Frame::Seq {
                            start: span.start as usize,
                            tag,
                            anchor,
                            items: Vec::new(),
                        },
                        span,
                    )
                }
                Event::MappingStart(anchor, tag) => {
                    let tag = self.tag(tag.as_deref(), span);
                    self.open(
                        Frame::Map {
                            start: span.start as usize,
                            tag,
                            anchor,
                            entries: Vec::new(),
                            keys: KeySet::default(),
                            key: None,
                            merged: Vec::new(),
                        },
                        span,
                    )
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span),
                Event::Alias(id) => self.alias(id, span),
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                    Ok(())
                }
            };
            if let Err(p) = result {
                return Some(p);
            }
        }
        None
    }

    fn open(&mut self, frame: Frame<'s>, span: Span) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Problem::error(
                ProblemKind::TooDeep,
                span,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// The span of a tag `!Name` inside a node that starts with it (an
    /// anchor may come first).
    fn tag_span(&self, node: Span, text: &str) -> Span {
        let hay = node.text(self.src);
        match hay.find(text) {
            Some(i) => Span::new(node.start + i as u32, node.start + (i + text.len()) as u32),
            None => Span::new(node.start, node.start),
        }
    }

    fn tag(&mut self, tag: Option<&Tag>, node: Span) -> Option<TagInfo> {
        let tag = tag?;
        if tag.handle == "!" {
            if tag.suffix == "Condition" {
                return Some(TagInfo::Condition(self.tag_span(node, "!Condition")));
            }
            if let Some(func) = Func::from_tag(&tag.suffix) {
                let name = format!("!{}", tag.suffix);
                return Some(TagInfo::Fn(func, self.tag_span(node, &name)));
            }
        } else if tag.is_yaml_core_schema() {
            return Some(match tag.suffix.as_str() {
                "str" => TagInfo::Core(ScalarKind::Str),
                "int" | "float" => TagInfo::Core(ScalarKind::Number),
                "bool" => TagInfo::Core(ScalarKind::Bool(false)),
                "null" => TagInfo::Core(ScalarKind::Null),
                _ => TagInfo::Ignore,
            });
        }
        let shown = if tag.handle == "!" {
            format!("!{}", tag.suffix)
        } else {
            format!("{}{}", tag.handle, tag.suffix)
        };
        let at = self.tag_span(node, &shown);
        let mut p = Problem::error(
            ProblemKind::UnknownTag,
            if at.is_empty() { node } else { at },
            format!("`{shown}` is not a CloudFormation tag"),
        );
        if let Some(close) = crate::cfn::node::closest_tag(&tag.suffix) {
            p = p.with_help(format!("did you mean `!{close}`?"));
        } else {
            p = p.with_help("the short forms are `!Ref`, `!GetAtt`, `!Sub`, `!Join`, `!If`, … (the function name without `Fn::`)");
        }
        self.problems.push(p);
        Some(TagInfo::Ignore)
    }

    fn scalar(
        &mut self,
        text: Cow<'s, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        mut span: Span,
    ) -> Result<(), Problem> {
        // saphyr's end marker can include whitespace after a quoted scalar.
        let bytes = self.src.as_bytes();
        while span.end > span.start && matches!(bytes[span.end as usize - 1], b' ' | b'\t') {
            span.end -= 1;
        }
        let tag = self.tag(tag, span);
        let style = match style {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        };
        let kind = match (tag, style) {
            (Some(TagInfo::Core(ScalarKind::Bool(_))), _) => plain_kind(&text)
                .filter(|k| matches!(k, ScalarKind::Bool(_)))
                .unwrap_or(ScalarKind::Str),
            (Some(TagInfo::Core(kind)), _) => kind,
            (_, Style::Plain) => plain_kind(&text).unwrap_or(ScalarKind::Str),
            _ => ScalarKind::Str,
        };
        let node = Node::scalar(span, text, kind, style);
        let node = self.apply_tag(node, tag);
        self.finish(node, anchor)
    }

    /// Wraps a tagged node in its function call: the call spans the tag
    /// and the argument, the argument only what follows the tag.
    fn apply_tag(&mut self, mut node: Node<'s>, tag: Option<TagInfo>) -> Node<'s> {
        let span = node.span;
        if let Some(TagInfo::Fn(_, name) | TagInfo::Condition(name)) = tag
            && !name.is_empty()
            && name.end <= span.end
        {
            let bytes = self.src.as_bytes();
            let mut start = name.end;
            while start < span.end && matches!(bytes[start as usize], b' ' | b'\t' | b'\r' | b'\n')
            {
                start += 1;
            }
            node.span = Span::new(start, span.end);
        }
        match tag {
            Some(TagInfo::Fn(func, name_span)) => Node {
                span,
                kind: NodeKind::Fn(Box::new(FnCall {
                    func,
                    name_span,
                    arg: node,
                })),
            },
            Some(TagInfo::Condition(name_span)) => Node {
                span,
                kind: NodeKind::Map(vec![Entry {
                    key: Cow::Borrowed("Condition"),
                    key_span: name_span,
                    value: node,
                }]),
            },
            _ => node,
        }
    }

    fn close(&mut self, end_span: Span) -> Result<(), Problem> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // A flow collection's end event covers its `]` or `}`; a block
        // collection's is empty and sits at the next token, past comments.
        let end_of = |last: Option<Span>, start: usize| -> u32 {
            if !end_span.is_empty() {
                end_span.end
            } else {
                last.map_or(start as u32, |s| s.end)
            }
        };
        match frame {
            Frame::Seq {
                start,
                tag,
                anchor,
                items,
            } => {
                let end = end_of(items.last().map(|n| n.span), start).max(start as u32);
                let node = Node {
                    span: Span::new(start as u32, end),
                    kind: NodeKind::Seq(items),
                };
                let node = self.apply_tag(node, tag);
                self.finish(node, anchor)
            }
            Frame::Map {
                start,
                tag,
                anchor,
                mut entries,
                mut keys,
                key,
                merged,
            } => {
                if let Some((k, key_span)) = key {
                    // A key without a value cannot happen in YAML events,
                    // but a broken stream must not lose it silently.
                    return Err(Problem::error(
                        ProblemKind::Syntax,
                        key_span,
                        format!("the key `{k}` has no value"),
                    ));
                }
                if !merged.is_empty() {
                    // Explicit keys win over merged ones; among merged
                    // mappings the first wins.
                    let mut seen: std::collections::HashSet<String> =
                        entries.iter().map(|e| e.key.to_string()).collect();
                    for e in merged {
                        if seen.insert(e.key.to_string())
                            && let Some(p) = keys.insert(&mut entries, e)
                        {
                            self.problems.push(p);
                        }
                    }
                }
                let end = end_of(entries.last().map(|e| e.value.span), start).max(start as u32);
                let span = Span::new(start as u32, end);
                let node = map_node(span, entries);
                let node = self.apply_tag(node, tag);
                self.finish(node, anchor)
            }
        }
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), Problem> {
        let Some(target) = self.anchors.get(&id) else {
            return Err(Problem::error(
                ProblemKind::Syntax,
                span,
                "this alias names no complete anchor (an alias cannot refer to the node that contains it)",
            ));
        };
        let n = count_nodes(target);
        if n > self.copy_budget {
            return Err(Problem::error(
                ProblemKind::TooLarge,
                span,
                format!("YAML aliases expand to more than {MAX_COPIED_NODES} nodes"),
            )
            .with_help(
                "this looks like a \"billion laughs\" file; CloudFormation rejects aliases anyway",
            ));
        }
        self.copy_budget -= n;
        let mut node = target.clone();
        node.span = span;
        self.problems.push(
            Problem::warning(
                ProblemKind::YamlAlias,
                span,
                "a YAML alias: CloudFormation rejects templates with aliases",
            )
            .with_help("netlint expands it as `aws cloudformation package` and SAM do; deploy through one of them, or write the value out"),
        );
        self.finish(node, 0)
    }

    /// A complete node: remember it if anchored, then hand it to its parent.
    fn finish(&mut self, node: Node<'s>, anchor: usize) -> Result<(), Problem> {
        if anchor != 0 {
            let n = count_nodes(&node);
            if n > self.copy_budget {
                return Err(Problem::error(
                    ProblemKind::TooLarge,
                    node.span,
                    format!("YAML anchors copy more than {MAX_COPIED_NODES} nodes"),
                ));
            }
            self.copy_budget -= n;
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                entries,
                keys,
                key,
                merged,
                ..
            }) => match key.take() {
                None => match node.kind {
                    NodeKind::Scalar(s) => {
                        *key = Some((s.text, node.span));
                        Ok(())
                    }
                    _ => Err(Problem::error(
                        ProblemKind::Syntax,
                        node.span,
                        format!("a mapping key must be a string, not {}", node.describe()),
                    )),
                },
                Some((k, key_span)) => {
                    if k == "<<" {
                        let sources: Vec<Node<'s>> = match node.kind {
                            NodeKind::Map(_) => vec![node],
                            NodeKind::Seq(items) => items,
                            _ => {
                                return Err(Problem::error(
                                    ProblemKind::Syntax,
                                    node.span,
                                    "a merge key `<<` takes a mapping or a list of mappings",
                                ));
                            }
                        };
                        for source in sources {
                            match source.kind {
                                NodeKind::Map(from) => {
                                    merged.extend(from);
                                }
                                _ => {
                                    return Err(Problem::error(
                                        ProblemKind::Syntax,
                                        source.span,
                                        "a merge key `<<` takes a mapping or a list of mappings",
                                    ));
                                }
                            }
                        }
                        self.problems.push(
                            Problem::warning(
                                ProblemKind::YamlAlias,
                                key_span,
                                "a YAML merge key: CloudFormation rejects templates with `<<`",
                            )
                            .with_help("netlint merges it as `aws cloudformation package` does; deploy through it, or write the keys out"),
                        );
                        return Ok(());
                    }
                    let entry = Entry {
                        key: k,
                        key_span,
                        value: node,
                    };
                    if let Some(p) = keys.insert(entries, entry) {
                        self.problems.push(p);
                    }
                    Ok(())
                }
            },
        }
    }
}

/// What an untagged plain scalar is, as CloudFormation reads it; `None`
/// for a string.
pub fn plain_kind(text: &str) -> Option<ScalarKind> {
    // Most plain scalars are names and types: one look at the first byte
    // rules them out.
    if let Some(&c) = text.as_bytes().first()
        && !matches!(
            c,
            b'0'..=b'9'
                | b'+'
                | b'-'
                | b'.'
                | b'~'
                | b'n'
                | b'N'
                | b't'
                | b'T'
                | b'f'
                | b'F'
                | b'y'
                | b'Y'
                | b'o'
                | b'O'
        )
    {
        return None;
    }
    Some(match text {
        "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
            ScalarKind::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            ScalarKind::Bool(false)
        }
        _ if is_number(text) => ScalarKind::Number,
        _ => return None,
    })
}

/// YAML 1.2 core-schema numbers: decimal, `0o` octal, `0x` hex, floats,
/// `.inf` and `.nan`.
fn is_number(t: &str) -> bool {
    let b = t.as_bytes();
    if let Some(rest) = t.strip_prefix("0o") {
        return !rest.is_empty() && rest.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    if let Some(rest) = t.strip_prefix("0x") {
        return !rest.is_empty() && rest.bytes().all(|c| c.is_ascii_hexdigit());
    }
    let unsigned = match b.first() {
        Some(b'-' | b'+') => &t[1..],
        _ => t,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(t, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::read_json::read_json;

    fn read(src: &str) -> Node<'_> {
        let (node, problems) = read_yaml(src);
        assert!(problems.is_empty(), "{problems:?}");
        node.expect("a tree")
    }

    fn kind_of<'a>(node: &'a Node<'a>, key: &str) -> (&'a str, ScalarKind) {
        let s = node.get(key).unwrap().as_scalar().unwrap();
        (&s.text, s.kind)
    }

    #[test]
    fn scalars_are_typed_as_cloudformation_reads_them() {
        let src = "a: 2010-09-09\nb: 0012\nc: Yes\nd: off\ne: '1'\nf:\ng: ~\nh: 1.5e3\ni: y\nj: 0x1F\nk: !!str 12\nl: 10.0.0.0/16\nm: -1\n";
        let n = read(src);
        assert_eq!(kind_of(&n, "a"), ("2010-09-09", ScalarKind::Str));
        assert_eq!(kind_of(&n, "b"), ("0012", ScalarKind::Number));
        assert_eq!(kind_of(&n, "c"), ("Yes", ScalarKind::Bool(true)));
        assert_eq!(n.get("c").unwrap().as_text(), Some("true"));
        assert_eq!(kind_of(&n, "d"), ("off", ScalarKind::Bool(false)));
        assert_eq!(kind_of(&n, "e"), ("1", ScalarKind::Str));
        assert_eq!(kind_of(&n, "f").1, ScalarKind::Null);
        assert_eq!(kind_of(&n, "g").1, ScalarKind::Null);
        assert_eq!(kind_of(&n, "h"), ("1.5e3", ScalarKind::Number));
        assert_eq!(kind_of(&n, "i"), ("y", ScalarKind::Str));
        assert_eq!(kind_of(&n, "j").1, ScalarKind::Number);
        assert_eq!(kind_of(&n, "k"), ("12", ScalarKind::Str));
        assert_eq!(kind_of(&n, "l").1, ScalarKind::Str);
        assert_eq!(kind_of(&n, "m"), ("-1", ScalarKind::Number));
    }

    #[test]
    fn numbers() {
        for yes in [
            "0", "12", "-3", "+4", "1.5", ".5", "5.", "1e9", "1.2E-3", ".inf", "-.Inf", ".nan",
            "0o17",
        ] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            "",
            ".",
            "1.2.3",
            "e5",
            "1e",
            "0x",
            "1_000",
            "10.0.0.0",
            "2010-09-09",
            "+",
            "0o8",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn spans_slice_to_the_exact_text() {
        let src = "Resources:\n  Vpc:   # the VPC\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref Cidr\n      Tags: [{Key: Name, Value: \"vé\"}]\n";
        let n = read(src);
        let vpc = n.get("Resources").unwrap().entry("Vpc").unwrap();
        assert_eq!(vpc.key_span.text(src), "Vpc");
        assert_eq!(
            vpc.value.get("Type").unwrap().span.text(src),
            "AWS::EC2::VPC"
        );
        let props = vpc.value.get("Properties").unwrap();
        let cidr = props.get("CidrBlock").unwrap();
        assert_eq!(cidr.span.text(src), "!Ref Cidr");
        let NodeKind::Fn(call) = &cidr.kind else {
            panic!()
        };
        assert_eq!(call.name_span.text(src), "!Ref");
        assert_eq!(call.arg.span.text(src), "Cidr");
        let tags = props.get("Tags").unwrap();
        assert_eq!(tags.span.text(src), "[{Key: Name, Value: \"vé\"}]");
        let tag = &tags.as_seq().unwrap()[0];
        assert_eq!(tag.span.text(src), "{Key: Name, Value: \"vé\"}");
        assert_eq!(tag.get("Value").unwrap().span.text(src), "\"vé\"");
        assert_eq!(
            props.span.text(src),
            "CidrBlock: !Ref Cidr\n      Tags: [{Key: Name, Value: \"vé\"}]"
        );
    }

    #[test]
    fn short_and_long_forms_read_the_same() {
        let short = "a: !Ref X\nb: !GetAtt R.Arn\nc: !Sub '${A}-b'\nd: !Join ['', [a, !Ref B]]\ne: !If [C, 1, !Ref AWS::NoValue]\nf: !Select [0, !GetAZs '']\ng: !Equals [!Ref P, 'true']\nh: !Not [!Condition C]\ni: !FindInMap [M, K, V]\nj: !Cidr [!Ref V, 6, 5]\nk: !Base64 x\nl: !ImportValue e\nm: !Split [',', !Ref L]\nn: !And [!Condition A, !Or [!Condition B, !Condition C]]\no: !GetAtt [R, Arn]\n";
        let long = "a: {Ref: X}\nb: {Fn::GetAtt: R.Arn}\nc: {Fn::Sub: '${A}-b'}\nd: {Fn::Join: ['', [a, {Ref: B}]]}\ne: {Fn::If: [C, 1, {Ref: AWS::NoValue}]}\nf: {Fn::Select: [0, {Fn::GetAZs: ''}]}\ng: {Fn::Equals: [{Ref: P}, 'true']}\nh: {Fn::Not: [{Condition: C}]}\ni: {Fn::FindInMap: [M, K, V]}\nj: {Fn::Cidr: [{Ref: V}, 6, 5]}\nk: {Fn::Base64: x}\nl: {Fn::ImportValue: e}\nm: {Fn::Split: [',', {Ref: L}]}\nn: {Fn::And: [{Condition: A}, {Fn::Or: [{Condition: B}, {Condition: C}]}]}\no: {Fn::GetAtt: [R, Arn]}\n";
        let json = r#"{"a": {"Ref": "X"}, "b": {"Fn::GetAtt": "R.Arn"}, "c": {"Fn::Sub": "${A}-b"}, "d": {"Fn::Join": ["", ["a", {"Ref": "B"}]]}, "e": {"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}, "f": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}, "g": {"Fn::Equals": [{"Ref": "P"}, "true"]}, "h": {"Fn::Not": [{"Condition": "C"}]}, "i": {"Fn::FindInMap": ["M", "K", "V"]}, "j": {"Fn::Cidr": [{"Ref": "V"}, 6, 5]}, "k": {"Fn::Base64": "x"}, "l": {"Fn::ImportValue": "e"}, "m": {"Fn::Split": [",", {"Ref": "L"}]}, "n": {"Fn::And": [{"Condition": "A"}, {"Fn::Or": [{"Condition": "B"}, {"Condition": "C"}]}]}, "o": {"Fn::GetAtt": ["R", "Arn"]}}"#;
        let s = read(short);
        let l = read(long);
        let (j, problems) = read_json(json);
        assert!(problems.is_empty());
        let j = j.unwrap();
        for (a, b) in s.as_map().unwrap().iter().zip(l.as_map().unwrap()) {
            assert!(
                a.value.same_shape(&b.value),
                "{}: {:?}\n{:?}",
                a.key,
                a.value,
                b.value
            );
        }
        assert!(s.same_shape(&l));
        assert!(s.same_shape(&j));
    }

    #[test]
    fn block_forms_of_tags() {
        let src = "a: !Sub\n  - '${A}-x'\n  - A: !Ref B\nb: !If\n  - C\n  - x\n  - y\n";
        let n = read(src);
        let a = n.get("a").unwrap();
        let NodeKind::Fn(call) = &a.kind else {
            panic!()
        };
        assert_eq!(call.func, Func::Sub);
        assert_eq!(a.span.text(src), "!Sub\n  - '${A}-x'\n  - A: !Ref B");
        assert_eq!(call.arg.as_seq().unwrap().len(), 2);
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let src = "a: 1\nb: 2\na: 3\n";
        let (node, problems) = read_yaml(src);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(problems[0].span.text(src), "a");
        assert_eq!(problems[0].span.start, 10);
        assert_eq!(problems[0].related[0].0, Span::new(0, 1));
        assert_eq!(node.unwrap().get("a").unwrap().as_text(), Some("3"));
    }

    #[test]
    fn unknown_tags_are_reported_with_a_suggestion() {
        let src = "a: !Reff X\n";
        let (node, problems) = read_yaml(src);
        assert!(node.is_some());
        assert_eq!(problems[0].kind, ProblemKind::UnknownTag);
        assert_eq!(problems[0].span.text(src), "!Reff");
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `!Ref`?"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let src = "a: [1, 2\nb: 3\n";
        let (node, problems) = read_yaml(src);
        assert!(node.is_none());
        assert_eq!(problems[0].kind, ProblemKind::Syntax);
        let src = "a: b: c\n";
        let (node, problems) = read_yaml(src);
        assert!(node.is_none());
        assert_eq!(problems[0].span.start, 4);
        let (node, problems) = read_yaml("a: 1\n---\nb: 2\n");
        assert!(node.is_none());
        assert!(problems[0].message.contains("second YAML document"));
        let (node, problems) = read_yaml("# only a comment\n");
        assert!(node.is_none());
        assert!(problems[0].message.contains("no YAML document"));
    }

    #[test]
    fn aliases_and_merge_keys_expand_with_a_warning() {
        let src = "base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n";
        let (node, problems) = read_yaml(src);
        let node = node.unwrap();
        assert!(
            node.get("copy")
                .unwrap()
                .same_shape(node.get("base").unwrap())
        );
        assert_eq!(node.get("copy").unwrap().span.text(src), "*b");
        let merged = node.get("merged").unwrap();
        assert_eq!(merged.get("y").unwrap().as_text(), Some("3"));
        assert_eq!(merged.get("x").unwrap().as_text(), Some("1"));
        assert_eq!(problems.len(), 3);
        assert!(problems.iter().all(|p| p.kind == ProblemKind::YamlAlias));
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            src.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let (node, problems) = read_yaml(&src);
        assert!(node.is_none());
        assert_eq!(problems.last().unwrap().kind, ProblemKind::TooLarge);
    }

    #[test]
    fn depth_is_limited() {
        let src = "[".repeat(MAX_DEPTH + 5);
        let (node, problems) = read_yaml(&src);
        assert!(node.is_none());
        assert!(!problems.is_empty());
        let mut deep = String::new();
        for i in 0..MAX_DEPTH + 5 {
            deep.push_str(&" ".repeat(i));
            deep.push_str("k:\n");
        }
        let (node, problems) = read_yaml(&deep);
        assert!(node.is_none());
        assert_eq!(problems.last().unwrap().kind, ProblemKind::TooDeep);
    }

    #[test]
    fn non_ascii_positions_are_bytes() {
        let src = "\u{feff}é: ü\nk: !Ref X\n";
        let n = read(src);
        let k = n.entry("k").unwrap();
        assert_eq!(k.key_span.text(src), "k");
        assert_eq!(k.value.span.text(src), "!Ref X");
        assert_eq!(n.entry("é").unwrap().value.span.text(src), "ü");
    }
}
