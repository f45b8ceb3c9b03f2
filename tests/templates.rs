//! CloudFormation templates through `check`, `reach` and `import`: the
//! round trip over every example and rule fixture, spans in the template,
//! suppressions written in a template, unknown values.

mod common;

use common::{read, root, scratch_dir};
use netlint::catalog::{Code, Origin};
use netlint::check::{self, Threads};
use netlint::settings::Settings;
use netlint::template_check::{self, Options};
use std::path::PathBuf;

/// The template `build` writes for a file without E-errors.
fn build(src: &str) -> Option<String> {
    let (m, t) = check::load(src).ok()?;
    Some(netlint::emit::to_json_string(&m, &t))
}

fn inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "net"))
        .collect();
    for dir in std::fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        for f in ["bad.net", "good.net"] {
            let p = dir.as_ref().unwrap().path().join(f);
            if p.exists() {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn codes(diagnostics: &[netlint::diagnostics::Diagnostic]) -> Vec<&'static str> {
    let mut c: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.code.area().origin() != Origin::Template)
        .map(|d| d.code.as_str())
        .collect();
    c.sort_unstable();
    c
}

/// What a template cannot carry, so `check` on `build(x)` may report
/// other codes than on `x`:
/// - `role` and `access` (how administrators reach a host) are not in the
///   template: the bastion rules (I501–I505, S305, X904) and the Session
///   Manager ones (I508, X907) see no bastion and no `access`;
/// - suppression comments are not in the template (U001 and what they
///   silenced), nor are comments at all.
/// - a `deny` in a security group (S301) is written as the allow it is;
/// - two ACL entries with one number share a logical ID (N404);
/// - a listener rule naming a port with no listener (L716) has no listener
///   to hang from in the template, so it is not written.
fn carries_what_templates_cannot(path: &std::path::Path, src: &str) -> bool {
    path.ends_with("L716/bad.net")
        // Two entries of one number in one direction would share one
        // logical ID: the template holds one of them.
        || path.ends_with("N404/bad.net")
        // A group cannot deny: the template holds the rule as an allow.
        || path.ends_with("S301/bad.net")
        || src.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("role ") || l.starts_with("access ") || l.contains("netlint: allow")
    })
}

#[test]
fn import_of_build_builds_the_same_template_and_check_reports_the_same_codes() {
    let mut built = 0;
    let mut excused = Vec::new();
    let mut unexplained: Vec<String> = Vec::new();
    for path in inputs() {
        let src = read(&path);
        let Some(template) = build(&src) else {
            continue;
        };
        built += 1;
        let (lowered, _) = template_check::lower(&template, &Options::default());
        let lowered = lowered.unwrap_or_else(|| panic!("{}: not read back", path.display()));
        let again = build(&lowered.text).unwrap_or_else(|| {
            panic!(
                "{}: the import does not build:\n{}",
                path.display(),
                lowered.text
            )
        });
        assert_eq!(
            again,
            template,
            "{}: import(build(x)) builds another template",
            path.display()
        );
        let direct = check::run_with(&src, &Settings::default(), Threads::one());
        let via = template_check::run(
            &template,
            &Settings::default(),
            &Options::default(),
            Threads::one(),
        );
        if codes(&direct.diagnostics) != codes(&via.diagnostics) {
            if !carries_what_templates_cannot(&path, &src) {
                unexplained.push(format!(
                    "{}: check on the template reports {:?}, on the file {:?}",
                    path.display(),
                    codes(&via.diagnostics),
                    codes(&direct.diagnostics)
                ));
            }
            excused.push(path);
        }
    }
    assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
    assert!(built > 100, "only {built} inputs build");
    // The excused ones are the files with roles, access or suppressions.
    assert!(excused.len() < built / 4, "{excused:?}");
}

const YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OfficeCidr:
    Type: String
    Default: 0.0.0.0/0
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref OfficeCidr
  Db:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 3389
          ToPort: 3389
          CidrIp: 0.0.0.0/0  # netlint: allow S302 -- lab only
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
"#;

fn at(src: &str, span: netlint::span::Span) -> &str {
    &src[span.start as usize..span.end as usize]
}

#[test]
fn diagnostics_point_at_the_template_and_template_suppressions_apply() {
    let c = template_check::run(
        YAML,
        &Settings::default(),
        &Options::default(),
        Threads::one(),
    );
    let s302: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::S302)
        .collect();
    assert_eq!(s302.len(), 1, "{:#?}", c.diagnostics);
    // The rule's line in the template: the inline entry.
    assert!(
        at(YAML, s302[0].span).contains("IpProtocol: tcp"),
        "{:?}",
        at(YAML, s302[0].span)
    );
    assert_eq!(c.suppressed.len(), 1);
    assert_eq!(c.suppressed[0].1.as_deref(), Some("lab only"));
    let t006 = c.diagnostics.iter().find(|d| d.code == Code::T006).unwrap();
    assert!(t006.message.contains("AWS::IAM::Role"), "{}", t006.message);
}

