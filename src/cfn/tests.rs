//! Every intrinsic function, condition and section rule, on small
//! templates: the value it gives, where it points, and the error for each
//! wrong use.

use super::*;
use crate::cfn::node::ScalarKind;
use crate::cfn::value::{ParamSource, Provenance};

const HEAD: &str = "AWSTemplateFormatVersion: 2010-09-09
Parameters:
  P: {Type: String, Default: x}
  L: {Type: CommaDelimitedList, Default: 'a, b,c'}
  N: {Type: String}
  Cidr: {Type: String, Default: 10.0.0.0/16}
  Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/ami}
Mappings:
  M:
    us-east-1: {Ami: ami-1, Zones: [a, b]}
    k: {v: mapped}
Conditions:
  IsX: !Equals [!Ref P, x]
  NotX: !Not [!Condition IsX]
  Unk: !Equals [!Ref N, y]
  OrTrue: !Or [!Condition Unk, !Condition IsX]
  AndFalse: !And [!Condition Unk, !Condition NotX]
  AndUnk: !And [!Condition Unk, !Condition IsX]
  East: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
  R:
    Type: AWS::X::Y
    Properties:
      V: ";

fn options() -> Options {
    Options {
        pseudo: Pseudo {
            region: Some("us-east-1".into()),
            ..Pseudo::default()
        },
        params: Vec::new(),
    }
}

/// Loads `HEAD` with `expr` as property `V` of resource `R`.
fn run(expr: &str, options: &Options) -> (&'static str, Template<'static>, Vec<Problem>) {
    let src: &'static str = Box::leak(format!("{HEAD}{expr}\n").into_boxed_str());
    let (t, problems) = load(src, options);
    (src, t.expect("a template"), problems)
}

/// The value of `V`, asserting no problem.
fn v(expr: &str) -> (&'static str, Value<'static>) {
    let (src, t, problems) = run(expr, &options());
    assert!(problems.is_empty(), "{expr}: {problems:#?}");
    let value = t.resources[1].property("V").cloned().expect("V");
    (src, value)
}

/// The one error `expr` gives, and its text.
fn err(expr: &str) -> (String, ProblemKind, String) {
    let (src, _, problems) = run(expr, &options());
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{expr}: {problems:#?}");
    (
        errors[0].span.text(src).to_string(),
        errors[0].kind,
        errors[0].message.clone(),
    )
}

fn text(expr: &str) -> String {
    let (_, value) = v(expr);
    value
        .as_str()
        .unwrap_or_else(|| panic!("{expr}: {value:?}"))
        .to_string()
}

fn list(expr: &str) -> Vec<String> {
    let (_, value) = v(expr);
    value
        .as_list()
        .unwrap_or_else(|| panic!("{expr}: {value:?}"))
        .iter()
        .map(|i| i.as_str().unwrap().to_string())
        .collect()
}

fn reasons(expr: &str) -> Vec<Reason<'static>> {
    let (_, value) = v(expr);
    value.reasons().to_vec()
}

#[test]
fn ref_parameters_pseudo_and_resources() {
    let (src, value) = v("!Ref P");
    assert_eq!(value.as_str(), Some("x"));
    assert_eq!(value.span.text(src), "!Ref P");
    let Provenance::Parameter {
        name,
        source: ParamSource::Default(d),
    } = &value.from[0]
    else {
        panic!()
    };
    assert_eq!((name.as_ref(), d.text(src)), ("P", "x"));
    assert_eq!(list("!Ref L"), ["a", "b", "c"]);
    assert_eq!(text("!Ref AWS::Region"), "us-east-1");
    assert_eq!(text("!Ref AWS::Partition"), "aws");
    assert_eq!(text("!Ref AWS::URLSuffix"), "amazonaws.com");
    assert_eq!(
        reasons("!Ref N"),
        [Reason::NoParameterValue { name: "N".into() }]
    );
    assert_eq!(
        reasons("!Ref AWS::AccountId"),
        [Reason::Pseudo {
            name: "AWS::AccountId"
        }]
    );
    assert!(
        matches!(&reasons("!Ref Ami")[0], Reason::SsmParameter { name, path: Some(p) } if name == "Ami" && p == "/aws/ami")
    );
    let (_, value) = v("{Ref: Vpc}");
    assert_eq!(value.kind, ValueKind::Ref("Vpc".into()));
    let (src, t, _) = run("!Ref Vpc", &options());
    assert_eq!(t.resources[1].references.len(), 1);
    assert_eq!(t.resources[1].references[0].1.text(src), "Vpc");
}

