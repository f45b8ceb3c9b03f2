//! Human output, the way rustc prints: codespan-reporting, over a
//! [`Snippet`] view of the file so that what is quoted is bounded and safe.

use super::snippet::{Snippet, Source};
use super::text::{display_name, for_person};
use super::{FileReport, RenderOptions, summary_of};
use crate::diagnostics::{Diagnostic, Severity};
use crate::span::Span;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, Config, Styles, StylesWriter, termcolor};
use std::borrow::Cow;
use std::io::{self, Write};

pub(super) fn write(
    files: &[FileReport<'_>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let config = Config::default();
    let styles = Styles::default();
    let emit = |source: &Source<'_>, d: &Diagnostic, out: &mut dyn Write| {
        emit(source, d, options.color, &config, &styles, out)
    };
    for file in files {
        let source = Source::new(display_name(file.name), file.source);
        for d in runs(file.source, file.diagnostics) {
            emit(&source, &d, out)?;
        }
        if options.show_suppressed {
            for (d, reason) in file.suppressed {
                let mut d = d.clone();
                d.notes.push(match reason {
                    Some(r) => format!("suppressed: {r}"),
                    None => "suppressed".to_string(),
                });
                emit(&source, &d, out)?;
            }
        }
    }
    if options.summary {
        if files.iter().all(|f| f.diagnostics.is_empty()) {
            writeln!(out, "no problems found")?;
        } else {
            let all = files.iter().flat_map(|f| f.diagnostics);
            writeln!(out, "{}", summary_of(all))?;
        }
    }
    Ok(())
}

/// The diagnostics as shown: a run of the same finding repeated at
/// adjacent places on one line (40,000 stray `}` on one line) is shown
/// once, over the whole run, with a note saying how many it stands for;
/// JSON, SARIF and GitHub output still list each one.
fn runs<'d>(src: &str, diagnostics: &'d [Diagnostic]) -> Vec<Cow<'d, Diagnostic>> {
    let mut shown = Vec::new();
    let mut i = 0;
    while i < diagnostics.len() {
        let first = &diagnostics[i];
        let mut j = i + 1;
        while j < diagnostics.len() && continues(src, &diagnostics[j - 1], &diagnostics[j]) {
            j += 1;
        }
        if j - i == 1 {
            shown.push(Cow::Borrowed(first));
        } else {
            let mut merged = first.clone();
            merged.span = Span::new(first.span.start, diagnostics[j - 1].span.end);
            merged.notes.push(format!(
                "{} times in a row here (`--format json` lists each)",
                j - i
            ));
            shown.push(Cow::Owned(merged));
        }
        i = j;
    }
    shown
}

/// Whether `b` repeats `a` right after it on the same line (nothing but
/// spaces and tabs between them).
fn continues(src: &str, a: &Diagnostic, b: &Diagnostic) -> bool {
    let same = a.code == b.code
        && a.severity == b.severity
        && a.message == b.message
        && a.label == b.label
        && a.help == b.help
        && a.notes == b.notes
        && a.secondary.is_empty()
        && b.secondary.is_empty();
    same && a.span.end <= b.span.start
        && src
            .get(a.span.end as usize..b.span.start as usize)
            .is_some_and(|gap| gap.bytes().all(|c| c == b' ' || c == b'\t'))
}

fn cs_severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn emit(
    source: &Source<'_>,
    d: &Diagnostic,
    color: bool,
    config: &Config,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let spans: Vec<Span> = std::iter::once(d.span)
        .chain(d.secondary.iter().map(|l| l.span))
        .collect();
    let (snippet, ranges) = Snippet::new(source, &spans);
    let mut labels =
        vec![CsLabel::primary((), ranges[0].clone()).with_message(for_person(&d.label))];
    labels.extend(
        d.secondary
            .iter()
            .zip(&ranges[1..])
            .map(|(l, r)| CsLabel::secondary((), r.clone()).with_message(for_person(&l.message))),
    );
    let mut notes: Vec<String> = d
        .help
        .iter()
        .map(|h| format!("help: {}", for_person(h)))
        .collect();
    notes.extend(d.notes.iter().map(|n| format!("note: {}", for_person(n))));
    let code = d.code.as_str();
    notes.push(format!("`netlint explain {code}` ({})", d.code.name()));
    let message = for_person(&d.message);
    let cs = CsDiagnostic::new(cs_severity(d.severity))
        .with_code(code)
        .with_message(message.clone())
        .with_labels(labels)
        .with_notes(notes);
    let result = if color {
        let mut w = StylesWriter::new(termcolor::Ansi::new(&mut *out), styles);
        term::emit_to_write_style(&mut w, config, &snippet, &cs)
    } else {
        term::emit_to_io_write(&mut *out, config, &snippet, &cs)
    };
    match result {
        Ok(()) => Ok(()),
        Err(FilesError::Io(e)) => Err(e),
        // The view is built from these very spans, so codespan has no
        // reason to refuse it; if it ever did, print the finding plainly
        // rather than lose it.
        Err(_) => writeln!(out, "{}[{code}]: {message}", d.severity.as_str()),
    }
}
