//! L715 invalid-headers-kept.
//!
//! netlint writes `drop-invalid-headers` on for every application load
//! balancer unless the file turns it off; this reports the `off`.

use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L715,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        let Some(d) = lb.drop_invalid_headers.filter(|d| !d.node) else {
            continue;
        };
        if lb.lb_type.node != LbType::Application {
            continue;
        }
        cx.report(
            &RULE,
            d.span,
            format!(
                "load balancer {} passes HTTP headers with invalid names on to its targets",
                lb.decl.name
            ),
        )
        .with_label("invalid header fields are kept")
        .with_help("remove `drop-invalid-headers off` (netlint turns it on): targets then never see headers a proxy and a server may read differently")
        .with_note("headers such as `Transfer-Encoding ` with a trailing space are how HTTP request smuggling starts (Security Hub ELB.4)");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kit::testing::fired;

    #[test]
    fn only_off_on_an_application_lb() {
        let lb = |attr: &str| {
            format!(
                "load-balancer web {{ type application; subnets public-a, public-c\n\
                 listener http 80 redirect https 443\n{attr} }}\n"
            )
        };
        assert_eq!(fired(&lb("drop-invalid-headers off"), "L715").len(), 1);
        assert!(fired(&lb("drop-invalid-headers on"), "L715").is_empty());
        assert!(fired(&lb(""), "L715").is_empty());
    }
}
