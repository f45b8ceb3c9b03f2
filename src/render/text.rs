//! Text that came from a file (or a file name) made safe to print.
//!
//! netlint runs on files anyone can put in a pull request, and its human and
//! GitHub outputs end up in terminals and CI logs. A control character copied
//! from the file would be obeyed there: ESC starts a terminal command (clear
//! the screen, hide text, set the window title, a hyperlink), CR moves back
//! to the start of the line so later text overwrites what was printed. So
//! every such character is shown escaped, the way Rust writes it (`\u{1b}`,
//! `\r`, `\0`), whatever the colour setting. The bidirectional-formatting
//! characters are escaped too, since they reorder what a reader sees.
//!
//! Messages are also capped: a message that echoes a huge word must not
//! make the output grow with the square of the input.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

/// The longest message, label, help or note printed for a person, in
/// characters; longer ones keep their start and end around an ellipsis.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Whether a character is shown escaped rather than printed.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends the escaped form of an unsafe character.
pub fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `s` with every unsafe character escaped (tabs too, unless `keep_tabs`).
pub fn escape(s: &str, keep_tabs: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_tabs && c == '\t');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every unsafe character but the line breaks (and tabs) escaped:
/// for reports written line by line from names a file chose.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for line in s.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&escape(body, true));
        out.push_str(end);
    }
    Cow::Owned(out)
}

/// `s` cut to at most [`MAX_TEXT_CHARS`] characters (start and end kept).
pub fn cap(s: &str) -> Cow<'_, str> {
    // A char is at least one byte: short texts need no counting.
    if s.len() <= MAX_TEXT_CHARS || s.chars().count() <= MAX_TEXT_CHARS {
        return Cow::Borrowed(s);
    }
    let head = MAX_TEXT_CHARS * 3 / 4;
    let tail = MAX_TEXT_CHARS - head - 1;
    let head_end = s.char_indices().nth(head).map_or(s.len(), |(i, _)| i);
    let tail_start = s
        .char_indices()
        .rev()
        .nth(tail - 1)
        .map_or(head_end, |(i, _)| i.max(head_end));
    Cow::Owned(format!("{}…{}", &s[..head_end], &s[tail_start..]))
}

/// A message, label, help or note as printed for a person: capped, and
/// with every unsafe character (newlines and tabs included) escaped.
pub fn for_person(s: &str) -> Cow<'_, str> {
    match cap(s) {
        Cow::Borrowed(b) => escape(b, false),
        Cow::Owned(o) => Cow::Owned(escape(&o, false).into_owned()),
    }
}

/// A file name for people, without loss: control characters escaped as in
/// messages and, on Unix where a name is any bytes, bytes that are not
/// UTF-8 as `\xNN` and a backslash as `\\` (so that no two names print the
/// same). `-` stays `-` (standard input).
pub fn display_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else if is_unsafe(c) {
                    push_escaped(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        escape(&path.to_string_lossy(), false).into_owned()
    }
}

/// A file name in JSON and SARIF properties: as it is when it is text
/// (JSON escapes what it must), else [`display_name`], without loss.
pub fn json_name(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(display_name(path)),
    }
}

/// Pretty JSON, with every unsafe character written as a `\uXXXX` escape.
///
/// JSON must escape only U+0000..U+001F, so serde_json writes DEL, the C1
/// controls (U+009B is CSI to a terminal that honours them) and the
/// bidirectional controls raw. Escaped, the data is the same and no
/// terminal that shows the JSON obeys them.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter::default());
    value.serialize(&mut ser)?;
    Ok(())
}

#[derive(Default)]
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            w.write_all(&rest.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(escape("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(escape("bell\u{7}", false), "bell\\u{7}");
        assert_eq!(escape("x\rFAKE", false), "x\\rFAKE");
        assert_eq!(escape("\u{9b}31m", false), "\\u{9b}31m");
        assert_eq!(escape("\u{202e}abc", false), "\\u{202e}abc");
        assert_eq!(escape("a\tb\nc", false), "a\\tb\\nc");
        assert_eq!(escape("a\tb", true), "a\tb");
        assert!(matches!(escape("plain ✓ é", false), Cow::Borrowed(_)));
    }

    #[test]
    fn caps_long_texts_keeping_both_ends() {
        let long = format!("unknown name `{}`", "x".repeat(5000));
        let capped = cap(&long);
        assert_eq!(capped.chars().count(), MAX_TEXT_CHARS);
        assert!(capped.starts_with("unknown name `xxx"));
        assert!(capped.ends_with("xx`"));
        assert!(capped.contains('…'));
        let short = "short message";
        assert!(matches!(cap(short), Cow::Borrowed(_)));
        let multibyte = "é".repeat(MAX_TEXT_CHARS);
        assert!(matches!(cap(&multibyte), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let mut out = Vec::new();
        let value = serde_json::json!({"m": ["a\u{9b}1m\u{7f}\u{202e}b\u{1b}é\""]});
        write_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\n  \"m\": [\n    \"a\\u009b1m\\u007f\\u202eb\\u001bé\\\"\"\n  ]\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let mut pretty =
            serde_json::to_string_pretty(&serde_json::json!({"k": [1, {"x": []}]})).unwrap();
        let mut ours = Vec::new();
        write_json(&mut ours, &serde_json::json!({"k": [1, {"x": []}]})).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            std::mem::take(&mut pretty)
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_are_shown_without_loss() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| display_name(Path::new(OsStr::from_bytes(b)));
        assert_eq!(name(b"nets/main.net"), "nets/main.net");
        assert_eq!(name(b"caf\xe9.net"), "caf\\xe9.net");
        assert_eq!(name(b"caf\\xe9.net"), "caf\\\\xe9.net");
        assert_eq!(
            name(b"x\rFAKE error: all good.net"),
            "x\\rFAKE error: all good.net"
        );
        assert_eq!(name("ké.net".as_bytes()), "ké.net");
    }
}
