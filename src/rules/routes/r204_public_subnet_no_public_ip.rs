//! R204 public-subnet-no-public-ip.

use super::routing_label;
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R204,
    check,
};

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    for (sid, s) in ids(&m.subnets) {
        if s.public_ip() || !t.is_public(sid) {
            continue;
        }
        let mut dark = Vec::new();
        for &i in &t.instances_by_subnet[sid] {
            if !t.instance_has_public_address(m, i) {
                let inst = &m[i];
                let why = match inst.public_ip {
                    Some(_) => "has `public-ip off` and no EIP",
                    None => "gets no public IP and has no EIP",
                };
                dark.push((inst.decl.name_span, format!("{} {why}", inst.decl.name)));
            }
        }
        for &a in &t.asgs_by_subnet[sid] {
            let asg = &m[a];
            let lt = &m[asg.launch_template.node];
            if !lt.public_ip.is_some_and(|p| p.node) {
                dark.push((
                    asg.decl.name_span,
                    format!(
                        "{}'s instances get no public IP ({} does not set `public-ip on`)",
                        asg.decl.name, lt.decl.name
                    ),
                ));
            }
        }
        if dark.is_empty() {
            continue;
        }
        dark.dedup();
        let sname = &s.decl.name;
        let (primary, label) = match s.public_ip {
            Some(p) => (p.span, "public IPs are not mapped on launch"),
            None => (
                s.decl.name_span,
                "no `public-ip on`: public IPs are not mapped on launch",
            ),
        };
        let (span, text) = routing_label(m, t, sid);
        let mut d = cx
            .report(
                &RULE,
                primary,
                format!("public subnet {sname} hosts instances without a public address"),
            )
            .with_label(label)
            .with_secondary(span, text);
        for (span, text) in dark {
            d = d.with_secondary(span, text);
        }
        d.with_help(format!(
                "set `public-ip on` on {sname} (or on the instances), give them EIPs, or move them to a private subnet routed through a NAT gateway"
            ))
            .with_note(
                "without a public address an instance in a public subnet can neither be reached from the internet nor reach it",
            );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ONE_PUBLIC_SUBNET as BASE, diags};

    #[test]
    fn instances_with_eip_or_own_public_ip_are_reachable() {
        let src = format!(
            "{BASE}instance a {{ subnet pub-a; ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip on }}
instance b {{ subnet pub-a; ami ami-0c55b159cbfafe1f0; type t3.micro }}
eip b-ip {{ instance b }}
"
        );
        assert!(diags(&src, "R204").is_empty());
        let src = format!(
            "{src}instance c {{ subnet pub-a; ami ami-0c55b159cbfafe1f0; type t3.micro; public-ip off }}\n"
        );
        let d = diags(&src, "R204");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(&src), "pub-a");
        assert_eq!(d[0].secondary.len(), 2);
        assert_eq!(
            d[0].secondary[1].message,
            "c has `public-ip off` and no EIP"
        );
    }

    #[test]
    fn nat_and_lb_only_subnets_and_subnets_mapping_ips_are_fine() {
        let src = format!(
            "{BASE}eip ip {{}}
nat-gateway nat {{ subnet pub-a; eip ip }}
load-balancer lb {{ type network; subnets pub-a }}
subnet pub-b {{ vpc main; cidr 10.0.2.0/24; zone b; public-ip on }}
instance x {{ subnet pub-b; ami ami-0c55b159cbfafe1f0; type t3.micro }}
route-table b-rt {{ vpc main; subnets pub-b; route 0.0.0.0/0 -> igw }}
"
        );
        assert!(diags(&src, "R204").is_empty());
    }

    #[test]
    fn auto_scaling_groups_count_through_their_template() {
        let src = format!(
            "{BASE}launch-template lt {{ ami ami-0c55b159cbfafe1f0; type t3.micro }}
auto-scaling-group g {{ launch-template lt; subnets pub-a; min 1; max 2 }}
"
        );
        assert_eq!(diags(&src, "R204").len(), 1);
        let on = src.replace("type t3.micro }", "type t3.micro; public-ip on }");
        assert!(diags(&on, "R204").is_empty());
    }
}
