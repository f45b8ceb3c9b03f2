//! `netlint graph`: every example drawn in Mermaid and DOT (snapshots),
//! security groups and reach answers, escaping of hostile text, stable
//! output whatever the order of declarations, and the README's diagram
//! kept equal to what the command prints.

mod common;

use common::*;

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/graph",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

fn graph(args: &[&str], stdin: &str) -> String {
    let (code, out, err) = netlint(args, stdin);
    assert_eq!(code, 0, "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?}: {err}");
    out
}

#[test]
fn every_example_in_both_formats() {
    let examples = net_files(&root().join("examples"));
    assert!(examples.len() >= 5);
    for path in examples {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let p = path.to_str().unwrap();
        snapshot(&format!("{name}.mermaid"), &graph(&["graph", p], ""));
        snapshot(
            &format!("{name}.dot"),
            &graph(&["graph", "--format", "dot", p], ""),
        );
    }
}

#[test]
fn security_groups_on_request() {
    let p = root().join("examples/lecture.net");
    let p = p.to_str().unwrap();
    let plain = graph(&["graph", p], "");
    assert!(!plain.contains("sg_app_sg"), "{plain}");
    let out = graph(&["graph", "--security-groups", p], "");
    // alb-sg admits 8080 into app-sg; the office CIDR reaches the bastion.
    assert!(
        out.contains("sg_alb_sg ==>|\"tcp 8080\"| sg_app_sg"),
        "{out}"
    );
    assert!(
        out.contains("cidr_203_0_113_0_24 ==>|\"tcp 22\"| sg_bastion_sg"),
        "{out}"
    );
    assert!(out.contains("i_bastion -.-> sg_bastion_sg"), "{out}");
    snapshot("lecture-security-groups.mermaid", &out);
    snapshot(
        "lecture-security-groups.dot",
        &graph(&["graph", "--format", "dot", "--security-groups", p], ""),
    );
}

#[test]
fn reach_paths_with_the_blocker_marked() {
    let p = root().join("examples/lecture.net");
    let p = p.to_str().unwrap();
    let cases: &[(&str, &[&str])] = &[
        // Partial: only the office passes bastion-sg.
        (
            "reach-internet-bastion",
            &["internet", "bastion", "tcp", "22"],
        ),
        // Blocked: a private subnet has no public address.
        ("reach-internet-app", &["internet", "app-asg", "tcp", "22"]),
        ("reach-bastion-app", &["bastion", "app-asg", "tcp", "22"]),
        // Through the load balancer to its targets.
        ("reach-internet-web", &["internet", "web", "tcp", "443"]),
    ];
    for (name, words) in cases {
        let mut args = vec!["graph", p, "--reach"];
        args.extend_from_slice(words);
        let out = graph(&args, "");
        snapshot(&format!("{name}.mermaid"), &out);
        args.splice(1..1, ["--format", "dot"]);
        snapshot(&format!("{name}.dot"), &graph(&args, ""));
    }
    let out = graph(
        &["graph", p, "--reach", "internet", "app-asg", "tcp", "22"],
        "",
    );
    assert!(out.contains("classDef blocker"), "{out}");
    let out = graph(
        &["graph", p, "--reach", "bastion", "app-asg", "tcp", "22"],
        "",
    );
    assert!(!out.contains("classDef blocker"), "{out}");
}

