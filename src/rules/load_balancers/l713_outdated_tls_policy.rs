//! L713 outdated-tls-policy.
//!
//! ELB has no custom TLS policies: the name of a predefined policy fixes the
//! protocol versions it accepts, so a table of names is exact. The table is
//! the "Protocols by policy" tables of the ELB user guides (application and
//! network load balancers: TLS, FIPS, FS, post-quantum and RFC 9151
//! policies), plus `ELBSecurityPolicy-TLS-1-0-2015-04`, which AWS still
//! accepts though the current pages no longer list it.
//!
//! A name that is not in the table is reported too: ELB rejects names it
//! does not know, so it is almost always a typo, and netlint cannot vouch for
//! the TLS versions it would allow. A policy AWS publishes after this table
//! was written can be silenced with `# netlint: allow L713`.

use crate::catalog::Code;
use crate::model::{LbProtocol, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::L713,
    check,
};

/// A TLS protocol version `1.minor`.
type Minor = u8;

/// Every predefined ELB security policy and the TLS versions it accepts:
/// `(name, oldest 1.x, newest 1.x)`. All of them accept a contiguous range.
const POLICIES: &[(&str, Minor, Minor)] = &[
    // TLS security policies.
    ("ELBSecurityPolicy-TLS13-1-3-2021-06", 3, 3),
    ("ELBSecurityPolicy-TLS13-1-2-2021-06", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-1-2021-06", 1, 3),
    ("ELBSecurityPolicy-TLS13-1-0-2021-06", 0, 3),
    ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", 2, 2),
    ("ELBSecurityPolicy-TLS-1-2-2017-01", 2, 2),
    ("ELBSecurityPolicy-TLS-1-1-2017-01", 1, 2),
    ("ELBSecurityPolicy-TLS-1-0-2015-04", 0, 2),
    ("ELBSecurityPolicy-2016-08", 0, 2),
    ("ELBSecurityPolicy-2015-05", 0, 2),
    // Post-quantum (hybrid ML-KEM key exchange) policies.
    ("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", 3, 3),
    ("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", 0, 3),
    // FIPS policies.
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", 3, 3),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", 1, 3),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", 0, 3),
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", 3, 3),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", 2, 3),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09", 0, 3),
    // RFC 9151 (CNSA 1.0) policies.
    ("ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07", 3, 3),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07", 2, 3),
    (
        "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
        2,
        3,
    ),
    (
        "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
        2,
        3,
    ),
    (
        "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
        2,
        3,
    ),
    (
        "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
        2,
        3,
    ),
    (
        "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
        2,
        3,
    ),
    // Forward secrecy policies.
    ("ELBSecurityPolicy-FS-1-2-Res-2020-10", 2, 2),
    ("ELBSecurityPolicy-FS-1-2-Res-2019-08", 2, 2),
    ("ELBSecurityPolicy-FS-1-2-2019-08", 2, 2),
    ("ELBSecurityPolicy-FS-1-1-2019-08", 1, 2),
    ("ELBSecurityPolicy-FS-2018-06", 0, 2),
];

/// The TLS versions a predefined policy accepts, as `(oldest, newest)`
/// minor versions of TLS 1.x. `None` for a name ELB does not define.
pub fn tls_range(policy: &str) -> Option<(Minor, Minor)> {
    POLICIES
        .iter()
        .find(|(name, _, _)| *name == policy)
        .map(|&(_, lo, hi)| (lo, hi))
}

/// The policy to move to from an outdated one: TLS 1.2 and 1.3, keeping
/// what the old policy was chosen for (FIPS, post-quantum key exchange,
/// forward secrecy only).
fn replacement(policy: &str) -> &'static str {
    let fips = policy.contains("-FIPS-");
    let pq = policy.contains("-PQ-");
    match (fips, pq) {
        (true, true) => "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        (true, false) => "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        (false, true) => "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
        // Same forward-secret ciphers, TLS 1.0/1.1 removed.
        _ if policy.starts_with("ELBSecurityPolicy-FS-") => "ELBSecurityPolicy-FS-1-2-2019-08",
        _ => "ELBSecurityPolicy-TLS13-1-2-2021-06",
    }
}

