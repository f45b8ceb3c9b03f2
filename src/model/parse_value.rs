//! Parsing single words into typed values (the value types of
//! `grammar/netlint.ebnf`).
//!
//! Pure functions from text to a value or a message; the resolver adds the
//! span, the code (E004) and the help line.

use super::values::*;
use ipnet::IpNet;

pub type ValueResult<T> = Result<T, String>;

/// A word that is meant as an address, not a name: names start with a
/// letter and never contain `.`, `/` or `:`.
pub fn looks_like_cidr(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) || w.contains(['.', '/', ':'])
}

pub fn cidr(w: &str) -> ValueResult<IpNet> {
    if let Some(net) = plain_ipv4_cidr(w) {
        return Ok(IpNet::V4(net));
    }
    if !w.contains('/') {
        return Err(format!("`{w}` has no prefix length (write e.g. `{w}/32`)"));
    }
    w.parse::<IpNet>().map_err(|_| {
        format!("`{w}` is not a CIDR block (expected e.g. 10.0.0.0/16 or 2001:db8::/56)")
    })
}

/// `a.b.c.d/n` in its plain form (decimal octets and length without
/// leading zeros, in range), read in one pass: nearly every CIDR of a file
/// is one, and ipnet's general parser costs several times as much.
/// Anything else is left to ipnet, which decides (and this accepts nothing
/// it refuses: a test holds the two together).
fn plain_ipv4_cidr(w: &str) -> Option<ipnet::Ipv4Net> {
    // Four octets, then the length; `digits` of the current field.
    let mut fields = [0u32; 5];
    let mut at = 0;
    let mut digits = 0;
    for &c in w.as_bytes() {
        match c {
            b'0'..=b'9' if digits < 3 && (digits == 0 || fields[at] != 0) => {
                fields[at] = fields[at] * 10 + u32::from(c - b'0');
                digits += 1;
            }
            b'.' if at < 3 && digits > 0 => (at, digits) = (at + 1, 0),
            b'/' if at == 3 && digits > 0 => (at, digits) = (4, 0),
            _ => return None,
        }
    }
    let [a, b, c, d, len] = fields;
    if at != 4 || digits == 0 || a.max(b).max(c).max(d) > 255 || len > 32 {
        return None;
    }
    let addr = std::net::Ipv4Addr::new(a as u8, b as u8, c as u8, d as u8);
    ipnet::Ipv4Net::new(addr, len as u8).ok()
}

/// `N` with N in `min..=max`.
pub fn count(w: &str, min: u64, max: u64) -> ValueResult<u64> {
    // Digits only (no sign), read by hand: `str::parse` costs several
    // times as much on the ports and rule numbers of a large file.
    let n = (!w.is_empty())
        .then(|| {
            w.bytes().try_fold(0u64, |n, b| {
                let d = b.wrapping_sub(b'0');
                (d < 10).then(|| n.checked_mul(10)?.checked_add(u64::from(d)))?
            })
        })
        .flatten()
        .ok_or_else(|| format!("expected a whole number, found `{w}`"))?;
    if n < min || n > max {
        return Err(format!("{n} is out of range ({min}..{max})"));
    }
    Ok(n)
}

pub fn port(w: &str) -> ValueResult<u16> {
    count(w, 0, 65535)
        .map(|n| n as u16)
        .map_err(|e| format!("invalid port: {e}"))
}

/// `N` or `N-M`, 0..65535, N ≤ M.
pub fn port_range(w: &str) -> ValueResult<PortRange> {
    let (a, b) = match w.split_once('-') {
        Some((a, b)) => (a, b),
        None => (w, w),
    };
    let from = port(a)?;
    let to = port(b)?;
    if from > to {
        return Err(format!(
            "port range {from}-{to} is backwards (write {to}-{from})"
        ));
    }
    Ok(PortRange::new(from, to))
}

