//! The template fixtures of `tests/fixtures/cfn/`, read and resolved.
//!
//! Nine templates in the shapes real projects write (a parameterised
//! multi-AZ VPC, an ALB + Auto Scaling cluster, a bastion in an existing
//! VPC, a CDK synthesis, every short-form tag, an unresolvable import, a
//! missing parameter, real network mistakes, and Auto Scaling the older
//! ways: a launch configuration, a mixed instances policy, scaling on
//! other metrics, a classic load balancer). Each is read and resolved
//! with its `NAME.params.json` when there is one, in us-east-1; what the
//! reader reports (problems and unknown values, each with its line and
//! column) is snapshotted in `snapshots/cfn_fixtures/`, and the hard
//! expectations — which fixtures have errors, which unknowns must be
//! reported — are asserted here. The CLI on the same fixtures is in
//! `tests/cfn_cli.rs`.

use netlint::cfn::{self, Level, Options, Pseudo, Reason, Template};
use std::fmt::Write;
use std::path::{Path, PathBuf};

const FIXTURES: [&str; 9] = [
    "multi-az-vpc.yaml",
    "alb-asg.yaml",
    "bastion.yaml",
    "cdk-synth.json",
    "short-forms.yaml",
    "import-unresolvable.yaml",
    "missing-parameter.yaml",
    "network-mistakes.yaml",
    "asg-variants.yaml",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cfn")
}

fn options(name: &str) -> Options {
    let stem = name.rsplit_once('.').unwrap().0;
    let params = dir().join(format!("{stem}.params.json"));
    let params = match std::fs::read_to_string(&params) {
        Ok(text) => {
            let (given, problems) = cfn::read_params_file(&text);
            assert!(problems.is_empty(), "{}: {problems:?}", params.display());
            given
        }
        Err(_) => Vec::new(),
    };
    Options {
        pseudo: Pseudo {
            region: Some("us-east-1".into()),
            ..Pseudo::default()
        },
        params,
    }
}

/// 1-based line and column of a byte offset.
fn line_col(src: &str, at: u32) -> (usize, usize) {
    let before = &src[..at as usize];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

fn reason(r: &Reason<'_>) -> String {
    match r {
        Reason::Pseudo { name } => format!("pseudo {name}"),
        Reason::SsmParameter { name, .. } => format!("ssm {name}"),
        Reason::FromResource { logical_id } => format!("from {logical_id}"),
        Reason::NoParameterValue { name } => format!("no value for {name}"),
        Reason::Import { export } => format!("import {}", export.as_deref().unwrap_or("?")),
        other => other.describe(),
    }
}

/// What the reader says about a template, one line per fact.
fn summary(src: &str, t: Option<&Template<'_>>, problems: &[cfn::Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let (l, c) = line_col(src, p.span.start);
        let _ = writeln!(out, "{:?} {:?} {l}:{c}: {}", p.level, p.kind, p.message);
        if let Some(h) = &p.help {
            let _ = writeln!(out, "  help: {h}");
        }
    }
    let Some(t) = t else {
        out.push_str("(not read)\n");
        return out;
    };
    let created = t
        .resources
        .iter()
        .filter(|r| r.created() == Some(true))
        .count();
    let _ = writeln!(
        out,
        "{} resources, {created} created; {} parameters; {} conditions",
        t.resources.len(),
        t.parameters.len(),
        t.conditions.len()
    );
    for c in &t.conditions {
        let _ = writeln!(out, "condition {} = {:?}", c.name, c.value);
    }
    for u in &t.unknowns {
        let (l, c) = line_col(src, u.span.start);
        let reasons: Vec<String> = u.reasons.iter().map(reason).collect();
        let _ = writeln!(
            out,
            "unknown {l}:{c} {}.{}: {}",
            t.resources[u.resource].logical_id,
            u.property.as_deref().unwrap_or("Properties"),
            reasons.join("; ")
        );
    }
    out
}

fn load(name: &str) -> (String, String, Vec<cfn::Problem>) {
    let src = std::fs::read_to_string(dir().join(name)).expect("fixture");
    assert!(cfn::is_template(&src), "{name} is recognised as a template");
    let (t, problems) = cfn::load(&src, &options(name));
    assert!(t.is_some(), "{name} was read");
    let text = summary(&src, t.as_ref(), &problems);
    (src, text, problems)
}

fn errors(problems: &[cfn::Problem]) -> Vec<&cfn::Problem> {
    problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .collect()
}

#[test]
fn every_fixture_reads_and_resolves() {
    for name in FIXTURES {
        let (_, text, problems) = load(name);
        // None of the nine is broken for CloudFormation: what cannot be
        // known is an unknown value, never an error.
        assert!(errors(&problems).is_empty(), "{name}: {text}");
        insta::with_settings!({
            snapshot_path => "../snapshots/cfn_fixtures",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

#[test]
fn every_fixture_is_a_template_and_its_params_are_not() {
    let mut seen = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // existing/: the networks some fixtures deploy into
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let src = std::fs::read_to_string(&path).unwrap();
        if name.ends_with(".params.json") {
            assert!(!cfn::is_template(&src), "{name}");
        } else {
            assert!(FIXTURES.contains(&name.as_str()), "{name} is listed");
            seen += 1;
        }
    }
    assert_eq!(seen, FIXTURES.len());
}
