//! Helpers shared by the integration tests (and the fuzz crate in
//! tests/fuzz/, which includes this file).
#![allow(dead_code)]

use netlint::check::{self, CheckOptions};
use netlint::cli::{Io, run};
use netlint::diagnostics::{Diagnostic, render};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Diagnostics of a source with default options.
pub fn check(src: &str) -> Vec<Diagnostic> {
    check::check_source(src, &CheckOptions::default())
}

/// The human rendering, as a snapshot would hold it.
pub fn human(name: &str, src: &str) -> String {
    render::human(name, src, &check(src), false)
}

/// `.net` files directly under a directory, sorted.
pub fn net_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "net"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every diagnostic's spans lie inside the source and on char boundaries.
pub fn assert_spans_inside(name: &str, src: &str, diags: &[Diagnostic]) {
    for d in diags {
        let spans = std::iter::once(d.span).chain(d.secondary.iter().map(|l| l.span));
        for s in spans {
            assert!(
                s.start <= s.end && s.end as usize <= src.len(),
                "{name}: {} span {:?} outside file of {} bytes",
                d.code,
                s,
                src.len()
            );
            assert!(
                src.is_char_boundary(s.start as usize) && src.is_char_boundary(s.end as usize),
                "{name}: {} span {:?} splits a character",
                d.code,
                s
            );
        }
    }
}

/// The real CLI in memory: (exit code, stdout, stderr) of `netlint ARGS…`
/// with `stdin` as standard input.
pub fn netlint_cli(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let mut input = stdin;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = Io {
        stdin: &mut input,
        stdout: &mut out,
        stderr: &mut err,
        stdout_is_terminal: false,
    };
    let code = run(
        std::iter::once("netlint").chain(args.iter().copied()),
        &mut io,
    );
    (code, out, err)
}