fn split_number_unit<'w>(w: &'w str, units: &[&'w str]) -> Option<(&'w str, &'w str)> {
    units
        .iter()
        .find_map(|u| w.strip_suffix(u).map(|n| (n, *u)))
        .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `8GiB`, `1TiB` → GiB.
pub fn size_gib(w: &str) -> ValueResult<u64> {
    let (n, unit) = split_number_unit(w, &["GiB", "TiB"])
        .ok_or_else(|| format!("expected a size such as `100GiB` or `1TiB`, found `{w}`"))?;
    let n: u64 = n.parse().map_err(|_| format!("`{w}` is too large"))?;
    let gib = if unit == "TiB" {
        n.checked_mul(1024)
    } else {
        Some(n)
    };
    gib.filter(|g| *g > 0 && *g <= 1024 * 1024)
        .ok_or_else(|| format!("size `{w}` is out of range (1GiB..1024TiB)"))
}

/// `300s`, `5m` → seconds.
pub fn duration_s(w: &str) -> ValueResult<u32> {
    let (n, unit) = split_number_unit(w, &["s", "m"])
        .ok_or_else(|| format!("expected a duration such as `300s` or `5m`, found `{w}`"))?;
    let n: u32 = n.parse().map_err(|_| format!("`{w}` is too large"))?;
    let s = if unit == "m" {
        n.checked_mul(60)
    } else {
        Some(n)
    };
    s.filter(|s| *s <= 7200)
        .ok_or_else(|| format!("duration `{w}` is out of range (at most 7200s)"))
}

/// `70%`, `12.5%`, 0..100.
pub fn percent(w: &str) -> ValueResult<f64> {
    let n = w
        .strip_suffix('%')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .and_then(|n| n.parse::<f64>().ok())
        .ok_or_else(|| format!("expected a percentage such as `70%`, found `{w}`"))?;
    if !(0.0..=100.0).contains(&n) {
        return Err(format!("{w} is out of range (0%..100%)"));
    }
    Ok(n)
}

pub fn protocol(w: &str) -> ValueResult<Protocol> {
    Protocol::parse(w)
        .ok_or_else(|| format!("expected a protocol (tcp, udp, icmp, icmpv6, all), found `{w}`"))
}

/// A zone letter or a full zone name such as `ap-northeast-2a`.
pub fn zone(w: &str) -> ValueResult<Zone> {
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_lowercase()
    {
        return Ok(Zone::Letter(c));
    }
    if az_id(w) {
        return Ok(Zone::Id(w.to_string()));
    }
    let letter = w.chars().last().filter(|c| c.is_ascii_lowercase());
    let region = &w[..w.len() - letter.map_or(0, |_| 1)];
    match letter {
        Some(letter) if region_name(region).is_ok() => Ok(Zone::Named {
            region: region.to_string(),
            letter,
        }),
        _ => Err(format!(
            "`{w}` is not a zone: write a letter (`a`), a full zone name (`us-east-1a`) or an AZ id (`use1-az1`)"
        )),
    }
}

/// An AZ id: a region code (`use1`, `apne2`), for a Local Zone its
/// location (`-lax1`), then `-az` and a number: `use1-az1`,
/// `usw2-lax1-az1`. At most 15 characters (the longest AWS uses is 13).
fn az_id(w: &str) -> bool {
    let code = |p: &str| {
        let digits = p.trim_start_matches(|c: char| c.is_ascii_lowercase());
        digits.len() < p.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Vec<&str> = w.split('-').collect();
    w.len() <= 15
        && (2..=3).contains(&parts.len())
        && parts[..parts.len() - 1].iter().all(|p| code(p))
        && parts[parts.len() - 1]
            .strip_prefix("az")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `us-east-1`, `ap-northeast-2`, `us-gov-west-1`, `eu-central-2`.
pub fn region_name(w: &str) -> ValueResult<()> {
    let parts: Vec<&str> = w.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a region name (expected e.g. `us-east-1`)"
        ))
    }
}

