//! What AWS accepts in the free text a file carries into the template:
//! the template description, security-group and rule descriptions, user
//! data, key pair names, certificate ARNs, health-check paths, listener
//! rule patterns, TLS policy names and the SSM parameter names of AMIs.
//!
//! Each is a [`TextLimit`]: a longest length, measured as AWS measures it
//! (bytes or characters of the value, escapes decoded), and the characters
//! AWS takes. A value over the limit or with a character AWS refuses is
//! E004, like any other invalid value, because otherwise `build` writes a
//! template that CloudFormation or EC2 rejects at deploy time. A value at
//! exactly the limit passes.
//!
//! Everything else the template holds is safe by construction: names are
//! at most 64 ASCII letters, digits, `-` and `_` (the parser's E001), so
//! `Name` tags, logical IDs and default group descriptions built from them
//! stay within every limit; zones, regions, AMIs, instance types and
//! devices are checked by their own value types.
//!
//! One pass over the value, so the cost is linear in its length.

use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::Str;

/// How a limit measures a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 bytes of the decoded value.
    Bytes,
    /// Characters of the decoded value.
    Characters,
}

/// Which characters a value may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepts {
    /// Anything: AWS treats the value as opaque data.
    Anything,
    /// Any character but the control characters (U+0000–U+001F,
    /// U+007F–U+009F); newline and tab are text.
    Text,
    /// ASCII from space to `~`.
    PrintableAscii,
    /// What EC2 takes in a VPC security group's description.
    SgDescription,
}

/// The characters EC2 accepts in a VPC security group's description,
/// beside ASCII letters and digits.
const SG_DESCRIPTION_PUNCTUATION: &str = " ._-:/()#,@[]+=&;{}!$*";

/// [`Accepts::accepts`] over the ASCII characters (every other byte:
/// `false`, as it begins or continues a multi-byte character).
const fn ascii_table(accepts: Accepts) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0u8;
    while b < 128 {
        let ok = match accepts {
            Accepts::Anything => true,
            // The control characters of ASCII: U+0000–U+001F and U+007F.
            Accepts::Text => !(b < 0x20 || b == 0x7f) || b == b'\n' || b == b'\t',
            Accepts::PrintableAscii => b >= b' ' && b <= b'~',
            Accepts::SgDescription => {
                let mut ok = b.is_ascii_alphanumeric();
                let p = SG_DESCRIPTION_PUNCTUATION.as_bytes();
                let mut i = 0;
                while i < p.len() {
                    ok |= p[i] == b;
                    i += 1;
                }
                ok
            }
        };
        table[b as usize] = ok;
        b += 1;
    }
    table
}

static ASCII_ANYTHING: [bool; 256] = ascii_table(Accepts::Anything);
static ASCII_TEXT: [bool; 256] = ascii_table(Accepts::Text);
static ASCII_PRINTABLE: [bool; 256] = ascii_table(Accepts::PrintableAscii);
static ASCII_SG_DESCRIPTION: [bool; 256] = ascii_table(Accepts::SgDescription);

impl Accepts {
    fn accepts(self, c: char) -> bool {
        match self {
            Accepts::Anything => true,
            Accepts::Text => !c.is_control() || c == '\n' || c == '\t',
            Accepts::PrintableAscii => (' '..='~').contains(&c),
            Accepts::SgDescription => {
                c.is_ascii_alphanumeric() || SG_DESCRIPTION_PUNCTUATION.contains(c)
            }
        }
    }

    /// Whether an ASCII byte is accepted, from a bit table computed at
    /// compile time (one lookup per byte of every description, rather than
    /// a search of the punctuation list).
    fn accepts_ascii(self, b: u8) -> bool {
        let table = match self {
            Accepts::Anything => &ASCII_ANYTHING,
            Accepts::Text => &ASCII_TEXT,
            Accepts::PrintableAscii => &ASCII_PRINTABLE,
            Accepts::SgDescription => &ASCII_SG_DESCRIPTION,
        };
        table[usize::from(b)]
    }

    fn describe(self) -> &'static str {
        match self {
            Accepts::Anything => "any character",
            Accepts::Text => "text without control characters (newline and tab are fine)",
            Accepts::PrintableAscii => "printable ASCII characters only",
            Accepts::SgDescription => {
                "only ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*"
            }
        }
    }
}

