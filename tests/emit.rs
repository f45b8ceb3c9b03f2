//! The CloudFormation emitter: snapshots of every example and fixture, and
//! focused tests of the parts that are easy to get wrong.
//!
//! Accept new snapshots with `INSTA_UPDATE=always cargo test --test emit`
//! after reading them.

mod common;

use netlint::check;
use netlint::cli::ConfigArgs;
use netlint::cli::build::{BuildArgs, run as build_run};
use netlint::diagnostics::Severity;
use netlint::emit;
use netlint::settings::Settings;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn template(src: &str) -> Value {
    match check::load(src) {
        Ok((m, t)) => emit::template(&m, &t),
        Err(e) => panic!("the source has errors: {e:#?}"),
    }
}

fn json_string(src: &str) -> String {
    let (m, t) = check::load(src).expect("no errors");
    emit::to_json_string(&m, &t)
}

fn resources(t: &Value) -> &serde_json::Map<String, Value> {
    t["Resources"].as_object().expect("Resources")
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    resources(t)
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn props<'a>(t: &'a Value, id: &str) -> &'a Value {
    let r = &t["Resources"][id];
    assert!(r.is_object(), "no resource {id}");
    &r["Properties"]
}

/// Logical IDs a value refers to: `Ref`, `Fn::GetAtt` and `${X}` inside
/// `Fn::Sub` (pseudo parameters `AWS::…` left out).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("Ref", Value::String(s)) if !s.starts_with("AWS::") => {
                        out.insert(s.clone());
                    }
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(Value::String(s)) = a.first() {
                            out.insert(s.clone());
                        }
                    }
                    ("Fn::Sub", Value::String(s)) => {
                        for part in s.split("${").skip(1) {
                            let name = part.split('}').next().unwrap_or("");
                            let name = name.split('.').next().unwrap_or("");
                            if !name.starts_with("AWS::") {
                                out.insert(name.to_string());
                            }
                        }
                    }
                    _ => references(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

/// Invariants every template must satisfy: references resolve, the
/// dependency graph (Ref, GetAtt, Sub, DependsOn) is acyclic, logical IDs
/// are alphanumeric and at most 255 long, every declared resource of a
/// taggable type carries a Name tag.
fn assert_well_formed(t: &Value) {
    let res = resources(t);
    let params: BTreeSet<String> = t
        .get("Parameters")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut graph: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (id, r) in res {
        assert!(
            !id.is_empty() && id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "bad logical id {id:?}"
        );
        assert!(
            !params.contains(id),
            "{id} is both a parameter and a resource"
        );
        let mut deps = BTreeSet::new();
        references(&r["Properties"], &mut deps);
        if let Some(d) = r.get("DependsOn") {
            for x in d.as_array().expect("DependsOn is a list") {
                let x = x.as_str().expect("string");
                assert!(
                    !deps.contains(x),
                    "{id}: DependsOn {x} is already implied by a reference (cfn-lint W3005)"
                );
                deps.insert(x.to_string());
            }
        }
        for d in &deps {
            assert!(
                res.contains_key(d) || params.contains(d),
                "{id} refers to unknown {d}"
            );
        }
        deps.retain(|d| res.contains_key(d));
        graph.insert(id, deps);
    }
    // Kahn's algorithm: every node must come out.
    let mut indegree: BTreeMap<&str, usize> = graph.keys().map(|k| (*k, 0)).collect();
    for deps in graph.values() {
        for d in deps {
            *indegree.get_mut(d.as_str()).expect("known") += 1;
        }
    }
    let mut ready: Vec<&str> = indegree
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(k, _)| *k)
        .collect();
    let mut seen = 0;
    while let Some(n) = ready.pop() {
        seen += 1;
        for d in &graph[n] {
            let e = indegree.get_mut(d.as_str()).expect("known");
            *e -= 1;
            if *e == 0 {
                ready.push(d.as_str());
            }
        }
    }
    let cyclic: Vec<_> = indegree
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, _)| *k)
        .collect();
    assert_eq!(seen, graph.len(), "dependency cycle among {cyclic:?}");

    if let Some(outputs) = t.get("Outputs").and_then(Value::as_object) {
        for (k, o) in outputs {
            let mut deps = BTreeSet::new();
            references(&o["Value"], &mut deps);
            for d in deps {
                assert!(res.contains_key(&d), "output {k} refers to unknown {d}");
            }
        }
    }

    const TAGGED: &[&str] = &[
        "AWS::EC2::VPC",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::Subnet",
        "AWS::EC2::RouteTable",
        "AWS::EC2::EIP",
        "AWS::EC2::NatGateway",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::Instance",
        "AWS::EC2::Volume",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::AutoScaling::AutoScalingGroup",
    ];
    for (id, r) in res {
        let ty = r["Type"].as_str().unwrap_or("");
        let tags = if ty == "AWS::EC2::LaunchTemplate" {
            &r["Properties"]["TagSpecifications"][0]["Tags"]
        } else if TAGGED.contains(&ty) {
            &r["Properties"]["Tags"]
        } else {
            continue;
        };
        assert_eq!(tags[0]["Key"], "Name", "{id} has no Name tag");
        assert!(tags[0]["Value"].is_string(), "{id} has no Name tag");
    }
}

