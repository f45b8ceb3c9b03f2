//! N410 acl-admin-port-open.
//!
//! Deliberately narrower than Security Hub EC2.21 / CIS 5.1: only a rule
//! written for an admin port (a tcp or udp range of at most
//! [`NARROW`] ports holding 22 or 3389) is reported, so AWS's own
//! recommended reply rule (`1024-65535 from 0.0.0.0/0`) and `all` are not;
//! what such broad rules let through is N409's to explain. A rule counts
//! only if it decides the admin port for some packets (an earlier deny
//! may close it).

use crate::analysis::set::{FlowBox, Interval, PORT, cidr};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::N410,
    check,
};

/// The widest range still read as written for the port it holds.
const NARROW: u32 = 1000;

/// The admin ports: SSH and RDP.
const ADMIN: [(u16, &str); 2] = [(22, "SSH"), (3389, "RDP")];

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (aid, acl) in ids(&m.network_acls) {
        let prep = cx.analysis.prepared_acl(aid);
        let ev = prep.universe(Direction::In);
        let mut overflow = super::Overflow::default();
        for h in ev.hits.iter().filter(|h| h.allow) {
            let r = &acl.inbound[h.index];
            let (Some(ports), true) = (r.ports, r.protocol.node.has_ports()) else {
                continue;
            };
            if ports.node.width() > NARROW || r.cidr.node.prefix_len() != 0 {
                continue;
            }
            let open: Vec<&(u16, &str)> = ADMIN
                .iter()
                .filter(|(p, _)| ports.node.contains(*p))
                .filter(|(p, _)| {
                    let (fam, _) = cidr(&r.cidr.node);
                    let port = FlowBox::family(fam).with(PORT, Interval::point(u128::from(*p)));
                    !h.set.intersect_box(&port).is_empty()
                })
                .collect();
            let Some(&&(port, service)) = open.first() else {
                continue;
            };
            if !overflow.admit(r.number.node) {
                continue;
            }
            cx.report(
                &RULE,
                r.span,
                format!(
                    "{} of {} allows {service} ({} {port}) from {}",
                    r.name(),
                    acl.decl.name,
                    r.protocol.node,
                    r.cidr.node
                ),
            )
            .with_label(format!("{} {port} open to the whole internet", r.protocol.node))
            .with_help(format!(
                "allow {} {port} only from the addresses that administer these subnets (a bastion's subnet, the office range), or use Session Manager and remove the rule",
                r.protocol.node
            ));
        }
        overflow.summarize(
            cx,
            &RULE,
            acl,
            Direction::In,
            "open an admin port to 0.0.0.0/0 or ::/0",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn acl(rules: &str) -> String {
        format!("network-acl a {{ vpc main; subnets private-a\n{rules} }}\n")
    }

    #[test]
    fn rules_written_for_an_admin_port() {
        assert_eq!(
            fired(&acl("inbound 100 allow tcp 22 from 0.0.0.0/0"), "N410").len(),
            1
        );
        assert_eq!(
            fired(&acl("inbound 100 allow tcp 3000-3999 from ::/0"), "N410").len(),
            1
        );
        // The recommended reply range, `all`, a narrower source, outbound.
        for quiet in [
            "inbound 100 allow tcp 1024-65535 from 0.0.0.0/0",
            "inbound 100 allow all from 0.0.0.0/0",
            "inbound 100 allow tcp 22 from 198.51.100.0/24",
            "outbound 100 allow tcp 22 to 0.0.0.0/0",
            "inbound 90 deny tcp 22 from 0.0.0.0/0\ninbound 100 allow tcp 20-23 from 0.0.0.0/0",
        ] {
            assert!(fired(&acl(quiet), "N410").is_empty(), "{quiet}");
        }
    }
}
