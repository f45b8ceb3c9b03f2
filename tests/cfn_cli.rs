//! `netlint check`, `reach` and `import` on the template fixtures of
//! `tests/fixtures/cfn/` (read and resolved alone in `tests/cfn_fixtures.rs`),
//! through the real CLI in memory. What each prints is snapshotted in
//! `snapshots/cfn_cli/`: the diagnostics (human, pointing at template
//! lines, and JSON codes), one reach question per fixture, and the `.net`
//! file `import` writes — which must itself check without an E-error.

mod common;

use common::*;
use std::path::Path;

const DIR: &str = "tests/fixtures/cfn";

/// Fixture, then its reach question (FROM TO [PROTO PORT…]) and the extra
/// arguments that describe the network it deploys into, if any.
const CASES: [(&str, &str, &[&str]); 9] = [
    // A host in private subnet A goes out through NAT gateway A.
    ("multi-az-vpc.yaml", "10.20.3.10 internet tcp 443", &[]),
    // The load balancer reaches the app servers on the app port.
    ("alb-asg.yaml", "LoadBalancer AppGroup tcp 8080", &[]),
    // SSH from the parameterised admin network, in the existing VPC.
    (
        "bastion.yaml",
        "198.51.100.7 Bastion tcp 22",
        &[
            "--network",
            "tests/fixtures/cfn/existing/bastion-vpc.net",
            "--param",
            "VPCID=main",
            "--param",
            "PublicSubnetID=public-a",
        ],
    ),
    // CDK's logical IDs are the endpoint names.
    ("cdk-synth.json", "LB8A12904C ASG46ED3070 tcp 80", &[]),
    ("short-forms.yaml", "internet Web tcp 443", &[]),
    // The subnets are another stack's: no answer without them.
    ("import-unresolvable.yaml", "internet Api tcp 8443", &[]),
    ("missing-parameter.yaml", "Database internet tcp 443", &[]),
    // The NAT gateway in the private subnet is why the worker has no way out.
    ("network-mistakes.yaml", "Worker internet tcp 443", &[]),
    // A group launched from a launch configuration is an endpoint too.
    ("asg-variants.yaml", "LoadBalancer AppGroup tcp 8080", &[]),
];

/// `--region` and the fixture's params file, if it has one.
fn template_args(name: &str) -> Vec<String> {
    let mut args = vec!["--region".to_string(), "us-east-1".to_string()];
    let stem = name.rsplit_once('.').unwrap().0;
    let params = format!("{DIR}/{stem}.params.json");
    if Path::new(&params).exists() {
        args.extend(["--params".to_string(), params]);
    }
    args
}

fn run(args: &[String]) -> (i32, String, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    netlint(&args, "")
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/cfn_cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn check_points_at_template_lines() {
    for (name, _, extra) in CASES {
        let path = format!("{DIR}/{name}");
        let mut args = vec!["check".to_string(), "--no-config".to_string()];
        args.extend(template_args(name));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(path.clone());
        let (code, out, err) = run(&args);
        assert!(code <= 1, "{name}: exit {code}: {err}");
        assert!(!out.contains("panicked"), "{name}");
        // Every code's primary location is in the template itself.
        for line in out.lines().filter(|l| l.trim_start().starts_with("┌─")) {
            assert!(line.contains(&path), "{name}: {line}");
        }
        snapshot(
            &format!("{name}-check"),
            &format!("exit {code}\n{out}{err}"),
        );
    }
}

#[test]
fn check_json_lists_the_codes() {
    for (name, _, extra) in CASES {
        let mut args = vec![
            "check".to_string(),
            "--no-config".to_string(),
            "--format".to_string(),
            "json".to_string(),
        ];
        args.extend(template_args(name));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(format!("{DIR}/{name}"));
        let (code, out, err) = run(&args);
        assert!(code <= 1, "{name}: exit {code}: {err}");
        let json: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let codes: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{}",
                    d["code"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                )
            })
            .collect();
        snapshot(&format!("{name}-codes"), &codes.join("\n"));
    }
}

#[test]
fn the_fixtures_mistakes_are_caught() {
    let (_, out, _) = run(&[
        "check".into(),
        "--no-config".into(),
        "--region".into(),
        "us-east-1".into(),
        format!("{DIR}/network-mistakes.yaml"),
    ]);
    for code in ["R201", "L701", "V601"] {
        assert!(out.contains(&format!("[{code}]")), "{code} missing:\n{out}");
    }
}

