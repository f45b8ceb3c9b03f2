//! I507 secret-in-user-data.
//!
//! The scanner is hand-written and linear: one pass over the decoded user
//! data, each pattern tried at each position with a bounded look-ahead, and
//! every match skipped over once found. The one unbounded look-ahead (the
//! `-----END` of a private key block) is searched at most once past any
//! point where it was missing.
//!
//! The primary span is the secret itself when its place in the source can be
//! computed exactly: every decoded character maps to a fixed raw length
//! (`"`, `\` and newline come from two-byte escapes: a string cannot hold a
//! raw newline), except a tab, which may be raw or `\t`. Up to the first
//! tab the mapping is exact; past it, or when the lengths do not add up to
//! the literal, the whole string literal is the span.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};
use crate::span::{Span, Spanned};
use std::ops::Range;

pub static RULE: Rule = Rule {
    code: Code::I507,
    check,
};

/// What kind of credential was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    AccessKeyId,
    SecretAccessKey,
    PrivateKey,
    Password,
}

impl Secret {
    fn describe(self) -> &'static str {
        match self {
            Secret::AccessKeyId => "an AWS access key id",
            Secret::SecretAccessKey => "an AWS secret access key",
            Secret::PrivateKey => "a private key",
            Secret::Password => "a password",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Secret::AccessKeyId => "AWS access key id",
            Secret::SecretAccessKey => "AWS secret access key",
            Secret::PrivateKey => "private key",
            Secret::Password => "password",
        }
    }
}

/// A credential found at a byte range of the decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub kind: Secret,
    pub range: Range<usize>,
}

fn is_key_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'/' || b == b'+'
}

fn starts_with_ci(hay: &[u8], at: usize, needle: &[u8]) -> bool {
    hay.get(at..at + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle))
}

fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// `AKIA`/`ASIA` + 16 capitals or digits, not inside a longer such run.
fn access_key_at(b: &[u8], i: usize) -> Option<usize> {
    let prefix = b.get(i..i + 4)?;
    if prefix != b"AKIA" && prefix != b"ASIA" {
        return None;
    }
    if i > 0 && is_key_char(b[i - 1]) {
        return None;
    }
    let end = i + 20;
    let body = b.get(i + 4..end)?;
    if !body.iter().all(|&c| is_key_char(c)) || b.get(end).is_some_and(|&c| is_key_char(c)) {
        return None;
    }
    Some(end)
}

/// The end of a `PRIVATE KEY-----` / `PRIVATE KEY BLOCK-----` marker tail
/// starting within the line from `from` (bounded: a header line is short).
fn private_key_tail(b: &[u8], from: usize) -> Option<usize> {
    const MAX_HEADER: usize = 64;
    let limit = (from + MAX_HEADER).min(b.len());
    let mut j = from;
    while j < limit && b[j] != b'\n' {
        if b[j..].starts_with(b"PRIVATE KEY-----") {
            return Some(j + 16);
        }
        if b[j..].starts_with(b"PRIVATE KEY BLOCK-----") {
            return Some(j + 22);
        }
        j += 1;
    }
    None
}

/// Keywords whose assigned value is a credential.
const KEYWORDS: &[(&[u8], Secret)] = &[
    (b"aws_secret_access_key", Secret::SecretAccessKey),
    (b"password", Secret::Password),
    (b"passwd", Secret::Password),
];

