//! Area R of the catalog (rules.md).

use super::Rule;

/// The rules of area R, in code order.
pub const RULES: &[&Rule] = &[];