#[test]
fn auto_scaling_the_older_ways_is_read_or_reported() {
    let mut args = vec!["import".to_string()];
    args.extend(template_args("asg-variants.yaml"));
    args.push(format!("{DIR}/asg-variants.yaml"));
    let (code, net, _) = run(&args);
    assert_eq!(code, 0);
    // A launch configuration is a launch template; simple and step
    // scaling on the group's CPU alarms are `scale-out`/`scale-in`; a
    // mixed instances policy's launch template is the group's.
    for line in [
        "launch-template app-launch-config {",
        "  launch-template app-launch-config\n",
        "  scale-out cpu > 75% add 2\n",
        "  scale-in cpu < 30% remove 1\n",
        "  launch-template api-template\n",
        "# Not imported (the language cannot describe them; see T007):\n#   LegacyLoadBalancer",
    ] {
        assert!(net.contains(line), "{line:?} missing:\n{net}");
    }
    // What the language cannot hold is reported where it is written.
    let mut args = vec![
        "check".to_string(),
        "--no-config".to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    args.extend(template_args("asg-variants.yaml"));
    args.push(format!("{DIR}/asg-variants.yaml"));
    let (_, out, _) = run(&args);
    let src = std::fs::read_to_string(format!("{DIR}/asg-variants.yaml")).unwrap();
    let lines: Vec<&str> = src.lines().collect();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let t007: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "T007")
        .map(|d| lines[d["line"].as_u64().unwrap() as usize - 1].trim())
        .collect();
    assert_eq!(
        t007,
        [
            "- {MetricIntervalUpperBound: -10, ScalingAdjustment: -2}",
            "- InstanceType: m6i.large",
            "PredefinedMetricType: ALBRequestCountPerTarget",
            "LoadBalancerNames: [!Ref LegacyLoadBalancer]",
            "QueueDeep:",
            "Type: AWS::ElasticLoadBalancing::LoadBalancer",
        ]
    );
    // The classic load balancer is not counted among the types outside
    // netlint's domain.
    assert!(!out.contains("T006"), "{out}");
}

#[test]
fn reach_gives_the_gateway_hop_its_line() {
    // The gateway of a template: the IGW resource's line.
    let (code, out, err) = reach(
        "short-forms.yaml",
        "internet Web tcp 443",
        &["--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let src = std::fs::read_to_string(format!("{DIR}/short-forms.yaml")).unwrap();
    let igw_line = src.lines().position(|l| l == "  Igw:").unwrap() + 1;
    assert!(out.contains(&format!("\"line\": {igw_line}")), "{out}");
    // The existing network's gateway: its line in the `--network` file.
    let (_, question, extra) = CASES[2];
    let (code, out, err) = reach("bastion.yaml", question, extra);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("internet gateway igw is attached to vpc main (`--network` line 6)"),
        "{out}"
    );
}

#[test]
fn a_finding_in_the_existing_network_names_its_line() {
    // Subnet `public-a` (line 3) is in no route table.
    let dir = scratch_dir("cfn-cli");
    let net = dir.join("existing.net");
    std::fs::write(
        &net,
        "vpc main { cidr 10.0.0.0/16 }\n\nsubnet public-a { vpc main; cidr 10.0.0.0/24; zone a }\n",
    )
    .unwrap();
    let (_, _, extra) = CASES[2];
    let mut args = vec![
        "check",
        "--no-config",
        "--format",
        "json",
        "--region",
        "us-east-1",
    ];
    args.extend(extra.iter().map(|a| match *a {
        "tests/fixtures/cfn/existing/bastion-vpc.net" => net.to_str().unwrap(),
        other => other,
    }));
    let path = format!("{DIR}/bastion.yaml");
    args.push(&path);
    let (_, out, err) = netlint(&args, "");
    std::fs::remove_dir_all(&dir).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let r207 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "R207")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        r207["notes"][0], "in the existing network (`--network`), line 3",
        "{r207}"
    );
}

