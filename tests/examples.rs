//! The example networks under `examples/` and the editor grammar under
//! `grammar/`.
//!
//! Every example states in its header what `netlint check` reports on it,
//! one `# expect: CODE LINE` per diagnostic (or `# expect: nothing`). The
//! examples are documentation, so they must stay true: this test checks the
//! header against the real pipeline and snapshots the human and JSON output
//! under `snapshots/examples/`.
//!
//! `lecture.net` is the lecture's architecture (in `netlint fmt`'s layout),
//! so it cannot carry an expectation header; its expectation lives in
//! [`LECTURE`] instead.

mod common;

use netlint::check::{check_source, load};
use netlint::diagnostics::Diagnostic;
use netlint::model::schema::KINDS;
use netlint::settings::Settings;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `examples/*.net`, sorted by name, as (file name, source).
fn examples() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "net"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 file name")
                .to_string();
            let src = fs::read_to_string(&p).expect("readable example");
            (name, src)
        })
        .collect();
    out.sort();
    assert!(
        out.len() >= 7,
        "expected lecture.net and at least six more examples, found {}",
        out.len()
    );
    out
}

/// 1-based line of a byte offset.
fn line_of(src: &str, offset: u32) -> usize {
    let offset = (offset as usize).min(src.len());
    src.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// What an example's header promises.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    /// Exactly these (code, line) pairs, sorted.
    Exactly(Vec<(String, usize)>),
    /// Exactly these codes, anywhere in the lines of `lines` (lecture only).
    CodesOnLines(Vec<String>, BTreeSet<usize>),
}

/// lecture.net: the lecture says "one info-level note is expected:
/// R206, because private-c reaches the internet through the NAT gateway in
/// zone a". R206 is about a subnet and its route, so it may be reported at
/// the subnet `private-c`, at its association in `private-rt`, or at the
/// route `0.0.0.0/0 -> nat-a`: any line naming private-c or that route.
/// The second info is N409 on `inbound 110 allow tcp 8080 from
/// 10.0.0.0/16`: the reply rule 120 (`1024-65535 from 0.0.0.0/0`) admits
/// 8080 from anywhere, so the ACL does not enforce that restriction (the
/// security group does).
fn lecture_expectation(src: &str) -> Expect {
    let lines = src
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.contains("private-c")
                || l.contains("-> nat-a")
                || l.contains("inbound 110 allow tcp 8080")
        })
        .map(|(i, _)| i + 1)
        .collect();
    Expect::CodesOnLines(vec!["N409".to_string(), "R206".to_string()], lines)
}

/// The `# expect:` lines of a header.
fn parse_expectations(name: &str, src: &str) -> Result<Expect, String> {
    let mut pairs = Vec::new();
    let mut nothing = false;
    for (i, line) in src.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("# expect:") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            ["nothing"] => nothing = true,
            [code, line_no] => {
                let ok_code = code.len() == 4
                    && code.starts_with(|c: char| c.is_ascii_uppercase())
                    && code[1..].bytes().all(|b| b.is_ascii_digit());
                let n: usize = line_no
                    .parse()
                    .map_err(|_| format!("{name}:{}: bad line number `{line_no}`", i + 1))?;
                if !ok_code {
                    return Err(format!("{name}:{}: bad code `{code}`", i + 1));
                }
                pairs.push((code.to_string(), n));
            }
            _ => {
                return Err(format!(
                    "{name}:{}: write `# expect: CODE LINE` or `# expect: nothing`",
                    i + 1
                ));
            }
        }
    }
    match (nothing, pairs.is_empty()) {
        (true, true) => Ok(Expect::Exactly(Vec::new())),
        (true, false) => Err(format!(
            "{name}: `# expect: nothing` together with expected diagnostics"
        )),
        (false, true) => Err(format!("{name}: no `# expect:` line in the header")),
        (false, false) => {
            pairs.sort();
            Ok(Expect::Exactly(pairs))
        }
    }
}

