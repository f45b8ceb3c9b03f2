//! `netlint build FILE [-o OUT]`: check, then emit the CloudFormation
//! template.
//!
//! The template is written only for a file without diagnostics at or above
//! the threshold (`--fail-on`, default error) among the selected codes
//! (`--select`/`--ignore` and netlint.toml, as for `check`); E-codes always
//! block. It goes through [`output::write_file`]: a regular OUT atomically
//! (readers see the old file or the whole new one, never a half-written or
//! refused template), a device or FIFO in place, never over the input.

use super::check::FailOn;
use super::{ConfigArgs, known_codes, output, print_diagnostics, read_text};
use crate::check;
use crate::diagnostics::Severity;
use crate::render::text::display_name;
use crate::settings::Choices;
use clap::Args;
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The .net file (`-` reads standard input).
    pub file: PathBuf,
    /// Write the template here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Refuse the template when a selected finding at or above this
    /// severity remains [default: error; netlint.toml's `fail-on` is
    /// `check`'s]. E-codes (errors in the file itself) always refuse it.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Only these codes or prefixes block and are reported (e.g.
    /// `S,N4,A101`), as for `check`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these codes or prefixes: `--ignore S303` builds a design with a
    /// deliberate S303 finding.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// netlint.toml can select, ignore or re-grade rules, exactly as for
    /// `check`.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Exit 0 written, 1 refused because findings at or above the threshold
/// remain, 2 input unreadable, output unwritable or an unknown code.
pub fn run(
    args: &BuildArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> i32 {
    if let Err(status) = known_codes(&args.select, &args.ignore, err) {
        return status;
    }
    let source = match read_text(&args.file, stdin, err, color, 1) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let src = source.as_str();
    // The configuration `check` would use for this file, so that `build`
    // refuses exactly what `check` reports as an error.
    let choices = Choices {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..Choices::default()
    };
    let threshold = args.fail_on.map_or(Severity::Error, Severity::from);
    let settings = match args.config.settings_for(&args.file, &choices, err) {
        Ok((settings, _)) => settings,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return 2;
        }
    };
    let checked = check::run(src, &settings);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity >= threshold || d.code.is_error_in_file())
        .cloned()
        .collect();
    let model = match (&checked.model, errors.is_empty()) {
        (Some(m), true) => m,
        _ => {
            print_diagnostics(err, &args.file, src, &errors, color, true);
            let what = if threshold == Severity::Error {
                "the errors above".to_string()
            } else {
                format!("the findings above (`--fail-on {}`)", threshold.as_str())
            };
            let _ = writeln!(err, "error: no template written: fix {what} first");
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
