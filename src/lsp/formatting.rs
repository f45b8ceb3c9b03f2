//! Formatting through `netlint fmt`: the whole document replaced by its
//! canonical layout, or no edit for a file with syntax errors (as `fmt`
//! refuses it).

use super::documents::Document;
use crate::span::Span;
use lsp_types::TextEdit;

pub fn format(doc: &Document) -> Result<Vec<TextEdit>, String> {
    match crate::check::format(&doc.text) {
        Ok(text) if text == doc.text => Ok(Vec::new()),
        Ok(text) => {
            let all = Span::new(0, doc.text.len() as u32);
            Ok(vec![TextEdit::new(doc.lines.range(&doc.text, all), text)])
        }
        Err(errors) => Err(format!(
            "not formatted: the file has {} syntax error{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        )),
    }
}
