//! The machine-readable outputs: GitHub workflow commands, SARIF, and the
//! line index they share. Diagnostics are built by hand, on E-codes (the
//! only codes whose catalog position can never move), so these tests do not
//! depend on which lint rules exist.

use netlint::catalog::Code;
use netlint::diagnostics::line_index::{LineCol, LineIndex};
use netlint::diagnostics::{Diagnostic, Severity};
use netlint::render::{self, FileReport, Format, RenderOptions, github, sarif};
use netlint::span::Span;
use serde_json::Value;

/// Byte span of the first occurrence of `needle` in `src`.
fn span_of(src: &str, needle: &str) -> Span {
    let start = src
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in source"));
    Span::new(start as u32, (start + needle.len()) as u32)
}

const MAIN: &str = "vpc main { cidr 10.0.0.0/16 }\nsubnet web { vpc main; cidr 10.0.1.0/24; zone a }\nsubnet web { vpc main; cidr 10.0.2.0/24; zone b }\nsecurity-group sg {\n  vpc mian\n}\n";

/// CRLF line endings and multi-byte characters before the spans.
const CRLF: &str = "# réseau — 네트워크\r\nvpc main { cidr 10.0.0.0/16 }\r\nsubnet a { vpc main; cidr 10.0.1.0/24; zone é }\r\n";

/// Byte span of the last occurrence of `needle` in `src`.
fn last_span_of(src: &str, needle: &str) -> Span {
    let start = src
        .rfind(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in source"));
    Span::new(start as u32, (start + needle.len()) as u32)
}

fn main_diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(
            Code::E007,
            last_span_of(MAIN, "web"),
            "the name `web` is declared twice",
        )
        .with_label("declared again here")
        .with_secondary(span_of(MAIN, "web"), "first declared here")
        .with_help("rename one of them, e.g. `web-b`"),
        Diagnostic::new(Code::E005, span_of(MAIN, "mian"), "unknown name `mian`")
            .with_label("not declared")
            .with_secondary(span_of(MAIN, "main"), "a vpc with a similar name")
            .with_help("did you mean `main`?"),
        // A multi-line span, a warning, and text that needs escaping.
        Diagnostic::new(
            Code::E003,
            span_of(MAIN, "security-group sg {\n  vpc mian\n}"),
            "100% of this block: reads \"a, b\"\nsecond line",
        )
        .with_severity(Severity::Warning)
        .with_note("notes, too: 50%"),
    ]
}

fn crlf_diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(Code::E004, last_span_of(CRLF, "é"), "`é` is not a zone")
            .with_label("expected a letter a..z or a zone name")
            .with_severity(Severity::Info),
        // A second error, on another line.
        Diagnostic::new(
            Code::E002,
            span_of(CRLF, "main {"),
            "`main` is not a block kind",
        ),
    ]
}

fn github_render(files: &[FileReport<'_>]) -> String {
    render::to_string(Format::Github, files, &RenderOptions::default())
}

fn sarif_render(files: &[FileReport<'_>]) -> String {
    render::to_string(Format::Sarif, files, &RenderOptions::default())
}

fn snapshot(name: &str, value: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/formats",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, value);
    });
}

#[test]
fn github_output() {
    let main = main_diagnostics();
    let crlf = crlf_diagnostics();
    let files = [
        FileReport::new("nets/main.net", MAIN, &main),
        FileReport::new("odd,name:1.net", CRLF, &crlf),
    ];
    let out = github_render(&files);
    assert_eq!(out.lines().count(), 5, "one command per diagnostic");
    snapshot("github", &out);
}

