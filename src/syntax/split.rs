//! A large source parsed in two halves at once, one per thread.
//!
//! The parse is about half of what `check --select E` costs on a large
//! file, and it is one pass from the first byte to the last. Cut at the
//! start of a line near the middle, each half is parsed on its own thread
//! with its own [`State`] and its own allocator of the [`Arena`]; the
//! second half's state holds the whole source and its input starts at the
//! cut, so its spans are byte offsets into the whole source, and what
//! looks back before a token (whether a comment stands alone on its line)
//! sees the first half's text as the whole parse would. The items and the
//! comments are the first half's, then the second's.
//!
//! **Why the result is the whole parse's.** It is used only when neither
//! half reports a syntax error; otherwise both are thrown away and the
//! whole source is parsed on this thread (a file with errors is rare and
//! need not be fast). Let `P` be the first half (it ends with the `\n`
//! before the cut) and `S` the rest.
//! - The parse of `P` alone agrees with the whole parse's over `P`: the
//!   parser reads left to right and only a lookahead that reaches the end
//!   of `P` could see a difference. Every token (word, string, comment,
//!   blank run) ends before a `\n`, so none reaches past the last `\n` of
//!   `P`; what reads across newlines is the run of separators between
//!   statements (which reaches the end of `P` and, in the whole parse,
//!   goes on into `S`), and a list after its comma, where the end of `P`
//!   would be an error (a value must follow). Everything else that meets
//!   the end of `P` reports an error there: a block still open (the cut
//!   fell inside a block: "unclosed block"), a string still open (the cut
//!   fell inside a string), a header without its `{`. Strings and
//!   comments cannot hold the cut unnoticed: a comment ends at its line's
//!   end, and a string that spans the cut is unterminated in `P`.
//! - So with no error in `P`, the whole parse reaches the cut at the top
//!   level, between statements, in the loop of [`file`](super::structural::file),
//!   and the parse of `S` starts in the same place. What that loop carries
//!   from one statement to the next is only its list of items: the
//!   scratch lists are empty between statements (every list is moved to
//!   the arena when it ends), no error has been counted (the per-line
//!   count starts afresh either way), no string was lexed past the cut
//!   (strings lexed in `P` end in `P`), and a comment is kept when it
//!   starts after the last one kept (true of every comment of `S` in both
//!   parses). The tree has no node for blank lines or comment groups: the
//!   formatter and the language server read those from the spans and the
//!   source, which are the same. So `S` parses as in the whole parse.
//!
//! The second condition (no error in `S`) is more than the argument needs;
//! it costs nothing on the files this is for and keeps the rule simple.
//!
//! Where to cut only makes success likely: the first line after the middle
//! that starts with a letter in its first column after a line that ends
//! with `}` (after a block, or a one-line block). A source without such a
//! line is parsed whole.

use super::input::{Arena, State};
use super::structural::{Parse, parse_from};
use bumpalo::Bump;

/// Whether a parse may be split across two threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// On the calling thread alone.
    Never,
    /// In two halves on two threads, for a source of at least this many
    /// bytes.
    From(usize),
}

impl Split {
    /// From 256 KiB (about 8,000 lines, a few milliseconds of parsing):
    /// below that a thread's start (some 20-50 µs) buys too little.
    pub const AUTO: Split = Split::From(256 << 10);
}

/// [`parse`](super::parse), split as `split` allows. The result does not
/// depend on `split`.
pub fn parse_with<'a>(src: &'a str, arena: &'a mut Arena, split: Split) -> Parse<'a> {
    let (first, second) = arena.halves();
    let first: &'a Bump = first;
    if let Split::From(min) = split
        && src.len() >= min
        && let Some(at) = cut(src)
        && let Some(parse) = in_halves(src, at, first, second)
    {
        return parse;
    }
    // Whatever two halves left in the arena stays there until the tree is
    // freed (a tree's size, on a file with errors only).
    parse_from(State::in_bump(src, first), 0)
}

/// Both halves' parses joined, or `None` when either has an error (or the
/// second thread could not start).
fn in_halves<'a>(
    src: &'a str,
    at: usize,
    first: &'a Bump,
    second: &'a mut Bump,
) -> Option<Parse<'a>> {
    let (head, tail) = std::thread::scope(|scope| {
        let tail = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(scope, move || {
                parse_from(State::in_bump(src, second), at as u32)
            })
            .ok()?;
        let head = parse_from(State::in_bump(&src[..at], first), 0);
        let tail = tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        Some((head, tail))
    })?;
    if !head.errors.is_empty() || !tail.errors.is_empty() {
        return None;
    }
    let mut file = head.file;
    file.items.extend(tail.file.items);
    file.comments.extend(tail.file.comments);
    Some(Parse {
        file,
        errors: Vec::new(),
    })
}

