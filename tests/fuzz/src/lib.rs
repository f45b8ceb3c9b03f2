//! Drivers shared by the fuzz targets and the `replay` tool.
//!
//! Everything goes through netlint's command line, run in memory
//! (`netlint::cli::run`): the arguments are the most stable surface the
//! project has, and each run covers what a user's run covers — reading,
//! the check pipeline, every rule, the renderers and the emitter.

pub mod network;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The integration tests' in-memory CLI runner (`run_cli`), the one copy.
#[path = "../../common/cli.rs"]
#[allow(dead_code)]
mod cli;

/// One netlint run in memory: (exit code, stdout, stderr).
pub fn netlint(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let (code, out, err) = cli::run_cli(args, stdin);
    assert!((0..=2).contains(&code), "exit code {code} for {args:?}");
    (code, out, err)
}

/// `check` in one of its formats (chosen by `pick`, so the fuzzer's input
/// decides without spending bytes on it), then `build` when the check found
/// no error. JSON output must parse.
///
/// SARIF comes up once in 16 runs: it carries the whole rule catalog, so
/// rendering it costs many times the check of a small input.
pub fn check_and_build(src: &[u8], pick: usize) {
    const FORMATS: [&str; 16] = [
        "human", "json", "github", "human", "json", "github", "human", "sarif", "human", "json",
        "github", "human", "json", "github", "human", "json",
    ];
    let format = FORMATS[pick % FORMATS.len()];
    let (code, out, _) = netlint(
        &[
            "check",
            "--no-config",
            "--fail-on",
            "error",
            "--format",
            format,
            "-",
        ],
        src,
    );
    if format == "json"
        && let Err(e) = serde_json::from_slice::<serde_json::Value>(&out)
    {
        panic!("check --format {format} printed invalid JSON: {e}");
    }
    let template = (code == 0).then(|| {
        let (bcode, bout, berr) = netlint(&["build", "--no-config", "-"], src);
        assert_eq!(
            bcode,
            0,
            "check found no error but build refused: {}",
            String::from_utf8_lossy(&berr)
        );
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bout) {
            panic!("build printed an invalid template: {e}");
        }
        bout
    });
    fmt_keeps_meaning(src, template.as_deref());
}

/// A template: read and resolved by `cfn::load` (every problem's span
/// inside the text, on character boundaries), then `check --format json
/// --region us-east-1 -` (recognised by content), whose JSON must parse.
pub fn template(src: &[u8]) {
    if let Ok(text) = std::str::from_utf8(src) {
        let options = netlint::cfn::Options {
            pseudo: netlint::cfn::Pseudo {
                region: Some("us-east-1".into()),
                ..Default::default()
            },
            params: Vec::new(),
        };
        let (_, problems) = netlint::cfn::load(text, &options);
        for p in &problems {
            for s in std::iter::once(p.span).chain(p.related.iter().map(|r| r.0)) {
                assert!(
                    s.start <= s.end
                        && (s.end as usize) <= text.len()
                        && text.is_char_boundary(s.start as usize)
                        && text.is_char_boundary(s.end as usize),
                    "span out of the text: {p:?}"
                );
            }
        }
    }
    let (code, out, _) = netlint(
        &[
            "check",
            "--no-config",
            "--fail-on",
            "error",
            "--format",
            "json",
            "--region",
            "us-east-1",
            "-",
        ],
        src,
    );
    if code != 2
        && let Err(e) = serde_json::from_slice::<serde_json::Value>(&out)
    {
        panic!("check --format json printed invalid JSON on a template: {e}");
    }
}

/// `fmt` on `src`: refused (2) or formatted (0); formatted, formatting
/// again changes nothing, and the template (when `src` builds) is the same.
pub fn fmt_keeps_meaning(src: &[u8], template: Option<&[u8]>) {
    let (code, formatted, err) = netlint(&["fmt", "-"], src);
    assert!(
        code == 0 || code == 2,
        "fmt exited {code}: {}",
        String::from_utf8_lossy(&err)
    );
    if code != 0 {
        return;
    }
    let (again_code, again, _) = netlint(&["fmt", "-"], &formatted);
    assert_eq!(again_code, 0, "fmt refused its own output");
    assert!(again == formatted, "fmt is not idempotent");
    if let Some(template) = template {
        let (bcode, bout, _) = netlint(&["build", "--no-config", "-"], &formatted);
        assert_eq!(bcode, 0, "fmt's output does not build");
        assert!(bout == template, "fmt's output builds another template");
    }
}

/// `reach - -- FROM TO WORDS…` on `src`, in human or JSON form, with
/// or without `--all-blockers`; returns the exit code (2: the input stopped
/// before the engine). The `--` keeps a word that starts with `-` an
/// endpoint or traffic word, not an option (`-hweb` would print the help).
pub fn reach(src: &[u8], from: &str, to: &str, words: &[&str], json: bool, all: bool) -> i32 {
    // No netlint.toml of wherever the fuzzer runs: reach reads one for a
    // template, as check and build do.
    let mut args = vec!["reach", "--no-config"];
    if json {
        args.extend_from_slice(&["--format", "json"]);
    }
    if all {
        args.push("--all-blockers");
    }
    args.extend_from_slice(&["-", "--", from, to]);
    args.extend_from_slice(words);
    let (code, out, _) = netlint(&args, src);
    if json
        && code != 2
        && let Err(e) = serde_json::from_slice::<serde_json::Value>(&out)
    {
        panic!("reach --format json printed invalid JSON: {e}");
    }
    code
}

/// Counts of runs and of runs whose `reach` got past the front end, printed
/// to stderr at every power of two and every 1000 runs when
/// `NETLINT_FUZZ_STATS` is set (the
/// figure that says whether fuzzing exercises the engine or only the parser).
pub struct Stats {
    name: &'static str,
    runs: AtomicU64,
    engine: AtomicU64,
}

impl Stats {
    pub const fn new(name: &'static str) -> Self {
        Stats {
            name,
            runs: AtomicU64::new(0),
            engine: AtomicU64::new(0),
        }
    }

    pub fn record(&self, reached_engine: bool) {
        static ON: OnceLock<bool> = OnceLock::new();
        let runs = self.runs.fetch_add(1, Ordering::Relaxed) + 1;
        let engine = self
            .engine
            .fetch_add(u64::from(reached_engine), Ordering::Relaxed)
            + u64::from(reached_engine);
        if (runs.is_power_of_two() || runs.is_multiple_of(1000))
            && *ON.get_or_init(|| std::env::var_os("NETLINT_FUZZ_STATS").is_some())
        {
            eprintln!(
                "stats {}: {runs} runs, {engine} reached the reach engine ({:.1}%)",
                self.name,
                100.0 * engine as f64 / runs as f64
            );
        }
    }
}
