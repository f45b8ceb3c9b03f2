//! `netlint fmt`: the three properties over every example, every fixture
//! and generated files, snapshots of tricky layouts, and the command.
//!
//! Properties (for every input that parses):
//! - `fmt(fmt(x)) == fmt(x)`;
//! - `fmt(x)` holds the same tokens and comments as `x`, in order, and the
//!   same tree (items, attributes, values);
//! - `build(fmt(x))` is byte-identical to `build(x)` (or both refused);
//! - `check(fmt(x))` reports the same codes as `check(x)`.
//!
//! The generated files are the corpus re-laid out at random: spaces, tabs,
//! `;` or line breaks between attributes, lists broken after commas, one-
//! or multi-line blocks, blank lines, CRLF, and comments (suppressions
//! too) at the end of random lines and on lines of their own.

mod common;

use common::*;
use netlint::check::{self, load};
use netlint::syntax::ast::{Item, Scalar, Value};
use netlint::syntax::{Arena, parse};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fmt(src: &str) -> String {
    netlint::format::format(src).unwrap_or_else(|e| panic!("syntax errors: {e:?}\n{src}"))
}

/// `fmt --align-comments` when `align`.
fn fmt_with(src: &str, align: bool) -> String {
    let options = netlint::format::Options {
        align_comments: align,
    };
    netlint::format::format_with(src, options)
        .unwrap_or_else(|e| panic!("syntax errors: {e:?}\n{src}"))
}

/// Every `.net` file under a directory, recursively, sorted.
fn net_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            net_files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "net") {
            out.push(p);
        }
    }
}

/// The examples and fixtures that parse (the rest are syntax-error
/// fixtures, refused by `fmt`).
fn corpus() -> &'static [(String, String)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths = Vec::new();
        net_files_under(&root().join("examples"), &mut paths);
        net_files_under(&root().join("tests/fixtures"), &mut paths);
        let files: Vec<(String, String)> = paths
            .iter()
            .map(|p| (p.display().to_string(), read(p)))
            .filter(|(_, src)| netlint::format::format(src).is_ok())
            .collect();
        assert!(files.len() > 150, "{} files", files.len());
        files
    })
}

/// What a file says, layout aside: each item's tokens (words, strings as
/// written, list boundaries, closing braces) and every comment's text, in
/// the order they stand in the file, so a comment moved to another
/// attribute, past a brace or past another comment changes it.
fn shape(src: &str) -> Vec<String> {
    let mut arena = Arena::new();
    let p = parse(src, &mut arena);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    // (offset in the file, token).
    let mut out: Vec<(u32, String)> = Vec::new();
    let scalar = |s: &Scalar<'_>| match s {
        Scalar::Word(w) => (w.span.start, w.text.to_string()),
        Scalar::Str(s) => (s.span.start, s.span.text(src).to_string()),
    };
    let values = |vs: &[Value<'_>], out: &mut Vec<(u32, String)>| {
        for v in vs {
            match v {
                Value::Scalar(s) => out.push(scalar(s)),
                Value::List { items, span } => {
                    out.push((span.start, "[".into()));
                    out.extend(items.iter().map(scalar));
                    out.push((span.end, "]".into()));
                }
            }
        }
    };
    for item in &p.file.items {
        match item {
            Item::Setting(s) => {
                out.push((s.key.span.start, format!("setting {}", s.key.text)));
                values(s.values, &mut out);
            }
            Item::Block(b) => {
                out.push((
                    b.kind.span.start,
                    format!("block {} {}", b.kind.text, b.name.text),
                ));
                for a in b.attributes {
                    out.push((a.key.span.start, format!("attribute {}", a.key.text)));
                    values(a.values, &mut out);
                }
                out.push((b.span.end, "}".into()));
            }
        }
    }
    out.extend(
        p.file
            .comments
            .iter()
            .map(|c| (c.span.start, format!("#{}", c.text.trim_end()))),
    );
    // Stable: a list's `]` and a block's `}` at one offset keep their order.
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, t)| t).collect()
}

fn template(src: &str) -> Result<String, Vec<String>> {
    match load(src) {
        Ok((model, topo)) => Ok(netlint::emit::to_json_string(&model, &topo)),
        Err(errors) => Err(errors.iter().map(|d| d.code.to_string()).collect()),
    }
}

fn codes(src: &str) -> Vec<String> {
    let mut codes: Vec<String> = check(src).iter().map(|d| d.code.to_string()).collect();
    codes.sort();
    codes
}

