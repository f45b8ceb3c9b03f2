//! What codespan-reporting sees of a file: for one diagnostic, only the
//! lines it shows, each cut to a window around its labels and with control
//! characters escaped, the labels moved to match; line and column numbers
//! stay those of the real file.
//!
//! codespan prints every quoted line whole, so a file that is one 40 KB
//! line would be reprinted for each of its diagnostics (quadratic output),
//! and it prints the line's bytes raw, so an ESC or CR in the file would
//! drive the reader's terminal. Handing it this view instead keeps each
//! diagnostic's output bounded by the number of its labels, never by the
//! length of a line. Lines up to [`MAX_LINE_CHARS`] are quoted whole and
//! byte for byte as before (only unsafe characters change), so ordinary
//! files render exactly as codespan renders them.

use super::text;
use crate::diagnostics::line_index::LineIndex;
use crate::span::Span;
use codespan_reporting::files::{Error, Files, Location};
use std::collections::BTreeSet;
use std::ops::Range;

/// A line up to this many characters is quoted whole.
pub(super) const MAX_LINE_CHARS: usize = 200;

/// Characters quoted either side of a label's start and of its end, on a
/// longer line; the rest of the line is an ellipsis.
pub(super) const CONTEXT_CHARS: usize = 40;

/// Gaps shorter than this (in bytes) are quoted rather than elided.
const MIN_GAP: usize = 8;

/// A file as every diagnostic of it is rendered against.
pub(super) struct Source<'a> {
    /// Escaped for printing.
    pub name: String,
    pub src: &'a str,
    pub index: LineIndex<'a>,
}

impl<'a> Source<'a> {
    pub(super) fn new(name: String, src: &'a str) -> Self {
        Source {
            name,
            src,
            index: LineIndex::new(src),
        }
    }

    /// Byte ranges of a 0-based line: its start, the end of its visible
    /// text (before `\n` or `\r\n`), and the start of the next line.
    fn line(&self, line0: usize) -> (usize, usize, usize) {
        let visible = self.index.line_span(line0 + 1);
        let next = if line0 + 1 < self.index.line_count() {
            self.index.line_span(line0 + 2).start as usize
        } else {
            self.src.len()
        };
        (visible.start as usize, visible.end as usize, next)
    }

    /// The 0-based line of an offset (codespan's convention: the last line
    /// starting at or before it).
    fn line_of(&self, offset: usize) -> usize {
        self.index.line(offset) - 1
    }

    /// codespan's column of an offset: characters from the line start,
    /// where the bytes of a line terminator count one each.
    fn column(&self, offset: usize) -> usize {
        let (start, visible_end, _) = self.line(self.line_of(offset));
        let floor = floor_boundary(self.src, offset.min(visible_end));
        let past = offset.saturating_sub(visible_end);
        self.index.chars_between(start, floor) + past + 1
    }
}

/// One diagnostic's view of its [`Source`], as a codespan `Files`.
pub(super) struct Snippet<'s> {
    name: &'s str,
    text: String,
    /// (real 0-based line, its range in `text` with its terminator),
    /// ascending.
    lines: Vec<(usize, Range<usize>)>,
    /// Lines in the real file.
    line_count: usize,
    /// Where each label starts: offset in `text` → real location.
    loci: Vec<(usize, Location)>,
}

