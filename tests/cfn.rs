//! The CloudFormation reader on real templates, and on anything at all.
//!
//! The four public templates of the shared corpus are read from
//! `../shared/corpus/cloudformation/` (never copied into the repository)
//! and resolved with their parameter files in us-east-1. Each must read
//! without an error, and every unknown value that remains is listed here
//! with the reason it cannot be known, so a new unknown fails the test.

use netlint::cfn::{self, Level, Options, Pseudo, Reason, Template, ValueKind};
use proptest::prelude::*;
use std::path::PathBuf;

/// The corpus beside the checkout (CI: `../shared`; a worktree one level
/// deeper: `../../shared`), or `NETLINT_CORPUS`. Missing is a failure, not
/// a skip.
fn corpus() -> PathBuf {
    if let Ok(dir) = std::env::var("NETLINT_CORPUS") {
        return PathBuf::from(dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for up in ["..", "../.."] {
        let dir = root.join(up).join("shared/corpus/cloudformation");
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "the CloudFormation corpus is missing: expected ../shared/corpus/cloudformation (or set NETLINT_CORPUS)"
    );
}

fn load_corpus(name: &str) -> (String, Options) {
    let dir = corpus();
    let src = std::fs::read_to_string(dir.join(name)).expect("template");
    let stem = name.rsplit_once('.').unwrap().0;
    let params = std::fs::read_to_string(dir.join(format!("{stem}.params.json"))).expect("params");
    let (given, problems) = cfn::read_params_file(&params);
    assert!(problems.is_empty(), "{name} params: {problems:?}");
    let options = Options {
        pseudo: Pseudo {
            region: Some("us-east-1".into()),
            ..Pseudo::default()
        },
        params: given,
    };
    (src, options)
}

/// (resource, property, reason) for every unknown, reasons shortened.
fn unknowns(t: &Template<'_>) -> Vec<String> {
    t.unknowns
        .iter()
        .map(|u| {
            let reasons: Vec<String> = u
                .reasons
                .iter()
                .map(|r| match r {
                    Reason::Pseudo { name } => format!("pseudo {name}"),
                    Reason::SsmParameter { name, .. } => format!("ssm {name}"),
                    Reason::FromResource { logical_id } => format!("from {logical_id}"),
                    other => other.describe(),
                })
                .collect();
            format!(
                "{}.{}: {}",
                t.resources[u.resource].logical_id,
                u.property.as_deref().unwrap_or("Properties"),
                reasons.join("; ")
            )
        })
        .collect()
}

fn no_errors(name: &str, problems: &[cfn::Problem]) {
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

fn created(t: &Template<'_>) -> usize {
    t.resources
        .iter()
        .filter(|r| r.created() == Some(true))
        .count()
}

#[test]
fn quickstart_vpc() {
    let (src, options) = load_corpus("quickstart-aws-vpc.yaml");
    let (t, problems) = cfn::load(&src, &options);
    no_errors("quickstart", &problems);
    let t = t.unwrap();
    assert_eq!(t.resources.len(), 75);
    assert_eq!(t.conditions.len(), 30);
    assert!(
        t.conditions.iter().all(|c| c.value.is_some()),
        "every condition decided"
    );
    assert_eq!(created(&t), 24, "the README's figure for the defaults");
    assert!(t.rules.is_some());
    // Names and tags built from the stack name are the only unknowns.
    assert_eq!(
        unknowns(&t),
        [
            "DHCPOptions.Tags: pseudo AWS::StackName",
            "DHCPOptions.Tags: pseudo AWS::StackName",
            "VPC.Tags: pseudo AWS::StackName",
            "InternetGateway.Tags: pseudo AWS::StackName",
        ]
    );
    let subnet = t
        .resources
        .iter()
        .find(|r| r.logical_id == "PrivateSubnet1A")
        .unwrap();
    let az = subnet.property("AvailabilityZone").unwrap();
    assert_eq!(az.as_str(), Some("us-east-1a"));
    assert_eq!(az.span.text(&src), "!Select [0, !Ref AvailabilityZones]");
    let cidr = subnet.property("CidrBlock").unwrap();
    assert_eq!(cidr.as_str(), Some("10.0.0.0/19"));
    assert!(
        matches!(&cidr.from[0], cfn::Provenance::Parameter { name, .. } if name == "PrivateSubnet1ACIDR")
    );
    // The optional tags resolve to the Network=Private pair and drop the
    // empty ones (`AWS::NoValue`).
    let tags = subnet.property("Tags").unwrap().as_list().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].get("Key").unwrap().as_str(), Some("Network"));
    assert_eq!(tags[1].get("Value").unwrap().as_str(), Some("Private"));
    let dhcp = t
        .resources
        .iter()
        .find(|r| r.logical_id == "DHCPOptions")
        .unwrap();
    assert_eq!(
        dhcp.property("DomainName").unwrap().as_str(),
        Some("ec2.internal")
    );
    let route = t
        .resources
        .iter()
        .find(|r| r.logical_id == "PrivateSubnet1ARoute")
        .unwrap();
    assert_eq!(route.created(), Some(true));
    assert_eq!(
        route.property("NatGatewayId").unwrap().kind,
        ValueKind::Ref("NATGateway1".into())
    );
}

#[test]
fn ecs_private_vpc() {
    let (src, options) = load_corpus("ecs-ec2-private-vpc.yaml");
    let (t, problems) = cfn::load(&src, &options);
    no_errors("ecs", &problems);
    let t = t.unwrap();
    assert_eq!(t.resources.len(), 42);
    assert_eq!(created(&t), 42);
    assert_eq!(
        unknowns(&t),
        [
            // The AMI is read from SSM Parameter Store at deploy time.
            "ContainerInstances.LaunchTemplateData: ssm ECSAMI",
            // User data names the cluster and the stack.
            "ContainerInstances.LaunchTemplateData: from ECSCluster; pseudo AWS::StackName",
            // Target group names built from the stack name.
            "DummyTargetGroupPublic.Name: pseudo AWS::StackName",
            "DummyTargetGroupPrivate.Name: pseudo AWS::StackName",
        ]
    );
    let subnet = t
        .resources
        .iter()
        .find(|r| r.logical_id == "PrivateSubnetTwo")
        .unwrap();
    assert_eq!(
        subnet.property("AvailabilityZone").unwrap().as_str(),
        Some("us-east-1b")
    );
    assert_eq!(
        subnet.property("CidrBlock").unwrap().as_str(),
        Some("10.0.3.0/24")
    );
    let endpoint = t
        .resources
        .iter()
        .find(|r| r.logical_id == "DynamoDBEndpoint")
        .unwrap();
    assert_eq!(
        endpoint.property("ServiceName").unwrap().as_str(),
        Some("com.amazonaws.us-east-1.dynamodb")
    );
    let asg = t
        .resources
        .iter()
        .find(|r| r.logical_id == "ECSAutoScalingGroup")
        .unwrap();
    assert_eq!(asg.property("DesiredCapacity").unwrap().as_str(), Some("3"));
    let lt = asg.property("LaunchTemplate").unwrap();
    assert_eq!(
        lt.get("Version").unwrap().kind,
        ValueKind::GetAtt("ContainerInstances".into(), "LatestVersionNumber".into())
    );
}

#[test]
fn vpc_single_instance_nacl() {
    let (src, options) = load_corpus("vpc-single-instance-nacl.json");
    let (t, problems) = cfn::load(&src, &options);
    no_errors("nacl", &problems);
    let t = t.unwrap();
    assert_eq!(t.resources.len(), 20);
    assert_eq!(created(&t), 20);
    // Tags hold the stack's ID, known only once it exists.
    let stack_id = |r: &str| format!("{r}.Tags: pseudo AWS::StackId");
    assert_eq!(
        unknowns(&t),
        [
            stack_id("VPC"),
            stack_id("Subnet"),
            stack_id("InternetGateway"),
            stack_id("RouteTable"),
            stack_id("NetworkAcl"),
            stack_id("WebServerInstance"),
            // The user data signals a wait handle (its URL is its physical ID).
            "WebServerInstance.UserData: from WebServerWaitHandle; pseudo AWS::StackId".to_string(),
        ]
    );
    let sg = t
        .resources
        .iter()
        .find(|r| r.logical_id == "InstanceSecurityGroup")
        .unwrap();
    let rules = sg
        .property("SecurityGroupIngress")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(rules[3].get("CidrIp").unwrap().as_str(), Some("0.0.0.0/0"));
    let instance = t
        .resources
        .iter()
        .find(|r| r.logical_id == "WebServerInstance")
        .unwrap();
    assert_eq!(
        instance.property("InstanceType").unwrap().as_str(),
        Some("m1.small")
    );
    assert!(instance.metadata.is_some());
}

#[test]
fn nlb_in_an_existing_vpc() {
    let (src, options) = load_corpus("nlb-eips.json");
    let (t, problems) = cfn::load(&src, &options);
    no_errors("nlb", &problems);
    let t = t.unwrap();
    assert_eq!(t.resources.len(), 7);
    assert!(unknowns(&t).is_empty(), "{:?}", unknowns(&t));
    let lb = t
        .resources
        .iter()
        .find(|r| r.logical_id == "loadBalancer")
        .unwrap();
    let mappings = lb.property("SubnetMappings").unwrap().as_list().unwrap();
    assert_eq!(
        mappings[1].get("SubnetId").unwrap().as_str(),
        Some("subnet-0a1b2c3d4e5f6a7b2")
    );
    assert_eq!(
        mappings[0].get("AllocationId").unwrap().kind,
        ValueKind::GetAtt("EIP1".into(), "AllocationId".into())
    );
    assert_eq!(lb.depends_on.len(), 2);
    let tg = t
        .resources
        .iter()
        .find(|r| r.logical_id == "TargetGroup")
        .unwrap();
    assert_eq!(
        tg.property("VpcId").unwrap().as_str(),
        Some("vpc-0123456789abcdef0")
    );
}

#[test]
fn crlf_line_ends_read_the_same() {
    let (src, options) = load_corpus("ecs-ec2-private-vpc.yaml");
    let crlf = src.replace('\n', "\r\n");
    let (a, pa) = cfn::load(&src, &options);
    let (b, pb) = cfn::load(&crlf, &options);
    no_errors("ecs", &pa);
    no_errors("ecs crlf", &pb);
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.resources.len(), b.resources.len());
    for (x, y) in a.resources.iter().zip(&b.resources) {
        assert_eq!(x.logical_id, y.logical_id);
        assert_eq!(y.logical_id_span.text(&crlf), y.logical_id);
        assert_eq!(y.type_span.text(&crlf), y.type_);
    }
    let subnet = b
        .resources
        .iter()
        .find(|r| r.logical_id == "PublicSubnetOne")
        .unwrap();
    let az = subnet.property("AvailabilityZone").unwrap();
    assert_eq!(az.as_str(), Some("us-east-1a"));
    assert!(!az.span.text(&crlf).ends_with('\r'));
}