pub fn ami(w: &str) -> ValueResult<Ami> {
    if let Some(hex) = w.strip_prefix("ami-") {
        if (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            return Ok(Ami::Id(w.to_string()));
        }
        return Err(format!(
            "`{w}` is not an AMI id (`ami-` and 8 or 17 lowercase hex digits)"
        ));
    }
    if let Some(path) = w.strip_prefix("ssm:") {
        let ok = path.starts_with('/')
            && path.len() > 1
            && path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_.-".contains(&b));
        if ok {
            return Ok(Ami::Ssm(path.to_string()));
        }
        return Err(format!(
            "`{w}` is not an SSM parameter path (expected `ssm:/path/to/parameter`)"
        ));
    }
    Err(format!(
        "expected an AMI (`ami-…` or `ssm:/…`), found `{w}`"
    ))
}

/// `family.size`, e.g. `t3.micro`, `m7g.2xlarge`, `u-6tb1.metal`: the
/// shape only, in either case. Whether such a type exists is I509's
/// question, which can then say `T3.micro` → `t3.micro`.
pub fn instance_type(w: &str) -> ValueResult<()> {
    let part = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let ok = match w.split_once('.') {
        Some((family, size)) => {
            family.starts_with(|c: char| c.is_ascii_alphabetic()) && part(family) && part(size)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not an instance type (expected family.size, e.g. `t3.micro`)"
        ))
    }
}

/// `arn:partition:service:region:account:resource`.
pub fn arn(w: &str) -> ValueResult<()> {
    let parts: Vec<&str> = w.splitn(6, ':').collect();
    if parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && !parts[2].is_empty()
        && !parts[5].is_empty()
    {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not an ARN (expected arn:partition:service:region:account:resource)"
        ))
    }
}

/// `arn:<partition>:s3:::<bucket>`: an S3 bucket (not an object, not
/// another service), the bucket named by S3's rules: 3 to 63 lowercase
/// letters, digits, `.` and `-`, starting and ending with a letter or
/// digit.
pub fn s3_bucket_arn(w: &str) -> ValueResult<()> {
    let bucket = w
        .strip_prefix("arn:")
        .and_then(|r| r.split_once(':'))
        .filter(|(partition, _)| !partition.is_empty())
        .and_then(|(_, r)| r.strip_prefix("s3:::"));
    let Some(bucket) = bucket else {
        return Err(format!(
            "`{w}` is not an S3 bucket ARN (expected arn:aws:s3:::<bucket>)"
        ));
    };
    let edge = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && edge(bucket.bytes().next())
        && edge(bucket.bytes().last());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{bucket}` is not an S3 bucket name (3 to 63 lowercase letters, digits, `.` and `-`; no object key)"
        ))
    }
}

/// A KMS key as EC2 and EFS take it: a key or alias ARN
/// (`arn:aws:kms:…:key/…`, `…:alias/…`) or an alias (`alias/name`).
pub fn kms_key(w: &str) -> ValueResult<()> {
    if let Some(name) = w.strip_prefix("alias/") {
        let ok = !name.is_empty()
            && name.len() <= 250
            && !name.starts_with("aws/")
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b));
        return if ok {
            Ok(())
        } else {
            Err(format!(
                "`{w}` is not a customer managed key alias (letters, digits, `/`, `_`, `-`; `alias/aws/…` names AWS's own keys)"
            ))
        };
    }
    arn(w)?;
    let parts: Vec<&str> = w.splitn(6, ':').collect();
    let resource = parts[5];
    if parts[2] == "kms" && (resource.starts_with("key/") || resource.starts_with("alias/")) {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id> or …:alias/<name>)"
        ))
    }
}

/// An HTTP status-code matcher of a health check: `200`, `200-299`; codes
/// 200..499 (what Elastic Load Balancing accepts for HTTP checks).
pub fn http_codes(w: &str) -> ValueResult<()> {
    let (a, b) = w.split_once('-').unwrap_or((w, w));
    let code = |s: &str| {
        count(s, 200, 499)
            .map_err(|_| format!("`{w}` is not an HTTP code or range between 200 and 499"))
    };
    let (a, b) = (code(a)?, code(b)?);
    if a > b {
        return Err(format!("the range `{w}` is backwards"));
    }
    Ok(())
}

/// An S3 bucket ARN with an optional prefix: `arn:aws:s3:::bucket[/prefix]`.
pub fn s3_arn(w: &str) -> ValueResult<()> {
    s3_bucket_arn(w.split_once('/').map_or(w, |(bucket, _)| bucket))
}

/// A CloudWatch Logs log group name: 1 to 512 of `A-Z a-z 0-9 . - _ / #`.
pub fn log_group(w: &str) -> ValueResult<()> {
    if (1..=512).contains(&w.len())
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/#".contains(&b))
    {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a log group name (1 to 512 letters, digits and `. - _ / #`)"
        ))
    }
}

