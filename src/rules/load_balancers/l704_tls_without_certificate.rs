//! L704 tls-without-certificate.
//!
//! The load balancer terminates TLS itself, so the certificate belongs on
//! the listener; without one the stack fails to create it.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{LbProtocol, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "L704",
    name: "tls-without-certificate",
    severity: Severity::Error,
    summary: "an https or tls listener with no certificate",
    docs: r#"## What it checks
Every `listener https …` and `listener tls …` must name a `certificate`
(an ACM certificate ARN).

## Why it matters
With an `https` or `tls` listener the load balancer terminates SSL/TLS: it
performs the handshake with each client and decrypts the traffic before
forwarding it. To do that it must present a certificate for your domain, and
hold its private key; AWS keeps both in Certificate Manager (ACM) and the
listener refers to the certificate by ARN. Without one, CloudFormation cannot
create the listener. (To pass encrypted traffic through untouched instead, use
a `tcp` listener on a network load balancer.)

## Example
```
listener https 443 -> app-tg
```

## Use instead
```
listener https 443 -> app-tg certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
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
            out.push(
                Diagnostic::new(
                    "L704",
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
                )),
            );
        }
    }
}
