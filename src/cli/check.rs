//! `netlint check`.

use super::{ColorChoice, ConfigArgs, Io, read_input};
use crate::catalog::Code;
use crate::check;
use crate::diagnostics::{Diagnostic, FileDiagnostics, Severity, github, render, sarif};
use crate::settings::Choices;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

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
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// One checked input.
struct Checked {
    name: String,
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
    for code in args.select.iter().chain(&args.ignore) {
        if Code::with_prefix(code).next().is_none() {
            let hint = crate::suggest::code(code)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let _ = writeln!(
                io.stderr,
                "error: `{code}` is not a code or prefix of any rule{hint}"
            );
            return 2;
        }
    }
    let mut results = Vec::new();
    let mut status = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match read_input(path, io.stdin) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(io.stderr, "error: cannot read {name}: {e}");
                status = 2;
                continue;
            }
        };
        let (settings, config) = match args.config.settings_for(path, &choices, io.stderr) {
            Ok(found) => found,
            Err(msg) => {
                let _ = writeln!(io.stderr, "error: {msg}");
                status = 2;
                continue;
            }
        };
        let result = match check::decode(&bytes) {
            Ok(src) => {
                let c = check::run(src, &settings);
                Checked {
                    name,
                    source: src.to_string(),
                    diagnostics: c.diagnostics,
                    suppressed: c.suppressed,
                    config,
                    fail_on: settings.fail_on(),
                }
            }
            Err(d) => Checked {
                name,
                source: String::from_utf8_lossy(&bytes).into_owned(),
                diagnostics: vec![*d],
                suppressed: Vec::new(),
                config,
                fail_on: settings.fail_on(),
            },
        };
        results.push(result);
    }
    let color = io.color(args.color);
    let out = render_all(
        &results,
        args.format,
        args.show_suppressed,
        color,
        status != 2,
    );
    let _ = io.stdout.write_all(out.as_bytes());
    let failed = results
        .iter()
        .any(|r| r.diagnostics.iter().any(|d| d.severity >= r.fail_on));
    if status == 2 { 2 } else { i32::from(failed) }
}

/// SARIF's record of this run: whether every input could be checked, and
/// which configuration file applied to each (`null`: none) under
/// `properties."netlint.configFiles"`, so an uploaded result says what it
/// was checked against.
fn invocation(results: &[Checked], complete: bool) -> Value {
    let configs: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "input": r.name,
                "config": r.config.as_ref().map(|p| p.display().to_string()),
            })
        })
        .collect();
    json!({
        "executionSuccessful": complete,
        "properties": { "netlint.configFiles": configs },
    })
}

fn render_all(
    results: &[Checked],
    format: Format,
    show_suppressed: bool,
    color: bool,
    complete: bool,
) -> String {
    let files = || -> Vec<FileDiagnostics<'_>> {
        results
            .iter()
            .map(|r| FileDiagnostics {
                name: &r.name,
                source: &r.source,
                diagnostics: &r.diagnostics,
            })
            .collect()
    };
    match format {
        Format::Sarif => {
            let mut log = sarif::log(&files());
            log["runs"][0]["invocations"] = json!([invocation(results, complete)]);
            let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => github::render(&files()),
        Format::Human => {
            let mut out = String::new();
            let mut all = Vec::new();
            for r in results {
                out.push_str(&render::human(&r.name, &r.source, &r.diagnostics, color));
                if show_suppressed {
                    for (d, reason) in &r.suppressed {
                        let mut d = d.clone();
                        d.notes.push(format!(
                            "suppressed{}",
                            reason
                                .as_ref()
                                .map(|r| format!(": {r}"))
                                .unwrap_or_default()
                        ));
                        out.push_str(&render::human(
                            &r.name,
                            &r.source,
                            std::slice::from_ref(&d),
                            color,
                        ));
                    }
                }
                all.extend(r.diagnostics.iter().cloned());
            }
            if all.is_empty() {
                out.push_str("no problems found\n");
            } else {
                out.push_str(&format!("{}\n", render::summary(&all)));
            }
            out
        }
        Format::Json => {
            let mut values = Vec::new();
            for r in results {
                let index = crate::diagnostics::line_index::LineIndex::new(&r.source);
                for d in &r.diagnostics {
                    values.push(render::json_object(&r.name, &index, d, None));
                }
                if show_suppressed {
                    for (d, reason) in &r.suppressed {
                        values.push(render::json_object(&r.name, &index, d, Some(reason)));
                    }
                }
            }
            // Sorted by file, line, column, code (stable across files).
            values.sort_by(|a, b| {
                let key = |v: &serde_json::Value| {
                    (
                        v["file"].as_str().unwrap_or_default().to_string(),
                        v["line"].as_u64().unwrap_or(0),
                        v["column"].as_u64().unwrap_or(0),
                        v["code"].as_str().unwrap_or_default().to_string(),
                    )
                };
                key(a).cmp(&key(b))
            });
            let mut s = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    }
}
