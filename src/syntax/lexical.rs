//! The lexical grammar (section 1 of `grammar/netlint.ebnf`): one nom
//! parser per production, over the source text.
//!
//! There is no token stream: the structural productions call these where
//! a token may stand, so lexing allocates nothing. The lexical productions
//! never give up on the file: a string left open at the end of its line is
//! reported here (once, however often recovery passes it) and fails with
//! [`expected::STRING_END`], and the production that recovers goes on.
//! Comments are not tokens; [`comment`] keeps them for the suppression pass.

use super::ast::{Comment, Str, Word};
use super::error::{Expected, Fail, SyntaxError, expected};
use super::input::In;
use crate::span::Span;
use nom::{Err, IResult};

pub type Res<'a, 's, O> = IResult<In<'a, 's>, O, Fail>;

/// A recoverable failure at `i`.
pub(super) fn error<'a, 's, O>(i: In<'a, 's>) -> Res<'a, 's, O> {
    Err(Err::Error(Fail::at(i.pos())))
}

/// Byte classes, for ASCII; bytes of multi-byte characters are `WIDE`
/// and decoded (only Unicode blanks need it).
const WORD: u8 = 0;
const BLANK: u8 = 1;
const STOP: u8 = 2;
const WIDE: u8 = 3;

static CLASS: [u8; 256] = {
    let mut t = [WORD; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = WIDE;
        b += 1;
    }
    // The ASCII characters with the Unicode White_Space property.
    t[b' ' as usize] = BLANK;
    t[b'\t' as usize] = BLANK;
    t[b'\r' as usize] = BLANK;
    t[0x0b] = BLANK;
    t[0x0c] = BLANK;
    t[b'\n' as usize] = STOP;
    t[b'{' as usize] = STOP;
    t[b'}' as usize] = STOP;
    t[b',' as usize] = STOP;
    t[b';' as usize] = STOP;
    t[b'#' as usize] = STOP;
    t[b'"' as usize] = STOP;
    t
};

/// Whether a byte may begin blanks or a comment (a multi-byte character
/// may be a Unicode blank).
#[inline]
pub fn may_start_trivia(b: u8) -> bool {
    CLASS[b as usize] == BLANK || CLASS[b as usize] == WIDE || b == b'#'
}

/// The character starting at byte `n` of `s` (a char boundary).
fn char_at(s: &str, n: usize) -> char {
    s[n..].chars().next().unwrap_or('\0')
}

/// `blank`: any character with the Unicode White_Space property except a
/// newline. A carriage return is one, so CRLF files lex like LF files.
pub fn is_blank(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// `word character`: anything but blanks, newlines and `{ } , ; # "`.
pub fn is_word_character(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '{' | '}' | ',' | ';' | '#' | '"')
}

/// `{ blank }` — never fails.
pub fn blank<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, ()> {
    Ok((skip_blank(i), ()))
}

/// [`blank`] for the loops that need no `Result`.
#[inline(always)]
pub fn skip_blank<'a, 's>(i: In<'a, 's>) -> In<'a, 's> {
    let b = i.rest.as_bytes();
    // Most tokens follow no blank or one space: decided without a loop.
    match b.first() {
        Some(&c) if CLASS[c as usize] == WORD || CLASS[c as usize] == STOP => return i,
        None => return i,
        Some(b' ')
            if b.get(1)
                .is_some_and(|&c| CLASS[c as usize] != BLANK && CLASS[c as usize] != WIDE) =>
        {
            return i.advance(1);
        }
        _ => {}
    }
    let n = b
        .iter()
        .position(|&c| CLASS[c as usize] != BLANK)
        .unwrap_or(b.len());
    if b.get(n).is_some_and(|&c| CLASS[c as usize] == WIDE) {
        return i.advance(wide_run(i.rest, n, is_blank));
    }
    i.advance(n)
}

