//! Area G of the catalog: Auto Scaling groups, their sizes,
//! health checks and scaling policies.

pub mod g801_asg_size_order;
pub mod g802_asg_single_zone;
pub mod g803_asg_ec2_health_check;
pub mod g804_scaling_thresholds_overlap;
pub mod g805_asg_public_instances;
pub mod g806_asg_vpc_mismatch;
pub mod g807_scaling_mixed;
pub mod g808_scaling_fixed_size;
