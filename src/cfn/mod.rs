//! CloudFormation templates: a second front end beside `syntax`.
//!
//! netlint's users already describe their networks in CloudFormation. This
//! module reads a template (JSON or YAML, with the short-form tags) into a
//! positioned tree, then resolves it: parameters from defaults, a
//! parameters file and the command line; pseudo parameters from the
//! region; conditions; and every intrinsic function, to known values,
//! symbolic references to resources, or unknowns that say why. The result,
//! a [`Template`], is what the mapping into netlint's model consumes.
//!
//! Layering: this module imports only `span` (and the crates ipnet,
//! saphyr-parser, regex-lite and foldhash). It reports
//! [`Problem`]s — plain data with byte spans — and the boundary that wires
//! it into `check` turns them into diagnostics with catalog codes, so the
//! front end can be built and tested on its own.
//!
//! - [`read`] — bytes to a [`Node`] tree (`read_json`, `read_yaml`).
//! - [`build`] — the tree to a [`Template`] (`template`, `intrinsics`,
//!   `params`, `zones`).
//! - [`load`] — both.
//! - [`is_template`] — whether a JSON/YAML file is a template, cheaply.

pub mod intrinsics;
pub mod node;
pub mod params;
pub mod problem;
pub mod read_json;
pub mod read_yaml;
pub mod recognize;
pub mod template;
pub mod value;
pub mod zones;

#[cfg(test)]
mod tests;

pub use intrinsics::Pseudo;
pub use node::{Node, NodeKind};
pub use params::{GivenParam, Parameter, parse_cli_param, read_params_file};
pub use problem::{Level, Problem, ProblemKind};
pub use recognize::is_template;
pub use template::{Options, Resource, Template, UnknownUse, build};
pub use value::{Provenance, Reason, Value, ValueKind};

use crate::span::Span;

/// Reads a template's text into a tree: JSON when the first character is
/// `{`, YAML otherwise. The tree is `None` only when the text cannot be
/// read at all (the problems say why).
pub fn read(src: &str) -> (Option<Node<'_>>, Vec<Problem>) {
    if src.len() > u32::MAX as usize {
        return (
            None,
            vec![Problem::error(
                ProblemKind::TooLarge,
                Span::new(0, 0),
                "the file is larger than 4 GiB",
            )],
        );
    }
    let first = src
        .trim_start_matches('\u{feff}')
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .bytes()
        .next();
    if first == Some(b'{') {
        read_json::read_json(src)
    } else {
        read_yaml::read_yaml(src)
    }
}

/// Reads and resolves a template. `None` when it could not be read.
pub fn load<'s>(src: &'s str, options: &Options) -> (Option<Template<'s>>, Vec<Problem>) {
    let (root, mut problems) = read(src);
    let template = root.map(|root| build(src, &root, options, &mut problems));
    (template, problems)
}
