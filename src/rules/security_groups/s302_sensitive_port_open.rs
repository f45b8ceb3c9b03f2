//! S302 sensitive-port-open.
//!
//! Port-range containment, not equality: `tcp 20-25` opens FTP, SSH and
//! Telnet, and `all` opens every service of the list. A rule that gives the
//! whole internet SSH on a bastion is I503's (the more specific finding);
//! this rule stays silent on it so the same line is not reported twice.

use super::shared::{
    Host, SENSITIVE, Service, Use, bastion_ssh_open, bastions_by_vpc, example_range,
    exposed_services, first_user_label, name_list, open_source, opened_span, whole_internet_label,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Model, Protocol, SgId, SgRule, ids};
use crate::rules::{Context, Rule, Sink};
use ipnet::IpNet;

pub const RULE: Rule = Rule {
    code: "S302",
    name: "sensitive-port-open",
    severity: Severity::Warning,
    summary: "ingress from 0.0.0.0/0 or ::/0 to an admin or data port",
    docs: r#"## What it checks
Every `ingress` rule from `0.0.0.0/0` or `::/0` whose ports include an
administration or data port: SSH 22, RDP 3389, MySQL 3306, PostgreSQL 5432,
SQL Server 1433, Oracle 1521, Redis 6379, Memcached 11211, MongoDB 27017,
Elasticsearch 9200, the Docker API 2375, Kibana 5601, Telnet 23 and FTP 21.
A range counts when it contains the port (`tcp 20-25` opens SSH), and so does
protocol `all`; `udp` counts for the services that also listen on UDP (RDP
and Memcached). SSH open to the world on a bastion is reported as I503
instead.

## Why it matters
A security group is the instance's own firewall: inbound traffic is denied
unless a rule allows it, and `0.0.0.0/0` allows every address on the
internet. Internet-wide scanners find an open SSH, RDP or database port
within minutes and start guessing passwords or exploiting the service;
Redis, Memcached, MongoDB and Elasticsearch have historically run without
authentication by default, and Telnet, FTP and the Docker API send
credentials (or give root) in the clear. Admin ports belong to admins'
networks or a bastion; data ports belong to the application's own hosts.

## Example
```
security-group db-sg {
  vpc main
  description "database"
  ingress tcp 5432 from 0.0.0.0/0
}
```

## Use instead
```
security-group db-sg {
  vpc main
  description "database: only the app servers"
  ingress tcp 5432 from app-sg
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let mut bastions = None;
    for (id, sg) in ids(&m.security_groups) {
        for rule in &sg.ingress {
            let Some(source) = open_source(rule) else {
                continue;
            };
            let services = exposed_services(rule);
            if services.is_empty() || bastion_ssh_open(m, cx.topo, id, rule).is_some() {
                continue;
            }
            let mut d = Diagnostic::new(
                "S302",
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
            let bastions = bastions.get_or_insert_with(|| bastions_by_vpc(m, cx.topo));
            let bastion = bastions[sg.vpc.node.index()];
            out.push(d.with_help(help(m, id, bastion, rule, source, &services)));
        }
    }
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
