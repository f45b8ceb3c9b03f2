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
        "vpc main { cidr 10.0.0.0/16 }",
        "internet-gateway igw { vpc main }",
        "subnet pub-b { vpc main; cidr 10.0.2.0/24; zone b }",
        "subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a }",
        "subnet priv { vpc main; cidr 10.0.3.0/24; zone a }",
        "route-table rt { vpc main; subnets pub-a, pub-b; route 0.0.0.0/0 -> igw }",
        "security-group sg { vpc main\n ingress tcp 22 from 0.0.0.0/0 }",
        "instance b { subnet pub-a; ami ami-0abcdef1; type t3.micro; security-groups sg }",
        "instance a { subnet pub-b; ami ami-0abcdef1; type t3.micro; security-groups sg }",
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
