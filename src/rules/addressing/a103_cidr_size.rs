//! A103 cidr-size.

use super::v4;
use crate::catalog::Code;
use crate::model::{Decl, ids};
use crate::rules::{Context, Rule};
use crate::span::Spanned;
use ipnet::{IpNet, Ipv4Net};

pub static RULE: Rule = Rule {
    code: Code::A103,
    check,
};

const WIDEST: u8 = 16;
const NARROWEST: u8 = 28;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, v) in ids(&m.vpcs) {
        size(cx, &v.decl, "VPC", &v.cidr);
    }
    for (_, s) in ids(&m.subnets) {
        size(cx, &s.decl, "subnet", &s.cidr);
    }
}

/// Reports a block outside the sizes AWS accepts.
fn size(cx: &Context<'_>, decl: &Decl, what: &str, cidr: &Spanned<IpNet>) -> Option<()> {
    let net = v4(&cidr.node)?;
    let prefix = net.prefix_len();
    let name = &decl.name;
    let (label, fixed) = if prefix < WIDEST {
        (
            format!(
                "/{prefix} is {} addresses; the widest AWS allows is /{WIDEST}",
                super::thousands(super::block_size(prefix))
            ),
            WIDEST,
        )
    } else if prefix > NARROWEST {
        (
            format!(
                "/{prefix} is {} addresses; the narrowest AWS allows is /{NARROWEST}",
                super::thousands(super::block_size(prefix))
            ),
            NARROWEST,
        )
    } else {
        return None;
    };
    // Keep the written start address, cut to the allowed size.
    let suggestion = Ipv4Net::new(net.network(), fixed).map(|n| n.trunc()).ok()?;
    let help = if prefix < WIDEST {
        format!(
            "write `cidr {suggestion}`; if you need more than 65,536 addresses, use several VPCs"
        )
    } else {
        format!("write `cidr {suggestion}` (16 addresses, 11 usable)")
    };
    cx.report(
        &RULE,
        cidr.span,
        format!("{what} {name} has a /{prefix} block; AWS accepts /{WIDEST} to /{NARROWEST}"),
    )
    .with_label(label)
    .with_help(help);
    Some(())
}

#[cfg(test)]
mod tests {
    use crate::rules::addressing::diags;

    #[test]
    fn bounds_are_inclusive() {
        let src = "vpc a { cidr 10.0.0.0/16 }
vpc b { cidr 10.1.0.0/28 }
vpc c { cidr 10.0.0.0/15 }
subnet s { vpc a; cidr 10.0.0.0/29; zone a }
subnet t { vpc a; cidr 10.0.1.0/28; zone a }
";
        let d: Vec<_> = diags(src, "A103").into_iter().collect();
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].span.text(src), "10.0.0.0/15");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "write `cidr 10.0.0.0/16`; if you need more than 65,536 addresses, use several VPCs"
            )
        );
        assert_eq!(d[1].span.text(src), "10.0.0.0/29");
        assert!(
            d[1].help
                .as_deref()
                .unwrap()
                .starts_with("write `cidr 10.0.0.0/28`")
        );
    }
}
