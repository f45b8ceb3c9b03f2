//! `--format github`: GitHub Actions workflow commands, so that a
//! `netlint check` step in a workflow annotates the pull request's diff.
//!
//! One command per diagnostic:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=S302 sensitive-port-open::message`
//! (`warning` and `notice` for the other severities). Positions follow
//! [`LineIndex`]: 1-based, columns in characters, end exclusive. GitHub
//! accepts `col`/`endColumn` only when the annotation starts and ends on
//! the same line, so a multi-line span gets lines only.
//!
//! The message carries the help line, the notes and the secondary labels
//! (as `line N: …`) on further lines, since an annotation has no other place
//! for them. Escaping is GitHub's: `%`, `\r` and `\n` everywhere, plus `:`
//! and `,` inside property values, where they would end the value. Before
//! that, text from the file (and the file name) is made safe as for a
//! terminal ([`text`]): the log viewer obeys ANSI escapes, and a CR or ESC
//! in a name or message must not reach it; messages are capped.

use super::FileReport;
use super::text::{self, display_name};
use crate::diagnostics::Severity;
use crate::diagnostics::line_index::LineIndex;
use std::fmt::Write as _;
use std::io::{self, Write};

/// All annotations, one line each.
pub(super) fn write(files: &[FileReport<'_>], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let lines = LineIndex::new(file.source);
        let name = display_name(file.name);
        for d in file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (start, end) = lines.span(d.span);
            let mut props = format!("file={},line={}", property(&name), start.line);
            if start.line == end.line {
                let _ = write!(props, ",col={}", start.column);
            }
            let _ = write!(props, ",endLine={}", end.line);
            if start.line == end.line {
                let _ = write!(props, ",endColumn={}", end.column);
            }
            let title = format!("{} {}", d.code, d.code.name());
            let _ = write!(props, ",title={}", property(&title));

            // Line breaks between the parts are GitHub's (%0A); inside
            // each part, from the file, any control character is escaped.
            let mut message = safe(&d.message);
            if let Some(help) = &d.help {
                let _ = write!(message, "\nhelp: {}", safe(help));
            }
            for note in &d.notes {
                let _ = write!(message, "\nnote: {}", safe(note));
            }
            for label in &d.secondary {
                let at = lines.line_col(label.span.start as usize);
                let _ = write!(message, "\nline {}: {}", at.line, safe(&label.message));
            }
            writeln!(out, "::{command} {props}::{}", data(&message))?;
        }
    }
    Ok(())
}

/// One part of a message: capped, control characters escaped except a
/// line break (which GitHub encodes itself, as %0A, and shows as one).
fn safe(s: &str) -> String {
    let capped = text::cap(s);
    let mut out = String::with_capacity(capped.len());
    for c in capped.chars() {
        if text::is_unsafe(c) && c != '\n' {
            text::push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes a command's message (GitHub's `escapeData`).
pub fn data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value (GitHub's `escapeProperty`).
pub fn property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}