/// One AWS limit on a text value.
#[derive(Clone, Copy, Debug)]
pub struct TextLimit {
    /// The value, as a message names it: "the template description".
    pub what: &'static str,
    /// Who refuses a value over the limit: "CloudFormation", "EC2".
    pub by: &'static str,
    /// The longest value accepted, in `unit`s; `None` when AWS documents
    /// no length.
    pub max: Option<usize>,
    pub unit: Unit,
    pub accepts: Accepts,
    /// What to do about a value that is too long.
    pub help_long: &'static str,
    /// What to do about a character that is refused.
    pub help_char: &'static str,
}

/// The template `Description`: "a literal string between 0 and 1024 bytes".
pub const TEMPLATE_DESCRIPTION: TextLimit = TextLimit {
    what: "the template description",
    by: "CloudFormation",
    max: Some(1024),
    unit: Unit::Bytes,
    accepts: Accepts::Text,
    help_long: "shorten the description; longer notes belong in comments (`#`)",
    help_char: "remove the control character; write a line break as `\\n`",
};

/// `GroupDescription` of a VPC security group: up to 255 characters of a
/// restricted set.
pub const SG_DESCRIPTION: TextLimit = TextLimit {
    what: "a security group description",
    by: "EC2",
    max: Some(255),
    unit: Unit::Characters,
    accepts: Accepts::SgDescription,
    help_long: "shorten the description to 255 characters",
    help_char: "use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
};

/// A security-group rule's description (`Description` of an ingress or
/// egress rule): EC2 documents the same 255 characters and character set
/// as for the group's own description.
pub const SG_RULE_DESCRIPTION: TextLimit = TextLimit {
    what: "a security group rule description",
    by: "EC2",
    max: Some(255),
    unit: Unit::Characters,
    accepts: Accepts::SgDescription,
    help_long: "shorten the rule's description to 255 characters",
    help_char: "use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
};

/// A listener rule's path or host pattern: Elastic Load Balancing takes at
/// most 128 characters per value, visible ASCII only.
pub const LISTENER_RULE_PATTERN: TextLimit = TextLimit {
    what: "a listener rule pattern",
    by: "Elastic Load Balancing",
    max: Some(128),
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "a path or host pattern is at most 128 characters",
    help_char: "write the pattern in ASCII (percent-encode a path's other bytes)",
};

/// User data: "limited to 16 KB, in raw form, before it is base64-encoded"
/// (the template holds it raw, in `Fn::Base64`). EC2 treats it as opaque
/// data, so any character goes.
pub const USER_DATA: TextLimit = TextLimit {
    what: "the user data",
    by: "EC2",
    max: Some(16 * 1024),
    unit: Unit::Bytes,
    accepts: Accepts::Anything,
    help_long: "EC2 counts user data before base64 and takes at most 16 KiB: put the script in S3 (or an SSM document) and have a short user-data script fetch and run it",
    help_char: "",
};

/// A key pair name: "up to 255 ASCII characters".
pub const KEY_PAIR: TextLimit = TextLimit {
    what: "a key pair name",
    by: "EC2",
    max: Some(255),
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "EC2 key pair names are at most 255 characters: write the name as EC2 lists it",
    help_char: "write the key pair's name as EC2 lists it (printable ASCII)",
};

/// A listener certificate: an ACM certificate ARN is at most 2,048
/// characters, and an ARN is ASCII.
pub const CERTIFICATE_ARN: TextLimit = TextLimit {
    what: "a certificate ARN",
    by: "Elastic Load Balancing",
    max: Some(2048),
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "a certificate ARN is at most 2,048 characters: copy it from ACM",
    help_char: "copy the certificate's ARN from ACM (printable ASCII)",
};

/// `HealthCheckPath`: 1 to 1,024 characters, sent in an HTTP request line,
/// so ASCII (other bytes percent-encoded).
pub const HEALTH_CHECK_PATH: TextLimit = TextLimit {
    what: "a health-check path",
    by: "Elastic Load Balancing",
    max: Some(1024),
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "a health-check path is at most 1,024 characters",
    help_char: "write the path in ASCII, percent-encoding other bytes (`%C3%A9`)",
};