/// Kinds the language gained after the lecture: the network drawn with
/// them (`tests/fixtures/graph/grown.net`).
#[test]
fn endpoints_prefix_lists_ipv6_and_file_systems() {
    let p = root().join("tests/fixtures/graph/grown.net");
    let p = p.to_str().unwrap();
    let out = graph(&["graph", p], "");
    for want in [
        // Secondary and IPv6 blocks on the VPC; dual-stack subnets marked,
        // their /64 written or counted from the VPC's /56; not legacy-b.
        "vpc core<br/>10.0.0.0/16<br/>+ 10.1.0.0/16<br/>+ 100.64.0.0/16<br/>IPv6 2001:db8:1200::/56",
        "app-a<br/>10.0.10.0/24 private<br/>dual-stack 2001:db8:1200:a::/64",
        "app-b<br/>10.1.10.0/24 private<br/>dual-stack 2001:db8:1200:b::/64",
        "legacy-b<br/>100.64.0.0/24 private\"]",
        // A prefix list as a route destination; the egress-only gateway.
        "subnet_app_b -->|\"prefix list partners\"| nat_nat_a",
        "subnet_legacy_b -->|\"::/0\"| eigw_eigw",
        // The gateway endpoint on the routes of every subnet of its table,
        // and its service.
        "subnet_legacy_b -->|\"aws:s3\"| vpce_s3_gw",
        "vpce_s3_gw{{\"s3-gw<br/>gateway endpoint<br/>service s3\"}}",
        "vpce_s3_gw --> svc_s3",
        // The interface endpoint in each of its subnets.
        "vpce_logs_app_a(\"logs<br/>interface endpoint\")",
        "vpce_logs_app_b --> svc_logs",
        // The file system, its mount target, and who mounts it: through
        // the mount target of its zone, else across zones.
        "fs_media[(\"media<br/>EFS file system<br/>not encrypted\")]",
        "fs_media -.-> mt_media_app_a",
        "asg_app_asg_app_a -->|\"NFS\"| mt_media_app_a",
        "asg_app_asg_app_b -->|\"NFS across zones\"| fs_media",
        "i_worker_b -->|\"NFS across zones\"| fs_media",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    // Groups only on request: then the endpoint's interfaces and the mount
    // target carry theirs.
    assert!(!out.contains("sg_endpoint_sg"), "{out}");
    let sgs = graph(&["graph", "--security-groups", p], "");
    assert!(sgs.contains("vpce_logs_app_b -.-> sg_endpoint_sg"), "{sgs}");
    assert!(sgs.contains("mt_media_app_a -.-> sg_efs_sg"), "{sgs}");
    snapshot("grown.mermaid", &out);
    snapshot("grown.dot", &graph(&["graph", "--format", "dot", p], ""));
    snapshot("grown-security-groups.mermaid", &sgs);
}

/// A route from a subnet to a NAT gateway inside it (R201's mistake):
/// DOT clips an edge at a cluster's border only when its other end lies
/// outside the cluster (Graphviz warns "head is inside tail cluster" and
/// ignores `ltail` otherwise).
#[test]
fn an_edge_into_its_own_cluster_is_not_clipped() {
    let p = root().join("tests/fixtures/rules/R201/bad.net");
    let dot = graph(&["graph", "--format", "dot", p.to_str().unwrap()], "");
    assert!(
        dot.contains("\"subnet_private_a__anchor\" -> \"nat_nat_a\" [label=\"0.0.0.0/0\"];"),
        "{dot}"
    );
    assert!(
        dot.contains(
            "\"subnet_public_a__anchor\" -> \"igw_igw\" [label=\"0.0.0.0/0\", ltail=\"cluster_subnet_public_a\"];"
        ),
        "{dot}"
    );
}

/// A reach answer that leaves through a transit gateway: the gateway is
/// a hop of the path (`examples/hub-and-spoke.net`'s own question).
#[test]
fn reach_through_a_transit_gateway() {
    let p = root().join("examples/hub-and-spoke.net");
    let p = p.to_str().unwrap();
    let args = ["graph", p, "--reach", "directory", "corp", "tcp", "443"];
    let out = graph(&args, "");
    assert!(
        out.contains("[\"transit gateway corp<br/>passes\"]"),
        "{out}"
    );
    snapshot("reach-transit-gateway.mermaid", &out);
    let mut dot_args = args.to_vec();
    dot_args.extend(["--format", "dot"]);
    snapshot("reach-transit-gateway.dot", &graph(&dot_args, ""));
}

#[test]
fn listener_rules_on_the_edges_to_their_groups() {
    let p = root().join("examples/three-tier.net");
    let out = graph(&["graph", p.to_str().unwrap()], "");
    assert!(
        out.contains("lb_web -->|\"https 443 path /api/* or /v2/* (priority 10)\"| tg_api_tg"),
        "{out}"
    );
    assert!(out.contains("lb_web -->|\"https 443\"| tg_app_tg"), "{out}");
}

/// Reach answers through the hops the language gained: a gateway
/// endpoint's route, an interface endpoint, an egress-only gateway that
/// lets nothing in (the blocker), a file system's mount targets.
#[test]
fn reach_through_endpoints_gateways_and_file_systems() {
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "reach-gateway-endpoint",
            "private-endpoints",
            &["app-asg", "service:s3", "tcp", "443"],
            &[
                "item0_leg0_hop2[\"route table app-a-rt (subnet app-a)<br/>passes\"]",
                "item0_leg0_hop2_via0[\"gateway endpoint s3<br/>through\"]",
                "item0_leg0_hop2 ==> item0_leg0_hop2_via0",
                "item0_leg0_hop2_via0 ==> item0_leg0_to",
            ],
        ),
        (
            "reach-interface-endpoint",
            "private-endpoints",
            &["bastion", "service:ssm", "tcp", "443"],
            &["item0_leg1_to([\"interface endpoint ssm in app-b\"])"],
        ),
        (
            "reach-egress-only-blocked",
            "ipv6-dualstack",
            &["2001:db8::/32", "site-asg", "tcp", "80"],
            &[
                "item0_leg0_hop0[\"internet gateway site-igw<br/>passes\"]",
                "item0_leg0_hop2_via0[\"egress-only internet gateway site-eigw<br/>blocks\"]",
                "class item0_leg0_hop2,item0_leg1_hop2 blocker",
            ],
        ),
        (
            "reach-file-system-blocked",
            "three-tier",
            &["bastion", "shared", "tcp", "2049"],
            &[
                "item0_leg0_to([\"shared's mount target in app-a\"])",
                "security group efs-sg inbound<br/>blocks<br/>tcp 2049 is blocked",
            ],
        ),
    ];
    for (name, example, words, wants) in cases {
        let p = root().join(format!("examples/{example}.net"));
        let mut args = vec!["graph", p.to_str().unwrap(), "--reach"];
        args.extend_from_slice(words);
        let out = graph(&args, "");
        for want in *wants {
            assert!(out.contains(want), "{name}: {want}\n{out}");
        }
        snapshot(&format!("{name}.mermaid"), &out);
        args.splice(1..1, ["--format", "dot"]);
        snapshot(&format!("{name}.dot"), &graph(&args, ""));
    }
    // The internet gateway an IPv4 path crosses is named too.
    let p = root().join("examples/ipv6-dualstack.net");
    let out = graph(
        &[
            "graph",
            p.to_str().unwrap(),
            "--reach",
            "site-asg",
            "internet",
            "tcp",
            "443",
        ],
        "",
    );
    assert!(out.contains("nat gateway egress-a"), "{out}");
}

