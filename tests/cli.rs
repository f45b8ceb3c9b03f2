//! The real CLI, driven in memory: arguments, streams, exit codes.

mod common;

use common::*;

const CLEAN: &str = "vpc main { cidr 10.0.0.0/16 }\n";

#[test]
fn clean_input_from_stdin_exits_0() {
    let (code, out, _) = netlint(&["check", "-"], CLEAN);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "no problems found\n");
}

#[test]
fn errors_exit_1_and_json_is_sorted_with_1_based_positions() {
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc nope; cidr 10.0.1.0/24; zone a }\nsubnett b {}\n";
    let (code, out, _) = netlint(&["check", "--format", "json", "-"], src);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["code"], "E005");
    assert_eq!(arr[0]["name"], "unknown-reference");
    assert_eq!(arr[0]["severity"], "error");
    assert_eq!(
        (arr[0]["line"].as_u64(), arr[0]["column"].as_u64()),
        (Some(2), Some(16))
    );
    assert_eq!(
        (arr[0]["end_line"].as_u64(), arr[0]["end_column"].as_u64()),
        (Some(2), Some(20))
    );
    assert_eq!(arr[0]["file"], "-");
    assert_eq!(arr[1]["code"], "E002");
    for key in ["message", "help"] {
        assert!(arr[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn unreadable_file_and_bad_arguments_exit_2() {
    let (code, _, err) = netlint(&["check", "/nonexistent/x.net"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = netlint(&["check", "--format", "xml", "-"], CLEAN);
    assert_eq!(code, 2);
    let (code, _, err) = netlint(&["check", "--select", "Q9", "-"], CLEAN);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = netlint(&["frobnicate"], "");
    assert_eq!(code, 2);
}

#[test]
fn help_and_version_exit_0() {
    let (code, out, _) = netlint(&["--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("check"));
    let (code, out, _) = netlint(&["--version"], "");
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn explain_and_rules() {
    let (code, out, _) = netlint(&["explain", "E007"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("# E007 duplicate-name"), "{out}");
    assert!(out.contains("## Why it matters"));
    let (code, out, _) = netlint(&["explain", "duplicate-name"], "");
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = netlint(&["explain", "E07"], "");
    assert_eq!(code, 2);
    assert!(err.contains("did you mean"), "{err}");
    let (code, out, _) = netlint(&["rules", "--format", "json"], "");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["code"], "E001");
    let (_, out, _) = netlint(&["rules"], "");
    assert!(out.lines().count() >= 10);
}

#[test]
fn invalid_utf8_reports_e001_not_a_crash() {
    let dir = scratch_dir("cli");
    let path = dir.join("latin1.net");
    std::fs::write(&path, b"vpc main { cidr 10.0.0.0/16 } # caf\xe9\n").unwrap();
    let (code, out, _) = netlint(&["check", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(out.contains("E001") && out.contains("UTF-8"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fail_on_threshold() {
    // An info-only file: passes at the default threshold, fails at info.
    let src = read(&root().join("tests/fixtures/cli/info-only.net"));
    let (code, out, _) = netlint(&["check", "-"], &src);
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("no problems found"),
        "the info must still be shown: {out}"
    );
    let (code, _, _) = netlint(&["check", "--fail-on", "info", "-"], &src);
    assert_eq!(code, 1);
}

#[test]
fn suppressions_silence_and_unused_ones_are_reported() {
    let src = read(&root().join("tests/fixtures/cli/info-only.net"));
    assert_eq!(
        check(&src)
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["R207"]
    );
    // On its own line before the block: silences the whole block.
    let silenced = src.replace(
        "subnet lonely",
        "# netlint: allow R207 -- documented exception\nsubnet lonely",
    );
    let (code, out, _) = netlint(
        &["check", "--format", "json", "--fail-on", "info", "-"],
        &silenced,
    );
    assert_eq!((code, out.as_str()), (0, "[]\n"));
    let (_, out, _) = netlint(
        &["check", "--format", "json", "--show-suppressed", "-"],
        &silenced,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["code"], "R207");
    assert_eq!(v[0]["suppressed"]["reason"], "documented exception");
    // At the end of the line: silences that line.
    let eol = src.replace("zone a }", "zone a } # netlint: allow R207");
    assert!(check(&eol).is_empty(), "{:?}", check(&eol));
    // Unused and unknown codes are U001.
    let unused = src.replace("zone a }", "zone a } # netlint: allow R207 S302");
    let diags = check(&unused);
    assert_eq!(
        diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["U001"]
    );
    assert_eq!(diags[0].span.text(&unused), "S302");
    let unknown = format!("{CLEAN}# netlint: allow Z999\n");
    let (_, out, _) = netlint(&["check", "--format", "json", "-"], &unknown);
    assert!(
        out.contains("U001") && out.contains("not a netlint code"),
        "{out}"
    );
}

#[test]
fn completions_for_every_shell_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = netlint(&["completions", shell], "");
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["netlint", "check", "build", "reach", "graph", "format"] {
            assert!(out.contains(word), "{shell}: no {word}");
        }
    }
    // Values a shell can offer: the graph formats.
    let (_, out, _) = netlint(&["completions", "bash"], "");
    assert!(out.contains("mermaid dot"), "{out}");
    let (code, _, err) = netlint(&["completions", "tcsh"], "");
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn man_page_is_roff_from_the_clap_definitions() {
    let (code, out, _) = netlint(&["man"], "");
    assert_eq!(code, 0);
    assert!(out.contains(".TH netlint 1"), "{out}");
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
    // Every command is listed with its summary.
    for command in [
        "check",
        "build",
        "reach",
        "rules",
        "explain",
        "graph",
        "completions",
    ] {
        assert!(
            out.contains(&format!("netlint\\-{command}")),
            "no {command}: {out}"
        );
    }
}

#[test]
fn output_file_gets_the_report_and_keeps_the_exit_code() {
    let dir = scratch_dir("check-output-file");
    let report = dir.join("report.json");
    let mistakes = root().join("examples/mistakes.net");
    let (code, out, err) = netlint(
        &[
            "check",
            "--format",
            "json",
            "--output-file",
            report.to_str().unwrap(),
            mistakes.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    let (_, direct, _) = netlint(
        &["check", "--format", "json", mistakes.to_str().unwrap()],
        "",
    );
    assert_eq!(read(&report), direct);
    // Human output to a file has no colour under `auto`, even forced by
    // the environment's terminal.
    let (code, _, _) = netlint(
        &["check", "--output-file", report.to_str().unwrap(), "-"],
        CLEAN,
    );
    assert_eq!(code, 0);
    assert_eq!(read(&report), "no problems found\n");
    // An input, even found in a directory, is never overwritten.
    let input = dir.join("net.net");
    std::fs::write(&input, CLEAN).unwrap();
    let (code, _, err) = netlint(
        &[
            "check",
            "--output-file",
            input.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("input"), "{err}");
    assert_eq!(read(&input), CLEAN);
    // `-` is standard output.
    let (code, out, _) = netlint(&["check", "--output-file", "-", "-"], CLEAN);
    assert_eq!((code, out.as_str()), (0, "no problems found\n"));
}
