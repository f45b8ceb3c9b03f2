//! L704 tls-without-certificate.
//!
//! The load balancer terminates TLS itself, so the certificate belongs on
//! the listener; without one the stack fails to create it.

use crate::catalog::Code;
use crate::model::{LbProtocol, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L704,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        for l in &lb.listeners {
            let proto = l.protocol.node;
            if !matches!(proto, LbProtocol::Https | LbProtocol::Tls) || l.certificate.is_some() {
                continue;
            }
            let region = cx
                .model
                .region
                .as_ref()
                .map_or("<region>", |r| r.node.as_str());
            cx.report(
                &RULE,
                l.protocol.span,
                format!(
                    "{proto} listener on port {} of {} has no certificate",
                    l.port.node, lb.decl.name
                ),
            )
            .with_label(format!(
                "{proto} terminates TLS here and needs a certificate"
            ))
            .with_help(format!(
                "add the ACM certificate for your domain to the listener: \
                     `certificate arn:aws:acm:{region}:<account>:certificate/<id>`"
            ));
        }
    }
}
