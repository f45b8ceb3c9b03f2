//! Tokens (language.md §1), recognised with nom over `&str`.
//!
//! The lexer never fails: a string left open at the end of its line becomes
//! a [`Tok::BadStr`] token plus an E001 diagnostic, and lexing goes on.
//! Comments are not tokens; they are collected beside the token stream for
//! the suppression pass.

use super::ast::Comment;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use nom::bytes::complete::{take_till, take_while, take_while1};
use nom::{IResult, Parser};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Word,
    Str,
    /// A string not closed on its line (already reported).
    BadStr,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Newline,
    Eof,
}

impl Tok {
    pub fn describe(self) -> &'static str {
        match self {
            Tok::Word => "a word",
            Tok::Str | Tok::BadStr => "a string",
            Tok::LBrace => "`{`",
            Tok::RBrace => "`}`",
            Tok::Comma => "`,`",
            Tok::Semi => "`;`",
            Tok::Newline => "the end of the line",
            Tok::Eof => "the end of the file",
        }
    }
}

/// A token is its kind and its span; the text is `span.text(src)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub span: Span,
}

/// Characters that end a word (besides whitespace).
fn is_delimiter(c: char) -> bool {
    matches!(c, '{' | '}' | ',' | ';' | '#' | '"')
}

/// `word = 1*( any char but whitespace and { } , ; # " )`
fn word(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace() && !is_delimiter(c)).parse(i)
}

/// Blanks within a line (`\r` counts, so CRLF files lex like LF ones).
fn blanks(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| c != '\n' && c.is_whitespace()).parse(i)
}

/// The body of a comment, after `#`, up to (not including) the newline.
fn comment_body(i: &str) -> IResult<&str, &str> {
    take_till(|c| c == '\n').parse(i)
}

/// Scan a string literal starting at `"`. Returns its byte length and
/// whether it was closed on its line; reports bad escapes.
fn string_len(s: &str, base: u32, errors: &mut Vec<Diagnostic>) -> (usize, bool) {
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (i + 1, true),
            '\n' => return (trim_cr(s, i), false),
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | 'n' | 't')) => {}
                Some((j, '\n')) => {
                    return (trim_cr(s, j), false);
                }
                Some((j, other)) => {
                    let start = base + i as u32;
                    let end = base + (j + other.len_utf8()) as u32;
                    errors.push(
                        Diagnostic::new(
                            Code::E001,
                            Span::new(start, end),
                            format!("unknown escape `\\{other}` in string"),
                        )
                        .with_label("unknown escape")
                        .with_help("the escapes are \\\" \\\\ \\n and \\t"),
                    );
                }
                None => return (s.len(), false),
            },
            _ => {}
        }
    }
    (s.len(), false)
}

fn trim_cr(s: &str, newline_at: usize) -> usize {
    if newline_at > 0 && s.as_bytes()[newline_at - 1] == b'\r' {
        newline_at - 1
    } else {
        newline_at
    }
}

/// Decode the escapes of a string token (quotes included in `raw`).
/// Unknown escapes were reported by the lexer and are kept as written.
pub fn decode_string(raw: &str) -> std::borrow::Cow<'_, str> {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    if !inner.contains('\\') {
        return std::borrow::Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Everything the lexer found.
pub struct Lexed<'a> {
    pub tokens: Vec<Token>,
    pub comments: Vec<Comment<'a>>,
    pub errors: Vec<Diagnostic>,
}

/// Split `src` into tokens. The last token is always [`Tok::Eof`].
pub fn lex(src: &str) -> Lexed<'_> {
    let mut tokens = Vec::with_capacity(src.len() / 4);
    let mut comments = Vec::new();
    let mut errors = Vec::new();
    let mut rest = src;
    let mut line_has_token = false;
    let pos = |rest: &str| (src.len() - rest.len()) as u32;
    loop {
        if let Ok((r, _)) = blanks(rest) {
            rest = r;
        }
        let start = pos(rest);
        let Some(c) = rest.chars().next() else {
            tokens.push(Token {
                kind: Tok::Eof,
                span: Span::new(start, start),
            });
            break;
        };
        let (kind, len) = match c {
            '\n' => (Tok::Newline, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            ',' => (Tok::Comma, 1),
            ';' => (Tok::Semi, 1),
            '#' => {
                let (r, body) = comment_body(&rest[1..]).expect("take_till cannot fail");
                let body = body.strip_suffix('\r').unwrap_or(body);
                comments.push(Comment {
                    text: body,
                    span: Span::new(start, start + 1 + body.len() as u32),
                    own_line: !line_has_token,
                });
                rest = r;
                continue;
            }
            '"' => {
                let (len, closed) = string_len(rest, start, &mut errors);
                if !closed {
                    errors.push(
                        Diagnostic::new(
                            Code::E001,
                            Span::new(start, start + len as u32),
                            "unterminated string",
                        )
                        .with_label("this string is not closed on its line")
                        .with_help("add the closing `\"`; strings may not span lines (use \\n)"),
                    );
                }
                (if closed { Tok::Str } else { Tok::BadStr }, len)
            }
            _ => {
                let (_, w) = word(rest).expect("a non-blank, non-delimiter char starts a word");
                (Tok::Word, w.len())
            }
        };
        line_has_token = kind != Tok::Newline;
        tokens.push(Token {
            kind,
            span: Span::new(start, start + len as u32),
        });
        rest = &rest[len..];
    }
    Lexed {
        tokens,
        comments,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn words_include_cidrs_arrows_and_arns() {
        let src = "route 0.0.0.0/0 -> igw arn:aws:acm:us-east-1:1:certificate/abc";
        let lexed = lex(src);
        let texts: Vec<&str> = lexed.tokens.iter().map(|t| t.span.text(src)).collect();
        assert_eq!(
            texts,
            [
                "route",
                "0.0.0.0/0",
                "->",
                "igw",
                "arn:aws:acm:us-east-1:1:certificate/abc",
                ""
            ]
        );
    }

    #[test]
    fn crlf_tabs_and_comments() {
        let src = "vpc\tmain { # c\r\n}\r\n";
        assert_eq!(
            kinds(src),
            [
                Tok::Word,
                Tok::Word,
                Tok::LBrace,
                Tok::Newline,
                Tok::RBrace,
                Tok::Newline,
                Tok::Eof
            ]
        );
        let lexed = lex(src);
        assert_eq!(lexed.comments[0].text, " c");
        assert!(!lexed.comments[0].own_line);
    }

    #[test]
    fn unterminated_string_is_reported_and_lexing_goes_on() {
        let src = "description \"abc\nvpc main {}";
        let lexed = lex(src);
        assert_eq!(lexed.errors.len(), 1);
        assert_eq!(lexed.tokens[1].kind, Tok::BadStr);
        assert_eq!(lexed.tokens[1].span.text(src), "\"abc");
        assert_eq!(lexed.tokens[2].kind, Tok::Newline);
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(decode_string(r#""a\"b\\c\nd""#), "a\"b\\c\nd");
        let lexed = lex(r#""bad \q""#);
        assert_eq!(lexed.errors.len(), 1);
    }
}
