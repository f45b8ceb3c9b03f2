//! Completion, from the schema: kinds at the start of a top-level line,
//! the attributes a block still lacks at the start of a line inside it,
//! and after an attribute's key what its shape allows: names of the kinds
//! it names (`<subnet>, …`), its literal words (`on|off`, `allow|deny`,
//! `from`), protocols and zones; codes after `# netlint: allow`.

use super::documents::Document;
use super::hover::{attribute_text, code_doc, kind_text};
use super::outline::{Block, literals, placeholders, shape_kinds};
use crate::catalog::Code;
use crate::model::schema::{KINDS, KindSpec};
use crate::syntax::lexical::is_word_character;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

/// What a rule's protocol may be (the resolver decides; these are the
/// words it accepts in one place or another).
const PROTOCOLS: &[&str] = &[
    "tcp", "udp", "icmp", "icmpv6", "all", "http", "https", "tls", "tcp_udp",
];

fn markdown(text: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text,
    }))
}

pub fn complete(doc: &Document, offset: u32) -> Vec<CompletionItem> {
    let src = &doc.text;
    let o = &doc.outline;
    let line = doc.lines.line_span(doc.lines.line(offset));
    let prefix = &src[line.start as usize..offset as usize];
    let word_len = prefix
        .chars()
        .rev()
        .take_while(|&c| is_word_character(c))
        .map(char::len_utf8)
        .sum::<usize>();
    let typed = &prefix[prefix.len() - word_len..];
    let before = &prefix[..prefix.len() - word_len];
    let replace = doc.lines.range(
        src,
        crate::span::Span::new(offset - word_len as u32, offset),
    );
    let item =
        |label: &str, kind: CompletionItemKind, detail: Option<String>, docs: Option<String>| {
            CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail,
                documentation: docs.and_then(markdown),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    replace,
                    label.to_string(),
                ))),
                ..Default::default()
            }
        };
    if let Some(c) = o.comment_at(offset) {
        // Codes in a suppression comment.
        let text = &src[c.start as usize..offset as usize];
        if text
            .trim_start_matches('#')
            .trim_start()
            .starts_with("netlint: allow")
            && !text.contains("--")
        {
            return Code::ALL
                .iter()
                .filter(|c| !c.is_error_in_file())
                .map(|&c| {
                    item(
                        c.as_str(),
                        CompletionItemKind::CONSTANT,
                        Some(c.name().to_string()),
                        Some(code_doc(c)),
                    )
                })
                .collect();
        }
        return Vec::new();
    }
    // The statement before the cursor on this line: after the last `{` or `;`.
    let statement = before
        .rsplit(['{', ';'])
        .next()
        .unwrap_or(before)
        .trim_start();
    let starts_line = statement.trim().is_empty();
    let block = o.block_at(offset).map(|b| &o.blocks[b]).filter(|b| {
        offset > b.name.end
            && !b.name.is_empty()
            && src[b.name.end as usize..offset as usize].contains('{')
    });
    match block {
        None if starts_line => {
            let mut out: Vec<CompletionItem> = KINDS
                .iter()
                .map(|k| {
                    item(
                        k.kind,
                        CompletionItemKind::KEYWORD,
                        Some("block kind".into()),
                        Some(kind_text(k)),
                    )
                })
                .collect();
            for setting in ["region", "description"] {
                if !o.settings.iter().any(|s| s.key.text(src) == setting) {
                    out.push(item(
                        setting,
                        CompletionItemKind::KEYWORD,
                        Some("setting".into()),
                        None,
                    ));
                }
            }
            out
        }
        None => Vec::new(),
        Some(b) => {
            let Some(spec) = b.spec else {
                return Vec::new();
            };
            if starts_line {
                attributes(doc, b, spec, typed)
                    .map(|i| {
                        let a = &spec.attrs[i];
                        item(
                            a.key,
                            CompletionItemKind::PROPERTY,
                            Some(a.shape.to_string()),
                            Some(attribute_text(spec, i)),
                        )
                    })
                    .collect()
            } else {
                let key = statement.split_whitespace().next().unwrap_or("");
                let Some(i) = spec.attr(key) else {
                    return Vec::new();
                };
                values(doc, b, spec.attrs[i].shape, offset)
                    .into_iter()
                    .map(|(label, kind, detail)| item(&label, kind, detail, None))
                    .collect()
            }
        }
    }
}

/// The attributes still to write in a block: every one not yet given
/// (the one being typed aside), and the repeatable ones.
fn attributes<'s>(
    doc: &'s Document,
    b: &'s Block,
    spec: &'static KindSpec,
    typed: &'s str,
) -> impl Iterator<Item = usize> + 's {
    let src = &doc.text;
    (0..spec.attrs.len()).filter(move |&i| {
        let a = &spec.attrs[i];
        a.repeatable
            || !b.attrs.iter().any(|w| {
                w.key.text(src) == a.key && !(w.values.is_empty() && w.key.text(src) == typed)
            })
    })
}

/// What may follow an attribute's key, by its shape.
fn values(
    doc: &Document,
    b: &Block,
    shape: &str,
    offset: u32,
) -> Vec<(String, CompletionItemKind, Option<String>)> {
    let src = &doc.text;
    let o = &doc.outline;
    // Names already written in this attribute are not offered again.
    let written: Vec<&str> = b
        .attrs
        .iter()
        .find(|a| a.key.start <= offset && offset <= a.span.end.max(offset))
        .map(|a| {
            a.values
                .iter()
                .filter(|v| v.span.end < offset)
                .map(|v| v.span.text(src))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for kind in shape_kinds(shape) {
        for name in o.names_of(src, kind.kind) {
            if !written.contains(&name) && name != b.name.text(src) {
                out.push((
                    name.to_string(),
                    CompletionItemKind::REFERENCE,
                    Some(kind.kind.to_string()),
                ));
            }
        }
    }
    for p in placeholders(shape) {
        match p {
            "protocol" => out.extend(PROTOCOLS.iter().map(|p| {
                (
                    p.to_string(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some("protocol".into()),
                )
            })),
            "zone" => out.extend(
                zones(doc)
                    .into_iter()
                    .map(|z| (z, CompletionItemKind::ENUM_MEMBER, Some("zone".into()))),
            ),
            "self" => out.push((
                "self".into(),
                CompletionItemKind::KEYWORD,
                Some("this group".into()),
            )),
            _ => {}
        }
    }
    for l in literals(shape) {
        if !out.iter().any(|(x, _, _)| x == l) {
            out.push((l.to_string(), CompletionItemKind::ENUM_MEMBER, None));
        }
    }
    out
}

/// Zones: those the file already uses, then `a` to `f` in its region (or
/// as bare letters without one).
fn zones(doc: &Document) -> Vec<String> {
    let src = &doc.text;
    let o = &doc.outline;
    let mut out: Vec<String> = Vec::new();
    for b in &o.blocks {
        let Some(spec) = b.spec else { continue };
        for a in &b.attrs {
            let is_zone = spec
                .attr(a.key.text(src))
                .is_some_and(|i| placeholders(spec.attrs[i].shape).any(|p| p == "zone"));
            if let (true, Some(v)) = (is_zone, a.values.first()) {
                let z = v.span.text(src).to_string();
                if !out.contains(&z) {
                    out.push(z);
                }
            }
        }
    }
    let region = o
        .settings
        .iter()
        .find(|s| s.key.text(src) == "region")
        .and_then(|s| s.values.first())
        .map_or("", |v| v.span.text(src));
    for letter in 'a'..='f' {
        let z = format!("{region}{letter}");
        if !out.contains(&z) {
            out.push(z);
        }
    }
    out
}
