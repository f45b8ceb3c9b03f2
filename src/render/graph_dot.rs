//! A diagram in Graphviz DOT (`dot -Tsvg`). Every id and label is a
//! double-quoted string with `\` and `"` escaped, so a name or description
//! holding any character cannot break out of it; lines are joined with
//! DOT's `\n`. An edge to a cluster goes to an invisible point inside it,
//! clipped at the cluster's border (`compound`, `lhead`/`ltail`), unless
//! the other end lies inside that cluster (a NAT gateway in the subnet
//! whose route leads to it), where there is no border to clip at.

use super::graph_style::{self, Line, Look, safe};
use crate::analysis::graph::{Cluster, ClusterKind, Graph, NodeKind};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The DOT text of a diagram.
pub fn to_dot(g: &Graph) -> String {
    let clusters = g.cluster_ids();
    let parents = parents(g);
    let anchored: HashSet<&str> = g
        .edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .filter(|id| clusters.contains(id))
        .collect();
    let mut s = String::new();
    s.push_str("digraph netlint {\n");
    s.push_str("  graph [compound=true, fontname=\"Helvetica\", fontsize=12, newrank=true");
    if !g.title.is_empty() {
        let _ = write!(s, ", labelloc=t, label={}", quote_lines(&g.title));
    }
    s.push_str("];\n");
    s.push_str(
        "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\"];\n",
    );
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    body(&mut s, &g.root, &anchored, 1);
    for e in &g.edges {
        let (from, ltail) = end(&e.from, &clusters);
        let (to, lhead) = end(&e.to, &clusters);
        let ltail = ltail.filter(|_| !inside(&e.to, &e.from, &parents));
        let lhead = lhead.filter(|_| !inside(&e.from, &e.to, &parents));
        let mut attrs = Vec::new();
        if !e.label.is_empty() {
            attrs.push(format!("label={}", quote(&safe(&e.label))));
        }
        match graph_style::edge(e.kind) {
            Line::Solid => {}
            Line::Dotted => attrs.push("style=dashed".into()),
            Line::Thick => attrs.push("penwidth=2".into()),
        }
        if let Some(c) = ltail {
            attrs.push(format!("ltail={}", quote(&c)));
        }
        if let Some(c) = lhead {
            attrs.push(format!("lhead={}", quote(&c)));
        }
        let _ = write!(s, "  {} -> {}", quote(&from), quote(&to));
        if !attrs.is_empty() {
            let _ = write!(s, " [{}]", attrs.join(", "));
        }
        s.push_str(";\n");
    }
    s.push_str("}\n");
    s
}

/// Each node's and cluster's enclosing cluster (none at the top level).
fn parents(g: &Graph) -> HashMap<&str, &str> {
    fn walk<'g>(c: &'g Cluster, out: &mut HashMap<&'g str, &'g str>) {
        for n in &c.nodes {
            out.insert(&n.id, &c.id);
        }
        for k in &c.clusters {
            out.insert(&k.id, &c.id);
            walk(k, out);
        }
    }
    let mut out = HashMap::new();
    for n in &g.root.nodes {
        out.insert(n.id.as_str(), "");
    }
    for k in &g.root.clusters {
        out.insert(k.id.as_str(), "");
        walk(k, &mut out);
    }
    out
}

/// Whether `id` lies somewhere inside the cluster `cluster`.
fn inside(id: &str, cluster: &str, parents: &HashMap<&str, &str>) -> bool {
    let mut at = id;
    while let Some(&p) = parents.get(at) {
        if p.is_empty() {
            return false;
        }
        if p == cluster {
            return true;
        }
        at = p;
    }
    false
}

/// The node an edge end stands at, and the cluster to clip it to.
fn end(id: &str, clusters: &HashSet<&str>) -> (String, Option<String>) {
    if clusters.contains(id) {
        (anchor(id), Some(cluster_name(id)))
    } else {
        (id.to_string(), None)
    }
}

fn anchor(cluster: &str) -> String {
    format!("{cluster}__anchor")
}

fn cluster_name(id: &str) -> String {
    format!("cluster_{id}")
}

fn body(s: &mut String, c: &Cluster, anchored: &HashSet<&str>, depth: usize) {
    let pad = "  ".repeat(depth);
    for n in &c.nodes {
        let l = graph_style::node(n.kind);
        let shape = match n.kind {
            NodeKind::Internet | NodeKind::Cidr => "ellipse",
            NodeKind::InternetGateway
            | NodeKind::NatGateway
            | NodeKind::GatewayEndpoint
            | NodeKind::Interconnect => "hexagon",
            NodeKind::Service => "ellipse",
            NodeKind::FileSystem => "cylinder",
            NodeKind::LoadBalancer => "parallelogram",
            NodeKind::AutoScalingGroup => "box3d",
            NodeKind::SecurityGroup => "cds",
            _ => "box",
        };
        let _ = writeln!(
            s,
            "{pad}{} [label={}, shape={shape}, {}];",
            quote(&n.id),
            quote_lines(&n.label),
            look_attrs(l, "rounded,filled")
        );
    }
    for k in &c.clusters {
        let _ = writeln!(s, "{pad}subgraph {} {{", quote(&cluster_name(&k.id)));
        let inner = "  ".repeat(depth + 1);
        let l = graph_style::cluster(k.kind);
        let _ = writeln!(
            s,
            "{inner}graph [label={}, {}];",
            quote_lines(&k.label),
            look_attrs(l, "rounded,filled")
        );
        if k.kind == ClusterKind::Vpc || k.kind == ClusterKind::Zone {
            let _ = writeln!(s, "{inner}graph [labeljust=l];");
        }
        if anchored.contains(k.id.as_str()) {
            let _ = writeln!(
                s,
                "{inner}{} [shape=point, style=invis, width=0.01, label=\"\"];",
                quote(&anchor(&k.id))
            );
        }
        body(s, k, anchored, depth + 1);
        let _ = writeln!(s, "{pad}}}");
    }
}

fn look_attrs(l: Look, base: &str) -> String {
    let style = if l.dashed {
        format!("{base},dashed")
    } else {
        base.to_string()
    };
    format!(
        "style={}, fillcolor={}, color={}, penwidth={}",
        quote(&style),
        quote(l.fill),
        quote(l.stroke),
        l.width
    )
}

/// Lines as one DOT string, each line safe, joined by `\n`.
fn quote_lines(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        escape_into(&mut out, &safe(line));
    }
    out.push('"');
    out
}

/// A DOT double-quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s);
    out.push('"');
    out
}

/// Inside a DOT string only `"` ends it and `\` escapes (`\n`, `\l`, `\N`
/// … mean something in a label), so both are written escaped.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_cannot_escape_a_string() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(
            quote_lines(&["x\"".into(), "y\u{1b}\n".into()]),
            r#""x\"\ny\\u{1b}\\n""#
        );
    }
}