#[test]
fn pseudo_parameters_can_be_given() {
    let mut o = options();
    o.params
        .push(parse_cli_param("AWS::AccountId=123456789012").unwrap());
    o.params
        .push(parse_cli_param("AWS::Region=cn-north-1").unwrap());
    let (_, t, problems) = run(
        "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'",
        &o,
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        t.resources[1].property("V").unwrap().as_str(),
        Some("arn:aws-cn:iam::123456789012:root")
    );
    let (_, t, _) = run("!Ref AWS::Region", &Options::default());
    assert_eq!(
        t.resources[1].property("V").unwrap().reasons(),
        [Reason::Pseudo {
            name: "AWS::Region"
        }]
    );
    assert_eq!(
        Reason::Pseudo {
            name: "AWS::Region"
        }
        .help()
        .as_deref(),
        Some("pass `--region`")
    );
}

#[test]
fn ref_errors() {
    let (at, kind, message) = err("!Ref Pp");
    assert_eq!((at.as_str(), kind), ("Pp", ProblemKind::UnresolvedName));
    assert!(message.contains("`Pp`"));
    let (src, _, problems) = run("!Ref Vcp", &options());
    assert_eq!(problems[0].help.as_deref(), Some("did you mean `Vpc`?"));
    assert_eq!(problems[0].span.text(src), "Vcp");
    let (at, kind, _) = err("!Ref [P]");
    assert_eq!((at.as_str(), kind), ("[P]", ProblemKind::BadArguments));
    assert_eq!(err("!Ref AWS::Regoin").1, ProblemKind::UnresolvedName);
}

#[test]
fn no_value_removes_keys_and_items() {
    let (_, value) = v(
        "{a: !Ref AWS::NoValue, b: [1, !Ref AWS::NoValue, 2], c: !If [IsX, !Ref AWS::NoValue, 3]}",
    );
    assert!(value.get("a").is_none());
    assert_eq!(value.get("b").unwrap().as_list().unwrap().len(), 2);
    assert!(value.get("c").is_none());
    let (_, t, _) = run("!Ref AWS::NoValue", &options());
    assert!(t.resources[1].property("V").is_none());
}

#[test]
fn get_att_both_forms() {
    let (_, a) = v("!GetAtt Vpc.DefaultSecurityGroup");
    let (_, b) = v("!GetAtt [Vpc, DefaultSecurityGroup]");
    assert_eq!(
        a.kind,
        ValueKind::GetAtt("Vpc".into(), "DefaultSecurityGroup".into())
    );
    assert_eq!(a.kind, b.kind);
    let (_, dotted) = v("!GetAtt Vpc.Endpoint.Address");
    assert_eq!(
        dotted.kind,
        ValueKind::GetAtt("Vpc".into(), "Endpoint.Address".into())
    );
    assert_eq!(err("!GetAtt Nope.Arn").0, "Nope");
    assert_eq!(err("!GetAtt [Vpc]").1, ProblemKind::BadArguments);
    assert_eq!(err("!GetAtt Vpc").1, ProblemKind::BadArguments);
}

#[test]
fn sub_both_forms() {
    assert_eq!(
        text("!Sub '${P}-${AWS::Region}-${!Literal}-$x'"),
        "x-us-east-1-${Literal}-$x"
    );
    assert_eq!(
        text("!Sub ['${A}/${B}', {A: !Ref P, B: !Select [1, !Ref L]}]"),
        "x/b"
    );
    assert_eq!(text("!Sub 'no variables'"), "no variables");
    assert_eq!(text("!Sub 'open ${ brace'"), "open ${ brace");
    let (_, only) = v("!Sub '${Vpc}'");
    assert_eq!(only.kind, ValueKind::Ref("Vpc".into()));
    let (_, att) = v("!Sub '${Vpc.DefaultNetworkAcl}'");
    assert_eq!(
        att.kind,
        ValueKind::GetAtt("Vpc".into(), "DefaultNetworkAcl".into())
    );
    assert_eq!(
        reasons("!Sub 'arn:${Vpc}/x'"),
        [Reason::FromResource {
            logical_id: "Vpc".into()
        }]
    );
    assert_eq!(
        reasons("!Sub '${N}-${AWS::StackName}'"),
        [
            Reason::NoParameterValue { name: "N".into() },
            Reason::Pseudo {
                name: "AWS::StackName"
            }
        ]
    );
    let (_, value) = v("!Sub '${P}'");
    assert!(matches!(&value.from[0], Provenance::Parameter { name, .. } if name == "P"));
    let (at, kind, _) = err("!Sub 'a-${Nope}-b'");
    assert_eq!(
        (at.as_str(), kind),
        ("${Nope}", ProblemKind::UnresolvedName)
    );
    assert_eq!(err("!Sub [a, b, c]").1, ProblemKind::BadArguments);
    assert_eq!(err("!Sub ['${A}', [x]]").1, ProblemKind::BadArguments);
    assert_eq!(err("!Sub '${L}'").2, "`Fn::Sub`: `${L}` is not a string");
}

