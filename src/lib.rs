//! netlint: a linter and CloudFormation generator for AWS network
//! descriptions. See ARCHITECTURE.md for the map.

pub mod analysis;
pub mod catalog;
pub mod cfn;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod lower;
pub mod lsp;
pub mod model;
pub mod render;
pub mod rules;
pub mod settings;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod syntax;
pub mod template_check;
