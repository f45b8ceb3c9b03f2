//! The syntax layer: source text → AST with spans, and syntax errors.
//!
//! The grammar of `grammar/netlint.ebnf` as nom parsers, one function per
//! production: [`lexical`] for section 1 (words, strings, comments),
//! [`structural`] for section 2 (file, blocks, attributes, values) with
//! error recovery. [`input`] is the parser's input type (the source and the
//! state a parse shares); [`error`] the syntax errors returned beside the
//! tree.
//!
//! **Architecture invariant:** this layer knows nothing of the layers above
//! it: no kinds, no attribute names, no value types (those are the
//! resolver's), and no diagnostics (the pipeline turns each
//! [`SyntaxError`] into one).

pub mod ast;
pub mod error;
pub mod input;
pub mod lexical;
pub mod split;
pub mod structural;

pub use error::SyntaxError;
pub use input::Arena;
pub use split::{Split, parse_with};
pub use structural::{Parse, parse};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The productions of sections 1 and 2 of the grammar of record.
    fn productions() -> BTreeSet<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/netlint.ebnf");
        let ebnf = std::fs::read_to_string(path).expect("grammar/netlint.ebnf");
        let start = ebnf.find("1. Lexical grammar\n").expect("section 1");
        let end = ebnf.find("3. Semantic grammar (").expect("section 3");
        let mut names = BTreeSet::new();
        let mut in_comment = false;
        for line in ebnf[start..end].lines() {
            let line = line.trim_start();
            if line.starts_with("(*") {
                in_comment = true;
            }
            if !in_comment
                && let Some((name, _)) = line.split_once('=')
                && !name.trim().is_empty()
                && name
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == ' ')
            {
                names.insert(name.trim().replace(' ', "_"));
            }
            if line.contains("*)") {
                in_comment = false;
            }
        }
        names
    }

    /// The nom parsers of the syntax layer: `pub fn name<'a, 's>(i: In…`.
    fn parsers() -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for src in [include_str!("lexical.rs"), include_str!("structural.rs")] {
            for line in src.lines() {
                if let Some(rest) = line.strip_prefix("pub fn ")
                    && let Some((name, sig)) = rest.split_once('<')
                    && sig.contains("i: In<'a, 's>) -> Res<")
                {
                    names.insert(name.to_string());
                }
            }
        }
        names
    }

    #[test]
    fn every_production_is_a_parser_and_every_parser_a_production() {
        let classes = ["comment_character", "string_character", "word_character"];
        let classes2 = ["letter", "digit"];
        let productions: BTreeSet<String> = productions()
            .into_iter()
            .filter(|p| !classes.contains(&p.as_str()) && !classes2.contains(&p.as_str()))
            .collect();
        assert!(productions.len() > 15, "{productions:?}");
        assert_eq!(productions, parsers());
    }
}
