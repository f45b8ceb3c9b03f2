//! `netlint rules` and `netlint explain`.

use super::Io;
use crate::rules::registry;
use clap::{Args, ValueEnum};
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum RulesFormat {
    #[default]
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (`S302`) or name (`sensitive-port-open`).
    pub code: String,
}

pub fn rules(args: &RulesArgs, io: &mut Io<'_>) -> i32 {
    let out = match args.format {
        RulesFormat::Human => {
            let mut s = String::new();
            for r in registry::all() {
                s.push_str(&format!(
                    "{:<5} {:<8} {:<34} {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name,
                    r.summary
                ));
            }
            s
        }
        RulesFormat::Json => {
            let v: Vec<_> = registry::all()
                .map(|r| json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    match super::output::write_all(io.stdout, out.as_bytes()) {
        Ok(()) => 0,
        Err(e) => super::output::write_failed(io.stderr, "the catalog", &e),
    }
}

pub fn explain(args: &ExplainArgs, io: &mut Io<'_>) -> i32 {
    let wanted = args.code.trim();
    let rule = registry::lookup(&wanted.to_ascii_uppercase())
        .or_else(|| registry::all().find(|r| r.name == wanted));
    match rule {
        Some(r) => {
            let mut text = format!(
                "# {} {}\n\nSeverity: {}. {}.\n\n{}",
                r.code,
                r.name,
                r.severity.as_str(),
                capitalize(r.summary),
                r.docs
            );
            if !r.docs.ends_with('\n') {
                text.push('\n');
            }
            match super::output::write_all(io.stdout, text.as_bytes()) {
                Ok(()) => 0,
                Err(e) => super::output::write_failed(io.stderr, "the rule's documentation", &e),
            }
        }
        None => {
            let hint = registry::similar(wanted)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let _ = writeln!(
                io.stderr,
                "error: no rule `{}`{hint} (`netlint rules` lists them)",
                crate::render::text::escape(wanted, false)
            );
            2
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
