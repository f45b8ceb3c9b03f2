//! The structural grammar (section 2 of `grammar/netlint.ebnf`): one nom
//! parser per production, over the source text, with error recovery.
//!
//! **Architecture invariant:** parsing never fails. [`parse`] returns the
//! tree and the syntax errors. Productions that must find something once
//! they have begun (a name after a kind, `{` after a name, a value after a
//! comma) say so with `cut` and name it with `context`; the production that
//! owns the repetition around them reports the failure and recovers:
//! - [`file`], after a bad block header: to the next line that starts a
//!   block (`kind name {`) or a setting;
//! - [`block`], after a token that cannot start an attribute: to the end of
//!   the line, stopping before a `}` so the block still closes; and at a
//!   line that starts `kind name {` (a forgotten `}`): the open block ends;
//! - [`attribute`] and [`setting`], after a token that cannot be a value:
//!   to the end of the line (before a `}`); the item is marked `broken`.
//!
//! Every recovery consumes at least one byte and every byte is skipped at
//! most once, so parsing is linear in the input whatever it holds. A run of
//! stray `}` is one error, and a line reports at most
//! [`MAX_ERRORS_PER_LINE`](super::input::MAX_ERRORS_PER_LINE) errors.
//! Messages quote words [`shorten`]ed.

use super::ast::*;
use super::error::{Fail, SyntaxError, expected, shorten};
use super::input::{Arena, In, State};
use super::lexical::{
    Res, Tok, at_line_start, comment, error, is_word_character, may_start_trivia, newline,
    skip_blank, string, token, word,
};
use crate::span::Span;
use nom::branch::alt;
use nom::character::complete::char;
use nom::combinator::cut;
use nom::error::{ContextError, context};
use nom::sequence::preceded;
use nom::{Err, Parser};

/// Longest name the language allows.
pub const MAX_NAME_LEN: usize = 64;

/// The words that start a setting rather than a block (what
/// [`is_setting_key`] matches).
pub const SETTING_KEYS: [&str; 2] = ["region", "description"];

/// The result of parsing: always a file, plus what was wrong with it.
pub struct Parse<'a> {
    pub file: File<'a>,
    /// In the order found (the pipeline sorts diagnostics by position).
    pub errors: Vec<SyntaxError>,
}

/// Parse a whole source text, the tree's lists in `arena`. Never fails.
/// A large text is parsed in two halves at once, with the same result
/// (see [`split`](super::split)).
pub fn parse<'a>(src: &'a str, arena: &'a mut Arena) -> Parse<'a> {
    super::split::parse_with(src, arena, super::split::Split::AUTO)
}

/// Parse `st.src` from offset `from` (the start of a line, or 0) to its
/// end, on this thread.
pub(super) fn parse_from(st: State<'_>, from: u32) -> Parse<'_> {
    let items = match file(In::new(&st).at(from)) {
        Ok((_, items)) => items,
        Err(_) => Vec::new(),
    };
    let (errors, comments) = st.finish();
    Parse {
        file: File { items, comments },
        errors,
    }
}

/// The error of a failed parser (complete parsers never ask for more).
fn failure(i: In<'_, '_>, e: Err<Fail>) -> Fail {
    match e {
        Err::Error(e) | Err::Failure(e) => e,
        Err::Incomplete(_) => Fail::at(i.pos()),
    }
}

// ---- trivia ---------------------------------------------------------------

/// Blanks, and the comment that may end the line: what may stand before a
/// token. Never fails.
#[inline(always)]
fn trivia<'a, 's>(i: In<'a, 's>) -> In<'a, 's> {
    match i.peek() {
        Some(b) if may_start_trivia(b) => blanks_and_comment(i),
        _ => i,
    }
}

#[inline]
fn blanks_and_comment<'a, 's>(i: In<'a, 's>) -> In<'a, 's> {
    let i = skip_blank(i);
    match comment(i) {
        Ok((rest, _)) => rest,
        Err(_) => i,
    }
}

/// `{ newline }`, with the blanks and comments around them.
fn line_breaks<'a, 's>(mut i: In<'a, 's>) -> Res<'a, 's, ()> {
    while let Ok((rest, _)) = newline(trivia(i)) {
        i = rest;
    }
    Ok((i, ()))
}

// ---- productions ------------------------------------------------------------

/// `file = { sep | statement }` — never fails: what cannot start a
/// statement is reported and skipped, and a statement that fails is
/// reported and skipped to the next line that starts one.
pub fn file<'a, 's>(mut i: In<'a, 's>) -> Res<'a, 's, Vec<Item<'a>>> {
    let mut items = Vec::new();
    loop {
        i = seps(i);
        match i.peek() {
            None => break,
            Some(b'}') => i = stray_braces(i),
            Some(b'{' | b',' | b'"') => {
                i = skip_to_statement(unexpected_token(i, &NOT_A_STATEMENT));
            }
            Some(_) => match statement(i) {
                Ok((rest, item)) => {
                    items.push(item);
                    i = rest;
                }
                Err(e) => {
                    let e = failure(i, e);
                    report_bad_header(i, e);
                    i = skip_to_statement(i.at(e.at.max(i.pos())));
                }
            },
        }
    }
    Ok((i, items))
}