/// The cheap properties: idempotent, nothing lost, nothing reordered.
fn assert_layout_only(name: &str, src: &str) -> String {
    assert_layout_only_with(name, src, false)
}

/// The cheap properties, with comments aligned or not; aligned, the plain
/// layout of the result is the plain layout of the source.
fn assert_layout_only_with(name: &str, src: &str, align: bool) -> String {
    let once = fmt_with(src, align);
    let twice = fmt_with(&once, align);
    assert_eq!(once, twice, "{name}: not idempotent\n--- once\n{once}");
    if align {
        assert_eq!(fmt(&once), fmt(src), "{name}: alignment not undone");
    }
    assert_eq!(shape(src), shape(&once), "{name}: tokens changed\n{once}");
    assert!(
        once.is_empty() || once.ends_with('\n') && !once.ends_with("\n\n"),
        "{name}"
    );
    assert!(
        once.lines().all(|l| l == l.trim_end()),
        "{name}: trailing blanks"
    );
    once
}

/// All four properties.
fn assert_same_meaning(name: &str, src: &str) {
    assert_same_meaning_with(name, src, false);
}

fn assert_same_meaning_with(name: &str, src: &str, align: bool) {
    let once = assert_layout_only_with(name, src, align);
    assert_eq!(
        template(src),
        template(&once),
        "{name}: build changed\n{once}"
    );
    assert_eq!(codes(src), codes(&once), "{name}: check changed\n{once}");
}

#[test]
fn every_example_and_fixture_keeps_its_meaning() {
    for (name, src) in corpus() {
        assert_same_meaning(name, src);
        assert_same_meaning_with(&format!("{name} (aligned)"), src, true);
    }
}

#[test]
fn every_example_is_formatted() {
    let mut paths = Vec::new();
    net_files_under(&root().join("examples"), &mut paths);
    for p in paths {
        let src = read(&p);
        assert_eq!(fmt(&src), src, "{} is not formatted", p.display());
    }
}

// ---- generated layouts --------------------------------------------------------

/// A small deterministic generator (xorshift), so a failing case is its
/// seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const COMMENTS: &[&str] = &[
    "# a note",
    "#",
    "#tight",
    "# netlint: allow S302",
    "# netlint: allow A104 R207 -- on purpose",
    "# netlint: allow S310",
    "# netlint: allow R206",
    "# netlint: allow N401 X901",
    "# netlint: allow U001",
    "# netlint: allow Z999",
    "# {, } ; \"quotes\" ->",
];

