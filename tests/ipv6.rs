//! IPv6 and addressing beyond one block: bad values are precise E004s,
//! reach answers over IPv6 (an egress-only gateway named as the blocker),
//! and `build` writes the blocks.

mod common;

use common::*;
use serde_json::Value;

/// The E004 messages and the text at their spans.
fn e004(src: &str) -> Vec<(String, String)> {
    check(src)
        .into_iter()
        .filter(|d| d.code.as_str() == "E004")
        .map(|d| (d.message.clone(), d.span.text(src).to_string()))
        .collect()
}

const VPC4: &str = "vpc v { cidr 10.0.0.0/16 }\n";
const VPC6: &str = "vpc v { cidr 10.0.0.0/16; ipv6 on }\n";

#[test]
fn bad_ipv6_values_are_e004_at_the_value() {
    let cases: &[(&str, &str, &str)] = &[
        // (source, text at the span, a word of the message)
        (
            "vpc v { cidr 10.0.0.0/16; ipv6-cidr 2001:db8::/48 }\n",
            "2001:db8::/48",
            "/56",
        ),
        (
            "vpc v { cidr 10.0.0.0/16; ipv6-cidr 10.1.0.0/16 }\n",
            "10.1.0.0/16",
            "IPv6",
        ),
        (
            "vpc v { cidr 10.0.0.0/16; ipv6-cidr 2001:db8:0:1::/56 }\n",
            "2001:db8:0:1::/56",
            "host bits",
        ),
        (
            "vpc v { cidr 10.0.0.0/16; ipv6 off; ipv6-cidr 2001:db8::/56 }\n",
            "2001:db8::/56",
            "ipv6 off",
        ),
        (
            "vpc v { cidr 10.0.0.0/16; secondary-cidrs 2001:db8::/56 }\n",
            "2001:db8::/56",
            "IPv4",
        ),
        (
            &format!("{VPC6}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a; ipv6-index 256 }}\n"),
            "256",
            "out of range",
        ),
        (
            &format!("{VPC6}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a; ipv6 of }}\n"),
            "of",
            "expected",
        ),
        (
            &format!("{VPC4}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a; ipv6-on-launch on }}\n"),
            "on",
            "no IPv6 block",
        ),
        (
            &format!(
                "{VPC6}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a; ipv6-cidr 2001:db8::/64 }}\n"
            ),
            "2001:db8::/64",
            "Amazon-provided",
        ),
        (
            &format!(
                "{VPC6}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a; ipv6 off; ipv6-index 3 }}\n"
            ),
            "3",
            "ipv6 off",
        ),
        (
            &format!(
                "{VPC4}subnet s {{ vpc v; cidr 10.0.0.0/24; zone a }}\ninstance i {{ subnet s; ami ami-0123456789abcdef0; type t3.micro; ipv6-addresses 2 }}\n"
            ),
            "2",
            "not dual-stack",
        ),
        (
            &format!("{VPC6}subnet s {{ vpc v; cidr 10.0.0.0/24; zone use1-az }}\n"),
            "use1-az",
            "AZ id",
        ),
    ];
    for (src, text, word) in cases {
        let found = e004(src);
        assert!(
            found.iter().any(|(m, t)| t == text && m.contains(word)),
            "{src}: expected E004 at `{text}` saying `{word}`, got {found:?}"
        );
    }
}

#[test]
fn an_unknown_egress_only_gateway_gets_a_did_you_mean() {
    let src = format!(
        "{VPC6}egress-only-internet-gateway eigw {{ vpc v }}\nroute-table rt {{ vpc v; route ::/0 -> egiw }}\n"
    );
    let d = check(&src);
    let e = d.iter().find(|d| d.code.as_str() == "E005").expect("E005");
    assert_eq!(e.span.text(&src), "egiw");
    assert!(format!("{e:?}").contains("did you mean `eigw`?"), "{e:?}");
}

fn reach(args: &[&str]) -> (i32, Value) {
    let path = root().join("tests/fixtures/reach/dual-stack.net");
    let path = path.display().to_string();
    let mut all = vec!["reach", path.as_str()];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, out, err) = netlint(&all, "");
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, v)
}

fn verdict(v: &Value) -> &str {
    v["results"][0]["verdict"].as_str().unwrap_or("?")
}