#[test]
fn join_select_split() {
    assert_eq!(text("!Join ['-', [a, !Ref P, 3]]"), "a-x-3");
    assert_eq!(text("!Join [',', !Ref L]"), "a,b,c");
    assert_eq!(text("!Join ['', []]"), "");
    assert_eq!(
        reasons("!Join ['', [a, !GetAtt Vpc.Arn]]"),
        [Reason::FromResource {
            logical_id: "Vpc".into()
        }]
    );
    assert_eq!(
        err("!Join [',']").2,
        "`Fn::Join`: expected 2 arguments, found 1"
    );
    assert_eq!(err("!Join [[a], [b]]").1, ProblemKind::BadArguments);
    assert_eq!(err("!Join [',', x]").1, ProblemKind::BadArguments);
    assert_eq!(err("!Join [',', [[a]]]").1, ProblemKind::BadArguments);

    assert_eq!(text("!Select [1, !Ref L]"), "b");
    assert_eq!(text("!Select ['2', [a, b, c]]"), "c");
    assert_eq!(
        text("!Select [0, !Split ['=', 'Network=Private']]"),
        "Network"
    );
    let (at, kind, message) = err("!Select [3, !Ref L]");
    assert_eq!((at.as_str(), kind), ("3", ProblemKind::BadValue));
    assert!(message.contains("past the end of a list of 3 items"));
    assert_eq!(err("!Select [-1, [a]]").1, ProblemKind::BadValue);
    assert_eq!(err("!Select [one, [a]]").1, ProblemKind::BadArguments);
    assert_eq!(
        reasons("!Select [0, !Ref N]"),
        [Reason::NoParameterValue { name: "N".into() }]
    );
    assert_eq!(
        reasons("!Select [0, !GetAtt Vpc.Ipv6CidrBlocks]"),
        [Reason::FromResource {
            logical_id: "Vpc".into()
        }]
    );

    assert_eq!(list("!Split [',', 'a,,b']"), ["a", "", "b"]);
    assert_eq!(err("!Split ['', abc]").1, ProblemKind::BadArguments);
}

#[test]
fn get_azs() {
    assert_eq!(list("!GetAZs ''").len(), 6);
    assert_eq!(list("!GetAZs {Ref: AWS::Region}")[1], "us-east-1b");
    assert_eq!(
        list("!GetAZs eu-west-1"),
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    );
    let (_, value) = v("!Select [0, !GetAZs '']");
    assert!(
        value
            .from
            .iter()
            .any(|p| matches!(p, Provenance::ZoneTable { region } if region == "us-east-1"))
    );
    assert_eq!(
        reasons("!GetAZs xx-nowhere-9"),
        [Reason::NoZones {
            region: "xx-nowhere-9".into()
        }]
    );
    assert_eq!(err("!GetAZs 'not a region'").1, ProblemKind::BadArguments);
    let (_, t, _) = run("!GetAZs ''", &Options::default());
    assert_eq!(
        t.resources[1].property("V").unwrap().reasons(),
        [Reason::Pseudo {
            name: "AWS::Region"
        }]
    );
}