fn expectation(name: &str, src: &str) -> Expect {
    if name == "lecture.net" {
        return lecture_expectation(src);
    }
    parse_expectations(name, src).unwrap_or_else(|e| panic!("{e}"))
}

fn diagnostics(src: &str) -> Vec<Diagnostic> {
    check_source(src, &Settings::default())
}

fn describe(src: &str, diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "    {} {} ({}: {})",
                d.code,
                line_of(src, d.span.start),
                d.severity.as_str(),
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compare one example; `None` when it matches, else a report.
fn compare(name: &str, src: &str) -> Option<String> {
    let diags = diagnostics(src);
    let mut actual: Vec<(String, usize)> = diags
        .iter()
        .map(|d| (d.code.to_string(), line_of(src, d.span.start)))
        .collect();
    actual.sort();
    match expectation(name, src) {
        Expect::Exactly(expected) if expected == actual => None,
        Expect::Exactly(expected) => {
            let missing: Vec<String> = multiset_minus(&expected, &actual)
                .iter()
                .map(|(c, l)| format!("{c} {l}"))
                .collect();
            let extra: Vec<String> = multiset_minus(&actual, &expected)
                .iter()
                .map(|(c, l)| format!("{c} {l}"))
                .collect();
            Some(format!(
                "{name}:\n  expected but not reported: {}\n  reported but not expected: {}\n  all reported:\n{}",
                if missing.is_empty() {
                    "-".into()
                } else {
                    missing.join(", ")
                },
                if extra.is_empty() {
                    "-".into()
                } else {
                    extra.join(", ")
                },
                describe(src, &diags)
            ))
        }
        Expect::CodesOnLines(codes, lines) => {
            let mut actual_codes: Vec<String> = actual.iter().map(|(c, _)| c.clone()).collect();
            actual_codes.sort();
            let lines_ok = actual.iter().all(|(_, l)| lines.contains(l));
            if actual_codes == codes && lines_ok {
                None
            } else {
                Some(format!(
                    "{name}: expected {codes:?} on one of the lines {lines:?}, got:\n{}",
                    describe(src, &diags)
                ))
            }
        }
    }
}

fn multiset_minus(a: &[(String, usize)], b: &[(String, usize)]) -> Vec<(String, usize)> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for item in a {
        match rest.iter().position(|x| x == item) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(item.clone()),
        }
    }
    out
}

