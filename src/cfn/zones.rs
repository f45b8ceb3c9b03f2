//! What the pseudo parameters and `Fn::GetAZs` return for a region.
//!
//! `Fn::GetAZs` answers with the zones the deploying *account* sees, which
//! netlint cannot ask for. It uses a table instead: the number of zones of
//! each public region, named with the letters `a`, `b`, … in order. That
//! is right for most accounts in most regions; where AWS skipped a letter
//! (`ca-central-1d` with no `c`, `ap-northeast-1` without `b`) or an
//! account maps differently, a user lists zones in a parameter. Every value
//! from the table says so in its provenance, so the importer can write it
//! down as an assumption.

/// (region, number of zones).
const REGIONS: &[(&str, u8)] = &[
    ("us-east-1", 6),
    ("us-east-2", 3),
    ("us-west-1", 2),
    ("us-west-2", 4),
    ("af-south-1", 3),
    ("ap-east-1", 3),
    ("ap-south-1", 3),
    ("ap-south-2", 3),
    ("ap-southeast-1", 3),
    ("ap-southeast-2", 3),
    ("ap-southeast-3", 3),
    ("ap-southeast-4", 3),
    ("ap-northeast-1", 3),
    ("ap-northeast-2", 4),
    ("ap-northeast-3", 3),
    ("ca-central-1", 3),
    ("ca-west-1", 3),
    ("eu-central-1", 3),
    ("eu-central-2", 3),
    ("eu-west-1", 3),
    ("eu-west-2", 3),
    ("eu-west-3", 3),
    ("eu-south-1", 3),
    ("eu-south-2", 3),
    ("eu-north-1", 3),
    ("il-central-1", 3),
    ("me-south-1", 3),
    ("me-central-1", 3),
    ("sa-east-1", 3),
    ("cn-north-1", 3),
    ("cn-northwest-1", 3),
    ("us-gov-west-1", 3),
    ("us-gov-east-1", 3),
];

/// The zone names netlint assumes for `region`, or `None` for a region
/// not in the table.
pub fn zones(region: &str) -> Option<Vec<String>> {
    let &(_, n) = REGIONS.iter().find(|(r, _)| *r == region)?;
    Some(
        (0..n)
            .map(|i| format!("{region}{}", char::from(b'a' + i)))
            .collect(),
    )
}

/// `AWS::Partition` for a region.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// `AWS::URLSuffix` for a region.
pub fn url_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// Whether `region` looks like a region name (`xx-yyyy-N`), for checking
/// `--region`.
pub fn looks_like_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        assert_eq!(
            zones("us-east-2").unwrap(),
            ["us-east-2a", "us-east-2b", "us-east-2c"]
        );
        assert_eq!(zones("us-east-1").unwrap().len(), 6);
        assert!(zones("xx-nowhere-1").is_none());
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("eu-west-1"), "aws");
        assert_eq!(url_suffix("cn-north-1"), "amazonaws.com.cn");
        assert!(looks_like_region("us-gov-west-1"));
        assert!(!looks_like_region("us-east"));
        assert!(!looks_like_region("US-east-1"));
    }
}
