//! `netlint check`.

use super::{ColorChoice, Io, read_input};
use crate::check::{self, CheckOptions};
use crate::diagnostics::{Diagnostic, Severity};
use crate::render::text::display_name;
use crate::render::{self, FileReport, Format, RenderOptions};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check (`-` reads standard input).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a diagnostic at or above this severity remains
    /// [default: warning, or `fail-on` from netlint.toml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Only these codes or prefixes (e.g. `S,N4,A101`).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these codes or prefixes.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Also list diagnostics silenced by `# netlint: allow` (JSON: with
    /// their reason).
    #[arg(long)]
    pub show_suppressed: bool,
    /// Do not look for netlint.toml.
    #[arg(long)]
    pub no_config: bool,
}

/// One checked input.
struct Checked {
    name: PathBuf,
    source: String,
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<(Diagnostic, Option<String>)>,
}

pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let options = CheckOptions {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..CheckOptions::default()
    };
    for code in args.select.iter().chain(&args.ignore) {
        if !crate::rules::registry::all().any(|r| r.code.starts_with(code.as_str())) {
            let hint = crate::rules::registry::similar(code)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let _ = writeln!(
                io.stderr,
                "error: `{code}` is not a code or prefix of any rule{hint}"
            );
            return 2;
        }
    }
    let mut fail_on = args.fail_on.map(Severity::from);
    let mut results = Vec::new();
    let mut status = 0;
    for path in &args.files {
        let name = path.clone();
        let bytes = match read_input(path, io.stdin) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(io.stderr, "error: cannot read {}: {e}", display_name(path));
                status = 2;
                continue;
            }
        };
        let file_options = match config_for(path, args, &options) {
            Ok((o, f)) => {
                fail_on = fail_on.or(f);
                o
            }
            Err(msg) => {
                let _ = writeln!(io.stderr, "error: {msg}");
                status = 2;
                continue;
            }
        };
        let result = match check::decode(&bytes) {
            Ok(src) => {
                let c = check::run(src, &file_options);
                Checked {
                    name,
                    source: src.to_string(),
                    diagnostics: c.diagnostics,
                    suppressed: c.suppressed,
                }
            }
            Err(d) => Checked {
                name,
                source: String::from_utf8_lossy(&bytes).into_owned(),
                diagnostics: vec![*d],
                suppressed: Vec::new(),
            },
        };
        results.push(result);
    }
    let threshold = fail_on.unwrap_or(Severity::Warning);
    let options = RenderOptions {
        color: io.color(args.color),
        show_suppressed: args.show_suppressed,
        // "no problems found" would be a lie when nothing could be read.
        summary: !(results.is_empty() && status == 2),
    };
    if let Err(e) = render_all(&results, args.format, &options, io.stdout) {
        return super::output::write_failed(io.stderr, "the report", &e);
    }
    let failed = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold);
    if status == 2 { 2 } else { i32::from(failed) }
}

/// Options for one file: its netlint.toml (found by walking up from the
/// file's directory), with the command line on top: `--select` replaces the
/// file's `select`, `--ignore` adds to its `ignore`.
fn config_for(
    path: &std::path::Path,
    args: &CheckArgs,
    base: &CheckOptions,
) -> Result<(CheckOptions, Option<Severity>), String> {
    if args.no_config {
        return Ok((base.clone(), None));
    }
    let start = if path.as_os_str() == "-" {
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?
    } else {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?
    };
    let Some(cfg) = crate::config::discover(&start).map_err(|e| e.to_string())? else {
        return Ok((base.clone(), None));
    };
    let mut options = cfg.check_options();
    if !base.select.is_empty() {
        options.select = base.select.clone();
    }
    options.ignore.extend(base.ignore.iter().cloned());
    Ok((options, cfg.fail_on))
}

fn render_all(
    results: &[Checked],
    format: Format,
    options: &RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let files: Vec<FileReport<'_>> = results
        .iter()
        .map(|r| FileReport::new(&r.name, &r.source, &r.diagnostics).with_suppressed(&r.suppressed))
        .collect();
    render::write(format, &files, options, out)
}
