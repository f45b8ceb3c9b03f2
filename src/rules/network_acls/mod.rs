//! Area N of the catalog: network ACLs. N407 (acl-blocks-sg)
//! needs the reachability classes and lives in `reachability`.

pub mod n401_nacl_missing_return;
pub mod n402_nacl_shadowed_rule;
pub mod n403_nacl_too_many_rules;
pub mod n404_nacl_duplicate_number;
pub mod n405_nacl_number_range;
pub mod n406_subnet_multiple_acls;
pub mod n408_nacl_no_gap;
