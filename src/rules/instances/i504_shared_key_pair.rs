//! I504 shared-key-pair.
//!
//! Hosts are grouped by key-pair name in one pass; each bastion then gets
//! one finding listing the private hosts (instances in private subnets,
//! launch templates whose groups launch into one) that use its key.

use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::security_groups::shared::{Host, name_list};
use crate::rules::{Context, Rule, Sink};
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "I504",
    name: "shared-key-pair",
    severity: Severity::Info,
    summary: "a bastion and private instances share one key pair",
    docs: r#"## What it checks
Key pairs (`key-pair`) used both by a bastion and by instances in private
subnets (or launch templates whose Auto Scaling groups launch into private
subnets).

## Why it matters
Private instances have no public address: admins reach them by logging in to
the bastion first and hopping on from there. The tempting way to hop is to
copy the private key onto the bastion. Then the host most exposed to the
internet holds the one key that opens every private instance: whoever gets
into the bastion gets in everywhere. The hop does not need the key on the
bastion: `ssh -J` (ProxyJump) or agent forwarding keep it on the admin's
machine. Distinct key pairs for the bastion and the private hosts limit the
damage further.

## Example
```
instance bastion { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro; key-pair admin; role bastion }
instance app     { subnet private-a; ami ami-0c55b159cbfafe1f0; type t3.micro; key-pair admin }
```

## Use instead
```
instance bastion { subnet public-a; ami ami-0c55b159cbfafe1f0; type t3.micro; key-pair admin; role bastion }
instance app     { subnet private-a; ami ami-0c55b159cbfafe1f0; type t3.micro; key-pair app }
```
and connect with `ssh -J ec2-user@<bastion address> ec2-user@<app address>`.
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let topo = cx.topo;
    let mut bastions: Vec<Host> = Vec::new();
    let mut private_by_key: HashMap<&str, Vec<Host>> = HashMap::new();
    for h in Host::all(m) {
        let Some(key) = h.key_pair(m) else {
            continue;
        };
        if h.is_bastion(m) {
            bastions.push(h);
        } else if h.private_subnet(m, topo).is_some() {
            private_by_key.entry(key.node.as_str()).or_default().push(h);
        }
    }
    for b in bastions {
        let Some(key) = b.key_pair(m) else {
            continue;
        };
        let Some(private) = private_by_key.get(key.node.as_str()) else {
            continue;
        };
        let names: Vec<&str> = private.iter().map(|h| h.name(m)).collect();
        let mut d = Diagnostic::new(
            "I504",
            key.span,
            format!(
                "{} and private {} {} share key pair {}",
                b.bastion_subject(m).0,
                if private.len() == 1 { "host" } else { "hosts" },
                name_list(&names, 3),
                key.node
            ),
        )
        .with_label("the bastion's key");
        for h in private.iter().take(3) {
            if let Some(k) = h.key_pair(m) {
                d = d.with_secondary(k.span, format!("{} uses the same key", h.name(m)));
            }
        }
        let first = names.first().copied().unwrap_or("the private host");
        out.push(d.with_help(format!(
            "keep the private key of {} off {}: hop with `ssh -J <user>@{} <user>@{first}` (ProxyJump) or \
             agent forwarding, or give the private hosts a key pair of their own",
            key.node,
            b.name(m),
            b.name(m)
        )));
    }
}
