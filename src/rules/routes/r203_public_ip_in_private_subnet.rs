//! R203 public-ip-in-private-subnet.

use super::{PublicSubnets, routing_label};
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Report, Rule};

pub static RULE: Rule = Rule {
    code: Code::R203,
    check,
};

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    let mut public: Option<PublicSubnets> = None;

    // Instances that ask for a public IP themselves.
    for (_, inst) in ids(&m.instances) {
        let Some(p) = inst.public_ip.filter(|p| p.node) else {
            continue;
        };
        let subnet = inst.subnet.node;
        if t.is_public(subnet) {
            continue;
        }
        let s = &m[subnet];
        let (iname, sname) = (&inst.decl.name, &s.decl.name);
        let (span, text) = routing_label(m, t, subnet);
        let public = public.get_or_insert_with(|| PublicSubnets::new(m, t));
        let help = match public.in_zone(m, s.vpc.node, &s.zone.node) {
            Some(ps) => format!(
                "remove `public-ip on` from {iname}, or move {iname} to {} if it must be reachable from the internet",
                m[ps].decl.name
            ),
            None => format!(
                "remove `public-ip on` from {iname}; reach it through a bastion or a load balancer instead"
            ),
        };
        cx.report(
            &RULE,
            p.span,
            format!("instance {iname} gets a public IP in private subnet {sname}"),
        )
        .with_label("useless: no route to an internet gateway")
        .with_secondary(inst.subnet.span, format!("{sname} is private"))
        .with_secondary(span, text)
        .with_help(help);
    }

    // Launch templates that ask for one, in the private subnets of the
    // groups that use them.
    for (lt_id, lt) in ids(&m.launch_templates) {
        let Some(p) = lt.public_ip.filter(|p| p.node) else {
            continue;
        };
        let mut d: Option<Report<'_>> = None;
        let mut private = Vec::new();
        for &asg_id in &t.lt_asgs[lt_id] {
            let asg = &m[asg_id];
            for s in asg.subnets.iter() {
                if t.is_public(s.node) {
                    continue;
                }
                let sname = &m[s.node].decl.name;
                if !private.contains(&sname) {
                    private.push(sname);
                }
                let label = format!(
                    "{} launches {} instances into {sname}, a private subnet",
                    asg.decl.name, lt.decl.name
                );
                d = Some(
                    d.unwrap_or_else(|| {
                        cx.report(
                            &RULE,
                            p.span,
                            format!(
                                "launch template {} gives public IPs to instances in private subnets",
                                lt.decl.name
                            ),
                        )
                        .with_label("useless in a private subnet")
                    })
                    .with_secondary(s.span, label),
                );
            }
        }
        if let Some(d) = d {
            let list = private
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            d.with_help(format!(
                "set `public-ip off` on {} (instances in {list} can reach the internet only through a NAT gateway), or launch its groups into public subnets only",
                lt.decl.name
            ));
        }
    }

    // Private subnets that hand a public IP to whatever does not decide
    // for itself.
    for (sid, s) in ids(&m.subnets) {
        let Some(p) = s.public_ip.filter(|p| p.node) else {
            continue;
        };
        if t.is_public(sid) {
            continue;
        }
        let mut heirs = Vec::new();
        for &i in &t.instances_by_subnet[sid] {
            let inst = &m[i];
            if inst.public_ip.is_none() {
                heirs.push((
                    inst.decl.name_span,
                    format!("{} inherits it", inst.decl.name),
                ));
            }
        }
        for &a in &t.asgs_by_subnet[sid] {
            let asg = &m[a];
            let lt = &m[asg.launch_template.node];
            if lt.public_ip.is_none() {
                heirs.push((
                    asg.decl.name_span,
                    format!(
                        "{}'s instances inherit it ({} does not set `public-ip`)",
                        asg.decl.name, lt.decl.name
                    ),
                ));
            }
        }
        if heirs.is_empty() {
            continue;
        }
        heirs.dedup();
        let sname = &s.decl.name;
        let (span, text) = routing_label(m, t, sid);
        let mut d = cx
            .report(
                &RULE,
                p.span,
                format!("private subnet {sname} maps public IPs on launch"),
            )
            .with_label("useless: no route to an internet gateway")
            .with_secondary(span, text);
        for (span, text) in heirs {
            d = d.with_secondary(span, text);
        }
        d.with_help(format!(
            "remove `public-ip on` from {sname}; only a subnet whose route table sends 0.0.0.0/0 to an internet gateway can use public IPs"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    const BASE: &str = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet pub-a { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }
subnet priv-a { vpc main; cidr 10.0.11.0/24; zone a }
subnet priv-b { vpc main; cidr 10.0.12.0/24; zone b; public-ip on }
route-table public-rt { vpc main; subnets pub-a; route 0.0.0.0/0 -> igw }
route-table private-rt { vpc main; subnets priv-a, priv-b }
";

    #[test]
    fn explicit_instance_setting() {
        let src = format!(
            "{BASE}instance i1 {{ subnet priv-a; ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip on }}
instance i2 {{ subnet pub-a; ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip on }}
instance i3 {{ subnet priv-b; ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip off }}
"
        );
        let d = diags(&src, "R203");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.text(&src), "on");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "remove `public-ip on` from i1, or move i1 to pub-a if it must be reachable from the internet"
            )
        );
    }

    #[test]
    fn inherited_from_a_private_subnet() {
        let src = format!(
            "{BASE}instance i1 {{ subnet priv-b; ami ami-0c55b159cbfafe1f0; type t3.micro }}
launch-template lt {{ ami ami-0c55b159cbfafe1f0; type t3.micro }}
auto-scaling-group g {{ launch-template lt; subnets priv-b; min 1; max 2 }}
"
        );
        let d = diags(&src, "R203");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "private subnet priv-b maps public IPs on launch"
        );
        assert_eq!(d[0].secondary.len(), 3);
    }

    #[test]
    fn launch_template_through_its_groups() {
        let src = format!(
            "{BASE}launch-template lt {{ ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip on }}
auto-scaling-group g1 {{ launch-template lt; subnets pub-a, priv-a; min 1; max 2 }}
auto-scaling-group g2 {{ launch-template lt; subnets priv-a; min 1; max 2 }}
launch-template ok {{ ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip on }}
auto-scaling-group g3 {{ launch-template ok; subnets pub-a; min 1; max 2 }}
"
        );
        let d = diags(&src, "R203");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].secondary.len(), 2);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "set `public-ip off` on lt (instances in priv-a can reach the internet only through a NAT gateway), or launch its groups into public subnets only"
            )
        );
    }
}