#[test]
fn netlint_toml_gives_the_region_and_parameters() {
    // A repository whose netlint.toml says how to read its templates, as a
    // pre-commit hook runs `netlint check` with no arguments.
    let dir = scratch_dir("cfn-toml");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::copy(format!("{DIR}/short-forms.yaml"), dir.join("stack.yaml")).unwrap();
    std::fs::write(
        dir.join("config/staging.json"),
        r#"[{"ParameterKey": "Environment", "ParameterValue": "staging"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nregion = \"us-east-1\"\nparams = \"config/staging.json\"\n",
    )
    .unwrap();
    let stack = dir.join("stack.yaml");
    let stack = stack.to_str().unwrap();
    let codes = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["check", "--format", "json", stack];
        args.extend(extra);
        let (code, out, err) = netlint(&args, "");
        assert!(code <= 1, "exit {code}: {err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The file's value (not an allowed one) is used, relative to the file.
    assert!(codes(&[]).contains(&"T004".to_string()));
    // The command line's value wins; the file's region makes the zones known.
    assert_eq!(
        codes(&["--param", "Environment=prod"]),
        Vec::<String>::new()
    );
    // The command line's region wins too: one netlint has no zones for.
    assert!(
        codes(&["--param", "Environment=prod", "--region", "ap-nowhere-9"])
            .contains(&"T005".to_string())
    );
    // `--no-config` reads the template with neither.
    assert!(codes(&["--no-config", "--param", "Environment=prod"]).contains(&"T005".to_string()));
    // A mistake in the table stops netlint with its position.
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nregoin = \"us-east-1\"\n",
    )
    .unwrap();
    let (code, _, err) = netlint(&["check", stack], "");
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "netlint.toml:2:1: `cloudformation.regoin`: unknown key; did you mean `region`?"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reach_and_import_read_netlint_toml_as_check_does() {
    // The same repository as above: `reach` and `import` on the template
    // find the same netlint.toml `check` finds, the command line over it.
    let dir = scratch_dir("cfn-toml-ri");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::copy(format!("{DIR}/short-forms.yaml"), dir.join("stack.yaml")).unwrap();
    std::fs::write(
        dir.join("config/admin.json"),
        r#"[{"ParameterKey": "AdminCidrs", "ParameterValue": "192.0.2.0/24,203.0.113.0/24"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nregion = \"us-east-1\"\nparams = \"config/admin.json\"\n",
    )
    .unwrap();
    let stack = dir.join("stack.yaml");
    let stack = stack.to_str().unwrap();
    // SSH from the admin network the file gives, to the host in the zone
    // its region gives.
    let reach = |extra: &[&str]| {
        let mut args = vec!["reach", stack, "192.0.2.7", "Web", "tcp", "22"];
        args.extend(extra);
        netlint(&args, "")
    };
    let (code, out, err) = reach(&[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tcp 22: reachable"), "{out}");
    // `--verbose` names the file, as for `check`.
    let (_, _, err) = reach(&["--verbose"]);
    assert!(
        err.contains("stack.yaml: configuration ") && err.contains("netlint.toml"),
        "{err}"
    );
    // The command line's values win over the file's.
    let (code, out, err) = reach(&["--param", "AdminCidrs=198.51.100.0/24,203.0.113.0/24"]);
    assert_eq!(code, 1, "{out}{err}");
    // So does its region: one netlint has no zones for leaves the subnet
    // without a zone.
    let (code, _, err) = reach(&["--region", "ap-nowhere-9"]);
    assert_eq!(code, 2, "{err}");
    // `--no-config` reads neither; `--config FILE` another file.
    let (code, _, err) = reach(&["--no-config", "--region", "us-east-1"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = reach(&["--no-config"]);
    assert_eq!(code, 2, "{err}");
    std::fs::write(
        dir.join("other.toml"),
        "[cloudformation]\nregion = \"us-east-1\"\n",
    )
    .unwrap();
    let other = dir.join("other.toml");
    let (code, _, err) = reach(&["--config", other.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");

    let import = |extra: &[&str]| {
        let mut args = vec!["import", stack];
        args.extend(extra);
        let (code, out, err) = netlint(&args, "");
        assert_eq!(code, 0, "{err}");
        out
    };
    let net = import(&[]);
    assert!(net.contains("zone us-east-1a"), "{net}");
    assert!(net.contains("ingress tcp 22 from 192.0.2.0/24"), "{net}");
    let net = import(&["--param", "AdminCidrs=198.51.100.0/24,203.0.113.0/24"]);
    assert!(net.contains("ingress tcp 22 from 198.51.100.0/24"), "{net}");
    let net = import(&["--no-config"]);
    assert!(
        !net.contains("zone us-east-1a") && !net.contains("192.0.2.0/24"),
        "{net}"
    );

    // A mistake in the table stops both with its position; a `.net` file
    // beside it is reached as before (no configuration is read for one).
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nregoin = \"us-east-1\"\n",
    )
    .unwrap();
    for args in [
        vec!["reach", stack, "192.0.2.7", "Web", "tcp", "22"],
        vec!["import", stack],
    ] {
        let (code, _, err) = netlint(&args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains("netlint.toml:2:1: `cloudformation.regoin`: unknown key"),
            "{err}"
        );
    }
    std::fs::write(
        dir.join("net.net"),
        "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a }\ninstance web { subnet a; ami ami-0123456789abcdef0; type t3.micro }\n",
    )
    .unwrap();
    let net = dir.join("net.net");
    let (code, out, err) = netlint(
        &[
            "reach",
            net.to_str().unwrap(),
            "10.0.1.9",
            "web",
            "tcp",
            "22",
        ],
        "",
    );
    assert!(code <= 1, "{out}{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn netlint_toml_names_the_existing_network() {
    // A stack that deploys into an existing VPC: netlint.toml names the
    // `.net` file of that network and a parameters file passing its names,
    // so `check` and `reach` need no arguments.
    let dir = scratch_dir("cfn-toml-net");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("network")).unwrap();
    std::fs::copy(format!("{DIR}/bastion.yaml"), dir.join("bastion.yaml")).unwrap();
    std::fs::copy(
        format!("{DIR}/existing/bastion-vpc.net"),
        dir.join("network/shared.net"),
    )
    .unwrap();
    std::fs::write(
        dir.join("params.json"),
        r#"["VPCID=main", "PublicSubnetID=public-a", "RemoteAccessCIDR=198.51.100.0/24"]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nregion = \"us-east-1\"\nparams = \"params.json\"\nnetwork = \"network/shared.net\"\n",
    )
    .unwrap();
    let stack = dir.join("bastion.yaml");
    let stack = stack.to_str().unwrap();
    let (code, out, err) = netlint(
        &["reach", stack, "198.51.100.7", "Bastion", "tcp", "22"],
        "",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tcp 22: reachable"), "{out}");
    let (_, out, _) = netlint(&["check", "--format", "json", stack], "");
    assert!(!out.contains("T005"), "{out}");
    // `--network` wins: one without the subnet leaves the bastion out.
    std::fs::write(dir.join("bare.net"), "vpc main { cidr 10.0.0.0/16 }\n").unwrap();
    let bare = dir.join("bare.net");
    let (code, _, err) = netlint(
        &[
            "reach",
            stack,
            "198.51.100.7",
            "Bastion",
            "--network",
            bare.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    let (_, out, _) = netlint(
        &[
            "check",
            "--format",
            "json",
            stack,
            "--network",
            bare.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.contains("T005"), "{out}");
    // A file it cannot read stops netlint.
    std::fs::write(
        dir.join("netlint.toml"),
        "[cloudformation]\nnetwork = \"network/gone.net\"\n",
    )
    .unwrap();
    let (code, _, err) = netlint(&["check", stack], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read") && err.contains("gone.net"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `netlint reach` on a fixture: its region and params, `extra`, then the
/// question.
fn reach(name: &str, question: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["reach".to_string()];
    args.extend(template_args(name));
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(format!("{DIR}/{name}"));
    args.extend(question.split(' ').map(str::to_string));
    run(&args)
}

#[test]
fn reach_takes_logical_ids() {
    for (name, question, extra) in CASES {
        let (code, out, err) = reach(name, question, extra);
        assert!(code <= 2, "{name}: exit {code}");
        snapshot(
            &format!("{name}-reach"),
            &format!("$ netlint reach {name} {question}\nexit {code}\n{out}{err}"),
        );
    }
}

#[test]
fn import_writes_a_net_file_without_errors() {
    for (name, _, extra) in CASES {
        let mut args = vec!["import".to_string()];
        args.extend(template_args(name));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(format!("{DIR}/{name}"));
        let (code, out, err) = run(&args);
        snapshot(
            &format!("{name}-import"),
            &format!("exit {code}\n{out}{err}"),
        );
        if code != 0 {
            continue;
        }
        // What import writes is a .net file: it checks without an E-error
        // (templates whose values netlint cannot know excepted: their
        // snapshots show what is missing).
        let (_, json, _) = netlint(&["check", "--no-config", "--format", "json", "-"], &out);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .filter(|c| c.starts_with('E'))
            .collect();
        if !["import-unresolvable.yaml", "bastion.yaml"].contains(&name) {
            assert!(
                errors.is_empty(),
                "{name}: the imported file has {errors:?}"
            );
        }
    }
}

#[test]
fn check_dir_skips_what_is_not_a_template() {
    // The fixtures directory holds templates, their params files and a .net
    // file: the params files are skipped without a word.
    let (code, out, err) = netlint(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--region",
            "us-east-1",
            DIR,
        ],
        "",
    );
    assert!(code <= 1, "exit {code}: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: std::collections::BTreeSet<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(
        files.iter().all(|f| !f.ends_with(".params.json")),
        "{files:?}"
    );
}

/// What the `netlint-cloudformation` pre-commit hook needs: pre-commit
/// names every staged YAML and JSON file, and those that are not templates
/// must pass without a word. Ignored until `check` skips a non-template
/// named on the command line (it refuses it with exit 2 today).
#[test]
fn check_skips_a_non_template_named_on_the_command_line() {
    let dir = scratch_dir("cfn-cli-skip");
    let other = dir.join("docker-compose.yaml");
    std::fs::write(&other, "services:\n  web:\n    image: nginx\n").unwrap();
    let (code, out, err) = netlint(&["check", "--no-config", other.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn import_says_which_rule_it_left_out_and_lowers_a_health_check_path() {
    let dir = scratch_dir("cfn-cli-left-out");
    let t = dir.join("stack.yaml");
    std::fs::write(
        &t,
        "AWSTemplateFormatVersion: \"2010-09-09\"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !ImportValue shared-BastionSG}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {VpcId: !Ref Vpc, Protocol: HTTP, Port: 80, HealthCheckPath: /health}
",
    )
    .unwrap();
    let (code, out, err) = netlint(&["import", t.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("# left out: ingress tcp 22"), "{out}");
    assert!(out.contains("shared-BastionSG"), "{out}");
    assert!(out.contains("health-check http /health"), "{out}");
}

#[test]
fn an_eip_of_an_instance_left_out_is_not_called_unused() {
    // bastion.yaml's instance needs a subnet parameter with no value: it is
    // left out (T005), and its EIP is no R211.
    let (_, out, err) = netlint(
        &["check", "--no-config", "tests/fixtures/cfn/bastion.yaml"],
        "",
    );
    assert!(out.contains("T005"), "{out}{err}");
    assert!(!out.contains("R211"), "{out}{err}");
}

/// A stack deployed into a VPC another stack owns (its VPC and subnets are
/// parameters): what does not depend on that network is checked against
/// stand-ins — the group open to the world, the ALB's TCP listener, the
/// group whose min exceeds its max — and nothing is reported that the
/// stand-ins made up (the ALB in "private" subnets, unreachable listeners,
/// one-zone groups). A listener forwarding to a target group outside the
/// template, or answering itself, is left out without a dangling name.
#[test]
fn a_stack_in_an_existing_vpc_is_checked_against_stand_ins() {
    let fixture = format!("{DIR}/existing/app-in-existing-vpc.yaml");
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["check", "--no-config", "--region", "us-east-1"]
            .map(String::from)
            .to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a.push(fixture.clone());
        a
    };
    let (code, out, err) = run(&args(&["--format", "json"]));
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "G801", "L701", "S302", "T005", "T005", "T005", "T005", "T007"
        ],
        "{out}"
    );
    let (_, human, _) = run(&args(&[]));
    for text in [
        "`VpcId` (AWS::EC2::VPC::Id) names a VPC outside the template",
        "`PrivateSubnets` (List<AWS::EC2::Subnet::Id>) names subnets outside the template",
        "not run: A101–A102, A105–A107, R201,",
        "X901–X908",
        "not run: the rules named for `VpcId`",
        "listener `MaintenanceListener` is left out",
    ] {
        assert!(human.contains(text), "{text} missing:\n{human}");
    }
    // A suppression of a rule that did not run is not called unused.
    let dir = scratch_dir("stand-in");
    let src = std::fs::read_to_string(&fixture)
        .unwrap()
        .replace("  AppServers:\n", "  AppServers: # netlint: allow G802\n");
    assert!(src.contains("allow G802"));
    let path = dir.join("stack.yaml");
    std::fs::write(&path, src).unwrap();
    let (_, out, _) = run(&[
        "check".into(),
        "--no-config".into(),
        "--region".into(),
        "us-east-1".into(),
        path.to_string_lossy().into_owned(),
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!out.contains("U001"), "{out}");
}

/// With the existing network described, no stand-in is used.
#[test]
fn no_stand_in_when_the_network_is_given() {
    let (_, out, err) = run(&[
        "check".into(),
        "--no-config".into(),
        "--region".into(),
        "us-east-1".into(),
        "--network".into(),
        format!("{DIR}/existing/bastion-vpc.net"),
        "--param".into(),
        "VPCID=main".into(),
        "--param".into(),
        "PublicSubnetID=public-a".into(),
        format!("{DIR}/bastion.yaml"),
    ]);
    assert!(!out.contains("stand-in"), "{out}{err}");
}
