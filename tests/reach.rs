//! `netlint reach`: a table of traffic questions with hand-worked answers
//! from the AWS documentation, the command's exit codes and errors, and
//! snapshots of its output.
//!
//! Each row names a fixture, FROM, TO and the traffic, the verdict AWS's
//! rules give, and the kind of component that blocks first (for a blocked
//! or partial answer). The comment on each row is the hand-worked reason.

mod common;

use common::*;
use serde_json::Value;

fn netlint(args: &[&str]) -> (i32, String, String) {
    common::netlint(args, "")
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/reach")
        .join(name)
        .display()
        .to_string()
}

const L: &str = "lecture.net";
const A: &str = "aws-nat-scenario.net";
const S: &str = "semantics.net";
const E: &str = "efs.net";
const D: &str = "dual-stack.net";

/// (fixture, from, to, traffic, verdict, first blocker component).
const QUESTIONS: &[(&str, &str, &str, &str, &str, &str)] = &[
    // --- the lecture network (examples/lecture.net) ---
    // Private instances have no public address: the internet gateway has
    // nothing to translate to.
    (
        L,
        "internet",
        "app-asg",
        "tcp 22",
        "blocked",
        "public-address",
    ),
    // ALB in public subnets, alb-sg admits 443 from anywhere, default ACL.
    (L, "internet", "web", "tcp 443", "reachable", ""),
    // The redirect listener accepts connections too.
    (L, "internet", "web", "tcp 80", "reachable", ""),
    // No listener on 22: the load balancer accepts nothing there.
    (L, "internet", "web", "tcp 22", "blocked", "listener"),
    // bastion-sg admits SSH from the office /24 only.
    (
        L,
        "internet",
        "bastion",
        "tcp 22",
        "partial",
        "security-group",
    ),
    (L, "203.0.113.0/24", "bastion", "tcp 22", "reachable", ""),
    (
        L,
        "198.51.100.0/24",
        "bastion",
        "tcp 22",
        "blocked",
        "security-group",
    ),
    // bastion-sg member → app-sg "22 from bastion-sg"; private-acl 100 admits
    // 10.0.1.0/24 and outbound 100 returns 1024-65535 to the VPC.
    (L, "bastion", "app-asg", "tcp 22", "reachable", ""),
    // LB nodes → targets on 8080: alb-sg reference matches, ACL 110.
    (L, "web", "app-asg", "tcp 8080", "reachable", ""),
    // The LB is not in bastion-sg: the group reference does not match.
    (L, "web", "app-asg", "tcp 22", "blocked", "security-group"),
    // Via nat-a: private-acl out 110, public subnet default ACL, NAT EIP,
    // replies 1024-65535 in by rule 120.
    (L, "app-asg", "internet", "tcp 443", "reachable", ""),
    (L, "app-asg", "internet", "tcp 80", "reachable", ""),
    // private-acl outbound allows only 443, 80 and 1024-65535 to the VPC.
    (L, "app-asg", "internet", "tcp 22", "blocked", "network-acl"),
    (L, "bastion", "internet", "tcp 443", "reachable", ""),
    (L, "app-asg", "bastion", "tcp 22", "blocked", "network-acl"),
    // --- AWS "VPC with public and private subnets (NAT)" ---
    (A, "internet", "web", "tcp 80", "reachable", ""),
    (A, "internet", "web", "tcp 443", "reachable", ""),
    (A, "192.0.2.0/24", "web", "tcp 22", "reachable", ""),
    // Public ACL rule 120 admits SSH from the home network only.
    (A, "internet", "web", "tcp 22", "partial", "network-acl"),
    (A, "web", "db", "tcp 1433", "reachable", ""),
    // WebServerSG lets only 1433 out to DBServerSG.
    (A, "web", "db", "tcp 3306", "blocked", "security-group"),
    // Private ACL out 110, NAT in the public subnet, public ACL in 110/out
    // 110, replies in 140 (1024-65535) and out 140 (32768-65535).
    (A, "db", "internet", "tcp 443", "reachable", ""),
    (A, "internet", "db", "tcp 1433", "blocked", "public-address"),
    (A, "db", "web", "tcp 80", "reachable", ""),
    // --- semantics.net: one fact per question ---
    // Security groups are stateful: web-sg lets only 5432 out, yet replies
    // to admitted 443 connections leave.
    (S, "internet", "web", "tcp 443", "reachable", ""),
    (S, "web", "internet", "tcp 443", "blocked", "security-group"),
    // ACLs are stateless: win-acl returns replies only to 49152-65535, so
    // Linux clients (32768-60999) get no answer.
    (S, "internet", "win", "tcp 443", "partial", "network-acl"),
    // A public subnet without public-ip: no address to translate.
    (
        S,
        "internet",
        "nopub",
        "tcp 443",
        "blocked",
        "public-address",
    ),
    // The same subnet with an Elastic IP.
    (S, "internet", "eip-host", "tcp 443", "reachable", ""),
    // A public IP in a private subnet: replies would leave through the NAT.
    (
        S,
        "internet",
        "lonely",
        "tcp 443",
        "blocked",
        "return-route",
    ),
    // NAT gateways are one-way.
    (S, "app", "internet", "tcp 443", "reachable", ""),
    (S, "internet", "app", "tcp 443", "blocked", "public-address"),
    // A NAT gateway without an Elastic IP has no public address.
    (
        S,
        "stranded",
        "internet",
        "tcp 443",
        "blocked",
        "nat-gateway",
    ),
    // The main route table holds only the local route.
    (
        S,
        "isolated",
        "internet",
        "tcp 443",
        "blocked",
        "route-table",
    ),
    // ACLs do not apply between interfaces of one subnet.
    (S, "locked-1", "locked-2", "tcp 5000", "reachable", ""),
    (S, "app", "locked-1", "tcp 5000", "blocked", "network-acl"),
    // The default security group admits its own members only.
    (S, "default-1", "default-2", "tcp 22", "reachable", ""),
    (
        S,
        "internet",
        "default-1",
        "tcp 22",
        "blocked",
        "security-group",
    ),
    // A network LB without security groups passes everything.
    (S, "internet", "nlb-open", "tcp 7000", "reachable", ""),
    (S, "internet", "nlb-open", "tcp 7001", "blocked", "listener"),
    // With security groups, they filter like an ALB's.
    (S, "internet", "nlb-guarded", "tcp 7000", "reachable", ""),
    (
        S,
        "internet",
        "nlb-guarded",
        "tcp 7001",
        "blocked",
        "security-group",
    ),
    // Targets of a group-less NLB must admit its subnets by CIDR.
    (S, "nlb-open", "app", "tcp 8082", "reachable", ""),
    (
        S,
        "nlb-open",
        "app",
        "tcp 8081",
        "blocked",
        "security-group",
    ),
    (S, "nlb-guarded", "app", "tcp 8081", "reachable", ""),
    // ALB nodes in pub-a reach the target; those in pub-b are stopped by
    // win-acl outbound.
    (S, "alb", "app", "tcp 8080", "partial", "network-acl"),
    // An internal LB has no public address.
    (
        S,
        "internet",
        "inside",
        "tcp 80",
        "blocked",
        "public-address",
    ),
    // Same subnet as the node in priv-a; private-acl stops the one in priv-b.
    (S, "app", "inside", "tcp 80", "partial", "network-acl"),
    // No peering between VPCs.
    (S, "web", "far", "tcp 22", "blocked", "vpc"),
    // Instances here have no IPv6 address.
    (S, "::/0", "web", "tcp 443", "blocked", "public-address"),
    (S, "bastion", "app", "tcp 22", "reachable", ""),
    // Load balancers open connections only to their targets.
    (S, "alb", "internet", "tcp 443", "blocked", "load-balancer"),
    // A CIDR inside the VPC is hosts without security groups: no group
    // reference matches them.
    (
        S,
        "10.0.1.0/24",
        "app",
        "tcp 22",
        "blocked",
        "security-group",
    ),
    (S, "10.0.1.0/24", "app", "tcp 8082", "reachable", ""),
    // --- `subnet:<name>`: any host of the subnet, in no security group ---
    // A host of private-a leaves through nat-a, as app-asg does.
    (
        L,
        "subnet:private-a",
        "internet",
        "tcp 443",
        "reachable",
        "",
    ),
    (
        L,
        "subnet:private-a",
        "internet",
        "tcp 22",
        "blocked",
        "network-acl",
    ),
    // public-a has public-ip on: its hosts are reachable where no group
    // stands in the way.
    (L, "internet", "subnet:public-a", "tcp 22", "reachable", ""),
    // Hosts of a private subnet have no public address.
    (
        L,
        "internet",
        "subnet:private-a",
        "tcp 22",
        "blocked",
        "public-address",
    ),
    // app-sg admits SSH from bastion-sg only: a host in no group is not a
    // member, though private-acl admits public-a.
    (
        L,
        "subnet:public-a",
        "app-asg",
        "tcp 22",
        "blocked",
        "security-group",
    ),
    // Into a subnet, only the ACLs decide: bastion's group lets it out.
    (L, "bastion", "subnet:private-a", "tcp 22", "reachable", ""),
    // --- `internet` is both families where the path carries IPv6 ---
    // web has IPv6 and pub routes ::/0 to the internet gateway: both
    // families reach it.
    (D, "internet", "web", "tcp 443", "reachable", ""),
    (D, "web", "internet", "tcp 443", "reachable", ""),
    // old has no IPv6 address: the IPv4 internet only.
    (D, "internet", "old", "tcp 443", "reachable", ""),
    // app: no NAT for IPv4, the egress-only gateway for IPv6.
    (D, "app", "internet", "tcp 443", "partial", "route-table"),
    (D, "internet", "app", "tcp 443", "blocked", "public-address"),
    (
        D,
        "subnet:priv",
        "internet",
        "tcp 443",
        "partial",
        "route-table",
    ),
    // --- a file system is its mount targets ---
    // app-sg is admitted by efs-sg, and the data ACL admits app-a.
    (E, "app-a1", "shared", "tcp 2049", "reachable", ""),
    // The data ACL denies NFS from app-c before it allows the VPC.
    (E, "app-c1", "shared", "tcp 2049", "blocked", "network-acl"),
    // The mount targets' group admits app-sg, not web-sg.
    (
        E,
        "web-1",
        "shared",
        "tcp 2049",
        "blocked",
        "security-group",
    ),
    // Mount targets have private addresses only.
    (
        E,
        "internet",
        "shared",
        "tcp 2049",
        "blocked",
        "public-address",
    ),
];