/// `TLS 1.0 and 1.1` / `TLS 1.1`: the versions below 1.2 a policy accepts.
fn below_12(lo: Minor) -> String {
    match lo {
        0 => "TLS 1.0 and 1.1".to_string(),
        _ => "TLS 1.1".to_string(),
    }
}

fn check(cx: &Context<'_>) {
    for (_, lb) in ids(&cx.model.load_balancers) {
        for l in &lb.listeners {
            if !matches!(l.protocol.node, LbProtocol::Https | LbProtocol::Tls) {
                continue;
            }
            let Some(policy) = &l.policy else {
                continue;
            };
            let name = policy.node.as_str();
            match tls_range(name) {
                Some((lo, hi)) if lo < 2 => {
                    let mut d = cx.report(
                        &RULE,
                        policy.span,
                        format!(
                            "{} listener on port {} of {} accepts {}",
                            l.protocol.node,
                            l.port.node,
                            lb.decl.name,
                            below_12(lo)
                        ),
                    )
                    .with_label(format!(
                        "{name} allows TLS 1.{lo} to 1.{hi}"
                    ))
                    .with_help(format!(
                        "use `policy {}` (TLS 1.2 and newer), or remove `policy` and netlint picks a current one",
                        replacement(name)
                    ));
                    if name == "ELBSecurityPolicy-2016-08" {
                        d = d.with_note(
                            "ELBSecurityPolicy-2016-08 is CloudFormation's default, not a recommendation",
                        );
                    }
                }
                Some(_) => {}
                None => unknown(cx, name, policy.span),
            }
        }
    }
}

fn unknown(cx: &Context<'_>, name: &str, span: crate::span::Span) {
    cx.report(&RULE, span, format!("unknown TLS security policy `{name}`"))
        .with_label("not a predefined ELB security policy: its TLS versions cannot be verified")
        .with_help(unknown_help(name))
        .with_note(
            "load balancers accept only AWS's predefined policies, so the stack would fail to deploy; \
             if AWS published this policy recently, silence this with `# netlint: allow L713`",
        );
}

