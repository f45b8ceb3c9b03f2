//! The grammar of language.md §2 (grammar/netlint.ebnf) over the token
//! stream, with error recovery.
//!
//! **Architecture invariant:** parsing never fails. [`parse`] returns the
//! tree and the syntax errors (E001). Recovery points:
//! - a bad attribute: skip to the end of its line, continue in the block;
//! - a bad block header: skip to the next line that starts a block
//!   (`kind name {`) or a setting, continue there;
//! - a block header inside a block (a forgotten `}`): close the open block
//!   and parse the new one.

use super::ast::*;
use super::lexer::{Tok, Token, decode_string, lex};
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::span::Span;

/// Longest name the language allows.
pub const MAX_NAME_LEN: usize = 64;

/// The top-level setting keywords.
pub const SETTINGS: [&str; 2] = ["region", "description"];

/// The result of parsing: always a file, plus what was wrong with it.
pub struct Parse<'a> {
    pub file: File<'a>,
    pub errors: Vec<Diagnostic>,
}

pub fn parse(src: &str) -> Parse<'_> {
    let lexed = lex(src);
    let mut p = Parser {
        src,
        toks: &lexed.tokens,
        pos: 0,
        errors: lexed.errors,
    };
    let items = p.file();
    Parse {
        file: File {
            items,
            comments: lexed.comments,
        },
        errors: p.errors,
    }
}

