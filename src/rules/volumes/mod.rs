//! Area V of the catalog (rules.md).

use super::Rule;

/// The rules of area V, in code order.
pub const RULES: &[&Rule] = &[];