/// Where to cut: the first line after the middle that starts with a
/// letter, after a line that ends with `}` (blank lines between allowed).
fn cut(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut from = src.len() / 2;
    while let Some(n) = bytes[from..].iter().position(|&b| b == b'\n') {
        let at = from + n + 1;
        if bytes.get(at).is_some_and(u8::is_ascii_alphabetic) && src[..at].trim_end().ends_with('}')
        {
            return Some(at);
        }
        from = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::SyntaxError;

    /// The whole parse's errors, and how many items and comments it has.
    fn whole(src: &str) -> (Vec<SyntaxError>, usize, usize) {
        let mut arena = Arena::new();
        let p = parse_with(src, &mut arena, Split::Never);
        (p.errors, p.file.items.len(), p.file.comments.len())
    }

    /// Whether cutting at `at` gives the whole parse (`Some(true)`), is
    /// refused (`None`), or gives something else (`Some(false)`).
    fn halves_agree(src: &str, at: usize) -> Option<bool> {
        let mut a = Arena::new();
        let want = parse_with(src, &mut a, Split::Never);
        let mut b = Arena::new();
        let (first, second) = b.halves();
        let got = in_halves(src, at, first, second)?;
        Some(got.file == want.file && got.errors == want.errors)
    }

    fn agrees(src: &str, split: Split) -> bool {
        let mut a = Arena::new();
        let want = parse_with(src, &mut a, Split::Never);
        let mut b = Arena::new();
        let got = parse_with(src, &mut b, split);
        got.file == want.file && got.errors == want.errors
    }

    fn examples() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
            .expect("examples/")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "net"))
            .map(|p| {
                let src = std::fs::read_to_string(&p).expect("example");
                (p.display().to_string(), src)
            })
            .collect();
        v.sort();
        assert!(v.len() >= 5, "{v:?}");
        v
    }

    /// The examples without syntax errors, repeated past the threshold
    /// (the parser does not mind names declared twice).
    fn large_clean() -> String {
        let clean: Vec<String> = examples()
            .into_iter()
            .map(|(_, s)| s)
            .filter(|s| whole(s).0.is_empty())
            .collect();
        assert!(clean.len() >= 3);
        let mut src = String::new();
        while src.len() < 300 << 10 {
            for s in &clean {
                src.push_str(s);
            }
        }
        src
    }

    #[test]
    fn cuts_after_a_closed_block_at_a_letter() {
        let src = "vpc a {\n  cidr x\n}\n\n  # c\nvpc b {}\n";
        // From the middle (in `# c`), the next line that starts with a
        // letter follows a comment, not a `}`: no cut.
        assert_eq!(cut(src), None);
        let src = "vpc a {\n  cidr 10.0.0.0/16\n}\n\nvpc b {}\nvpc c {}\n";
        let at = cut(src).unwrap();
        assert_eq!(&src[at..], "vpc b {}\nvpc c {}\n");
    }

    #[test]
    fn a_large_clean_file_parses_the_same_in_halves() {
        let src = large_clean();
        let at = cut(&src).expect("a cut");
        assert!(at > src.len() / 2 && at < src.len() * 3 / 4, "{at}");
        assert_eq!(halves_agree(&src, at), Some(true));
        assert!(agrees(&src, Split::AUTO));
        let (errors, items, comments) = whole(&src);
        assert!(errors.is_empty() && items > 1000 && comments > 100);
    }

    /// Every cut at a line start of every example (some with errors, one
    /// made of them) either is refused or gives the whole parse, and a
    /// clean file accepts most.
    #[test]
    fn any_cut_is_refused_or_gives_the_whole_parse() {
        let extra = "vpc a { cidr 10.0.0.0/16 } # }\nregion x;description \"a\nb # }\"\nsubnet s {\n  tags a,\n\n    b # }\nzone a\n}\nvpc\n";
        let mut sources = examples();
        sources.push(("extra".into(), extra.into()));
        let mut accepted = 0;
        for (name, src) in &sources {
            for at in 1..src.len() {
                if src.as_bytes()[at - 1] != b'\n' {
                    continue;
                }
                match halves_agree(src, at) {
                    Some(true) => accepted += 1,
                    Some(false) => panic!("{name}: a cut at {at} differs"),
                    None => {}
                }
            }
            assert!(agrees(src, Split::From(0)), "{name}");
        }
        assert!(accepted > 100, "{accepted}");
    }

    #[test]
    fn an_error_in_either_half_parses_the_whole() {
        let clean = large_clean();
        let quarter = clean.len() / 4;
        let line = |from: usize| from + clean[from..].find("\nvpc ").expect("a vpc") + 1;
        for at in [line(quarter), line(3 * quarter)] {
            let mut src = clean.clone();
            src.insert_str(at, "vpc oops\n");
            let cut = cut(&src).expect("a cut");
            assert_eq!(halves_agree(&src, cut), None);
            assert!(agrees(&src, Split::AUTO));
            let (errors, ..) = whole(&src);
            assert_eq!(errors.len(), 1, "{errors:?}");
        }
    }

    /// A line that starts a block header in the first column after a line
    /// ending with `}` may still be inside a block (after a comment, here):
    /// the first half then ends with that block open.
    #[test]
    fn a_cut_inside_a_block_parses_the_whole() {
        let clean = large_clean();
        let half =
            &clean[..clean[clean.len() / 2..].find("\nvpc ").expect("a vpc") + clean.len() / 2 + 1];
        let body = "  vpc x # }\ndescription \"in the block\"\n".repeat(half.len() / 40);
        let src = format!("{half}security-group odd {{\n{body}}}\n{half}");
        let cut = cut(&src).expect("a cut");
        assert!(
            src[cut..].starts_with("description"),
            "{}",
            &src[cut..cut + 40]
        );
        assert_eq!(halves_agree(&src, cut), None);
        assert!(agrees(&src, Split::AUTO));
        assert!(whole(&src).0.is_empty());
    }
}
