//! Area U of the catalog (rules.md).

use super::Rule;

/// The rules of area U, in code order.
pub const RULES: &[&Rule] = &[];
