//! L714 redirect-to-missing-https.
//!
//! `listener http 80 redirect https 443` sends browsers to port 443 of
//! the same load balancer: without an https listener there, every
//! redirected request fails.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L714,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        for l in &lb.listeners {
            let ListenerAction::Redirect { port, .. } = &l.action else {
                continue;
            };
            let target = lb.listener_on(port.node).map(|k| &lb.listeners[k]);
            if target.is_some_and(|t| t.protocol.node == LbProtocol::Https) {
                continue;
            }
            let mut d = cx
                .report(
                    &RULE,
                    port.span,
                    format!(
                        "load balancer {} redirects http {} to https {}, but has no https listener on port {}",
                        lb.decl.name, l.port.node, port.node, port.node
                    ),
                )
                .with_label("no https listener on this port");
            d = match target {
                Some(t) => d
                    .with_secondary(
                        t.span,
                        format!("port {} speaks {}, not https", port.node, t.protocol.node),
                    )
                    .with_help(format!(
                        "make the listener on port {} https (with a certificate), or redirect to the port of the https listener",
                        port.node
                    )),
                None => d.with_help(format!(
                    "add `listener https {} -> <target-group> certificate <arn>` to {}, or redirect to the port of its https listener",
                    port.node, lb.decl.name
                )),
            };
            d.with_note("every redirected request would fail: the browser is sent to a port nothing answers as https");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    #[test]
    fn a_redirect_needs_an_https_listener_on_its_port() {
        let lb = |listeners: &str| {
            format!(
                "target-group h {{ vpc main; protocol http; port 8080; health-check http /h }}\n\
                 load-balancer web {{ type application; subnets public-a, public-c\n{listeners} }}\n"
            )
        };
        assert_eq!(
            fired(&lb("listener http 80 redirect https 443"), "L714").len(),
            1
        );
        assert_eq!(
            fired(
                &lb("listener http 80 redirect https 443\nlistener http 443 -> h"),
                "L714"
            )
            .len(),
            1
        );
        assert!(
            fired(
                &lb("listener http 80 redirect https 443\n\
                     listener https 443 -> h certificate arn:aws:acm:us-east-1:123456789012:certificate/x"),
                "L714"
            )
            .is_empty()
        );
    }
}