/// Re-lay `src` out at random (it must parse): same tokens, same
/// comments' texts, wild layout, and new comments anywhere one may stand.
fn scramble(src: &str, seed: u64) -> String {
    let mut arena = Arena::new();
    let p = parse(src, &mut arena);
    let mut r = Rng(seed | 1);
    let mut out = String::new();
    let nl = |r: &mut Rng| if r.one_in(8) { "\r\n" } else { "\n" };
    let blank = |r: &mut Rng| r.pick(&[" ", " ", "  ", "\t", " \u{a0}"]);
    // A line break, maybe after a trailing comment, maybe with blank lines
    // and comments on their own lines after it.
    let brk = |r: &mut Rng, out: &mut String| {
        if r.one_in(5) {
            out.push_str(blank(r));
            out.push_str(r.pick(COMMENTS));
        }
        out.push_str(nl(r));
        while r.one_in(4) {
            if r.one_in(2) {
                out.push_str(r.pick(&["", "  ", "\t"]));
                out.push_str(r.pick(COMMENTS));
            }
            out.push_str(nl(r));
        }
        if r.one_in(2) {
            out.push_str(r.pick(&["  ", "    ", "\t", " "]));
        }
    };
    // At statement level only: maybe a line holding just `;` (and maybe a
    // comment after it).
    let lone_semicolon = |r: &mut Rng, out: &mut String| {
        if r.one_in(8) {
            out.push(';');
            if r.one_in(2) {
                out.push(' ');
                out.push_str(r.pick(COMMENTS));
            }
            out.push_str(nl(r));
        }
    };
    fn scalar<'s>(src: &'s str, s: &Scalar<'s>) -> &'s str {
        match s {
            Scalar::Word(w) => w.text,
            Scalar::Str(s) => s.span.text(src),
        }
    }
    let scalar = |s: &Scalar<'_>| scalar(src, s).to_string();
    let values = |r: &mut Rng, out: &mut String, vs: &[Value<'_>]| {
        for v in vs {
            out.push_str(blank(r));
            match v {
                Value::Scalar(s) => out.push_str(&scalar(s)),
                Value::List { items, .. } => {
                    for (i, s) in items.iter().enumerate() {
                        if i > 0 {
                            if r.one_in(3) {
                                out.push(' ');
                            }
                            out.push(',');
                            if r.one_in(3) {
                                brk(r, out);
                            } else if r.one_in(2) {
                                out.push_str(blank(r));
                            }
                        }
                        out.push_str(&scalar(s));
                    }
                }
            }
        }
    };
    for (n, item) in p.file.items.iter().enumerate() {
        if n > 0 {
            match (r.below(4), item) {
                (0, _) => out.push_str("; "),
                (1, Item::Block(_)) if matches!(p.file.items[n - 1], Item::Block(_)) => {
                    out.push(' ')
                }
                _ => {
                    brk(&mut r, &mut out);
                    lone_semicolon(&mut r, &mut out);
                }
            }
        } else if r.one_in(3) {
            brk(&mut r, &mut out);
        }
        match item {
            Item::Setting(s) => {
                out.push_str(s.key.text);
                values(&mut r, &mut out, s.values);
            }
            Item::Block(b) => {
                out.push_str(b.kind.text);
                out.push_str(blank(&mut r));
                out.push_str(b.name.text);
                out.push_str(r.pick(&[" ", "", "\t"]));
                out.push('{');
                let one_line = r.one_in(3);
                for (i, a) in b.attributes.iter().enumerate() {
                    if i == 0 && one_line {
                        out.push_str(blank(&mut r));
                    } else if i > 0 && (one_line || r.one_in(4)) {
                        out.push_str(r.pick(&[";", " ; ", "; ", ";;"]));
                    } else {
                        brk(&mut r, &mut out);
                        lone_semicolon(&mut r, &mut out);
                    }
                    out.push_str(a.key.text);
                    values(&mut r, &mut out, a.values);
                }
                if one_line || r.one_in(4) {
                    out.push_str(r.pick(&[" ", "", "; "]));
                } else {
                    brk(&mut r, &mut out);
                }
                out.push('}');
            }
        }
    }
    if r.one_in(2) {
        brk(&mut r, &mut out);
    }
    out
}

#[test]
fn a_scrambled_file_parses_to_the_same_tree() {
    // The generator itself: its layouts change nothing but layout and
    // comments.
    let (_, src) = &corpus()[0];
    for seed in 0..50 {
        let s = scramble(src, seed);
        let strip = |v: Vec<String>| -> Vec<String> {
            v.into_iter().filter(|t| !t.starts_with('#')).collect()
        };
        assert_eq!(strip(shape(src)), strip(shape(&s)), "{s}");
    }
}

#[test]
fn a_comment_moved_to_another_attribute_changes_the_shape() {
    // The properties see a comment that changes places, not only one lost.
    let at_cidr = "vpc a {\n  cidr 10.0.0.0/16 # c\n  dns on\n}\n";
    let at_dns = "vpc a {\n  cidr 10.0.0.0/16\n  dns on # c\n}\n";
    let after = "vpc a {\n  cidr 10.0.0.0/16\n  dns on\n} # c\n";
    assert_ne!(shape(at_cidr), shape(at_dns));
    assert_ne!(shape(at_dns), shape(after));
    assert_eq!(
        shape(at_cidr),
        shape("vpc a { cidr 10.0.0.0/16 # c\n dns on }")
    );
}

#[test]
fn thousands_of_scrambled_files_keep_their_tokens() {
    let files = corpus();
    for seed in 0..4000u64 {
        let (name, src) = &files[seed as usize % files.len()];
        let s = scramble(src, seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        // Every other file with its comments aligned.
        assert_layout_only_with(&format!("{name} seed {seed}"), &s, seed % 2 == 1);
    }
}

// 256 cases by default, `PROPTEST_CASES` in CI (3000).
proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scrambled_files_keep_their_meaning(pick in any::<usize>(), seed in any::<u64>()) {
        let files = corpus();
        let (name, src) = &files[pick % files.len()];
        let s = scramble(src, seed);
        assert_same_meaning_with(&format!("{name} seed {seed}"), &s, seed % 2 == 1);
    }
}

// ---- snapshots ---------------------------------------------------------------------