/// `SslPolicy`: the name of a predefined ELB security policy, all of which
/// are ASCII; AWS documents no length.
pub const TLS_POLICY: TextLimit = TextLimit {
    what: "a TLS policy name",
    by: "Elastic Load Balancing",
    max: None,
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "",
    help_char: "write the name of a predefined policy, e.g. `ELBSecurityPolicy-TLS13-1-2-2021-06`",
};

/// The SSM parameter of `ami ssm:/…` (a template parameter's default):
/// Systems Manager takes a name of at most 1,011 characters, counting the
/// ARN's prefix (`arn:aws:ssm:<region>:<account>:parameter`) too, so a
/// longer path is refused whatever the region; the characters are the
/// AMI value type's.
pub const SSM_PARAMETER: TextLimit = TextLimit {
    what: "an SSM parameter name",
    by: "Systems Manager",
    max: Some(1011),
    unit: Unit::Characters,
    accepts: Accepts::PrintableAscii,
    help_long: "Systems Manager parameter names are at most 1,011 characters, the ARN's prefix included: write the parameter's name as Systems Manager lists it",
    help_char: "",
};

/// Check a string literal against `limit`: E004s, empty when it is within.
pub fn check_str(limit: &TextLimit, s: &Str<'_>) -> Vec<Diagnostic> {
    if s.text.contains('\\') {
        check(limit, 0, s.decoded(), s.span)
    } else {
        // No escape: the value is the text between the quotes.
        check_text(limit, s.text, s.span.start + 1, s.span)
    }
}

/// Check a word (written as is, no escapes) that spans `span`.
pub fn check_word(limit: &TextLimit, text: &str, span: Span) -> Vec<Diagnostic> {
    check_text(limit, text, span.start, span)
}

/// A value that is its source text, starting at byte `start`.
fn check_text(limit: &TextLimit, text: &str, start: u32, whole: Span) -> Vec<Diagnostic> {
    if limit.accepts == Accepts::Anything && limit.unit == Unit::Bytes {
        // Nothing to look at but the length, which is the text's.
        return too_long(limit, text.len(), whole).into_iter().collect();
    }
    // Most values are plain ASCII that the limit accepts: a byte loop
    // finds the first byte that is not, and characters are decoded only
    // from there.
    let Some(plain) = text.bytes().position(|b| !limit.accepts.accepts_ascii(b)) else {
        return too_long(limit, text.len(), whole).into_iter().collect();
    };
    let chars = text[plain..].char_indices().map(move |(i, c)| {
        let at = start + (plain + i) as u32;
        (c, Span::new(at, at + c.len_utf8() as u32))
    });
    check(limit, plain, chars, whole)
}

/// One pass over the characters of a value (each with its source span)
/// after its first `accepted` ASCII bytes: the first refused character,
/// and the length, each its own E004.
fn check(
    limit: &TextLimit,
    accepted: usize,
    chars: impl Iterator<Item = (char, Span)>,
    whole: Span,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut first_bad: Option<(char, Span)> = None;
    let mut more_bad = 0usize;
    let (mut bytes, mut count) = (accepted, accepted);
    for (c, span) in chars {
        bytes += c.len_utf8();
        count += 1;
        if !limit.accepts.accepts(c) {
            if first_bad.is_none() {
                first_bad = Some((c, span));
            } else {
                more_bad += 1;
            }
        }
    }
    if let Some((c, span)) = first_bad {
        // The character itself goes into the message as it is: every
        // renderer escapes control characters, so `\u{1b}` shows once.
        let mut d = Diagnostic::new(
            Code::E004,
            span,
            format!(
                "{} cannot contain `{c}` (U+{:04X}): {} accepts {}",
                limit.what,
                u32::from(c),
                limit.by,
                limit.accepts.describe()
            ),
        )
        .with_label(format!("not accepted by {}", limit.by))
        .with_help(limit.help_char);
        if more_bad > 0 {
            d = d.with_note(format!(
                "{} more character{} of this value {} not accepted either",
                group(more_bad),
                if more_bad == 1 { "" } else { "s" },
                if more_bad == 1 { "is" } else { "are" },
            ));
        }
        out.push(d);
    }
    let size = match limit.unit {
        Unit::Bytes => bytes,
        Unit::Characters => count,
    };
    out.extend(too_long(limit, size, whole));
    out
}