#[test]
fn reach_answers_over_ipv6() {
    // web has an IPv6 address in a subnet routing ::/0 to the IGW.
    let (code, v) = reach(&["2001:db8::/32", "web", "tcp", "443"]);
    assert_eq!((code, verdict(&v)), (0, "reachable"), "{v}");
    // old has none (ipv6-addresses 0): IPv4 only.
    let (code, v) = reach(&["2001:db8::/32", "old", "tcp", "443"]);
    assert_eq!((code, verdict(&v)), (1, "blocked"), "{v}");
    // app goes out through the egress-only gateway…
    let (code, v) = reach(&["app", "2001:db8::/32", "tcp", "443"]);
    assert_eq!((code, verdict(&v)), (0, "reachable"), "{v}");
    // …which lets nothing in, and is named as the blocker.
    let (code, v) = reach(&["2001:db8::/32", "app", "tcp", "443"]);
    assert_eq!((code, verdict(&v)), (1, "blocked"), "{v}");
    let text = v.to_string();
    assert!(text.contains("egress-only internet gateway eigw"), "{text}");
}

#[test]
fn a_dual_stack_network_builds_the_blocks() {
    let path = root().join("tests/fixtures/reach/dual-stack.net");
    let (code, out, err) = netlint(&["build", &path.display().to_string()], "");
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_str(&out).expect("JSON");
    let r = &t["Resources"];
    assert_eq!(
        r["SiteCidrBlock2"]["Properties"]["CidrBlock"],
        "100.64.0.0/16"
    );
    assert_eq!(
        r["SiteIpv6CidrBlock"]["Properties"]["AmazonProvidedIpv6CidrBlock"],
        true
    );
    let priv_ = &r["Priv"];
    assert_eq!(priv_["Properties"]["AvailabilityZoneId"], "use1-az1");
    assert_eq!(priv_["Properties"]["AssignIpv6AddressOnCreation"], true);
    assert_eq!(priv_["Properties"]["Ipv6CidrBlock"]["Fn::Select"][0], 7);
    let deps = priv_["DependsOn"].to_string();
    assert!(
        deps.contains("SiteCidrBlock2") && deps.contains("SiteIpv6CidrBlock"),
        "{deps}"
    );
    assert_eq!(r["Eigw"]["Type"], "AWS::EC2::EgressOnlyInternetGateway");
    assert_eq!(
        r["PrivRtRoute1"]["Properties"]["EgressOnlyInternetGatewayId"]["Ref"],
        "Eigw"
    );
    assert_eq!(r["App"]["Properties"]["Ipv6AddressCount"], 1);
    // A written /56: the subnet's /64 is written out.
    let src = "vpc v { cidr 10.0.0.0/16; ipv6-cidr 2001:db8:1200::/56 }\nsubnet s { vpc v; cidr 10.0.0.0/24; zone a; ipv6-index 5 }\n";
    let (code, out, err) = netlint(&["build", "-"], src);
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        t["Resources"]["S"]["Properties"]["Ipv6CidrBlock"],
        "2001:db8:1200:5::/64"
    );
    assert_eq!(
        t["Resources"]["VIpv6CidrBlock"]["Properties"]["Ipv6CidrBlock"],
        "2001:db8:1200::/56"
    );
}

#[test]
fn az_ids_are_one_zone_only_when_identical() {
    use netlint::model::Zone;
    let id = |s: &str| Zone::Id(s.into());
    assert!(id("use1-az1").same_as(&id("use1-az1")));
    assert!(!id("use1-az1").same_as(&id("use1-az2")));
    assert!(!id("use1-az1").same_as(&Zone::Letter('a')));
    assert_ne!(id("use1-az1").key(), id("use1-az2").key());
    assert_ne!(id("use1-az1").key(), Zone::Letter('a').key());
    // Two subnets of a load balancer in one AZ id are one zone (L707).
    let src = "vpc v { cidr 10.0.0.0/16 }\ninternet-gateway g { vpc v }\n\
               subnet a { vpc v; cidr 10.0.0.0/24; zone use1-az1 }\n\
               subnet b { vpc v; cidr 10.0.1.0/24; zone use1-az1 }\n\
               subnet c { vpc v; cidr 10.0.2.0/24; zone a }\n";
    let lb = |subnets: &str| {
        format!("{src}load-balancer lb {{ type network; scheme internal; subnets {subnets} }}\n")
    };
    let codes = |s: &str| check(s).iter().map(|d| d.code.as_str()).collect::<Vec<_>>();
    assert!(codes(&lb("a, b")).contains(&"L707"));
    assert!(!codes(&lb("a, c")).contains(&"L707"));
}

/// The codes a source reports.
fn codes(src: &str) -> Vec<&'static str> {
    check(src).iter().map(|d| d.code.as_str()).collect()
}

