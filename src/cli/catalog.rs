//! `netlint rules` and `netlint explain`.

use super::Io;
use crate::catalog::Code;
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
            for c in Code::ALL {
                s.push_str(&format!(
                    "{:<5} {:<8} {:<34} {}\n",
                    c.as_str(),
                    c.default_severity().as_str(),
                    c.name(),
                    c.summary()
                ));
            }
            s
        }
        RulesFormat::Json => {
            let v: Vec<_> = Code::ALL
                .iter()
                .map(|c| json!({"code": c.as_str(), "name": c.name(), "severity": c.default_severity().as_str(), "summary": c.summary()}))
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
    let code = Code::parse(&wanted.to_ascii_uppercase()).or_else(|| Code::from_name(wanted));
    match code {
        Some(c) => {
            let mut text = format!(
                "# {} {}\n\nSeverity: {}. {}.\n\n{}",
                c.as_str(),
                c.name(),
                c.default_severity().as_str(),
                capitalize(c.summary()),
                c.docs()
            );
            if !c.docs().ends_with('\n') {
                text.push('\n');
            }
            match super::output::write_all(io.stdout, text.as_bytes()) {
                Ok(()) => 0,
                Err(e) => super::output::write_failed(io.stderr, "the rule's documentation", &e),
            }
        }
        None => {
            let hint = crate::suggest::code(wanted)
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
