//! S302 sensitive-port-open.
//!
//! Port-range containment, not equality: `tcp 20-25` opens FTP, SSH and
//! Telnet, and `all` opens every service of the list. A rule that gives the
//! whole internet SSH on a bastion is I503's (the more specific finding);
//! this rule stays silent on it so the same line is not reported twice,
//! and likewise on a rule that opens everything (S303's error). On a group
//! that only load balancers wear, the help speaks of their listener ports.

use crate::catalog::Code;
use crate::model::topology::SgUser;
use crate::model::{Model, Protocol, SgId, SgRule, ids};
use crate::rules::kit::hosts::{Host, bastions_by_vpc, first_user_label};
use crate::rules::kit::security::{
    SENSITIVE, Service, Use, bastion_ssh_open, example_range, exposed_services, open_source,
    opened_span, opens_everything, whole_internet_label,
};
use crate::rules::kit::text::name_list;
use crate::rules::{Context, Rule};
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::S302,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let mut bastions = None;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.ingress {
            let Some(source) = open_source(rule) else {
                continue;
            };
            let services = exposed_services(rule);
            if services.is_empty()
                || opens_everything(rule)
                || bastion_ssh_open(m, cx.topo, id, rule).is_some()
            {
                continue;
            }
            let mut d = cx
                .report(
                    &RULE,
                    opened_span(rule),
                    format!(
                        "security group {} opens {} to the whole internet",
                        sg.decl.name,
                        describe(&services)
                    ),
                )
                .with_label(primary_label(&services))
                .with_secondary(rule.peer.span, whole_internet_label(&source));
            if let Some((span, text)) = first_user_label(m, cx.topo, id) {
                d = d.with_secondary(span, text);
            }
            if services.len() > MAX_NAMED {
                let all: Vec<String> = services.iter().map(|s| s.describe()).collect();
                d = d.with_note(format!("exposed: {}", all.join(", ")));
            }
            if let Some(help) = listener_help(cx, id, source, &services) {
                d.with_help(help);
                continue;
            }
            let bastions = bastions.get_or_insert_with(|| bastions_by_vpc(m, cx.topo));
            let bastion = bastions[sg.vpc.node];
            d.with_help(help(m, id, bastion, rule, source, &services));
        }
    }
}

/// For a group only load balancers wear: what their listeners need open
/// (the only ports a load balancer's group has to admit).
fn listener_help(
    cx: &Context<'_>,
    sg: SgId,
    source: IpNet,
    services: &[&Service],
) -> Option<String> {
    let m = cx.model;
    let users = &cx.topo.sg_users[sg];
    let mut lbs = Vec::new();
    for u in users {
        match u {
            SgUser::LoadBalancer(lb) => lbs.push(*lb),
            _ => return None,
        }
    }
    lbs.first()?;
    let mut ports: Vec<u16> = lbs
        .iter()
        .flat_map(|lb| m[*lb].listeners.iter().map(|l| l.port.node))
        .collect();
    ports.sort_unstable();
    ports.dedup();
    let names: Vec<String> = lbs.iter().map(|lb| m[*lb].decl.name.clone()).collect();
    let who = format!(
        "{} is worn only by load balancer{} {}",
        m[sg].decl.name,
        if lbs.len() > 1 { "s" } else { "" },
        name_list(&names, MAX_NAMED)
    );
    // A listener on the sensitive port itself: opening only the listener
    // ports would be this very rule, so the advice is about the listener.
    let published: Vec<&&Service> = services
        .iter()
        .filter(|s| ports.binary_search(&s.port).is_ok())
        .collect();
    Some(if ports.is_empty() {
        format!("{who}, which has no listener: remove this rule")
    } else if let Some(s) = published.first() {
        format!(
            "{who}, whose listener on port {port} publishes {} to the internet: admit only the networks of its clients (`ingress tcp {port} from <their range>`), or make the load balancer `scheme internal`",
            s.name,
            port = s.port
        )
    } else {
        let list: Vec<String> = ports.iter().map(u16::to_string).collect();
        format!(
            "{who}: open only {} listener ports (`ingress tcp {} from {source}`); admin and data ports belong on the targets' groups, from known sources",
            if lbs.len() > 1 { "their" } else { "its" },
            list.join(", ")
        )
    })
}

