//! Area G of the catalog (rules.md): Auto Scaling groups, their sizes,
//! health checks and scaling policies.

use super::Rule;

pub mod g801_asg_size_order;
pub mod g802_asg_single_zone;
pub mod g803_asg_ec2_health_check;
pub mod g804_scaling_thresholds_overlap;
pub mod g805_asg_public_instances;
pub mod g806_asg_vpc_mismatch;
pub mod g807_scaling_mixed;
pub mod g808_scaling_fixed_size;

/// The rules of area G, in code order.
pub const RULES: &[&Rule] = &[
    &g801_asg_size_order::RULE,
    &g802_asg_single_zone::RULE,
    &g803_asg_ec2_health_check::RULE,
    &g804_scaling_thresholds_overlap::RULE,
    &g805_asg_public_instances::RULE,
    &g806_asg_vpc_mismatch::RULE,
    &g807_scaling_mixed::RULE,
    &g808_scaling_fixed_size::RULE,
];
