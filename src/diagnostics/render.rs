//! Human (codespan-reporting) and JSON renderers.
//!
//! Line and column numbers are computed here, at the edge, and nowhere
//! else.

use super::line_index::LineIndex;
use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, Styles, StylesWriter, termcolor};
use serde_json::{Value, json};

fn cs_severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<()> {
    let mut labels = vec![CsLabel::primary((), d.span.range()).with_message(d.label.clone())];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| CsLabel::secondary((), l.span.range()).with_message(l.message.clone())),
    );
    let mut notes: Vec<String> = d.help.iter().map(|h| format!("help: {h}")).collect();
    notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
    notes.push(format!("`netlint explain {}` ({})", d.code, d.code.name()));
    CsDiagnostic::new(cs_severity(d.severity))
        .with_code(d.code.as_str())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Render diagnostics of one file the way rustc does.
pub fn human(name: &str, src: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(name, src);
    let config = Config::default();
    let mut out = Vec::new();
    for d in diagnostics {
        let cs = to_codespan(d);
        let result = if color {
            let styles = Styles::default();
            let mut w = StylesWriter::new(termcolor::Ansi::new(&mut out), &styles);
            term::emit_to_write_style(&mut w, &config, &file, &cs)
        } else {
            term::emit_to_io_write(&mut out, &config, &file, &cs)
        };
        // Spans come from this very source, so rendering cannot fail; if it
        // ever did, fall back to a plain line rather than losing the finding.
        if result.is_err() {
            out.extend(format!("{}[{}]: {}\n", d.severity.as_str(), d.code, d.message).bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A one-line summary such as `3 errors, 1 warning, 2 infos`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let part = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        part(count(Severity::Error), "error"),
        part(count(Severity::Warning), "warning"),
        part(count(Severity::Info), "info")
    )
}

/// One diagnostic as a JSON object (the fields README.md lists).
pub fn json_object(
    name: &str,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    suppressed: Option<&Option<String>>,
) -> Value {
    let (start, end) = index.span(d.span);
    let related: Vec<Value> = d
        .secondary
        .iter()
        .map(|l| {
            let (start, end) = index.span(l.span);
            json!({
                "message": l.message,
                "line": start.line, "column": start.column,
                "end_line": end.line, "end_column": end.column,
            })
        })
        .collect();
    let mut v = json!({
        "code": d.code.as_str(),
        "name": d.code.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "file": name,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "label": d.label,
        "related": related,
        "notes": d.notes,
    });
    if let Some(reason) = suppressed {
        v["suppressed"] = json!({ "reason": reason });
    }
    v
}

/// Diagnostics of one file as JSON objects, in order.
pub fn json_values(name: &str, src: &str, diagnostics: &[Diagnostic]) -> Vec<Value> {
    let index = LineIndex::new(src);
    diagnostics
        .iter()
        .map(|d| json_object(name, &index, d, None))
        .collect()
}