struct Parser<'a, 't> {
    src: &'a str,
    toks: &'t [Token],
    pos: usize,
    errors: Vec<Diagnostic>,
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Token {
        self.toks[self.pos]
    }

    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos];
        if t.kind != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn word(&self, t: Token) -> Word<'a> {
        Word {
            text: t.span.text(self.src),
            span: t.span,
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>, label: &str, help: &str) {
        let mut d = Diagnostic::new(Code::E001, span, message).with_label(label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.errors.push(d);
    }

    fn skip_seps(&mut self) {
        while matches!(self.peek().kind, Tok::Newline | Tok::Semi) {
            self.bump();
        }
    }

    fn at_line_start(&self, pos: usize) -> bool {
        pos == 0 || self.toks[pos - 1].kind == Tok::Newline
    }

    /// `kind name {` starting at token `pos`, at the start of a line.
    fn looks_like_header(&self, pos: usize) -> bool {
        let get = |i: usize| self.toks.get(pos + i).map(|t| t.kind);
        self.at_line_start(pos)
            && get(0) == Some(Tok::Word)
            && get(1) == Some(Tok::Word)
            && get(2) == Some(Tok::LBrace)
    }

    fn looks_like_setting(&self, pos: usize) -> bool {
        let t = self.toks[pos];
        self.at_line_start(pos) && t.kind == Tok::Word && SETTINGS.contains(&t.span.text(self.src))
    }

    /// Recovery after a bad header: to the next line that starts a block or
    /// a setting (or the end).
    fn recover_to_item(&mut self) {
        while self.peek().kind != Tok::Eof {
            if self.looks_like_header(self.pos) || self.looks_like_setting(self.pos) {
                return;
            }
            self.bump();
        }
    }

    /// Recovery inside a block: to the end of the line, stopping before a
    /// `}` so the block still closes.
    fn recover_to_line_end(&mut self) {
        while !matches!(self.peek().kind, Tok::Newline | Tok::Eof | Tok::RBrace) {
            self.bump();
        }
    }

    /// `file = { sep | statement }`
    fn file(&mut self) -> Vec<Item<'a>> {
        let mut items = Vec::new();
        loop {
            self.skip_seps();
            let t = self.peek();
            match t.kind {
                Tok::Eof => break,
                Tok::Word if SETTINGS.contains(&t.span.text(self.src)) => {
                    items.push(Item::Setting(self.setting()));
                }
                Tok::Word => {
                    if let Some(block) = self.block() {
                        items.push(Item::Block(block));
                    }
                }
                Tok::RBrace => {
                    self.bump();
                    self.error(
                        t.span,
                        "unexpected `}`",
                        "no block is open here",
                        "remove it, or check the block above for an extra `}`",
                    );
                }
                Tok::BadStr => {
                    self.bump();
                    self.recover_to_item();
                }
                other => {
                    self.bump();
                    self.error(
                        t.span,
                        format!("expected a block or a setting, found {}", other.describe()),
                        "expected `kind name {` here",
                        "a file holds `region …`, `description \"…\"` and blocks such as `vpc main { cidr 10.0.0.0/16 }`",
                    );
                    self.recover_to_item();
                }
            }
        }
        items
    }

    /// `setting = ( "region" word | "description" string ) end`
    fn setting(&mut self) -> Setting<'a> {
        let t = self.bump();
        let key = self.word(t);
        let (values, end, broken) = self.values(key.span);
        Setting {
            key,
            values,
            span: key.span.to(end),
            broken,
        }
    }

    /// `block = kind name "{" { sep | attribute } "}"`
    fn block(&mut self) -> Option<Block<'a>> {
        let t = self.bump();
        let kind = self.word(t);
        let name_tok = self.peek();
        if name_tok.kind != Tok::Word {
            let msg = format!(
                "expected a name after `{}`, found {}",
                kind.text,
                name_tok.kind.describe()
            );
            self.error(
                if name_tok.kind == Tok::Newline || name_tok.kind == Tok::Eof {
                    kind.span
                } else {
                    name_tok.span
                },
                msg,
                "expected a name",
                &format!("write `{} <name> {{ … }}`", kind.text),
            );
            self.recover_to_item();
            return None;
        }
        self.bump();
        let name = self.word(name_tok);
        self.check_name(name);
        let open = self.peek();
        if open.kind != Tok::LBrace {
            self.error(
                if open.kind == Tok::Newline || open.kind == Tok::Eof {
                    name.span
                } else {
                    open.span
                },
                format!(
                    "expected `{{` after `{} {}`, found {}",
                    kind.text,
                    name.text,
                    open.kind.describe()
                ),
                "expected `{`",
                "a block's `{` goes on the same line as its name",
            );
            self.recover_to_item();
            return None;
        }
        self.bump();
        let mut attributes = Vec::new();
        let end = loop {
            self.skip_seps();
            let t = self.peek();
            match t.kind {
                Tok::RBrace => {
                    self.bump();
                    break t.span;
                }
                Tok::Eof => {
                    let mut d = Diagnostic::new(
                        Code::E001,
                        open.span,
                        format!("unclosed block `{} {}`", kind.text, name.text),
                    )
                    .with_label("this `{` is never closed")
                    .with_help("add `}` at the end of the block");
                    d = d.with_secondary(t.span, "the file ends here");
                    self.errors.push(d);
                    break self.toks[self.pos.saturating_sub(1)].span;
                }
                Tok::Word if self.looks_like_header(self.pos) => {
                    let next = self.word(t);
                    self.error(
                        open.span,
                        format!(
                            "block `{} {}` is not closed before `{}` starts",
                            kind.text, name.text, next.text
                        ),
                        "this `{` is never closed",
                        "add `}` at the end of the block",
                    );
                    break self.toks[self.pos.saturating_sub(1)].span;
                }
                Tok::Word => attributes.push(self.attribute()),
                Tok::BadStr => {
                    self.recover_to_line_end();
                }
                other => {
                    self.bump();
                    self.error(
                        t.span,
                        format!("expected an attribute, found {}", other.describe()),
                        "expected an attribute name",
                        "an attribute is `key value…` on its own line or ended by `;`",
                    );
                    self.recover_to_line_end();
                }
            }
        };
        Some(Block {
            kind,
            name,
            attributes,
            span: kind.span.to(end),
        })
    }

    /// `name = letter { letter | digit | "-" | "_" }` (≤ 64 characters)
    fn check_name(&mut self, name: Word<'a>) {
        let mut chars = name.text.chars();
        let starts_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !starts_ok || !rest_ok {
            self.error(
                name.span,
                format!("invalid name `{}`", name.text),
                "not a valid name",
                "a name starts with a letter and holds only letters, digits, `-` and `_`",
            );
        } else if name.text.len() > MAX_NAME_LEN {
            self.error(
                name.span,
                format!(
                    "name is {} characters long; the limit is {MAX_NAME_LEN}",
                    name.text.len()
                ),
                "name too long",
                "shorten the name",
            );
        }
    }

    /// `attribute = key { value } end`
    fn attribute(&mut self) -> Attribute<'a> {
        let t = self.bump();
        let key = self.word(t);
        let (values, end, broken) = self.values(key.span);
        Attribute {
            key,
            values,
            span: key.span.to(end),
            broken,
        }
    }

    /// `{ value } end`, where `value = word | string | value "," { newline } value`.
    /// Returns the values, the span of the last thing read, and whether a
    /// syntax error was recovered from.
    fn values(&mut self, mut end: Span) -> (Vec<Value<'a>>, Span, bool) {
        let mut values = Vec::new();
        let mut broken = false;
        loop {
            let t = self.peek();
            match t.kind {
                Tok::Newline | Tok::Semi => {
                    self.bump();
                    break;
                }
                Tok::Eof | Tok::RBrace => break,
                Tok::Word | Tok::Str => {
                    self.bump();
                    let first = self.scalar(t);
                    if self.peek().kind == Tok::Comma {
                        match self.list(first) {
                            Some(list) => {
                                end = list.span();
                                values.push(list);
                            }
                            None => {
                                broken = true;
                                self.recover_to_line_end();
                                break;
                            }
                        }
                    } else {
                        end = t.span;
                        values.push(Value::Scalar(first));
                    }
                }
                Tok::BadStr => {
                    broken = true;
                    self.recover_to_line_end();
                    break;
                }
                other => {
                    self.bump();
                    self.error(
                        t.span,
                        format!("unexpected {} in a value", other.describe()),
                        "not expected here",
                        if other == Tok::LBrace {
                            "a block cannot be nested in another; did a line above forget its end?"
                        } else {
                            "a list is `a, b, c`: a comma between two values"
                        },
                    );
                    broken = true;
                    self.recover_to_line_end();
                    break;
                }
            }
        }
        (values, end, broken)
    }

    /// After the first item of a list, with a `,` next.
    fn list(&mut self, first: Scalar<'a>) -> Option<Value<'a>> {
        let start = first.span();
        let mut items = vec![first];
        while self.peek().kind == Tok::Comma {
            let comma = self.bump();
            while self.peek().kind == Tok::Newline {
                self.bump();
            }
            let t = self.peek();
            match t.kind {
                Tok::Word | Tok::Str => {
                    self.bump();
                    items.push(self.scalar(t));
                }
                Tok::BadStr => return None,
                other => {
                    self.error(
                        comma.span,
                        format!("expected a value after `,`, found {}", other.describe()),
                        "this comma needs a value after it",
                        "remove the trailing comma",
                    );
                    return None;
                }
            }
        }
        let end = items.last().map_or(start, |s| s.span());
        Some(Value::List {
            items,
            span: start.to(end),
        })
    }

    fn scalar(&self, t: Token) -> Scalar<'a> {
        match t.kind {
            Tok::Str => Scalar::Str(Str {
                value: decode_string(t.span.text(self.src)),
                span: t.span,
            }),
            _ => Scalar::Word(self.word(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_and_text(src: &str) -> Vec<(String, String)> {
        parse(src)
            .errors
            .iter()
            .map(|d| (d.message.clone(), d.span.text(src).to_string()))
            .collect()
    }

    #[test]
    fn one_line_block_and_lists() {
        let src = "internet-gateway igw { vpc main }\nroute-table rt {\n  subnets a,\n    b, c\n  route 0.0.0.0/0 -> igw\n}\n";
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.file.items.len(), 2);
        let Item::Block(rt) = &p.file.items[1] else {
            panic!()
        };
        assert_eq!(rt.attributes.len(), 2);
        let Value::List { items, .. } = &rt.attributes[0].values[0] else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert_eq!(rt.attributes[1].values.len(), 3);
    }

    #[test]
    fn recovers_after_bad_attribute_and_header() {
        let src = "vpc main {\n  cidr { 10.0.0.0/16\n  dns on\n}\nsubnet {\n  vpc main\n}\nsubnet b { vpc main }\n";
        let p = parse(src);
        let errs = codes_and_text(src);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].1, "{");
        assert_eq!(errs[1].1, "{");
        // vpc main and subnet b parsed
        assert_eq!(p.file.items.len(), 2);
        let Item::Block(vpc) = &p.file.items[0] else {
            panic!()
        };
        assert_eq!(vpc.attributes.len(), 2);
    }

    #[test]
    fn forgotten_brace_closes_at_next_header() {
        let src = "vpc main {\n  cidr 10.0.0.0/16\nsubnet a { vpc main }\n";
        let p = parse(src);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.file.items.len(), 2);
    }

    #[test]
    fn unclosed_block_at_eof() {
        let p = parse("vpc main {\n cidr 10.0.0.0/16\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("unclosed"));
    }

    #[test]
    fn empty_file_and_settings() {
        assert!(parse("").errors.is_empty());
        let p = parse("region us-east-1\ndescription \"x\"\n");
        assert!(p.errors.is_empty());
        assert_eq!(p.file.items.len(), 2);
    }

    #[test]
    fn invalid_names() {
        let errs = codes_and_text("vpc 1main {}\n");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].1, "1main");
    }
}
