//! A105 subnet-capacity.

use super::{block_size, thousands, v4};
use crate::catalog::Code;
use crate::model::side::IdVec;
use crate::model::{AsgId, InstanceId, LbId, LbType, Model, NatId, Subnet, SubnetId, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::A105,
    check,
};

/// Addresses AWS keeps in every subnet.
const RESERVED: u64 = 5;
/// Free addresses an Application Load Balancer needs in each of its subnets.
const ALB_ADDRESSES: u64 = 8;
/// Instance labels shown before the rest are summarised in a note.
const SHOWN_INSTANCES: usize = 3;

/// What one subnet must hold, with where each part comes from.
#[derive(Default)]
struct Plan {
    instances: u64,
    scaling: u64,
    nats: u64,
    lb_nodes: u64,
    labels: Vec<(Span, Label)>,
}

/// Where part of a plan comes from; put into words only for a subnet that
/// is reported (most are not).
enum Label {
    Instance(InstanceId),
    Scaling {
        asg: AsgId,
        each: u64,
        max: u64,
        subnets: u64,
    },
    Nat(NatId),
    Lb(LbId, &'static str),
}

impl Label {
    fn text(&self, m: &Model) -> String {
        match *self {
            Label::Instance(i) => format!("{}: 1 address", m[i].decl.name),
            Label::Scaling {
                asg,
                each,
                max,
                subnets,
            } => format!(
                "{}: up to {each} instance{} here (max {max} over {subnets} subnet{})",
                m[asg].decl.name,
                plural(each),
                plural(subnets)
            ),
            Label::Nat(n) => format!("{}: 1 address", m[n].decl.name),
            Label::Lb(lb, why) => format!("{}: {why}", m[lb].decl.name),
        }
    }
}

impl Plan {
    fn total(&self) -> u64 {
        self.instances + self.scaling + self.nats + self.lb_nodes
    }
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let t = cx.topo;
    let mut plans: IdVec<Subnet, Plan> = (0..m.subnets.len()).map(|_| Plan::default()).collect();

    for (i, list) in t.instances_by_subnet.iter() {
        let plan = &mut plans[i];
        plan.instances = list.len() as u64;
        for &inst in list.iter().take(SHOWN_INSTANCES) {
            plan.labels
                .push((m[inst].subnet.span, Label::Instance(inst)));
        }
    }
    for (id, asg) in ids(&m.auto_scaling_groups) {
        let subnets = distinct(asg.subnets.iter().map(|s| (s.node, s.span)));
        let Some(n) = std::num::NonZeroU64::new(subnets.len() as u64) else {
            continue;
        };
        let max = u64::from(asg.max.node);
        let each = max.div_ceil(n.get());
        if each == 0 {
            continue;
        }
        for (s, span) in subnets {
            let plan = &mut plans[s];
            plan.scaling += each;
            plan.labels.push((
                span,
                Label::Scaling {
                    asg: id,
                    each,
                    max,
                    subnets: n.get(),
                },
            ));
        }
    }
    for (i, list) in t.nats_by_subnet.iter() {
        plans[i].nats = list.len() as u64;
        for &nat in list {
            plans[i].labels.push((m[nat].subnet.span, Label::Nat(nat)));
        }
    }
    for (id, lb) in ids(&m.load_balancers) {
        let (each, why) = match lb.lb_type.node {
            LbType::Application => (
                ALB_ADDRESSES,
                "an application LB needs 8 free addresses in each subnet",
            ),
            LbType::Network => (1, "a network LB node: 1 address"),
        };
        for (s, span) in distinct(lb.subnets.iter().map(|s| (s.node, s.span))) {
            let plan = &mut plans[s];
            plan.lb_nodes += each;
            plan.labels.push((span, Label::Lb(id, why)));
        }
    }

