//! X904 bastion-cannot-reach.

use super::{blocker_help, blocker_label, ssh_intent};
use crate::analysis::classes::{ClassKind, is_bastion, member_name};
use crate::analysis::explain::sg_rule_text;
use crate::analysis::path::{Mode, Place, Traffic, Verdict};
use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "X904",
    name: "bastion-cannot-reach",
    severity: Severity::Warning,
    summary: "SSH from a bastion to a private instance in its VPC is blocked somewhere",
    docs: "## What it checks
For every bastion (`role bastion`) and every private instance or Auto Scaling
group of its VPC whose security groups admit SSH from that bastion (a rule
naming the bastion's group, or a CIDR that covers its subnet), follows tcp 22
from the bastion to the instance: the bastion's security groups outbound, the
network ACLs of both subnets both ways, the route and the target's security
groups. It reports the pairs where the path is blocked, naming the first
component that blocks.

## Why it matters
The security group says SSH from the bastion is meant to work, so this is the
administrator's only way in. Finding out during an incident that a
stateless ACL drops the replies, or that the bastion's own egress rules never
let SSH out, costs the time the incident does not have.

## Example
```
security-group app-sg { vpc main; ingress tcp 22 from bastion-sg }
network-acl private-acl {
  vpc main
  subnets private-a
  inbound 100 allow tcp 22 from 10.0.1.0/24
}
```

## Use instead
```
network-acl private-acl {
  vpc main
  subnets private-a
  inbound 100 allow tcp 22 from 10.0.1.0/24
  outbound 100 allow tcp 32768-65535 to 10.0.1.0/24
}
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let an = cx.analysis;
    let classes = an.classes();
    // Each class looks only at the bastions of its own VPC.
    let by_vpc = an.bastion_classes();
    let ssh = Traffic::tcp(&[22]);
    for (cid, class) in classes.list.iter().enumerate() {
        if class.kind != ClassKind::Hosts || cx.topo.is_public(class.subnet) {
            continue;
        }
        for &b in &by_vpc[class.vpc] {
            if b == cid {
                continue;
            }
            let bastion = classes.get(b);
            let Some((sg, rule)) = ssh_intent(m, bastion, class) else {
                continue;
            };
            let (from, to) = (Place::Class(b), Place::Class(cid));
            let quick = an.trace(&from, &to, &ssh, Mode::Verdict);
            if quick.iter().all(|l| l.verdict() == Verdict::Reachable) {
                continue;
            }
            let legs = an.trace(&from, &to, &ssh, Mode::Normal);
            let Some(leg) = legs.iter().find(|l| l.verdict() != Verdict::Reachable) else {
                continue;
            };
            let Some(step) = leg.first_blocker() else {
                continue;
            };
            let bname: Vec<&str> = bastion
                .members
                .iter()
                .filter(|x| is_bastion(m, **x))
                .map(|x| member_name(m, *x))
                .collect();
            let bname = bname.join(", ");
            let r = &m[sg].ingress[rule];
            for member in class.members.iter().filter(|x| !is_bastion(m, **x)) {
                let name = member_name(m, *member);
                let mut d = Diagnostic::new(
                    "X904",
                    r.span,
                    format!(
                        "ssh from bastion {bname} to {name} in {} is blocked by {}",
                        m[class.subnet].decl.name,
                        an.hop_text(&step.hop)
                    ),
                )
                .with_label(format!(
                    "`{}` intends ssh from {bname}",
                    sg_rule_text(m, sg, r)
                ));
                if let Some((s, t)) = super::blocker_label(an, step) {
                    d = d.with_secondary(s, t);
                }
                let peer = bastion
                    .sgs
                    .first()
                    .map(|g| m[*g].decl.name.clone())
                    .unwrap_or_else(|| m[bastion.subnet].cidr.node.to_string());
                let _ = blocker_label;
                d = d
                    .with_note(an.blocker_sentence(step))
                    .with_help(blocker_help(an, step, "tcp 22", &peer));
                out.push(d);
            }
        }
    }
}
