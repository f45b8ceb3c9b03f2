//! Five public reference designs translated into the language by hand
//! (`tests/fixtures/designs/`): the AWS Quick Start VPC, an ECS cluster in
//! private subnets, the Terraform documentation's custom network ACL, the
//! VPC user guide's dual-stack web and database servers, and the Linux
//! bastion Quick Start in its Session Manager form. Each file's header
//! names what its translation could not express, and promises:
//!
//! - `# expect: CODE LINE` per finding `check` reports (or `# expect:
//!   nothing`): exactly these, no more;
//! - `# reach: FROM TO WORDS… => VERDICT`: the answer to one question;
//!
//! and each builds (findings the header expects at error level are
//! deliberate, so `build` ignores those codes, as a user would).

mod common;

use common::*;
use netlint::settings::Settings;
use serde_json::Value;

const DESIGNS: [&str; 5] = [
    "quickstart-vpc.net",
    "ecs-private-cluster.net",
    "terraform-network-acl.net",
    "web-database-dualstack.net",
    "linux-bastion-ssm.net",
];

fn line_of(src: &str, offset: u32) -> usize {
    src[..offset as usize].matches('\n').count() + 1
}

#[test]
fn reference_designs_hold_their_headers_and_build() {
    let dir = root().join("tests/fixtures/designs");
    let found = net_files(&dir).len();
    assert_eq!(found, DESIGNS.len(), "a design without an entry here");
    let mut failures = Vec::new();
    for name in DESIGNS {
        let path = dir.join(name);
        let src = read(&path);
        let mut want: Vec<(String, usize)> = Vec::new();
        let mut said_nothing = false;
        let mut questions = Vec::new();
        for line in src.lines() {
            if let Some(e) = line.strip_prefix("# expect: ") {
                if e == "nothing" {
                    said_nothing = true;
                    continue;
                }
                let (code, at) = e.split_once(' ').expect("CODE LINE");
                want.push((code.to_string(), at.parse().expect("a line number")));
            } else if let Some(q) = line.strip_prefix("# reach: ") {
                let (words, verdict) = q.split_once(" => ").expect("WORDS => VERDICT");
                questions.push((words.to_string(), verdict.to_string()));
            }
        }
        assert!(
            said_nothing == want.is_empty(),
            "{name}: one kind of expect header"
        );
        assert_eq!(questions.len(), 1, "{name}: one reach question");
        want.sort();
        let diags = netlint::check::check_source(&src, &Settings::default());
        let mut got: Vec<(String, usize)> = diags
            .iter()
            .map(|d| (d.code.as_str().to_string(), line_of(&src, d.span.start)))
            .collect();
        got.sort();
        if got != want {
            failures.push(format!(
                "{name}: check reports {got:?}, header says {want:?}"
            ));
        }
        let file = path.display().to_string();
        for (words, verdict) in &questions {
            let mut args = vec!["reach", file.as_str()];
            args.extend(words.split_whitespace());
            args.extend(["--format", "json"]);
            let (code, out, err) = netlint(&args, "");
            let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
            let got = v["results"][0]["verdict"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            if &got != verdict || code != i32::from(verdict != "reachable") {
                failures.push(format!(
                    "{name}: reach {words} is {got} (exit {code}), header says {verdict}"
                ));
            }
        }
        let deliberate: Vec<&str> = diags
            .iter()
            .filter(|d| d.severity == netlint::catalog::Severity::Error)
            .map(|d| d.code.as_str())
            .collect();
        let mut args = vec!["build", file.as_str(), "-o", "-"];
        let ignore = deliberate.join(",");
        if !deliberate.is_empty() {
            args.extend(["--ignore", ignore.as_str()]);
        }
        let (code, out, err) = netlint(&args, "");
        if code != 0 || serde_json::from_str::<Value>(&out).is_err() {
            failures.push(format!("{name}: build exits {code}: {err}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