#[test]
fn examples_report_exactly_what_their_headers_expect() {
    let failures: Vec<String> = examples()
        .iter()
        .filter_map(|(name, src)| compare(name, src))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Lints run only on a file without E-errors, so every example, the
/// mistakes included, must resolve to a model.
#[test]
fn every_example_resolves_to_a_model() {
    for (name, src) in examples() {
        if let Err(errors) = load(&src) {
            panic!("{name} has errors:\n{}", describe(&src, &errors));
        }
    }
}

/// An `# expect:` line must point at a line that holds a statement (not a
/// blank or comment-only line), so a stale number after an edit is caught
/// even before the rules behind it exist.
#[test]
fn expectation_lines_point_at_statements() {
    for (name, src) in examples() {
        let Ok(Expect::Exactly(pairs)) = parse_expectations(&name, &src) else {
            continue;
        };
        let lines: Vec<&str> = src.lines().collect();
        for (code, n) in pairs {
            let text = lines.get(n.wrapping_sub(1)).map(|l| l.trim()).unwrap_or("");
            assert!(
                !text.is_empty() && !text.starts_with('#'),
                "{name}: `# expect: {code} {n}` points at a line with no statement"
            );
        }
    }
}

/// The clean examples must stay clean: only mistakes.net may expect an
/// error or a warning. (A typo in an expectation could otherwise bless a
/// warning.)
#[test]
fn only_mistakes_expects_errors_or_warnings() {
    for (name, src) in examples() {
        if name == "mistakes.net" {
            continue;
        }
        let Expect::Exactly(pairs) = expectation(&name, &src) else {
            continue;
        };
        for (code, line) in pairs {
            let severity = netlint::catalog::Code::parse(&code).map(|c| c.default_severity());
            assert!(
                !matches!(
                    severity,
                    Some(netlint::diagnostics::Severity::Error)
                        | Some(netlint::diagnostics::Severity::Warning)
                ),
                "{name}: expects {code} at line {line}, which is not an info"
            );
        }
    }
}

#[test]
fn mistakes_covers_many_codes_in_every_area() {
    let src = fs::read_to_string(root().join("examples/mistakes.net")).expect("mistakes.net");
    let Ok(Expect::Exactly(pairs)) = parse_expectations("mistakes.net", &src) else {
        panic!("mistakes.net needs expectations");
    };
    let codes: BTreeSet<&str> = pairs.iter().map(|(c, _)| c.as_str()).collect();
    assert!(codes.len() >= 30, "only {} distinct codes", codes.len());
    for area in ["A", "R", "S", "N", "I", "V", "L", "G", "X", "U"] {
        assert!(
            codes.iter().any(|c| c.starts_with(area)),
            "mistakes.net shows no {area} code"
        );
    }
}

#[test]
fn example_outputs_are_snapshotted() {
    for (name, src) in examples() {
        let diags = diagnostics(&src);
        let path = format!("examples/{name}");
        let stem = name.trim_end_matches(".net");
        let mut human = common::render_human(&path, &src, &diags);
        human.push_str(&netlint::render::summary(&diags));
        human.push('\n');
        let json = common::render_json(&path, &src, &diags)
            .trim_end()
            .to_string();
        insta::with_settings!({
            snapshot_path => "../snapshots/examples",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{stem}-human"), human);
            insta::assert_snapshot!(format!("{stem}-json"), json);
        });
    }
}

#[test]
fn expectation_parser() {
    assert_eq!(
        parse_expectations("x", "# expect: nothing\nvpc a {}\n"),
        Ok(Expect::Exactly(Vec::new()))
    );
    assert_eq!(
        parse_expectations("x", "# expect: R206 9\n# expect: A101 3\n"),
        Ok(Expect::Exactly(vec![
            ("A101".to_string(), 3),
            ("R206".to_string(), 9)
        ]))
    );
    assert!(parse_expectations("x", "vpc a {}\n").is_err());
    assert!(parse_expectations("x", "# expect: nothing\n# expect: R206 9\n").is_err());
    assert!(parse_expectations("x", "# expect: R2066 9\n").is_err());
    assert!(parse_expectations("x", "# expect: R206\n").is_err());
}

// ---------------------------------------------------------------------------
// The TextMate grammar
// ---------------------------------------------------------------------------

fn tm_language() -> Value {
    let path = root().join("grammar/netlint.tmLanguage.json");
    let text = fs::read_to_string(&path).expect("grammar/netlint.tmLanguage.json exists");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every regex (`match`, `begin`, `end`, `while`) and include in the tree.
fn walk<'v>(v: &'v Value, at: String, regexes: &mut Vec<(String, &'v str)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("match" | "begin" | "end" | "while" | "include", Value::String(s)) => {
                        regexes.push((format!("{at}/{k}"), s.as_str()));
                    }
                    _ => walk(child, format!("{at}/{k}"), regexes),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{at}[{i}]"), regexes);
            }
        }
        _ => {}
    }
}

#[test]
fn tm_language_is_a_textmate_grammar() {
    let g = tm_language();
    for key in ["name", "scopeName", "fileTypes", "patterns", "repository"] {
        assert!(g.get(key).is_some(), "missing top-level key `{key}`");
    }
    assert_eq!(g["scopeName"], "source.netlint");
    assert!(
        g["fileTypes"]
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t == "net"))
    );
    let repository = g["repository"]
        .as_object()
        .expect("repository is an object");
    let mut found = Vec::new();
    walk(&g, String::new(), &mut found);
    let mut used = BTreeSet::new();
    let mut count = 0;
    for (at, text) in found {
        if at.ends_with("/include") {
            let target = text
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{at}: include `{text}` leaves the grammar"));
            assert!(
                repository.contains_key(target),
                "{at}: include `{text}` names nothing"
            );
            used.insert(target.to_string());
        } else {
            count += 1;
            if let Err(e) = regex_check::check(text) {
                panic!("{at}: {e}: {text}");
            }
        }
    }
    assert!(count > 20, "only {count} regexes");
    for name in repository.keys() {
        assert!(
            used.contains(name),
            "repository entry `{name}` is never used"
        );
    }
}