    for ((_, s), plan) in ids(&m.subnets).zip(plans.into_values()) {
        let Some(net) = v4(&s.cidr.node) else {
            continue;
        };
        let size = block_size(net.prefix_len());
        let usable = size.saturating_sub(RESERVED);
        let need = plan.total();
        if need <= usable {
            continue;
        }
        let name = &s.decl.name;
        let mut d = cx
            .report(
                &RULE,
                s.cidr.span,
                format!(
                    "subnet {name} needs {} addresses but {net} has only {} usable",
                    thousands(need),
                    thousands(usable)
                ),
            )
            .with_label(format!(
                "{} addresses, {RESERVED} reserved by AWS, {} usable",
                thousands(size),
                thousands(usable)
            ));
        for (span, label) in &plan.labels {
            d = d.with_secondary(*span, label.text(m));
        }
        let mut parts = Vec::new();
        if plan.instances > 0 {
            parts.push(format!(
                "{} instance{}",
                plan.instances,
                plural(plan.instances)
            ));
        }
        if plan.scaling > 0 {
            parts.push(format!("{} for Auto Scaling at max", plan.scaling));
        }
        if plan.nats > 0 {
            parts.push(format!("{} NAT gateway{}", plan.nats, plural(plan.nats)));
        }
        if plan.lb_nodes > 0 {
            parts.push(format!("{} for load balancer nodes", plan.lb_nodes));
        }
        d = d.with_note(format!("{name} needs {} = {need}", parts.join(" + ")));
        let hidden = plan.instances.saturating_sub(SHOWN_INSTANCES as u64);
        if hidden > 0 {
            d = d.with_note(format!(
                "{hidden} more instance{} in {name} not labelled above",
                plural(hidden)
            ));
        }
        // Smallest block whose usable part holds everything.
        let bits = (need + RESERVED).next_power_of_two().trailing_zeros();
        let help = match 32u32.checked_sub(bits) {
            Some(prefix) if prefix >= 16 => format!(
                "give {name} a /{prefix} or larger block ({} usable addresses), or spread the load over more subnets",
                thousands((1u64 << bits) - RESERVED)
            ),
            _ => "more than even a /16 subnet can hold: spread the load over more subnets"
                .to_string(),
        };
        d.with_help(help);
    }
}

/// First occurrence of each subnet in a list, with its span.
fn distinct(items: impl Iterator<Item = (SubnetId, Span)>) -> Vec<(SubnetId, Span)> {
    let mut seen = std::collections::HashSet::new();
    items.filter(|(s, _)| seen.insert(*s)).collect()
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    fn a105(src: &str) -> Vec<crate::diagnostics::Diagnostic> {
        diags(src, "A105").into_iter().collect()
    }

    const BASE: &str = "vpc main { cidr 10.0.0.0/16 }
launch-template lt { ami ami-0abc1234; type t3.micro }
";

    #[test]
    fn asg_max_is_spread_with_ceiling_over_distinct_subnets() {
        // /28: 11 usable. max 21 over 2 subnets → 11 each: fits exactly.
        let fits = format!(
            "{BASE}subnet a {{ vpc main; cidr 10.0.0.0/28; zone a }}
subnet b {{ vpc main; cidr 10.0.0.16/28; zone b }}
auto-scaling-group g {{ launch-template lt; subnets a, b; min 1; max 21 }}
"
        );
        assert!(a105(&fits).is_empty());
        // max 23 → 12 each: both overflow.
        let over = fits.replace("max 21", "max 23");
        let d = a105(&over);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].message,
            "subnet a needs 12 addresses but 10.0.0.0/28 has only 11 usable"
        );
        assert_eq!(
            d[0].secondary[0].message,
            "g: up to 12 instances here (max 23 over 2 subnets)"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "give a a /27 or larger block (27 usable addresses), or spread the load over more subnets"
            )
        );
    }

    #[test]
    fn an_application_lb_needs_eight_and_a_network_lb_one() {
        // 11 usable: an instance + 2 NATs + ALB 8 = 11 fits; one more does not.
        let src = format!(
            "{BASE}subnet a {{ vpc main; cidr 10.0.0.0/28; zone a }}
subnet b {{ vpc main; cidr 10.0.0.16/28; zone b }}
instance i {{ subnet a; ami ami-0abc1234; type t3.micro }}
eip e1 {{}}
eip e2 {{}}
nat-gateway n1 {{ subnet a; eip e1 }}
nat-gateway n2 {{ subnet a; eip e2 }}
load-balancer alb {{ type application; subnets a, b }}
"
        );
        assert!(a105(&src).is_empty());
        let more = format!("{src}load-balancer nlb {{ type network; subnets a }}\n");
        let d = a105(&more);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].notes[0],
            "a needs 1 instance + 2 NAT gateways + 9 for load balancer nodes = 12"
        );
    }
}
