//! The rules: one file per code of the catalog's rule areas, grouped in
//! one directory per area, and [`RULES`], the list the check runs.
//!
//! **Architecture invariant:** a rule reads the [`Model`], its [`Topology`]
//! and the analyses, and reports. It never parses text and never does I/O.
//!
//! Each rule file declares `pub static RULE: Rule` (its [`Code`] and its
//! check function) and reports through it. Its name, severity, summary and
//! documentation are the catalog's ([`crate::catalog`]).

pub mod addressing;
pub mod auto_scaling;
pub mod file_systems;
pub mod instances;
pub mod kit;
pub mod load_balancers;
pub mod network_acls;
pub mod reachability;
pub mod routes;
pub mod security_groups;
pub mod volumes;

use crate::analysis::Analysis;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::model::topology::Topology;
use crate::span::Span;
use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

/// What a rule sees, and where it reports.
pub struct Context<'a> {
    pub model: &'a Model,
    pub topo: &'a Topology,
    pub analysis: &'a Analysis<'a>,
    found: RefCell<Vec<Diagnostic>>,
}

impl<'a> Context<'a> {
    pub fn new(model: &'a Model, topo: &'a Topology, analysis: &'a Analysis<'a>) -> Self {
        Context {
            model,
            topo,
            analysis,
            found: RefCell::new(Vec::new()),
        }
    }

    /// Report a finding of `rule` at `span`. The returned builder adds the
    /// label, help and notes; the finding is recorded when it goes out of
    /// scope, so `cx.report(&RULE, span, msg).with_help(…);` is complete.
    pub fn report(&self, rule: &Rule, span: Span, message: impl Into<String>) -> Report<'_> {
        Report {
            diagnostic: Diagnostic::new(rule.code, span, message),
            found: &self.found,
        }
    }

    /// Everything reported so far, in the order it was reported.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found.into_inner()
    }
}

/// A finding being written; recorded in its [`Context`] on drop.
pub struct Report<'c> {
    diagnostic: Diagnostic,
    found: &'c RefCell<Vec<Diagnostic>>,
}

impl Report<'_> {
    /// The finding as `build` leaves it: the builder methods below are
    /// [`Diagnostic`]'s own.
    fn then(mut self, build: impl FnOnce(Diagnostic) -> Diagnostic) -> Self {
        let d = self.take();
        self.diagnostic = build(d);
        self
    }

    /// The finding, an empty stand-in left in its place (it allocates
    /// nothing).
    fn take(&mut self) -> Diagnostic {
        let empty = Diagnostic::new(self.diagnostic.code, self.diagnostic.span, String::new());
        std::mem::replace(&mut self.diagnostic, empty)
    }

    /// The text under the primary caret.
    pub fn with_label(self, label: impl Into<String>) -> Self {
        self.then(|d| d.with_label(label))
    }

    /// A related declaration ("first declared here").
    pub fn with_secondary(self, span: Span, message: impl Into<String>) -> Self {
        self.then(|d| d.with_secondary(span, message))
    }

    /// How to fix it, in the file's own terms.
    pub fn with_help(self, help: impl Into<String>) -> Self {
        self.then(|d| d.with_help(help))
    }

    /// Report this finding above its code's default severity (the user's
    /// `[severity]` choice for the code still wins).
    pub fn with_severity(self, severity: crate::catalog::Severity) -> Self {
        self.then(|d| d.with_severity(severity))
    }

    /// An extra explanation line.
    pub fn with_note(self, note: impl Into<String>) -> Self {
        self.then(|d| d.with_note(note))
    }

    /// A mechanical fix: the help line as an edit (see
    /// [`Diagnostic::with_suggestion`]).
    pub fn with_suggestion(
        self,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.then(|d| d.with_suggestion(message, span, replacement))
    }
}

impl Deref for Report<'_> {
    type Target = Diagnostic;

    fn deref(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

impl DerefMut for Report<'_> {
    fn deref_mut(&mut self) -> &mut Diagnostic {
        &mut self.diagnostic
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        let done = self.take();
        self.found.borrow_mut().push(done);
    }
}

