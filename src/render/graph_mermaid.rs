//! A diagram as a Mermaid flowchart (GitHub renders ```mermaid blocks).
//! Ids are `[A-Za-z0-9_]` (the graph module makes them so) and every label
//! is a double-quoted string in which `"`, `#`, `&`, `<`, `>` and `` ` ``
//! are written as Mermaid entity codes (`#quot;` …), so a name or
//! description holding any character stays text: it cannot end the
//! string, start markup or a Markdown label. Lines are joined with
//! `<br/>`. The title goes in the front matter as a JSON string (valid
//! YAML).

use super::graph_style::{self, Line, Look, safe};
use crate::analysis::graph::{Cluster, Graph, Node, NodeKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The Mermaid text of a diagram.
pub fn to_mermaid(g: &Graph) -> String {
    let mut s = String::new();
    if !g.title.is_empty() {
        let title: Vec<String> = g.title.iter().map(|l| safe(l).into_owned()).collect();
        let json = serde_json::to_string(&title.join(" · ")).unwrap_or_default();
        let _ = write!(s, "---\ntitle: {json}\n---\n");
    }
    s.push_str("flowchart TB\n");
    let mut classes: BTreeMap<&'static str, (Look, Vec<&str>)> = BTreeMap::new();
    let mut styles = Vec::new();
    body(&mut s, &g.root, 1, &mut classes, &mut styles);
    for e in &g.edges {
        let arrow = match graph_style::edge(e.kind) {
            Line::Solid => "-->",
            Line::Dotted => "-.->",
            Line::Thick => "==>",
        };
        if e.label.is_empty() {
            let _ = writeln!(s, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(s, "  {} {arrow}|{}| {}", e.from, quote(&[&e.label]), e.to);
        }
    }
    for (name, (look, ids)) in &classes {
        let _ = writeln!(s, "  classDef {name} {}", look_css(*look));
        let _ = writeln!(s, "  class {} {name}", ids.join(","));
    }
    for line in styles {
        let _ = writeln!(s, "  {line}");
    }
    s
}

fn body<'g>(
    s: &mut String,
    c: &'g Cluster,
    depth: usize,
    classes: &mut BTreeMap<&'static str, (Look, Vec<&'g str>)>,
    styles: &mut Vec<String>,
) {
    let pad = "  ".repeat(depth);
    for n in &c.nodes {
        let _ = writeln!(s, "{pad}{}", node(n));
        let class = graph_style::node_class(n.kind);
        classes
            .entry(class)
            .or_insert_with(|| (graph_style::node(n.kind), Vec::new()))
            .1
            .push(&n.id);
    }
    for k in &c.clusters {
        let label: Vec<&str> = k.label.iter().map(String::as_str).collect();
        let _ = writeln!(s, "{pad}subgraph {}[{}]", k.id, quote(&label));
        body(s, k, depth + 1, classes, styles);
        let _ = writeln!(s, "{pad}end");
        styles.push(format!(
            "style {} {}",
            k.id,
            look_css(graph_style::cluster(k.kind))
        ));
    }
}

/// A node in its shape.
fn node(n: &Node) -> String {
    let label: Vec<&str> = n.label.iter().map(String::as_str).collect();
    let text = quote(&label);
    let (open, close) = match n.kind {
        NodeKind::Internet => ("((", "))"),
        NodeKind::Cidr | NodeKind::TargetGroup | NodeKind::Endpoint | NodeKind::Service => {
            ("([", "])")
        }
        NodeKind::InternetGateway | NodeKind::NatGateway | NodeKind::GatewayEndpoint => {
            ("{{", "}}")
        }
        NodeKind::InterfaceEndpoint | NodeKind::MountTarget => ("(", ")"),
        NodeKind::FileSystem => ("[(", ")]"),
        NodeKind::LoadBalancer => ("[/", "/]"),
        NodeKind::AutoScalingGroup => ("[[", "]]"),
        NodeKind::SecurityGroup => (">", "]"),
        NodeKind::Instance | NodeKind::Bastion | NodeKind::Hop(_) | NodeKind::Note(_) => ("[", "]"),
    };
    format!("{}{open}{text}{close}", n.id)
}

fn look_css(l: Look) -> String {
    let mut css = format!(
        "fill:{},stroke:{},stroke-width:{}px",
        l.fill, l.stroke, l.width
    );
    if l.dashed {
        css.push_str(",stroke-dasharray:5 5");
    }
    css
}

/// Lines as one Mermaid string: each line safe and entity-escaped, joined
/// by `<br/>`.
fn quote(lines: &[&str]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for c in safe(line).chars() {
            match c {
                '"' => out.push_str("#quot;"),
                '#' => out.push_str("#35;"),
                '&' => out.push_str("#amp;"),
                '<' => out.push_str("#lt;"),
                '>' => out.push_str("#gt;"),
                '`' => out.push_str("#96;"),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(
            quote(&["a\"b#c;<br>&`", "x\u{1b}"]),
            "\"a#quot;b#35;c;#lt;br#gt;#amp;#96;<br/>x\\u{1b}\""
        );
    }
}