/// From byte `n` (a multi-byte character) on: the end of the run of
/// characters that `keep` accepts.
#[cold]
fn wide_run(s: &str, mut n: usize, keep: fn(char) -> bool) -> usize {
    let b = s.as_bytes();
    while n < b.len() {
        match CLASS[b[n] as usize] {
            WIDE => {
                let c = char_at(s, n);
                if !keep(c) {
                    break;
                }
                n += c.len_utf8();
            }
            _ if keep(b[n] as char) => n += 1,
            _ => break,
        }
    }
    n
}

/// `newline = U+000A`
#[inline]
pub fn newline<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Span> {
    match i.peek() {
        Some(b'\n') => Ok((i.advance(1), i.span(1))),
        _ => error(i),
    }
}

/// `word = word character , { word character }` — a maximal run, so
/// `10.0.1.0/24`, `->` and `arn:aws:…/abc` are one word each.
#[inline]
pub fn word<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Word<'a>> {
    let b = i.rest.as_bytes();
    let mut n = 0;
    // Four bytes a round (`WORD` is 0): this loop is the largest part of
    // lexing, and words run from a few bytes to dozens.
    while let Some(&[a, b1, c, d]) = b.get(n..n + 4) {
        let class = CLASS[a as usize] | CLASS[b1 as usize] | CLASS[c as usize] | CLASS[d as usize];
        if class != WORD {
            break;
        }
        n += 4;
    }
    while n < b.len() && CLASS[b[n] as usize] == WORD {
        n += 1;
    }
    if b.get(n).is_some_and(|&c| CLASS[c as usize] == WIDE) {
        n = wide_run(i.rest, n, is_word_character);
    }
    if n == 0 {
        return error(i);
    }
    let word = Word {
        text: &i.rest[..n],
        span: i.span(n),
    };
    Ok((i.advance(n), word))
}

/// `comment = "#" , { comment character }` — to the end of the line (a
/// CR before the newline is not part of it). Kept for the suppression pass.
#[inline]
pub fn comment<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Comment<'a>> {
    if i.peek() != Some(b'#') {
        return error(i);
    }
    comment_body(i)
}

fn comment_body<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Comment<'a>> {
    let len = i.rest.find('\n').unwrap_or(i.rest.len());
    let text = &i.rest[1..len];
    let text = text.strip_suffix('\r').unwrap_or(text);
    let c = Comment {
        text,
        span: i.span(1 + text.len()),
        own_line: at_line_start(i),
    };
    i.st.comment(c);
    Ok((i.advance(len), c))
}

/// Whether only blanks stand between the start of `i`'s line and `i`.
pub fn at_line_start(i: In<'_, '_>) -> bool {
    let before = i.before().as_bytes();
    match before.iter().rposition(|&c| CLASS[c as usize] != BLANK) {
        None => true,
        Some(n) if before[n] == b'\n' => true,
        Some(n) if CLASS[before[n] as usize] == WIDE => {
            let before = i.before().trim_end_matches(is_blank);
            before.is_empty() || before.ends_with('\n')
        }
        Some(_) => false,
    }
}

/// `escape = "\" , ( '"' | "\" | "n" | "t" )` — the character it stands for.
pub fn escape<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, char> {
    let b = i.rest.as_bytes();
    let c = match (b.first(), b.get(1)) {
        (Some(b'\\'), Some(b'"')) => '"',
        (Some(b'\\'), Some(b'\\')) => '\\',
        (Some(b'\\'), Some(b'n')) => '\n',
        (Some(b'\\'), Some(b't')) => '\t',
        _ => return error(i),
    };
    Ok((i.advance(2), c))
}

