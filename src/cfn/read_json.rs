//! A JSON reader that keeps the byte span of every node and key.
//!
//! serde_json's `Value` forgets positions and keeps the last of two equal
//! keys without a word, so templates are read here: recursive descent over
//! bytes, strings borrowed unless they hold an escape, numbers kept as their
//! source text, a depth limit instead of a stack overflow, and the first
//! syntax error reported with its position (nothing after a syntax error in
//! JSON can be trusted). One pass, no backtracking: cost is linear in the
//! input.

use super::node::{Entry, FnCall, Func, Node, NodeKind, ScalarKind, Style};
use super::problem::{Problem, ProblemKind};
use crate::span::Span;
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// Deeper than any real template (the deepest in AWS's samples is under
/// 20); deep enough that a limit hit means a broken or hostile file.
pub const MAX_DEPTH: usize = 256;

/// Maps with more keys than this find duplicates through a hash map; below
/// it a linear scan is faster.
pub(crate) const LINEAR_KEYS: usize = 16;

/// Reads one JSON document. The tree is `None` only after a syntax error;
/// duplicate keys are reported and the last one kept (as CloudFormation
/// keeps it).
pub fn read_json(src: &str) -> (Option<Node<'_>>, Vec<Problem>) {
    let mut r = Reader {
        src,
        b: src.as_bytes(),
        pos: 0,
        problems: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
    };
    if src.starts_with('\u{feff}') {
        r.pos = 3;
    }
    let result = r.document();
    let mut problems = r.problems;
    match result {
        Ok(node) => (Some(node), problems),
        Err(e) => {
            problems.push(e);
            (None, problems)
        }
    }
}

struct Reader<'s> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    problems: Vec<Problem>,
    /// The entries and items of the objects and arrays being read, nested
    /// ones above their parents': each becomes a `Vec` of its exact size
    /// when it closes, one allocation instead of one per doubling.
    entries: Vec<Entry<'s>>,
    items: Vec<Node<'s>>,
}

type R<T> = Result<T, Problem>;

/// Eight bytes at `p` (the caller checked there are eight).
#[inline]
fn word(b: &[u8], p: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[p..p + 8]);
    u64::from_le_bytes(w)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each of the eight bytes that is `"`, `\\` or a control
/// character, without looking at each (the classic "has a zero byte" bit
/// trick; it can only err above a byte that truly matches, so the lowest
/// bit set marks the first special byte exactly).
#[inline]
fn special_mask(w: u64) -> u64 {
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let backslash = zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    quote | backslash | control
}

#[cfg(test)]
fn special(w: u64) -> bool {
    special_mask(w) != 0
}