const DUAL: &str = "region us-east-1
vpc v { cidr 10.0.0.0/16; ipv6 on }
internet-gateway igw { vpc v }
egress-only-internet-gateway eigw { vpc v }
subnet pub { vpc v; cidr 10.0.0.0/24; zone a; ipv6-on-launch on }
subnet priv { vpc v; cidr 10.0.1.0/24; zone a; ipv6-on-launch on }
route-table pub-rt { vpc v; subnets pub; route 0.0.0.0/0 -> igw; route ::/0 -> igw }
route-table priv-rt { vpc v; subnets priv; route ::/0 -> eigw }
security-group db-sg { vpc v; description \"db\"; ingress tcp 5432 from ::/0 }
";

#[test]
fn x901_follows_ipv6_to_hosts_with_an_ipv6_address() {
    let host = |subnet: &str| {
        format!(
            "{DUAL}instance db {{ subnet {subnet}; ami ami-0123456789abcdef0; type t3.micro; security-groups db-sg }}\n"
        )
    };
    // No public IPv4 address, but an IPv6 one in a subnet routing ::/0 to
    // the internet gateway: exposed.
    assert!(
        codes(&host("pub")).contains(&"X901"),
        "{:?}",
        codes(&host("pub"))
    );
    // Behind the egress-only gateway nothing gets in.
    assert!(!codes(&host("priv")).contains(&"X901"));
}

#[test]
fn x905_counts_ipv6_egress_through_an_egress_only_gateway() {
    let src = format!(
        "{DUAL}instance app {{ subnet priv; ami ami-0123456789abcdef0; type t3.micro; security-groups db-sg }}\n"
    );
    assert!(!codes(&src).contains(&"X905"), "{:?}", codes(&src));
    // Without an IPv6 address the same host has no way out.
    let src = src.replace(
        "security-groups db-sg }",
        "security-groups db-sg; ipv6-addresses 0 }",
    );
    assert!(codes(&src).contains(&"X905"), "{:?}", codes(&src));
}

#[test]
fn x902_requires_a_dual_stack_listener_over_ipv6_too() {
    let lb = |rules: &str| {
        format!(
            "{DUAL}subnet pub-b {{ vpc v; cidr 10.0.2.0/24; zone b }}\n\
             route-table pub-b-rt {{ vpc v; subnets pub-b; route 0.0.0.0/0 -> igw; route ::/0 -> igw }}\n\
             security-group lb-sg {{ vpc v; description \"lb\"; {rules} }}\n\
             target-group tg {{ vpc v; protocol tcp; port 443 }}\n\
             load-balancer lb {{ type network; subnets pub, pub-b; security-groups lb-sg; ip-address-type dualstack; listener tcp 443 -> tg }}\n"
        )
    };
    let only_v4 = check(&lb("ingress tcp 443 from 0.0.0.0/0"));
    let x902: Vec<_> = only_v4
        .iter()
        .filter(|d| d.code.as_str() == "X902")
        .collect();
    assert_eq!(x902.len(), 1, "{only_v4:#?}");
    assert!(x902[0].message.contains("over IPv6"), "{}", x902[0].message);
    let both = lb("ingress tcp 443 from 0.0.0.0/0; ingress tcp 443 from ::/0");
    assert!(!codes(&both).contains(&"X902"), "{:?}", codes(&both));
}

#[test]
fn n401_reports_ipv6_rules_only_where_ipv6_flows() {
    let acl = |vpc_ipv6: &str| {
        format!(
            "vpc v {{ cidr 10.0.0.0/16{vpc_ipv6} }}\n\
             subnet s {{ vpc v; cidr 10.0.0.0/24; zone a }}\n\
             route-table rt {{ vpc v; subnets s }}\n\
             network-acl a {{\n  vpc v\n  subnets s\n  inbound 100 allow tcp 443 from ::/0\n  outbound 100 allow tcp 32768-65535 to 0.0.0.0/0\n}}\n"
        )
    };
    assert!(!codes(&acl("")).contains(&"N401"), "{:?}", codes(&acl("")));
    assert!(codes(&acl("; ipv6 on")).contains(&"N401"));
}

#[test]
fn az_ids_are_written_as_availability_zone_ids() {
    let src = "vpc v { cidr 10.0.0.0/16 }\nsubnet s { vpc v; cidr 10.0.0.0/24; zone use1-az4 }\nvolume d { zone use1-az4; size 8GiB }\n";
    let (code, out, err) = netlint(&["build", "-"], src);
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_str(&out).expect("JSON");
    for id in ["S", "D"] {
        let p = &t["Resources"][id]["Properties"];
        assert_eq!(p["AvailabilityZoneId"], "use1-az4", "{id}: {p}");
        assert!(p.get("AvailabilityZone").is_none(), "{id}: {p}");
    }
}