/// `string = '"' , { string character | escape } , '"'` — on one line.
///
/// A backslash before anything but the four escapes is reported (once per
/// string, with how many more it holds) and kept as written. A string with
/// no closing quote on its line is reported as unterminated and fails with
/// [`expected::STRING_END`], positioned where the quote was expected.
pub fn string<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Str<'a>> {
    if i.peek() != Some(b'"') {
        return error(i);
    }
    let b = i.rest.as_bytes();
    let mut n = 1;
    let mut bad: Option<(Span, char)> = None;
    let mut more_bad = 0u32;
    // `Some(len)` when closed, with `len` including both quotes.
    let closed = loop {
        match b.get(n) {
            None => break None,
            Some(b'"') => break Some(n + 1),
            Some(b'\n') => break None,
            Some(b'\\') => {
                let at = i.advance(n);
                if escape(at).is_ok() {
                    n += 2;
                    continue;
                }
                match b.get(n + 1) {
                    None | Some(b'\n') => {
                        n += 1;
                        break None;
                    }
                    Some(_) => {
                        let c = char_at(i.rest, n + 1);
                        let len = 1 + c.len_utf8();
                        if bad.is_none() {
                            bad = Some((at.span(len), c));
                        } else {
                            more_bad += 1;
                        }
                        n += len;
                    }
                }
            }
            Some(_) => n += 1,
        }
    };
    // An unterminated string ends before the line's newline (and its CR).
    let len = match closed {
        Some(len) => len,
        None if b.get(n) == Some(&b'\n') && n > 1 && b[n - 1] == b'\r' => n - 1,
        None => n,
    };
    let span = i.span(len);
    if i.st.first_lexing(span.start, span.end) {
        if let Some((at, c)) = bad {
            let mut e = SyntaxError::new(
                at,
                format!("unknown escape `\\{c}` in string"),
                "unknown escape",
            )
            .help("the escapes are \\\" \\\\ \\n and \\t");
            if more_bad > 0 {
                e = e.note(format!(
                    "this string has {more_bad} more unknown escape{}",
                    if more_bad == 1 { "" } else { "s" }
                ));
            }
            i.st.report(e);
        }
        if closed.is_none() {
            i.st.report(
                SyntaxError::new(
                    span,
                    "unterminated string",
                    "this string is not closed on its line",
                )
                .help("add the closing `\"`; strings may not span lines (use \\n)"),
            );
        }
    }
    match closed {
        Some(len) => Ok((
            i.advance(len),
            Str {
                text: &i.rest[1..len - 1],
                span,
            },
        )),
        None => Err(Err::Failure(Fail {
            at: span.end,
            expected: Some(Expected {
                what: expected::STRING_END,
                from: span.start,
            }),
        })),
    }
}

/// The kinds of [`token`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Word,
    Str,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Newline,
    Eof,
}

impl Tok {
    /// As an error message names it ("found `{`").
    pub fn describe(self) -> &'static str {
        match self {
            Tok::Word => "a word",
            Tok::Str => "a string",
            Tok::LBrace => "`{`",
            Tok::RBrace => "`}`",
            Tok::Comma => "`,`",
            Tok::Semi => "`;`",
            Tok::Newline => "the end of the line",
            Tok::Eof => "the end of the file",
        }
    }

    /// A newline or the end of the file: nothing to point at.
    pub fn ends_line(self) -> bool {
        matches!(self, Tok::Newline | Tok::Eof)
    }
}

