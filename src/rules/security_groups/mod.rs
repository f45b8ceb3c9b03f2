//! Area S of the catalog (rules.md).

use super::Rule;

/// The rules of area S, in code order.
pub const RULES: &[&Rule] = &[];