const TRICKY: &[(&str, &str)] = &[
    (
        "comments-everywhere",
        "\n\n# The file's head.\n\n\n# Second paragraph.\nregion   us-east-1 # where\ndescription \"a; {b} # c\"\n\nvpc main{ # the VPC\n\n  # its block\n  cidr 10.0.0.0/16   # a /16\n\n\n  # DNS on\n  dns on\n  # the end of the block\n\n}   # after it\n# before a subnet\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a }\n; # after a lone semicolon\n\n\n# The file's tail.\n\n",
    ),
    (
        "long-lists",
        "route-table rt { vpc main; subnets public-a, public-b, public-c, private-a, private-b, private-c, data-a, data-b }\n\nnetwork-acl acl {\n  vpc main\n  subnets alpha-subnet-one,beta-subnet-two,gamma-subnet-three,delta-subnet-four,epsilon-subnet-five,zeta-subnet-six, eta-subnet-seven\n  subnets a,\n   b, # b is special\n   c, d\n}\n",
    ),
    (
        "one-line-blocks",
        "vpc main { cidr 10.0.0.0/16 }\ninternet-gateway igw{vpc main}\nsubnet a {vpc main;cidr 10.0.1.0/24;zone a;public-ip on;}\neip e { }\neip f {\n}\nsecurity-group web { vpc main; description \"a rather long description of what this group is for\"; ingress tcp 443 from 0.0.0.0/0 }\nvpc other { cidr 10.1.0.0/16 } internet-gateway igw2 { vpc other }; region us-east-1\n",
    ),
    (
        "suppressions",
        "security-group db {\n  vpc main\n  description \"db\"\n  ingress tcp 5432 from 0.0.0.0/0; ingress tcp 22 from 0.0.0.0/0    # netlint: allow S302 -- both lines, one line\n  # netlint: allow S305\n  ingress tcp 22 from 10.0.0.0/16; egress tcp 443 to 0.0.0.0/0\n}\n# netlint: allow S310 S307\nsecurity-group open { vpc main; ingress all from 0.0.0.0/0; ingress tcp 3389 from 0.0.0.0/0; egress all to 0.0.0.0/0 }\nsubnet s { vpc main; cidr 10.0.1.5/24; zone a; public-ip on; description \"x\" }  # netlint: allow A104 R207\n",
    ),
];

#[test]
fn tricky_layouts() {
    for (name, src) in TRICKY {
        let out = assert_layout_only(name, src);
        assert_eq!(codes(src), codes(&out), "{name}");
        insta::with_settings!({snapshot_path => "../snapshots/fmt", prepend_module_to_snapshot => false, omit_expression => true, description => *src}, {
            insta::assert_snapshot!(*name, out);
        });
    }
}

#[test]
fn aligned_comments_line_up_in_runs_within_a_block() {
    let src = "vpc main { # the VPC\n  cidr 10.0.0.0/16 # a /16\n  dns on   # names\n  secondary-cidrs 10.1.0.0/16\n\n  ipv6 on # v6\n  flow-logs arn:aws:s3:::logs # logs\n}\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a } # one\nsubnet bbbbbbb { vpc main; cidr 10.0.2.0/24; zone b } # two\n# own line\nsubnet c { vpc main; cidr 10.0.3.0/24; zone a } # three\n";
    let want = "vpc main { # the VPC\n  cidr 10.0.0.0/16 # a /16\n  dns on           # names\n  secondary-cidrs 10.1.0.0/16\n\n  ipv6 on                     # v6\n  flow-logs arn:aws:s3:::logs # logs\n}\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a }       # one\nsubnet bbbbbbb { vpc main; cidr 10.0.2.0/24; zone b } # two\n# own line\nsubnet c { vpc main; cidr 10.0.3.0/24; zone a } # three\n";
    assert_eq!(fmt_with(src, true), want);
    assert_same_meaning_with("aligned", src, true);
    // Off by default; the command line turns it on.
    assert!(fmt(src).contains("  dns on # names\n"));
    let (code, out, err) = netlint(&["fmt", "--align-comments", "-"], src);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, want);
    for (name, src) in TRICKY {
        assert_layout_only_with(name, src, true);
    }
}

// ---- the command -------------------------------------------------------------------

const UGLY: &str =
    "vpc   main {cidr 10.0.0.0/16}\n\n\n\nsubnet a { vpc main\n cidr 10.0.1.0/24; zone a }\n";
const PRETTY: &str =
    "vpc main { cidr 10.0.0.0/16 }\n\nsubnet a {\n  vpc main\n  cidr 10.0.1.0/24\n  zone a\n}\n";