/// `token = "{" | "}" | "," | ";" | string | word` — what stands at `i`
/// after blanks, and its span: how an error names what it found. A comment
/// counts as the end of its line; an unterminated string is a string up to
/// the end of the line.
pub fn token<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, (Tok, Span)> {
    let (i, ()) = blank(i)?;
    let one = |kind| Ok((i.advance(1), (kind, i.span(1))));
    match i.peek() {
        None => Ok((i, (Tok::Eof, i.span(0)))),
        Some(b'\n') => Ok((i, (Tok::Newline, i.span(0)))),
        // A comment ends its line, or the file.
        Some(b'#') if i.rest.contains('\n') => Ok((i, (Tok::Newline, i.span(0)))),
        Some(b'#') => Ok((i, (Tok::Eof, i.span(0)))),
        Some(b'{') => one(Tok::LBrace),
        Some(b'}') => one(Tok::RBrace),
        Some(b',') => one(Tok::Comma),
        Some(b';') => one(Tok::Semi),
        Some(b'"') => match string(i) {
            Ok((rest, s)) => Ok((rest, (Tok::Str, s.span))),
            Err(Err::Failure(e) | Err::Error(e)) => {
                let span = Span::new(i.pos(), e.at.max(i.pos()));
                Ok((i.at(span.end), (Tok::Str, span)))
            }
            Err(Err::Incomplete(_)) => error(i),
        },
        Some(_) => {
            let (rest, w) = word(i)?;
            Ok((rest, (Tok::Word, w.span)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::input::{Arena, State};

    #[test]
    fn the_byte_table_agrees_with_the_grammar() {
        for b in 0u8..0x80 {
            let c = b as char;
            let class = CLASS[b as usize];
            assert_eq!(class == BLANK, is_blank(c), "{b:#x}");
            assert_eq!(class == WORD, is_word_character(c), "{b:#x}");
        }
    }

    #[test]
    fn words_include_cidrs_arrows_and_arns() {
        let src = "0.0.0.0/0 -> arn:aws:acm:us-east-1:1:certificate/abc{";
        let arena = Arena::new();
        let st = State::new(src, &arena);
        let mut i = In::new(&st);
        let mut texts = Vec::new();
        while let Ok((rest, w)) = word(blank(i).unwrap().0) {
            texts.push(w.text);
            i = rest;
        }
        assert_eq!(
            texts,
            ["0.0.0.0/0", "->", "arn:aws:acm:us-east-1:1:certificate/abc"]
        );
        assert_eq!(i.rest, "{");
    }

    #[test]
    fn unicode_blanks_separate_words() {
        let src = "a\u{a0}b\u{3000}c";
        let arena = Arena::new();
        let st = State::new(src, &arena);
        let (i, a) = word(In::new(&st)).unwrap();
        let (i, ()) = blank(i).unwrap();
        let (_, b) = word(i).unwrap();
        assert_eq!((a.text, b.text), ("a", "b"));
    }

    #[test]
    fn strings_decode_and_report_unknown_escapes_once() {
        let src = r#""a\"b\\c\nd" "\q\w\e""#;
        let arena = Arena::new();
        let st = State::new(src, &arena);
        let (i, s) = string(In::new(&st)).unwrap();
        assert_eq!(s.value(), "a\"b\\c\nd");
        let (i, ()) = blank(i).unwrap();
        assert!(string(i).is_ok());
        assert!(string(i).is_ok(), "lexed again by recovery");
        let (errors, _) = st.finish();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span.text(src), r"\q");
        assert_eq!(
            errors[0].note.as_deref(),
            Some("this string has 2 more unknown escapes")
        );
    }

    #[test]
    fn an_unterminated_string_stops_before_the_line_end() {
        let src = "\"abc\r\nx";
        let arena = Arena::new();
        let st = State::new(src, &arena);
        let Err(Err::Failure(e)) = string(In::new(&st)) else {
            panic!()
        };
        assert_eq!(e.at, 4);
        assert_eq!(e.what(), expected::STRING_END);
        let (errors, _) = st.finish();
        assert_eq!(errors[0].span.text(src), "\"abc");
    }

    #[test]
    fn comments_know_whether_they_stand_alone() {
        let src = "  # own\nx # trailing\r\n";
        let arena = Arena::new();
        let st = State::new(src, &arena);
        let (i, ()) = blank(In::new(&st)).unwrap();
        let (i, c) = comment(i).unwrap();
        assert!(c.own_line);
        assert_eq!(c.text, " own");
        let i = i.advance(3);
        let (_, c) = comment(i).unwrap();
        assert!(!c.own_line);
        assert_eq!(c.text, " trailing");
        assert_eq!(c.span.text(src), "# trailing");
    }
}
