//! L711 no-health-check.
//!
//! Three ways a target group ends up without a health check that means
//! anything: none written (AWS's default then probes `/` or the bare port),
//! a path on a tcp check (AWS rejects it), and a tcp check on an http group
//! (an application load balancer checks only over http/https).

use crate::catalog::Code;
use crate::model::{HealthProtocol, LbProtocol, TargetGroup, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L711,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, tg) in ids(&cx.model.target_groups) {
        match &tg.health_check {
            None => {
                missing(cx, tg);
            }
            Some(hc) => {
                let hc_proto = hc.node.protocol;
                if hc_proto.node != HealthProtocol::Tcp {
                    continue;
                }
                if let Some(path) = &hc.node.path {
                    cx.report(
                            &RULE,
                            path.span,
                            format!(
                                "the tcp health check of {} has a path, which a tcp check cannot use",
                                tg.decl.name
                            ),
                        )
                        .with_label("a path needs an http or https check")
                        .with_secondary(hc_proto.span, "a tcp check only opens a connection")
                        .with_help(format!(
                            "write `health-check http {}` to request that path, or `health-check tcp` without it",
                            path.node
                        ));
                } else if tg.protocol.node.is_layer7() {
                    cx.report(
                            &RULE,
                            hc_proto.span,
                            format!(
                                "{} target group {} cannot be health-checked over tcp",
                                tg.protocol.node, tg.decl.name
                            ),
                        )
                        .with_label("an application load balancer checks over http or https only")
                        .with_secondary(tg.protocol.span, format!("{} group", tg.protocol.node))
                        .with_help(format!(
                            "write `health-check {} /health` with a path the application answers with 200",
                            if tg.protocol.node == LbProtocol::Https { "https" } else { "http" }
                        ));
                }
            }
        }
    }
}

fn missing(cx: &Context<'_>, tg: &TargetGroup) {
    let port = tg.port.node;
    let (default, help) = match tg.protocol.node {
        LbProtocol::Http | LbProtocol::Https => (
            "AWS will only probe `GET /` on the traffic port".to_string(),
            format!(
                "add `health-check {} /health` to {}, with a path that fails when the application cannot serve",
                tg.protocol.node, tg.decl.name
            ),
        ),
        LbProtocol::Udp => (
            format!(
                "AWS will open a TCP connection to port {port}, where a UDP service does not answer"
            ),
            format!(
                "add `health-check tcp` to {} and have the service also accept TCP on port {port}: \
                 a UDP port cannot be probed",
                tg.decl.name
            ),
        ),
        LbProtocol::Tcp | LbProtocol::Tls | LbProtocol::TcpUdp => (
            "AWS will only check that the port accepts a TCP connection".to_string(),
            format!(
                "add `health-check http /health` to {} if the targets speak HTTP, \
                 or `health-check tcp` to make the port check explicit",
                tg.decl.name
            ),
        ),
    };
    cx.report(
        &RULE,
        tg.decl.name_span,
        format!("target group {} has no explicit health check", tg.decl.name),
    )
    .with_label(format!("no `health-check`: {default}"))
    .with_help(help);
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::{fired, texts};

    #[test]
    fn the_three_cases() {
        let src = "target-group a { vpc main; protocol udp; port 53 }\n\
            target-group b { vpc main; protocol tls; port 443; health-check tcp /ping }\n\
            target-group c { vpc main; protocol https; port 443; health-check tcp }\n";
        let d = fired(src, "L711");
        assert_eq!(texts(src, &d), ["a", "/ping", "tcp"]);
        // A UDP port cannot be probed: the help says what to open.
        assert!(d[0].label.contains("TCP connection to port 53"));
        assert!(
            d[2].help
                .as_deref()
                .is_some_and(|h| h.contains("health-check https"))
        );
    }

    #[test]
    fn http_checks_are_fine_on_any_group() {
        let src = "target-group a { vpc main; protocol tcp; port 80; health-check http /h }\n\
            target-group b { vpc main; protocol http; port 80; health-check https }\n\
            target-group c { vpc main; protocol tcp; port 81; health-check tcp }\n";
        assert!(fired(src, "L711").is_empty());
    }
}
