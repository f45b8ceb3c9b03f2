//! S306 sg-vpc-mismatch.
//!
//! The VPC of what wears a group: an instance's subnet's VPC; a load
//! balancer's first subnet's VPC (L708 reports subnets that disagree); a
//! launch template's, the VPC of each Auto Scaling group launching it (first
//! subnet; G806 reports groups whose subnets disagree); a file system's,
//! its `vpc`. A template launched into several VPCs is checked against
//! each of them, once per VPC. A rule may name a group of a VPC peered
//! with its own (a `vpc-peering` between two VPCs of the file: same
//! account and region).

use crate::catalog::Code;
use crate::model::{List, Model, Peer, SgId, VpcId, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::S306,
    check,
};

/// What wears a list of groups, and why it runs in the VPC it does.
struct Wearer<'a> {
    who: String,
    because: (Span, String),
    fix: &'a str,
}

/// Each group of `groups` that belongs to another VPC than `vpc`, the VPC
/// its wearer runs in (`wearer` is asked only when one does).
fn check_groups<'a>(
    cx: &Context<'_>,
    groups: &List<SgId>,
    vpc: VpcId,
    wearer: impl Fn() -> Wearer<'a>,
) {
    let m = cx.model;
    for item in groups.iter() {
        let sg = &m[item.node];
        if sg.vpc.node == vpc {
            continue;
        }
        let x = wearer();
        let (sg_vpc, vpc) = (&m[sg.vpc.node].decl.name, &m[vpc].decl.name);
        cx.report(
            &RULE,
            item.span,
            format!(
                "{} in VPC {vpc} uses security group {} of VPC {sg_vpc}",
                x.who, sg.decl.name
            ),
        )
        .with_label(format!("{} belongs to VPC {sg_vpc}", sg.decl.name))
        .with_secondary(sg.vpc.span, format!("{}'s VPC", sg.decl.name))
        .with_secondary(x.because.0, x.because.1)
        .with_help(format!(
            "a security group works only inside its own VPC: {} a group declared with `vpc {vpc}`",
            x.fix
        ));
    }
}

/// `{name} is in VPC {vpc}`: why a wearer runs in `vpc`.
fn in_vpc(m: &Model, name: &str, vpc: VpcId) -> String {
    format!("{name} is in VPC {}", m[vpc].decl.name)
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let topo = cx.topo;
    for (_, inst) in ids(&m.instances) {
        let sub = &m[inst.subnet.node];
        check_groups(cx, &inst.security_groups, sub.vpc.node, || Wearer {
            who: format!("instance {}", inst.decl.name),
            because: (inst.subnet.span, in_vpc(m, &sub.decl.name, sub.vpc.node)),
            fix: "give the instance",
        });
    }
    for (_, lb) in ids(&m.load_balancers) {
        let Some(first) = lb.subnets.items.first() else {
            continue;
        };
        let sub = &m[first.node];
        check_groups(cx, &lb.security_groups, sub.vpc.node, || Wearer {
            who: format!("load balancer {}", lb.decl.name),
            because: (first.span, in_vpc(m, &sub.decl.name, sub.vpc.node)),
            fix: "give the load balancer",
        });
    }
    for (_, fs) in ids(&m.file_systems) {
        check_groups(cx, &fs.security_groups, fs.vpc.node, || Wearer {
            who: format!("file system {}", fs.decl.name),
            because: (fs.vpc.span, in_vpc(m, &fs.decl.name, fs.vpc.node)),
            fix: "give its mount targets",
        });
    }
    for (lt_id, lt) in ids(&m.launch_templates) {
        let mut seen: Vec<VpcId> = Vec::new();
        for &asg_id in &topo.lt_asgs[lt_id] {
            let asg = &m[asg_id];
            let Some(first) = asg.subnets.items.first() else {
                continue;
            };
            let sub = &m[first.node];
            if seen.contains(&sub.vpc.node) {
                continue;
            }
            seen.push(sub.vpc.node);
            check_groups(cx, &lt.security_groups, sub.vpc.node, || Wearer {
                who: format!("launch template {}", lt.decl.name),
                because: (
                    first.span,
                    format!(
                        "{} launches it into {}, in VPC {}",
                        asg.decl.name, sub.decl.name, m[sub.vpc.node].decl.name
                    ),
                ),
                fix: "give the template",
            });
        }
    }
    for (_, sg) in ids(&m.security_groups) {
        for rule in sg.ingress.iter().chain(&sg.egress) {
            let Peer::Group(other) = rule.peer.node else {
                continue;
            };
            let peer = &m[other];
            if peer.vpc.node == sg.vpc.node {
                continue;
            }
            // A group of a peered VPC (same account and region: both in
            // the file) may be named across the peering.
            if m.peered(sg.vpc.node, peer.vpc.node) {
                continue;
            }
            let (vpc, peer_vpc) = (&m[sg.vpc.node].decl.name, &m[peer.vpc.node].decl.name);
            cx.report(
                    &RULE,
                    rule.peer.span,
                    format!(
                        "a rule of security group {} (VPC {vpc}) names security group {} of VPC {peer_vpc}",
                        sg.decl.name, peer.decl.name
                    ),
                )
                .with_label(format!("{} belongs to VPC {peer_vpc}", peer.decl.name))
                .with_secondary(peer.vpc.span, format!("{}'s VPC", peer.decl.name))
                .with_secondary(sg.vpc.span, format!("{}'s VPC", sg.decl.name))
                .with_help(format!(
                    "a rule can only name groups of its own VPC or of a VPC peered with it: name a \
                     group of {vpc}, the CIDR block the traffic comes from, or peer the two VPCs \
                     (`vpc-peering <name> {{ vpc {vpc}; peer-vpc {peer_vpc} }}`)"
                ));
        }
    }
}
