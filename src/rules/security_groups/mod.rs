//! Area S of the catalog: security groups.

#[cfg(test)]
pub(crate) mod tests;

pub mod s301_sg_deny_rule;
pub mod s302_sensitive_port_open;
pub mod s303_all_traffic_open;
pub mod s304_redundant_return_rule;
pub mod s305_ssh_bypasses_bastion;
pub mod s306_sg_vpc_mismatch;
pub mod s307_unused_security_group;
pub mod s308_redundant_sg_rule;
pub mod s309_wide_ingress_range;
pub mod s310_sg_missing_description;
pub mod s311_sg_rule_quota;
