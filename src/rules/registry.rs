//! The one table from codes to rules.

use super::Rule;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every area's rules, in catalog order.
const AREAS: &[&[&Rule]] = &[
    super::errors::RULES,
    super::addressing::RULES,
    super::routes::RULES,
    super::security_groups::RULES,
    super::network_acls::RULES,
    super::instances::RULES,
    super::volumes::RULES,
    super::load_balancers::RULES,
    super::auto_scaling::RULES,
    super::reachability::RULES,
    super::suppressions::RULES,
];

/// Area letters in catalog order (rules.md).
const AREA_ORDER: &str = "EARSNIVLGXU";

/// All rules in catalog order: by area, then by code. Areas may hold codes
/// of another letter (N407 and I505 live with the reachability rules), so
/// the order is computed once, not taken from the lists.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    static SORTED: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    SORTED
        .get_or_init(|| {
            let mut v: Vec<&'static Rule> =
                AREAS.iter().flat_map(|area| area.iter().copied()).collect();
            v.sort_by_key(|r| (AREA_ORDER.find(&r.code[..1]).unwrap_or(usize::MAX), r.code));
            v
        })
        .iter()
        .copied()
}

/// The rule with this code (exact, case-sensitive). Every diagnostic asks
/// this for its default severity, so it is a hash lookup, not a scan.
pub fn lookup(code: &str) -> Option<&'static Rule> {
    static BY_CODE: OnceLock<HashMap<&'static str, &'static Rule>> = OnceLock::new();
    BY_CODE
        .get_or_init(|| all().map(|r| (r.code, r)).collect())
        .get(code)
        .copied()
}

/// Codes close to `code`, for "did you mean" hints.
pub fn similar(code: &str) -> Option<&'static str> {
    let upper = code.to_ascii_uppercase();
    if let Some(r) = lookup(&upper) {
        return Some(r.code);
    }
    crate::suggest::closest(code, all().flat_map(|r| [r.code, r.name]))
}