/// `sep = newline | ";"` (after blanks and the comment that may end a
/// line).
pub fn sep<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, ()> {
    let i = trivia(i);
    alt((newline.map(|_| ()), char(';').map(|_| ()))).parse(i)
}

/// `{ sep }`, then blanks: the start of the next statement or attribute.
fn seps<'a, 's>(mut i: In<'a, 's>) -> In<'a, 's> {
    loop {
        i = trivia(i);
        match i.peek() {
            Some(b'\n' | b';') => i = i.advance(1),
            _ => return i,
        }
    }
}

/// `statement = setting | block`
pub fn statement<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Item<'a>> {
    alt((setting.map(Item::Setting), block.map(Item::Block))).parse(i)
}

/// `setting = setting key , { value } , setting end`
pub fn setting<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Setting<'a>> {
    let (i, key) = setting_key(i)?;
    let (i, (values, end, broken)) = values(i, key.span, None);
    let (i, ()) = setting_end(i)?;
    let span = key.span.to(end);
    Ok((
        i,
        Setting {
            key,
            values,
            span,
            broken,
        },
    ))
}

fn is_setting_key(w: &Word<'_>) -> bool {
    // Compared inline: every block's kind passes here (`subnet` is as
    // long as `region`, and a library `memcmp` call per block was
    // measurable).
    matches!(w.text.as_bytes(), b"region" | b"description")
}

/// `setting key = "region" | "description"` (a whole word).
///
/// Written out rather than as `alt` of `tag`s followed by `not`: every
/// block's kind is tried here first.
pub fn setting_key<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Word<'a>> {
    let i = skip_blank(i);
    let b = i.rest.as_bytes();
    let n = if b.starts_with(b"region") {
        "region".len()
    } else if b.starts_with(b"description") {
        "description".len()
    } else {
        return error(i);
    };
    // A whole word: no word character follows.
    if i.advance(n)
        .rest
        .chars()
        .next()
        .is_some_and(is_word_character)
    {
        return error(i.advance(n));
    }
    let key = Word {
        text: &i.rest[..n],
        span: i.span(n),
    };
    Ok((i.advance(n), key))
}

/// `setting end = sep | ? lookahead: "}" ? | ? end of file ?`
pub fn setting_end<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, ()> {
    item_end(i)
}