/// How many services a message names before summarizing the rest.
const MAX_NAMED: usize = 3;

fn describe(services: &[&Service]) -> String {
    let names: Vec<String> = services.iter().map(|s| s.describe()).collect();
    if services.len() <= MAX_NAMED {
        name_list(&names, MAX_NAMED)
    } else {
        format!(
            "{} and {} more admin and data ports",
            names[..MAX_NAMED].join(", "),
            services.len() - MAX_NAMED
        )
    }
}

fn primary_label(services: &[&Service]) -> String {
    match services {
        [one] => one.name.to_string(),
        _ if services.len() == SENSITIVE.len() => "every admin and data port".to_string(),
        _ => format!("includes {}", name_list(&names(services), MAX_NAMED)),
    }
}

fn names(services: &[&Service]) -> Vec<&'static str> {
    services.iter().map(|s| s.name).collect()
}

fn help(
    m: &Model,
    sg: SgId,
    bastion: Option<Host>,
    rule: &SgRule,
    cidr: IpNet,
    services: &[&Service],
) -> String {
    let admin = services.iter().all(|s| s.kind == Use::Admin);
    let data = services.iter().all(|s| s.kind == Use::Data);
    if admin {
        // A bastion in the same VPC with a group of its own is the way in
        // the file already describes.
        let bastion_sg = bastion
            .and_then(|h| h.security_groups(m).items.first().map(|g| g.node))
            .filter(|&g| g != sg);
        let via = match bastion_sg {
            Some(g) => format!(" or from {}, the bastion's group", m[g].decl.name),
            None => String::new(),
        };
        format!(
            "replace {cidr} with your admin network's range (e.g. `from {}`){via}; \
             AWS Systems Manager Session Manager needs no inbound port at all",
            example_range(&cidr)
        )
    } else if data {
        let port = services.first().map_or(0, |s| s.port);
        let proto = match rule.protocol.node {
            Protocol::Udp => "udp",
            _ => "tcp",
        };
        format!(
            "a {} port should accept only its clients: replace {cidr} with the security group \
             of the instances that connect to it (`ingress {proto} {port} from <their group>`)",
            name_list(&names(services), MAX_NAMED)
        )
    } else {
        format!(
            "open only the ports the service needs, and admin and data ports only to the networks \
             or security groups that use them, not {cidr}"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    #[test]
    fn not_on_what_s303_reports() {
        let g = "security-group g { vpc main; ingress all from 0.0.0.0/0 }\n\
                 instance i { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups g }\n";
        assert!(fired(g, "S302").is_empty());
        assert_eq!(fired(g, "S303").len(), 1);
    }

    /// The help of the one S302 finding on group `edge`, opened to the
    /// internet on `opened` and worn only by an NLB listening on `port`.
    fn nlb_help(opened: &str, port: u16) -> String {
        let src = format!(
            "security-group edge {{ vpc main; ingress tcp {opened} from 0.0.0.0/0 }}\n\
             target-group t {{ vpc main; protocol tcp; port {port}; health-check tcp }}\n\
             load-balancer nlb {{ type network; subnets public-a, public-c; security-groups edge\n\
             listener tcp {port} -> t }}\n"
        );
        let d = fired(&src, "S302");
        assert_eq!(d.len(), 1);
        d[0].help.clone().unwrap_or_default()
    }

    #[test]
    fn a_load_balancer_group_is_told_its_listener_ports() {
        let help = nlb_help("22, 443", 443);
        assert!(help.contains("worn only by load balancer nlb"), "{help}");
        assert!(help.contains("`ingress tcp 443 from 0.0.0.0/0`"), "{help}");
    }

    #[test]
    fn a_listener_on_the_sensitive_port_is_not_told_to_open_it() {
        let help = nlb_help("3306", 3306);
        assert!(
            help.contains("whose listener on port 3306 publishes MySQL"),
            "{help}"
        );
        assert!(!help.contains("from 0.0.0.0/0`"), "{help}");
    }
}