#[test]
fn an_unknown_value_says_what_it_affects_and_how_to_supply_it() {
    let src = "Resources:\n  Imported:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !ImportValue shared-vpc\n      CidrBlock: 10.0.1.0/24\n";
    let c = template_check::run(
        src,
        &Settings::default(),
        &Options::default(),
        Threads::one(),
    );
    let t005 = c
        .diagnostics
        .iter()
        .find(|d| d.code == Code::T005 && at(src, d.span).contains("ImportValue"))
        .unwrap();
    assert!(
        at(src, t005.span).contains("ImportValue"),
        "{}",
        t005.message
    );
    assert!(t005.message.contains("Imported"), "{}", t005.message);
    assert!(t005.help.as_deref().unwrap().contains("--network"));
}

#[test]
fn json_metadata_suppresses_and_import_names_blocks() {
    let src = r#"{"Resources": {
  "MainVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "OpenSg": {"Type": "AWS::EC2::SecurityGroup",
    "Metadata": {"netlint": {"allow": ["S303"]}},
    "Properties": {"GroupDescription": "open", "VpcId": {"Ref": "MainVpc"},
      "SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}]}}
}}"#;
    let c = template_check::run(
        src,
        &Settings::default(),
        &Options::default(),
        Threads::one(),
    );
    assert!(
        c.diagnostics.iter().all(|d| d.code != Code::S303),
        "{:#?}",
        c.diagnostics
    );
    assert!(c.suppressed.iter().any(|(d, _)| d.code == Code::S303));
    let lowered = c.lowered.unwrap();
    assert!(lowered.text.contains("vpc main-vpc {"), "{}", lowered.text);
    assert!(
        lowered.text.contains("ingress all from 0.0.0.0/0"),
        "{}",
        lowered.text
    );
}

