//! netlint's diagnostics as LSP diagnostics, published on open and change.
//!
//! The code is the catalog code (`S302`); its documentation (what
//! `netlint explain` prints) is the hover over the diagnostic's range.
//! Secondary labels become related information, the help line and notes
//! follow the message. Suppressed findings are not published, as the
//! command line does not print them.

use super::documents::Document;
use crate::catalog::Severity;
use crate::diagnostics::Diagnostic;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Uri,
};

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

pub fn to_lsp(uri: &Uri, doc: &Document, d: &Diagnostic) -> lsp_types::Diagnostic {
    let src = &doc.text;
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.lines.range(src, l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: doc.lines.range(src, d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("netlint".to_string()),
        message: d.full_text(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// What to publish for a document: its reported diagnostics, and a
/// configuration that could not be read as one error on the first line.
pub fn publish(uri: &Uri, doc: &Document) -> PublishDiagnosticsParams {
    let mut out: Vec<lsp_types::Diagnostic> = doc
        .checked
        .diagnostics
        .iter()
        .map(|d| to_lsp(uri, doc, d))
        .collect();
    if let Some(e) = &doc.config_error {
        out.insert(
            0,
            lsp_types::Diagnostic {
                range: lsp_types::Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("netlint".to_string()),
                message: format!("{e} (checked with the default settings)"),
                ..Default::default()
            },
        );
    }
    PublishDiagnosticsParams::new(uri.clone(), out, Some(doc.version))
}