/// E004 when `size` (in the limit's unit) is over the limit.
fn too_long(limit: &TextLimit, size: usize, whole: Span) -> Option<Diagnostic> {
    let max = limit.max.filter(|&max| size > max)?;
    let unit = match limit.unit {
        Unit::Bytes => "byte",
        Unit::Characters => "character",
    };
    Some(
        Diagnostic::new(
            Code::E004,
            whole,
            format!(
                "{} is {} {unit}s long; {} accepts at most {} {unit}s",
                limit.what,
                group(size),
                limit.by,
                group(max)
            ),
        )
        .with_label(format!("{} {unit}s", group(size)))
        .with_help(limit.help_long),
    )
}

/// `16384` → `16,384`: sizes and counts in messages.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size or count as a message shows it.
fn group(n: usize) -> String {
    thousands(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(limit: &TextLimit, text: &str) -> Vec<(u32, u32, String)> {
        check_word(limit, text, Span::new(100, 100 + text.len() as u32))
            .into_iter()
            .map(|d| (d.span.start, d.span.end, d.message))
            .collect()
    }

    #[test]
    fn at_the_limit_passes_one_over_fails() {
        assert!(word(&KEY_PAIR, &"k".repeat(255)).is_empty());
        let over = word(&KEY_PAIR, &"k".repeat(256));
        assert_eq!(over.len(), 1);
        assert_eq!((over[0].0, over[0].1), (100, 356));
        assert_eq!(
            over[0].2,
            "a key pair name is 256 characters long; EC2 accepts at most 255 characters"
        );
    }

    #[test]
    fn a_refused_character_is_pointed_at_exactly() {
        let got = word(&KEY_PAIR, "ab\u{1b}c\u{7}");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (102, 103));
        assert!(got[0].2.contains("`\u{1b}` (U+001B)"), "{}", got[0].2);
        // A multi-byte character: its whole UTF-8 sequence.
        let got = word(&HEALTH_CHECK_PATH, "/caf\u{e9}");
        assert_eq!((got[0].0, got[0].1), (104, 106));
    }

    #[test]
    fn bytes_and_characters_are_measured_as_aws_does() {
        // 512 two-byte characters: 1,024 bytes, at the limit; one more
        // ASCII byte is over.
        let s = "é".repeat(512);
        let at = Str {
            text: &s,
            span: Span::new(0, s.len() as u32 + 2),
        };
        assert!(check_str(&TEMPLATE_DESCRIPTION, &at).is_empty());
        let s = format!("{s}x");
        let over = Str {
            text: &s,
            span: Span::new(0, s.len() as u32 + 2),
        };
        let d = check_str(&TEMPLATE_DESCRIPTION, &over);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("1,025 bytes"), "{}", d[0].message);
        // ASCII then a two-byte character: 1,023 + 2 bytes.
        let s = format!("{}é", "x".repeat(1023));
        let mixed = Str {
            text: &s,
            span: Span::new(0, s.len() as u32 + 2),
        };
        let d = check_str(&TEMPLATE_DESCRIPTION, &mixed);
        assert!(d[0].message.contains("1,025 bytes"), "{}", d[0].message);
        // An escape counts as the one character it stands for.
        let s = format!("{}\\n", "x".repeat(1023));
        let esc = Str {
            text: &s,
            span: Span::new(0, s.len() as u32 + 2),
        };
        assert!(check_str(&TEMPLATE_DESCRIPTION, &esc).is_empty());
    }

    #[test]
    fn security_group_descriptions() {
        assert!(word(&SG_DESCRIPTION, "SSH:from(office)#1,@[x]+=&;{}!$*_-./").is_empty());
        let got = word(&SG_DESCRIPTION, "naïve");
        assert_eq!((got[0].0, got[0].1), (102, 104));
    }

    #[test]
    fn the_ascii_tables_agree_with_the_characters() {
        for accepts in [
            Accepts::Anything,
            Accepts::Text,
            Accepts::PrintableAscii,
            Accepts::SgDescription,
        ] {
            for b in 0..=255u8 {
                let expected = b.is_ascii() && accepts.accepts(char::from(b));
                assert_eq!(accepts.accepts_ascii(b), expected, "{accepts:?} {b}");
            }
        }
    }

    #[test]
    fn user_data_takes_any_character() {
        assert!(word(&USER_DATA, "#!/bin/sh\u{1b}\u{0}").is_empty());
    }
}
