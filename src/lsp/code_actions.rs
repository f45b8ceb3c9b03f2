//! Quick fixes: each diagnostic's suggestions (the edits its rule or the
//! resolver attached: the network for a CIDR with host bits, the name a
//! misspelling was close to, a security-group deny line removed),
//! "suppress this code on this line" for every code that may be silenced,
//! and for U001 (a suppression that silences nothing, names no code or a
//! code that cannot be silenced) the code taken out of its comment, read
//! from the suppressions the check read.

use super::documents::Document;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

pub fn code_actions(uri: &Uri, doc: &Document, range: Range) -> Vec<CodeActionOrCommand> {
    let src = &doc.text;
    let wanted = doc.lines.span(src, range);
    let mut out = Vec::new();
    for d in &doc.checked.diagnostics {
        // The diagnostics the range touches (a cursor inside one touches it).
        if d.span.end < wanted.start || d.span.start > wanted.end {
            continue;
        }
        let lsp_diag = super::diagnostics::to_lsp(uri, doc, d);
        for (i, s) in d.suggestions.iter().enumerate() {
            let span = if s.replacement.is_empty() {
                whole_line(doc, s.span)
            } else {
                s.span
            };
            out.push(action(
                uri,
                doc,
                format!("{} ({})", s.message, d.code),
                vec![(span, s.replacement.clone())],
                &lsp_diag,
                i == 0,
            ));
        }
        if let Some((code, edit)) = unsuppression(doc, d) {
            out.push(action(
                uri,
                doc,
                format!("remove `{code}` from the suppression ({})", d.code),
                vec![edit],
                &lsp_diag,
                d.suggestions.is_empty(),
            ));
        }
        if let Some(edit) = suppression(doc, d) {
            out.push(action(
                uri,
                doc,
                format!("Suppress {} on this line", d.code),
                vec![edit],
                &lsp_diag,
                false,
            ));
        }
    }
    out
}

fn action(
    uri: &Uri,
    doc: &Document,
    title: String,
    edits: Vec<(Span, String)>,
    diagnostic: &lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    let edits = edits
        .into_iter()
        .map(|(span, text)| TextEdit::new(doc.lines.range(&doc.text, span), text))
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// A deletion of all that stands on its lines takes the lines with it.
fn whole_line(doc: &Document, span: Span) -> Span {
    let src = &doc.text;
    let first = doc.lines.line_span(doc.lines.line(span.start));
    let last = doc.lines.line_span(doc.lines.line(span.end));
    let before = &src[first.start as usize..span.start as usize];
    let after = &src[span.end as usize..last.end as usize];
    if before.trim().is_empty() && after.trim().is_empty() {
        // Through the newline, when there is one.
        let end = (last.end as usize + 1).min(src.len()) as u32;
        Span::new(first.start, end.max(last.end))
    } else {
        span
    }
}

/// The edit that adds `# netlint: allow CODE` for this diagnostic's line:
/// into the line's suppression comment if it has one, turning a plain
/// trailing comment into the suppression's reason, else at the line's end.
fn suppression(doc: &Document, d: &Diagnostic) -> Option<(Span, String)> {
    if d.code.is_error_in_file() || d.code == Code::U001 {
        return None;
    }
    let src = &doc.text;
    let line = doc.lines.line_span(doc.lines.line(d.span.start));
    let code = d.code.as_str();
    let comment = doc
        .outline
        .comments
        .iter()
        .find(|c| c.start >= line.start && c.start <= line.end)
        .copied();
    match comment {
        Some(c) if src[line.start as usize..c.start as usize].trim().is_empty() => None,
        Some(c) => {
            let codes: Vec<Span> = doc
                .outline
                .allows
                .iter()
                .filter(|a| a.span.start > c.start && a.span.end <= c.end)
                .map(|a| a.span)
                .collect();
            match codes.last() {
                Some(last) => Some((Span::new(last.end, last.end), format!(" {code}"))),
                None => {
                    let reason = c.text(src).trim_start_matches('#').trim();
                    let text = if reason.is_empty() {
                        format!("# netlint: allow {code}")
                    } else {
                        format!("# netlint: allow {code} -- {reason}")
                    };
                    Some((c, text))
                }
            }
        }
        None => {
            let text = line.text(src);
            let end = line.start + text.trim_end().len() as u32;
            Some((Span::new(end, end), format!("  # netlint: allow {code}")))
        }
    }
}

/// For a U001 on a code of a suppression comment: the code and the edit
/// that takes it out, with its separator; the whole comment when it is
/// the comment's only code (the line too when the comment stands alone).
fn unsuppression(doc: &Document, d: &Diagnostic) -> Option<(String, (Span, String))> {
    if d.code != Code::U001 {
        return None;
    }
    let src = &doc.text;
    let allows = &doc.outline.allows;
    let a = allows.iter().find(|a| a.span == d.span)?;
    let c = doc
        .outline
        .comments
        .iter()
        .find(|c| c.start < a.span.start && a.span.end <= c.end)
        .copied()?;
    let codes: Vec<Span> = allows
        .iter()
        .filter(|x| x.span.start > c.start && x.span.end <= c.end)
        .map(|x| x.span)
        .collect();
    let i = codes.iter().position(|s| *s == a.span)?;
    let span = if codes.len() == 1 {
        let line = doc.lines.line_span(doc.lines.line(c.start));
        let before = src[line.start as usize..c.start as usize].trim_end();
        if before.is_empty() {
            whole_line(doc, c)
        } else {
            Span::new(line.start + before.len() as u32, c.end)
        }
    } else if let Some(next) = codes.get(i + 1) {
        Span::new(a.span.start, next.start)
    } else {
        Span::new(codes[i - 1].end, a.span.end)
    };
    Some((a.code.clone(), (span, String::new())))
}
