//! Area L of the catalog: load balancers, their listeners and
//! target groups.

pub mod shared;

pub mod l701_listener_layer_mismatch;
pub mod l702_lb_single_zone;
pub mod l703_internet_facing_in_private_subnet;
pub mod l704_tls_without_certificate;
pub mod l705_plaintext_listener;
pub mod l706_target_protocol_mismatch;
pub mod l707_lb_subnets_same_zone;
pub mod l708_lb_vpc_mismatch;
pub mod l709_dualstack_without_ipv6;
pub mod l710_sticky_on_network_lb;
pub mod l711_no_health_check;
pub mod l712_orphan_target_group;
pub mod l713_outdated_tls_policy;
