//! Area G of the catalog (rules.md).

use super::Rule;

/// The rules of area G, in code order.
pub const RULES: &[&Rule] = &[];
