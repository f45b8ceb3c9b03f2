//! `--format json`: one array of diagnostic objects, sorted by file, line,
//! column and code (stable, so ties keep the order the check gave them).
//!
//! The objects are typed structs, sorted on typed keys and then serialised
//! straight to the writer; field order is the order of the fields below.

use super::text::json_name;
use super::{FileReport, RenderOptions};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::line_index::LineIndex;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    label: &'a str,
    related: Vec<Related<'a>>,
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Suppressed<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Suppressed<'a> {
    reason: Option<&'a str>,
}

pub(super) fn write(
    files: &[FileReport<'_>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let names: Vec<Cow<'_, str>> = files.iter().map(|f| json_name(f.name)).collect();
    let mut values = Vec::new();
    for (file, name) in files.iter().zip(&names) {
        let index = LineIndex::new(file.source);
        for d in file.diagnostics {
            values.push(object(name, &index, d, None));
        }
        if options.show_suppressed {
            for (d, reason) in file.suppressed {
                let reason = Suppressed {
                    reason: reason.as_deref(),
                };
                values.push(object(name, &index, d, Some(reason)));
            }
        }
    }
    values.sort_by(|a, b| {
        (a.file, a.line, a.column, a.code).cmp(&(b.file, b.line, b.column, b.code))
    });
    super::text::write_json(out, &values)?;
    writeln!(out)
}

fn object<'a>(
    file: &'a str,
    index: &LineIndex<'_>,
    d: &'a Diagnostic,
    suppressed: Option<Suppressed<'a>>,
) -> JsonDiagnostic<'a> {
    let (start, end) = index.span(d.span);
    let related = d
        .secondary
        .iter()
        .map(|l| {
            let (start, end) = index.span(l.span);
            Related {
                message: &l.message,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
            }
        })
        .collect();
    JsonDiagnostic {
        code: d.code.as_str(),
        name: d.code.name(),
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        label: &d.label,
        related,
        notes: &d.notes,
        suppressed,
    }
}
