//! Area I of the catalog (rules.md).

use super::Rule;

/// The rules of area I, in code order.
pub const RULES: &[&Rule] = &[];