impl<'s> Snippet<'s> {
    /// The view for labels at `spans`, and each span's range in the view.
    pub(super) fn new(source: &'s Source<'_>, spans: &[Span]) -> (Self, Vec<Range<usize>>) {
        let len = source.src.len();
        // Every label start and end, with the line it is on.
        let mut points: Vec<(usize, usize)> = Vec::with_capacity(spans.len() * 2);
        for s in spans {
            let start = (s.start as usize).min(len);
            let end = (s.end as usize).clamp(start, len);
            points.push((start, source.line_of(start)));
            points.push((end, source.line_of(end)));
        }
        let mut shown = BTreeSet::new();
        for pair in points.chunks(2) {
            let (first, last) = (pair[0].1, pair[1].1);
            shown.insert(first);
            shown.insert(last);
            // codespan shows a multi-line label's first lines and the one
            // before its last.
            if last > first {
                shown.extend(first + 1..=(first + 3).min(last));
                shown.insert(last - 1);
            }
        }
        // A single line between two shown ones is shown rather than elided.
        let gaps: Vec<usize> = shown
            .iter()
            .zip(shown.iter().skip(1))
            .filter(|&(a, b)| b - a == 2)
            .map(|(a, _)| a + 1)
            .collect();
        shown.extend(gaps);

        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by_key(|&i| points[i]);
        let mut mapped = vec![0usize; points.len()];
        let mut text = String::new();
        let mut lines = Vec::with_capacity(shown.len());
        let mut next_point = 0;
        for &line0 in &shown {
            let here_start = next_point;
            while next_point < order.len() && points[order[next_point]].1 == line0 {
                next_point += 1;
            }
            let on_line: Vec<(usize, usize)> = order[here_start..next_point]
                .iter()
                .map(|&i| (points[i].0, i))
                .collect();
            let begin = text.len();
            quote_line(source, line0, &on_line, &mut text, &mut mapped);
            lines.push((line0, begin..text.len()));
        }

        let loci = points
            .iter()
            .zip(&mapped)
            .step_by(2)
            .map(|(&(offset, line0), &at)| {
                (
                    at,
                    Location {
                        line_number: line0 + 1,
                        column_number: source.column(offset),
                    },
                )
            })
            .collect();
        let ranges = mapped.chunks(2).map(|m| m[0]..m[1]).collect();
        let snippet = Snippet {
            name: &source.name,
            text,
            lines,
            line_count: source.index.line_count(),
            loci,
        };
        (snippet, ranges)
    }
}

/// Appends line `line0` of the source to `text` (cut and escaped, with its
/// own terminator) and records where each of its `points` (offset, index)
/// landed.
fn quote_line(
    source: &Source<'_>,
    line0: usize,
    points: &[(usize, usize)],
    text: &mut String,
    mapped: &mut [usize],
) {
    let src = source.src;
    let (start, visible_end, next) = source.line(line0);
    let visible = &src[start..visible_end];
    let whole = visible.len() <= MAX_LINE_CHARS
        || visible.chars().take(MAX_LINE_CHARS + 1).count() <= MAX_LINE_CHARS;
    let segments = if whole {
        std::iter::once(start..visible_end).collect()
    } else {
        windows(src, start, visible_end, points)
    };

    let mut points = points.iter().peekable();
    let mut cursor = start;
    for seg in &segments {
        if seg.start > cursor {
            // Anything inside an elided stretch lands on its ellipsis.
            while let Some(&&(x, i)) = points.peek() {
                if x >= seg.start {
                    break;
                }
                mapped[i] = text.len();
                points.next();
            }
            text.push('…');
        }
        for (k, c) in src[seg.start..seg.end].char_indices() {
            let at = seg.start + k;
            let verbatim = c == '\t' || !text::is_unsafe(c);
            while let Some(&&(x, i)) = points.peek() {
                if x >= at + c.len_utf8() {
                    break;
                }
                mapped[i] = text.len() + if verbatim { x - at } else { 0 };
                points.next();
            }
            if verbatim {
                text.push(c);
            } else {
                text::push_escaped(text, c);
            }
        }
        cursor = seg.end;
    }
    if cursor < visible_end {
        while let Some(&&(x, i)) = points.peek() {
            if x >= visible_end {
                break;
            }
            mapped[i] = text.len();
            points.next();
        }
        text.push('…');
    }
    // The terminator, byte for byte, so codespan trims it as it would.
    let end_of_text = text.len();
    for &(x, i) in points {
        mapped[i] = end_of_text + (x - visible_end);
    }
    text.push_str(&src[visible_end..next]);
}