#[test]
fn github_positions() {
    let main = main_diagnostics();
    let out = github_render(&[FileReport::new("m.net", MAIN, &main)]);
    let lines: Vec<&str> = out.lines().collect();
    // `web` on line 3, columns 8..11 (end exclusive).
    assert!(
        lines[0].starts_with(
            "::error file=m.net,line=3,col=8,endLine=3,endColumn=11,title=E007 duplicate-name::"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("%0Aline 2: first declared here"),
        "{}",
        lines[0]
    );
    // A span over lines 4..6: GitHub refuses columns there.
    assert!(lines[2].starts_with("::warning file=m.net,line=4,endLine=6,title=E003 unknown-attribute::100%25 of this block"), "{}", lines[2]);
    assert!(!lines[2].contains("col="));
}

#[test]
fn github_escaping() {
    assert_eq!(github::data("50% done\r\nnext"), "50%25 done%0D%0Anext");
    assert_eq!(github::data("a:b,c"), "a:b,c");
    assert_eq!(github::property("dir:a,b%\n"), "dir%3Aa%2Cb%25%0A");
    // Escaping `%` first is what keeps an already-escaped text intact.
    assert_eq!(github::data("%0A"), "%250A");
    let crlf = crlf_diagnostics();
    let out = github_render(&[FileReport::new("x.net", CRLF, &crlf)]);
    assert!(
        out.starts_with(
            "::notice file=x.net,line=3,col=45,endLine=3,endColumn=46,title=E004 invalid-value::"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "::error file=x.net,line=2,col=5,endLine=2,endColumn=11,title=E002 unknown-kind::"
        ),
        "{out}"
    );
}

/// The SARIF log with the parts that change with the catalog or the
/// version replaced by placeholders (checked structurally elsewhere).
fn redacted_sarif(log: &Value) -> String {
    let mut log = log.clone();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["version"] = Value::from("[version]");
    driver["semanticVersion"] = Value::from("[version]");
    driver["rules"] = Value::from("[the catalog]");
    if driver.get("informationUri").is_some() {
        driver["informationUri"] = Value::from("[uri]");
    }
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn sample_log() -> (Value, String) {
    let main = main_diagnostics();
    let crlf = crlf_diagnostics();
    let files = [
        FileReport::new("nets/main.net", MAIN, &main),
        FileReport::new("odd,name:1.net", CRLF, &crlf),
        FileReport::new("clean.net", "vpc main { cidr 10.0.0.0/16 }\n", &[]),
    ];
    (sarif::log(&files), sarif_render(&files))
}

#[test]
fn sarif_output() {
    let (log, text) = sample_log();
    let reparsed: Value = serde_json::from_str(&text).expect("render is the log as JSON");
    assert_eq!(reparsed, log);
    assert!(text.ends_with("}\n"));
    // Kept for tests/external/sarif_schema_check.py (CI validates it).
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("formats-sample.sarif");
    std::fs::write(&out, &text).expect("write sample SARIF");
    snapshot("sarif", &redacted_sarif(&log));
}

#[test]
fn sarif_rules_are_the_catalog() {
    let (log, _) = sample_log();
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "netlint");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), Code::COUNT);
    for (r, code) in rules.iter().zip(Code::ALL) {
        assert_eq!(r["id"], code.as_str());
        assert_eq!(r["name"], code.name());
        assert_eq!(r["shortDescription"]["text"], code.summary());
        assert_eq!(r["help"]["markdown"], code.docs());
        let full = r["fullDescription"]["text"].as_str().unwrap_or_default();
        assert!(!full.is_empty() && code.docs().contains(full), "{code}");
        let level = match code.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level);
    }
    // Every result's ruleIndex points at its own rule.
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    for res in results {
        let i = res["ruleIndex"]
            .as_u64()
            .expect("every result has a rule index");
        assert_eq!(rules[i as usize]["id"], res["ruleId"]);
    }
    let e007 = &results[0];
    assert_eq!(
        e007["relatedLocations"][0]["message"]["text"],
        "first declared here"
    );
    assert_eq!(
        e007["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        e007["properties"]["help"],
        "rename one of them, e.g. `web-b`"
    );
    assert!(
        e007["message"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("\nhelp: rename")
    );
    assert_eq!(results[3]["level"], "note");
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "odd%2Cname%3A1.net"
    );
}

