//! The renderers, at the edge: diagnostics with byte spans in, text out.
//!
//! The core never formats for a terminal or a tool; every command that
//! prints diagnostics goes through [`write`], which streams to any writer
//! and returns its errors (a full disk or a closed pipe is the caller's to
//! report, never silently lost). Line and column numbers are computed here,
//! through [`LineIndex`](crate::diagnostics::line_index::LineIndex), and
//! nowhere else.
//!
//! What reaches a person (human and GitHub output) is bounded and safe:
//! a source line is quoted as a window around its labels, messages are
//! capped, and control characters from the file or its name are shown
//! escaped ([`text`]). JSON and SARIF carry the text whole, escaped by
//! their own syntax.

pub mod github;
mod human;
mod json;
pub mod sarif;
mod snippet;
pub mod text;

use crate::diagnostics::{Diagnostic, Severity};
use std::io::{self, Write};
use std::path::Path;

/// The output formats of `netlint check` (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, for people.
    #[default]
    Human,
    /// One array of diagnostic objects, sorted by file, line, column, code.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// ANSI colours in human output.
    pub color: bool,
    /// Also print what `# netlint: allow` silenced (human, JSON).
    pub show_suppressed: bool,
    /// End human output with a count line (`no problems found`,
    /// `2 errors, 1 warning, 0 infos`).
    pub summary: bool,
}

/// The diagnostics of one checked input, with the text their spans index.
#[derive(Clone, Copy, Debug)]
pub struct FileReport<'a> {
    /// The name as given (`-` for standard input): shown escaped to people,
    /// percent-encoded byte for byte in SARIF URIs.
    pub name: &'a Path,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// Silenced by a suppression comment, with its reason.
    pub suppressed: &'a [(Diagnostic, Option<String>)],
}

impl<'a> FileReport<'a> {
    pub fn new(
        name: &'a (impl AsRef<Path> + ?Sized),
        source: &'a str,
        diagnostics: &'a [Diagnostic],
    ) -> Self {
        FileReport {
            name: name.as_ref(),
            source,
            diagnostics,
            suppressed: &[],
        }
    }

    pub fn with_suppressed(mut self, suppressed: &'a [(Diagnostic, Option<String>)]) -> Self {
        self.suppressed = suppressed;
        self
    }
}

/// Render every file's diagnostics in one format. Writes are buffered and
/// flushed before returning; the first write error is returned.
pub fn write(
    format: Format,
    files: &[FileReport<'_>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    match format {
        Format::Human => human::write(files, options, &mut out)?,
        Format::Json => json::write(files, options, &mut out)?,
        Format::Sarif => sarif::write(files, &mut out)?,
        Format::Github => github::write(files, &mut out)?,
    }
    out.flush()
}

/// [`write`] into a string (tests, tools).
pub fn to_string(format: Format, files: &[FileReport<'_>], options: &RenderOptions) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(format, files, options, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A one-line summary such as `3 errors, 1 warning, 2 infos`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    summary_of(diagnostics.iter())
}

fn summary_of<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> String {
    let mut counts = [0usize; 3];
    for d in diagnostics {
        counts[d.severity as usize] += 1;
    }
    let count = |s: Severity| counts[s as usize];
    let part = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        part(count(Severity::Error), "error"),
        part(count(Severity::Warning), "warning"),
        part(count(Severity::Info), "info")
    )
}

/// A diagnostic's code as printed.
fn code(d: &Diagnostic) -> &'static str {
    d.code
}

/// The rule name of a diagnostic's code, if the catalog knows it.
fn rule_name(d: &Diagnostic) -> Option<&'static str> {
    crate::rules::registry::lookup(d.code).map(|r| r.name)
}
