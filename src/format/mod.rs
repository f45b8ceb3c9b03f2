//! `netlint fmt`: one canonical layout for `.net` files.
//!
//! The formatter prints the syntax tree the parser built, with the comments
//! the parser kept beside it (byte spans); it never reads the text its own
//! way. It knows the grammar's shapes (settings, blocks, attributes,
//! scalars, lists) and nothing of kinds, keys or values, so a kind or
//! attribute the language gains formats without a change here.
//!
//! The layout:
//! - two-space indentation; a list's continuation lines one level deeper
//!   than its attribute;
//! - one attribute per line in a multi-line block; a block written on one
//!   line stays on one line (`kind name { a 1; b 2 }`) while it fits in
//!   [`WIDTH`] columns, and is opened onto several lines when it does not;
//! - a list is written on one line (`a, b, c`) and wrapped after the commas
//!   that would pass [`WIDTH`];
//! - one space between words, none before `,` or `;`, one after; blank
//!   lines between blocks and attributes kept, but at most one in a row,
//!   and none after `{`, before `}` or at the ends of the file;
//! - one blank line between a top-level block printed on several lines
//!   and the item before or after it (above the comments on their own
//!   lines right before the block below, which speak for it), where a line
//!   break separates them; one-line blocks and settings side by side keep
//!   the blank lines the user wrote, so a table of them stays one;
//! - comments kept verbatim (trailing spaces dropped), each in its place:
//!   a comment at the end of a line stays at the end of that line, one on
//!   its own line stays on its own line before what followed it.
//!
//! **Invariant: formatting never changes meaning.** The tokens, their
//! order and the comments are the input's; only blanks, line breaks and
//! separators change. Suppression comments (`# netlint: allow …`) silence
//! by line, so a line that carries a comment, or follows a comment on its
//! own line, keeps its line breaks: the formatter breaks it or joins it to
//! its neighbours only where the source did. `check` reports the same
//! codes on the output and `build` makes the same template from it.
//!
//! One option (`--align-comments`): the comments that end consecutive
//! lines of one block (or of the top level) start in one column, the
//! column after the longest of those lines, as people line them up by
//! hand. A blank line, a line without such a comment, or the end of the
//! block ends a run. Only spaces before a comment change, so the
//! invariant below holds with it too, and so does idempotence.
//!
//! A file with syntax errors is not formatted: [`format`] returns them.

mod printer;

use crate::syntax::{self, Arena, SyntaxError, ast::File};

/// The column limit a line is kept within where a break is allowed.
pub const WIDTH: usize = 100;

/// Choices beside the canonical layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Align the comments that end consecutive lines of a block.
    pub align_comments: bool,
}

/// The canonical layout of `src`, or its syntax errors (nothing is
/// formatted then).
pub fn format(src: &str) -> Result<String, Vec<SyntaxError>> {
    format_with(src, Options::default())
}

/// [`format`] with options.
pub fn format_with(src: &str, options: Options) -> Result<String, Vec<SyntaxError>> {
    let mut arena = Arena::new();
    let parse = syntax::parse(src, &mut arena);
    if !parse.errors.is_empty() {
        return Err(parse.errors);
    }
    Ok(printer::Printer::new(src, &parse.file, options).print(&parse.file))
}

/// The canonical layout of a file parsed without syntax errors (with them,
/// the tree lacks what was skipped, and so would the output).
pub fn format_tree(src: &str, file: &File<'_>) -> String {
    printer::Printer::new(src, file, Options::default()).print(file)
}

#[cfg(test)]
mod tests;
