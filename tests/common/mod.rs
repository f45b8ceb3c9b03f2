//! Helpers shared by the integration tests.
#![allow(dead_code)]

mod cli;
#[allow(unused_imports)] // not every test binary runs the CLI
pub(crate) use cli::*;

use netlint::check;
use netlint::diagnostics::Diagnostic;
use netlint::render::{self, FileReport, Format, RenderOptions};
use netlint::settings::Settings;
use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Diagnostics of a source with default options.
pub(crate) fn check(src: &str) -> Vec<Diagnostic> {
    check::check_source(src, &Settings::default())
}

/// The human rendering, as a snapshot would hold it.
pub(crate) fn human(name: &str, src: &str) -> String {
    render_human(name, src, &check(src))
}

/// Diagnostics of one file for a person, without colour or summary line.
pub(crate) fn render_human(name: &str, src: &str, diagnostics: &[Diagnostic]) -> String {
    let files = [FileReport::new(name, src, diagnostics)];
    render::to_string(Format::Human, &files, &RenderOptions::default())
}

/// Diagnostics of one file as `--format json` prints them.
pub(crate) fn render_json(name: &str, src: &str, diagnostics: &[Diagnostic]) -> String {
    let files = [FileReport::new(name, src, diagnostics)];
    render::to_string(Format::Json, &files, &RenderOptions::default())
}

/// A fresh empty directory, unique to this call, under cargo's scratch
/// directory.
pub(crate) fn scratch_dir(tag: &str) -> PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// `.net` files directly under a directory, sorted.
pub(crate) fn net_files(dir: &Path) -> Vec<PathBuf> {
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
pub(crate) fn assert_spans_inside(name: &str, src: &str, diags: &[Diagnostic]) {
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

/// `netlint reach` on `src` (written to a scratch file) from `from` to
/// `to` on tcp 443: the first item's verdict as JSON gives it, and the
/// human answer.
pub(crate) fn reach_tcp_443(tag: &str, src: &str, from: &str, to: &str) -> (String, String) {
    let path = scratch_dir(tag).join("n.net");
    std::fs::write(&path, src).unwrap();
    let p = path.display().to_string();
    let (_, json, _) = netlint(
        &["reach", &p, from, to, "tcp", "443", "--format", "json"],
        "",
    );
    let (_, human, _) = netlint(&["reach", &p, from, to, "tcp", "443"], "");
    let v: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    (
        v["results"][0]["verdict"]
            .as_str()
            .unwrap_or("?")
            .to_string(),
        human,
    )
}
