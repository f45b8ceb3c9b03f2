//! `netlint check`.

use super::template::{self, TemplateArgs};
use super::{ColorChoice, ConfigArgs, Io, read_input, walk};
use crate::check::{self, Threads};
use crate::diagnostics::{Diagnostic, Severity};
use crate::render::text::display_name;
use crate::render::{self, FileReport, Format, Invocation, RenderOptions};
use crate::settings::Choices;
use crate::template_check;
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
    /// Files to check (`-` reads standard input): `.net` files and
    /// CloudFormation templates (JSON or YAML, recognised by content); or
    /// directories: every `.net` file and template under them,
    /// recursively, in name order (other YAML and JSON, hidden entries
    /// and `target/` are skipped).
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
    /// Write the report to FILE instead of standard output (replaced
    /// atomically, never one of the inputs; no colour unless `--color
    /// always`).
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub template: TemplateArgs,
}

/// One checked input.
struct Checked {
    name: PathBuf,
    source: String,
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<(Diagnostic, Option<String>)>,
    /// The configuration file applied to it, if any.
    config: Option<PathBuf>,
    /// Its findings at or above this severity fail the run.
    fail_on: Severity,
}

pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let choices = Choices {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(Severity::from),
        ..Choices::default()
    };
    if let Err(status) = super::known_codes(&args.select, &args.ignore, io.stderr) {
        return status;
    }
    let mut template_options = match args.template.options() {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: {e}");
            return 2;
        }
    };
    let mut results = Vec::new();
    let mut status = 0;
    // Standard input is read here, in order; files are read by the workers.
    let jobs: Vec<Job> = walk::expand(&args.files)
        .into_iter()
        .map(|input| match input {
            Ok(path) if path.as_os_str() == "-" => {
                let stdin = Some(read_input(&path, io.stdin));
                Job::Input { path, stdin }
            }
            Ok(path) => Job::Input { path, stdin: None },
            Err(msg) => Job::Unreadable(msg),
        })
        .collect();
    // One input: the process exits once it is reported, so neither its
    // model (`check::report_once`) nor its template's trees need be freed
    // (several inputs would add up).
    let once = jobs.len() == 1;
    template_options.one_shot = once;
    // Reported in input order, whatever order the workers finish in, each
    // input's `--verbose` line with it.
    // The files on all cores, and each file's rules on its share of them:
    // one file gets every core, as many files as cores one each.
    let cores = check::available_cores();
    let workers = cores.min(jobs.len()).max(1);
    let threads = Threads::new(cores / workers);
    let outcomes = check::in_parallel(&jobs, workers, |job| {
        check_one(
            job,
            &args.config,
            &choices,
            &template_options,
            threads,
            once,
        )
    });
    let mut skipped = Vec::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let _ = io.stderr.write_all(&outcome.log);
        match outcome.checked {
            Ok(Some(checked)) => results.push(checked),
            Ok(None) => {
                if let Job::Input { path, .. } = job {
                    skipped.push(display_name(path));
                }
            }
            Err(msg) => {
                let _ = writeln!(io.stderr, "error: {msg}");
                status = 2;
            }
        }
    }
    // A hook names every YAML and JSON file in a commit: the ones that are
    // no template are not worth a word, unless asked (`--verbose`) or
    // unless nothing at all was checked, when silence would hide a mistake.
    if args.config.verbose || (results.is_empty() && status == 0) {
        for name in &skipped {
            let _ = writeln!(
                io.stderr,
                "note: skipped {name}: not a CloudFormation template (no `AWSTemplateFormatVersion` and no `Resources` of typed resources)"
            );
        }
    }
    // A file is no terminal: `auto` means no colour there.
    let color = match args.output_file {
        Some(_) => args.color == ColorChoice::Always,
        None => io.color(args.color),
    };
    let options = RenderOptions {
        color,
        show_suppressed: args.show_suppressed,
        // "no problems found" would be a lie when nothing could be read.
        summary: !(results.is_empty() && status == 2),
        invocation: Some(Invocation {
            complete: status != 2,
        }),
    };
    let written = match &args.output_file {
        None => render_all(&results, args.format, &options, io.stdout)
            .map_err(|e| ("the report".to_string(), e)),
        Some(path) => {
            // Every file read, directories expanded: none may be replaced.
            let inputs: Vec<&std::path::Path> = jobs
                .iter()
                .filter_map(|j| match j {
                    Job::Input { path, .. } => Some(path.as_path()),
                    Job::Unreadable(_) => None,
                })
                .collect();
            let mut buf = Vec::new();
            render_all(&results, args.format, &options, &mut buf)
                .and_then(|()| super::output::write_file(path, &buf, &inputs, io.stdout))
                .map_err(|e| (display_name(path), e))
        }
    };
    if let Err((what, e)) = written {
        return super::output::write_failed(io.stderr, &what, &e);
    }
    let failed = results
        .iter()
        .any(|r| r.diagnostics.iter().any(|d| d.severity >= r.fail_on));
    if status == 2 { 2 } else { i32::from(failed) }
}

