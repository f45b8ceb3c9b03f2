//! Area N of the catalog (rules.md): network ACLs. N407 (acl-blocks-sg)
//! needs the reachability classes and lives in `reachability`.

use super::Rule;

pub mod n401_nacl_missing_return;
pub mod n402_nacl_shadowed_rule;
pub mod n403_nacl_too_many_rules;
pub mod n404_nacl_duplicate_number;
pub mod n405_nacl_number_range;
pub mod n406_subnet_multiple_acls;
pub mod n408_nacl_no_gap;

/// The rules of area N, in code order.
pub const RULES: &[&Rule] = &[
    &n401_nacl_missing_return::RULE,
    &n402_nacl_shadowed_rule::RULE,
    &n403_nacl_too_many_rules::RULE,
    &n404_nacl_duplicate_number::RULE,
    &n405_nacl_number_range::RULE,
    &n406_subnet_multiple_acls::RULE,
    &n408_nacl_no_gap::RULE,
];
