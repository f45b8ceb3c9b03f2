//! Area L of the catalog: load balancers, their listeners and
//! target groups.

use crate::model::LbType;

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
pub mod l714_redirect_to_missing_https;
pub mod l715_invalid_headers_kept;
pub mod l716_listener_rule_conflict;

/// `application` / `network`, as written in the file.
pub fn lb_type_word(t: LbType) -> &'static str {
    match t {
        LbType::Application => "application",
        LbType::Network => "network",
    }
}

/// `an application load balancer` / `a network load balancer`.
pub fn a_lb(t: LbType) -> &'static str {
    match t {
        LbType::Application => "an application load balancer",
        LbType::Network => "a network load balancer",
    }
}

/// What a load balancer type speaks, for messages.
pub fn lb_layer(t: LbType) -> &'static str {
    match t {
        LbType::Application => "layer 7: http/https",
        LbType::Network => "layer 4: tcp/udp/tls/tcp_udp",
    }
}

/// The lecture's architecture (`examples/lecture.net`) is the reference design:
/// nothing in areas L and G may fire on it.
#[cfg(test)]
mod lecture {
    use crate::check::check_source;
    use crate::settings::Settings;

    const LECTURE: &str = include_str!("../../../examples/lecture.net");

    #[test]
    fn lecture_example_is_clean_for_areas_l_and_g() {
        let diags = check_source(LECTURE, &Settings::default());
        let ours: Vec<_> = diags
            .iter()
            .filter(|d| {
                d.code.as_str().starts_with('L')
                    || d.code.as_str().starts_with('G')
                    || d.code.is_error_in_file()
            })
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert!(ours.is_empty(), "{ours:#?}");
    }
}
