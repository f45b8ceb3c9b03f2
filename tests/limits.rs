//! What AWS rejects, netlint rejects: every text limit of the template
//! (descriptions, security-group rule descriptions, user data, key pair
//! names, certificate ARNs, health-check paths, listener rule patterns, TLS
//! policy names, SSM parameter names) has
//! `tests/fixtures/limits/<limit>/good.net`, with each value at exactly its
//! limit, which builds, and `bad.net`, one over or with characters AWS
//! refuses, which is E004 at the exact spans (human snapshots in
//! `snapshots/limits/`).

mod common;

use common::*;
use netlint::check;
use netlint::diagnostics::Severity;
use netlint::emit;
use std::path::PathBuf;

fn limit_dirs() -> Vec<(String, PathBuf)> {
    let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("tests/fixtures/limits"))
        .expect("tests/fixtures/limits")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn each_limit_has_its_fixtures() {
    let names: Vec<String> = limit_dirs().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "certificate-arn",
            "description",
            "health-check-path",
            "key-pair",
            "listener-rule-pattern",
            "sg-description",
            "sg-rule-description",
            "ssm-parameter",
            "tls-policy",
            "user-data"
        ]
    );
}

#[test]
fn values_at_the_limit_build() {
    for (name, dir) in limit_dirs() {
        let src = read(&dir.join("good.net"));
        let errors: Vec<_> = check(&src)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.code.as_str(), d.message))
            .collect();
        assert!(errors.is_empty(), "{name}/good.net: {errors:?}");
        let (model, topology) = check::load(&src).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let json = emit::to_json_string(&model, &topology);
        serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
    }
}

#[test]
fn values_over_the_limit_are_e004_at_the_offending_text() {
    for (name, dir) in limit_dirs() {
        let path = format!("tests/fixtures/limits/{name}/bad.net");
        let src = read(&dir.join("bad.net"));
        let diags = check(&src);
        assert_spans_inside(&name, &src, &diags);
        assert!(!diags.is_empty(), "{name}/bad.net fires nothing");
        for d in &diags {
            assert_eq!(d.code.as_str(), "E004", "{name}: {}", d.message);
        }
        assert!(check::load(&src).is_err(), "{name}: build must refuse it");
        insta::with_settings!({snapshot_path => "../snapshots/limits", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(name, render_human(&path, &src, &diags));
        });
    }
}

/// Spans and measures, value by value: a refused character is its own
/// bytes (an escape its two), an over-long value the whole value.
#[test]
fn spans_are_exact() {
    let spans = |src: &str| -> Vec<(String, String)> {
        check(src)
            .into_iter()
            .map(|d| (d.span.text(src).to_string(), d.message))
            .collect()
    };
    let got = spans("description \"tab\\tand\\nnewline are text\"\n");
    assert!(got.is_empty(), "{got:?}");
    let got = spans("description \"a\u{1b}b\"\n");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "\u{1b}");
    let got = spans(
        "vpc main { cidr 10.0.0.0/16 }\nsecurity-group g { vpc main; description \"a\\nb\" }\n",
    );
    assert_eq!(got[0].0, "\\n");
    assert!(got[0].1.contains("U+000A"), "{}", got[0].1);
    let long = format!(
        "vpc main {{ cidr 10.0.0.0/16 }}\nsecurity-group g {{ vpc main; description \"{}\" }}\n",
        "x".repeat(256)
    );
    let got = spans(&long);
    assert_eq!(got[0].0, format!("\"{}\"", "x".repeat(256)));
}

/// The case of the report: 180 KB of user data.
#[test]
fn user_data_of_180_kb_is_refused_with_its_size() {
    let src = format!(
        "vpc main {{ cidr 10.0.0.0/16 }}\nsubnet s {{ vpc main; cidr 10.0.1.0/24; zone a }}\n\
         instance i {{ subnet s; ami ami-0c55b159cbfafe1f0; type t3.micro; user-data \"{}\" }}\n",
        "#".repeat(180 * 1024)
    );
    let diags = check(&src);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0].message,
        "the user data is 184,320 bytes long; EC2 accepts at most 16,384 bytes"
    );
    let (code, out, _) = netlint(&["build", "-"], &src);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "a template was written");
}

/// A control character is shown escaped once: `\u{1b}` for a person, the
/// JSON escape in JSON, never `\\u{1b}`.
#[test]
fn control_characters_are_escaped_once() {
    let src = "description \"x\u{1b}[2J\"\n";
    let diags = check(src);
    let human = render_human("f.net", src, &diags);
    assert!(human.contains("contain `\\u{1b}` (U+001B)"), "{human}");
    assert!(!human.contains('\u{1b}'), "raw ESC reached the terminal");
    let json = render_json("f.net", src, &diags);
    assert!(json.contains("contain `\\u001b` (U+001B)"), "{json}");
}