/// The CLI contract: `check` recognises templates by content (a
/// directory walk skips other YAML), `reach` takes logical IDs, `import`
/// writes a `.net` file that checks without E-errors, `--network` and
/// `--param` resolve an existing network.
#[test]
fn the_cli_checks_reaches_and_imports_templates() {
    let dir = scratch_dir("templates");
    let template = build(&read(&root().join("examples/three-tier.net"))).unwrap();
    std::fs::write(dir.join("stack.json"), &template).unwrap();
    std::fs::write(dir.join("values.yaml"), "replicas: 3\n").unwrap();
    std::fs::write(dir.join("app.yaml"), YAML).unwrap();
    let d = dir.display().to_string();
    let (status, out, err) = common::netlint(&["check", &d, "--format", "json"], "");
    assert_eq!(status, 1, "{err}");
    assert!(
        out.contains("stack.json") && out.contains("app.yaml"),
        "{out}"
    );
    assert!(!out.contains("values.yaml"), "{out}");
    // Named alone, a YAML file that is no template is skipped with a note:
    // nothing was checked, and silence would hide the mistake.
    let values = dir.join("values.yaml").display().to_string();
    let (status, _, err) = common::netlint(&["check", &values], "");
    assert_eq!(status, 0, "{err}");
    assert!(
        err.contains("skipped") && err.contains("not a CloudFormation template"),
        "{err}"
    );
    // Named beside a template, as a pre-commit hook names every YAML file,
    // it is skipped without a word, unless `--verbose` asks.
    let app = dir.join("app.yaml").display().to_string();
    let (_, _, err) = common::netlint(&["check", &app, &values], "");
    assert!(!err.contains("values.yaml"), "{err}");
    let (_, _, err) = common::netlint(&["check", "--verbose", &app, &values], "");
    assert!(
        err.contains("skipped") && err.contains("values.yaml"),
        "{err}"
    );

    let stack = dir.join("stack.json").display().to_string();
    let (status, out, err) =
        common::netlint(&["reach", &stack, "Web", "AppAsg", "tcp", "8443"], "");
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("tcp 8443: reachable"), "{out}");

    let net = dir.join("stack.net").display().to_string();
    let (status, _, err) = common::netlint(&["import", &stack, "-o", &net], "");
    assert_eq!(status, 0, "{err}");
    let imported = read(&dir.join("stack.net"));
    assert!(imported.starts_with("# Imported from a CloudFormation template"));
    assert!(check::load(&imported).is_ok());

    // An existing network, its names passed as parameter values.
    std::fs::write(
        dir.join("existing.net"),
        "vpc main { cidr 10.0.0.0/16 }\nsubnet app-a { vpc main; cidr 10.0.1.0/24; zone a }\n",
    )
    .unwrap();
    let app = "Parameters:\n  VpcId: {Type: 'AWS::EC2::VPC::Id'}\n  SubnetId: {Type: 'AWS::EC2::Subnet::Id'}\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: app\n      VpcId: !Ref VpcId\n      SecurityGroupIngress:\n        - {IpProtocol: '-1', CidrIp: 0.0.0.0/0}\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n      InstanceType: t3.micro\n      SubnetId: !Ref SubnetId\n      SecurityGroupIds: [!Ref Sg]\n";
    std::fs::write(dir.join("app2.yaml"), app).unwrap();
    let app2 = dir.join("app2.yaml").display().to_string();
    let existing = dir.join("existing.net").display().to_string();
    let (_, out, _) = common::netlint(&["check", &app2, "--format", "json"], "");
    assert!(out.contains("T005"), "{out}");
    let (_, out, err) = common::netlint(
        &[
            "check",
            &app2,
            "--format",
            "json",
            "--network",
            &existing,
            "--param",
            "VpcId=main",
            "--param",
            "SubnetId=app-a",
        ],
        "",
    );
    assert!(out.contains("S303") && !out.contains("E00"), "{out}{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A template's diagnostics with default settings, the command line's
/// `--param NAME=VALUE` values given.
fn check_template(src: &str, params: &[&str]) -> Vec<netlint::diagnostics::Diagnostic> {
    let mut options = Options::default();
    for p in params {
        options
            .cfn
            .params
            .push(netlint::cfn::parse_cli_param(p).unwrap());
    }
    template_check::run(src, &Settings::default(), &options, Threads::one()).diagnostics
}

#[test]
fn allowed_pattern_is_matched_against_whole_values() {
    let dir = root().join("tests/fixtures/cfn/allowed-pattern");
    let bad = read(&dir.join("bad.yaml"));
    let diags = check_template(&bad, &[]);
    let t004: Vec<_> = diags.iter().filter(|d| d.code == Code::T004).collect();
    assert_eq!(t004.len(), 1, "{diags:#?}");
    // At the default, with the pattern as the related place and the
    // template's own ConstraintDescription in the words.
    assert_eq!(at(&bad, t004[0].span), "198.51.100.0");
    assert!(
        t004[0]
            .message
            .contains("does not match its AllowedPattern: a CIDR block such as 198.51.100.0/24"),
        "{}",
        t004[0].message
    );
    assert!(at(&bad, t004[0].secondary[0].span).starts_with("^(([0-9]"));
    for good in ["good.yaml", "good.json"] {
        let src = read(&dir.join(good));
        let diags = check_template(&src, &[]);
        assert!(
            !diags
                .iter()
                .any(|d| d.code.area().origin() == Origin::Template
                    && d.severity >= netlint::diagnostics::Severity::Warning),
            "{good}: {diags:#?}"
        );
    }
    // A given value is matched too, item by item for a list; it is
    // reported at the parameter's name.
    let good = read(&dir.join("good.json"));
    let diags = check_template(&good, &["AdminCidrs=198.51.100.0/24,203.0.113.0"]);
    let t004: Vec<_> = diags.iter().filter(|d| d.code == Code::T004).collect();
    assert_eq!(t004.len(), 1, "{diags:#?}");
    assert_eq!(at(&good, t004[0].span), "\"AdminCidrs\"");
    assert!(
        t004[0].message.contains("(`203.0.113.0`)"),
        "{}",
        t004[0].message
    );
}

#[test]
fn a_pattern_netlint_cannot_match_is_a_note_not_a_finding() {
    // Lookahead is Java's, not regex-lite's: noted (info, T006) at the
    // pattern, the value not judged either way.
    let src = "Parameters:\n  Password:\n    Type: String\n    Default: hunter2\n    AllowedPattern: '(?=.*[0-9])[a-z0-9]{8,}'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n";
    let diags = check_template(src, &[]);
    assert!(!diags.iter().any(|d| d.code == Code::T004), "{diags:#?}");
    let note = diags.iter().find(|d| d.code == Code::T006).unwrap();
    assert_eq!(note.severity, netlint::diagnostics::Severity::Info);
    assert_eq!(at(src, note.span), "'(?=.*[0-9])[a-z0-9]{8,}'");
    assert!(
        note.message.contains("`Password` is not checked"),
        "{}",
        note.message
    );
}