/// What to write instead of an unknown policy name.
fn unknown_help(name: &str) -> String {
    let names = POLICIES.iter().map(|(n, _, _)| *n);
    let same_but_case = POLICIES
        .iter()
        .map(|(n, _, _)| *n)
        .find(|n| n.eq_ignore_ascii_case(name));
    let guess = same_but_case.or_else(|| crate::suggest::closest(name, names));
    match (same_but_case, guess) {
        (Some(n), _) => format!("policy names are case-sensitive: write `policy {n}`"),
        (None, Some(n)) => {
            let (lo, _) = tls_range(n).unwrap_or((2, 3));
            if lo < 2 {
                format!(
                    "did you mean `{n}`? it accepts {} too: prefer `{}`",
                    below_12(lo),
                    replacement(n)
                )
            } else {
                format!("did you mean `policy {n}`?")
            }
        }
        (None, None) => {
            "use a predefined policy such as `policy ELBSecurityPolicy-TLS13-1-2-2021-06`, \
             or remove `policy` and netlint picks a current one"
                .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ranges() {
        assert_eq!(tls_range("ELBSecurityPolicy-2016-08"), Some((0, 2)));
        assert_eq!(tls_range("ELBSecurityPolicy-TLS-1-1-2017-01"), Some((1, 2)));
        assert_eq!(
            tls_range("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"),
            Some((2, 3))
        );
        assert_eq!(
            tls_range("ELBSecurityPolicy-TLS13-1-3-2021-06"),
            Some((3, 3))
        );
        assert_eq!(tls_range("ELBSecurityPolicy-FS-1-1-2019-08"), Some((1, 2)));
        assert_eq!(
            tls_range("ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09"),
            Some((0, 3))
        );
        assert_eq!(tls_range("elbsecuritypolicy-2016-08"), None);
        assert_eq!(tls_range("ELBSecurityPolicy-TLS13-1-2-2021-6"), None);
    }

    /// The policy names encode their oldest version (`TLS13-1-X`, `TLS-1-X`,
    /// `FS-1-X`); the table must agree with its own names.
    #[test]
    fn table_agrees_with_names() {
        for &(name, lo, hi) in POLICIES {
            assert!(lo <= hi, "{name}");
            let rest = name.strip_prefix("ELBSecurityPolicy-").expect(name);
            let encoded = ["TLS13-1-", "TLS-1-", "FS-1-"]
                .iter()
                .find_map(|p| rest.strip_prefix(p))
                .and_then(|r| r.chars().next())
                .and_then(|c| c.to_digit(10));
            match encoded {
                Some(minor) => assert_eq!(u32::from(lo), minor, "{name}"),
                // FS-2018-06, 2016-08, 2015-05: all from TLS 1.0.
                None => assert_eq!(lo, 0, "{name}"),
            }
            assert_eq!(hi == 3, rest.starts_with("TLS13-"), "{name}");
        }
        let mut names: Vec<_> = POLICIES.iter().map(|p| p.0).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), POLICIES.len(), "duplicate policy name");
    }

    #[test]
    fn replacements_are_current_policies() {
        for &(name, lo, _) in POLICIES {
            if lo < 2 {
                let r = replacement(name);
                assert_eq!(tls_range(r).map(|p| p.0), Some(2), "{name} -> {r}");
                assert_eq!(r.contains("-FIPS-"), name.contains("-FIPS-"), "{name}");
                assert_eq!(r.contains("-PQ-"), name.contains("-PQ-"), "{name}");
            }
        }
    }

    #[test]
    fn unknown_names_get_a_guess() {
        let h = unknown_help("ELBSecurityPolicy-TLS13-1-2-2021-6");
        assert!(h.contains("ELBSecurityPolicy-TLS13-1-2-2021-06"), "{h}");
        let h = unknown_help("elbsecuritypolicy-tls13-1-2-2021-06");
        assert!(h.contains("case-sensitive"), "{h}");
        let h = unknown_help("ELBSecurityPolicy-2016-8");
        assert!(h.contains("TLS 1.0 and 1.1"), "{h}");
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::rules::kit::testing::{CERT, fired, texts};

    fn lb(listeners: &[&str]) -> String {
        let mut s = String::from(
            "target-group h { vpc main; protocol http; port 80; health-check http /h }\n\
             load-balancer web { type application; subnets public-a, public-c\n",
        );
        for l in listeners {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str("}\n");
        s
    }

    #[test]
    fn only_https_and_tls_listeners_with_old_or_unknown_policies() {
        let l1 = format!(
            "listener https 443 -> h certificate {CERT} policy ELBSecurityPolicy-FS-2018-06"
        );
        let l2 = format!(
            "listener https 444 -> h certificate {CERT} policy ELBSecurityPolicy-TLS13-1-3-2021-06"
        );
        let l3 = format!("listener https 445 -> h certificate {CERT}");
        let l4 = format!(
            "listener https 446 -> h certificate {CERT} policy ELBSecurityPolicy-TLS-1-2-2017-1"
        );
        let src = lb(&[&l1, &l2, &l3, &l4]);
        let d = fired(&src, "L713");
        assert_eq!(
            texts(&src, &d),
            [
                "ELBSecurityPolicy-FS-2018-06",
                "ELBSecurityPolicy-TLS-1-2-2017-1"
            ]
        );
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("ELBSecurityPolicy-FS-1-2-2019-08"))
        );
        assert!(d[1].message.starts_with("unknown TLS security policy"));
    }
}