/// Snapshot the template of every `.net` file in `dir`. Files with errors
/// are allowed only where `refusals_allowed` (examples may demonstrate
/// errors; build must then refuse them); fixtures must build.
fn snapshot_dir(dir: &Path, snapshots: &str, refusals_allowed: bool) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    let mut built = BTreeSet::new();
    for path in files {
        let src = std::fs::read_to_string(&path).expect("readable");
        let checked = check::run(&src, &Settings::default());
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code.as_str())
            .collect();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some((m, topo)) = checked.model.filter(|_| errors.is_empty()) else {
            // An example that demonstrates errors: build must refuse it.
            assert!(!errors.is_empty(), "{name}: no model and no error");
            assert!(refusals_allowed, "{name} does not build: {errors:?}");
            let (code, out, err) = build_file(&path);
            assert_eq!(code, 1, "{name}: build must refuse a file with errors");
            assert!(out.is_empty(), "{name}: wrote a template: {err}");
            continue;
        };
        built.insert(format!("{name}.snap"));
        let json = emit::to_json_string(&m, &topo);
        let t: Value = serde_json::from_str(&json).expect("valid JSON");
        assert_well_formed(&t);
        insta::with_settings!({
            snapshot_path => snapshots,
            prepend_module_to_snapshot => false,
            input_file => &path,
        }, {
            insta::assert_snapshot!(name, json);
        });
    }
    // No stale snapshot of a file that was renamed, removed or no longer
    // builds.
    let snap_dir = root().join("tests").join(snapshots);
    for entry in std::fs::read_dir(&snap_dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.ends_with(".snap") {
            assert!(
                built.contains(&file),
                "stale snapshot {}",
                entry.path().display()
            );
        }
    }
}