#[test]
fn cidr_as_aws_documents_it() {
    // The documentation's example: six /27s from a /24.
    assert_eq!(
        list("!Cidr ['192.168.0.0/24', 6, 5]"),
        [
            "192.168.0.0/27",
            "192.168.0.32/27",
            "192.168.0.64/27",
            "192.168.0.96/27",
            "192.168.0.128/27",
            "192.168.0.160/27"
        ]
    );
    assert_eq!(list("{'Fn::Cidr': ['192.168.0.0/24', '6', '5']}").len(), 6);
    // The IPv6 example's shape: /64s from a /56.
    assert_eq!(
        list("!Cidr ['2600:1f16:abc:de00::/56', 2, 64]"),
        ["2600:1f16:abc:de00::/64", "2600:1f16:abc:de01::/64"]
    );
    // The usual subnet pattern.
    assert_eq!(text("!Select [2, !Cidr [!Ref Cidr, 4, 8]]"), "10.0.2.0/24");
    assert_eq!(list("!Cidr [10.1.2.3/16, 1, 16]"), ["10.1.0.0/16"]);
    assert_eq!(err("!Cidr [10.0.0.0/16, 257, 8]").0, "257");
    assert_eq!(err("!Cidr [10.0.0.0/24, 9, 5]").0, "9");
    assert_eq!(err("!Cidr [10.0.0.0/24, 1, 9]").0, "9");
    assert_eq!(err("!Cidr [10.0.0.0/24, 1, 33]").0, "33");
    assert_eq!(err("!Cidr [banana, 1, 8]").0, "banana");
    assert_eq!(err("!Cidr [10.0.0.0/16, 1]").1, ProblemKind::BadArguments);
    assert_eq!(
        list("!Cidr [!GetAtt Vpc.CidrBlock, 2, 8]"),
        ["10.0.0.0/24", "10.0.1.0/24"]
    );
    assert_eq!(
        reasons("!Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]"),
        [Reason::FromResource {
            logical_id: "Vpc".into()
        }]
    );
}

#[test]
fn find_in_map() {
    let (_, value) = v("!FindInMap [M, !Ref AWS::Region, Ami]");
    assert_eq!(value.as_str(), Some("ami-1"));
    assert!(matches!(&value.from[0], Provenance::Mapping { name } if name == "M"));
    assert_eq!(list("!FindInMap [M, us-east-1, Zones]"), ["a", "b"]);
    assert_eq!(text("!FindInMap [M, nowhere, Ami, {DefaultValue: d}]"), "d");
    let (src, _, problems) = run("!FindInMap [M, us-east-1, Amo]", &options());
    assert_eq!(problems[0].span.text(src), "Amo");
    assert_eq!(problems[0].help.as_deref(), Some("did you mean `Ami`?"));
    assert_eq!(err("!FindInMap [M, us-east-2, Ami]").0, "us-east-2");
    assert_eq!(
        err("!FindInMap [Nope, k, v]").1,
        ProblemKind::UnresolvedName
    );
    assert_eq!(err("!FindInMap [M, k]").1, ProblemKind::BadArguments);
    assert_eq!(err("!FindInMap [M, k, v, d]").1, ProblemKind::BadArguments);
}

#[test]
fn conditions_and_if() {
    let (_, t, problems) = run("1", &options());
    assert!(problems.is_empty());
    let values: Vec<(&str, Option<bool>)> = t
        .conditions
        .iter()
        .map(|c| (c.name.as_ref(), c.value))
        .collect();
    assert_eq!(
        values,
        [
            ("IsX", Some(true)),
            ("NotX", Some(false)),
            ("Unk", None),
            ("OrTrue", Some(true)),
            ("AndFalse", Some(false)),
            ("AndUnk", None),
            ("East", Some(true)),
        ]
    );
    let (_, value) = v("!If [IsX, !Ref P, no]");
    assert_eq!(value.as_str(), Some("x"));
    assert_eq!(
        value.from[0],
        Provenance::Condition {
            name: "IsX".into(),
            value: true
        }
    );
    assert_eq!(text("!If [NotX, one, two]"), "two");
    // `no` is YAML 1.1's false, as CloudFormation reads it.
    assert_eq!(text("!If [NotX, yes, no]"), "false");
    assert_eq!(
        reasons("!If [Unk, a, b]"),
        [Reason::Condition { name: "Unk".into() }]
    );
    assert_eq!(err("!If [Nope, a, b]").0, "Nope");
    assert_eq!(err("!If [IsX, a]").1, ProblemKind::BadArguments);
    assert_eq!(err("!If [!Ref P, a, b]").1, ProblemKind::BadArguments);
    let (at, kind, _) = err("!Equals [a, a]");
    assert_eq!((at.as_str(), kind), ("!Equals", ProblemKind::BadArguments));
}