/// How many of the eight bytes (`word` order: from `p` on) are spaces
/// before the first that is not.
#[inline]
fn leading_spaces(w: u64) -> usize {
    ((w ^ (ONES * u64::from(b' '))).trailing_zeros() / 8) as usize
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn span(start: usize, end: usize) -> Span {
    Span::new(start as u32, end as u32)
}

impl<'s> Reader<'s> {
    fn document(&mut self) -> R<Node<'s>> {
        self.skip_ws();
        if self.pos >= self.b.len() {
            return Err(self.error_at(self.pos, "the file is empty: expected a JSON object"));
        }
        let node = self.value(0)?;
        self.skip_ws();
        if self.pos < self.b.len() {
            return Err(self.error_at(
                self.pos,
                "unexpected text after the end of the JSON document",
            ));
        }
        Ok(node)
    }

    /// Most calls find no blank at all: those return at once.
    #[inline]
    fn skip_ws(&mut self) {
        if self.b.get(self.pos).is_some_and(|&c| is_ws(c)) {
            self.skip_ws_run();
        }
    }

    fn skip_ws_run(&mut self) {
        // Locals, not `self.pos`, in the hot loops: pretty-printed
        // templates are mostly indentation.
        let b = self.b;
        let mut p = self.pos;
        loop {
            // Spaces eight at a time (indentation, after a line break),
            // stopping exactly at the first other byte.
            while p + 8 <= b.len() {
                let n = leading_spaces(word(b, p));
                p += n;
                if n < 8 {
                    break;
                }
            }
            match b.get(p) {
                Some(&c) if is_ws(c) => p += 1,
                _ => break,
            }
        }
        self.pos = p;
    }

    /// A syntax error at `pos`, spanning the character there.
    fn error_at(&self, pos: usize, message: impl Into<String>) -> Problem {
        let end = if pos >= self.b.len() {
            pos
        } else {
            let mut e = pos + 1;
            while e < self.b.len() && !self.src.is_char_boundary(e) {
                e += 1;
            }
            e
        };
        Problem::error(ProblemKind::Syntax, span(pos, end), message)
    }

    fn found(&self) -> String {
        match self.src[self.pos.min(self.src.len())..].chars().next() {
            None => "the end of the file".to_string(),
            Some(c) => format!("`{}`", c.escape_debug()),
        }
    }

    fn value(&mut self, depth: usize) -> R<Node<'s>> {
        if depth > MAX_DEPTH {
            return Err(Problem::error(
                ProblemKind::TooDeep,
                span(self.pos, self.pos + 1),
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        let start = self.pos;
        match self.b.get(self.pos) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let text = self.string()?;
                Ok(Node::scalar(
                    span(start, self.pos),
                    text,
                    ScalarKind::Str,
                    Style::DoubleQuoted,
                ))
            }
            Some(b't') => self.word("true", ScalarKind::Bool(true)),
            Some(b'f') => self.word("false", ScalarKind::Bool(false)),
            Some(b'n') => self.word("null", ScalarKind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error_at(
                self.pos,
                format!("expected a JSON value, found {}", self.found()),
            )),
        }
    }

    fn word(&mut self, word: &'static str, kind: ScalarKind) -> R<Node<'s>> {
        let start = self.pos;
        if self.b[start..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node::scalar(
                span(start, self.pos),
                Cow::Borrowed(word),
                kind,
                Style::Plain,
            ))
        } else {
            Err(self.error_at(
                start,
                format!("expected a JSON value, found {}", self.found()),
            ))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.b.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> R<Node<'s>> {
        let start = self.pos;
        if self.b[self.pos] == b'-' {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = self.digits();
        if n == 0 {
            return Err(self.error_at(self.pos, "expected a digit"));
        }
        if n > 1 && self.b[int_start] == b'0' {
            return Err(self.error_at(
                int_start,
                "a JSON number cannot start with 0 (quote it: \"0…\")",
            ));
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error_at(self.pos, "expected a digit after the decimal point"));
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error_at(self.pos, "expected a digit in the exponent"));
            }
        }
        Ok(Node::scalar(
            span(start, self.pos),
            Cow::Borrowed(&self.src[start..self.pos]),
            ScalarKind::Number,
            Style::Plain,
        ))
    }

    /// A string at `pos` (which holds `"`); leaves `pos` after the closing
    /// quote.
    fn string(&mut self) -> R<Cow<'s, str>> {
        let open = self.pos;
        self.pos += 1;
        let content = self.pos;
        // Fast path: no escape, borrow.
        let b = self.b;
        let mut p = content;
        loop {
            if p + 8 > b.len() {
                while p < b.len() && b[p] != b'"' && b[p] != b'\\' && b[p] >= 0x20 {
                    p += 1;
                }
                break;
            }
            let m = special_mask(word(b, p));
            if m != 0 {
                p += (m.trailing_zeros() / 8) as usize;
                break;
            }
            p += 8;
        }
        self.pos = p;
        match b.get(p) {
            None => return Err(self.unterminated(open)),
            Some(b'"') => {
                self.pos += 1;
                return Ok(Cow::Borrowed(&self.src[content..p]));
            }
            Some(b'\\') => {}
            Some(_) => {
                return Err(self.error_at(p, "a control character (a raw newline or tab) inside a string: write it as an escape such as \\n"));
            }
        }
        let mut out = String::with_capacity(self.pos - content + 16);
        out.push_str(&self.src[content..self.pos]);
        loop {
            let run = self.pos;
            while let Some(&c) = self.b.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[run..self.pos]);
            match self.b.get(self.pos) {
                None => return Err(self.unterminated(open)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(self.error_at(self.pos, "a control character (a raw newline or tab) inside a string: write it as an escape such as \\n"));
                }
            }
        }
    }

    fn unterminated(&self, open: usize) -> Problem {
        Problem::error(
            ProblemKind::Syntax,
            span(open, open + 1),
            "this string is never closed",
        )
        .with_help("add the closing `\"`")
    }

    /// One escape at `pos` (which holds `\`).
    fn escape(&mut self, out: &mut String) -> R<()> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.b.get(self.pos) {
            Some(&c) => c,
            None => return Err(self.error_at(at, "an escape at the end of the file")),
        };
        self.pos += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let hi = self.hex4(at)?;
                let ch = if (0xD800..0xDC00).contains(&hi) {
                    if self.b.get(self.pos) == Some(&b'\\')
                        && self.b.get(self.pos + 1) == Some(&b'u')
                    {
                        self.pos += 2;
                        let lo = self.hex4(at)?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(
                                self.bad_escape(at, "a high surrogate not followed by a low one")
                            );
                        }
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    } else {
                        None
                    }
                } else {
                    char::from_u32(hi)
                };
                match ch {
                    Some(ch) => out.push(ch),
                    None => return Err(self.bad_escape(at, "an unpaired surrogate")),
                }
            }
            _ => return Err(self.bad_escape(at, "not a JSON escape")),
        }
        Ok(())
    }

    fn bad_escape(&self, at: usize, why: &str) -> Problem {
        let end = self.pos.min(self.b.len()).max(at + 1);
        let mut end = end;
        while end < self.b.len() && !self.src.is_char_boundary(end) {
            end += 1;
        }
        Problem::error(
            ProblemKind::Syntax,
            span(at, end),
            format!("bad escape in a string: {why}"),
        )
    }

    fn hex4(&mut self, at: usize) -> R<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.b.get(self.pos) {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.bad_escape(at, "\\u needs four hex digits")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> R<Node<'s>> {
        let start = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Node {
                span: span(start, self.pos),
                kind: NodeKind::Seq(Vec::new()),
            });
        }
        let base = self.items.len();
        loop {
            self.skip_ws();
            let item = self.value(depth + 1)?;
            self.items.push(item);
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    let items = self.items.drain(base..).collect();
                    return Ok(Node {
                        span: span(start, self.pos),
                        kind: NodeKind::Seq(items),
                    });
                }
                _ => {
                    return Err(self
                        .error_at(
                            self.pos,
                            format!("expected `,` or `]` in this list, found {}", self.found()),
                        )
                        .with_related(span(start, start + 1), "the list starts here"));
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> R<Node<'s>> {
        let start = self.pos;
        self.pos += 1;
        let mut keys = KeySet::default();
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Node {
                span: span(start, self.pos),
                kind: NodeKind::Map(Vec::new()),
            });
        }
        let base = self.entries.len();
        loop {
            self.skip_ws();
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(self
                    .error_at(
                        self.pos,
                        format!("expected a key in double quotes, found {}", self.found()),
                    )
                    .with_related(span(start, start + 1), "the object starts here"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = span(key_start, self.pos);
            self.skip_ws();
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.error_at(
                    self.pos,
                    format!("expected `:` after the key, found {}", self.found()),
                ));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            let entry = Entry {
                key,
                key_span,
                value,
            };
            if let Some(p) = keys.insert_above(&mut self.entries, base, entry) {
                self.problems.push(p);
            }
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    let entries = self.entries.drain(base..).collect();
                    return Ok(map_node(span(start, self.pos), entries));
                }
                _ => {
                    return Err(self
                        .error_at(
                            self.pos,
                            format!(
                                "expected `,` or `}}` in this object, found {}",
                                self.found()
                            ),
                        )
                        .with_related(span(start, start + 1), "the object starts here"));
                }
            }
        }
    }
}