/// The words inside the first `(a|b|c)` group that follows `after`.
fn alternatives(re: &str, after: &str) -> BTreeSet<String> {
    let start = re
        .find(after)
        .unwrap_or_else(|| panic!("`{after}` not in {re}"))
        + after.len();
    let end = start + re[start..].find(')').expect("group closes");
    re[start..end].split('|').map(str::to_string).collect()
}

#[test]
fn tm_language_knows_every_kind_and_key() {
    let g = tm_language();
    let kinds_re = g["repository"]["block"]["begin"]
        .as_str()
        .expect("block begin");
    let keys_re = g["repository"]["attribute-key"]["match"]
        .as_str()
        .expect("attribute-key match");
    let kinds = alternatives(kinds_re, "\\s*(");
    let keys = alternatives(keys_re, "\\s*(");
    let schema_kinds: BTreeSet<String> = KINDS.iter().map(|k| k.kind.to_string()).collect();
    let schema_keys: BTreeSet<String> = KINDS
        .iter()
        .flat_map(|k| k.attrs.iter().map(|a| a.key.to_string()))
        .collect();
    assert_eq!(
        kinds, schema_kinds,
        "block kinds in the grammar vs the schema"
    );
    assert_eq!(
        keys, schema_keys,
        "attribute keys in the grammar vs the schema"
    );
}

/// The keyword-like value words of the grammar's blocks are highlighted.
#[test]
fn tm_language_highlights_value_keywords() {
    let text = fs::read_to_string(root().join("grammar/netlint.tmLanguage.json")).expect("grammar");
    for w in [
        "on",
        "off",
        "allow",
        "deny",
        "tcp",
        "udp",
        "icmp",
        "icmpv6",
        "all",
        "from",
        "to",
        "redirect",
        "certificate",
        "policy",
        "cpu",
        "add",
        "remove",
        "grace",
        "self",
        "internet-facing",
        "internal",
        "application",
        "network",
        "dualstack",
        "bastion",
        "elb",
        "ec2",
        "https",
        "tls",
        "tcp_udp",
    ] {
        let alone = [
            format!("(?:{w}|"),
            format!("|{w}|"),
            format!("|{w})"),
            format!("(?:{w})"),
        ];
        assert!(
            alone.iter().any(|a| text.contains(a.as_str())),
            "`{w}` is not in a keyword list"
        );
    }
    for needle in ["GiB", "TiB", "%", "arn:", "ssm:", "ami-", "->", "netlint:"] {
        assert!(text.contains(needle), "nothing highlights `{needle}`");
    }
}

#[test]
fn grammar_of_record_names_every_kind_and_key() {
    let ebnf =
        fs::read_to_string(root().join("grammar/netlint.ebnf")).expect("grammar/netlint.ebnf");
    for k in KINDS {
        assert!(
            ebnf.contains(&format!("\"{}\" , name", k.kind)),
            "netlint.ebnf has no production for `{}`",
            k.kind
        );
        for a in k.attrs {
            assert!(
                ebnf.contains(&format!("\"{}\" ,", a.key)),
                "netlint.ebnf never spells the key `{}` of `{}`",
                a.key,
                k.kind
            );
        }
    }
}

