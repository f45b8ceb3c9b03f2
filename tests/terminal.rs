//! What reaches a person is bounded and safe: a long line is quoted as a
//! window, a repeated finding is shown once, control characters from the
//! file or its name are escaped (and carets stay under the right text),
//! while JSON and SARIF keep the text whole, escaped by their own syntax.

mod common;

use common::*;
use netlint::render::{self, FileReport, Format, RenderOptions};

/// Human output of `src` as the CLI prints it (`--color` as given).
fn human_cli(src: &[u8], color: &str) -> String {
    let (_, out, err) = run_cli(&["check", "--color", color, "-"], src);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    String::from_utf8(out).expect("human output is UTF-8")
}

/// Control characters in `out` other than the line breaks, and the ESC of
/// the colour codes netlint itself writes when asked to.
fn raw_controls(out: &str, color: bool) -> Vec<char> {
    let mut found = Vec::new();
    let mut rest = out;
    while let Some(c) = rest.chars().next() {
        if color && rest.starts_with("\u{1b}[") {
            // netlint's own SGR sequence: ESC [ digits/; m
            let end = rest[2..]
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .map(|i| i + 2);
            if let Some(end) = end
                && rest[end..].starts_with('m')
            {
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c.is_control() && c != '\n' {
            found.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    found
}

const FAKE: &str = "FAKE error: all good";

/// A file whose diagnostics quote control characters: ESC and BEL in a
/// comment, a CR followed by a fake verdict in a name, a string and a
/// key-pair name.
fn hostile() -> String {
    format!(
        "vpc main {{ cidr 10.0.0.0/16 }}\n\
         subnet a {{ vpc main; cidr 10.0.1.0/24; zone a }}\n\
         vpc bad\r{FAKE} {{ cidr 10.1.0.0/16 }}\n\
         subnet b {{ vpc nope; cidr 10.0.2.0/24; zone a }}  # \u{1b}]0;owned\u{7} \u{1b}[2J\u{1b}[8m\n\
         instance i {{ subnet a; ami ami-12345678; type t3.micro; key-pair \"k\r{FAKE}\u{1b}[8m\" }}\n\
         description \"d\r{FAKE}\u{7}\" x\n"
    )
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let src = hostile();
    for color in ["never", "always"] {
        let out = human_cli(src.as_bytes(), color);
        assert_eq!(
            raw_controls(&out, color == "always"),
            Vec::<char>::new(),
            "--color {color}:\n{out}"
        );
        for escaped in ["\\r", "\\u{1b}]0;owned\\u{7}", "\\u{1b}[2J"] {
            assert!(
                out.contains(escaped),
                "--color {color}: no {escaped}\n{out}"
            );
        }
        assert!(out.contains(FAKE), "the text around stays readable");
    }
}

#[test]
fn carets_stay_under_the_text_after_an_escape() {
    let src = format!("vpc ma\r{FAKE} {{ cidr 10.0.0.0/16 }}\n");
    let out = human_cli(src.as_bytes(), "never");
    let lines: Vec<&str> = out.lines().collect();
    let quoted = lines
        .iter()
        .position(|l| l.contains("\\rFAKE"))
        .unwrap_or_else(|| panic!("{out}"));
    let column = |s: &str, needle: &str| s[..s.find(needle).unwrap()].chars().count();
    // The caret line marks `FAKE` (the word after the name), whose place in
    // the quoted line moved by the escape's width.
    assert_eq!(
        column(lines[quoted + 1], "^^^^"),
        column(lines[quoted], "FAKE"),
        "{out}"
    );
}

#[test]
fn file_names_are_escaped_in_human_and_github_output() {
    let dir = scratch_dir("terminal-names");
    let path = dir.join(format!("x\r{FAKE}\u{1b}[2J.net"));
    std::fs::write(&path, "vpc main { cidr 10.0.0.0/16 }\nsubnett b {}\n").unwrap();
    let p = path.to_str().unwrap();
    for format in ["human", "github"] {
        let (code, out, _) = run_cli(&["check", "--format", format, "--color", "never", p], b"");
        let out = String::from_utf8(out).unwrap();
        assert_eq!(code, 1, "{out}");
        assert_eq!(raw_controls(&out, false), Vec::<char>::new(), "{out}");
        assert!(out.contains("x\\rFAKE error"), "{format}: {out}");
        assert!(out.contains("\\u{1b}[2J.net"), "{format}: {out}");
    }
}

#[test]
fn github_messages_escape_controls_but_keep_line_breaks() {
    let src = hostile();
    let (_, out, _) = run_cli(&["check", "--format", "github", "-"], src.as_bytes());
    let out = String::from_utf8(out).unwrap();
    assert_eq!(raw_controls(&out, false), Vec::<char>::new(), "{out}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    assert!(out.contains("%0Ahelp: "), "parts still on their own lines");
}

/// A diagnostic whose every text holds what a hostile file could make a
/// message echo.
fn hostile_diagnostic() -> netlint::diagnostics::Diagnostic {
    let evil = format!("x\r{FAKE}\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}1m\u{202e}");
    netlint::diagnostics::Diagnostic::new(
        netlint::catalog::Code::E005,
        netlint::span::Span::new(4, 8),
        format!("unknown name `{evil}`"),
    )
    .with_label(evil.clone())
    .with_secondary(netlint::span::Span::new(0, 3), evil.clone())
    .with_help(evil.clone())
    .with_note(evil)
}

#[test]
fn messages_labels_help_and_notes_are_escaped_for_people() {
    let d = hostile_diagnostic();
    let src = "vpc main { cidr 10.0.0.0/16 }\n";
    let files = [FileReport::new("m.net", src, std::slice::from_ref(&d))];
    for color in [false, true] {
        let options = RenderOptions {
            color,
            ..RenderOptions::default()
        };
        let out = render::to_string(Format::Human, &files, &options);
        assert_eq!(raw_controls(&out, color), Vec::<char>::new(), "{out}");
        // message, primary label, secondary label, help, note
        assert_eq!(out.matches("x\\rFAKE").count(), 5, "{out}");
    }
    let gh = render::to_string(Format::Github, &files, &RenderOptions::default());
    assert_eq!(raw_controls(&gh, false), Vec::<char>::new(), "{gh}");
    assert_eq!(gh.matches("x\\rFAKE").count(), 4, "{gh}");
}

#[test]
fn json_and_sarif_carry_control_characters_escaped_by_their_syntax() {
    let d = hostile_diagnostic();
    let src = "vpc main { cidr 10.0.0.0/16 }\n";
    let files = [FileReport::new("m.net", src, std::slice::from_ref(&d))];
    let json = render::to_string(Format::Json, &files, &RenderOptions::default());
    assert_eq!(raw_controls(&json, false), Vec::<char>::new(), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["message"], d.message.as_str(), "exactly the text");
    assert_eq!(v[0]["related"][0]["message"], d.label.as_str());
    let sarif = render::to_string(Format::Sarif, &files, &RenderOptions::default());
    assert_eq!(raw_controls(&sarif, false), Vec::<char>::new());
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = &v["runs"][0]["results"][0];
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&d.message)
    );
    assert_eq!(result["locations"][0]["message"]["text"], d.label.as_str());
}

#[test]
fn a_long_line_of_braces_prints_a_few_lines() {
    // 40 KB of `}`: the parser reports the run as one finding, quoted as
    // a window. Before, each of 40,000 findings quoted the whole line:
    // 20 KB printed 604 MB.
    let src = format!("{}\n", "}".repeat(40_000));
    let diags = check(&src);
    assert_eq!(diags.len(), 1);
    let out = render_human("b.net", &src, &diags);
    assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
    assert!(out.contains("40000 in a row"), "{out}");
}

#[test]
fn a_repeated_finding_along_a_line_is_shown_once() {
    // The renderer folds a run of one finding repeated at adjacent places
    // on a line, whoever reported it: 40,000 of them print a few lines.
    let finding = |at: u32| {
        netlint::diagnostics::Diagnostic::new(
            netlint::catalog::Code::E001,
            netlint::span::Span::new(at, at + 1),
            "unexpected `}`",
        )
        .with_label("no block is open here")
    };
    let src = format!("{}\n", "}".repeat(40_000));
    let diags: Vec<_> = (0..40_000).map(finding).collect();
    let out = render_human("b.net", &src, &diags);
    assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
    assert!(out.contains("40000 times in a row"), "{out}");
    // Spaces between them still make a run; JSON still lists each one.
    let src = "} } }}\n";
    let diags: Vec<_> = [0, 2, 4, 5].into_iter().map(finding).collect();
    let json = render_json("b.net", src, &diags);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(4));
    assert!(render_human("b.net", src, &diags).contains("4 times in a row"));
}

#[test]
fn output_grows_with_the_number_of_findings_not_line_length() {
    // Many different places on one 60 KB line, each a finding of its own
    // (not a run): every one quotes a window, never the line.
    let attrs: String = (0..2_000).map(|i| format!("bogus{i} 1; ")).collect();
    let src = format!("vpc main {{ cidr 10.0.0.0/16; {attrs}}}\n");
    let diags = check(&src);
    assert!(diags.len() >= 2_000, "{}", diags.len());
    let out = render_human("w.net", &src, &diags);
    let per = out.len() / diags.len();
    assert!(per < 1_000, "{per} bytes a diagnostic");
    // Every quoted line is a window, with an ellipsis where it was cut.
    let quoted: Vec<&str> = out.lines().filter(|l| l.starts_with("1 │ ")).collect();
    assert!(!quoted.is_empty());
    assert!(
        quoted
            .iter()
            .all(|l| l.chars().count() < 200 && l.contains('…'))
    );
}

#[test]
fn ordinary_lines_are_quoted_whole() {
    let line = format!("vpc main {{ cidr 10.0.0.0/16 }} # {}", "x".repeat(150));
    let src = format!("{line}\nsubnett b {{}}\n{line} bogus\n");
    let out = render_human("o.net", &src, &check(&src));
    assert!(!out.contains('…'), "{out}");
}

#[test]
fn long_messages_are_capped_for_people_only() {
    let word = "w".repeat(100_000);
    let src = "vpc main { cidr 10.0.0.0/16 }\n";
    let d = netlint::diagnostics::Diagnostic::new(
        netlint::catalog::Code::E005,
        netlint::span::Span::new(4, 8),
        format!("unknown name `{word}`"),
    )
    .with_label(word.clone())
    .with_help(word.clone())
    .with_note(word.clone());
    let files = [FileReport::new("m.net", src, std::slice::from_ref(&d))];
    let human = render::to_string(Format::Human, &files, &RenderOptions::default());
    assert!(human.len() < 6_000, "{}", human.len());
    assert!(
        human.contains("unknown name `www") && human.contains("ww`"),
        "both ends kept"
    );
    let gh = render::to_string(Format::Github, &files, &RenderOptions::default());
    assert!(gh.len() < 6_000, "{}", gh.len());
    for format in [Format::Json, Format::Sarif] {
        let out = render::to_string(format, &files, &RenderOptions::default());
        assert!(out.len() > 400_000, "{format:?} keeps the whole text");
    }
}

#[test]
fn a_huge_word_prints_little() {
    let word = "w".repeat(100_000);
    let src = format!(
        "vpc main {{ cidr 10.0.0.0/16 }}\nsubnet a {{ vpc {word}; cidr 10.0.1.0/24; zone a }}\n"
    );
    let diags = check(&src);
    assert!(!diags.is_empty());
    let out = render_human("m.net", &src, &diags);
    assert!(out.len() < 6_000 * diags.len(), "{}", out.len());
}

#[test]
fn no_color_and_force_color_under_the_color_flag() {
    use netlint::cli::{ColorChoice, color_enabled};
    use std::ffi::OsStr;
    let on = Some(OsStr::new("1"));
    let empty = Some(OsStr::new(""));
    // (choice, terminal, NO_COLOR, FORCE_COLOR) → colour
    let cases = [
        (ColorChoice::Auto, true, None, None, true),
        (ColorChoice::Auto, false, None, None, false),
        (ColorChoice::Auto, true, on, None, false),
        (ColorChoice::Auto, true, empty, None, true),
        (ColorChoice::Auto, false, None, on, true),
        (ColorChoice::Auto, false, None, Some(OsStr::new("0")), true),
        (ColorChoice::Auto, false, None, empty, false),
        (ColorChoice::Auto, true, on, on, false),
        (ColorChoice::Always, false, on, None, true),
        (ColorChoice::Never, true, None, on, false),
    ];
    for (choice, tty, no, force, want) in cases {
        assert_eq!(
            color_enabled(choice, tty, no, force),
            want,
            "{choice:?} tty={tty} NO_COLOR={no:?} FORCE_COLOR={force:?}"
        );
    }
}

/// The real binary, its stdout a pipe, under the given environment.
fn colour_of_real_run(env: &[(&str, &str)], flags: &[&str]) -> bool {
    let mistakes = root().join("examples/mistakes.net");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_netlint"));
    cmd.arg("check").args(flags).arg(&mistakes);
    cmd.env_remove("NO_COLOR").env_remove("FORCE_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    out.stdout.contains(&0x1b)
}

#[test]
fn the_environment_reaches_the_real_binary() {
    assert!(!colour_of_real_run(&[], &[]), "a pipe gets no colour");
    assert!(colour_of_real_run(&[("FORCE_COLOR", "1")], &[]));
    assert!(!colour_of_real_run(
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
        &[]
    ));
    assert!(!colour_of_real_run(
        &[("FORCE_COLOR", "1")],
        &["--color", "never"]
    ));
    assert!(colour_of_real_run(
        &[("NO_COLOR", "1")],
        &["--color", "always"]
    ));
}
