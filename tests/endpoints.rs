//! Prefix lists, VPC endpoints and Session Manager hosts: what the
//! resolver refuses (with its help), where `reach service:<name>` goes
//! (gateway endpoint, interface endpoint, NAT), and what `build` writes.

mod common;

use common::*;
use netlint::catalog::Code;
use serde_json::Value;

const BASE: &str = "region us-east-1
vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet app-a { vpc main; cidr 10.0.10.0/24; zone a }
subnet app-b { vpc main; cidr 10.0.11.0/24; zone b }
eip nat-ip {}
nat-gateway nat-a { subnet public-a; eip nat-ip }
route-table public-rt { vpc main; subnets public-a; route 0.0.0.0/0 -> igw }
route-table app-rt { vpc main; subnets app-a, app-b; route 0.0.0.0/0 -> nat-a }
";

fn errors(extra: &str) -> Vec<(Code, String, String)> {
    let src = format!("{BASE}{extra}");
    check(&src)
        .into_iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .map(|d| {
            (
                d.code,
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn one_error(extra: &str) -> (Code, String, String) {
    let e = errors(extra);
    assert_eq!(e.len(), 1, "{extra}: {e:?}");
    e.into_iter().next().unwrap()
}

#[test]
fn acl_rules_refuse_prefix_lists() {
    for list in ["aws:s3", "pl-0a1b2c3d", "office"] {
        let (code, msg, help) = one_error(&format!(
            "prefix-list office {{ family ipv4; entries 203.0.113.0/24 }}
network-acl a {{ vpc main; subnets app-a; inbound 100 allow tcp 443 from {list} }}"
        ));
        assert_eq!(code, Code::E004, "{list}");
        assert!(msg.contains("prefix list"), "{msg}");
        assert!(help.contains("AWS does not allow"), "{help}");
    }
}

#[test]
fn a_list_id_where_a_name_is_expected_says_how_to_declare_it() {
    let (code, _, help) = one_error(
        "instance x { subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups pl-0a1b2c3d }",
    );
    assert_eq!(code, Code::E005);
    assert!(help.contains("prefix-list <name>"), "{help}");
}

#[test]
fn bad_prefix_list_words() {
    let (code, _, help) = one_error("security-group g { vpc main; egress tcp 443 to aws:s4 }");
    assert_eq!(code, Code::E004);
    assert!(help.contains("aws:s3"), "{help}");
    let (code, msg, _) = one_error("security-group g { vpc main; egress tcp 443 to pl-XYZ }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("not a prefix list id"), "{msg}");
    let (code, msg, _) = one_error("prefix-list p { family ipv4; entries 2001:db8::/32 }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("not an ipv4 block"), "{msg}");
    let (code, msg, _) =
        one_error("prefix-list p { family ipv4; entries 10.9.0.0/16, 10.8.0.0/16; max-entries 1 }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("fewer than the 2 entries"), "{msg}");
}

/// A mistyped prefix-list name is a typo of the list, not an unknown group
/// or a CIDR without its prefix length.
#[test]
fn a_misspelt_prefix_list_name_suggests_the_list() {
    let list = "prefix-list office { family ipv4; entries 203.0.113.0/24 }\n";
    let (code, msg, help) = one_error(&format!(
        "{list}security-group g {{ vpc main; ingress tcp 443 from ofice }}"
    ));
    assert_eq!(code, Code::E005);
    assert_eq!(msg, "unknown security-group or prefix-list `ofice`");
    assert_eq!(help, "did you mean `office`?");
    let (code, msg, help) = one_error(&format!(
        "{list}route-table r {{ vpc main; route ofice -> igw }}"
    ));
    assert_eq!(code, Code::E005);
    assert_eq!(msg, "unknown prefix-list `ofice`");
    assert_eq!(help, "did you mean `office`?");
    // A group's typo still suggests the group.
    let (_, msg, help) = one_error(&format!(
        "{list}security-group app {{ vpc main }}
security-group g {{ vpc main; ingress tcp 443 from ap }}"
    ));
    assert_eq!(msg, "unknown security-group `ap`");
    assert_eq!(help, "did you mean `app`?");
}

#[test]
fn endpoint_shapes() {
    let (code, msg, _) = one_error("vpc-endpoint s3 { vpc main; service s3; subnets app-a }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("a gateway endpoint has no `subnets`"), "{msg}");
    let (code, msg, _) = one_error("vpc-endpoint s { vpc main; service sqs }");
    assert_eq!(code, Code::E008);
    assert!(msg.contains("no `subnets`"), "{msg}");
    let (code, msg, _) = one_error("vpc-endpoint s3 { vpc main; service s3 }");
    assert_eq!(code, Code::E008);
    assert!(msg.contains("no `route-tables`"), "{msg}");
    let (code, msg, _) = one_error(
        "vpc-endpoint s3 { vpc main; service s3; route-tables app-rt; policy \"{not json\" }",
    );
    assert_eq!(code, Code::E004);
    assert!(msg.contains("not valid JSON"), "{msg}");
    let (code, _, _) = one_error("vpc-endpoint s3 { vpc main; service S3; route-tables app-rt }");
    assert_eq!(code, Code::E004);
    assert!(
        errors(
            "vpc-endpoint s3 { vpc main; service com.amazonaws.us-east-1.s3; route-tables app-rt }"
        )
        .is_empty()
    );
    // Gateway endpoints exist for S3 and DynamoDB only.
    for svc in ["sqs", "com.amazonaws.us-east-1.ssm"] {
        let (code, msg, help) = one_error(&format!(
            "vpc-endpoint e {{ vpc main; service {svc}; type gateway; route-tables app-rt }}"
        ));
        assert_eq!(code, Code::E004, "{svc}");
        assert!(msg.contains("s3 and dynamodb only"), "{msg}");
        assert!(help.contains("type interface"), "{help}");
    }
    assert!(
        errors("vpc-endpoint e { vpc main; service com.amazonaws.us-east-1.dynamodb; type gateway; route-tables app-rt }")
            .is_empty()
    );
}

#[test]
fn access_and_profile_values() {
    let host = "instance x { subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro;";
    assert_eq!(one_error(&format!("{host} access rdp }}")).0, Code::E004);
    assert_eq!(
        one_error(&format!("{host} instance-profile \"a b\" }}")).0,
        Code::E004
    );
    assert_eq!(
        one_error(&format!(
            "{host} instance-profile arn:aws:iam::123456789012:role/x }}"
        ))
        .0,
        Code::E004
    );
    assert!(
        errors(&format!(
            "{host} access both; instance-profile arn:aws:iam::123456789012:instance-profile/x }}"
        ))
        .is_empty()
    );
}

/// (extra blocks, from, to, verdict, what the path says)
fn reach(extra: &str, from: &str, to: &str) -> (String, String) {
    reach_tcp_443("endpoints-reach", &format!("{BASE}{extra}"), from, to)
}

const HOST: &str = "security-group app-sg { vpc main; description \"app\" }
instance app { subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups app-sg }
";

#[test]
fn service_reach_takes_the_gateway_endpoint_route() {
    let (v, out) = reach(
        &format!("{HOST}vpc-endpoint s3 {{ vpc main; service s3; route-tables app-rt }}"),
        "app",
        "service:s3",
    );
    assert_eq!(v, "reachable", "{out}");
    assert!(out.contains("for gateway endpoint s3"), "{out}");
    assert!(out.contains("the public addresses of s3"), "{out}");
    assert!(!out.contains("nat gateway"), "{out}");
}

#[test]
fn service_reach_without_endpoint_goes_through_nat() {
    let (v, out) = reach(HOST, "app", "service:s3");
    assert_eq!(v, "reachable", "{out}");
    assert!(out.contains("nat gateway nat-a"), "{out}");
}

#[test]
fn service_reach_uses_the_interface_endpoint_and_its_group() {
    let ep =
        "security-group ep-sg { vpc main; description \"ep\"; ingress tcp 443 from 10.0.11.0/24 }
vpc-endpoint sqs { vpc main; service sqs; subnets app-a, app-b; security-groups ep-sg }";
    let (v, out) = reach(&format!("{HOST}{ep}"), "app", "service:sqs");
    // The name resolves to the endpoint, whose group refuses app-a: NAT
    // does not help.
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("interface endpoint sqs in app-a"), "{out}");
    assert!(!out.contains("nat gateway"), "{out}");
    // With private DNS off, the name is the public one again.
    let off = ep.replace(
        "security-groups ep-sg",
        "security-groups ep-sg; private-dns off",
    );
    let (v, out) = reach(&format!("{HOST}{off}"), "app", "service:sqs");
    assert_eq!(v, "reachable", "{out}");
    assert!(out.contains("nat gateway nat-a"), "{out}");
}

/// The stand-in block of a list netlint does not know is never shown as an
/// address: the blocker names the list.
#[test]
fn a_blocker_names_an_unknown_list_not_its_stand_in() {
    let extra = "security-group web-sg { vpc main; description \"web\"; ingress tcp 443 from pl-0a1b2c3d }
instance web { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups web-sg; public-ip on }
";
    let (v, out) = reach(extra, "internet", "web");
    assert_eq!(v, "partial", "{out}");
    assert!(
        out.contains(
            "from the internet except the addresses of prefix list pl-0a1b2c3d (unknown to netlint)"
        ),
        "{out}"
    );
    assert!(!out.contains("52.94."), "{out}");
}

#[test]
fn prefix_list_rules_match_only_their_addresses() {
    let extra = "prefix-list office { family ipv4; entries 203.0.113.0/24 }
security-group app-sg { vpc main; description \"app\"; egress tcp 443 to aws:s3; egress tcp 443 to office }
instance app { subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups app-sg }
";
    assert_eq!(reach(extra, "app", "service:s3").0, "reachable");
    assert_eq!(reach(extra, "app", "203.0.113.0/24").0, "reachable");
    assert_eq!(reach(extra, "app", "198.51.100.0/24").0, "blocked");
}

#[test]
fn a_prefix_list_route_wins_over_the_default_route_for_its_blocks() {
    let dir = scratch_dir("endpoints-plroute");
    let path = dir.join("n.net");
    let src = BASE.replace(
        "route 0.0.0.0/0 -> nat-a }",
        "route 0.0.0.0/0 -> nat-a; route office -> igw }",
    ) + "prefix-list office { family ipv4; entries 203.0.113.0/24 }\n"
        + HOST;
    std::fs::write(&path, src).unwrap();
    let p = path.display().to_string();
    let verdict = |to: &str| {
        let (_, out, _) = common::netlint(
            &["reach", &p, "app", to, "tcp", "443", "--format", "json"],
            "",
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        v["results"][0]["verdict"]
            .as_str()
            .unwrap_or("?")
            .to_string()
    };
    // The office's blocks go to the internet gateway, where a private host
    // has no address to translate; everything else takes the NAT gateway.
    assert_eq!(verdict("203.0.113.0/24"), "blocked");
    assert_eq!(verdict("198.51.100.0/24"), "reachable");
}

/// A route to a list of several blocks decides for each block; the hop
/// says so once.
#[test]
fn a_prefix_list_route_is_named_once_per_hop() {
    let src = BASE.replace(
        "route 0.0.0.0/0 -> igw }",
        "route 0.0.0.0/0 -> igw; route office -> igw }",
    ) + "prefix-list office { family ipv4; entries 203.0.113.0/24, 198.51.100.0/24 }
security-group web-sg { vpc main; description \"web\"; ingress tcp 443 from 0.0.0.0/0 }
instance web { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups web-sg; public-ip on }
";
    let (v, out) = reach_tcp_443("endpoints-plonce", &src, "internet", "web");
    assert_eq!(v, "reachable", "{out}");
    assert_eq!(
        out.matches("allows tcp 443: route office -> igw in public-rt")
            .count(),
        1,
        "{out}"
    );
}

#[test]
fn build_writes_endpoints_lists_and_profiles() {
    let src = format!(
        "{BASE}prefix-list office {{ family ipv4; entries 203.0.113.0/24; max-entries 4 }}
route-table extra-rt {{ vpc main; route office -> nat-a; route pl-0a1b2c3d -> igw }}
security-group g {{ vpc main; description \"g\"; ingress tcp 443 from office; egress tcp 443 to aws:dynamodb }}
vpc-endpoint s3 {{ vpc main; service s3; route-tables app-rt }}
vpc-endpoint ssm {{ vpc main; service ssm; subnets app-a, app-b; security-groups g; private-dns off }}
launch-template lt {{ ami ami-0c55b159cbfafe1f0; type t3.micro; instance-profile arn:aws:iam::123456789012:instance-profile/app }}
instance x {{ subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; access ssm; instance-profile arn:aws:iam::123456789012:instance-profile/path/jump }}
"
    );
    let (model, topo) = netlint::check::load(&src).expect("valid");
    let t = netlint::emit::template(&model, &topo);
    let r = &t["Resources"];
    assert_eq!(r["Office"]["Type"], "AWS::EC2::PrefixList");
    assert_eq!(r["Office"]["Properties"]["MaxEntries"], 4);
    assert_eq!(
        r["ExtraRtRoute1"]["Properties"]["DestinationPrefixListId"]["Ref"],
        "Office"
    );
    assert_eq!(
        r["ExtraRtRoute2"]["Properties"]["DestinationPrefixListId"],
        "pl-0a1b2c3d"
    );
    let g = &r["G"]["Properties"];
    assert_eq!(
        g["SecurityGroupIngress"][0]["SourcePrefixListId"]["Ref"],
        "Office"
    );
    assert_eq!(
        g["SecurityGroupEgress"][0]["DestinationPrefixListId"]["Ref"],
        "AwsDynamodbPrefixListId"
    );
    assert_eq!(t["Parameters"]["AwsDynamodbPrefixListId"]["Type"], "String");
    let s3 = &r["S3"]["Properties"];
    assert_eq!(s3["VpcEndpointType"], "Gateway");
    assert_eq!(
        s3["ServiceName"]["Fn::Sub"],
        "com.amazonaws.${AWS::Region}.s3"
    );
    assert_eq!(s3["RouteTableIds"][0]["Ref"], "AppRt");
    let ssm = &r["Ssm"]["Properties"];
    assert_eq!(ssm["VpcEndpointType"], "Interface");
    assert_eq!(ssm["PrivateDnsEnabled"], false);
    assert_eq!(ssm["SubnetIds"].as_array().unwrap().len(), 2);
    assert_eq!(r["X"]["Properties"]["IamInstanceProfile"], "jump");
    assert_eq!(
        r["Lt"]["Properties"]["LaunchTemplateData"]["IamInstanceProfile"]["Arn"],
        "arn:aws:iam::123456789012:instance-profile/app"
    );
}

#[test]
fn session_manager_bastions_need_no_public_path() {
    let bastion = |access: &str| {
        format!(
            "{BASE}security-group b-sg {{ vpc main; description \"b\"; ingress tcp 22 from 0.0.0.0/0 }}
instance jump {{ subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups b-sg; role bastion; access {access}; instance-profile p }}
"
        )
    };
    let codes =
        |src: &str| -> Vec<&'static str> { check(src).iter().map(|d| d.code.as_str()).collect() };
    let ssm = codes(&bastion("ssm"));
    for c in ["I501", "I502", "I503"] {
        assert!(!ssm.contains(&c), "{c} fired for an ssm bastion: {ssm:?}");
    }
    // Its open SSH is still reported, as for any host.
    assert!(ssm.contains(&"S302"), "{ssm:?}");
    let both = codes(&bastion("both"));
    for c in ["I501", "I502", "I503"] {
        assert!(
            both.contains(&c),
            "{c} did not fire for an ssh+ssm bastion: {both:?}"
        );
    }
}
