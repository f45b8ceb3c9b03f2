//! L706 target-protocol-mismatch.
//!
//! A target group's protocol ties it to one kind of load balancer: checked
//! per forwarding listener, since that is where the two meet.

use super::{a_lb, lb_type_word};
use crate::catalog::Code;
use crate::model::{LbType, ListenerAction, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L706,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        let wants_layer7 = lb.lb_type.node == LbType::Application;
        for l in &lb.listeners {
            let ListenerAction::Forward(tg_ref) = &l.action else {
                continue;
            };
            let tg = &cx.model[tg_ref.node];
            if tg.protocol.node.is_layer7() == wants_layer7 {
                continue;
            }
            let kind = lb_type_word(lb.lb_type.node);
            let a_kind = a_lb(lb.lb_type.node);
            let fix = if wants_layer7 {
                // http on 443 would be odd: a layer-4 group on a TLS port
                // most likely wants https to the targets.
                if matches!(tg.protocol.node, crate::model::LbProtocol::Tls) {
                    "https"
                } else {
                    "http"
                }
            } else if tg.protocol.node == crate::model::LbProtocol::Https {
                "tls"
            } else {
                "tcp"
            };
            cx.report(
                &RULE,
                tg_ref.span,
                format!(
                    "{kind} load balancer {} forwards to {} target group {}",
                    lb.decl.name, tg.protocol.node, tg.decl.name
                ),
            )
            .with_label(format!(
                "{} speaks {}, which {a_kind} cannot",
                tg.decl.name, tg.protocol.node
            ))
            .with_secondary(
                tg.protocol.span,
                format!("{} target group", tg.protocol.node),
            )
            .with_secondary(lb.lb_type.span, a_kind)
            .with_help(format!(
                "give {} `protocol {fix}`, or forward to a target group made for {a_kind}",
                tg.decl.name
            ));
        }
    }
}