/// `block = kind , name , "{" , { sep | attribute } , "}"`
///
/// After the kind, the name and the `{` are cut: the statement is a block
/// and [`file`] reports what was missing. Inside, a token that cannot start
/// an attribute is reported and its line skipped; a line that starts
/// `kind name {` ends the block (reported as not closed), and so does the
/// end of the file.
pub fn block<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Block<'a>> {
    let (i, kind) = kind(i)?;
    let (i, name) = committed(i, expected::NAME, name(i))?;
    // The name's shape is reported even when the header fails after it.
    check_name(i.st, name);
    let (mut i, open) = committed(i, expected::OPEN_BRACE, open_brace(i))?;
    let st = i.st;
    let first = st.attributes.borrow().len();
    let mut last = open;
    let end = loop {
        i = seps(i);
        match i.peek() {
            Some(b'}') => {
                let close = i.span(1);
                i = i.advance(1);
                break close;
            }
            None => {
                st.report(
                    SyntaxError::new(
                        open,
                        format!(
                            "unclosed block `{} {}`",
                            shorten(kind.text),
                            shorten(name.text)
                        ),
                        "this `{` is never closed",
                    )
                    .help("add `}` at the end of the block")
                    .secondary(i.span(0), "the file ends here"),
                );
                break last;
            }
            Some(b'{' | b',' | b'"') => i = skip_line(unexpected_token(i, &NOT_AN_ATTRIBUTE)),
            Some(_) => {
                let Ok((after_key, key)) = key(i) else {
                    i = skip_line(i);
                    continue;
                };
                // The word after the key is read once: a name when `{`
                // follows (a line that starts `word word {`: the `}` was
                // forgotten), else the attribute's first value.
                let next = self::name(after_key).ok();
                if next.is_some_and(|(rest, _)| skip_blank(rest).peek() == Some(b'{'))
                    && at_line_start(i)
                {
                    st.report(
                        SyntaxError::new(
                            open,
                            format!(
                                "block `{} {}` is not closed before `{}` starts",
                                shorten(kind.text),
                                shorten(name.text),
                                shorten(key.text)
                            ),
                            "this `{` is never closed",
                        )
                        .help("add `}` at the end of the block"),
                    );
                    break last;
                }
                match attribute_rest(after_key, key, next) {
                    Ok((rest, attribute)) => {
                        last = attribute.span;
                        st.attributes.borrow_mut().push(attribute);
                        i = rest;
                    }
                    Err(_) => i = skip_line(i),
                }
            }
        }
    };
    let attributes = st.keep(&st.attributes, first);
    let span = kind.span.to(end);
    Ok((
        i,
        Block {
            kind,
            name,
            attributes,
            span,
        },
    ))
}

/// What `cut(context(what, parser))` makes of `result`, the parser's at
/// `i`: a failure that names what was expected from `i` on (written out, as
/// the block header is every block's).
#[inline]
fn committed<'a, 's, O>(
    i: In<'a, 's>,
    what: &'static str,
    result: Res<'a, 's, O>,
) -> Res<'a, 's, O> {
    result.map_err(|e| match e {
        Err::Error(f) | Err::Failure(f) => Err::Failure(Fail::add_context(i, what, f)),
        Err::Incomplete(n) => Err::Incomplete(n),
    })
}

/// `kind = word - setting key`
pub fn kind<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Word<'a>> {
    let i = skip_blank(i);
    match word(i) {
        Ok((_, w)) if is_setting_key(&w) => error(i),
        result => result,
    }
}

/// `name = letter , { letter | digit | "-" | "_" }` — any word takes the
/// place; [`block`] reports one of another shape and parses the block on,
/// so its attributes are checked too.
pub fn name<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Word<'a>> {
    word(skip_blank(i))
}

/// The `{` after a block's name, on its line.
fn open_brace<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Span> {
    let i = skip_blank(i);
    match i.peek() {
        Some(b'{') => Ok((i.advance(1), i.span(1))),
        _ => error(i),
    }
}

/// A line that starts `word word {` at `i` (a block header, or a setting
/// key followed by junk): its first word.
fn header_ahead<'a>(i: In<'a, '_>) -> Option<Word<'a>> {
    if !at_line_start(i) {
        return None;
    }
    let (after, first) = key(i).ok()?;
    name_and_brace_follow(after).then_some(first)
}

