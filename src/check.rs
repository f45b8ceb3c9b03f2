//! The `check` pipeline: source → parse → resolve → rules → suppressions.
//!
//! Pure and in memory: no I/O, no rendering. The CLI, the emitter and the
//! tests all go through here, so what `build` refuses is exactly what
//! `check` reports.

use crate::analysis::Analysis;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::model::topology::Topology;
use crate::model::{Model, resolve};
use crate::rules::{Context, RULES};
use crate::settings::Settings;
use crate::span::Span;
use crate::suppress;
use crate::syntax;

/// Everything a check found.
pub struct Checked {
    /// Reported diagnostics, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Silenced by a suppression comment, with its reason.
    pub suppressed: Vec<(Diagnostic, Option<String>)>,
    /// The model, when the file had no E-errors.
    pub model: Option<(Model, Topology)>,
}

/// Decode bytes as UTF-8, or explain where they are not.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    if bytes.len() > u32::MAX as usize {
        return Err(Box::new(
            Diagnostic::new(Code::E001, Span::default(), "the file is larger than 4 GiB")
                .with_help("split the network into several files"),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to() as u32;
        let len = e.error_len().unwrap_or(1) as u32;
        Box::new(
            Diagnostic::new(
                Code::E001,
                Span::new(at, at + len),
                "the file is not valid UTF-8",
            )
            .with_label("invalid byte sequence")
            .with_help("save the file as UTF-8"),
        )
    })
}

/// A syntax error as users see it: E001 (the syntax layer knows no codes).
fn syntax_diagnostic(e: syntax::SyntaxError) -> Diagnostic {
    let mut d = Diagnostic::new(Code::E001, e.span, e.message).with_label(e.label);
    if let Some(help) = e.help {
        d = d.with_help(help);
    }
    if let Some((span, label)) = e.secondary {
        d = d.with_secondary(span, label);
    }
    if let Some(note) = e.note {
        d = d.with_note(note);
    }
    d
}

/// Run every selected check over one source text.
pub fn run(src: &str, settings: &Settings) -> Checked {
    let arena = syntax::Arena::new();
    let syntax::Parse { file, errors } = syntax::parse(src, &arena);
    let resolved = resolve(&file);
    // The suppressions are all the tree is still needed for: read them now
    // and free the tree before the model's passes run.
    let lines = crate::diagnostics::line_index::LineIndex::new(src);
    let mut allows = suppress::collect(src, &file, &lines);
    drop(file);
    drop(arena);
    let mut diagnostics: Vec<Diagnostic> = errors.into_iter().map(syntax_diagnostic).collect();
    diagnostics.extend(resolved.diagnostics);
    let mut model = None;
    // E010 (two resources with one CloudFormation logical id) is an error
    // in the file like E001-E009: no rules run past it.
    let collisions = match &resolved.model {
        Some(m) if diagnostics.is_empty() => crate::model::logical_ids::collisions(m),
        _ => Vec::new(),
    };
    let rules_ran = resolved.model.is_some() && diagnostics.is_empty() && collisions.is_empty();
    diagnostics.extend(collisions);
    if let (Some(m), true) = (resolved.model, rules_ran) {
        let topo = Topology::new(&m);
        {
            let analysis = Analysis::new(&m, &topo);
            let cx = Context::new(&m, &topo, &analysis);
            for rule in RULES {
                if settings.selected(rule.code) {
                    (rule.check)(&cx);
                }
            }
            diagnostics.extend(cx.into_diagnostics());
        }
        model = Some((m, topo));
    }
    let (mut kept, suppressed) = suppress::apply(diagnostics, &mut allows, |code| {
        rules_ran && settings.selected(code)
    });
    kept.retain(|d| settings.selected(d.code));
    for d in &mut kept {
        d.severity = settings.severity(d.code);
    }
    sort(&mut kept);
    Checked {
        diagnostics: kept,
        suppressed,
        model,
    }
}

/// Sort by position, then code (the order every output format keeps).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.code.as_str(), a.span.end).cmp(&(
            b.span.start,
            b.code.as_str(),
            b.span.end,
        ))
    });
}

/// All diagnostics of a source.
pub fn check_source(src: &str, settings: &Settings) -> Vec<Diagnostic> {
    run(src, settings).diagnostics
}

/// The model of a source, or its errors. Runs no rule: a model exists
/// exactly when the file has no error of its own.
pub fn load(src: &str) -> Result<(Model, Topology), Vec<Diagnostic>> {
    let checked = run(src, &Settings::errors_in_file_only());
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.is_error_in_file())
        .cloned()
        .collect();
    match checked.model {
        Some(m) if errors.is_empty() => Ok(m),
        _ => Err(errors),
    }
}