#[test]
fn condition_errors_and_cycles() {
    let src = "Conditions:\n  A: !And [!Condition B, !Equals [a, a]]\n  B: !Not [!Condition A]\n  C: !Equals [!Ref Vpc, x]\n  D: !Or [!Equals [a, b]]\n  E: !Condition A\n  F: [1]\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Condition: A\n";
    let (t, problems) = load(src, &options());
    let kinds: Vec<(ProblemKind, &str)> = problems
        .iter()
        .map(|p| (p.kind, p.span.text(src)))
        .collect();
    assert_eq!(
        kinds,
        [
            (ProblemKind::Cycle, "A"),
            (ProblemKind::BadArguments, "Vpc"),
            (ProblemKind::BadArguments, "[!Equals [a, b]]"),
            (ProblemKind::BadArguments, "[1]"),
        ]
    );
    assert!(problems[0].message.contains("depends on itself"));
    let t = t.unwrap();
    assert_eq!(t.resources[0].created(), None);
}

#[test]
fn base64_import_dynamic_and_unsupported() {
    let (_, value) = v("!Base64 {'Fn::Sub': 'echo ${P}'}");
    assert_eq!(value.as_str(), Some("echo x"));
    assert_eq!(value.from[0], Provenance::Base64);
    assert_eq!(
        reasons("!ImportValue shared-vpc"),
        [Reason::Import {
            export: Some("shared-vpc".into())
        }]
    );
    assert_eq!(
        reasons("!ImportValue {'Fn::Sub': '${N}-vpc'}"),
        [Reason::Import { export: None }]
    );
    assert_eq!(
        reasons("'{{resolve:ssm:/cidr:1}}'"),
        [Reason::DynamicReference {
            text: "{{resolve:ssm:/cidr:1}}".into()
        }]
    );
    assert_eq!(reasons("!Sub '{{resolve:ssm:/x}}-${P}'").len(), 1);
    assert_eq!(
        reasons("{'Fn::Length': [1, 2]}"),
        [Reason::Unsupported {
            func: node::Func::Length
        }]
    );
    assert_eq!(err("!Base64 [a]").1, ProblemKind::BadArguments);
}

#[test]
fn scalars_keep_their_kind() {
    let (_, value) = v("{a: 080, b: yes, c: '080', d: 2010-09-09}");
    assert_eq!(
        value.get("a").unwrap().kind,
        ValueKind::Scalar("080".into(), ScalarKind::Number)
    );
    assert_eq!(
        value.get("b").unwrap().kind,
        ValueKind::Scalar("true".into(), ScalarKind::Bool(true))
    );
    assert_eq!(
        value.get("c").unwrap().kind,
        ValueKind::Scalar("080".into(), ScalarKind::Str)
    );
    assert_eq!(value.get("d").unwrap().as_str(), Some("2010-09-09"));
}

#[test]
fn unknowns_name_their_resource_and_property() {
    let (src, t, _) = run("{Tags: [{Key: Name, Value: !Ref N}]}", &options());
    assert_eq!(t.unknowns.len(), 1);
    let u = &t.unknowns[0];
    assert_eq!(t.resources[u.resource].logical_id, "R");
    assert_eq!(u.property.as_deref(), Some("V"));
    assert_eq!(u.span.text(src), "!Ref N");
    // A resource the stack does not create reports none.
    let src = "Parameters: {N: {Type: String}}\nConditions: {Never: !Equals [a, b]}\nResources:\n  R:\n    Type: AWS::X::Y\n    Condition: Never\n    Properties: {V: !Ref N, W: !Select [5, [a]]}\n";
    let (t, problems) = load(src, &options());
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.resources[0].created(), Some(false));
    assert!(t.unknowns.is_empty());
}

