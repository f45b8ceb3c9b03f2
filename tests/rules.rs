//! The catalog: every rule has its docs, a fixture that fires it and one
//! that stays clean; the trigger's human output is snapshotted.

mod common;

use common::*;
use netlint::catalog::{Code, DOC_SECTIONS, Origin, Severity};
use netlint::rules::RULES;
use std::collections::HashSet;

/// The catalog as the project promised it: every code with its name and
/// default severity, in catalog order, copied once when the table was
/// written. A code may never disappear or be renumbered, so this list only
/// ever grows, by hand, together with the table.
const CONTRACT: &[(&str, &str, Severity)] = &[
    ("E001", "syntax-error", Severity::Error),
    ("E002", "unknown-kind", Severity::Error),
    ("E003", "unknown-attribute", Severity::Error),
    ("E004", "invalid-value", Severity::Error),
    ("E005", "unknown-reference", Severity::Error),
    ("E006", "wrong-reference-kind", Severity::Error),
    ("E007", "duplicate-name", Severity::Error),
    ("E008", "missing-attribute", Severity::Error),
    ("E009", "duplicate-attribute", Severity::Error),
    ("E010", "logical-id-collision", Severity::Error),
    ("T001", "template-unreadable", Severity::Error),
    ("T002", "template-structure", Severity::Error),
    ("T003", "template-bad-intrinsic", Severity::Error),
    ("T004", "template-parameter", Severity::Error),
    ("T005", "template-unknown-value", Severity::Warning),
    ("T006", "template-not-analysed", Severity::Info),
    ("T007", "template-not-mapped", Severity::Warning),
    ("A101", "subnet-outside-vpc", Severity::Error),
    ("A102", "subnet-overlap", Severity::Error),
    ("A103", "cidr-size", Severity::Error),
    ("A104", "cidr-host-bits", Severity::Error),
    ("A105", "subnet-capacity", Severity::Warning),
    ("A106", "public-vpc-range", Severity::Warning),
    ("A107", "subnet-ipv6-outside-vpc", Severity::Error),
    ("R201", "nat-in-private-subnet", Severity::Error),
    ("R202", "nat-without-eip", Severity::Error),
    ("R203", "public-ip-in-private-subnet", Severity::Warning),
    ("R204", "public-subnet-no-public-ip", Severity::Info),
    ("R205", "gateway-vpc-mismatch", Severity::Error),
    ("R206", "cross-zone-nat", Severity::Info),
    ("R207", "implicit-main-route-table", Severity::Info),
    ("R208", "subnet-multiple-route-tables", Severity::Error),
    ("R209", "duplicate-route", Severity::Error),
    ("R210", "igw-not-attached", Severity::Error),
    ("R211", "unused-eip", Severity::Info),
    ("R216", "nat-for-gateway-endpoint-service", Severity::Info),
    ("R217", "route-family-mismatch", Severity::Error),
    ("R218", "endpoint-dns-needs-vpc-dns", Severity::Error),
    ("R219", "one-subnet-per-zone", Severity::Error),
    ("S301", "sg-deny-rule", Severity::Error),
    ("S302", "sensitive-port-open", Severity::Warning),
    ("S303", "all-traffic-open", Severity::Error),
    ("S304", "redundant-return-rule", Severity::Info),
    ("S305", "ssh-bypasses-bastion", Severity::Warning),
    ("S306", "sg-vpc-mismatch", Severity::Error),
    ("S307", "unused-security-group", Severity::Info),
    ("S308", "redundant-sg-rule", Severity::Info),
    ("S309", "wide-ingress-range", Severity::Warning),
    ("S310", "sg-missing-description", Severity::Info),
    ("S311", "sg-rule-quota", Severity::Error),
    ("N401", "nacl-missing-return", Severity::Error),
    ("N402", "nacl-shadowed-rule", Severity::Warning),
    ("N403", "nacl-too-many-rules", Severity::Error),
    ("N404", "nacl-duplicate-number", Severity::Error),
    ("N405", "nacl-number-range", Severity::Error),
    ("N406", "subnet-multiple-acls", Severity::Error),
    ("N407", "acl-blocks-sg", Severity::Warning),
    ("N408", "nacl-no-gap", Severity::Info),
    ("N409", "acl-allow-superseded", Severity::Info),
    ("N410", "acl-admin-port-open", Severity::Warning),
    ("I501", "bastion-in-private-subnet", Severity::Error),
    ("I502", "bastion-without-public-ip", Severity::Error),
    ("I503", "bastion-open-to-world", Severity::Warning),
    ("I504", "shared-key-pair", Severity::Info),
    ("I505", "no-admin-path", Severity::Info),
    ("I506", "imdsv1-enabled", Severity::Warning),
    ("I507", "secret-in-user-data", Severity::Error),
    ("I508", "ssm-without-profile", Severity::Warning),
    ("I509", "unknown-instance-type", Severity::Error),
    ("I510", "previous-generation-type", Severity::Info),
    ("I511", "unused-public-ip", Severity::Info),
    ("V601", "volume-zone-mismatch", Severity::Error),
    ("V602", "volume-multi-attach", Severity::Error),
    ("V603", "volume-size-range", Severity::Error),
    ("V604", "volume-unencrypted", Severity::Warning),
    ("V605", "device-name-conflict", Severity::Error),
    ("V606", "unattached-volume", Severity::Info),
    ("V607", "multi-attach-type", Severity::Error),
    ("V608", "volume-performance-range", Severity::Error),
    ("F101", "efs-unencrypted", Severity::Warning),
    ("F102", "efs-zone-without-mount-target", Severity::Warning),
    ("F103", "efs-mount-targets-same-zone", Severity::Error),
    ("F104", "efs-open-to-world", Severity::Warning),
    ("L701", "listener-layer-mismatch", Severity::Error),
    ("L702", "lb-single-zone", Severity::Error),
    ("L703", "internet-facing-in-private-subnet", Severity::Error),
    ("L704", "tls-without-certificate", Severity::Error),
    ("L705", "plaintext-listener", Severity::Warning),
    ("L706", "target-protocol-mismatch", Severity::Error),
    ("L707", "lb-subnets-same-zone", Severity::Error),
    ("L708", "lb-vpc-mismatch", Severity::Error),
    ("L709", "dualstack-without-ipv6", Severity::Error),
    ("L710", "sticky-on-network-lb", Severity::Info),
    ("L711", "no-health-check", Severity::Warning),
    ("L712", "orphan-target-group", Severity::Warning),
    ("L713", "outdated-tls-policy", Severity::Warning),
    ("L714", "redirect-to-missing-https", Severity::Error),
    ("L715", "invalid-headers-kept", Severity::Warning),
    ("L716", "listener-rule-conflict", Severity::Error),
    ("G801", "asg-size-order", Severity::Error),
    ("G802", "asg-single-zone", Severity::Warning),
    ("G803", "asg-ec2-health-check", Severity::Warning),
    ("G804", "scaling-thresholds-overlap", Severity::Error),
    ("G805", "asg-public-instances", Severity::Warning),
    ("G806", "asg-vpc-mismatch", Severity::Error),
    ("G807", "scaling-mixed", Severity::Error),
    ("G808", "scaling-fixed-size", Severity::Warning),
    ("X901", "exposed-service", Severity::Error),
    ("X902", "listener-unreachable", Severity::Error),
    ("X903", "targets-unreachable", Severity::Error),
    ("X904", "bastion-cannot-reach", Severity::Warning),
    ("X905", "no-egress", Severity::Info),
    ("X906", "efs-unreachable", Severity::Error),
    ("X907", "ssm-unreachable", Severity::Warning),
    ("X908", "endpoint-unreachable", Severity::Warning),
    ("U001", "unused-suppression", Severity::Warning),
];