/// A well-formedness check for the regular expressions of the TextMate
/// grammar, without a regex dependency. Editors run these with Oniguruma;
/// the grammar keeps to the subset that Oniguruma and other engines read
/// alike, and this checker accepts exactly that subset: groups `( (?: (?=
/// (?! (?<= (?<!` (lookbehind of fixed width), classes with ranges,
/// escapes of punctuation and of `d D w W s S b B A z Z G n r t f v e`,
/// quantifiers `* + ? {n} {n,} {n,m}` (optionally lazy) after an atom.
mod regex_check {
    pub(crate) fn check(re: &str) -> Result<(), String> {
        let cs: Vec<char> = re.chars().collect();
        let mut i = 0;
        // For each open group: is it a lookbehind?
        let mut groups: Vec<bool> = Vec::new();
        let mut atom = false;
        while i < cs.len() {
            let c = cs[i];
            match c {
                '\\' => {
                    let (next, is_atom) = escape(&cs, i + 1)?;
                    i = next;
                    atom = is_atom;
                    continue;
                }
                '[' => {
                    i = class(&cs, i + 1)?;
                    atom = true;
                    continue;
                }
                '(' => {
                    let mut lookbehind = false;
                    if cs.get(i + 1) == Some(&'?') {
                        let rest: String = cs[i + 2..].iter().take(2).collect();
                        let skip = if rest.starts_with("<=") || rest.starts_with("<!") {
                            lookbehind = true;
                            2
                        } else if rest.starts_with(':')
                            || rest.starts_with('=')
                            || rest.starts_with('!')
                        {
                            1
                        } else {
                            return Err(format!("unsupported group syntax at {i}"));
                        };
                        i += 2 + skip;
                    } else {
                        i += 1;
                    }
                    groups.push(lookbehind);
                    atom = false;
                    continue;
                }
                ')' => {
                    groups.pop().ok_or(format!("unmatched `)` at {i}"))?;
                    atom = true;
                }
                '|' | '^' | '$' => atom = false,
                '*' | '+' | '?' => {
                    quantifier(atom, &groups, i)?;
                    // a lazy `?` may follow; a possessive `+` is not portable
                    if cs.get(i + 1) == Some(&'?') {
                        i += 1;
                    } else if cs.get(i + 1) == Some(&'+') {
                        return Err(format!("possessive quantifier at {i}"));
                    }
                    atom = false;
                }
                '{' => match counted(&cs, i) {
                    Some((end, fixed, backwards)) => {
                        if backwards {
                            return Err(format!("repeat bounds backwards at {i}"));
                        }
                        if !fixed && groups.iter().any(|lb| *lb) {
                            return Err(format!("variable-width lookbehind at {i}"));
                        }
                        if !atom {
                            return Err(format!("nothing to repeat at {i}"));
                        }
                        i = end;
                        if cs.get(i) == Some(&'?') {
                            i += 1;
                        }
                        atom = false;
                        continue;
                    }
                    None => atom = true,
                },
                _ => atom = true,
            }
            i += 1;
        }
        if !groups.is_empty() {
            return Err("unclosed group".into());
        }
        Ok(())
    }

    fn quantifier(atom: bool, groups: &[bool], at: usize) -> Result<(), String> {
        if !atom {
            return Err(format!("nothing to repeat at {at}"));
        }
        if groups.iter().any(|lb| *lb) {
            return Err(format!("variable-width lookbehind at {at}"));
        }
        Ok(())
    }