/// A rule's check function: reads the context, reports through it.
pub type CheckFn = fn(&Context<'_>);

/// One rule: the code it reports and how it checks.
pub struct Rule {
    pub code: Code,
    pub check: CheckFn,
}

/// Every rule, in catalog order (the order they run in).
pub static RULES: &[&Rule] = &[
    &addressing::a101_subnet_outside_vpc::RULE,
    &addressing::a102_subnet_overlap::RULE,
    &addressing::a103_cidr_size::RULE,
    &addressing::a104_cidr_host_bits::RULE,
    &addressing::a105_subnet_capacity::RULE,
    &addressing::a106_public_vpc_range::RULE,
    &addressing::a107_subnet_ipv6_outside_vpc::RULE,
    &routes::r201_nat_in_private_subnet::RULE,
    &routes::r202_nat_without_eip::RULE,
    &routes::r203_public_ip_in_private_subnet::RULE,
    &routes::r204_public_subnet_no_public_ip::RULE,
    &routes::r205_gateway_vpc_mismatch::RULE,
    &routes::r206_cross_zone_nat::RULE,
    &routes::r207_implicit_main_route_table::RULE,
    &routes::r208_subnet_multiple_route_tables::RULE,
    &routes::r209_duplicate_route::RULE,
    &routes::r210_igw_not_attached::RULE,
    &routes::r211_unused_eip::RULE,
    &routes::r212_peering_cidr_overlap::RULE,
    &routes::r213_peering_no_return_route::RULE,
    &routes::r214_peering_not_transitive::RULE,
    &routes::r215_tgw_zone_without_attachment::RULE,
    &routes::r216_nat_for_gateway_endpoint_service::RULE,
    &routes::r217_route_family_mismatch::RULE,
    &routes::r218_endpoint_dns_needs_vpc_dns::RULE,
    &routes::r219_one_subnet_per_zone::RULE,
    &security_groups::s301_sg_deny_rule::RULE,
    &security_groups::s302_sensitive_port_open::RULE,
    &security_groups::s303_all_traffic_open::RULE,
    &security_groups::s304_redundant_return_rule::RULE,
    &security_groups::s305_ssh_bypasses_bastion::RULE,
    &security_groups::s306_sg_vpc_mismatch::RULE,
    &security_groups::s307_unused_security_group::RULE,
    &security_groups::s308_redundant_sg_rule::RULE,
    &security_groups::s309_wide_ingress_range::RULE,
    &security_groups::s310_sg_missing_description::RULE,
    &security_groups::s311_sg_rule_quota::RULE,
    &network_acls::n401_nacl_missing_return::RULE,
    &network_acls::n402_nacl_shadowed_rule::RULE,
    &network_acls::n403_nacl_too_many_rules::RULE,
    &network_acls::n404_nacl_duplicate_number::RULE,
    &network_acls::n405_nacl_number_range::RULE,
    &network_acls::n406_subnet_multiple_acls::RULE,
    &reachability::n407_acl_blocks_sg::RULE,
    &network_acls::n408_nacl_no_gap::RULE,
    &network_acls::n409_acl_allow_superseded::RULE,
    &network_acls::n410_acl_admin_port_open::RULE,
    &instances::i501_bastion_in_private_subnet::RULE,
    &instances::i502_bastion_without_public_ip::RULE,
    &instances::i503_bastion_open_to_world::RULE,
    &instances::i504_shared_key_pair::RULE,
    &reachability::i505_no_admin_path::RULE,
    &instances::i506_imdsv1_enabled::RULE,
    &instances::i507_secret_in_user_data::RULE,
    &instances::i508_ssm_without_profile::RULE,
    &instances::i509_unknown_instance_type::RULE,
    &instances::i510_previous_generation_type::RULE,
    &reachability::i511_unused_public_ip::RULE,
    &volumes::v601_volume_zone_mismatch::RULE,
    &volumes::v602_volume_multi_attach::RULE,
    &volumes::v603_volume_size_range::RULE,
    &volumes::v604_volume_unencrypted::RULE,
    &volumes::v605_device_name_conflict::RULE,
    &volumes::v606_unattached_volume::RULE,
    &volumes::v607_multi_attach_type::RULE,
    &volumes::v608_volume_performance_range::RULE,
    &file_systems::f101_efs_unencrypted::RULE,
    &file_systems::f102_efs_zone_without_mount_target::RULE,
    &file_systems::f103_efs_mount_targets_same_zone::RULE,
    &file_systems::f104_efs_open_to_world::RULE,
    &load_balancers::l701_listener_layer_mismatch::RULE,
    &load_balancers::l702_lb_single_zone::RULE,
    &load_balancers::l703_internet_facing_in_private_subnet::RULE,
    &load_balancers::l704_tls_without_certificate::RULE,
    &load_balancers::l705_plaintext_listener::RULE,
    &load_balancers::l706_target_protocol_mismatch::RULE,
    &load_balancers::l707_lb_subnets_same_zone::RULE,
    &load_balancers::l708_lb_vpc_mismatch::RULE,
    &load_balancers::l709_dualstack_without_ipv6::RULE,
    &load_balancers::l710_sticky_on_network_lb::RULE,
    &load_balancers::l711_no_health_check::RULE,
    &load_balancers::l712_orphan_target_group::RULE,
    &load_balancers::l713_outdated_tls_policy::RULE,
    &load_balancers::l714_redirect_to_missing_https::RULE,
    &load_balancers::l715_invalid_headers_kept::RULE,
    &load_balancers::l716_listener_rule_conflict::RULE,
    &auto_scaling::g801_asg_size_order::RULE,
    &auto_scaling::g802_asg_single_zone::RULE,
    &auto_scaling::g803_asg_ec2_health_check::RULE,
    &auto_scaling::g804_scaling_thresholds_overlap::RULE,
    &auto_scaling::g805_asg_public_instances::RULE,
    &auto_scaling::g806_asg_vpc_mismatch::RULE,
    &auto_scaling::g807_scaling_mixed::RULE,
    &auto_scaling::g808_scaling_fixed_size::RULE,
    &reachability::x901_exposed_service::RULE,
    &reachability::x902_listener_unreachable::RULE,
    &reachability::x903_targets_unreachable::RULE,
    &reachability::x904_bastion_cannot_reach::RULE,
    &reachability::x905_no_egress::RULE,
    &reachability::x906_efs_unreachable::RULE,
    &reachability::x907_ssm_unreachable::RULE,
    &reachability::x908_endpoint_unreachable::RULE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Origin;

    #[test]
    fn one_rule_per_code_of_the_rule_areas_in_catalog_order() {
        let codes: Vec<Code> = RULES.iter().map(|r| r.code).collect();
        let expected: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.area().origin() == Origin::Rules)
            .collect();
        assert_eq!(codes, expected);
    }
}