#[test]
fn vpc_cidr_block_attribute_is_the_vpcs_own_block() {
    let (src, a) = v("!GetAtt Vpc.CidrBlock");
    assert_eq!(a.as_str(), Some("10.0.0.0/16"));
    assert_eq!(a.span.text(src), "!GetAtt Vpc.CidrBlock");
    assert!(
        matches!(&a.from[..], [Provenance::Parameter { name, .. }] if name == "Cidr"),
        "{:?}",
        a.from
    );
    assert_eq!(text("!GetAtt [Vpc, CidrBlock]"), "10.0.0.0/16");
    assert_eq!(
        text("!Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]"),
        "10.0.1.0/24"
    );
    assert_eq!(text("!Sub '${Vpc.CidrBlock}'"), "10.0.0.0/16");
    // Association ids and Amazon's IPv6 blocks are only known once deployed.
    for attr in ["CidrBlockAssociations", "Ipv6CidrBlocks"] {
        assert_eq!(
            reasons(&format!("!Select [0, !GetAtt Vpc.{attr}]")),
            [Reason::FromResource {
                logical_id: "Vpc".into()
            }]
        );
    }
    // Still a reference: the subnet depends on the VPC.
    let (_, t, _) = run("!GetAtt Vpc.CidrBlock", &options());
    assert_eq!(t.resources[1].references.len(), 1);

    // A VPC from an IPAM pool, one the stack may not create, one whose
    // block names itself, and one whose block is a parameter with no value.
    let src = "Parameters: {N: {Type: String}}
Conditions: {Never: !Equals [a, b]}
Resources:
  Ipam: {Type: AWS::EC2::VPC, Properties: {Ipv4IpamPoolId: ipam-pool-1, Ipv4NetmaskLength: 16}}
  Maybe: {Type: AWS::EC2::VPC, Condition: Never, Properties: {CidrBlock: 10.1.0.0/16}}
  Own: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !GetAtt Own.CidrBlock}}
  Unset: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref N}}
  S:
    Type: AWS::X::Y
    Properties:
      A: !GetAtt Ipam.CidrBlock
      B: !GetAtt Maybe.CidrBlock
      C: !GetAtt Unset.CidrBlock
";
    let (t, problems) = load(src, &options());
    let t = t.unwrap();
    let s = &t.resources[4];
    for (p, id) in [("A", "Ipam"), ("B", "Maybe")] {
        assert_eq!(
            s.property(p).unwrap().kind,
            ValueKind::GetAtt(id.into(), "CidrBlock".into())
        );
    }
    assert_eq!(
        s.property("C").unwrap().reasons(),
        [Reason::NoParameterValue { name: "N".into() }]
    );
    let own = t.resources[2].property("CidrBlock").unwrap();
    assert_eq!(
        own.kind,
        ValueKind::GetAtt("Own".into(), "CidrBlock".into())
    );
    let found: Vec<(ProblemKind, &str)> = problems
        .iter()
        .map(|p| (p.kind, p.span.text(src)))
        .collect();
    assert_eq!(found, [(ProblemKind::Cycle, "Own")]);
}

#[test]
fn resource_cycles_are_found() {
    let src = "Resources:\n  A: {Type: AWS::X::Y, Properties: {P: !Ref B}}\n  B: {Type: AWS::X::Y, Properties: {P: !GetAtt C.Arn}}\n  C: {Type: AWS::X::Y, DependsOn: [A]}\n  D: {Type: AWS::X::Y, Properties: {P: !Sub '${D}'}}\n  E: {Type: AWS::X::Y, DependsOn: [A, Nope]}\n";
    let (_, problems) = load(src, &options());
    let found: Vec<(ProblemKind, &str)> = problems
        .iter()
        .map(|p| (p.kind, p.span.text(src)))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::UnresolvedName, "Nope"),
            (ProblemKind::Cycle, "A"),
            (ProblemKind::Cycle, "D")
        ]
    );
    assert!(problems[1].message.contains("`A`, `B`, `C`"));
    assert_eq!(problems[1].related.len(), 3);
    assert!(problems[2].message.contains("refers to itself"));
}

#[test]
fn rules_are_read_not_evaluated() {
    let src = "Parameters: {P: {Type: String, Default: a}}\nRules:\n  R:\n    RuleCondition: !Equals [!Ref P, a]\n    Assertions:\n      - Assert: !Contains [[a, b], !Ref P]\n      - Assert: !EachMemberIn [!ValueOfAll ['AWS::EC2::Subnet::Id', VpcId], !RefAll 'AWS::EC2::VPC::Id']\nResources:\n  R: {Type: AWS::X::Y, Properties:}\n";
    let (t, problems) = load(src, &options());
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert!(t.rules.is_some());
    assert!(t.resources[0].properties.is_none());
}

