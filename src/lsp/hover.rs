//! Hover: a name shows its declaration and what netlint derived about it;
//! a kind or an attribute its reference text (else its shape from the
//! schema); a code in a suppression comment, and any finding under the
//! cursor, the rule's documentation (what `netlint explain` prints).

use super::documents::Document;
use super::facts;
use crate::catalog::Code;
use crate::model::reference::{attribute_doc, kind_doc};
use crate::model::schema::KindSpec;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// At most this many lines of a declaration are quoted.
const QUOTED_LINES: usize = 12;

pub fn hover(doc: &Document, offset: u32) -> Option<Hover> {
    let src = &doc.text;
    let o = &doc.outline;
    let mut parts: Vec<String> = Vec::new();
    let mut range = None;
    if o.comment_at(offset).is_some() {
        if let Some(a) = o
            .allows
            .iter()
            .find(|a| a.span.start <= offset && offset <= a.span.end)
            && let Some(code) = Code::parse(&a.code)
        {
            parts.push(code_doc(code));
            range = Some(a.span);
        }
    } else if let Some(name) = o.name_at(src, offset) {
        parts.push(declaration(doc, name.decl));
        range = Some(name.span);
    } else if let Some(b) = o.block_at(offset) {
        let block = &o.blocks[b];
        if let Some(spec) = block.spec {
            if block.kind.start <= offset && offset <= block.kind.end {
                parts.push(kind_text(spec));
                range = Some(block.kind);
            } else if let Some(a) = block
                .attrs
                .iter()
                .find(|a| a.key.start <= offset && offset <= a.key.end)
            {
                let key = a.key.text(src);
                if let Some(i) = spec.attr(key) {
                    parts.push(attribute_text(spec, i));
                    range = Some(a.key);
                }
            }
        }
    }
    // The documentation of each finding under the cursor.
    let mut seen = Vec::new();
    for d in &doc.checked.diagnostics {
        if d.span.start <= offset && offset <= d.span.end && !seen.contains(&d.code) {
            seen.push(d.code);
            parts.push(code_doc(d.code));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: range.map(|r| doc.lines.range(src, r)),
    })
}

/// A rule's documentation, headed by its code, name and severity.
pub fn code_doc(code: Code) -> String {
    format!(
        "**{}** `{}` ({})\n\n{}",
        code.as_str(),
        code.name(),
        code.default_severity().as_str(),
        code.docs().trim()
    )
}

/// A kind: its reference text, else its attributes and their shapes.
pub fn kind_text(spec: &KindSpec) -> String {
    match kind_doc(spec.kind) {
        Some(doc) => format!("**`{}`**\n\n{doc}", spec.kind),
        None => {
            let mut s = format!(
                "**`{}`**\n\n```netlint\n{} <name> {{\n",
                spec.kind, spec.kind
            );
            for a in spec.attrs {
                s.push_str(&format!("  {} {}{}\n", a.key, a.shape, tag(a)));
            }
            s.push_str("}\n```");
            s
        }
    }
}

fn tag(a: &crate::model::schema::AttrSpec) -> &'static str {
    match (a.required, a.repeatable) {
        (true, _) => "   # required",
        (false, true) => "   # repeatable",
        (false, false) => "",
    }
}

/// An attribute: its reference text, else its shape.
pub fn attribute_text(spec: &KindSpec, i: usize) -> String {
    let a = &spec.attrs[i];
    match attribute_doc(spec.kind, a.key) {
        Some(doc) => format!("**`{}`** of `{}`\n\n{doc}", a.key, spec.kind),
        None => format!(
            "**`{}`** of `{}`{}\n\n```netlint\n{} {}\n```",
            a.key,
            spec.kind,
            match (a.required, a.repeatable) {
                (true, _) => ", required",
                (false, true) => ", repeatable",
                (false, false) => ", optional",
            },
            a.key,
            a.shape
        ),
    }
}

/// A declaration quoted from the file, then the facts about it.
fn declaration(doc: &Document, decl: usize) -> String {
    let src = &doc.text;
    let block = &doc.outline.blocks[decl];
    let mut s = String::from("```netlint\n");
    s.push_str(&quote(block.span.text(src)));
    s.push_str("\n```");
    let name = block.name.text(src);
    match &doc.checked.model {
        Some((m, topo)) => {
            let facts = facts::about(m, topo, name);
            if !facts.is_empty() {
                s.push_str("\n\n");
                s.push_str(&facts.join("\n"));
            }
        }
        None if has_errors(doc) => {
            s.push_str("\n\n_Fix the errors in this file to see what netlint derives here._")
        }
        None => {}
    }
    s
}

/// Whether the file has errors of its own (and so no model).
fn has_errors(doc: &Document) -> bool {
    doc.outline.syntax_errors
        || doc
            .checked
            .diagnostics
            .iter()
            .any(|d| d.code.is_error_in_file())
}

/// The first lines of a block, and `…` for the rest.
fn quote(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= QUOTED_LINES {
        return text.to_string();
    }
    let mut s = lines[..QUOTED_LINES - 1].join("\n");
    s.push_str(&format!(
        "\n  # … {} more lines\n}}",
        lines.len() - QUOTED_LINES + 1
    ));
    s
}
