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
//! and `,` inside property values, where they would end the value.

use super::Severity;
use super::line_index::LineIndex;
use std::fmt::Write;

pub use super::sarif::FileDiagnostics;

/// All annotations, one line each.
pub fn render(files: &[FileDiagnostics<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        let lines = LineIndex::new(file.source);
        for d in file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (start, end) = lines.span(d.span);
            let mut props = format!("file={},line={}", property(file.name), start.line);
            if start.line == end.line {
                let _ = write!(props, ",col={}", start.column);
            }
            let _ = write!(props, ",endLine={}", end.line);
            if start.line == end.line {
                let _ = write!(props, ",endColumn={}", end.column);
            }
            let title = format!("{} {}", d.code, d.code.name());
            let _ = write!(props, ",title={}", property(&title));

            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            for note in &d.notes {
                let _ = write!(message, "\nnote: {note}");
            }
            for label in &d.secondary {
                let at = lines.line_col(label.span.start as usize);
                let _ = write!(message, "\nline {}: {}", at.line, label.message);
            }
            let _ = writeln!(out, "::{command} {props}::{}", data(&message));
        }
    }
    out
}

/// Escapes a command's message (GitHub's `escapeData`).
pub fn data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (GitHub's `escapeProperty`).
pub fn property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}
