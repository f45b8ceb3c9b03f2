//! Byte offsets to 1-based line and column numbers.
//!
//! Spans are byte ranges; people and tools want lines and columns. Every
//! renderer that prints positions (json, sarif, github) goes through this
//! one index so they agree with each other to the character.
//!
//! Conventions, shared by all machine-readable outputs:
//! - lines and columns are 1-based;
//! - a column counts Unicode scalar values (Rust `char`s), not bytes, so
//!   `é` or `한` is one column;
//! - a line ends at `\n`; the `\r` of a `\r\n` pair belongs to the line
//!   terminator, so an offset on the `\r` or the `\n` is "just after the
//!   last visible character" of that line;
//! - the end of a span is exclusive: the position just after its last
//!   character.

use crate::span::Span;
use std::sync::OnceLock;

/// Bytes between two checkpoints of the character count (see
/// [`LineIndex::chars_between`]).
const CHUNK: usize = 4096;

/// A 1-based position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The start offsets of every line of one source text, for binary search.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset where each line starts; `starts[0] == 0`. Built on the
    /// first lookup: a clean file renders nothing and never pays for it.
    starts: OnceLock<Vec<usize>>,
    /// (byte offset, characters before it) at the first character boundary
    /// from each multiple of [`CHUNK`] bytes, built on the first column
    /// asked for far into a line: without it a file that is one long line
    /// would cost O(line) per position, O(n²) in all.
    chars_at: OnceLock<Vec<(usize, usize)>>,
}

impl<'a> LineIndex<'a> {
    /// Free until used; the first lookup makes one pass over the text
    /// (memchr), lookups are then O(log lines + line length).
    pub fn new(src: &'a str) -> Self {
        LineIndex {
            src,
            starts: OnceLock::new(),
            chars_at: OnceLock::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.src.len() / 32 + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', self.src.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// The number of characters in `src[start..end]` (both on character
    /// boundaries, `start <= end`), in O(CHUNK) whatever the distance.
    pub fn chars_between(&self, start: usize, end: usize) -> usize {
        if end - start <= CHUNK {
            return self.src[start..end].chars().count();
        }
        self.chars_before(end) - self.chars_before(start)
    }

    /// Characters in `src[..offset]` (a character boundary), from the
    /// nearest checkpoint.
    fn chars_before(&self, offset: usize) -> usize {
        let chars_at = self.chars_at.get_or_init(|| {
            let mut points = Vec::with_capacity(self.src.len() / CHUNK + 1);
            let (mut at, mut chars) = (0, 0);
            for k in 0..=self.src.len() / CHUNK {
                let mut next = k * CHUNK;
                while !self.src.is_char_boundary(next) {
                    next += 1;
                }
                chars += self.src[at..next].chars().count();
                at = next;
                points.push((at, chars));
            }
            points
        });
        let mut k = offset / CHUNK;
        if chars_at[k].0 > offset {
            k -= 1;
        }
        let (at, chars) = chars_at[k];
        chars + self.src[at..offset].chars().count()
    }

    /// The number of lines. A text ending in `\n` has an empty last line
    /// after it, where an end-of-file position lands.
    pub fn line_count(&self) -> usize {
        self.starts().len()
    }

    /// The position of a byte offset. Offsets past the end are clamped to
    /// the end; an offset inside a multi-byte character counts as that
    /// character's start. Never panics.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line start at or before the offset.
        let line0 = self.starts().partition_point(|&s| s <= offset) - 1;
        let start = self.starts()[line0];
        let visible_end = start + self.line_text(line0 + 1).len();
        let column = self.chars_between(start, offset.min(visible_end)) + 1;
        LineCol {
            line: line0 + 1,
            column,
        }
    }

    /// Start and (exclusive) end of a span.
    pub fn span(&self, span: Span) -> (LineCol, LineCol) {
        (
            self.line_col(span.start as usize),
            self.line_col(span.end as usize),
        )
    }

    /// The 1-based line of a byte offset (cheaper than `line_col` when the
    /// column is not needed).
    pub fn line(&self, offset: usize) -> usize {
        self.starts()
            .partition_point(|&s| s <= offset.min(self.src.len()))
    }

    /// The byte range of a 1-based line without its terminator; empty at the
    /// end of the text for a line number out of range.
    pub fn line_span(&self, line: usize) -> Span {
        let text = self.line_text(line);
        let start = line
            .checked_sub(1)
            .and_then(|l| self.starts().get(l))
            .map_or(self.src.len(), |&s| s);
        Span::new(start as u32, (start + text.len()) as u32)
    }

    /// The text of a 1-based line without its terminator (`\n` or `\r\n`);
    /// empty for a line number out of range.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = line.checked_sub(1).and_then(|l| self.starts().get(l)) else {
            return "";
        };
        let end = self
            .starts()
            .get(line)
            .map_or(self.src.len(), |&next| next - 1);
        let text = &self.src[start..end];
        text.strip_suffix('\r').unwrap_or(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: usize, column: usize) -> LineCol {
        LineCol { line, column }
    }

    #[test]
    fn empty_source() {
        let ix = LineIndex::new("");
        assert_eq!(ix.line_col(0), lc(1, 1));
        assert_eq!(ix.line_col(10), lc(1, 1));
        assert_eq!(ix.line_count(), 1);
        assert_eq!(ix.line_text(1), "");
        assert_eq!(ix.line_text(0), "");
        assert_eq!(ix.line_text(2), "");
    }

    #[test]
    fn columns_on_a_long_line_agree_with_counting() {
        let src = format!("{}\n{}x", "é}".repeat(9000), "한".repeat(5000));
        let ix = LineIndex::new(&src);
        for offset in [0, 3, 4095, 4096, 4097, 9000, 17999, 26999, 27000] {
            let offset = (0..=offset)
                .rev()
                .find(|&o| src.is_char_boundary(o))
                .unwrap();
            let line = ix.line(offset);
            let start = ix.line_span(line).start as usize;
            let expect = src[start..offset.min(start + ix.line_text(line).len())]
                .chars()
                .count()
                + 1;
            assert_eq!(ix.line_col(offset).column, expect, "offset {offset}");
        }
        let x = src.len() - 1;
        assert_eq!(ix.line_col(x), lc(2, 5001));
    }

    #[test]
    fn lone_carriage_return_is_not_a_line_break() {
        let ix = LineIndex::new("a\rb\nc");
        assert_eq!(ix.line_col(2), lc(1, 3));
        assert_eq!(ix.line_col(4), lc(2, 1));
        assert_eq!(ix.line_text(1), "a\rb");
    }
}