    /// `{n}`, `{n,}`, `{n,m}` at `at`: (index after it, fixed width?,
    /// backwards bounds?). `None`: not a quantifier, a literal `{`.
    fn counted(cs: &[char], at: usize) -> Option<(usize, bool, bool)> {
        let close = at + cs[at..].iter().position(|c| *c == '}')?;
        let body: String = cs[at + 1..close].iter().collect();
        let (lo, hi) = match body.split_once(',') {
            Some((lo, hi)) => (lo, Some(hi)),
            None => (body.as_str(), None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(lo) || hi.is_some_and(|h| !h.is_empty() && !digits(h)) {
            return None;
        }
        let backwards = match (lo.parse::<u32>(), hi.map(str::parse::<u32>)) {
            (Ok(l), Some(Ok(h))) => l > h,
            _ => false,
        };
        Some((close + 1, hi.is_none(), backwards))
    }

    /// An escape after `\` at `at`: (index after it, is it an atom?).
    fn escape(cs: &[char], at: usize) -> Result<(usize, bool), String> {
        let c = *cs.get(at).ok_or("trailing backslash")?;
        match c {
            'b' | 'B' | 'A' | 'z' | 'Z' | 'G' => Ok((at + 1, false)),
            'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'n' | 'r' | 't' | 'f' | 'v' | 'e' => {
                Ok((at + 1, true))
            }
            c if !c.is_ascii_alphanumeric() => Ok((at + 1, true)),
            c => Err(format!("unknown escape `\\{c}` at {at}")),
        }
    }

    /// A class after `[` at `at`: index after its `]`.
    fn class(cs: &[char], mut at: usize) -> Result<usize, String> {
        let start = at;
        if cs.get(at) == Some(&'^') {
            at += 1;
        }
        let mut prev: Option<char> = None;
        let mut first = true;
        loop {
            let c = *cs.get(at).ok_or(format!("unclosed class at {start}"))?;
            match c {
                ']' if !first => return Ok(at + 1),
                ']' => return Err(format!("empty class at {start}")),
                '\\' => {
                    let e = *cs.get(at + 1).ok_or("trailing backslash")?;
                    if e.is_ascii_alphanumeric() && !"dDwWsSnrtfve".contains(e) {
                        return Err(format!("unknown escape `\\{e}` in class at {at}"));
                    }
                    prev = (!e.is_ascii_alphanumeric()).then_some(e);
                    at += 2;
                }
                '-' if prev.is_some() && cs.get(at + 1).is_some_and(|n| *n != ']') => {
                    let hi = cs[at + 1];
                    let lo = prev.take().unwrap_or(hi);
                    if hi != '\\' && lo > hi {
                        return Err(format!("backwards range `{lo}-{hi}` at {at}"));
                    }
                    at += 2;
                }
                '[' => return Err(format!("nested class at {at}")),
                c => {
                    prev = Some(c);
                    at += 1;
                }
            }
            first = false;
        }
    }

    #[test]
    fn accepts_the_subset_and_rejects_mistakes() {
        for ok in [
            r"(?<![^\s{},;#])(?:on|off)(?![^\s{},;#])",
            r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(/)[0-9]{1,2}",
            r#"\\["\\nt]"#,
            r"(#)\s*(netlint:)\s*(allow)",
            r"(?=[0-9A-Fa-f.]*:)[0-9A-Fa-f:.]+/\d+?",
            r"a{2}|b{,x}",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in [
            "(abc",
            "abc)",
            "[a-",
            "*a",
            "(?<=a+)b",
            r"\q",
            "[z-a]",
            "(?P<x>a)",
            "a++",
            "a{3,1}",
            "[]",
            "(?<=a{1,2})b",
        ] {
            assert!(check(bad).is_err(), "{bad} should be rejected");
        }
    }
}

#[path = "bench/generate.rs"]
mod generate;

/// The benchmark inputs are exact in size and clean, so the benchmark runs
/// the whole pipeline (a file with errors would stop after resolution) and
/// measures checking, not rendering.
#[test]
fn generated_benchmark_networks_are_exact_and_clean() {
    for lines in [0, 1, 2, 3, 4, 150, 2_000] {
        let src = generate::generate(lines);
        assert_eq!(src.matches('\n').count(), lines, "{lines} lines asked");
    }
    let src = generate::generate(3_000);
    assert!(src.contains("three-tier") && src.contains("layer-4"));
    let diags = diagnostics(&src);
    assert!(
        diags.is_empty(),
        "the generated network is not clean:\n{}",
        describe(&src, &diags)
    );
}

#[test]
fn example_files_are_plain_text() {
    for (name, src) in examples() {
        assert!(src.ends_with('\n'), "{name} does not end with a newline");
        assert!(!src.contains('\t'), "{name} contains a tab");
        assert!(!src.contains('\r'), "{name} has CRLF line endings");
        assert!(
            Path::new(&name).extension().is_some_and(|e| e == "net"),
            "{name}"
        );
    }
}
