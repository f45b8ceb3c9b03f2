//! The outline of a document: each block as a symbol named after its
//! name, its kind as detail, its attributes as children.

use super::documents::Document;
use lsp_types::{DocumentSymbol, SymbolKind};

fn kind_of(kind: &str) -> SymbolKind {
    match kind {
        "vpc" | "subnet" => SymbolKind::NAMESPACE,
        "security-group" | "network-acl" | "route-table" => SymbolKind::STRUCT,
        "instance" | "launch-template" | "auto-scaling-group" => SymbolKind::OBJECT,
        _ => SymbolKind::CLASS,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
pub fn symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let src = &doc.text;
    let range = |s| doc.lines.range(src, s);
    doc.outline
        .blocks
        .iter()
        .filter(|b| !b.name.is_empty())
        .map(|b| {
            let children = b
                .attrs
                .iter()
                .filter(|a| !a.key.is_empty())
                .map(|a| DocumentSymbol {
                    name: a.key.text(src).to_string(),
                    detail: None,
                    kind: SymbolKind::PROPERTY,
                    tags: None,
                    deprecated: None,
                    range: range(a.span),
                    selection_range: range(a.key),
                    children: None,
                })
                .collect();
            DocumentSymbol {
                name: b.name.text(src).to_string(),
                detail: Some(b.kind.text(src).to_string()),
                kind: kind_of(b.kind.text(src)),
                tags: None,
                deprecated: None,
                range: range(b.span),
                selection_range: range(b.name),
                children: Some(children),
            }
        })
        .collect()
}
