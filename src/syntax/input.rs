//! The parser's input: the rest of the source, and the state one parse
//! shares.
//!
//! Productions are plain nom parsers, `fn(In) -> IResult<In, O, Fail>`, so
//! they compose with nom's combinators. What they must share while the
//! parse goes on — the errors and comments found so far, and the scratch
//! vectors that let every list of the tree be built with one allocation of
//! its exact size — travels inside the input by reference (as
//! `nom_locate`'s `extra` does). Positions are byte offsets into the
//! source, computed from the slice itself, so spans are exact and cost
//! nothing to carry.

use super::ast::{Attribute, Comment, Scalar, Value};
use super::error::{Fail, SyntaxError};
use crate::span::Span;
use nom::error::{ContextError, ErrorKind, ParseError};
use nom::{Compare, CompareResult, Needed, Offset};
use std::cell::{Cell, RefCell};
use std::str::{CharIndices, Chars};

/// How many errors one line may report; a line that has more says how many
/// it left out, so junk costs output in proportion to lines, not bytes.
pub const MAX_ERRORS_PER_LINE: u32 = 5;

/// Where a parse's tree lives: every list of the tree is a slice here.
/// Create one per parse and keep it as long as the tree.
///
/// Two allocators, one per half of a parse split across two threads (see
/// [`split`](super::split)): a `Bump` may move to another thread but not be
/// shared, so each thread gets one of its own, lent by `&mut` for as long
/// as the tree lives. A parse on one thread uses `first` alone.
#[derive(Default)]
pub struct Arena {
    first: bumpalo::Bump,
    second: bumpalo::Bump,
}

impl Arena {
    pub fn new() -> Self {
        Arena::default()
    }

    /// Bytes the tree's lists take.
    pub fn allocated_bytes(&self) -> usize {
        self.first.allocated_bytes() + self.second.allocated_bytes()
    }

    /// One allocator for each half of a split parse.
    pub(super) fn halves(&mut self) -> (&mut bumpalo::Bump, &mut bumpalo::Bump) {
        (&mut self.first, &mut self.second)
    }
}

/// What one parse accumulates.
pub struct State<'a> {
    pub src: &'a str,
    arena: &'a bumpalo::Bump,
    errors: RefCell<Errors>,
    comments: RefCell<Vec<Comment<'a>>>,
    /// Strings that start before this offset were lexed (and their errors
    /// reported) already: recovery and error wording may look at a string
    /// twice, the user hears of it once.
    lexed_to: Cell<u32>,
    pub(super) values: RefCell<Vec<Value<'a>>>,
    pub(super) scalars: RefCell<Vec<Scalar<'a>>>,
    pub(super) attributes: RefCell<Vec<Attribute<'a>>>,
}

/// The errors so far, at most [`MAX_ERRORS_PER_LINE`] per line.
#[derive(Default)]
struct Errors {
    list: Vec<SyntaxError>,
    /// Start of the last error counted, and how many its line has.
    anchor: u32,
    on_line: u32,
    /// (index in `list`, errors left out after it on its line)
    hidden: Vec<(usize, u32)>,
}

impl<'a> State<'a> {
    pub fn new(src: &'a str, arena: &'a Arena) -> Self {
        State::in_bump(src, &arena.first)
    }

    /// A state whose lists go to `bump` (one half's of a split parse).
    pub(super) fn in_bump(src: &'a str, arena: &'a bumpalo::Bump) -> Self {
        State {
            src,
            arena,
            errors: RefCell::default(),
            comments: RefCell::new(Vec::new()),
            lexed_to: Cell::new(0),
            values: RefCell::new(Vec::new()),
            scalars: RefCell::new(Vec::new()),
            attributes: RefCell::new(Vec::new()),
        }
    }