#[test]
fn sections_are_checked() {
    let (_, problems) = load(
        "AWSTemplateFormatVersion: 2010-09-10\nResource: {}\n",
        &options(),
    );
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("`Resource` is not a template section"));
    assert_eq!(
        problems[0].help.as_deref(),
        Some("did you mean `Resources`?")
    );
    assert!(messages[1].contains("2010-09-09"));
    assert!(messages[2].contains("needs a `Resources` section"));
    let src = "Transform: AWS::Serverless-2016-10-31\nRules: {R: {Assertions: []}}\nResources:\n  My-Vpc: {Type: AWS::EC2::VPC, Propertes: {}}\n  NoType: {Properties: {}}\n  Listed: [1]\n  Num: {Type: 3}\nOutputs:\n  O: {Value: !Ref AWS::Region, Export: {Name: !Sub '${AWS::Region}-o'}}\n  Bad: {Description: x}\n";
    let (t, problems) = load(src, &options());
    let found: Vec<(Level, &str)> = problems
        .iter()
        .map(|p| (p.level, p.span.text(src)))
        .collect();
    assert_eq!(
        found,
        [
            (Level::Note, "AWS::Serverless-2016-10-31"),
            (Level::Error, "NoType"),
            (Level::Error, "[1]"),
            (Level::Error, "3"),
            (Level::Error, "My-Vpc"),
            (Level::Warning, "Propertes"),
            (Level::Error, "Bad"),
        ]
    );
    let t = t.unwrap();
    assert_eq!(t.resources.len(), 1);
    assert!(t.rules.is_some());
    assert_eq!(t.transforms[0].0, "AWS::Serverless-2016-10-31");
    assert_eq!(t.outputs[0].value.as_str(), Some("us-east-1"));
    assert_eq!(
        t.outputs[0].export.as_ref().unwrap().as_str(),
        Some("us-east-1-o")
    );
}

#[test]
fn parameter_values_are_checked_at_their_position() {
    let src = "Parameters:\n  T: {Type: String, AllowedValues: [a, b], Default: c}\nResources:\n  R: {Type: AWS::X::Y, Properties: {V: !Ref T}}\n";
    let (t, problems) = load(src, &options());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::ParameterValue);
    assert_eq!(problems[0].span.text(src), "c");
    assert_eq!(problems[0].related[0].0.text(src), "[a, b]");
    // The value is still what CloudFormation would be asked to use.
    assert_eq!(
        t.unwrap().resources[0].property("V").unwrap().as_str(),
        Some("c")
    );
}

#[test]
fn json_and_yaml_resolve_alike() {
    let yaml = "Parameters: {P: {Type: String, Default: x}}\nResources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      A: !Join ['-', [!Ref P, !Select [1, !GetAZs '']]]\n      B: !GetAtt R2.Arn\n  R2: {Type: AWS::X::Y}\n";
    let json = r#"{"Parameters": {"P": {"Type": "String", "Default": "x"}}, "Resources": {"R": {"Type": "AWS::X::Y", "Properties": {"A": {"Fn::Join": ["-", [{"Ref": "P"}, {"Fn::Select": [1, {"Fn::GetAZs": ""}]}]]}, "B": {"Fn::GetAtt": ["R2", "Arn"]}}}, "R2": {"Type": "AWS::X::Y"}}}"#;
    let (y, py) = load(yaml, &options());
    let (j, pj) = load(json, &options());
    assert!(py.is_empty() && pj.is_empty());
    let (y, j) = (y.unwrap(), j.unwrap());
    for key in ["A", "B"] {
        assert_eq!(
            y.resources[0].property(key).unwrap().kind,
            j.resources[0].property(key).unwrap().kind
        );
    }
    assert_eq!(
        y.resources[0].property("A").unwrap().as_str(),
        Some("x-us-east-1b")
    );
}

#[test]
fn many_resources_and_long_chains() {
    // 100,000 resources, each depending on the next, the last on the
    // first: one cycle, found without recursion.
    let n = 100_000;
    let mut src = String::from("{\"Resources\": {");
    for i in 0..n {
        if i > 0 {
            src.push(',');
        }
        src.push_str(&format!(
            "\"R{i}\": {{\"Type\": \"AWS::X::Y\", \"DependsOn\": \"R{}\"}}",
            (i + 1) % n
        ));
    }
    src.push_str("}}");
    let (t, problems) = load(&src, &options());
    assert_eq!(t.unwrap().resources.len(), n);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::Cycle);
    assert!(problems[0].message.contains("and 99994 more"));
}