/// Whether `name {` follows (after a first word at the start of a line).
fn name_and_brace_follow(i: In<'_, '_>) -> bool {
    match name(i) {
        Ok((rest, _)) => skip_blank(rest).peek() == Some(b'{'),
        Err(_) => false,
    }
}

/// The shape of a name (E001 when wrong; the block is parsed on).
fn check_name(st: &State<'_>, name: Word<'_>) {
    // Bytes, not characters: every allowed character is ASCII, and no byte
    // of a multi-byte character is.
    let (first, rest) = name.text.as_bytes().split_first().unwrap_or((&0, &[]));
    let starts_ok = first.is_ascii_alphabetic();
    let rest_ok = rest
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    if !starts_ok || !rest_ok {
        st.report(
            SyntaxError::new(
                name.span,
                format!("invalid name `{}`", shorten(name.text)),
                "not a valid name",
            )
            .help("a name starts with a letter and holds only letters, digits, `-` and `_`"),
        );
    } else if name.text.len() > MAX_NAME_LEN {
        st.report(
            SyntaxError::new(
                name.span,
                format!(
                    "name is {} characters long; the limit is {MAX_NAME_LEN}",
                    name.text.len()
                ),
                "name too long",
            )
            .help("shorten the name"),
        );
    }
}

/// `attribute = key , { value } , attribute end`
pub fn attribute<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Attribute<'a>> {
    let (i, key) = key(i)?;
    attribute_rest(i, key, None)
}

/// An [`attribute`] after its key (which [`block`] reads first, to tell a
/// forgotten `}` from an attribute), and the word after the key when
/// [`block`] has read it already.
fn attribute_rest<'a, 's>(
    i: In<'a, 's>,
    key: Word<'a>,
    next: Option<(In<'a, 's>, Word<'a>)>,
) -> Res<'a, 's, Attribute<'a>> {
    let (i, (values, end, broken)) = values(i, key.span, next);
    let (i, ()) = attribute_end(i)?;
    let span = key.span.to(end);
    Ok((
        i,
        Attribute {
            key,
            values,
            span,
            broken,
        },
    ))
}

/// `key = word`
pub fn key<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Word<'a>> {
    word(skip_blank(i))
}

/// `attribute end = sep | ? lookahead: "}" ? | ? end of file ?`
pub fn attribute_end<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, ()> {
    item_end(i)
}

/// The end of an attribute or a setting: a separator (consumed), or a `}`
/// or the end of the file (left for the block or the file).
fn item_end<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, ()> {
    let i = trivia(i);
    match i.peek() {
        Some(b'}') | None => Ok((i, ())),
        Some(b'\n' | b';') => Ok((i.advance(1), ())),
        _ => sep(i),
    }
}

/// `{ value }` after a key or a setting key. A token that cannot be a value
/// is reported and the rest of the line skipped (before a `}`). `next` is
/// the first word after the key, already read (what [`scalar`] would read
/// at `i`). Returns the values, the span of the last one (the key's when
/// none), and whether a syntax error was recovered from.
#[allow(clippy::type_complexity)]
fn values<'a, 's>(
    mut i: In<'a, 's>,
    key: Span,
    next: Option<(In<'a, 's>, Word<'a>)>,
) -> (In<'a, 's>, (&'a [Value<'a>], Span, bool)) {
    let st = i.st;
    let first = st.values.borrow().len();
    let mut end = key;
    let mut broken = false;
    if let Some((rest, w)) = next
        && let Ok((rest, v)) = value_from(rest, Scalar::Word(w))
    {
        end = v.span();
        st.values.borrow_mut().push(v);
        i = rest;
    }
    loop {
        i = trivia(i);
        match i.peek() {
            None | Some(b'\n' | b';' | b'}') => break,
            Some(c @ (b'{' | b',')) => {
                let (found, help) = if c == b'{' {
                    (
                        Tok::LBrace,
                        "a block cannot be nested in another; did a line above forget its end?",
                    )
                } else {
                    (
                        Tok::Comma,
                        "a list is `a, b, c`: a comma between two values",
                    )
                };
                st.report(
                    SyntaxError::new(
                        i.span(1),
                        format!("unexpected {} in a value", found.describe()),
                        "not expected here",
                    )
                    .help(help),
                );
                broken = true;
                i = skip_line(i.advance(1));
                break;
            }
            Some(_) => match value(i) {
                Ok((rest, v)) => {
                    end = v.span();
                    st.values.borrow_mut().push(v);
                    i = rest;
                }
                Err(e) => {
                    let e = failure(i, e);
                    report_bad_value(i, e);
                    broken = true;
                    i = skip_line(i.at(e.at.max(i.pos())));
                    break;
                }
            },
        }
    }
    let values = st.keep(&st.values, first);
    (i, (values, end, broken))
}