/// One input to check: a path, and for `-` what was read from stdin; or
/// why a directory argument gave none.
enum Job {
    Input {
        path: PathBuf,
        stdin: Option<std::io::Result<Vec<u8>>>,
    },
    Unreadable(String),
}

/// What checking one input gave: the input checked, or why it could not
/// be; and what it said on the way (`--verbose`), for standard error in
/// input order.
struct Outcome {
    /// `None`: a YAML or JSON file that is no template, skipped.
    checked: Result<Option<Checked>, String>,
    log: Vec<u8>,
}

/// Read, configure and check one input.
fn check_one(
    job: &Job,
    config: &ConfigArgs,
    choices: &Choices,
    template_options: &template_check::Options,
    threads: Threads,
    once: bool,
) -> Outcome {
    let mut log = Vec::new();
    let checked = read_and_check(
        job,
        config,
        choices,
        template_options,
        threads,
        once,
        &mut log,
    );
    Outcome { checked, log }
}

fn read_and_check(
    job: &Job,
    config: &ConfigArgs,
    choices: &Choices,
    template_options: &template_check::Options,
    threads: Threads,
    once: bool,
    log: &mut Vec<u8>,
) -> Result<Option<Checked>, String> {
    let (path, stdin) = match job {
        Job::Input { path, stdin } => (path, stdin),
        Job::Unreadable(msg) => return Err(msg.clone()),
    };
    let read = match stdin {
        Some(Ok(bytes)) => Ok(bytes.clone()),
        Some(Err(e)) => Err(std::io::Error::new(e.kind(), e.to_string())),
        None => read_input(path, &mut std::io::empty()),
    };
    let bytes = read.map_err(|e| format!("cannot read {}: {e}", display_name(path)))?;
    let (settings, found) = config.settings_and_config(path, choices, log)?;
    let config = found.as_ref().map(|c| c.path.clone());
    // Validated once: the bytes become the source without a copy.
    let (source, diagnostics, suppressed) = match check::decode_owned(bytes) {
        Ok(src) if template::is_template(path, &src) => {
            let template_options = template::configured(template_options, found.as_ref())?;
            let c = template_check::run(&src, &settings, &template_options, threads);
            let template_check::Checked {
                diagnostics,
                suppressed,
                model,
                lowered,
                ..
            } = c;
            if template_options.one_shot {
                // The exit frees them: see `template_check::Options::one_shot`.
                std::mem::forget(model);
                std::mem::forget(lowered);
            }
            (src, diagnostics, suppressed)
        }
        Ok(_) if template::template_extension(path) => {
            // Hooks and globs name every YAML and JSON file: one that is
            // no template is not netlint's to check, like a linter
            // skipping a file type it does not handle.
            return Ok(None);
        }
        Ok(src) => {
            let check::Checked {
                diagnostics,
                suppressed,
                ..
            } = if once {
                check::report_once(&src, &settings, threads)
            } else {
                check::report_with(&src, &settings, threads)
            };
            (src, diagnostics, suppressed)
        }
        Err((bytes, d)) => (
            String::from_utf8_lossy(&bytes).into_owned(),
            vec![*d],
            Vec::new(),
        ),
    };
    Ok(Some(Checked {
        name: path.clone(),
        source,
        diagnostics,
        suppressed,
        config,
        fail_on: settings.fail_on(),
    }))
}

fn render_all(
    results: &[Checked],
    format: Format,
    options: &RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let files: Vec<FileReport<'_>> = results
        .iter()
        .map(|r| {
            FileReport::new(&r.name, &r.source, &r.diagnostics)
                .with_suppressed(&r.suppressed)
                .with_config(r.config.as_deref())
        })
        .collect();
    render::write(format, &files, options, out)
}
