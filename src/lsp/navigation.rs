//! Go to definition, find references and rename: names across the file,
//! through the outline's declarations and references.

use super::documents::Document;
use lsp_types::{Location, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

pub fn definition(uri: &Uri, doc: &Document, offset: u32) -> Option<Location> {
    let name = doc.outline.name_at(&doc.text, offset)?;
    let target = doc.outline.blocks[name.decl].name;
    Some(Location::new(
        uri.clone(),
        doc.lines.range(&doc.text, target),
    ))
}

pub fn references(uri: &Uri, doc: &Document, offset: u32, with_declaration: bool) -> Vec<Location> {
    let Some(name) = doc.outline.name_at(&doc.text, offset) else {
        return Vec::new();
    };
    doc.outline
        .occurrences(name.decl)
        .skip(usize::from(!with_declaration))
        .map(|s| Location::new(uri.clone(), doc.lines.range(&doc.text, s)))
        .collect()
}

/// Only a name can be renamed.
pub fn prepare_rename(doc: &Document, offset: u32) -> Result<PrepareRenameResponse, String> {
    let name = doc
        .outline
        .name_at(&doc.text, offset)
        .ok_or("only the name of a declaration can be renamed")?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: doc.lines.range(&doc.text, name.span),
        placeholder: name.span.text(&doc.text).to_string(),
    })
}

/// A name as the grammar writes it: an ASCII letter, then letters,
/// digits, `-` and `_`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        // The other side of a security-group rule may be `self`.
        && name != "self"
}

pub fn rename(
    uri: &Uri,
    doc: &Document,
    offset: u32,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    let src = &doc.text;
    let name = doc
        .outline
        .name_at(src, offset)
        .ok_or("only the name of a declaration can be renamed")?;
    if !valid_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a name: a name is an ASCII letter followed by letters, digits, `-` and `_`"
        ));
    }
    let old = name.span.text(src);
    if new_name != old
        && let Some(other) = doc.outline.declaration(new_name)
    {
        let kind = doc.outline.blocks[other].kind.text(src);
        return Err(format!("`{new_name}` is already the name of a {kind}"));
    }
    let edits: Vec<TextEdit> = doc
        .outline
        .occurrences(name.decl)
        .map(|s| TextEdit::new(doc.lines.range(src, s), new_name.to_string()))
        .collect();
    Ok(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)])))
}
