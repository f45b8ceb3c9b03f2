//! I508 ssm-without-profile.
//!
//! The SSM agent registers the instance with Systems Manager using the
//! instance's credentials: without an instance profile (whose role holds
//! `AmazonSSMManagedInstanceCore`) it cannot, unless the account turns on
//! Default Host Management Configuration, which needs IMDSv2.

use crate::catalog::Code;
use crate::model::Imds;
use crate::rules::kit::hosts::Host;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I508,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for h in Host::all(m) {
        let access = h.access(m);
        if !access.ssm() || h.instance_profile(m).is_some() {
            continue;
        }
        let Some(span) = h.access_span(m) else {
            continue;
        };
        let imds = match h {
            Host::Instance(i) => m[i].imds(),
            Host::Template(t) => m[t].imds(),
        };
        let dhmc = if imds == Imds::V2 {
            "or turn on Systems Manager's Default Host Management Configuration for the account and region (it needs IMDSv2, which this host has)"
        } else {
            "Systems Manager's account-wide Default Host Management Configuration would need IMDSv2, and this host has `imds v1`"
        };
        cx.report(
            &RULE,
            span,
            format!(
                "{} is administered through Session Manager but has no instance profile",
                h.describe(m)
            ),
        )
        .with_label(format!("access {}", access.as_str()))
        .with_secondary(
            h.decl(m).name_span,
            "no `instance-profile`: the SSM agent cannot register",
        )
        .with_help(format!(
            "add `instance-profile <name>` naming a profile whose role has the AmazonSSMManagedInstanceCore policy, {dhmc}"
        ));
    }
}