/// The stretches of a long line to quote: around each point, or the line's
/// start when it has none.
fn windows(src: &str, start: usize, end: usize, points: &[(usize, usize)]) -> Vec<Range<usize>> {
    let back = |p: usize| {
        src[start..p]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(start, |(k, _)| start + k)
    };
    let forward = |p: usize, n: usize| {
        src[p..end]
            .char_indices()
            .nth(n)
            .map_or(end, |(k, _)| p + k)
    };
    let mut segments: Vec<Range<usize>> = points
        .iter()
        .map(|&(x, _)| {
            let p = floor_boundary(src, x.min(end));
            back(p)..forward(p, CONTEXT_CHARS)
        })
        .collect();
    if segments.is_empty() {
        segments.push(start..forward(start, 2 * CONTEXT_CHARS));
    }
    segments.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(segments.len());
    for seg in segments {
        match merged.last_mut() {
            Some(last) if seg.start <= last.end + MIN_GAP => last.end = last.end.max(seg.end),
            _ => merged.push(seg),
        }
    }
    if let Some(first) = merged.first_mut()
        && first.start < start + MIN_GAP
    {
        first.start = start;
    }
    if let Some(last) = merged.last_mut()
        && last.end + MIN_GAP > end
    {
        last.end = end;
    }
    merged
}

/// The largest character boundary at or before `offset`.
fn floor_boundary(src: &str, mut offset: usize) -> usize {
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl<'a> Files<'a> for Snippet<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        let k = self
            .lines
            .partition_point(|(_, r)| r.start <= byte_index)
            .saturating_sub(1);
        Ok(self.lines.get(k).map_or(0, |(line0, _)| *line0))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        match self.lines.binary_search_by_key(&line_index, |(l, _)| *l) {
            Ok(k) => Ok(self.lines[k].1.clone()),
            // A line inside a long multi-line label that is not shown.
            Err(_) if line_index < self.line_count => Ok(self.text.len()..self.text.len()),
            Err(_) => Err(Error::LineTooLarge {
                given: line_index,
                max: self.line_count.saturating_sub(1),
            }),
        }
    }

    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, Error> {
        if let Some((_, at)) = self.loci.iter().find(|(b, _)| *b == byte_index) {
            return Ok(*at);
        }
        let line_index = self.line_index((), byte_index)?;
        Ok(Location {
            line_number: line_index + 1,
            column_number: self.column_number((), line_index, byte_index)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(src: &str, spans: &[(usize, usize)]) -> (String, Vec<Range<usize>>) {
        let source = Source::new("t.net".into(), src);
        let spans: Vec<Span> = spans
            .iter()
            .map(|&(a, b)| Span::new(a as u32, b as u32))
            .collect();
        let (s, r) = Snippet::new(&source, &spans);
        (s.text, r)
    }

    #[test]
    fn ordinary_lines_are_quoted_as_they_are() {
        let src = "vpc main { cidr 10.0.0.0/16 }\r\nsubnet a {}\n";
        let (text, ranges) = view(src, &[(4, 8)]);
        assert_eq!(text, "vpc main { cidr 10.0.0.0/16 }\r\n");
        assert_eq!(ranges, vec![4..8]);
    }

    #[test]
    fn a_long_line_is_cut_around_the_label() {
        let src = format!("{}needle{}\n", "a".repeat(10_000), "b".repeat(10_000));
        let (text, ranges) = view(&src, &[(10_000, 10_006)]);
        assert!(text.chars().count() < 2 * CONTEXT_CHARS + 10, "{text}");
        assert_eq!(&text[ranges[0].clone()], "needle");
        assert!(text.starts_with('…') && text.ends_with("…\n"), "{text}");
    }

    #[test]
    fn a_long_label_keeps_both_ends() {
        let src = "}".repeat(40_000);
        let (text, ranges) = view(&src, &[(0, 40_000)]);
        assert!(text.chars().count() < 2 * CONTEXT_CHARS + 10);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges[0].end, text.len());
    }

    #[test]
    fn control_characters_are_escaped_and_labels_follow() {
        let src = "a\u{1b}[2J \"x\rFAKE\" tail\n";
        let tail = src.find("tail").unwrap();
        let (text, ranges) = view(src, &[(tail, tail + 4)]);
        assert_eq!(text, "a\\u{1b}[2J \"x\\rFAKE\" tail\n");
        assert_eq!(&text[ranges[0].clone()], "tail");
    }

    #[test]
    fn column_counts_characters_and_terminators() {
        let src = "é\r\nab";
        let source = Source::new("t".into(), src);
        assert_eq!(source.column(2), 2);
        assert_eq!(source.column(3), 3, "on the \\n of a CRLF pair");
        assert_eq!(source.column(6), 3);
    }
}
