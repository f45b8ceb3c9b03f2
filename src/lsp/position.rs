//! Byte offsets ↔ LSP positions.
//!
//! LSP counts a column in UTF-16 code units unless client and server agree
//! on another encoding at `initialize`; netlint offers UTF-8 (its own byte
//! offsets, no conversion) when the client supports it. Lines are found by
//! binary search over their start offsets; a column costs O(1) on a line of
//! ASCII (UTF-8 and UTF-16 columns are then the byte column) and the
//! length of the line otherwise, so a one-line file of stray characters
//! with thousands of findings stays linear.

use crate::span::Span;
use lsp_types::{Position, Range};
use std::sync::OnceLock;

/// How a client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The lines of one text, for position conversion.
pub struct Lines {
    /// Byte offset where each line starts (`\n` ends a line).
    starts: Vec<u32>,
    /// Whether each line is ASCII, computed once per line on first use.
    ascii: Vec<OnceLock<bool>>,
    len: u32,
    pub encoding: Encoding,
}

impl Lines {
    pub fn new(src: &str, encoding: Encoding) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i as u32 + 1));
        let ascii = (0..starts.len()).map(|_| OnceLock::new()).collect();
        Lines {
            starts,
            ascii,
            len: src.len() as u32,
            encoding,
        }
    }

    /// The line (0-based) holding a byte offset.
    fn line_of(&self, offset: u32) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn line_end(&self, line: usize) -> u32 {
        self.starts.get(line + 1).map_or(self.len, |&s| s - 1)
    }

    fn line_is_ascii(&self, src: &str, line: usize) -> bool {
        *self.ascii[line].get_or_init(|| {
            let (start, end) = (self.starts[line] as usize, self.line_end(line) as usize);
            src.as_bytes()[start..end].is_ascii()
        })
    }

    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, src: &str, offset: u32) -> Position {
        let offset = floor_boundary(src, offset.min(self.len) as usize) as u32;
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = if self.encoding == Encoding::Utf8 || self.line_is_ascii(src, line) {
            offset - start
        } else {
            src[start as usize..offset as usize]
                .chars()
                .map(|c| c.len_utf16() as u32)
                .sum()
        };
        Position::new(line as u32, column)
    }

    pub fn range(&self, src: &str, span: Span) -> Range {
        Range::new(self.position(src, span.start), self.position(src, span.end))
    }

    /// The byte offset of an LSP position. A line past the end is the end
    /// of the text; a column past the end of its line is the line's end
    /// (as LSP says), and one inside a character is that character's start.
    pub fn offset(&self, src: &str, pos: Position) -> u32 {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, end) = (self.starts[line], self.line_end(line));
        if self.encoding == Encoding::Utf8 || self.line_is_ascii(src, line) {
            let at = start.saturating_add(pos.character).min(end);
            return floor_boundary(src, at as usize) as u32;
        }
        let mut units = 0u32;
        for (i, c) in src[start as usize..end as usize].char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                return start + i as u32;
            }
            units = next;
        }
        end
    }

    /// The byte span of an LSP range (start and end each as [`Self::offset`],
    /// in order).
    pub fn span(&self, src: &str, range: Range) -> Span {
        let (a, b) = (self.offset(src, range.start), self.offset(src, range.end));
        Span::new(a.min(b), a.max(b))
    }

    /// The byte span of a whole line (0-based), without its newline.
    pub fn line_span(&self, line: usize) -> Span {
        match self.starts.get(line) {
            Some(&s) => Span::new(s, self.line_end(line)),
            None => Span::new(self.len, self.len),
        }
    }

    /// The 0-based line of a byte offset.
    pub fn line(&self, offset: u32) -> usize {
        self.line_of(offset.min(self.len))
    }
}

/// The nearest character boundary at or before `at`.
fn floor_boundary(src: &str, mut at: usize) -> usize {
    at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let src = "a𝄞b é\nxy\n";
        let l = Lines::new(src, Encoding::Utf16);
        // 𝄞 is 4 bytes, 2 UTF-16 units.
        assert_eq!(l.position(src, 5), Position::new(0, 3));
        assert_eq!(l.offset(src, Position::new(0, 3)), 5);
        // Inside the pair: the character's start.
        assert_eq!(l.offset(src, Position::new(0, 2)), 1);
        // Past the end of a line: its end; past the last line: the end.
        assert_eq!(
            l.offset(src, Position::new(1, 99)),
            src.find("y").unwrap() as u32 + 1
        );
        assert_eq!(l.offset(src, Position::new(9, 0)), src.len() as u32);
        let u8 = Lines::new(src, Encoding::Utf8);
        assert_eq!(u8.position(src, 5), Position::new(0, 5));
        // A UTF-8 column inside a character rounds down.
        assert_eq!(u8.offset(src, Position::new(0, 3)), 1);
    }
}