fn build_file(path: &Path) -> (i32, String, String) {
    let args = BuildArgs {
        fail_on: None,
        select: Vec::new(),
        ignore: Vec::new(),
        file: path.to_path_buf(),
        output: None,
        config: ConfigArgs {
            no_config: true,
            ..ConfigArgs::default()
        },
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = build_run(&args, &mut std::io::empty(), &mut out, &mut err, false);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn examples_templates() {
    snapshot_dir(&root().join("examples"), "../snapshots/templates", true);
}

#[test]
fn fixture_templates() {
    snapshot_dir(
        &root().join("tests/fixtures/emit"),
        "../snapshots/emit",
        false,
    );
}

#[test]
fn lecture_matches_the_design_example() {
    // examples/lecture.net is the lecture's architecture verbatim.
    let src = std::fs::read_to_string(root().join("examples/lecture.net")).unwrap();
    let t = template(&src);
    let types: BTreeMap<&str, usize> =
        resources(&t).values().fold(BTreeMap::new(), |mut acc, r| {
            *acc.entry(r["Type"].as_str().unwrap()).or_default() += 1;
            acc
        });
    assert_eq!(types["AWS::EC2::Route"], 2);
    assert_eq!(types["AWS::EC2::SubnetRouteTableAssociation"], 4);
    assert_eq!(types["AWS::EC2::NetworkAclEntry"], 6);
    assert_eq!(types["AWS::EC2::SecurityGroupIngress"], 2);
    assert_eq!(types["AWS::ElasticLoadBalancingV2::Listener"], 2);
    assert_eq!(types["AWS::AutoScaling::ScalingPolicy"], 2);
    assert_eq!(types["AWS::CloudWatch::Alarm"], 2);
    // One parameter for the SSM path shared by the bastion and the template.
    assert_eq!(t["Parameters"].as_object().unwrap().len(), 1);
    assert_eq!(
        props(&t, "Bastion")["ImageId"],
        serde_json::json!({"Ref": "AmiAl2023AmiKernelDefaultX8664"})
    );
    // No `region` in a region-free template.
    assert!(!json_string(&src).contains("ap-northeast-2\""));
    let redirect = &props(&t, "WebListener80")["DefaultActions"][0];
    assert_eq!(redirect["Type"], "redirect");
    assert_eq!(redirect["RedirectConfig"]["Port"], "443");
    assert_eq!(redirect["RedirectConfig"]["StatusCode"], "HTTP_301");
    let https = props(&t, "WebListener443");
    assert_eq!(https["SslPolicy"], emit::DEFAULT_TLS_POLICY);
    assert_eq!(
        https["Certificates"][0]["CertificateArn"],
        "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
    );
    let asg = props(&t, "AppAsg");
    assert_eq!(asg["MinSize"], "2");
    assert_eq!(asg["MaxSize"], "6");
    assert_eq!(asg["HealthCheckType"], "ELB");
    assert_eq!(asg["HealthCheckGracePeriod"], 120);
    assert_eq!(
        props(&t, "AppAsgScaleOutPolicy")["StepAdjustments"][0]["ScalingAdjustment"],
        2
    );
    assert_eq!(
        props(&t, "AppAsgScaleInPolicy")["StepAdjustments"][0]["ScalingAdjustment"],
        -1
    );
    let alarm = props(&t, "AppAsgScaleOutAlarm");
    assert_eq!(alarm["Threshold"], 70);
    assert_eq!(alarm["ComparisonOperator"], "GreaterThanThreshold");
    assert_eq!(alarm["AlarmActions"][0]["Ref"], "AppAsgScaleOutPolicy");
    assert_eq!(
        props(&t, "AppAsgScaleInAlarm")["ComparisonOperator"],
        "LessThanThreshold"
    );
    let vol = &t["Resources"]["SharedData"];
    assert_eq!(vol["DeletionPolicy"], "Snapshot");
    assert_eq!(vol["UpdateReplacePolicy"], "Snapshot");
    assert_eq!(vol["Properties"]["Encrypted"], true);
    assert_eq!(vol["Properties"]["VolumeType"], "gp3");
}

const HEAD: &str = "vpc main { cidr 10.0.0.0/16 }\n\
internet-gateway igw { vpc main }\n\
subnet pub { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }\n\
subnet priv { vpc main; cidr 10.0.2.0/24; zone b }\n\
route-table rt { vpc main; subnets pub; route 0.0.0.0/0 -> igw }\n";

#[test]
fn acl_protocol_numbers_ports_and_icmp() {
    let src = format!(
        "{HEAD}network-acl acl {{
  vpc main
  subnets priv
  inbound 100 allow tcp 22 from 10.0.0.0/16
  inbound 110 allow udp 1024-65535 from 0.0.0.0/0
  inbound 120 allow icmp 8 from 10.0.0.0/16
  inbound 130 allow icmp from 10.0.0.0/16
  inbound 140 deny all from 192.0.2.0/24
  outbound 100 allow icmpv6 to ::/0
  outbound 110 allow all to 10.0.0.0/16
}}\n"
    );
    let t = template(&src);
    let tcp = props(&t, "AclInbound100");
    assert_eq!(tcp["Protocol"], 6);
    assert_eq!(tcp["PortRange"], serde_json::json!({"From": 22, "To": 22}));
    assert_eq!(tcp["Egress"], false);
    assert_eq!(tcp["RuleAction"], "allow");
    assert_eq!(tcp["CidrBlock"], "10.0.0.0/16");
    assert!(tcp.get("Icmp").is_none());
    let udp = props(&t, "AclInbound110");
    assert_eq!(udp["Protocol"], 17);
    assert_eq!(
        udp["PortRange"],
        serde_json::json!({"From": 1024, "To": 65535})
    );
    let icmp = props(&t, "AclInbound120");
    assert_eq!(icmp["Protocol"], 1);
    assert_eq!(icmp["Icmp"], serde_json::json!({"Code": -1, "Type": 8}));
    assert!(icmp.get("PortRange").is_none());
    assert_eq!(
        props(&t, "AclInbound130")["Icmp"],
        serde_json::json!({"Code": -1, "Type": -1})
    );
    let all = props(&t, "AclInbound140");
    assert_eq!(all["Protocol"], -1);
    assert_eq!(all["RuleAction"], "deny");
    assert!(all.get("PortRange").is_none() && all.get("Icmp").is_none());
    let v6 = props(&t, "AclOutbound100");
    assert_eq!(v6["Protocol"], 58);
    assert_eq!(v6["Egress"], true);
    assert_eq!(v6["Ipv6CidrBlock"], "::/0");
    assert!(v6.get("CidrBlock").is_none());
    assert_eq!(v6["Icmp"], serde_json::json!({"Code": -1, "Type": -1}));
    assert_eq!(props(&t, "AclOutbound110")["Protocol"], -1);
    assert_eq!(props(&t, "AclPrivAssociation")["SubnetId"]["Ref"], "Priv");
}

