//! Area L of the catalog (rules.md).

use super::Rule;

/// The rules of area L, in code order.
pub const RULES: &[&Rule] = &[];
