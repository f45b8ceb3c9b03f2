//! L701 listener-layer-mismatch.
//!
//! The listener protocols an ELB accepts follow from the layer it works at,
//! so a mismatch is a deployment failure, not a style question.

use super::{a_lb, lb_layer, lb_type_word};
use crate::catalog::Code;
use crate::model::{LbProtocol, LbType, ListenerAction, LoadBalancer, ids};
use crate::rules::{Context, Report, Rule};

pub static RULE: Rule = Rule {
    code: Code::L701,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        for l in &lb.listeners {
            let layer7 = l.protocol.node.is_layer7();
            match lb.lb_type.node {
                LbType::Application if !layer7 => {
                    // TLS, or a TLS port, maps to https; the rest to http.
                    let tls =
                        l.protocol.node == LbProtocol::Tls || matches!(l.port.node, 443 | 8443);
                    let fix = if tls {
                        format!("`listener https {} …` with a certificate", l.port.node)
                    } else {
                        format!("`listener http {} …`", l.port.node)
                    };
                    mismatch(cx, lb, l.protocol.span, l.protocol.node.as_str()).with_help(format!(
                        "an application load balancer listens with http or https: write {fix}, \
                                 or make {name} `type network` to forward raw {proto} connections",
                        name = lb.decl.name,
                        proto = l.protocol.node,
                    ));
                }
                // The resolver only accepts `redirect https`, so an
                // application load balancer's redirect is always valid.
                LbType::Application => {}
                LbType::Network => {
                    let redirect = matches!(l.action, ListenerAction::Redirect { .. });
                    if layer7 || redirect {
                        let mut d = mismatch(cx, lb, l.protocol.span, l.protocol.node.as_str());
                        if redirect {
                            d.message = format!(
                                "network load balancer {} cannot redirect: redirecting is an HTTP action",
                                lb.decl.name
                            );
                            d.label = format!("{} redirect listener", l.protocol.node);
                        }
                        let help = if redirect {
                            format!(
                                "make {} `type application` to redirect http to https, \
                                 or drop this listener",
                                lb.decl.name
                            )
                        } else if l.protocol.node == LbProtocol::Https {
                            format!(
                                "a network load balancer terminates TLS with `listener tls {} …` \
                                 and a certificate; for HTTP routing make {} `type application`",
                                l.port.node, lb.decl.name
                            )
                        } else {
                            format!(
                                "a network load balancer forwards the connection with \
                                 `listener tcp {} …`; for HTTP routing make {} `type application`",
                                l.port.node, lb.decl.name
                            )
                        };
                        d.with_help(help);
                    }
                }
            }
        }
    }
}

/// The finding both layers share; the caller adds the help.
fn mismatch<'c>(
    cx: &'c Context<'_>,
    lb: &LoadBalancer,
    span: crate::span::Span,
    proto: &str,
) -> Report<'c> {
    let kind = lb_type_word(lb.lb_type.node);
    cx.report(
        &RULE,
        span,
        format!(
            "{kind} load balancer {} cannot have a {proto} listener",
            lb.decl.name
        ),
    )
    .with_label(format!(
        "{proto} is not a protocol of {}",
        a_lb(lb.lb_type.node)
    ))
    .with_secondary(
        lb.lb_type.span,
        format!("{} works at {}", lb.decl.name, lb_layer(lb.lb_type.node)),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    const TG: &str = "target-group t { vpc main; protocol tcp; port 80; health-check tcp }\n\
                      target-group h { vpc main; protocol http; port 80; health-check http /h }\n";

    #[test]
    fn each_layer_keeps_its_protocols() {
        let ok = format!(
            "{TG}load-balancer a {{ type application; subnets public-a, public-c\n\
               listener http 80 redirect https 443\n\
               listener https 443 -> h certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc }}\n\
             load-balancer n {{ type network; subnets public-a, public-c\n\
               listener tcp 80 -> t\n listener udp 53 -> t\n listener tcp_udp 54 -> t\n\
               listener tls 443 -> t certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc }}\n"
        );
        assert!(fired(&ok, "L701").is_empty());
    }

    #[test]
    fn wrong_layer_points_at_the_protocol() {
        let bad = format!(
            "{TG}load-balancer a {{ type application; subnets public-a, public-c\n\
               listener udp 53 -> h\n listener tls 443 -> h certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc }}\n\
             load-balancer n {{ type network; subnets public-a, public-c\n\
               listener https 443 -> t certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc\n\
               listener tcp 80 redirect https 443 }}\n"
        );
        let d = fired(&bad, "L701");
        assert_eq!(texts(&bad, &d), ["udp", "tls", "https", "tcp"]);
        assert!(
            d[2].help
                .as_deref()
                .is_some_and(|h| h.contains("listener tls 443"))
        );
        // A redirect on a network load balancer is wrong whatever the protocol.
        assert!(d[3].message.contains("cannot redirect"));
    }
}
