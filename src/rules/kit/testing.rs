//! Helpers for the rules' unit tests: small valid networks to extend, and
//! the findings a check of them gives.

use crate::check::check_source;
use crate::diagnostics::Diagnostic;
use crate::settings::Settings;

/// Two public subnets (zones a, c) routing to an internet gateway, two
/// private ones routing to a NAT gateway, a security group for a load
/// balancer and one for app servers, a launch template.
pub const BASE: &str = r#"
region ap-northeast-2
vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet public-a  { vpc main; cidr 10.0.1.0/24;  zone a; public-ip on }
subnet public-c  { vpc main; cidr 10.0.2.0/24;  zone c; public-ip on }
subnet private-a { vpc main; cidr 10.0.11.0/24; zone a }
subnet private-c { vpc main; cidr 10.0.12.0/24; zone c }
eip nat-ip {}
nat-gateway nat-a { subnet public-a; eip nat-ip }
route-table public-rt { vpc main; subnets public-a, public-c; route 0.0.0.0/0 -> igw }
route-table private-rt { vpc main; subnets private-a, private-c; route 0.0.0.0/0 -> nat-a }
security-group alb-sg { vpc main; description "lb"; ingress tcp 443 from 0.0.0.0/0 }
security-group app-sg { vpc main; description "app"; ingress tcp 8080 from alb-sg }
launch-template app-lt { ami ami-0c55b159cbfafe1f0; type t3.small; security-groups app-sg }
"#;

/// A certificate ARN for listeners.
pub const CERT: &str = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc";

/// An Auto Scaling group `g` launching [`BASE`]'s `app-lt` into both
/// private subnets, `body` (sizes, policies) on the lines after.
pub fn asg(body: &str) -> String {
    format!(
        "auto-scaling-group g {{ launch-template app-lt; subnets private-a, private-c\n{body} }}\n"
    )
}

/// The diagnostics of `code` for [`BASE`] followed by `extra`; the file
/// must have no E-errors.
pub fn fired(extra: &str, code: &str) -> Vec<Diagnostic> {
    let src = format!("{BASE}{extra}");
    let all = check_source(&src, &Settings::default());
    let errors: Vec<_> = all.iter().filter(|d| d.code.is_error_in_file()).collect();
    assert!(errors.is_empty(), "file errors: {errors:#?}\n{src}");
    all.into_iter()
        .filter(|d| d.code.as_str() == code)
        .collect()
}

/// The text each diagnostic's primary span covers.
pub fn texts(extra: &str, diags: &[Diagnostic]) -> Vec<String> {
    let src = format!("{BASE}{extra}");
    diags
        .iter()
        .map(|d| d.span.text(&src).to_string())
        .collect()
}

/// Diagnostics of one code for a source that must have no E-errors.
pub fn diags(src: &str, code: &str) -> Vec<Diagnostic> {
    let all = check_source(src, &Settings::default());
    if let Some(e) = all.iter().find(|d| d.code.is_error_in_file()) {
        panic!(
            "test source has {}: {} at {:?}",
            e.code,
            e.message,
            e.span.text(src)
        );
    }
    all.into_iter()
        .filter(|d| d.code.as_str() == code)
        .collect()
}

/// One zone: a VPC with a public and a private subnet, for the S and I
/// tests that append groups and hosts.
pub mod small {
    use crate::check::check_source;
    use crate::settings::{Choices, Settings};

    /// A VPC with a public and a private subnet, an internet gateway and a NAT
    /// gateway; tests append groups and hosts.
    pub const BASE: &str = "
vpc main { cidr 10.0.0.0/16; ipv6 on }
internet-gateway igw { vpc main }
subnet public-a  { vpc main; cidr 10.0.1.0/24;  zone a; public-ip on }
subnet private-a { vpc main; cidr 10.0.11.0/24; zone a }
eip nat-ip {}
nat-gateway nat-a { subnet public-a; eip nat-ip }
route-table public-rt { vpc main; subnets public-a; route 0.0.0.0/0 -> igw }
route-table private-rt { vpc main; subnets private-a; route 0.0.0.0/0 -> nat-a }
";

    /// `(code, source text under the primary span)` of the S and I findings.
    pub fn findings(extra: &str) -> Vec<(&'static str, String)> {
        let src = format!("{BASE}{extra}");
        let options = Settings::new(&Choices {
            select: vec!["S3".into(), "I5".into()],
            // The small networks give public hosts addresses nothing
            // reaches on purpose; I511's own tests say when it fires.
            ignore: vec!["I511".into()],
            ..Choices::default()
        });
        let diags = check_source(&src, &options);
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.code.is_error_in_file())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "test source has errors: {errors:?}");
        diags
            .iter()
            .map(|d| (d.code.as_str(), d.span.text(&src).to_string()))
            .collect()
    }

    pub fn codes(extra: &str) -> Vec<&'static str> {
        findings(extra).into_iter().map(|(c, _)| c).collect()
    }
}
