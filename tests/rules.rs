//! The catalog: every rule has its docs, a fixture that fires it and one
//! that stays clean; the trigger's human output is snapshotted.

mod common;

use common::*;
use netlint::rules::{DOC_SECTIONS, registry};
use std::collections::HashSet;

/// Every code of rules.md, in catalog order. A code may never disappear.
const CATALOG: &[&str] = &[
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "A101", "A102",
    "A103", "A104", "A105", "A106", "R201", "R202", "R203", "R204", "R205", "R206", "R207", "R208",
    "R209", "R210", "R211", "S301", "S302", "S303", "S304", "S305", "S306", "S307", "S308", "S309",
    "S310", "N401", "N402", "N403", "N404", "N405", "N406", "N407", "N408", "I501", "I502", "I503",
    "I504", "I505", "I506", "I507", "V601", "V602", "V603", "V604", "V605", "V606", "V607", "L701",
    "L702", "L703", "L704", "L705", "L706", "L707", "L708", "L709", "L710", "L711", "L712", "L713",
    "G801", "G802", "G803", "G804", "G805", "G806", "G807", "G808", "X901", "X902", "X903", "X904",
    "X905", "U001",
];

#[test]
fn registry_matches_the_catalog() {
    let codes: Vec<&str> = registry::all().map(|r| r.code).collect();
    assert_eq!(
        codes, CATALOG,
        "registry codes (in catalog order) differ from rules.md"
    );
}

#[test]
fn every_rule_is_documented_and_unique() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for r in registry::all() {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
            "{}: name `{}` is not kebab-case",
            r.code,
            r.name
        );
        assert!(!r.summary.is_empty(), "{} has no summary", r.code);
        let mut last = 0;
        for section in DOC_SECTIONS {
            let at = r
                .docs
                .find(section)
                .unwrap_or_else(|| panic!("{} docs lack `{section}`", r.code));
            assert!(at >= last, "{}: docs sections out of order", r.code);
            last = at;
        }
        let is_front_end = r.code.starts_with('E') || r.code.starts_with('U');
        assert_eq!(
            r.check.is_some(),
            !is_front_end,
            "{}: check function presence",
            r.code
        );
    }
}

/// Rules whose trigger/clean fixtures live under tests/fixtures/rules/.
fn lint_codes() -> Vec<&'static str> {
    registry::all()
        .map(|r| r.code)
        .filter(|c| !c.starts_with('E'))
        .collect()
}

#[test]
fn every_trigger_fixture_fires_its_code_and_every_clean_fixture_does_not() {
    let mut failures = Vec::new();
    for code in lint_codes() {
        let dir = root().join("tests/fixtures/rules").join(code);
        let (bad, good) = (dir.join("bad.net"), dir.join("good.net"));
        if !bad.exists() || !good.exists() {
            failures.push(format!(
                "{code}: missing {} or {}",
                bad.display(),
                good.display()
            ));
            continue;
        }
        let bad_src = read(&bad);
        let diags = check(&bad_src);
        assert_spans_inside(code, &bad_src, &diags);
        if !diags.iter().any(|d| d.code == code) {
            failures.push(format!(
                "{code}: bad.net does not fire it (got {:?})",
                diags.iter().map(|d| d.code).collect::<Vec<_>>()
            ));
        }
        if let Some(e) = diags.iter().find(|d| d.code.starts_with('E')) {
            failures.push(format!(
                "{code}: bad.net has an error of the file itself: {} {}",
                e.code, e.message
            ));
        }
        let good_src = read(&good);
        let diags = check(&good_src);
        if let Some(d) = diags
            .iter()
            .find(|d| d.code == code || d.code.starts_with('E'))
        {
            failures.push(format!("{code}: good.net fires {} ({})", d.code, d.message));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn trigger_fixture_snapshots() {
    for code in lint_codes() {
        let bad = root()
            .join("tests/fixtures/rules")
            .join(code)
            .join("bad.net");
        if !bad.exists() {
            continue; // reported by the test above
        }
        let src = read(&bad);
        let out = human(&format!("tests/fixtures/rules/{code}/bad.net"), &src);
        insta::with_settings!({snapshot_path => "../snapshots/rules", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(code, out);
        });
    }
}

#[test]
fn copies_of_the_lecture_example_stay_verbatim() {
    // R206's trigger and the reach fixture are the lecture network itself
    // (its one expected finding is R206); they must not drift from it.
    let lecture = read(&root().join("examples/lecture.net"));
    for copy in [
        "tests/fixtures/rules/R206/bad.net",
        "tests/fixtures/reach/lecture.net",
    ] {
        assert_eq!(
            read(&root().join(copy)),
            lecture,
            "{copy} differs from examples/lecture.net"
        );
    }
}