#[test]
fn line_index_lf() {
    let ix = LineIndex::new("ab\ncd\n");
    let at = |o| ix.line_col(o);
    assert_eq!(at(0), LineCol { line: 1, column: 1 });
    assert_eq!(
        at(2),
        LineCol { line: 1, column: 3 },
        "the newline is just past the text"
    );
    assert_eq!(at(3), LineCol { line: 2, column: 1 });
    assert_eq!(at(5), LineCol { line: 2, column: 3 });
    // End of a file that ends in a newline: the empty last line.
    assert_eq!(at(6), LineCol { line: 3, column: 1 });
    assert_eq!(ix.line_count(), 3);
    // Past the end clamps rather than panics.
    assert_eq!(at(99), LineCol { line: 3, column: 1 });
    assert_eq!(ix.line_text(2), "cd");
    assert_eq!(ix.line_text(3), "");
}

#[test]
fn line_index_crlf() {
    let src = "ab\r\ncd\r\nef";
    let ix = LineIndex::new(src);
    let at = |o| ix.line_col(o);
    assert_eq!(at(1), LineCol { line: 1, column: 2 });
    // The `\r` and the `\n` both sit just past the visible text.
    assert_eq!(at(2), LineCol { line: 1, column: 3 });
    assert_eq!(at(3), LineCol { line: 1, column: 3 });
    assert_eq!(at(4), LineCol { line: 2, column: 1 });
    assert_eq!(at(8), LineCol { line: 3, column: 1 });
    // End of a file with no final newline: after the last character.
    assert_eq!(at(src.len()), LineCol { line: 3, column: 3 });
    assert_eq!(ix.line_text(1), "ab");
    assert_eq!(ix.line_text(3), "ef");
    assert_eq!(ix.line_count(), 3);
}

#[test]
fn line_index_multibyte() {
    // `é` is 2 bytes, `한` 3, `🦀` 4: each one column.
    let src = "é한🦀x\n🦀y";
    let ix = LineIndex::new(src);
    let x = src.find('x').unwrap_or(0);
    assert_eq!(ix.line_col(x), LineCol { line: 1, column: 4 });
    let y = src.find('y').unwrap_or(0);
    assert_eq!(ix.line_col(y), LineCol { line: 2, column: 2 });
    // An offset inside a character counts as the character's start.
    assert_eq!(ix.line_col(1), LineCol { line: 1, column: 1 });
    assert_eq!(ix.line_col(4), LineCol { line: 1, column: 2 });
    let (start, end) = ix.span(Span::new(2, 9));
    assert_eq!(
        (start.column, end.column),
        (2, 4),
        "end exclusive: `한🦀` is columns 2..4"
    );
}

#[test]
fn line_index_agrees_with_github_and_sarif() {
    let crlf = crlf_diagnostics();
    let files = [FileReport::new("x.net", CRLF, &crlf)];
    let log = sarif::log(&files);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    let ix = LineIndex::new(CRLF);
    let (start, end) = ix.span(crlf[0].span);
    assert_eq!(region["startLine"], start.line);
    assert_eq!(region["startColumn"], start.column);
    assert_eq!(region["endColumn"], end.column);
    let gh = github_render(&files);
    assert!(gh.contains(&format!("line={},col={},", start.line, start.column)));
}

#[test]
fn sarif_of_a_real_check() {
    // Real resolver diagnostics (E-codes), real spans, through both formats.
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc mian; cidr 10.0.1.0/24; zone a }\nsubnet a { vpc main; cidr 10.0.2.0/24; zone q9 }\n";
    let diagnostics = netlint::check::check_source(src, &netlint::settings::Settings::default());
    assert!(diagnostics.len() >= 2, "{diagnostics:?}");
    let files = [FileReport::new("real.net", src, &diagnostics)];
    let text = sarif_render(&files);
    let log: Value = serde_json::from_str(&text).expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), diagnostics.len());
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-sample.sarif");
    std::fs::write(&out, &text).expect("write sample SARIF");
    let gh = github_render(&files);
    assert_eq!(gh.lines().count(), diagnostics.len());
    assert!(
        gh.lines()
            .all(|l| l.starts_with("::error file=real.net,line=")),
        "{gh}"
    );
}
