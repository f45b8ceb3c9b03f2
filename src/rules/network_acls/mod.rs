//! Area N of the catalog (rules.md).

use super::Rule;

/// The rules of area N, in code order.
pub const RULES: &[&Rule] = &[];