/// After a keyword at `after`: an assignment (`=`, `:`; for the secret
/// access key also a space, as `aws configure set` writes it) of a literal
/// value. Returns the value's range.
fn assigned_value(b: &[u8], after: usize, kind: Secret) -> Option<Range<usize>> {
    let mut j = after;
    // A closing quote of a quoted key: `"password": "…"`.
    if matches!(b.get(j), Some(b'"' | b'\'')) {
        j += 1;
    }
    let blank = |c: u8| c == b' ' || c == b'\t';
    let key_end = j;
    while b.get(j).is_some_and(|&c| blank(c)) {
        j += 1;
    }
    let spaced = j > key_end;
    match b.get(j) {
        Some(b'=') if b.get(j + 1) != Some(&b'=') => j += 1,
        Some(b':') => j += 1,
        // `aws configure set aws_secret_access_key <value>`: only a value
        // shaped like a secret key counts without an `=`.
        Some(_) if spaced && kind == Secret::SecretAccessKey => {
            let end = j + b[j..].iter().take_while(|&&c| is_base64_char(c)).count();
            return (end - j == 40).then_some(j..end);
        }
        _ => return None,
    }
    while b.get(j).is_some_and(|&c| blank(c)) {
        j += 1;
    }
    let quote = match b.get(j) {
        Some(&q @ (b'"' | b'\'')) => {
            j += 1;
            Some(q)
        }
        _ => None,
    };
    let start = j;
    let stop = |c: u8| match quote {
        Some(q) => c == q || c == b'\n',
        None => {
            c.is_ascii_whitespace()
                || matches!(
                    c,
                    b';' | b'&' | b'|' | b'"' | b'\'' | b',' | b')' | b'}' | b']'
                )
        }
    };
    let end = start + b[start..].iter().take_while(|&&c| !stop(c)).count();
    if end == start {
        return None;
    }
    // Read at boot or a template placeholder, not a literal credential.
    if matches!(b[start], b'$' | b'%' | b'{' | b'<' | b'`' | b'*') {
        return None;
    }
    Some(start..end)
}

/// Every credential in `text`, in order, not overlapping.
pub fn find_secrets(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // No `-----END ` exists at or after this offset (searched once).
    let mut no_end_after = usize::MAX;
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"-----BEGIN ")
            && let Some(header_end) = private_key_tail(b, i + 11)
        {
            let mut end = header_end;
            if header_end < no_end_after {
                match find_from(b, header_end, b"-----END ") {
                    Some(e) => {
                        if let Some(t) = private_key_tail(b, e + 9) {
                            end = t;
                        }
                    }
                    None => no_end_after = header_end,
                }
            }
            found.push(Found {
                kind: Secret::PrivateKey,
                range: i..end,
            });
            i = end;
            continue;
        }
        if let Some(end) = access_key_at(b, i) {
            found.push(Found {
                kind: Secret::AccessKeyId,
                range: i..end,
            });
            i = end;
            continue;
        }
        let mut matched = false;
        for &(kw, kind) in KEYWORDS {
            if !starts_with_ci(b, i, kw) {
                continue;
            }
            if let Some(value) = assigned_value(b, i + kw.len(), kind) {
                i = value.end;
                found.push(Found { kind, range: value });
                matched = true;
                break;
            }
        }
        if !matched {
            i += 1;
        }
    }
    found
}

/// Maps byte ranges of a decoded string literal to source spans, in one
/// pass (the ranges are sorted and disjoint). `None` for a range whose raw
/// position is ambiguous (a tab before its end) or when the literal's
/// length does not match the decoding.
fn source_spans(value: &str, literal: Span, ranges: &[Range<usize>]) -> Vec<Option<Span>> {
    let mut out = vec![None; ranges.len()];
    let inner_start = literal.start as usize + 1;
    let inner_end = (literal.end as usize).saturating_sub(1);
    // Raw offset of each decoded offset, up to the first tab.
    let mut raw = 0usize;
    let mut k = 0; // next range
    let mut start_raw = None;
    let mut exact = true;
    let mut chars = value.char_indices().peekable();
    loop {
        let (i, c) = match chars.next() {
            Some(x) => x,
            None => (value.len(), '\0'),
        };
        while k < ranges.len() {
            let r = &ranges[k];
            if start_raw.is_none() && r.start == i {
                start_raw = Some(raw);
            }
            if r.end == i {
                if let (Some(s), true) = (start_raw, exact) {
                    let (s, e) = (inner_start + s, inner_start + raw);
                    if e <= inner_end {
                        out[k] = Some(Span::new(s as u32, e as u32));
                    }
                }
                start_raw = None;
                k += 1;
                continue;
            }
            break;
        }
        if i == value.len() {
            break;
        }
        raw += match c {
            '\t' => {
                exact = false;
                1
            }
            '"' | '\\' | '\n' => 2,
            c => c.len_utf8(),
        };
    }
    // Without tabs the whole literal must add up, or nothing is trusted.
    if exact && inner_start + raw != inner_end {
        out.iter_mut().for_each(|s| *s = None);
    }
    out
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let instances = ids(&m.instances).map(|(_, i)| ("instance", &i.decl.name, &i.user_data));
    let templates =
        ids(&m.launch_templates).map(|(_, t)| ("launch template", &t.decl.name, &t.user_data));
    for (kind, name, user_data) in instances.chain(templates) {
        let Some(ud) = user_data else {
            continue;
        };
        report(cx, kind, name, ud);
    }
}

