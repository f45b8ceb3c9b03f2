//! Suppression comments and lint U001.
//!
//! `# netlint: allow S302 L705 -- reason` at the end of a line silences those
//! codes on that line; on its own line it silences them for the block that
//! starts on the next line (or, inside a block, for the next line). A
//! suppression that silences nothing, or names an unknown code, is U001.

use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::line_index::LineIndex;
use crate::span::Span;
use crate::syntax::ast::{Comment, File, Item};

/// One code named in one suppression comment.
#[derive(Clone, Debug)]
pub struct Allow {
    pub code: String,
    /// The code's text inside the comment.
    pub span: Span,
    /// The byte range it silences.
    pub scope: Span,
    pub reason: Option<String>,
    pub used: bool,
}

/// The codes of a suppression comment (with their offsets) and its reason.
pub type ParsedComment<'t> = (Vec<(&'t str, usize)>, Option<&'t str>);

/// The codes of a suppression comment's text (after `#`), with their
/// offsets in it, and its reason; `None` when it is not one.
pub fn parse_comment(text: &str) -> Option<ParsedComment<'_>> {
    let trimmed = text.trim_start();
    let rest = trimmed.strip_prefix("netlint:")?;
    let rest_trim = rest.trim_start();
    let body = rest_trim.strip_prefix("allow")?;
    let body_offset = text.len() - body.len();
    let (codes_part, reason) = match body.find("--") {
        Some(i) => (
            &body[..i],
            Some(body[i + 2..].trim()).filter(|r| !r.is_empty()),
        ),
        None => (body, None),
    };
    let mut codes = Vec::new();
    let mut pos = 0;
    for piece in codes_part.split(|c: char| c.is_whitespace() || c == ',') {
        let at = codes_part[pos..].find(piece).map_or(pos, |i| pos + i);
        if !piece.is_empty() {
            codes.push((piece, body_offset + at));
        }
        pos = at + piece.len();
    }
    Some((codes, reason))
}

/// Collect the suppressions of a file.
pub fn collect(src: &str, file: &File<'_>, lines: &LineIndex<'_>) -> Vec<Allow> {
    let mut allows = Vec::new();
    // Blocks by start offset, to find "the block on the next line".
    let block_spans: Vec<Span> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Block(b) => Some(b.span),
            Item::Setting(_) => None,
        })
        .collect();
    for c in &file.comments {
        let Some((codes, reason)) = parse_comment(c.text) else {
            continue;
        };
        let scope = scope_of(src, c, lines, &block_spans);
        for (code, offset) in codes {
            let start = c.span.start + 1 + offset as u32;
            allows.push(Allow {
                code: code.to_string(),
                span: Span::new(start, start + code.len() as u32),
                scope,
                reason: reason.map(str::to_string),
                used: false,
            });
        }
    }
    allows
}

fn scope_of(src: &str, c: &Comment<'_>, lines: &LineIndex<'_>, blocks: &[Span]) -> Span {
    let line = lines.line(c.span.start as usize);
    if !c.own_line {
        return lines.line_span(line);
    }
    // The next line that is not blank and not only a comment.
    let mut next = line + 1;
    while next <= lines.line_count() {
        let span = lines.line_span(next);
        let text = span.text(src).trim();
        if !text.is_empty() && !text.starts_with('#') {
            let i = blocks.partition_point(|b| b.start < span.start);
            if let Some(b) = blocks.get(i)
                && lines.line(b.start as usize) == next
            {
                return *b;
            }
            return span;
        }
        next += 1;
    }
    lines.line_span(line)
}

/// Apply suppressions: returns (kept, suppressed with reasons) and pushes
/// U001 for suppressions that silenced nothing. `checked` tells whether a
/// code actually ran (a deselected rule, or rules skipped because the file
/// has errors, must not make its suppressions "unused").
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    allows: &mut [Allow],
    checked: impl Fn(Code) -> bool,
) -> (Vec<Diagnostic>, Vec<(Diagnostic, Option<String>)>) {
    let mut kept = Vec::with_capacity(diagnostics.len());
    let mut suppressed = Vec::new();
    // Index allows by code for a linear pass over diagnostics.
    let mut by_code: std::collections::HashMap<Code, Vec<usize>> = std::collections::HashMap::new();
    for (i, a) in allows.iter().enumerate() {
        if let Some(code) = Code::parse(&a.code) {
            by_code.entry(code).or_default().push(i);
        }
    }
    let mut hits: Vec<usize> = Vec::new();
    for d in diagnostics {
        let hit = by_code.get(&d.code).and_then(|idx| {
            idx.iter().copied().find(|&i| {
                allows[i].scope.start <= d.span.start && d.span.start <= allows[i].scope.end
            })
        });
        match hit {
            Some(i) if !d.code.is_error_in_file() => {
                hits.push(i);
                suppressed.push((d, allows[i].reason.clone()));
            }
            _ => kept.push(d),
        }
    }
    for i in hits {
        allows[i].used = true;
    }
    for a in allows.iter() {
        if a.used {
            continue;
        }
        match Code::parse(&a.code) {
            None => {
                let mut d = Diagnostic::new(
                    Code::U001,
                    a.span,
                    format!("`{}` is not a netlint code", a.code),
                )
                .with_label("unknown code");
                d = match crate::suggest::code(&a.code) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")).with_suggestion(
                        format!("replace with `{s}`"),
                        a.span,
                        s,
                    ),
                    None => d.with_help("`netlint rules` lists the codes"),
                };
                kept.push(d);
            }
            Some(c) if c.is_error_in_file() => {
                kept.push(
                    Diagnostic::new(Code::U001, a.span, format!("{c} cannot be suppressed"))
                        .with_label("errors in the file itself cannot be silenced")
                        .with_help(format!("fix the {} instead", c.name())),
                );
            }
            Some(c) if checked(c) => {
                kept.push(
                    Diagnostic::new(
                        Code::U001,
                        a.span,
                        format!("unused suppression: {c} does not fire here"),
                    )
                    .with_label(format!("no {c} ({}) to silence", c.name()))
                    .with_help("remove it from the comment"),
                );
            }
            Some(_) => {}
        }
    }
    (kept, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_reason() {
        let (codes, reason) = parse_comment(" netlint: allow S302 L705 -- office VPN").unwrap();
        assert_eq!(
            codes.iter().map(|c| c.0).collect::<Vec<_>>(),
            ["S302", "L705"]
        );
        assert_eq!(reason, Some("office VPN"));
        let text = " netlint: allow S302 L705 -- office VPN";
        assert_eq!(&text[codes[1].1..codes[1].1 + 4], "L705");
        assert!(parse_comment(" just a comment").is_none());
    }

    #[test]
    fn lines() {
        let l = LineIndex::new("a\nbc\r\n");
        assert_eq!(l.line(0), 1);
        assert_eq!(l.line(2), 2);
        assert_eq!(l.line_span(2), Span::new(2, 4));
        assert_eq!(l.line_span(3), Span::new(6, 6));
        assert_eq!(l.line_span(9), Span::new(6, 6));
    }
}