#[test]
fn the_catalog_keeps_the_contract() {
    let table: Vec<(&str, &str, Severity)> = Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.name(), c.default_severity()))
        .collect();
    assert_eq!(table, CONTRACT, "the catalog differs from the contract");
}

#[test]
fn every_code_is_documented_and_unique() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for c in Code::ALL {
        assert!(codes.insert(c.as_str()), "duplicate code {c}");
        assert!(names.insert(c.name()), "duplicate name {}", c.name());
        assert!(
            c.name()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit()),
            "{c}: name `{}` is not kebab-case",
            c.name()
        );
        assert!(!c.summary().is_empty(), "{c} has no summary");
        let mut last = 0;
        for section in DOC_SECTIONS {
            let at = c
                .docs()
                .find(section)
                .unwrap_or_else(|| panic!("{c} docs lack `{section}`"));
            assert!(at >= last, "{c}: docs sections out of order");
            last = at;
        }
        if c.is_error_in_file() {
            assert_eq!(c.default_severity(), Severity::Error, "{c}");
        }
    }
}

#[test]
fn every_code_of_a_rule_area_has_exactly_one_rule() {
    for c in Code::ALL {
        let rules = RULES.iter().filter(|r| r.code == *c).count();
        let expected = usize::from(c.area().origin() == Origin::Rules);
        assert_eq!(rules, expected, "{c}: {rules} rules report it");
    }
}

/// Rules whose trigger/clean fixtures live under tests/fixtures/rules/.
fn lint_codes() -> Vec<&'static str> {
    Code::ALL
        .iter()
        .filter(|c| !c.is_error_in_file() && c.area().origin() != Origin::Template)
        .map(|c| c.as_str())
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
        if !diags.iter().any(|d| d.code.as_str() == code) {
            failures.push(format!(
                "{code}: bad.net does not fire it (got {:?})",
                diags.iter().map(|d| d.code).collect::<Vec<_>>()
            ));
        }
        if let Some(e) = diags.iter().find(|d| d.code.is_error_in_file()) {
            failures.push(format!(
                "{code}: bad.net has an error of the file itself: {} {}",
                e.code, e.message
            ));
        }
        let good_src = read(&good);
        let diags = check(&good_src);
        if let Some(d) = diags
            .iter()
            .find(|d| d.code.as_str() == code || d.code.is_error_in_file())
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
