//! I504 shared-key-pair.
//!
//! Hosts are grouped by key-pair name in one pass; each bastion then gets
//! one finding listing the private hosts (instances in private subnets,
//! launch templates whose groups launch into one) that use its key. The
//! list is written once per key pair, not once per bastion: a thousand
//! bastions on the key of a thousand hosts cost two thousand steps, not a
//! million.

use crate::catalog::Code;
use crate::rules::kit::hosts::Host;
use crate::rules::kit::text::name_list;
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::I504,
    check,
};

fn check(cx: &Context<'_>) {
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
    // Per key: the hosts named in the message, and their first name.
    let mut listed: HashMap<&str, (String, &str)> = HashMap::new();
    for b in bastions {
        let Some(key) = b.key_pair(m) else {
            continue;
        };
        let Some(private) = private_by_key.get(key.node.as_str()) else {
            continue;
        };
        let (names, first) = listed.entry(key.node.as_str()).or_insert_with(|| {
            let all: Vec<&str> = private.iter().map(|h| h.name(m)).collect();
            (name_list(&all, 3), all[0])
        });
        let mut d = cx
            .report(
                &RULE,
                key.span,
                format!(
                    "{} and private {} {} share key pair {}",
                    b.bastion_subject(m).0,
                    if private.len() == 1 { "host" } else { "hosts" },
                    names,
                    key.node
                ),
            )
            .with_label("the bastion's key");
        for h in private.iter().take(3) {
            if let Some(k) = h.key_pair(m) {
                d = d.with_secondary(k.span, format!("{} uses the same key", h.name(m)));
            }
        }
        d.with_help(format!(
            "keep the private key of {} off {}: hop with `ssh -J <user>@{} <user>@{first}` (ProxyJump) or \
             agent forwarding, or give the private hosts a key pair of their own",
            key.node,
            b.name(m),
            b.name(m)
        ));
    }
}