/// A mapping node, or the intrinsic it spells: a one-key mapping whose key
/// is `Ref` or `Fn::…` is a function call in every section of a template.
pub(crate) fn map_node<'s>(span: Span, mut entries: Vec<Entry<'s>>) -> Node<'s> {
    if entries.len() == 1
        && let Some(func) = Func::from_key(&entries[0].key)
    {
        let entry = entries.pop().expect("one entry");
        return Node {
            span,
            kind: NodeKind::Fn(Box::new(FnCall {
                func,
                name_span: entry.key_span,
                arg: entry.value,
            })),
        };
    }
    Node {
        span,
        kind: NodeKind::Map(entries),
    }
}

/// Finds duplicate keys in linear time: a scan while the map is small, a
/// hash map of key → index once it is not.
#[derive(Default)]
pub(crate) struct KeySet<'s> {
    /// Keys borrow from the source like the entries do: no copy per key.
    index: Option<HashMap<Cow<'s, str>, usize>>,
}

impl<'s> KeySet<'s> {
    /// Adds `entry`; a duplicate replaces the earlier value (the last one
    /// wins, as in CloudFormation) and is reported with both positions.
    pub(crate) fn insert(
        &mut self,
        entries: &mut Vec<Entry<'s>>,
        entry: Entry<'s>,
    ) -> Option<Problem> {
        self.insert_above(entries, 0, entry)
    }