fn report(cx: &Context<'_>, kind: &str, name: &str, ud: &Spanned<String>) {
    let found = find_secrets(&ud.node);
    if found.is_empty() {
        return;
    }
    let ranges: Vec<Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
    let spans = source_spans(&ud.node, ud.span, &ranges);
    for (f, span) in found.iter().zip(spans) {
        let help = match f.kind {
            Secret::AccessKeyId | Secret::SecretAccessKey => format!(
                "deactivate this key in IAM (it is exposed) and give {name} an IAM role \
                 (instance profile): the AWS CLI and SDKs on the instance use its temporary \
                 credentials without any key"
            ),
            Secret::PrivateKey => "replace this key (it is exposed) and fetch the new one at boot \
                 from AWS Secrets Manager or SSM Parameter Store (SecureString), using the \
                 instance's IAM role"
                .to_string(),
            Secret::Password => "change this password (it is exposed) and read it at boot from \
                 AWS Secrets Manager or SSM Parameter Store, e.g. \
                 `$(aws ssm get-parameter --name … --with-decryption --query Parameter.Value --output text)`"
                .to_string(),
        };
        let d = match span {
            Some(s) => cx
                .report(
                    &RULE,
                    s,
                    format!("user data of {kind} {name} contains {}", f.kind.describe()),
                )
                .with_label(f.kind.label()),
            None => cx
                .report(
                    &RULE,
                    ud.span,
                    format!("user data of {kind} {name} contains {}", f.kind.describe()),
                )
                .with_label(format!("contains {}", f.kind.describe())),
        };
        d.with_help(help).with_note(
            "user data is not secret: the console, the API, the CloudFormation template and \
             every process on the instance (through the metadata service) can read it",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Secret, &str)> {
        find_secrets(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    #[test]
    fn access_key_ids() {
        assert_eq!(
            kinds("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"),
            vec![(Secret::AccessKeyId, "AKIAIOSFODNN7EXAMPLE")]
        );
        assert_eq!(
            kinds("ASIAY34FZKBOKMUTVV7A"),
            vec![(Secret::AccessKeyId, "ASIAY34FZKBOKMUTVV7A")]
        );
        // Too short, too long, lower case, or inside a longer token.
        assert!(kinds("AKIAIOSFODNN7EXAMPL").is_empty());
        assert!(kinds("AKIAIOSFODNN7EXAMPLEX").is_empty());
        assert!(kinds("akiaiosfodnn7example").is_empty());
        assert!(kinds("XAKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(kinds("AIDAIOSFODNN7EXAMPLE").is_empty());
    }

    #[test]
    fn private_key_blocks() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        let text = format!("cat > /root/id <<EOF\n{pem}\nEOF\n");
        assert_eq!(kinds(&text), vec![(Secret::PrivateKey, pem)]);
        // Header only when the block is cut off.
        assert_eq!(
            kinds("x -----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn"),
            vec![(Secret::PrivateKey, "-----BEGIN OPENSSH PRIVATE KEY-----")]
        );
        assert_eq!(
            kinds("-----BEGIN PGP PRIVATE KEY BLOCK-----"),
            vec![(Secret::PrivateKey, "-----BEGIN PGP PRIVATE KEY BLOCK-----")]
        );
        // Public material is not a secret.
        assert!(kinds("-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----").is_empty());
        assert!(kinds("-----BEGIN PUBLIC KEY-----").is_empty());
    }

    #[test]
    fn password_assignments() {
        assert_eq!(
            kinds("export DB_PASSWORD=hunter2; run"),
            vec![(Secret::Password, "hunter2")]
        );
        assert_eq!(
            kinds("mysql --password='s3cr3t pass' -e x"),
            vec![(Secret::Password, "s3cr3t pass")]
        );
        assert_eq!(
            kinds("{\"password\": \"abc\"}"),
            vec![(Secret::Password, "abc")]
        );
        assert_eq!(
            kinds("users:\n  - passwd = letmein\n"),
            vec![(Secret::Password, "letmein")]
        );
        // Read at boot, compared, a file, or no value: not a credential.
        assert!(kinds("PASSWORD=$(aws ssm get-parameter --name /db)").is_empty());
        assert!(kinds("PASSWORD=${DB_PASS}").is_empty());
        assert!(kinds("set PASSWORD=%DB_PASS%").is_empty());
        assert!(kinds("[ \"$password\" == x ]").is_empty());
        assert!(kinds("cat /etc/passwd").is_empty());
        assert!(kinds("chpasswd:\n  list: |\n").is_empty());
        assert!(kinds("PASSWORD_FILE=/run/secrets/db").is_empty());
        assert!(kinds("password=").is_empty());
    }

    #[test]
    fn secret_access_keys() {
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(
            kinds(&format!("aws_secret_access_key = {key}\n")),
            vec![(Secret::SecretAccessKey, key)]
        );
        assert_eq!(
            kinds(&format!("aws configure set aws_secret_access_key {key}")),
            vec![(Secret::SecretAccessKey, key)]
        );
        assert!(kinds("aws configure set aws_secret_access_key short").is_empty());
        assert!(kinds("AWS_SECRET_ACCESS_KEY=$SECRET").is_empty());
    }

    #[test]
    fn many_begins_without_end_stay_linear() {
        // Would take quadratic time if each header searched for an END.
        let text = "-----BEGIN EC PRIVATE KEY-----\n".repeat(20_000);
        assert_eq!(find_secrets(&text).len(), 20_000);
    }

    fn spans(raw_literal: &str, decoded: &str, needle: &str) -> Option<String> {
        let start = decoded.find(needle)?;
        let lit = Span::new(10, 10 + raw_literal.len() as u32);
        let range = start..start + needle.len();
        let s = source_spans(decoded, lit, std::slice::from_ref(&range))[0]?;
        Some(raw_literal[(s.start - 10) as usize..(s.end - 10) as usize].to_string())
    }

    #[test]
    fn exact_spans_through_escapes() {
        // No escapes.
        assert_eq!(
            spans("\"PASSWORD=hunter2\"", "PASSWORD=hunter2", "hunter2").as_deref(),
            Some("hunter2")
        );
        // Escapes before and inside the match.
        assert_eq!(
            spans(
                "\"a\\\"b\\\\c\\nK=-----BEGIN EC PRIVATE KEY-----\\nxx\\n-----END EC PRIVATE KEY-----\"",
                "a\"b\\c\nK=-----BEGIN EC PRIVATE KEY-----\nxx\n-----END EC PRIVATE KEY-----",
                "-----BEGIN EC PRIVATE KEY-----\nxx\n-----END EC PRIVATE KEY-----"
            )
            .as_deref(),
            Some("-----BEGIN EC PRIVATE KEY-----\\nxx\\n-----END EC PRIVATE KEY-----")
        );
        // Non-ASCII text before the match.
        assert_eq!(
            spans("\"é password=x\"", "é password=x", "x").as_deref(),
            Some("x")
        );
        // A tab before the match is ambiguous (raw or `\t`).
        assert_eq!(spans("\"\\tpassword=x\"", "\tpassword=x", "x"), None);
        // A tab after the match is not.
        assert_eq!(
            spans("\"password=x\\t\"", "password=x\t", "x").as_deref(),
            Some("x")
        );
        // Lengths that do not add up: trust nothing.
        assert_eq!(spans("\"password=xy\"", "password=x", "x"), None);
    }
}
