//! Area A of the catalog (rules.md).

use super::Rule;

/// The rules of area A, in code order.
pub const RULES: &[&Rule] = &[];