/// An IAM role ARN: `arn:aws:iam::<account>:role/<name>`.
pub fn role_arn(w: &str) -> ValueResult<()> {
    arn(w)?;
    let parts: Vec<&str> = w.splitn(6, ':').collect();
    if parts[2] == "iam" && parts[5].starts_with("role/") {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"
        ))
    }
}

/// `/dev/sdf`, `/dev/xvdf`, `xvdf`.
pub fn device(w: &str) -> ValueResult<()> {
    let name = w.strip_prefix("/dev/").unwrap_or(w);
    let ok = (w.starts_with("/dev/") || w.starts_with("xvd"))
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a device name (expected e.g. /dev/sdf or /dev/xvdf)"
        ))
    }
}

/// A health-check path starts with `/` (its length and characters are
/// AWS limits, checked in [`limits`](super::limits)).
pub fn http_path(w: &str) -> ValueResult<()> {
    if w.starts_with('/') {
        Ok(())
    } else {
        Err(format!("`{w}` is not a path (expected e.g. `/health`)"))
    }
}

/// A VPC endpoint's service: a short name (`s3`, `ecr.api`, `ssmmessages`)
/// or a full one (`com.amazonaws.us-east-1.s3`,
/// `com.amazonaws.vpce.us-east-1.vpce-svc-…`): lower-case letters, digits,
/// `.`, `-`.
pub fn service_name(w: &str) -> ValueResult<()> {
    let ok = !w.is_empty()
        && w.len() <= 255
        && w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !w.ends_with('.');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a service name (expected e.g. `s3`, `ssm`, `ecr.api` or `com.amazonaws.us-east-1.s3`)"
        ))
    }
}

/// An instance profile: its ARN (`arn:aws:iam::<account>:instance-profile/…`)
/// or its name (letters, digits and `+=,.@_-`).
pub fn instance_profile(w: &str) -> ValueResult<()> {
    if w.starts_with("arn:") {
        arn(w)?;
        return if w.contains(":instance-profile/") {
            Ok(())
        } else {
            Err(format!(
                "`{w}` is not an instance profile ARN (expected arn:aws:iam::<account>:instance-profile/<name>)"
            ))
        };
    }
    let ok = !w.is_empty()
        && w.len() <= 128
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not an instance profile name (at most 128 letters, digits and +=,.@_-)"
        ))
    }
}