#[test]
fn traffic_questions() {
    assert!(QUESTIONS.len() >= 40);
    let mut failures = Vec::new();
    for (file, from, to, traffic, verdict, blocker) in QUESTIONS {
        let path = fixture(file);
        let mut args = vec!["reach", path.as_str(), from, to, "--format", "json"];
        args.extend(traffic.split_whitespace());
        let (code, out, err) = netlint(&args);
        let q = format!("{file}: {from} -> {to} {traffic}");
        let v: Value = match serde_json::from_str(&out) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{q}: not JSON ({e}): {out}{err}"));
                continue;
            }
        };
        let result = &v["results"][0];
        let got = result["verdict"].as_str().unwrap_or("?");
        if got != *verdict {
            failures.push(format!("{q}: verdict {got}, expected {verdict}"));
        }
        let want_code = if *verdict == "reachable" { 0 } else { 1 };
        if code != want_code {
            failures.push(format!("{q}: exit {code}, expected {want_code}"));
        }
        let first = result["paths"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|p| p["first_blocker"]["component"].as_str())
            .unwrap_or("");
        if first != *blocker {
            failures.push(format!(
                "{q}: first blocker `{first}`, expected `{blocker}`"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn done_criteria_of_the_lecture_example() {
    let l = fixture(L);
    let (code, out, _) = netlint(&["reach", &l, "internet", "app-asg", "tcp", "22"]);
    assert_eq!(code, 1);
    assert!(out.contains("tcp 22: blocked"), "{out}");
    assert!(
        out.contains("first blocker: tcp 22 is blocked by public address of app-asg"),
        "{out}"
    );
    let (code, out, _) = netlint(&["reach", &l, "internet", "web", "tcp", "443"]);
    assert_eq!(code, 0);
    assert!(out.contains("tcp 443: reachable"), "{out}");
    assert!(out.contains("listener https 443 -> app-tg"), "{out}");
    assert!(
        out.contains("alb-sg: ingress tcp 443 from 0.0.0.0/0"),
        "{out}"
    );
}

#[test]
fn every_requested_range_must_be_reachable_for_exit_0() {
    let l = fixture(L);
    let (code, out, _) = netlint(&["reach", &l, "internet", "web", "tcp", "443", "22"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tcp 443: reachable") && out.contains("tcp 22: blocked"));
}

#[test]
fn all_blockers_lists_every_layer() {
    let l = fixture(L);
    let (_, out, _) = netlint(&[
        "reach",
        &l,
        "internet",
        "app-asg",
        "tcp",
        "22",
        "--all-blockers",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let hops = v["results"][0]["paths"][0]["hops"].as_array().unwrap();
    let blocked: Vec<&str> = hops
        .iter()
        .filter(|h| h["status"] == "block")
        .map(|h| h["component"].as_str().unwrap())
        .collect();
    assert_eq!(
        blocked,
        [
            "public-address",
            "return-route",
            "network-acl",
            "security-group"
        ]
    );
    let replies = v["results"][0]["paths"][0]["replies"].as_array().unwrap();
    assert_eq!(replies[0]["status"], "block");
}

#[test]
fn the_security_group_explains_group_references_never_match_the_internet() {
    let l = fixture(L);
    let (_, out, _) = netlint(&[
        "reach",
        &l,
        "internet",
        "app-asg",
        "tcp",
        "22",
        "--all-blockers",
    ]);
    assert!(
        out.contains("tcp 22 is blocked by security group app-sg inbound: no ingress rule admits it from the internet (internet traffic never matches a group reference)"),
        "{out}"
    );
}

#[test]
fn bad_input_exits_2() {
    let l = fixture(L);
    let (code, _, err) = netlint(&["reach", &l, "internet", "app-as", "tcp", "22"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `app-asg`"), "{err}");
    let (code, _, err) = netlint(&["reach", &l, "internet", "web", "tcp", "99999"]);
    assert_eq!(code, 2);
    assert!(err.contains("99999"), "{err}");
    let (code, _, err) = netlint(&["reach", &l, "internet", "public-a", "tcp", "22"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is a subnet") && err.contains("10.0.1.0/24"),
        "{err}"
    );
    let (code, _, err) = netlint(&["reach", &l, "internet", "198.51.100.0/24"]);
    assert_eq!(code, 2);
    assert!(err.contains("neither"), "{err}");
    let broken = root().join("tests/fixtures/errors/E005.net");
    let (code, _, err) = netlint(&["reach", broken.to_str().unwrap(), "internet", "web"]);
    assert_eq!(code, 2);
    assert!(err.contains("E005"), "{err}");
}

/// `internet` asks both families of a place that carries IPv6 and says
/// which answer is which; a place without IPv6 gets the IPv4 answer alone.
#[test]
fn internet_answers_per_family() {
    let d = fixture(D);
    let json = |from: &str, to: &str| -> (i32, Value) {
        let (code, out, err) = netlint(&["reach", &d, from, to, "tcp", "443", "--format", "json"]);
        (
            code,
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}")),
        )
    };
    let (code, v) = json("app", "internet");
    assert_eq!(code, 1);
    let r = &v["results"][0];
    assert_eq!(r["verdict"], "partial");
    assert_eq!(r["families"]["ipv4"], "blocked");
    assert_eq!(r["families"]["ipv6"], "reachable");
    let (code, v) = json("internet", "app");
    assert_eq!(code, 1);
    assert_eq!(v["results"][0]["families"]["ipv6"], "blocked");
    let blockers: Vec<&str> = v["results"][0]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["first_blocker"]["message"].as_str())
        .collect();
    assert!(
        blockers
            .iter()
            .any(|b| b.contains("egress-only internet gateway eigw")),
        "{blockers:?}"
    );
    let (code, v) = json("internet", "old");
    assert_eq!(code, 0);
    assert!(v["results"][0].get("families").is_none(), "{v}");
    assert_eq!(v["results"][0]["paths"].as_array().unwrap().len(), 1);
    let (code, out, _) = netlint(&["reach", &d, "app", "internet", "tcp", "443"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("tcp 443: partially reachable (IPv4: blocked; IPv6: reachable)"),
        "{out}"
    );
    assert!(
        out.contains("from app in priv to the IPv6 internet: reachable"),
        "{out}"
    );
    // The lecture network has no IPv6: answers as before.
    let (_, out, _) = netlint(&["reach", &fixture(L), "app-asg", "internet", "tcp", "443"]);
    assert!(out.contains("tcp 443: reachable\n"), "{out}");
}

/// A design without instances (a VPC template) is questioned through its
/// subnets; a wrong subnet name gets a did-you-mean.
#[test]
fn subnet_endpoints_question_a_network_without_hosts() {
    let net = "vpc v { cidr 10.0.0.0/16; ipv6 on }
internet-gateway igw { vpc v }
egress-only-internet-gateway eigw { vpc v }
subnet public-a { vpc v; cidr 10.0.0.0/24; zone a; public-ip on }
subnet private-a { vpc v; cidr 10.0.10.0/24; zone a }
eip nat-ip {}
nat-gateway nat-a { subnet public-a; eip nat-ip }
route-table public-rt { vpc v; subnets public-a; route 0.0.0.0/0 -> igw; route ::/0 -> igw }
route-table private-rt { vpc v; subnets private-a; route 0.0.0.0/0 -> nat-a; route ::/0 -> eigw }
";
    let ask = |words: &[&str]| {
        let mut args = vec!["reach", "-"];
        args.extend(words);
        args.extend(["--format", "json"]);
        let (code, out, err) = common::netlint(&args, net);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        (code, v)
    };
    // Out through NAT (IPv4) and the egress-only gateway (IPv6).
    let (code, v) = ask(&["subnet:private-a", "internet", "tcp", "443"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["from"]["kind"], "subnet");
    assert_eq!(v["results"][0]["families"]["ipv6"], "reachable");
    // Nothing gets in: no public address, and IPv6 meets the gateway.
    let (code, v) = ask(&["internet", "subnet:private-a", "tcp", "22"]);
    assert_eq!(code, 1);
    assert_eq!(v["results"][0]["verdict"], "blocked");
    // Between subnets of one VPC: the default ACL, no group.
    let (code, _) = ask(&["subnet:public-a", "subnet:private-a", "tcp", "5432"]);
    assert_eq!(code, 0);
    // A public subnet's hosts are reachable from the internet, both ways.
    let (code, v) = ask(&["internet", "subnet:public-a", "tcp", "443"]);
    assert_eq!(code, 0, "{v}");
    let (code, _, err) = common::netlint(&["reach", "-", "subnet:private-b", "internet"], net);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `subnet:private-a`"), "{err}");
    let (code, _, err) = common::netlint(&["reach", "-", "internet", "subnet:"], net);
    assert_eq!(code, 2);
    assert!(err.contains("subnet:public-a, subnet:private-a"), "{err}");
    let (code, _, err) = common::netlint(&["reach", "-", "privat-a", "internet"], net);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `subnet:private-a`"), "{err}");
    let (code, _, err) = common::netlint(&["reach", "-", "private-a", "internet"], net);
    assert_eq!(code, 2);
    assert!(err.contains("write `subnet:private-a`"), "{err}");
}

#[test]
fn aws_recommended_acls_are_clean() {
    // The ACL tables of the user guide's NAT scenario, rule for rule, raise
    // no N finding (replies, shadowing, numbering) and no reachability one,
    // but N409's explanation of what the recommended reply range lets
    // through: RDP (3389) from anywhere, past "RDP only from 192.0.2.0/24".
    let src = read(&root().join("tests/fixtures/reach").join(A));
    let diags = check(&src);
    let others: Vec<_> = diags.iter().filter(|d| d.code.as_str() != "N409").collect();
    assert!(others.is_empty(), "{others:#?}");
    let n409: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(
        n409.iter()
            .any(|m| m.contains("rule 140 allows tcp 3389 from 0.0.0.0/0")),
        "{n409:#?}"
    );
}

#[test]
fn lecture_example_has_no_acl_or_reachability_findings() {
    let src = read(&root().join("tests/fixtures/reach").join(L));
    let diags = check(&src);
    let mine: Vec<_> = diags
        .iter()
        .filter(|d| {
            // N409 explains the reply rule admitting 8080 from anywhere
            // (an info the lecture's ACL earns; the security group holds).
            (d.code.as_str().starts_with('N') && d.code.as_str() != "N409")
                || d.code.as_str().starts_with('X')
                || d.code.as_str() == "I505"
        })
        .collect();
    assert!(mine.is_empty(), "{mine:#?}");
}

fn snapshot(name: &str, args: &[&str]) {
    let (_, out, err) = netlint(args);
    let root_s = root().display().to_string();
    let text = format!("{out}{err}").replace(&root_s, "<root>");
    insta::with_settings!({snapshot_path => "../snapshots/reach", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn output_snapshots() {
    let l = fixture(L);
    let a = fixture(A);
    let s = fixture(S);
    snapshot(
        "lecture-internet-web-443",
        &["reach", &l, "internet", "web", "tcp", "443"],
    );
    snapshot(
        "lecture-internet-web-443-json",
        &[
            "reach", &l, "internet", "web", "tcp", "443", "--format", "json",
        ],
    );
    snapshot(
        "lecture-internet-app-22",
        &["reach", &l, "internet", "app-asg", "tcp", "22"],
    );
    snapshot(
        "lecture-internet-app-22-json",
        &[
            "reach", &l, "internet", "app-asg", "tcp", "22", "--format", "json",
        ],
    );
    snapshot(
        "lecture-internet-app-22-all-blockers",
        &[
            "reach",
            &l,
            "internet",
            "app-asg",
            "tcp",
            "22",
            "--all-blockers",
        ],
    );
    snapshot(
        "lecture-app-internet-443",
        &["reach", &l, "app-asg", "internet", "tcp", "443"],
    );
    snapshot(
        "lecture-web-app-8080",
        &["reach", &l, "web", "app-asg", "tcp", "8080"],
    );
    snapshot(
        "aws-db-internet-443",
        &["reach", &a, "db", "internet", "tcp", "443"],
    );
    snapshot(
        "semantics-internet-win-443",
        &["reach", &s, "internet", "win", "tcp", "443"],
    );
    snapshot(
        "semantics-internet-win-443-json",
        &[
            "reach", &s, "internet", "win", "tcp", "443", "--format", "json",
        ],
    );
}

/// A question between two wide CIDRs over many subnets: every item's
/// verdict is exact (the same as asking for that item alone), but only the
/// first paths are printed in full and the rest are counted.
#[test]
fn wide_questions_keep_exact_verdicts_and_cap_the_paths() {
    let mut net = String::from(
        "vpc main { cidr 10.0.0.0/16 }\n\
         security-group sg { vpc main; description \"x\"; ingress tcp 1-400 from 10.0.0.0/16 }\n\
         network-acl acl {\n  vpc main\n  subnets s0, s2, s4, s6, s8\n\
           inbound 100 allow tcp 1-200 from 10.0.0.0/16\n\
           inbound 110 allow tcp 1024-65535 from 10.0.0.0/16\n\
           outbound 100 allow tcp 1-300 to 10.0.0.0/16\n\
           outbound 110 allow tcp 32768-65535 to 10.0.0.0/16\n}\n",
    );
    for i in 0..10 {
        net.push_str(&format!(
            "subnet s{i} {{ vpc main; cidr 10.0.{i}.0/24; zone a }}\n\
             instance h{i} {{ subnet s{i}; ami ami-12345678; type t3.micro; security-groups sg }}\n"
        ));
    }
    let dir = scratch_dir("reach-wide");
    let file = dir.join("wide.net");
    std::fs::write(&file, &net).unwrap();
    let file = file.display().to_string();
    let ports = ["22", "250", "350", "500"];
    let mut args = vec![
        "reach",
        &file,
        "10.0.0.0/16",
        "10.0.0.0/16",
        "--format",
        "json",
        "tcp",
    ];
    args.extend(ports);
    let (code, out, _) = netlint(&args);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), ports.len());
    let mut shown_total = 0;
    for (r, port) in results.iter().zip(ports) {
        let shown = r["paths"].as_array().unwrap().len();
        let o = &r["omitted_paths"];
        let omitted: u64 = ["reachable", "partial", "blocked"]
            .iter()
            .map(|k| o[k].as_u64().unwrap())
            .sum();
        // Ten subnets each way: a hundred paths per item.
        assert_eq!(shown as u64 + omitted, 100, "{port}");
        assert!(shown <= 16, "{port}: {shown} paths shown");
        shown_total += shown;
        // The verdict is the one of asking for this port alone.
        let (_, alone, _) = netlint(&[
            "reach",
            &file,
            "10.0.0.0/16",
            "10.0.0.0/16",
            "--format",
            "json",
            "tcp",
            port,
        ]);
        let alone: Value = serde_json::from_str(&alone).unwrap();
        assert_eq!(r["verdict"], alone["results"][0]["verdict"], "{port}");
        assert_eq!(
            r["first_blocker"], alone["results"][0]["first_blocker"],
            "{port}"
        );
    }
    assert!(shown_total <= 64);
    // 22 passes everywhere; 250 and 500 only between subnets without the
    // ACL (a CIDR's addresses have no security group to stop 500).
    assert_eq!(results[0]["verdict"], "reachable");
    assert_eq!(results[1]["verdict"], "partial");
    assert_eq!(results[3]["verdict"], "partial");
    args.retain(|a| *a != "--format" && *a != "json");
    let (_, human, _) = netlint(&args);
    assert!(
        human.contains("more paths not shown (") && human.contains("name narrower endpoints"),
        "{human}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The quick mode the X rules ask first (no hops recorded, the internet
/// traced as one piece and its holes cut out at the end) gives exactly the
/// sets of a full trace, for every pair of classes and the internet, on
/// every example and reach fixture.
#[test]
fn verdict_mode_matches_full_traces() {
    use netlint::analysis::Analysis;
    use netlint::analysis::path::{Mode, Place, Traffic};
    use netlint::analysis::set::{FlowSet, Interval, TCP, UDP};
    let same = |a: &FlowSet, b: &FlowSet| a.is_subset(b) && b.is_subset(a);
    let traffic = Traffic {
        parts: vec![
            (Interval::point(TCP), Interval::new(0, 65535)),
            (Interval::point(UDP), Interval::new(53, 53)),
        ],
    };
    let mut files = net_files(&root().join("examples"));
    files.extend(net_files(&root().join("tests/fixtures/reach")));
    let mut pairs = 0;
    for f in files {
        let src = read(&f);
        let Ok((model, topo)) = netlint::check::load(&src) else {
            continue;
        };
        let an = Analysis::new(&model, &topo);
        let mut places: Vec<Place> = (0..an.classes().list.len()).map(Place::Class).collect();
        places.push(Place::Outside(an.internet().clone()));
        places.push(Place::Outside(an.outside_vpcs().clone()));
        for from in &places {
            for to in &places {
                let full = an.trace(from, to, &traffic, Mode::Normal);
                let quick = an.trace(from, to, &traffic, Mode::Verdict);
                assert_eq!(full.len(), quick.len(), "{}", f.display());
                for (a, b) in full.iter().zip(&quick) {
                    assert!(same(&a.requested, &b.requested), "{}", f.display());
                    assert!(same(&a.reached, &b.reached), "{}", f.display());
                    assert!(same(&a.delivered, &b.delivered), "{}", f.display());
                    assert!(same(&a.answered, &b.answered), "{}", f.display());
                    assert!(b.forward.is_empty() && b.replies.is_empty());
                    pairs += 1;
                }
            }
        }
    }
    assert!(pairs > 100, "{pairs}");
}

#[path = "bench/generate.rs"]
mod generate;

/// The X rules' shortcut (`surely_reachable`: every hop takes each box of
/// the request whole) never says "reachable" where the verdicts say
/// otherwise: over every pair of classes and several outside places, for
/// several kinds of traffic, on every example, reach and rule fixture and
/// a generated network. For a single internet address (X902's and X905's
/// witness), the internet's own question then has a leg that is not
/// blocked.
#[test]
fn surely_reachable_agrees_with_the_verdicts() {
    use netlint::analysis::Analysis;
    use netlint::analysis::path::{AddrSet, Place, Traffic, Verdict};
    use netlint::analysis::set::{Interval, TCP, UDP, V4, cidr};
    use std::sync::Arc;
    let all = Interval::new(0, 65535);
    let traffics = [
        Traffic::tcp(&[22]),
        Traffic::tcp(&[443, 80]),
        Traffic::tcp_range(0, 65535),
        Traffic {
            parts: vec![(Interval::point(UDP), Interval::point(53))],
        },
        Traffic {
            parts: vec![(Interval::new(0, 255), all)],
        },
        Traffic {
            parts: vec![(Interval::point(TCP), Interval::point(8443))],
        },
    ];
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut dirs = vec![root().join("examples"), root().join("tests/fixtures/reach")];
    let mut rules: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rules.sort();
    dirs.extend(rules);
    for d in dirs {
        for f in net_files(&d) {
            sources.push((f.display().to_string(), read(&f)));
        }
    }
    sources.push(("generated".into(), generate::generate(6_000)));
    let (mut sure, mut reachable) = (0, 0);
    for (name, src) in &sources {
        let Ok((model, topo)) = netlint::check::load(src) else {
            continue;
        };
        let an = Analysis::new(&model, &topo);
        let classes = an.classes();
        let internet = Place::Outside(an.internet().clone());
        let mut outside: Vec<Place> = ["1.0.0.0/32", "203.0.113.7/32", "203.0.113.0/24"]
            .iter()
            .map(|n| {
                let (f, iv) = cidr(&n.parse().unwrap());
                Place::Outside(Arc::new(AddrSet::new(f, vec![iv])))
            })
            .collect();
        if let Some(iv) = an.internet().ivs.first() {
            let w = Interval::point(iv.lo);
            outside.push(Place::Outside(Arc::new(AddrSet::new(V4, vec![w]))));
        }
        let inside: Vec<Place> = (0..classes.list.len()).map(Place::Class).collect();
        let generated = name == "generated";
        let pairs = inside.iter().flat_map(|to| {
            let into = outside.iter().chain(&inside).map(move |from| (from, to));
            let out = outside.iter().map(move |o| (to, o));
            into.chain(out)
        });
        for (from, to) in pairs {
            {
                // The generated network's VPCs are alike: pairs within one.
                if generated
                    && let (Some(a), Some(b)) = (an.place_class(from), an.place_class(to))
                    && a.vpc != b.vpc
                {
                    continue;
                }
                for t in &traffics {
                    let vs = an.verdicts(from, to, t);
                    let all_reachable =
                        !vs.is_empty() && vs.iter().all(|v| *v == Verdict::Reachable);
                    reachable += usize::from(all_reachable);
                    if !an.surely_reachable(from, to, t) {
                        continue;
                    }
                    sure += 1;
                    assert!(all_reachable, "{name}: {from:?} -> {to:?} {t:?}: {vs:?}");
                    let witness = match (from, to) {
                        (Place::Outside(w), _) | (_, Place::Outside(w)) => Some(w),
                        _ => None,
                    };
                    if let Some(w) = witness
                        && w.ivs.len() == 1
                        && w.ivs[0].lo == w.ivs[0].hi
                        && an.internet().ivs.iter().any(|iv| iv.contains(w.ivs[0]))
                    {
                        let vs = if from.is_outside() {
                            an.verdicts(&internet, to, t)
                        } else {
                            an.verdicts(from, &internet, t)
                        };
                        assert!(
                            vs.iter().any(|v| *v != Verdict::Blocked),
                            "{name}: {from:?} -> {to:?} {t:?} over the internet: {vs:?}"
                        );
                    }
                }
            }
        }
    }
    // The shortcut settles most of what is reachable, so the comparison
    // covers it.
    assert!(
        sure > 1_000 && sure * 2 > reachable,
        "{sure} of {reachable}"
    );
}

/// `reach` follows a listener rule to its target group: three-tier's
/// `rule 443 10 path /api/*, /v2/* -> api-tg` sends https 443 on to the
/// API port as well as the default group's.
#[test]
fn reach_follows_listener_rules() {
    let file = root().join("examples/three-tier.net");
    let (code, out, err) = netlint(&[
        "reach",
        file.to_str().unwrap(),
        "internet",
        "web",
        "tcp",
        "443",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("forwards https 443 to target group app-tg on tcp 8443"),
        "{out}"
    );
    assert!(
        out.contains("forwards https 443 to target group api-tg on tcp 9443"),
        "{out}"
    );
}

/// examples/efs-web.net: every instance of the Auto Scaling group reaches
/// the EFS file system over NFS at the mount target of its own zone,
/// through web-sg, the data subnets' network ACL (both ways) and efs-sg.
#[test]
fn reach_efs_example_group_to_file_system() {
    let file = root().join("examples/efs-web.net");
    let (code, out, err) = netlint(&[
        "reach",
        file.to_str().unwrap(),
        "web-asg",
        "media",
        "tcp",
        "2049",
    ]);
    assert_eq!(code, 0, "{err}\n{out}");
    assert!(out.contains("tcp 2049: reachable"), "{out}");
    for zone in ["a", "b"] {
        assert!(
            out.contains(&format!(
                "from web-asg in web-{zone} to media's mount target in data-{zone}: reachable"
            )),
            "{out}"
        );
    }
    assert!(
        out.contains("network ACL data-acl inbound (subnet data-a)")
            && out.contains("network ACL data-acl outbound (subnet data-b)"),
        "the path crosses the data subnets' ACL both ways:\n{out}"
    );
    assert!(!out.contains("blocked"), "{out}");
}
