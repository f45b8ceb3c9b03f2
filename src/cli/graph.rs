//! `netlint graph FILE [--format mermaid|dot] [--security-groups]
//! [--reach FROM TO [PROTO PORT…]]`: the network as a diagram, or the
//! path of a reach answer hop by hop.
//!
//! The diagram is built as data (`analysis::graph`) and drawn by the
//! renderers (`render::graph_mermaid`, `render::graph_dot`). A file with
//! errors gets its diagnostics and no diagram (exit 1, as `build`); bad
//! `--reach` arguments exit 2, as `reach`. A drawn answer exits 0 whatever
//! its verdict: the diagram is the output.

use super::{ColorChoice, Io, output, print_diagnostics, reach, read_text};
use crate::analysis::Analysis;
use crate::analysis::graph::{self, Options};
use crate::analysis::path::Mode;
use crate::analysis::reach::Query;
use crate::render::{graph_dot, graph_mermaid};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown).
    #[default]
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The network file (`-` reads standard input).
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Also draw the security groups: who carries each and what their
    /// rules admit from where.
    #[arg(long)]
    pub security_groups: bool,
    /// Draw the answer of `netlint reach FILE FROM TO [PROTO PORT…]`
    /// instead: each path hop by hop, the first blocker marked. Put it
    /// after FILE: it takes every word that follows.
    #[arg(long, num_args = 2.., value_names = ["FROM", "TO", "PROTO PORT"])]
    pub reach: Option<Vec<String>>,
}

pub fn run(args: &GraphArgs, io: &mut Io<'_>) -> i32 {
    let color = io.color(ColorChoice::Auto);
    // Arguments first: a bad one is refused before any file is read.
    let question = match &args.reach {
        None => None,
        Some(words) => match reach::parse_traffic(&words[2..]) {
            Ok(items) => Some((&words[0], &words[1], items)),
            Err(e) => {
                let _ = writeln!(io.stderr, "error: {e}");
                return 2;
            }
        },
    };
    let source = match read_text(&args.file, io.stdin, io.stderr, color, 1) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let src = source.as_str();
    let (model, topo) = match crate::check::load(src) {
        Ok(mt) => mt,
        Err(diags) => {
            print_diagnostics(io.stderr, &args.file, src, &diags, color, true);
            let _ = writeln!(
                io.stderr,
                "error: no diagram drawn: fix the errors above first"
            );
            return 1;
        }
    };
    let g = match question {
        None => graph::network(
            &model,
            &topo,
            Options {
                security_groups: args.security_groups,
            },
        ),
        Some((from, to, items)) => {
            let an = Analysis::new(&model, &topo);
            let (from, to) = match reach::endpoints(&an, from, to) {
                Ok(ends) => ends,
                Err(msg) => {
                    let _ = writeln!(io.stderr, "error: {msg}");
                    return 2;
                }
            };
            let query = Query {
                from: &from,
                to: &to,
                items: &items,
                mode: Mode::Normal,
            };
            match an.reach(&query) {
                Ok(answer) => graph::reach(&an, &query, &answer),
                Err(e) => {
                    let _ = writeln!(io.stderr, "error: {}", an.query_error_text(&e));
                    return 2;
                }
            }
        }
    };
    let text = match args.format {
        GraphFormat::Mermaid => graph_mermaid::to_mermaid(&g),
        GraphFormat::Dot => graph_dot::to_dot(&g),
    };
    match output::write_all(io.stdout, text.as_bytes()) {
        Ok(()) => 0,
        Err(e) => output::write_failed(io.stderr, "the diagram", &e),
    }
}
