//! L705 plaintext-listener.
//!
//! Only internet-facing application load balancers are checked: inside the
//! VPC plain HTTP is a deliberate choice, and an http listener on a network
//! load balancer is already L701's error.

use crate::catalog::Code;
use crate::model::{LbProtocol, LbType, ListenerAction, Scheme, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L705,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        if lb.lb_type.node != LbType::Application || lb.scheme() != Scheme::InternetFacing {
            continue;
        }
        let https_port = lb
            .listeners
            .iter()
            .find(|l| l.protocol.node == LbProtocol::Https)
            .map(|l| l.port.node);
        for l in &lb.listeners {
            let ListenerAction::Forward(tg) = &l.action else {
                continue;
            };
            if l.protocol.node != LbProtocol::Http {
                continue;
            }
            let tg_name = &cx.model[tg.node].decl.name;
            let mut d = cx
                .report(
                    &RULE,
                    l.protocol.span,
                    format!(
                        "internet-facing load balancer {} serves plain http on port {}",
                        lb.decl.name, l.port.node
                    ),
                )
                .with_label("unencrypted across the internet")
                .with_secondary(tg.span, format!("requests reach {tg_name} without TLS"));
            if let Some(s) = lb.scheme {
                d = d.with_secondary(s.span, "reachable from the internet");
            }
            let help = match https_port {
                Some(p) => format!(
                    "{} already listens with https on {p}: make this \
                     `listener http {} redirect https {p}`",
                    lb.decl.name, l.port.node
                ),
                None => format!(
                    "serve {tg_name} with `listener https 443 -> {tg_name} certificate <arn>` \
                     and make this `listener http {} redirect https 443`",
                    l.port.node
                ),
            };
            d.with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    fn lb(scheme: &str, listener: &str) -> String {
        format!(
            "target-group h {{ vpc main; protocol http; port 80; health-check http /h }}\n\
             load-balancer web {{ type application; {scheme} subnets public-a, public-c\n\
               {listener} }}\n"
        )
    }

    #[test]
    fn only_forwarding_http_from_the_internet() {
        assert_eq!(fired(&lb("", "listener http 80 -> h"), "L705").len(), 1);
        assert!(fired(&lb("scheme internal;", "listener http 80 -> h"), "L705").is_empty());
        assert!(fired(&lb("", "listener http 80 redirect https 443"), "L705").is_empty());
    }

    #[test]
    fn help_without_an_https_listener_adds_one() {
        let d = fired(&lb("", "listener http 8080 -> h"), "L705");
        let help = d[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("listener https 443 -> h"), "{help}");
        assert!(
            help.contains("listener http 8080 redirect https 443"),
            "{help}"
        );
    }
}