    /// Move `scratch[from..]` into the arena, as one exact-size slice.
    pub fn keep<T: Copy>(&self, scratch: &RefCell<Vec<T>>, from: usize) -> &'a [T] {
        let mut scratch = scratch.borrow_mut();
        if scratch.len() == from {
            return &[];
        }
        // Element by element: the lists are short (an attribute has one or
        // two values), where a `memcpy` call costs more than the copy.
        let kept = self
            .arena
            .alloc_slice_fill_iter(scratch[from..].iter().copied());
        scratch.truncate(from);
        kept
    }

    /// Record an error, unless its line already has its share.
    pub fn report(&self, e: SyntaxError) {
        let mut errs = self.errors.borrow_mut();
        let start = e.span.start;
        // Errors arrive mostly in source order; one that does not (a block
        // found unclosed later) starts a new count.
        let same_line = errs.on_line > 0
            && start >= errs.anchor
            && !self.src.as_bytes()[errs.anchor as usize..start as usize].contains(&b'\n');
        errs.anchor = start;
        if !same_line {
            errs.on_line = 0;
        }
        if errs.on_line >= MAX_ERRORS_PER_LINE {
            let last = errs.list.len() - 1;
            match errs.hidden.last_mut() {
                Some((i, n)) if *i == last => *n += 1,
                _ => errs.hidden.push((last, 1)),
            }
            return;
        }
        errs.on_line += 1;
        errs.list.push(e);
    }

    /// Whether the string at `start` is met for the first time (so its
    /// errors are to be reported), marking everything up to `end` as seen.
    pub fn first_lexing(&self, start: u32, end: u32) -> bool {
        let first = start >= self.lexed_to.get();
        if end > self.lexed_to.get() {
            self.lexed_to.set(end);
        }
        first
    }

    /// Keep a comment for the suppression pass (once, however often the
    /// parser passes it).
    pub fn comment(&self, c: Comment<'a>) {
        let mut comments = self.comments.borrow_mut();
        if comments.last().is_none_or(|l| l.span.start < c.span.start) {
            comments.push(c);
        }
    }

    /// The errors (in the order found) and the comments.
    pub fn finish(self) -> (Vec<SyntaxError>, Vec<Comment<'a>>) {
        let Errors {
            mut list, hidden, ..
        } = self.errors.into_inner();
        for (i, n) in hidden {
            let more = if n == 1 {
                "1 more syntax error on this line is not shown".to_string()
            } else {
                format!("{n} more syntax errors on this line are not shown")
            };
            list[i].note = Some(match list[i].note.take() {
                Some(note) => format!("{note}; {more}"),
                None => more,
            });
        }
        (list, self.comments.into_inner())
    }
}

/// The rest of the source, with the parse's state.
#[derive(Clone, Copy)]
pub struct In<'a, 's> {
    pub rest: &'a str,
    pub st: &'s State<'a>,
}

impl<'a, 's> In<'a, 's> {
    pub fn new(st: &'s State<'a>) -> Self {
        In { rest: st.src, st }
    }

    /// Byte offset of the first character of `rest` in the source.
    #[inline(always)]
    pub fn pos(self) -> u32 {
        (self.rest.as_ptr() as usize - self.st.src.as_ptr() as usize) as u32
    }

    /// The same source from offset `pos` on.
    #[inline(always)]
    pub fn at(self, pos: u32) -> Self {
        In {
            rest: &self.st.src[pos as usize..],
            st: self.st,
        }
    }

    #[inline(always)]
    pub fn advance(self, n: usize) -> Self {
        In {
            rest: &self.rest[n..],
            st: self.st,
        }
    }

    #[inline(always)]
    pub fn peek(self) -> Option<u8> {
        self.rest.as_bytes().first().copied()
    }

    /// The span of the next `n` bytes.
    #[inline(always)]
    pub fn span(self, n: usize) -> Span {
        let start = self.pos();
        Span::new(start, start + n as u32)
    }

    /// The source up to here.
    #[inline(always)]
    pub fn before(self) -> &'a str {
        &self.st.src[..self.pos() as usize]
    }
}

impl<'a, 's> nom::Input for In<'a, 's> {
    type Item = char;
    type Iter = Chars<'a>;
    type IterIndices = CharIndices<'a>;

    fn input_len(&self) -> usize {
        self.rest.len()
    }

    fn take(&self, index: usize) -> Self {
        In {
            rest: &self.rest[..index],
            st: self.st,
        }
    }

    fn take_from(&self, index: usize) -> Self {
        self.advance(index)
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(char) -> bool,
    {
        self.rest.find(predicate)
    }

    fn iter_elements(&self) -> Chars<'a> {
        self.rest.chars()
    }

    fn iter_indices(&self) -> CharIndices<'a> {
        self.rest.char_indices()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        self.rest.slice_index(count)
    }
}

impl Offset for In<'_, '_> {
    fn offset(&self, second: &Self) -> usize {
        (second.pos() - self.pos()) as usize
    }
}

impl Compare<&str> for In<'_, '_> {
    fn compare(&self, t: &str) -> CompareResult {
        self.rest.compare(t)
    }

    fn compare_no_case(&self, t: &str) -> CompareResult {
        self.rest.compare_no_case(t)
    }
}

impl<'a, 's> ParseError<In<'a, 's>> for Fail {
    fn from_error_kind(input: In<'a, 's>, _: ErrorKind) -> Self {
        Fail::at(input.pos())
    }

    fn append(_: In<'a, 's>, _: ErrorKind, other: Self) -> Self {
        other
    }
}

impl<'a, 's> ContextError<In<'a, 's>> for Fail {
    /// The innermost context wins: it names what was expected most
    /// precisely (an unterminated string inside a list is about the
    /// string, not the list).
    fn add_context(input: In<'a, 's>, what: &'static str, mut other: Self) -> Self {
        if other.expected.is_none() {
            other.expected = Some(super::error::Expected {
                what,
                from: input.pos(),
            });
        }
        other
    }
}
