//! `netlint fmt [--check] [--diff] [--align-comments] FILE…`: rewrite files
//! in the canonical layout (`crate::format`).
//!
//! A file with syntax errors is refused: its E001 diagnostics go to
//! standard error, nothing is written, and the run exits 2 (like rustfmt).
//! A file is rewritten only when its layout changes, through
//! [`output::write_file`] (atomic replace keeping mode and owner, symlinks
//! followed). `-` reads standard input and writes standard output. A UTF-8
//! byte order mark is kept.

use super::{Io, output, print_diagnostics, walk};
use crate::check;
use crate::render::text::{display_name, escape_lines};
use clap::Args;

use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files to format (`-`: standard input to standard output), or
    /// directories: every `.net` file under them, as `check` finds them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write nothing; list the files whose layout would change, and exit 1
    /// if there is one.
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print a unified diff of each change instead.
    #[arg(long)]
    pub diff: bool,
    /// Line up the comments that end consecutive lines of a block in one
    /// column.
    #[arg(long)]
    pub align_comments: bool,
}

/// How one input went, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Unchanged,
    /// Rewritten, or (with `--check`/`--diff`) would be.
    Changed,
    /// Not read, not parsed or not written.
    Failed,
}

/// Exit 0 formatted (or already so), 1 with `--check` when a file would
/// change, 2 when an input could not be read, parsed or written.
pub fn run(args: &FmtArgs, io: &mut Io<'_>) -> i32 {
    let mut worst = Outcome::Unchanged;
    for input in walk::expand(&args.files) {
        let outcome = match input {
            Ok(path) => match one(&path, args, io) {
                Ok(o) => o,
                Err(status) => return status,
            },
            Err(msg) => {
                let _ = writeln!(io.stderr, "error: {msg}");
                Outcome::Failed
            }
        };
        worst = worst.max(outcome);
    }
    match worst {
        Outcome::Failed => 2,
        Outcome::Changed if args.check => 1,
        _ => 0,
    }
}

/// How long one file's diff may search for the smallest one.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

/// The UTF-8 byte order mark, kept where a file has one.
const BOM: &str = "\u{feff}";

/// Format one input. `Err` is an exit status that ends the run at once (a
/// write to standard output failed).
fn one(path: &Path, args: &FmtArgs, io: &mut Io<'_>) -> Result<Outcome, i32> {
    let name = display_name(path);
    let stdin = path.as_os_str() == "-";
    let read = if stdin {
        let mut buf = Vec::new();
        io.stdin.read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: cannot read {name}: {e}");
            return Ok(Outcome::Failed);
        }
    };
    let color = io.color(super::ColorChoice::Auto);
    let text = match check::decode(&bytes) {
        Ok(s) => s,
        Err(d) => {
            let lossy = String::from_utf8_lossy(&bytes);
            print_diagnostics(io.stderr, path, &lossy, &[*d], color, false);
            return Ok(Outcome::Failed);
        }
    };
    let (bom, src) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    };
    let options = crate::format::Options {
        align_comments: args.align_comments,
    };
    let formatted = match check::format_with(src, options) {
        Ok(f) => f,
        Err(errors) => {
            print_diagnostics(io.stderr, path, src, &errors, color, true);
            let _ = writeln!(
                io.stderr,
                "error: {name} not formatted: fix its syntax errors first"
            );
            return Ok(Outcome::Failed);
        }
    };
    let changed = formatted != src;
    if args.check || args.diff {
        if changed {
            let report = if args.diff {
                unified_diff(&name, src, &formatted)
            } else {
                format!("{name}\n")
            };
            let report = if io.stdout_is_terminal {
                escape_lines(&report).into_owned()
            } else {
                report
            };
            if let Err(e) = output::write_all(io.stdout, report.as_bytes()) {
                return Err(output::write_failed(io.stderr, "the report", &e));
            }
        }
        return Ok(if changed {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        });
    }
    let data = format!("{bom}{formatted}");
    if stdin {
        return match output::write_all(io.stdout, data.as_bytes()) {
            Ok(()) => Ok(Outcome::Unchanged),
            Err(e) => Err(output::write_failed(io.stderr, "the formatted file", &e)),
        };
    }
    if !changed {
        return Ok(Outcome::Unchanged);
    }
    match output::write_file(path, data.as_bytes(), &[], io.stdout) {
        Ok(()) => Ok(Outcome::Changed),
        Err(e) => {
            let _ = output::write_failed(io.stderr, &name, &e);
            Ok(Outcome::Failed)
        }
    }
}

/// `--- a/NAME` / `+++ b/NAME` and the changed lines with three lines of
/// context, as `git diff` prints them (`patch -p1` applies it). `similar`
/// (Myers' algorithm) is already built for insta's snapshots. Myers costs
/// O(N·D) for D differences: past [`DIFF_DEADLINE`] on a huge, wholly
/// changed file, similar settles for a coarser (still correct) diff.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
