//! Area X of the catalog (rules.md).

use super::Rule;

/// The rules of area X, in code order.
pub const RULES: &[&Rule] = &[];