#[test]
fn security_group_rule_fields() {
    let src = format!(
        "{HEAD}security-group sg {{
  vpc main
  ingress all from 10.0.0.0/16
  ingress icmp 8 from 10.0.0.0/16
  ingress icmpv6 from 10.0.0.0/16
  ingress tcp 8000-8080 from 2001:db8::/32
  ingress udp 53 from 10.0.0.2/32
}}\n"
    );
    let t = template(&src);
    let sg = props(&t, "Sg");
    assert_eq!(sg["GroupDescription"], "netlint: sg");
    let rules = sg["SecurityGroupIngress"].as_array().unwrap();
    assert_eq!(
        rules[0],
        serde_json::json!({"IpProtocol": "-1", "CidrIp": "10.0.0.0/16", "Description": "all from 10.0.0.0/16"})
    );
    assert_eq!(
        rules[1],
        serde_json::json!({"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "CidrIp": "10.0.0.0/16", "Description": "icmp 8 from 10.0.0.0/16"})
    );
    assert_eq!(
        rules[2],
        serde_json::json!({"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "CidrIp": "10.0.0.0/16", "Description": "icmpv6 from 10.0.0.0/16"})
    );
    assert_eq!(
        rules[3],
        serde_json::json!({"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8080, "CidrIpv6": "2001:db8::/32", "Description": "tcp 8000-8080 from 2001:db8::/32"})
    );
    assert_eq!(rules[4]["IpProtocol"], "udp");
    // No egress line: the AWS default allow-all, so nothing is emitted.
    assert!(sg.get("SecurityGroupEgress").is_none());
}

/// A port list is one AWS rule per port, each with the line's written
/// description; a rule naming a group carries its generated one.
#[test]
fn port_lists_and_descriptions() {
    let src = format!(
        "{HEAD}security-group web {{ vpc main; ingress tcp 80, 443 from 0.0.0.0/0 \"public web\" }}
security-group app {{ vpc main; ingress tcp 8080, 9000-9001 from web }}\n"
    );
    let t = template(&src);
    assert_eq!(
        props(&t, "Web")["SecurityGroupIngress"],
        serde_json::json!([
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": "public web"},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "public web"},
        ])
    );
    assert_eq!(props(&t, "AppIngress1")["Description"], "tcp 8080 from web");
    assert_eq!(
        props(&t, "AppIngress2")["Description"],
        "tcp 9000-9001 from web"
    );
    assert_eq!(props(&t, "AppIngress2")["FromPort"], 9000);
}

#[test]
fn egress_is_reproduced_exactly() {
    let src = format!(
        "{HEAD}security-group only-https {{ vpc main; egress tcp 443 to 0.0.0.0/0 }}
security-group only-group {{ vpc main; egress tcp 5432 to db }}
security-group db {{ vpc main; ingress tcp 5432 from only-group }}\n"
    );
    let t = template(&src);
    assert_eq!(
        props(&t, "OnlyHttps")["SecurityGroupEgress"],
        serde_json::json!([{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "tcp 443 to 0.0.0.0/0"}])
    );
    // Only group rules: an inline rule that lets nothing out replaces the
    // default allow-all, the group rule is its own resource.
    let eg = props(&t, "OnlyGroup")["SecurityGroupEgress"]
        .as_array()
        .unwrap();
    assert_eq!(eg.len(), 1);
    assert_eq!(eg[0]["CidrIp"], "127.0.0.1/32");
    let sep = props(&t, "OnlyGroupEgress1");
    assert_eq!(
        t["Resources"]["OnlyGroupEgress1"]["Type"],
        "AWS::EC2::SecurityGroupEgress"
    );
    assert_eq!(
        sep["DestinationSecurityGroupId"],
        serde_json::json!({"Fn::GetAtt": ["Db", "GroupId"]})
    );
    assert_eq!(
        sep["GroupId"],
        serde_json::json!({"Fn::GetAtt": ["OnlyGroup", "GroupId"]})
    );
    assert!(props(&t, "Db").get("SecurityGroupEgress").is_none());
}

#[test]
fn mutual_group_references_form_no_cycle() {
    let src = format!(
        "{HEAD}security-group a {{ vpc main; ingress tcp 80 from b; egress tcp 443 to b; ingress all from self }}
security-group b {{ vpc main; ingress tcp 443 from a; egress tcp 80 to a }}\n"
    );
    let t = template(&src);
    assert_well_formed(&t);
    // The groups themselves name no other group.
    for g in ["A", "B"] {
        let mut refs = BTreeSet::new();
        references(&t["Resources"][g], &mut refs);
        assert_eq!(refs, BTreeSet::from(["Main".to_string()]), "{g}");
    }
    let ingress = of_type(&t, "AWS::EC2::SecurityGroupIngress");
    let ids: Vec<_> = ingress.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(ids, ["AIngress1", "AIngress2", "BIngress1"]);
    let self_rule = props(&t, "AIngress2");
    assert_eq!(self_rule["SourceSecurityGroupId"], self_rule["GroupId"]);
    assert_eq!(self_rule["IpProtocol"], "-1");
    // Ports with protocol -1 are ignored by AWS and flagged by cfn-lint.
    assert!(self_rule.get("FromPort").is_none() && self_rule.get("ToPort").is_none());
    assert_eq!(of_type(&t, "AWS::EC2::SecurityGroupEgress").len(), 2);
}

#[test]
fn zone_letters_and_full_names() {
    let letters = template(HEAD);
    assert_eq!(
        props(&letters, "Pub")["AvailabilityZone"],
        serde_json::json!({"Fn::Sub": "${AWS::Region}a"})
    );
    let with_region = format!(
        "region eu-west-1\n{}subnet named {{ vpc main; cidr 10.0.3.0/24; zone eu-west-1c }}\n",
        HEAD
    );
    let t = template(&with_region);
    // A letter stays region-free even when the file names a region.
    assert_eq!(
        props(&t, "Priv")["AvailabilityZone"],
        serde_json::json!({"Fn::Sub": "${AWS::Region}b"})
    );
    assert_eq!(props(&t, "Named")["AvailabilityZone"], "eu-west-1c");
    let without_region = format!("{}volume v {{ zone ap-south-1b; size 10GiB }}\n", HEAD);
    assert_eq!(
        props(&template(&without_region), "V")["AvailabilityZone"],
        "ap-south-1b"
    );
}

#[test]
fn public_ip_on_instance_versus_subnet() {
    let src = format!(
        "{HEAD}security-group sg {{ vpc main }}
instance inherits {{ subnet pub; ami ami-0abcdef1; type t3.micro; security-groups sg }}
instance forced {{ subnet pub; ami ami-0abcdef1; type t3.micro; security-groups sg; public-ip off }}\n"
    );
    let t = template(&src);
    let inherits = props(&t, "Inherits");
    assert_eq!(inherits["SubnetId"]["Ref"], "Pub");
    assert_eq!(inherits["SecurityGroupIds"][0]["Fn::GetAtt"][0], "Sg");
    assert!(inherits.get("NetworkInterfaces").is_none());
    assert_eq!(props(&t, "Pub")["MapPublicIpOnLaunch"], true);
    let forced = props(&t, "Forced");
    assert!(forced.get("SubnetId").is_none() && forced.get("SecurityGroupIds").is_none());
    let nic = &forced["NetworkInterfaces"][0];
    assert_eq!(nic["DeviceIndex"], "0");
    assert_eq!(nic["AssociatePublicIpAddress"], false);
    assert_eq!(nic["SubnetId"]["Ref"], "Pub");
    assert_eq!(nic["GroupSet"][0]["Fn::GetAtt"][0], "Sg");
    // IMDSv2 by default.
    assert_eq!(forced["MetadataOptions"]["HttpTokens"], "required");
}

#[test]
fn launch_template_public_ip_puts_groups_in_the_interface() {
    let src = format!(
        "{HEAD}security-group sg {{ vpc main }}
launch-template lt {{ ami ami-0abcdef1; type t3.micro; security-groups sg; public-ip on; imds v1; user-data \"echo hi\" }}
launch-template plain {{ ami ami-0abcdef1; type t3.micro; security-groups sg }}\n"
    );
    let t = template(&src);
    let data = &props(&t, "Lt")["LaunchTemplateData"];
    assert!(data.get("SecurityGroupIds").is_none());
    assert_eq!(
        data["NetworkInterfaces"][0]["AssociatePublicIpAddress"],
        true
    );
    assert_eq!(
        data["NetworkInterfaces"][0]["Groups"][0]["Fn::GetAtt"][0],
        "Sg"
    );
    assert_eq!(data["MetadataOptions"]["HttpTokens"], "optional");
    assert_eq!(data["UserData"]["Fn::Base64"], "echo hi");
    let plain = &props(&t, "Plain")["LaunchTemplateData"];
    assert_eq!(plain["SecurityGroupIds"][0]["Fn::GetAtt"][0], "Sg");
    assert!(plain.get("NetworkInterfaces").is_none());
}

#[test]
fn gateway_dependencies() {
    let src = format!(
        "{HEAD}eip ip {{}}
nat-gateway nat {{ subnet pub; eip ip }}
route-table prt {{ vpc main; subnets priv; route 0.0.0.0/0 -> nat }}\n"
    );
    let t = template(&src);
    let attach = serde_json::json!(["IgwAttachment"]);
    assert_eq!(t["Resources"]["RtRoute1"]["DependsOn"], attach);
    assert_eq!(t["Resources"]["Ip"]["DependsOn"], attach);
    assert_eq!(t["Resources"]["Nat"]["DependsOn"], attach);
    assert_eq!(props(&t, "Ip")["Domain"], "vpc");
    assert_eq!(
        props(&t, "Nat")["AllocationId"],
        serde_json::json!({"Fn::GetAtt": ["Ip", "AllocationId"]})
    );
    assert_eq!(props(&t, "PrtRoute1")["NatGatewayId"]["Ref"], "Nat");
    assert!(t["Resources"]["PrtRoute1"].get("DependsOn").is_none());
    assert_well_formed(&t);
}

#[test]
fn build_is_deterministic() {
    let src = std::fs::read_to_string(root().join("tests/fixtures/emit/kitchen.net")).unwrap();
    let a = json_string(&src);
    let b = json_string(&src);
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
    assert!(a.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"));
}

#[test]
fn e010_logical_id_collision() {
    let src = "vpc main { cidr 10.0.0.0/16 }
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet public_a { vpc main; cidr 10.0.2.0/24; zone b }
";
    let diags = check::check_source(src, &Settings::default());
    let e010: Vec<_> = diags.iter().filter(|d| d.code.as_str() == "E010").collect();
    assert_eq!(e010.len(), 1, "{diags:#?}");
    let d = e010[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.text(src), "public_a");
    assert!(d.message.contains("`PublicA`"), "{}", d.message);
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(d.secondary[0].span.text(src), "public-a");
    // The two subnets' outputs collide too, but one report per name pair
    // in the template namespace is what tells the user what to rename.
    assert!(d.help.is_some());
}

#[test]
fn e010_derived_collision() {
    let src = format!("{HEAD}eip rt-route1 {{}}\n");
    let diags = check::check_source(&src, &Settings::default());
    let d = diags
        .iter()
        .find(|d| d.code.as_str() == "E010")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(d.message.contains("`RtRoute1`"));
    // The later declaration is primary.
    assert_eq!(d.span.text(&src), "rt-route1");
    assert_eq!(d.secondary[0].span.text(&src), "rt");
    assert!(
        d.secondary[0].message.contains("route 1 of `rt`"),
        "{:?}",
        d.secondary
    );
}

#[test]
fn e010_listener_ports_within_one_load_balancer() {
    let src = format!(
        "{HEAD}subnet pub2 {{ vpc main; cidr 10.0.3.0/24; zone b }}
route-table rt2 {{ vpc main; subnets pub2; route 0.0.0.0/0 -> igw }}
target-group tg {{ vpc main; protocol http; port 80; health-check http / }}
load-balancer lb {{
  type application
  subnets pub, pub2
  listener http 80 -> tg
  listener http 80 redirect https 443
}}\n"
    );
    let diags = check::check_source(&src, &Settings::default());
    let d = diags
        .iter()
        .find(|d| d.code.as_str() == "E010")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(d.message.contains("`LbListener80`"));
    assert!(d.span.text(&src).starts_with("listener http 80 redirect"));
}

#[test]
fn ssm_parameters_are_shared_and_named() {
    let src = format!(
        "{HEAD}instance a {{ subnet pub; ami ssm:/x/y/image-one; type t3.micro }}
instance b {{ subnet pub; ami ssm:/x/y/image-one; type t3.micro }}
instance c {{ subnet pub; ami ssm:/z/image-one; type t3.micro }}
instance d {{ subnet pub; ami ami-0abcdef1; type t3.micro }}\n"
    );
    let t = template(&src);
    let params = t["Parameters"].as_object().unwrap();
    let names: Vec<_> = params.keys().collect();
    assert_eq!(names, ["AmiImageOne", "AmiImageOne2"]);
    assert_eq!(params["AmiImageOne"]["Default"], "/x/y/image-one");
    assert_eq!(params["AmiImageOne2"]["Default"], "/z/image-one");
    assert_eq!(
        params["AmiImageOne"]["Type"],
        "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    );
    assert_eq!(props(&t, "B")["ImageId"]["Ref"], "AmiImageOne");
    assert_eq!(props(&t, "C")["ImageId"]["Ref"], "AmiImageOne2");
    assert_eq!(props(&t, "D")["ImageId"], "ami-0abcdef1");
}

#[test]
fn outputs_export_vpc_subnets_groups_and_dns_names() {
    let src = std::fs::read_to_string(root().join("examples/lecture.net")).unwrap();
    let t = template(&src);
    let outputs = t["Outputs"].as_object().unwrap();
    let keys: Vec<_> = outputs.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "Main",
            "PublicA",
            "PublicC",
            "PrivateA",
            "PrivateC",
            "BastionSg",
            "AlbSg",
            "AppSg",
            "WebDnsName"
        ]
    );
    assert_eq!(
        outputs["WebDnsName"]["Export"]["Name"],
        serde_json::json!({"Fn::Sub": "${AWS::StackName}-WebDnsName"})
    );
    assert_eq!(
        outputs["WebDnsName"]["Value"],
        serde_json::json!({"Fn::GetAtt": ["Web", "DNSName"]})
    );
    assert_eq!(outputs["AppSg"]["Value"]["Fn::GetAtt"][1], "GroupId");
}

fn scratch(tag: &str) -> PathBuf {
    common::scratch_dir(&format!("emit-{tag}"))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn build_to(input: &Path, output: &Path) -> (i32, String) {
    let args = BuildArgs {
        fail_on: None,
        select: Vec::new(),
        ignore: Vec::new(),
        file: input.to_path_buf(),
        output: Some(output.to_path_buf()),
        config: ConfigArgs {
            no_config: true,
            ..ConfigArgs::default()
        },
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = build_run(&args, &mut std::io::empty(), &mut out, &mut err, false);
    assert!(out.is_empty());
    (code, String::from_utf8(err).unwrap())
}

#[test]
fn build_refuses_with_errors_and_writes_nothing() {
    let d = scratch("refuse");
    let input = d.join("bad.net");
    std::fs::write(
        &input,
        "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc nowhere; cidr 10.0.1.0/24; zone a }\n",
    )
    .unwrap();
    let out = d.join("out").join("t.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (code, err) = build_to(&input, &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E005"), "{err}");
    assert!(err.contains("no template written"), "{err}");
    assert!(listing(out.parent().unwrap()).is_empty());

    // An existing template is left alone when the new build is refused.
    std::fs::write(&out, "previous").unwrap();
    let (code, _) = build_to(&input, &out);
    assert_eq!(code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(listing(out.parent().unwrap()), ["t.json"]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn build_writes_atomically_and_to_stdout() {
    let d = scratch("write");
    let input = d.join("ok.net");
    std::fs::write(&input, HEAD).unwrap();
    let out = d.join("out").join("t.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, "previous").unwrap();
    let (code, err) = build_to(&input, &out);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, json_string(HEAD));
    assert_eq!(listing(out.parent().unwrap()), ["t.json"]);

    let (code, stdout, _) = build_file(&input);
    assert_eq!(code, 0);
    assert_eq!(stdout, written);

    // Standard input.
    let args = BuildArgs {
        fail_on: None,
        select: Vec::new(),
        ignore: Vec::new(),
        file: PathBuf::from("-"),
        output: None,
        config: ConfigArgs {
            no_config: true,
            ..ConfigArgs::default()
        },
    };
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = build_run(&args, &mut HEAD.as_bytes(), &mut o, &mut e, false);
    assert_eq!(code, 0);
    assert_eq!(String::from_utf8(o).unwrap(), written);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn build_exit_2_when_input_or_output_fails() {
    let d = scratch("io");
    let (code, _, err) = build_file(&d.join("missing.net"));
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let input = d.join("ok.net");
    std::fs::write(&input, HEAD).unwrap();
    let (code, err) = build_to(&input, &d.join("no-such-dir").join("t.json"));
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(listing(&d), ["ok.net"]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn provisioned_iops_default_within_the_type_ratio() {
    let src = format!(
        "{HEAD}volume small {{ zone a; size 10GiB; type io1 }}
volume big {{ zone a; size 500GiB; type io2 }}
volume given {{ zone a; size 500GiB; type io2; iops 9000 }}
volume plain {{ zone a; size 500GiB }}\n"
    );
    let t = template(&src);
    // io1 allows 50 IOPS per GiB: 10 GiB caps the 3000 default at 500.
    assert_eq!(props(&t, "Small")["Iops"], 500);
    assert_eq!(props(&t, "Big")["Iops"], 3000);
    assert_eq!(props(&t, "Given")["Iops"], 9000);
    assert!(props(&t, "Plain").get("Iops").is_none());
    assert_eq!(props(&t, "Plain")["VolumeType"], "gp3");
    assert!(props(&t, "Plain").get("MultiAttachEnabled").is_none());
}

fn net_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            net_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "net") {
            out.push(p);
        }
    }
}

/// Every model any fixture or example resolves to (whatever its lints say)
/// gives a well-formed template: references resolve, no dependency cycle,
/// valid logical ids, Name tags, and the same bytes twice.
#[test]
fn every_loadable_fixture_emits_a_well_formed_template() {
    let mut files = Vec::new();
    net_files(&root().join("tests/fixtures"), &mut files);
    net_files(&root().join("examples"), &mut files);
    files.sort();
    let mut emitted = 0;
    for path in &files {
        let Ok(src) = std::fs::read_to_string(path) else {
            continue;
        };
        // `load` refuses files with E-codes, E010 included.
        let Ok((m, topo)) = check::load(&src) else {
            continue;
        };
        let json = emit::to_json_string(&m, &topo);
        assert_eq!(json, emit::to_json_string(&m, &topo), "{}", path.display());
        let t: Value = serde_json::from_str(&json).expect("valid JSON");
        assert_well_formed(&t);
        emitted += 1;
    }
    assert!(emitted >= 2, "only {emitted} templates emitted");
}

#[test]
fn icmpv6_type_rules_carry_a_cfn_lint_ignore() {
    let src = format!(
        "{HEAD}security-group v6 {{ vpc main; ingress icmpv6 2 from ::/0 }}
security-group v4 {{ vpc main; ingress icmp 8 from 10.0.0.0/16; ingress icmpv6 from ::/0 }}
security-group peer {{ vpc main; ingress icmpv6 128 from v4 }}\n"
    );
    let t = template(&src);
    let ignore = serde_json::json!({"cfn-lint": {"config": {"ignore_checks": ["E3688"]}}});
    assert_eq!(t["Resources"]["V6"]["Metadata"], ignore);
    assert_eq!(
        props(&t, "V6")["SecurityGroupIngress"][0],
        serde_json::json!({"IpProtocol": "icmpv6", "FromPort": 2, "ToPort": -1, "CidrIpv6": "::/0", "Description": "icmpv6 2 from ::/0"})
    );
    assert!(t["Resources"]["V4"].get("Metadata").is_none());
    assert_eq!(t["Resources"]["PeerIngress1"]["Metadata"], ignore);
    assert!(t["Resources"]["Peer"].get("Metadata").is_none());
}

#[test]
fn build_follows_netlint_toml_like_check() {
    // A warning raised to an error by netlint.toml blocks the build, as it
    // fails `check`; `--no-config` ignores the file.
    let d = scratch("config");
    let src = std::fs::read_to_string(root().join("tests/fixtures/rules/G802/bad.net")).unwrap();
    let input = d.join("net.net");
    std::fs::write(&input, &src).unwrap();
    let out = d.join("t.json");
    let run = |no_config: bool| {
        let args = BuildArgs {
            fail_on: None,
            select: Vec::new(),
            ignore: Vec::new(),
            file: input.clone(),
            output: Some(out.clone()),
            config: ConfigArgs {
                no_config,
                ..ConfigArgs::default()
            },
        };
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let code = build_run(&args, &mut std::io::empty(), &mut o, &mut e, false);
        (code, String::from_utf8(e).unwrap())
    };
    assert_eq!(run(false).0, 0, "a warning alone does not block");
    std::fs::remove_file(&out).unwrap();
    std::fs::write(d.join("netlint.toml"), "[severity]\nG802 = \"error\"\n").unwrap();
    let (code, err) = run(false);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("G802"), "{err}");
    assert!(!out.exists());
    assert_eq!(run(true).0, 0);
    std::fs::write(d.join("netlint.toml"), "ignor = [\"G802\"]\n").unwrap();
    let (code, err) = run(false);
    assert_eq!(code, 2, "a broken netlint.toml stops the build: {err}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn repeated_subnets_and_attachments_are_numbered_not_e010() {
    // A subnet listed twice, a volume attached twice to one instance: the
    // dedicated rules explain those; logical ids stay unique.
    let src = format!(
        "{HEAD}route-table rt2 {{ vpc main; subnets priv, priv }}
instance i {{ subnet priv; ami ami-0abcdef1; type t3.micro }}
volume v {{ zone b; size 10GiB; attach i /dev/sdf; attach i /dev/sdg }}\n"
    );
    let diags = check::check_source(&src, &Settings::default());
    assert!(
        diags.iter().all(|d| d.code.as_str() != "E010"),
        "{diags:#?}"
    );
    let (m, topo) = check::run(&src, &Settings::default())
        .model
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let t = emit::template(&m, &topo);
    assert!(resources(&t).contains_key("Rt2PrivAssociation"));
    assert!(resources(&t).contains_key("Rt2PrivAssociation2"));
    assert_eq!(props(&t, "VIAttachment")["Device"], "/dev/sdf");
    assert_eq!(props(&t, "VIAttachment2")["Device"], "/dev/sdg");
}

#[test]
fn file_systems_flow_logs_and_keys() {
    let t = template(
        "vpc main { cidr 10.0.0.0/16; flow-logs cloudwatch vpc-logs role arn:aws:iam::123456789012:role/fl traffic accept }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet c { vpc main; cidr 10.0.2.0/24; zone c }
file-system plain { vpc main; mount-targets a, c; encrypted off; backup off; performance max-io; throughput provisioned 64 }
instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro; mounts plain; root-volume 20GiB kms-key alias/root }
volume v { zone a; size 100GiB; throughput 300; kms-key alias/data }
",
    );
    // Written even when false: CloudFormation's own default is unencrypted.
    let fs = props(&t, "Plain");
    assert_eq!(fs["Encrypted"], json!(false));
    assert_eq!(fs["PerformanceMode"], json!("maxIO"));
    assert_eq!(fs["ThroughputMode"], json!("provisioned"));
    assert_eq!(fs["ProvisionedThroughputInMibps"], json!(64));
    assert_eq!(fs["BackupPolicy"], json!({ "Status": "DISABLED" }));
    // One mount target per subnet; no group written: the VPC's default.
    let mt = props(&t, "PlainCMountTarget");
    assert_eq!(mt["SubnetId"], json!({ "Ref": "C" }));
    assert_eq!(
        mt["SecurityGroups"],
        json!([{ "Fn::GetAtt": ["Main", "DefaultSecurityGroup"] }])
    );
    // The instance boots after the mount targets exist.
    let deps = &resources(&t)["I"]["DependsOn"];
    assert_eq!(deps, &json!(["PlainAMountTarget", "PlainCMountTarget"]));
    let ebs = &props(&t, "I")["BlockDeviceMappings"][0]["Ebs"];
    assert_eq!(ebs["KmsKeyId"], json!("alias/root"));
    let v = props(&t, "V");
    assert_eq!(v["Throughput"], json!(300));
    assert_eq!(v["KmsKeyId"], json!("alias/data"));
    let fl = props(&t, "MainFlowLog");
    assert_eq!(fl["TrafficType"], json!("ACCEPT"));
    assert_eq!(fl["LogDestinationType"], json!("cloud-watch-logs"));
    assert_eq!(fl["LogGroupName"], json!("vpc-logs"));
    assert_eq!(
        fl["DeliverLogsPermissionArn"],
        json!("arn:aws:iam::123456789012:role/fl")
    );
    assert_well_formed(&t);
}
