//! `netlint build FILE [-o OUT]`: check, then emit the CloudFormation
//! template (language.md §8).
//!
//! The template is written only for a file without error-severity
//! diagnostics, through [`output::write_file`]: a regular OUT atomically
//! (readers see the old file or the whole new one, never a half-written or
//! refused template), a device or FIFO in place, never over the input.

use super::{output, print_diagnostics, read_input};
use crate::check::{self, CheckOptions};
use crate::diagnostics::Severity;
use crate::render::text::display_name;
use clap::Args;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The .net file (`-` reads standard input).
    pub file: PathBuf,
    /// Write the template here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Do not look for netlint.toml (which can select, ignore or re-grade
    /// rules, exactly as for `check`).
    #[arg(long)]
    pub no_config: bool,
}

/// Exit 0 written, 1 refused because errors remain, 2 input unreadable or
/// output unwritable.
pub fn run(
    args: &BuildArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> i32 {
    let name = display_name(&args.file);
    let bytes = match read_input(&args.file, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {name}: {e}");
            return 2;
        }
    };
    let src = match check::decode(&bytes) {
        Ok(s) => s,
        Err(d) => {
            let lossy = String::from_utf8_lossy(&bytes);
            print_diagnostics(err, &args.file, &lossy, &[*d], color, false);
            return 1;
        }
    };
    let options = match options_for(args) {
        Ok(o) => o,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return 2;
        }
    };
    let checked = check::run(src, &options);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let model = match (&checked.model, errors.is_empty()) {
        (Some(m), true) => m,
        _ => {
            print_diagnostics(err, &args.file, src, &errors, color, true);
            let _ = writeln!(
                err,
                "error: no template written: fix the errors above first"
            );
            return 1;
        }
    };
    let json = crate::emit::to_json_string(&model.0, &model.1);
    match &args.output {
        None => match output::write_all(out, json.as_bytes()) {
            Ok(()) => 0,
            Err(e) => output::write_failed(err, "the template", &e),
        },
        Some(path) => match output::write_file(path, json.as_bytes(), &[&args.file], out) {
            Ok(()) => 0,
            Err(e) => output::write_failed(err, &display_name(path), &e),
        },
    }
}

/// The options `check` would use for this file: its nearest netlint.toml
/// (searched from the file's directory, or the current one for stdin), so
/// that `build` refuses exactly what `check` reports as an error.
fn options_for(args: &BuildArgs) -> Result<CheckOptions, String> {
    if args.no_config {
        return Ok(CheckOptions::default());
    }
    let start = if args.file.as_os_str() == "-" {
        PathBuf::new()
    } else {
        args.file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    match crate::config::discover(&start) {
        Ok(Some(cfg)) => Ok(cfg.check_options()),
        Ok(None) => Ok(CheckOptions::default()),
        Err(e) => Err(e.to_string()),
    }
}
