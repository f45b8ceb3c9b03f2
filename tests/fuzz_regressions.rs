//! Inputs the fuzzers found interesting (tests/fuzz/regressions/), replayed
//! through the real CLI in memory on every `cargo test`: none may panic,
//! and each run must end with a defined exit code.
//!
//! - `check/`: any bytes, checked (the output formats taken in turn), then
//!   built when the check finds no error, and formatted (idempotent, the
//!   same template).
//! - `reach/`: the `reach` fuzz target's format: the first line is FROM TO
//!   and the protocol/port words, the rest is the network; run as the
//!   target runs it (words after `--`, JSON output parsed).

mod common;

use common::*;
use std::path::PathBuf;

fn netlint(args: &[&str], stdin: &[u8]) -> i32 {
    let (code, _, _) = run_cli(args, stdin);
    assert!((0..=2).contains(&code), "exit code {code} for {args:?}");
    code
}

fn inputs(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fuzz/regressions").join(kind);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// One run per input, the format taken in turn, as the fuzz target does:
/// every format is covered while the test stays fast in a debug build.
#[test]
fn check_regressions_run_cleanly_in_every_format() {
    let files = inputs("check");
    assert!(!files.is_empty(), "no regression inputs");
    for (i, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f).unwrap();
        let format = ["human", "json", "sarif", "github"][i % 4];
        let args = [
            "check",
            "--no-config",
            "--fail-on",
            "error",
            "--format",
            format,
            "-",
        ];
        let template = (netlint(&args, &bytes) == 0).then(|| {
            let (code, template, _) = run_cli(&["build", "--no-config", "-"], &bytes);
            assert_eq!(
                code,
                0,
                "{}: check found no error, build refused",
                f.display()
            );
            template
        });
        // fmt: refused, or idempotent and building the same template.
        let (code, formatted, _) = run_cli(&["fmt", "-"], &bytes);
        assert!(code == 0 || code == 2, "{}: fmt exited {code}", f.display());
        if code == 0 {
            assert_eq!(
                run_cli(&["fmt", "-"], &formatted).1,
                formatted,
                "{}",
                f.display()
            );
            if let Some(template) = template {
                let (_, rebuilt, _) = run_cli(&["build", "--no-config", "-"], &formatted);
                assert!(
                    rebuilt == template,
                    "{}: fmt changed the template",
                    f.display()
                );
            }
        }
    }
}

#[test]
fn reach_regressions_run_cleanly() {
    let files = inputs("reach");
    assert!(!files.is_empty(), "no regression inputs");
    for (i, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f).unwrap();
        let (head, net) = match bytes.iter().position(|b| *b == b'\n') {
            Some(i) => (&bytes[..i], &bytes[i + 1..]),
            None => (&bytes[..], &b""[..]),
        };
        let head = String::from_utf8_lossy(head);
        let mut words: Vec<&str> = head.split_whitespace().take(24).collect();
        while words.len() < 2 {
            words.push("internet");
        }
        // As the fuzz target runs it: options first, the words after `--`
        // (so `-hweb` is an endpoint, not `-h`), JSON output must parse.
        let json = i % 2 == 1;
        let mut args = vec!["reach"];
        if json {
            args.extend(["--format", "json"]);
        }
        if i % 4 >= 2 {
            args.push("--all-blockers");
        }
        args.extend(["-", "--"]);
        args.extend(&words);
        let (code, out, _) = run_cli(&args, net);
        assert!((0..=2).contains(&code), "{}: exit code {code}", f.display());
        if json && code != 2 {
            serde_json::from_slice::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", f.display()));
        }
    }
}
