//! The syntax layer: source text → tokens → AST with spans.
//!
//! **Architecture invariant:** this layer knows nothing of the layers above
//! it: no kinds, no attribute names, no value types; those are the
//! resolver's.

pub mod ast;
pub mod lexer;
pub mod parser;

pub use parser::{Parse, parse};