    /// [`KeySet::insert`] for the mapping made of `entries[base..]`.
    pub(crate) fn insert_above(
        &mut self,
        all: &mut Vec<Entry<'s>>,
        base: usize,
        entry: Entry<'s>,
    ) -> Option<Problem> {
        let entries = &all[base..];
        let existing = match &mut self.index {
            None => {
                let found = entries.iter().position(|e| e.key == entry.key);
                if found.is_none() && entries.len() + 1 > LINEAR_KEYS {
                    let mut map = HashMap::with_capacity(entries.len() * 2);
                    for (i, e) in entries.iter().enumerate() {
                        map.insert(e.key.clone(), i);
                    }
                    map.insert(entry.key.clone(), entries.len());
                    self.index = Some(map);
                }
                found
            }
            Some(map) => match map.get(entry.key.as_ref()) {
                Some(&i) => Some(i),
                None => {
                    map.insert(entry.key.clone(), entries.len());
                    None
                }
            },
        };
        let entries = &mut all[base..];
        match existing {
            None => {
                all.push(entry);
                None
            }
            Some(i) => {
                let first = entries[i].key_span;
                let p = Problem::error(
                    ProblemKind::DuplicateKey,
                    entry.key_span,
                    format!("`{}` appears twice in this mapping", entry.key),
                )
                .with_related(first, "first here")
                .with_help("remove one of them: CloudFormation silently keeps only the last");
                entries[i] = entry;
                Some(p)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> Node<'_> {
        let (node, problems) = read_json(src);
        assert!(problems.is_empty(), "{problems:?}");
        node.expect("a tree")
    }

    fn error(src: &str) -> Problem {
        let (node, mut problems) = read_json(src);
        assert!(node.is_none());
        problems.pop().expect("a problem")
    }

    #[test]
    fn spans_slice_to_the_exact_text() {
        let src = r#" {"a": [1, -2.5e3, "x\"y"], "b": {"c": null}, "d": true} "#;
        let node = read(src);
        let a = node.entry("a").unwrap();
        assert_eq!(a.key_span.text(src), r#""a""#);
        assert_eq!(a.value.span.text(src), r#"[1, -2.5e3, "x\"y"]"#);
        let items = a.value.as_seq().unwrap();
        assert_eq!(items[1].span.text(src), "-2.5e3");
        assert_eq!(items[1].as_text(), Some("-2.5e3"));
        assert_eq!(items[2].as_text(), Some("x\"y"));
        assert_eq!(node.get("b").unwrap().span.text(src), r#"{"c": null}"#);
        assert_eq!(node.span.text(src), src.trim());
    }

    #[test]
    fn intrinsics_become_calls() {
        let src =
            r#"{"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["R", "Arn"]}, "c": {"Ref": "X", "y": 1}}"#;
        let node = read(src);
        let NodeKind::Fn(call) = &node.get("a").unwrap().kind else {
            panic!()
        };
        assert_eq!(call.func, Func::Ref);
        assert_eq!(call.name_span.text(src), r#""Ref""#);
        let NodeKind::Fn(call) = &node.get("b").unwrap().kind else {
            panic!()
        };
        assert_eq!(call.func, Func::GetAtt);
        assert!(matches!(node.get("c").unwrap().kind, NodeKind::Map(_)));
    }

    #[test]
    fn escapes_decode_and_strings_without_them_borrow() {
        let node = read(r#"["a\u00e9\ud83d\ude00\n", "plain"]"#);
        let items = node.as_seq().unwrap();
        assert_eq!(items[0].as_text(), Some("aé😀\n"));
        let NodeKind::Scalar(s) = &items[1].kind else {
            panic!()
        };
        assert!(matches!(s.text, Cow::Borrowed("plain")));
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_positions_and_the_last_kept() {
        let src = r#"{"a": 1, "b": 2, "a": 3}"#;
        let (node, problems) = read_json(src);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(problems[0].span, Span::new(17, 20));
        assert_eq!(problems[0].related[0].0, Span::new(1, 4));
        assert_eq!(node.unwrap().get("a").unwrap().as_text(), Some("3"));
    }

    #[test]
    fn duplicates_in_big_maps_are_found_through_the_index() {
        let mut src = String::from("{");
        for i in 0..100 {
            src.push_str(&format!("\"k{i}\": {i},"));
        }
        src.push_str("\"k7\": 0}");
        let (node, problems) = read_json(&src);
        assert_eq!(problems.len(), 1);
        assert_eq!(node.unwrap().as_map().unwrap().len(), 100);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let p = error(r#"{"a": 1,, }"#);
        assert_eq!(p.kind, ProblemKind::Syntax);
        assert_eq!(p.span, Span::new(8, 9));
        let p = error(r#"{"a": "open"#);
        assert_eq!(p.span, Span::new(6, 7));
        assert!(p.message.contains("never closed"));
        let p = error("{\"a\": 01}");
        assert!(p.message.contains("cannot start with 0"));
        let p = error("{} x");
        assert!(p.message.contains("after the end"));
        let p = error("");
        assert!(p.message.contains("empty"));
        let p = error("{\"a\": tru}");
        assert_eq!(p.span, Span::new(6, 7));
        let p = error("[\"\\x\"]");
        assert!(p.message.contains("bad escape"));
        let p = error("{\"é\": ü}");
        assert_eq!(p.span.text("{\"é\": ü}"), "ü");
    }

    #[test]
    fn depth_is_limited() {
        let src = "[".repeat(MAX_DEPTH + 10);
        let p = error(&src);
        assert_eq!(p.kind, ProblemKind::TooDeep);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        read(&ok);
    }

    #[test]
    fn the_word_scan_finds_every_special_byte() {
        for special_byte in [b'"', b'\\', 0u8, 0x1f, b'\n'] {
            for at in 0..8 {
                let mut w = [b'a'; 8];
                w[at] = special_byte;
                assert!(special(u64::from_le_bytes(w)), "{special_byte} at {at}");
            }
        }
        assert!(!special(u64::from_le_bytes(*b"plain tx")));
        assert!(!special(u64::from_le_bytes([
            0x20, 0x7f, 0x80, 0xff, b'!', b'#', b'[', b']'
        ])));
        let long = format!("[\"{}\\n{}\"]", "x".repeat(37), "y".repeat(21));
        assert_eq!(
            read(&long).as_seq().unwrap()[0].as_text().unwrap().len(),
            59
        );
    }

    #[test]
    fn the_word_scan_stops_at_the_first_special_byte() {
        // Bytes just beside the special ones before it, anything after.
        let fillers = [0x21u8, b'!', b'#', b'[', b']', 0x7f, 0x80, 0xff];
        for special_byte in [b'"', b'\\', 0u8, 0x1f, b'\n'] {
            for at in 0..8 {
                for &fill in &fillers {
                    let mut w = [fill; 8];
                    w[at] = special_byte;
                    for later in w.iter_mut().skip(at + 1) {
                        *later = b'"';
                    }
                    let m = special_mask(u64::from_le_bytes(w));
                    assert_eq!(m.trailing_zeros() / 8, at as u32, "{special_byte} at {at}");
                }
            }
        }
        assert_eq!(leading_spaces(u64::from_le_bytes(*b"        ")), 8);
        assert_eq!(leading_spaces(u64::from_le_bytes(*b"   x    ")), 3);
        assert_eq!(leading_spaces(u64::from_le_bytes(*b"\n       ")), 0);
        let node = read("{\n        \t  \r\n                     \"a\"  :\t[ 1 ,\n  2 ]   \n}  ");
        assert_eq!(node.get("a").unwrap().as_seq().unwrap().len(), 2);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let node = read("\u{feff}{\"a\": 1}");
        assert_eq!(node.span, Span::new(3, 11));
    }
}
