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
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// One pass over the text; lookups are then O(log lines + line length).
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { src, starts }
    }

    /// The number of lines. A text ending in `\n` has an empty last line
    /// after it, where an end-of-file position lands.
    pub fn line_count(&self) -> usize {
        self.starts.len()
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
        let line0 = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line0];
        let visible_end = start + self.line_text(line0 + 1).len();
        let column = self.src[start..offset.min(visible_end)].chars().count() + 1;
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
        self.starts
            .partition_point(|&s| s <= offset.min(self.src.len()))
    }

    /// The byte range of a 1-based line without its terminator; empty at the
    /// end of the text for a line number out of range.
    pub fn line_span(&self, line: usize) -> Span {
        let text = self.line_text(line);
        let start = line
            .checked_sub(1)
            .and_then(|l| self.starts.get(l))
            .map_or(self.src.len(), |&s| s);
        Span::new(start as u32, (start + text.len()) as u32)
    }

    /// The text of a 1-based line without its terminator (`\n` or `\r\n`);
    /// empty for a line number out of range.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = line.checked_sub(1).and_then(|l| self.starts.get(l)) else {
            return "";
        };
        let end = self
            .starts
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
    fn lone_carriage_return_is_not_a_line_break() {
        let ix = LineIndex::new("a\rb\nc");
        assert_eq!(ix.line_col(2), lc(1, 3));
        assert_eq!(ix.line_col(4), lc(2, 1));
        assert_eq!(ix.line_text(1), "a\rb");
    }
}