/// An AWS resource id: `<prefix>-` and 8 or 17 lower-case hex digits
/// (`vpc-0abc1234`, `tgw-0123456789abcdef0`).
pub fn aws_id(w: &str, prefix: &str) -> ValueResult<()> {
    let ok = w
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .is_some_and(|hex| {
            (hex.len() == 8 || hex.len() == 17)
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{w}` is not a {prefix} id (`{prefix}-` and 8 or 17 lower-case hex digits)"
        ))
    }
}

/// A 12-digit AWS account id.
pub fn account_id(w: &str) -> ValueResult<()> {
    if w.len() == 12 && w.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("`{w}` is not an AWS account id (12 digits)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_digits_only() {
        assert_eq!(count("0", 0, 10), Ok(0));
        assert_eq!(count("0042", 0, 100), Ok(42));
        assert_eq!(count("18446744073709551615", 0, u64::MAX), Ok(u64::MAX));
        for bad in ["", "+5", "-1", "1 ", "1e3", "18446744073709551616", "٣"] {
            assert_eq!(
                count(bad, 0, u64::MAX),
                Err(format!("expected a whole number, found `{bad}`"))
            );
        }
        assert_eq!(count("11", 0, 10), Err("11 is out of range (0..10)".into()));
    }

    #[test]
    fn the_plain_ipv4_reader_agrees_with_ipnet() {
        let parts = [
            "0", "00", "01", "1", "9", "10", "010", "99", "100", "255", "256", "999", "1000", "",
            "a", "-1", "+1", " 1",
        ];
        let plain = ["0", "1", "9", "10", "99", "100", "255"];
        let mut accepted = 0;
        for a in parts {
            for b in ["0", "255", "01", "", "256"] {
                for len in parts.iter().chain(&["32", "33", "08", "8"]) {
                    for w in [
                        format!("{a}.{b}.0.1/{len}"),
                        format!("10.{b}.{a}.0/{len}"),
                        format!("{a}.0.0/{len}"),
                        format!("{a}.0.0.0.0/{len}"),
                        format!("{a}.1.2.3"),
                        format!("{a}.1.2.3/{len}/1"),
                    ] {
                        let ipnet = w.parse::<ipnet::Ipv4Net>().ok();
                        let read = plain_ipv4_cidr(&w);
                        if read.is_some() {
                            accepted += 1;
                            assert_eq!(read, ipnet, "{w}");
                        }
                        let is_plain = |f: &str| plain.contains(&f);
                        if is_plain(a) && is_plain(b) && ["0", "8", "32"].contains(len) {
                            assert!(
                                w.matches('.').count() != 3
                                    || w.matches('/').count() != 1
                                    || read.is_some(),
                                "{w}"
                            );
                        }
                    }
                }
            }
        }
        assert!(accepted > 100, "{accepted}");
        assert_eq!(
            cidr("10.0.1.0/24"),
            Ok(IpNet::V4("10.0.1.0/24".parse().unwrap()))
        );
    }

    #[test]
    fn values() {
        assert_eq!(port_range("1024-65535"), Ok(PortRange::new(1024, 65535)));
        assert!(port_range("65536").is_err());
        assert!(port_range("90-80").is_err());
        assert_eq!(size_gib("1TiB"), Ok(1024));
        assert!(size_gib("0GiB").is_err());
        assert_eq!(duration_s("5m"), Ok(300));
        assert_eq!(percent("12.5%"), Ok(12.5));
        assert!(percent("101%").is_err());
        assert_eq!(zone("a"), Ok(Zone::Letter('a')));
        assert_eq!(
            zone("ap-northeast-2c"),
            Ok(Zone::Named {
                region: "ap-northeast-2".into(),
                letter: 'c'
            })
        );
        assert!(zone("ap-northeast-2").is_err());
        assert!(zone("A").is_err());
        assert!(ami("ami-0c55b159cbfafe1f0").is_ok());
        assert!(ami("ami-xyz").is_err());
        assert!(
            ami("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
                .is_ok()
        );
        assert!(instance_type("t3.micro").is_ok());
        assert!(instance_type("t3micro").is_err());
        assert!(instance_type("T3.Micro").is_ok());
        assert!(instance_type("3t.micro").is_err());
        assert!(instance_type("t3.").is_err());
        assert!(instance_type("t3.mi_cro").is_err());
        assert!(arn("arn:aws:acm:ap-northeast-2:123456789012:certificate/abc").is_ok());
        assert!(arn("arn:aws").is_err());
        assert!(s3_bucket_arn("arn:aws:s3:::my-logs").is_ok());
        assert!(s3_bucket_arn("arn:aws:s3:::my-logs/prefix").is_err());
        assert!(s3_bucket_arn("arn:aws:s3:::My-Logs").is_err());
        assert!(s3_bucket_arn("arn:aws:sns:::my-logs").is_err());
        assert!(http_codes("200-299").is_ok());
        assert!(http_codes("302").is_ok());
        assert!(http_codes("500").is_err());
        assert!(http_codes("299-200").is_err());
        assert!(cidr("10.0.1.5/24").is_ok());
        assert!(cidr("10.0.0.0").is_err());
        assert!(cidr("10.0.0.0/33").is_err());
        assert!(cidr("::/0").is_ok());
        assert!(looks_like_cidr("fd00::/8"));
        assert!(!looks_like_cidr("app-sg"));
    }
}
