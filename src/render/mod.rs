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
pub mod graph_dot;
pub mod graph_mermaid;
mod graph_style;
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
    /// Record the run itself in SARIF (`invocations`), as `netlint check`
    /// does; `None` for output about diagnostics alone.
    pub invocation: Option<Invocation>,
}

/// What SARIF records about a run besides its results.
#[derive(Clone, Copy, Debug)]
pub struct Invocation {
    /// Every input could be read and checked (`executionSuccessful`).
    pub complete: bool,
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
    /// The configuration file applied to it, if any (SARIF records it).
    pub config: Option<&'a Path>,
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
            config: None,
        }
    }

    pub fn with_suppressed(mut self, suppressed: &'a [(Diagnostic, Option<String>)]) -> Self {
        self.suppressed = suppressed;
        self
    }

    pub fn with_config(mut self, config: Option<&'a Path>) -> Self {
        self.config = config;
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
        Format::Sarif => sarif::write(files, options, &mut out)?,
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
    let (mut errors, mut warnings, mut infos) = (0usize, 0usize, 0usize);
    for d in diagnostics {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
    }
    let part = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        part(errors, "error"),
        part(warnings, "warning"),
        part(infos, "info")
    )
}