#[test]
fn reach_arguments_are_checked_like_reach() {
    let p = root().join("examples/lecture.net");
    let p = p.to_str().unwrap();
    let (code, out, err) = netlint(&["graph", p, "--reach", "bastion", "nope"], "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("TO: no endpoint named `nope`"), "{err}");
    let (code, _, err) = netlint(&["graph", p, "--reach", "a", "b", "tcp", "70000"], "");
    assert_eq!(code, 2);
    assert!(err.contains("out of range"), "{err}");
    let (code, _, _) = netlint(&["graph", p, "--reach", "bastion"], "");
    assert_eq!(code, 2, "--reach needs FROM and TO");
}

#[test]
fn a_file_with_errors_is_refused_like_build() {
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc nope; cidr 10.0.1.0/24; zone a }\n";
    let (code, out, err) = netlint(&["graph", "-"], src);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("E005"), "{err}");
    assert!(err.contains("no diagram drawn"), "{err}");
    let (code, _, err) = netlint(&["graph", "/nonexistent/x.net"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

/// A network whose text ends up in labels holds every character that
/// means something to DOT or Mermaid.
const HOSTILE: &str = r#"description "a \"quoted\" \\ back#slash <b>bold</b> & `code` |pipe| ;semi; end %% x\nnewline"
vpc main { cidr 10.0.0.0/16 }
subnet s { vpc main; cidr 10.0.1.0/24; zone a }
"#;

#[test]
fn labels_are_escaped_for_each_format() {
    let dot = graph(&["graph", "--format", "dot", "-"], HOSTILE);
    assert!(
        dot.contains(r#"label="a \"quoted\" \\ back#slash <b>bold</b> & `code` |pipe| ;semi; end %% x\\nnewline""#),
        "{dot}"
    );
    let mermaid = graph(&["graph", "-"], HOSTILE);
    assert!(
        mermaid.contains(r#"title: "a \"quoted\" \\ back#slash <b>bold</b> & `code` |pipe| ;semi; end %% x\\nnewline""#),
        "{mermaid}"
    );
    // No raw newline inside any string of either output.
    for out in [&dot, &mermaid] {
        for line in out.lines() {
            assert_eq!(line.matches('"').count() % 2, 0, "unbalanced: {line}");
        }
    }
}

#[test]
fn node_and_edge_labels_are_escaped() {
    use netlint::analysis::graph::*;
    let hostile = "x\"y\\z#1;<br>&amp;`md`|p| end\u{1b}[2J\nnext";
    let node = |id: &str| Node {
        id: id.into(),
        kind: NodeKind::Instance,
        label: vec![hostile.into(), "second".into()],
    };
    let g = Graph {
        title: vec![hostile.into()],
        root: Cluster {
            id: String::new(),
            kind: ClusterKind::Root,
            label: Vec::new(),
            clusters: vec![Cluster {
                id: "c".into(),
                kind: ClusterKind::PublicSubnet,
                label: vec![hostile.into()],
                clusters: Vec::new(),
                nodes: vec![node("a")],
            }],
            nodes: vec![node("b")],
        },
        edges: vec![Edge {
            from: "c".into(),
            to: "b".into(),
            kind: EdgeKind::Route,
            label: hostile.into(),
        }],
    };
    let m = netlint::render::graph_mermaid::to_mermaid(&g);
    let want =
        "\"x#quot;y\\z#35;1;#lt;br#gt;#amp;amp;#96;md#96;|p| end\\u{1b}[2J\\nnext<br/>second\"";
    assert!(m.contains(&format!("  b[{want}]")), "{m}");
    assert!(m.contains("c -->|\"x#quot;y"), "{m}");
    assert!(!m.contains('\u{1b}'), "{m}");
    let d = netlint::render::graph_dot::to_dot(&g);
    let want = r#"label="x\"y\\z#1;<br>&amp;`md`|p| end\\u{1b}[2J\\nnext\nsecond""#;
    assert!(d.contains(want), "{d}");
    assert!(!d.contains('\u{1b}'), "{d}");
    // The edge from the cluster leaves from its anchor, clipped at it.
    assert!(d.contains(r#""c__anchor" -> "b" [label="#), "{d}");
    assert!(d.contains(r#"ltail="cluster_c""#), "{d}");
}

#[test]
fn output_does_not_depend_on_declaration_order() {
    let blocks = [
        "vpc main { cidr 10.0.0.0/16; ipv6 on }",
        "internet-gateway igw { vpc main }",
        "subnet pub-b { vpc main; cidr 10.0.2.0/24; zone b }",
        "subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a }",
        "subnet priv { vpc main; cidr 10.0.3.0/24; zone a }",
        "route-table rt { vpc main; subnets pub-a, pub-b; route 0.0.0.0/0 -> igw }",
        "security-group sg { vpc main\n ingress tcp 22 from 0.0.0.0/0 }",
        "instance b { subnet pub-a; ami ami-0abcdef1; type t3.micro; security-groups sg }",
        "instance a { subnet pub-b; ami ami-0abcdef1; type t3.micro; security-groups sg; mounts files }",
        "egress-only-internet-gateway eigw { vpc main }",
        "prefix-list office { family ipv4; entries 203.0.113.0/24 }",
        "route-table priv-rt { vpc main; subnets priv; route office -> igw; route ::/0 -> eigw }",
        "vpc-endpoint s3 { vpc main; service s3; route-tables priv-rt, rt }",
        "vpc-endpoint sqs { vpc main; service sqs; subnets priv, pub-b; security-groups sg }",
        "vpc-endpoint sns { vpc main; service sns; subnets pub-a; security-groups sg }",
        "file-system files { vpc main; mount-targets pub-a, priv; security-groups sg }",
        "file-system more { vpc main; mount-targets pub-b; security-groups sg }",
    ];
    let forward = blocks.join("\n") + "\n";
    let backward = blocks.iter().rev().copied().collect::<Vec<_>>().join("\n") + "\n";
    for format in ["mermaid", "dot"] {
        let args = ["graph", "--security-groups", "--format", format, "-"];
        let a = graph(&args, &forward);
        let b = graph(&args, &backward);
        assert_eq!(a, b, "{format}");
    }
}

/// The README shows the lecture network's diagram: exactly what
/// `netlint graph examples/lecture.net` prints today.
#[test]
fn readme_diagram_is_current() {
    let readme = read(&root().join("README.md"));
    let open = "<!-- netlint graph examples/lecture.net -->\n```mermaid\n";
    let start = readme
        .find(open)
        .expect("README holds the lecture diagram after its marker comment")
        + open.len();
    let end = start + readme[start..].find("```\n").expect("closing fence");
    let p = root().join("examples/lecture.net");
    let out = graph(&["graph", p.to_str().unwrap()], "");
    assert_eq!(
        &readme[start..end],
        out,
        "README.md's diagram is stale: replace it with `netlint graph examples/lecture.net`"
    );
}