#[test]
fn corpus_templates_are_recognised() {
    let dir = corpus();
    for name in [
        "quickstart-aws-vpc.yaml",
        "ecs-ec2-private-vpc.yaml",
        "vpc-single-instance-nacl.json",
        "nlb-eips.json",
    ] {
        let src = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(cfn::is_template(&src), "{name}");
    }
    let params = std::fs::read_to_string(dir.join("nlb-eips.params.json")).unwrap();
    assert!(!cfn::is_template(&params));
}

/// Every span a problem or a value carries lies inside the text, on
/// character boundaries.
fn spans_ok(src: &str, t: Option<&Template<'_>>, problems: &[cfn::Problem]) {
    let ok = |s: netlint::span::Span| {
        s.start <= s.end
            && (s.end as usize) <= src.len()
            && src.is_char_boundary(s.start as usize)
            && src.is_char_boundary(s.end as usize)
    };
    for p in problems {
        assert!(ok(p.span), "{p:?}");
        for (s, _) in &p.related {
            assert!(ok(*s), "{p:?}");
        }
    }
    if let Some(t) = t {
        for r in &t.resources {
            assert!(ok(r.logical_id_span) && ok(r.type_span) && ok(r.span));
        }
        for u in &t.unknowns {
            assert!(ok(u.span));
        }
    }
}

