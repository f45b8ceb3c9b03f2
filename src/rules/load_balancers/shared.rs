//! Small helpers that areas L and G share: zones of a subnet list, the VPC
//! a group of subnets lives in, naming lists in messages.
//!
//! Kept linear in the length of the list: a load balancer or an Auto Scaling
//! group may name many subnets and a rule must not compare every pair.

use crate::model::{LbType, Model, SubnetId, Zone};
use crate::span::Spanned;
use std::collections::HashMap;

/// Whether the zones of these subnets cover at least two availability
/// zones. Two zones differ when their letters differ, or when both are
/// full names in different regions ([`Zone::same_as`]); a bare letter is the
/// same zone as any full name with that letter.
pub fn spans_two_zones(model: &Model, subnets: impl IntoIterator<Item = SubnetId>) -> bool {
    let mut first_letter: Option<char> = None;
    let mut region: Option<&str> = None;
    for s in subnets {
        let zone = &model[s].zone.node;
        match first_letter {
            None => first_letter = Some(zone.letter()),
            Some(l) if l != zone.letter() => return true,
            Some(_) => {}
        }
        if let Some(r) = zone.region() {
            match region {
                None => region = Some(r),
                Some(seen) if seen != r => return true,
                Some(_) => {}
            }
        }
    }
    false
}

/// Finds, for each subnet of a list in order, an earlier item of the list
/// in the same availability zone. Returns `(later_index, earlier_index)`
/// pairs, at most one per later item, in list order.
pub fn same_zone_pairs(model: &Model, subnets: &[Spanned<SubnetId>]) -> Vec<(usize, usize)> {
    /// Earlier items seen with one zone letter.
    #[derive(Default)]
    struct Seen<'m> {
        /// The first item of this letter, whatever its form.
        any: Option<usize>,
        /// The first item written as a bare letter.
        bare: Option<usize>,
        /// The first item per region, for full zone names.
        by_region: HashMap<&'m str, usize>,
    }
    let mut seen: HashMap<char, Seen<'_>> = HashMap::new();
    let mut out = Vec::new();
    for (i, item) in subnets.iter().enumerate() {
        let zone: &Zone = &model[item.node].zone.node;
        let entry = seen.entry(zone.letter()).or_default();
        let earlier = match zone.region() {
            // A bare letter is the same zone as every earlier one with it.
            None => entry.any,
            // A full name matches an earlier bare letter or the same name.
            Some(r) => match (entry.bare, entry.by_region.get(r).copied()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        };
        if let Some(e) = earlier {
            out.push((i, e));
        }
        entry.any.get_or_insert(i);
        match zone.region() {
            None => {
                entry.bare.get_or_insert(i);
            }
            Some(r) => {
                entry.by_region.entry(r).or_insert(i);
            }
        }
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// A percentage as written: `70%`, `72.5%`.
pub fn percent(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

/// `application` / `network`, as written in the file.
pub fn lb_type_word(t: LbType) -> &'static str {
    match t {
        LbType::Application => "application",
        LbType::Network => "network",
    }
}

/// `an application load balancer` / `a network load balancer`.
pub fn a_lb(t: LbType) -> &'static str {
    match t {
        LbType::Application => "an application load balancer",
        LbType::Network => "a network load balancer",
    }
}

/// What a load balancer type speaks, for messages.
pub fn lb_layer(t: LbType) -> &'static str {
    match t {
        LbType::Application => "layer 7: http/https",
        LbType::Network => "layer 4: tcp/udp/tls/tcp_udp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_names() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(percent(70.0), "70%");
        assert_eq!(percent(72.5), "72.5%");
    }
}

#[cfg(test)]
mod zone_tests {
    use super::*;
    use crate::model::{Decl, Id, Subnet};
    use crate::span::Span;

    fn model(zones: &[Zone]) -> Model {
        let mut m = Model::default();
        for (i, z) in zones.iter().enumerate() {
            let sp = Span::new(i as u32, i as u32 + 1);
            m.subnets.push(Subnet {
                decl: Decl {
                    name: format!("s{i}"),
                    name_span: sp,
                    kind_span: sp,
                    span: sp,
                },
                vpc: Spanned::new(Id::new(0), sp),
                cidr: Spanned::new("10.0.0.0/24".parse().unwrap(), sp),
                zone: Spanned::new(z.clone(), sp),
                public_ip: None,
            });
        }
        m
    }

    fn named(region: &str, letter: char) -> Zone {
        Zone::Named {
            region: region.to_string(),
            letter,
        }
    }

    fn items(n: usize) -> Vec<Spanned<SubnetId>> {
        (0..n)
            .map(|i| Spanned::new(Id::new(i), Span::default()))
            .collect()
    }

    #[test]
    fn two_zones_by_letter_and_region() {
        let m = model(&[Zone::Letter('a'), Zone::Letter('c')]);
        assert!(spans_two_zones(&m, (0..2).map(Id::new)));
        let m = model(&[Zone::Letter('a'), named("ap-northeast-2", 'a')]);
        assert!(!spans_two_zones(&m, (0..2).map(Id::new)));
        let m = model(&[
            Zone::Letter('a'),
            named("us-east-1", 'a'),
            named("eu-west-1", 'a'),
        ]);
        assert!(spans_two_zones(&m, (0..3).map(Id::new)));
        let m = model(&[Zone::Letter('b')]);
        assert!(!spans_two_zones(&m, (0..1).map(Id::new)));
    }

    #[test]
    fn pairs_point_at_the_first_match() {
        let m = model(&[
            Zone::Letter('a'),
            Zone::Letter('c'),
            named("ap-northeast-2", 'a'),
            Zone::Letter('a'),
            named("us-east-1", 'c'),
        ]);
        assert_eq!(same_zone_pairs(&m, &items(5)), vec![(2, 0), (3, 0), (4, 1)]);
        // Two full names in different regions are different zones, but a
        // later bare letter matches the first of them.
        let m = model(&[
            named("us-east-1", 'a'),
            named("eu-west-1", 'a'),
            Zone::Letter('a'),
        ]);
        assert_eq!(same_zone_pairs(&m, &items(3)), vec![(2, 0)]);
    }
}

/// Helpers for the rules' unit tests: a small valid network to extend.
#[cfg(test)]
pub mod testing {
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
}

/// The lecture's architecture (`examples/lecture.net`) is the reference design:
/// nothing in areas L and G may fire on it.
#[cfg(test)]
mod lecture {
    use crate::check::check_source;
    use crate::settings::Settings;

    const LECTURE: &str = include_str!("../../../examples/lecture.net");

    #[test]
    fn lecture_example_is_clean_for_areas_l_and_g() {
        let diags = check_source(LECTURE, &Settings::default());
        let ours: Vec<_> = diags
            .iter()
            .filter(|d| {
                d.code.as_str().starts_with('L')
                    || d.code.as_str().starts_with('G')
                    || d.code.is_error_in_file()
            })
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert!(ours.is_empty(), "{ours:#?}");
    }
}