#[test]
fn stdin_to_stdout() {
    assert_eq!(fmt(UGLY), PRETTY);
    assert_eq!(netlint(&["fmt", "-"], UGLY), (0, PRETTY.into(), "".into()));
    assert_eq!(
        netlint(&["fmt", "-"], PRETTY),
        (0, PRETTY.into(), "".into())
    );
    // --check on stdin names it, writes nothing else.
    assert_eq!(
        netlint(&["fmt", "--check", "-"], UGLY),
        (1, "-\n".into(), "".into())
    );
    assert_eq!(
        netlint(&["fmt", "--check", "-"], PRETTY),
        (0, "".into(), "".into())
    );
}

#[test]
fn syntax_errors_are_refused_with_their_diagnostics() {
    let (code, out, err) = netlint(&["fmt", "-"], "vpc main {\n  cidr { x\n}\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("error[E001]"), "{err}");
    assert!(
        err.contains("not formatted: fix its syntax errors first"),
        "{err}"
    );
    let (code, _, err) = netlint(&["fmt", "--check", "-"], "vpc main {\n");
    assert_eq!(code, 2);
    assert!(err.contains("unclosed block"), "{err}");
    // Not UTF-8.
    let (code, out, err) = run_cli(&["fmt", "-"], b"vpc \xff {}\n");
    assert_eq!((code, out.len()), (2, 0));
    assert!(String::from_utf8_lossy(&err).contains("not valid UTF-8"));
}

#[test]
fn files_and_directories_are_rewritten_in_place() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("fmt-files");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let ugly = dir.join("sub/ugly.net");
    let pretty = dir.join("pretty.net");
    let broken = dir.join("sub/broken.net");
    let bom = dir.join("bom.net");
    std::fs::write(&ugly, UGLY).unwrap();
    std::fs::set_permissions(&ugly, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(&pretty, PRETTY).unwrap();
    std::fs::write(&broken, "vpc main {\n").unwrap();
    std::fs::write(&bom, format!("\u{feff}{UGLY}")).unwrap();
    std::os::unix::fs::symlink("sub/ugly.net", dir.join("link.net")).unwrap();
    let d = dir.to_str().unwrap();

    // --check lists what would change, writes nothing; a broken file is 2.
    let (code, out, err) = netlint(&["fmt", "--check", d], "");
    assert_eq!(code, 2, "{err}");
    let listed: Vec<&str> = out.lines().collect();
    assert_eq!(listed.len(), 3, "{out}");
    assert!(
        listed
            .iter()
            .all(|l| l.ends_with("bom.net") || l.ends_with("link.net") || l.ends_with("ugly.net")),
        "{out}"
    );
    assert!(err.contains("broken.net not formatted"), "{err}");
    assert_eq!(read(&ugly), UGLY);

    // --diff prints a unified diff and writes nothing.
    let u = ugly.to_str().unwrap();
    let (code, out, _) = netlint(&["fmt", "--diff", u], "");
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("--- a/{u}\n+++ b/{u}\n@@ ")),
        "{out}"
    );
    assert!(out.contains("\n-vpc   main {cidr 10.0.0.0/16}\n"), "{out}");
    assert!(out.contains("\n+vpc main { cidr 10.0.0.0/16 }\n"), "{out}");
    assert_eq!(read(&ugly), UGLY);
    let (code, _, _) = netlint(&["fmt", "--check", "--diff", u], "");
    assert_eq!(code, 1);

    // Rewriting: the broken file is left alone, the rest formatted, the
    // mode kept, the symlink still a symlink, the BOM kept.
    let (code, out, _) = netlint(&["fmt", d], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(read(&ugly), PRETTY);
    assert_eq!(read(&pretty), PRETTY);
    assert_eq!(read(&broken), "vpc main {\n");
    assert_eq!(read(&bom), format!("\u{feff}{PRETTY}"));
    assert_eq!(
        std::fs::metadata(&ugly).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert!(
        std::fs::symlink_metadata(dir.join("link.net"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    std::fs::remove_file(&broken).unwrap();
    assert_eq!(
        netlint(&["fmt", "--check", d], ""),
        (0, "".into(), "".into())
    );
    assert_eq!(netlint(&["fmt", d], ""), (0, "".into(), "".into()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let dir = scratch_dir("fmt-unchanged");
    let p = dir.join("a.net");
    std::fs::write(&p, PRETTY).unwrap();
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(netlint(&["fmt", p.to_str().unwrap()], "").0, 0);
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_is_the_pipeline_entry_point_too() {
    // check::format is what the CLI (and a language server) calls.
    assert_eq!(check::format(UGLY).unwrap(), PRETTY);
    let errors = check::format("vpc {\n").unwrap_err();
    assert!(errors.iter().all(|d| d.code.to_string() == "E001"));
}