fn corpus_texts() -> Vec<String> {
    let dir = corpus();
    [
        "quickstart-aws-vpc.yaml",
        "ecs-ec2-private-vpc.yaml",
        "vpc-single-instance-nacl.json",
        "nlb-eips.json",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(dir.join(n)).unwrap())
    .collect()
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let src = String::from_utf8_lossy(&bytes);
        let (t, problems) = cfn::load(&src, &Options::default());
        spans_ok(&src, t.as_ref(), &problems);
        let _ = cfn::is_template(&src);
    }

    #[test]
    fn template_like_text_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("Resources:\n"), Just("  A:\n"), Just("    Type: AWS::EC2::VPC\n"),
            Just("    Properties:\n"), Just("      X: !Ref A\n"), Just("      Y: !GetAtt A.B\n"),
            Just("      Z: !Sub '${A}-${!B}-${AWS::Region}'\n"), Just("      W: !Select [9, !GetAZs '']\n"),
            Just("      V: !Cidr [10.0.0.0/16, 300, 8]\n"), Just("      U: !If [C, 1, 2]\n"),
            Just("Conditions:\n"), Just("  C: !Equals [!Ref P, x]\n"), Just("  D: !Not [!Condition C]\n"),
            Just("Parameters:\n"), Just("  P: {Type: String}\n"), Just("  - x\n"), Just("[{\n"), Just("&a *a\n"),
            Just("      T: !Join [',', !Ref P]\n"), Just("      S: !FindInMap [M, a, b]\n"), Just("    DependsOn: A\n"),
        ], 0..30)
    ) {
        let src: String = parts.concat();
        let options = Options { pseudo: Pseudo { region: Some("us-east-1".into()), ..Pseudo::default() }, params: vec![] };
        let (t, problems) = cfn::load(&src, &options);
        spans_ok(&src, t.as_ref(), &problems);
    }

    #[test]
    fn mutated_corpus_templates_never_panic(which in 0usize..4, cuts in proptest::collection::vec((0usize..70_000, 0usize..40, any::<u8>()), 1..6)) {
        let texts = corpus_texts();
        let mut bytes = texts[which].clone().into_bytes();
        for (at, len, b) in cuts {
            let at = at % (bytes.len() + 1);
            let end = (at + len).min(bytes.len());
            match b % 3 {
                0 => { bytes.drain(at..end); }
                1 => { bytes.insert(at, b"{}[]:,-!&*'\"\n "[(b as usize) % 15]); }
                _ => { let chunk: Vec<u8> = bytes[at..end].to_vec(); bytes.splice(at..at, chunk); }
            }
        }
        let src = String::from_utf8_lossy(&bytes);
        let options = Options { pseudo: Pseudo { region: Some("us-east-1".into()), ..Pseudo::default() }, params: vec![] };
        let (t, problems) = cfn::load(&src, &options);
        spans_ok(&src, t.as_ref(), &problems);
    }
}