/// `value = scalar , { "," , { newline } , scalar }` — a line may break
/// after a comma, and only there. A comma commits: a scalar must follow.
#[inline]
pub fn value<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Value<'a>> {
    let (i, first) = scalar(i)?;
    value_from(i, first)
}

/// A [`value`] after its first scalar.
#[inline(always)]
fn value_from<'a, 's>(i: In<'a, 's>, first: Scalar<'a>) -> Res<'a, 's, Value<'a>> {
    if skip_blank(i).peek() != Some(b',') {
        return Ok((i, Value::Scalar(first)));
    }
    list_from(i, first)
}

/// A [`value`] that is a list, after its first scalar.
#[inline(never)]
fn list_from<'a, 's>(i: In<'a, 's>, first: Scalar<'a>) -> Res<'a, 's, Value<'a>> {
    let st = i.st;
    let start = st.scalars.borrow().len();
    st.scalars.borrow_mut().push(first);
    let mut last = first.span();
    let mut i = i;
    loop {
        let j = skip_blank(i);
        if j.peek() != Some(b',') {
            break;
        }
        let item = context(
            expected::VALUE_AFTER_COMMA,
            preceded((char(','), line_breaks), cut(scalar)),
        )
        .parse(j);
        match item {
            Ok((rest, s)) => {
                last = s.span();
                st.scalars.borrow_mut().push(s);
                i = rest;
            }
            Err(e) => {
                st.scalars.borrow_mut().truncate(start);
                return Err(e);
            }
        }
    }
    let items = st.keep(&st.scalars, start);
    let span = first.span().to(last);
    Ok((i, Value::List { items, span }))
}

/// `scalar = word | string` (the next character decides which).
#[inline]
pub fn scalar<'a, 's>(i: In<'a, 's>) -> Res<'a, 's, Scalar<'a>> {
    let i = skip_blank(i);
    match i.peek() {
        Some(b'"') => string(i).map(|(rest, s)| (rest, Scalar::Str(s))),
        _ => word(i).map(|(rest, w)| (rest, Scalar::Word(w))),
    }
}

// ---- reporting --------------------------------------------------------------

/// What stands at `at` (for "found …"), and the span to point at: the
/// token's, or `fallback` when the line ends there.
fn found(i: In<'_, '_>, at: u32, fallback: Span) -> (Tok, Span) {
    match token(i.at(at)) {
        Ok((_, (tok, _))) if tok.ends_line() => (tok, fallback),
        Ok((_, (tok, span))) => (tok, span),
        Err(_) => (Tok::Eof, fallback),
    }
}

/// A statement at `stmt` failed: say what its header lacks.
fn report_bad_header(stmt: In<'_, '_>, e: Fail) {
    let Ok((after_kind, kind)) = kind(stmt) else {
        return;
    };
    let (message, span, label, help) = match e.what() {
        expected::NAME => {
            let (tok, span) = found(stmt, e.at, kind.span);
            (
                format!(
                    "expected a name after `{}`, found {}",
                    shorten(kind.text),
                    tok.describe()
                ),
                span,
                "expected a name",
                format!("write `{} <name> {{ … }}`", shorten(kind.text)),
            )
        }
        expected::OPEN_BRACE => {
            let name = name(after_kind).map_or(kind, |(_, n)| n);
            let (tok, span) = found(stmt, e.at, name.span);
            (
                format!(
                    "expected `{{` after `{} {}`, found {}",
                    shorten(kind.text),
                    shorten(name.text),
                    tok.describe()
                ),
                span,
                "expected `{`",
                "a block's `{` goes on the same line as its name".to_string(),
            )
        }
        _ => return,
    };
    stmt.st
        .report(SyntaxError::new(span, message, label).help(help));
}

/// A value failed after it began: a list's comma with nothing after it.
/// (An unterminated string was reported when it was lexed.)
fn report_bad_value(i: In<'_, '_>, e: Fail) {
    let Some(ex) = e.expected else { return };
    if ex.what == expected::VALUE_AFTER_COMMA {
        let comma = i.at(ex.from).span(1);
        let (tok, _) = found(i, e.at, comma);
        i.st.report(
            SyntaxError::new(
                comma,
                format!("expected a value after `,`, found {}", tok.describe()),
                "this comma needs a value after it",
            )
            .help("remove the trailing comma"),
        );
    }
}

/// The wording of an error about a token that cannot start an item.
struct Unexpected {
    message: &'static str,
    label: &'static str,
    help: &'static str,
}

/// The token at `i` cannot start an item: `{`, `,` or a string. Report it
/// (an unterminated string is reported already) and return what follows.
fn unexpected_token<'a, 's>(i: In<'a, 's>, what: &Unexpected) -> In<'a, 's> {
    let (rest, span) = match i.peek() {
        Some(b'"') => match string(i) {
            Ok((rest, s)) => (rest, Some(s.span)),
            Err(e) => (i.at(failure(i, e).at.max(i.pos() + 1)), None),
        },
        _ => (i.advance(1), Some(i.span(1))),
    };
    if let Some(span) = span {
        let tok = found(i, span.start, span).0;
        i.st.report(
            SyntaxError::new(
                span,
                format!("{}, found {}", what.message, tok.describe()),
                what.label,
            )
            .help(what.help),
        );
    }
    rest
}

/// How [`unexpected_token`] words what cannot start a statement.
const NOT_A_STATEMENT: Unexpected = Unexpected {
    message: "expected a block or a setting",
    label: "expected `kind name {` here",
    help: "a file holds `region …`, `description \"…\"` and blocks such as `vpc main { cidr 10.0.0.0/16 }`",
};

/// How [`unexpected_token`] words what cannot start an attribute.
const NOT_AN_ATTRIBUTE: Unexpected = Unexpected {
    message: "expected an attribute",
    label: "expected an attribute name",
    help: "an attribute is `key value…` on its own line or ended by `;`",
};

/// In [`file`]: `}` where no block is open. A run of them (blanks between
/// allowed) is one error: a line of 40,000 is one mistake, not 40,000.
fn stray_braces<'a, 's>(i: In<'a, 's>) -> In<'a, 's> {
    let mut n = 0u32;
    let mut end = i;
    let mut j = i;
    while j.peek() == Some(b'}') {
        n += 1;
        end = j.advance(1);
        j = skip_blank(end);
    }
    let message = if n == 1 {
        "unexpected `}`".to_string()
    } else {
        format!("unexpected `}}` ({n} in a row)")
    };
    i.st.report(
        SyntaxError::new(
            Span::new(i.pos(), end.pos()),
            message,
            "no block is open here",
        )
        .help("remove it, or check the block above for an extra `}`"),
    );
    end
}

// ---- recovery -----------------------------------------------------------------

/// Skip to the end of the line (not consuming the newline), or to a `}`
/// when `stop_at_brace`. Strings are still lexed (their errors reported)
/// and comments kept.
fn skip<'a, 's>(mut i: In<'a, 's>, stop_at_brace: bool) -> In<'a, 's> {
    loop {
        let n = i
            .rest
            .bytes()
            .position(|b| matches!(b, b'\n' | b'"' | b'#') || (stop_at_brace && b == b'}'))
            .unwrap_or(i.rest.len());
        i = i.advance(n);
        match i.peek() {
            Some(b'"') => {
                i = match string(i) {
                    Ok((rest, _)) => rest,
                    Err(e) => i.at(failure(i, e).at.max(i.pos() + 1)),
                }
            }
            Some(b'#') => {
                return match comment(i) {
                    Ok((rest, _)) => rest,
                    Err(_) => i.advance(1),
                };
            }
            _ => return i,
        }
    }
}

/// Recovery inside a block: to the end of the line, stopping before a `}`
/// so the block still closes.
fn skip_line<'a, 's>(i: In<'a, 's>) -> In<'a, 's> {
    skip(i, true)
}

/// Recovery after a bad header: to the next line that starts a block
/// (`kind name {`) or a setting, or the end of the file.
fn skip_to_statement<'a, 's>(mut i: In<'a, 's>) -> In<'a, 's> {
    loop {
        i = skip(i, false);
        if i.peek() != Some(b'\n') {
            return i;
        }
        i = i.advance(1);
        if header_ahead(i).is_some() || setting_key(i).is_ok() {
            return i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse with an arena that lives as long as the test.
    fn parse(src: &str) -> Parse<'_> {
        super::parse(src, Box::leak(Box::new(Arena::new())))
    }

    fn errors(src: &str) -> Vec<(String, String)> {
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
        let Value::List { items, span } = &rt.attributes[0].values[0] else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert_eq!(span.text(src), "a,\n    b, c");
        assert_eq!(rt.attributes[1].values.len(), 3);
        assert_eq!(rt.span.text(src).lines().count(), 5);
    }

    #[test]
    fn recovers_after_bad_attribute_and_header() {
        let src = "vpc main {\n  cidr { 10.0.0.0/16\n  dns on\n}\nsubnet {\n  vpc main\n}\nsubnet b { vpc main }\n";
        let p = parse(src);
        let errs = errors(src);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].1, "{");
        assert_eq!(errs[1].1, "{");
        // vpc main and subnet b parsed
        assert_eq!(p.file.items.len(), 2);
        let Item::Block(vpc) = &p.file.items[0] else {
            panic!()
        };
        assert_eq!(vpc.attributes.len(), 2);
        assert!(vpc.attributes[0].broken);
        assert!(!vpc.attributes[1].broken);
    }

    #[test]
    fn forgotten_brace_closes_at_next_header() {
        let src = "vpc main {\n  cidr 10.0.0.0/16\nsubnet a { vpc main }\n";
        let p = parse(src);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.file.items.len(), 2);
        let Item::Block(vpc) = &p.file.items[0] else {
            panic!()
        };
        assert_eq!(vpc.span.text(src), "vpc main {\n  cidr 10.0.0.0/16");
    }

    #[test]
    fn unclosed_block_at_eof() {
        let p = parse("vpc main {\n cidr 10.0.0.0/16\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("unclosed"));
        assert_eq!(p.errors[0].secondary.map(|s| s.0), Some(Span::new(29, 29)));
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
        let errs = errors("vpc 1main {}\n");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].1, "1main");
    }

    #[test]
    fn headers_name_what_they_miss() {
        let cases = [
            (
                "subnet { vpc main }",
                "expected a name after `subnet`, found `{`",
                "{",
            ),
            (
                "vpc main\n  cidr x",
                "expected `{` after `vpc main`, found the end of the line",
                "main",
            ),
            (
                "vpc main # c\n",
                "expected `{` after `vpc main`, found the end of the line",
                "main",
            ),
            (
                "vpc a b {}",
                "expected `{` after `vpc a`, found a word",
                "b",
            ),
            (
                "vpc \"x\" {}",
                "expected a name after `vpc`, found a string",
                "\"x\"",
            ),
            (
                "vpc",
                "expected a name after `vpc`, found the end of the file",
                "vpc",
            ),
            ("vpc ;", "expected a name after `vpc`, found `;`", ";"),
        ];
        for (src, message, at) in cases {
            let errs = errors(src);
            assert_eq!(errs, [(message.to_string(), at.to_string())], "{src}");
        }
    }

    #[test]
    fn a_trailing_comma_points_at_the_comma() {
        let src = "subnet a { zone a, }\nsubnet b {\n  zone a,\n  # just a comment\n}\n";
        let p = parse(src);
        let errs: Vec<_> = p
            .errors
            .iter()
            .map(|e| (e.message.as_str(), e.span.start))
            .collect();
        assert_eq!(
            errs,
            [
                ("expected a value after `,`, found `}`", 17),
                ("expected a value after `,`, found `}`", 40),
            ]
        );
        assert_eq!(p.file.items.len(), 2);
        assert_eq!(p.file.comments.len(), 1);
    }

    #[test]
    fn comments_are_kept_everywhere_once() {
        let src = "# top\nvpc main { # after brace\n  cidr 10.0.0.0/16 # after value\n  tags a, # in a list\n    b\n  { junk # in skipped junk\n}\nsubnet { # in a bad header\n";
        let p = parse(src);
        let texts: Vec<&str> = p.file.comments.iter().map(|c| c.text.trim()).collect();
        assert_eq!(
            texts,
            [
                "top",
                "after brace",
                "after value",
                "in a list",
                "in skipped junk",
                "in a bad header"
            ]
        );
        assert!(p.file.comments[0].own_line);
        assert!(!p.file.comments[1].own_line);
    }

    #[test]
    fn strings_in_skipped_junk_are_still_lexed() {
        let src = "vpc main {\n  cidr { \"a # not a comment\" \"open\n}\n";
        let p = parse(src);
        let msgs: Vec<&str> = p.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(msgs, ["unexpected `{` in a value", "unterminated string"]);
        assert!(p.file.comments.is_empty());
    }

    #[test]
    fn a_run_of_stray_braces_is_one_error() {
        let src = format!("vpc main {{}}\n{}\n}} }}\n", "}".repeat(40_000));
        let p = parse(&src);
        let errs: Vec<_> = p
            .errors
            .iter()
            .map(|e| (e.message.as_str(), e.span.range().len()))
            .collect();
        assert_eq!(
            errs,
            [
                ("unexpected `}` (40000 in a row)", 40_000),
                ("unexpected `}` (2 in a row)", 3)
            ]
        );
        assert_eq!(p.file.items.len(), 1);
    }

    #[test]
    fn a_line_reports_a_bounded_number_of_errors() {
        let src = "a b { x { }".repeat(10_000);
        let p = parse(&src);
        assert_eq!(
            p.errors.len(),
            crate::syntax::input::MAX_ERRORS_PER_LINE as usize
        );
        let note = p.errors.last().unwrap().note.as_deref().unwrap_or("");
        assert!(note.contains("more syntax errors on this line"), "{note}");
    }

    #[test]
    fn long_words_are_not_echoed_whole() {
        let long = "x".repeat(1 << 20);
        let src = format!("{long} {long}\nvpc 1{long} {{}}\n");
        for e in parse(&src).errors {
            assert!(e.message.len() < 200, "{}", &e.message[..200]);
        }
    }

    #[test]
    fn a_run_of_garbage_lines_is_one_error() {
        let src = "vpc\n".to_string() + &"junk words } here , { ; x\n".repeat(100_000);
        let p = parse(&src);
        let msgs: Vec<&str> = p.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            ["expected a name after `vpc`, found the end of the line"]
        );
        // Strings in the junk are still lexed: one open string per line.
        let src = "vpc\n".to_string() + &"junk \"\n".repeat(1000);
        assert_eq!(parse(&src).errors.len(), 1 + 1000);
    }
}
