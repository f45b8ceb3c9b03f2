//! Architecture invariant: data flows one way. A module may use the
//! modules of the layers below its own, never one above, and never a peer
//! in its own layer (peers are listed together because neither needs the
//! other). This test reads every `src/**/*.rs`, finds each path into
//! another top-level module (`crate::…`, `super::…` that climbs out of the
//! module, grouped imports), and fails on one that goes up or sideways.
//!
//! Comments, strings and character literals are skipped, so a doc link is
//! not an import. `lib.rs` and `main.rs` are the crate root and exempt, and
//! so is test code (items under `#[cfg(test)]`, and the files of test-only
//! modules): a unit test may drive the whole pipeline; what ships may not.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, bottom first.
const LAYERS: &[&[&str]] = &[
    // Byte spans.
    &["span"],
    // Every code, its name, severity and docs.
    &["catalog"],
    // "Did you mean", and what a run selects and how severely.
    &["suggest", "settings"],
    // The Diagnostic type and the line index.
    &["diagnostics"],
    // The front ends: .net text, CloudFormation templates.
    &["syntax", "cfn"],
    // The model; the formatter, which prints the syntax tree back.
    &["model", "format", "lower"],
    &["analysis"],
    // Rules read the model; suppressions read the syntax tree.
    &["rules", "suppress"],
    &["check"],
    // A CloudFormation template through the check pipeline.
    &["template_check"],
    // The edges: output formats, CloudFormation, netlint.toml on disk, the
    // language server.
    &["render", "emit", "config", "lsp"],
    &["cli"],
];

/// Modules held to less than the layers below them, with the modules and
/// dependency crates they may use. A front end reads text into its own
/// types and reports its own errors; the pipeline above turns those into
/// diagnostics, so it needs nothing of the crate but byte spans.
const NARROW: &[(&str, &[&str], &[&str])] = &[
    ("syntax", &["span"], &["nom", "bumpalo"]),
    // regex_lite: parameters' `AllowedPattern`, matched as CloudFormation
    // does before it creates a stack. foldhash: the index of a template's
    // logical IDs and keys is its hot path, and SipHash was an eighth of a
    // large template's resolution.
    (
        "cfn",
        &["span"],
        &["ipnet", "saphyr_parser", "regex_lite", "foldhash"],
    ),
    // The formatter prints the tree: it knows nothing the syntax does not.
    ("format", &["syntax", "span"], &[]),
    // The lowering turns a resolved template into `.net` text.
    ("lower", &["cfn", "span"], &["foldhash"]),
];

/// Imports that go the wrong way today, each owned by work in progress.
/// Remove an entry when its owner's change lands; the test fails while a
/// listed exception no longer occurs, so the list cannot go stale.
const KNOWN: &[(&str, &str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The module a file belongs to: its path components under `src/`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
        if last == "mod" {
            parts.pop();
        }
    }
    parts
}

/// The top-level module a path names: its first segment.
fn top_module(segments: &[String]) -> Option<String> {
    segments.first().cloned()
}

/// The code of a Rust file with comments, strings and character literals
/// blanked out (newlines kept, so positions stay on their lines).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                    out.push(' ');
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        out.push_str("  ");
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        out.push_str("  ");
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
            }
            'r' if matches!(c.get(i + 1), Some('"' | '#'))
                && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_')) =>
            {
                // A raw string: r"…", r#"…"#, …
                let mut hashes = 0;
                let mut j = i + 1;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                for &ch in &c[i..j.min(c.len())] {
                    blank(&mut out, ch);
                }
                i = j;
            }
            '"' => {
                blank(&mut out, '"');
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                    if i < c.len() {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
                if i < c.len() {
                    out.push(' ');
                    i += 1;
                }
            }
            '\'' => {
                // A character literal ('x', '\n', '\u{1b}'), else a lifetime.
                let end = if c.get(i + 1) == Some(&'\\') {
                    (i + 3..c.len()).find(|&j| c[j] == '\'')
                } else if c.get(i + 2) == Some(&'\'') {
                    Some(i + 2)
                } else {
                    None
                };
                match end {
                    Some(e) => {
                        for _ in i..=e {
                            out.push(' ');
                        }
                        i = e + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// One path from `file` into another top-level module.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    to: String,
    file: String,
    line: usize,
}

/// Tokens of code: identifiers, `::` and single punctuation characters,
/// each with its line.
fn tokens(code: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let c: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((c[start..i].iter().collect(), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(("::".into(), line));
            i += 2;
        } else {
            out.push((ch.to_string(), line));
            i += 1;
        }
    }
    out
}

/// The index just past the item that starts at `k` (after its
/// attributes): its `;`, or the `}` closing its body.
fn item_end(toks: &[(String, usize)], mut k: usize) -> usize {
    let mut level = 0;
    while k < toks.len() {
        match toks[k].0.as_str() {
            "{" => level += 1,
            "}" => {
                level -= 1;
                if level == 0 {
                    return k + 1;
                }
            }
            ";" if level == 0 => return k + 1,
            _ => {}
        }
        k += 1;
    }
    k
}

/// Whether tokens from `k` are `#[cfg(test)]`.
fn is_cfg_test(toks: &[(String, usize)], k: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    want.iter()
        .enumerate()
        .all(|(n, w)| toks.get(k + n).is_some_and(|t| t.0 == *w))
}

/// The modules `#[cfg(test)] mod name;` declares in the file at `rel`:
/// their files are test code.
fn test_only_children(rel: &Path, src: &str) -> Vec<Vec<String>> {
    let toks = tokens(&code_only(src));
    let mut out = Vec::new();
    for k in 0..toks.len() {
        if !is_cfg_test(&toks, k) {
            continue;
        }
        // Past a visibility: `pub`, `pub(crate)`, `pub(super)`, …
        let mut j = k + 7;
        if toks.get(j).is_some_and(|t| t.0 == "pub") {
            j += 1;
            if toks.get(j).is_some_and(|t| t.0 == "(") {
                while toks.get(j).is_some_and(|t| t.0 != ")") {
                    j += 1;
                }
                j += 1;
            }
        }
        if toks.get(j).is_some_and(|t| t.0 == "mod")
            && toks.get(j + 2).is_some_and(|t| t.0 == ";")
            && let Some(name) = toks.get(j + 1)
        {
            let mut path = module_path(rel);
            path.push(name.0.clone());
            out.push(path);
        }
    }
    out
}

/// The paths of a path or use tree starting at `k` (after `crate::`, a
/// chain of `super::`, …), each prefixed with `base`: `a::b`,
/// `a::{b, c::d}`, `{a, b::{c}}`. Returns them with their lines, and the
/// index just past the tree.
fn use_tree(
    toks: &[(String, usize)],
    mut k: usize,
    base: Vec<String>,
) -> (Vec<(Vec<String>, usize)>, usize) {
    let mut out = Vec::new();
    let mut segs = base;
    let line = toks.get(k).map_or(0, |t| t.1);
    loop {
        match toks.get(k).map(|t| t.0.as_str()) {
            Some("{") => {
                k += 1;
                loop {
                    let (inner, end) = use_tree(toks, k, segs.clone());
                    out.extend(inner);
                    k = end;
                    match toks.get(k).map(|t| t.0.as_str()) {
                        Some(",") => k += 1,
                        Some("}") => {
                            k += 1;
                            break;
                        }
                        _ => break,
                    }
                    if toks.get(k).is_some_and(|t| t.0 == "}") {
                        k += 1;
                        break;
                    }
                }
                return (out, k);
            }
            Some(id) if id.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                segs.push(id.to_string());
                k += 1;
                if toks.get(k).is_some_and(|t| t.0 == "::") {
                    k += 1;
                    continue;
                }
                out.push((segs, line));
                return (out, k);
            }
            _ => {
                out.push((segs, line));
                return (out, k);
            }
        }
    }
}

/// Every path of `src` (the text of the file at `rel`, relative to `src/`)
/// that names a top-level module other than the file's own, outside test
/// code.
fn imports(rel: &Path, src: &str) -> Vec<Import> {
    let from = top_module(&module_path(rel)).unwrap_or_default();
    paths(rel, src, false)
        .into_iter()
        .filter_map(|(segments, line)| {
            let to = top_module(&segments)?;
            (to != from && layer_of(&to).is_some()).then(|| Import {
                from: from.clone(),
                to,
                file: format!("src/{}", rel.display()),
                line,
            })
        })
        .collect()
}

/// Every path of `src` (the file at `rel`) into a module of the crate, as
/// its segments from the crate root, with its line; test code too when
/// `tests` is set.
fn paths(rel: &Path, src: &str, tests: bool) -> Vec<(Vec<String>, usize)> {
    let file_mod = module_path(rel);
    let toks = tokens(&code_only(src));
    let text = |k: usize| toks.get(k).map(|t| t.0.as_str());
    let mut out = Vec::new();
    // Inline `mod name { … }` blocks deepen the module path.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut push = |segments: Vec<String>, line: usize| out.push((segments, line));
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k].0;
        if !tests && is_cfg_test(&toks, k) {
            k = item_end(&toks, k + 7);
            continue;
        }
        match t.as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if text(k + 2) == Some("{") => {
                if let Some(name) = text(k + 1) {
                    inline.push((name.to_string(), depth));
                }
            }
            "crate" | "super" | "self" if text(k + 1) == Some("::") => {
                // Where the path starts: the crate root, or the current
                // module climbed by each `super`.
                let mut base: Vec<String> = file_mod.clone();
                base.extend(inline.iter().map(|(n, _)| n.clone()));
                let mut j = k;
                match t.as_str() {
                    "crate" => {
                        base.clear();
                        j += 2;
                    }
                    "self" => j += 2,
                    _ => {
                        while text(j) == Some("super") && text(j + 1) == Some("::") {
                            base.pop();
                            j += 2;
                        }
                    }
                }
                let (paths, end) = use_tree(&toks, j, base);
                for (segs, line) in paths {
                    push(segs, line);
                }
                k = end;
                continue;
            }
            // A `use` relative to the current module (`use line_index::X;`
            // in diagnostics/mod.rs names diagnostics::line_index).
            "use"
                if toks.get(k + 2).is_some_and(|t| t.0 == "::")
                    && text(k + 1).is_some_and(|f| !matches!(f, "crate" | "super" | "self")) =>
            {
                let mut base: Vec<String> = file_mod.clone();
                base.extend(inline.iter().map(|(n, _)| n.clone()));
                let (paths, end) = use_tree(&toks, k + 1, base);
                for (segs, line) in paths {
                    push(segs, line);
                }
                k = end;
                continue;
            }
            _ => {}
        }
        k += 1;
    }
    out
}

/// The imports that break the layering, with the `known` ones left out
/// (and the indexes of those that occurred).
fn violations(
    files: &[(PathBuf, String)],
    known: &[(&str, &str, &str)],
) -> (Vec<Import>, BTreeSet<usize>) {
    let mut bad = Vec::new();
    let mut known_seen = BTreeSet::new();
    let test_only: Vec<Vec<String>> = files
        .iter()
        .flat_map(|(rel, src)| test_only_children(rel, src))
        .collect();
    for (rel, src) in files {
        let path = module_path(rel);
        if matches!(rel.to_str(), Some("lib.rs" | "main.rs"))
            || test_only.iter().any(|t| path.starts_with(t))
        {
            continue;
        }
        for imp in imports(rel, src) {
            let (Some(from), Some(to)) = (layer_of(&imp.from), layer_of(&imp.to)) else {
                continue;
            };
            let narrow = NARROW.iter().find(|(m, _, _)| *m == imp.from);
            let allowed = match narrow {
                Some((_, may, _)) => may.contains(&imp.to.as_str()),
                None => to < from,
            };
            if allowed {
                continue;
            }
            match known
                .iter()
                .position(|(f, t, file)| *f == imp.from && *t == imp.to && *file == imp.file)
            {
                Some(n) => {
                    known_seen.insert(n);
                }
                None => bad.push(imp),
            }
        }
    }
    bad.sort();
    bad.dedup_by(|a, b| (&a.from, &a.to, &a.file) == (&b.from, &b.to, &b.file));
    (bad, known_seen)
}

/// Whether a module name is a rule's: a code and a name, `s303_all_traffic_open`.
fn is_rule_module(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 5
        && b[0].is_ascii_lowercase()
        && b[1..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'_'
}

/// Inside `rules`: the areas (its directories other than the kit) use the
/// kit and their own helpers, never another area; a rule uses no other
/// rule; the kit uses no area. Test code is held to it too, so the areas'
/// unit tests share their helpers through the kit. Returns `file:line:
/// what` for each path that breaks it.
fn rule_violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let areas: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (parts.len() >= 3 && parts[0] == "rules" && parts[1] != "kit").then(|| parts[1].clone())
        })
        .collect();
    let mut bad = Vec::new();
    for (rel, src) in files {
        let own = module_path(rel);
        if own.len() < 2 || own[0] != "rules" {
            continue;
        }
        for (to, line) in paths(rel, src, true) {
            if to.len() < 2 || to[0] != "rules" {
                continue;
            }
            let at = format!("src/{}:{line}", rel.display());
            if areas.contains(&to[1]) && to[1] != own[1] {
                bad.push(format!("{at}: {} uses area {}", own[1], to[1]));
            } else if to.len() >= 3 && is_rule_module(&to[2]) && !own.starts_with(&to[..3]) {
                bad.push(format!("{at}: {} uses rule {}", own.join("::"), to[2]));
            }
        }
    }
    bad
}

/// The dependency crates (`[dependencies]` of Cargo.toml, `-` read as
/// `_`), as paths name them.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut deps = Vec::new();
    let mut section = "";
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
        } else if (section == "[dependencies]" || section.ends_with(".dependencies]"))
            && let Some((name, _)) = line.split_once('=')
        {
            deps.push(name.trim().replace('-', "_"));
        }
    }
    deps
}

/// The dependency crates a file's code (not its tests) names, with the
/// line of each first use.
fn crates_used(src: &str, deps: &[String]) -> Vec<(String, usize)> {
    let toks = tokens(&code_only(src));
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        if is_cfg_test(&toks, k) {
            k = item_end(&toks, k + 7);
            continue;
        }
        let (t, line) = &toks[k];
        let path_start = k == 0 || toks[k - 1].0 != "::";
        if path_start
            && toks.get(k + 1).is_some_and(|n| n.0 == "::")
            && deps.contains(t)
            && !out.iter().any(|(c, _)| c == t)
        {
            out.push((t.clone(), *line));
        }
        k += 1;
    }
    out
}

/// Crates a narrow module uses without leave, as `file:line: module uses
/// crate`.
fn crate_violations(files: &[(PathBuf, String)], deps: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    for (rel, src) in files {
        let module = top_module(&module_path(rel)).unwrap_or_default();
        let Some((_, _, crates)) = NARROW.iter().find(|(m, _, _)| *m == module) else {
            continue;
        };
        for (name, line) in crates_used(src, deps) {
            if !crates.contains(&name.as_str()) {
                bad.push(format!(
                    "src/{}:{line}: {module} uses {name}",
                    rel.display()
                ));
            }
        }
    }
    bad
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, root, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            let rel = path.strip_prefix(root).expect("under src").to_path_buf();
            out.push((rel, text));
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    // Every top-level module has a layer.
    for (rel, _) in &files {
        let module = top_module(&module_path(rel)).unwrap_or_default();
        if !matches!(module.as_str(), "lib" | "main") {
            assert!(
                layer_of(&module).is_some(),
                "src/{}: module `{module}` has no layer in LAYERS",
                rel.display()
            );
        }
    }
    let (bad, known_seen) = violations(&files, KNOWN);
    let listed: Vec<String> = bad
        .iter()
        .map(|i| format!("{}:{}: {} uses {}", i.file, i.line, i.from, i.to))
        .collect();
    assert!(
        bad.is_empty(),
        "imports against the layer order:\n{}",
        listed.join("\n")
    );
    let rules = rule_violations(&files);
    assert!(
        rules.is_empty(),
        "imports across rule areas or between rules (share through rules::kit):\n{}",
        rules.join("\n")
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let deps = dependencies(&std::fs::read_to_string(manifest).expect("Cargo.toml"));
    assert!(deps.iter().any(|d| d == "nom"), "{deps:?}");
    let crates = crate_violations(&files, &deps);
    assert!(
        crates.is_empty(),
        "crates a narrow module may not use:\n{}",
        crates.join("\n")
    );
    for (n, k) in KNOWN.iter().enumerate() {
        assert!(
            known_seen.contains(&n),
            "known exception {k:?} no longer occurs: remove it from KNOWN"
        );
    }
}

#[test]
fn the_checker_finds_a_planted_violation() {
    let files = vec![
        (
            PathBuf::from("span.rs"),
            "use crate::cli::run;\npub struct Span;\n".to_string(),
        ),
        // Grouped, through `super` from a top-level file, and by a full
        // path in an expression.
        (
            PathBuf::from("catalog/mod.rs"),
            "use crate::{span::Span, rules::{Rule, RULES}};\n".to_string(),
        ),
        (
            PathBuf::from("settings.rs"),
            "fn f() { let _ = super::check::run; }\n".to_string(),
        ),
        (
            PathBuf::from("model/resolve.rs"),
            "fn g() { crate::analysis::Analysis::new(); }\n".to_string(),
        ),
        // A peer in the same layer.
        (
            PathBuf::from("rules/mod.rs"),
            "use crate::suppress::collect;\n".to_string(),
        ),
        // In a nested group.
        (
            PathBuf::from("syntax/parser.rs"),
            "use crate::diagnostics::Diagnostic;\nuse crate::{diagnostics::Label, render::{sarif::log}};\n"
                .to_string(),
        ),
        // Paths relative to the module and through `self` stay inside it
        // (a child named `render` is not the render layer); `super` from
        // a mod.rs climbs out of it.
        (
            PathBuf::from("diagnostics/mod.rs"),
            "pub use render::Local;\nfn f() { self::render::human(); super::render::write(); }\n"
                .to_string(),
        ),
    ];
    let (bad, _) = violations(&files, &[]);
    let found: Vec<(&str, &str)> = bad
        .iter()
        .map(|i| (i.from.as_str(), i.to.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("catalog", "rules"),
            ("diagnostics", "render"),
            ("model", "analysis"),
            ("rules", "suppress"),
            ("settings", "check"),
            ("span", "cli"),
            ("syntax", "diagnostics"),
            ("syntax", "render"),
        ]
    );
    assert_eq!(bad[0].line, 1);
    assert_eq!(bad[0].file, "src/catalog/mod.rs");
    let syntax = imports(Path::new("syntax/parser.rs"), &files[5].1);
    assert_eq!(
        syntax
            .iter()
            .map(|i| (i.to.as_str(), i.line))
            .collect::<Vec<_>>(),
        [("diagnostics", 1), ("diagnostics", 2), ("render", 2)]
    );
    let relative = imports(Path::new("diagnostics/mod.rs"), &files[6].1);
    assert_eq!(
        relative
            .iter()
            .map(|i| (i.to.as_str(), i.line))
            .collect::<Vec<_>>(),
        [("render", 2)],
        "{relative:?}"
    );
}

#[test]
fn a_narrow_module_uses_only_what_it_is_allowed() {
    let deps = dependencies(
        "[dependencies]\nnom = \"8\"\nserde-json = \"1\"\n\n[dev-dependencies]\ninsta = \"1\"\n",
    );
    assert_eq!(deps, ["nom", "serde_json"]);
    let files = vec![(
        PathBuf::from("syntax/input.rs"),
        concat!(
            "use nom::Err;\n",
            "use crate::span::Span;\n",
            "fn f() { let _ = serde_json::json!(1); let _ = x::nom::y; }\n",
            "#[cfg(test)]\nmod tests { use serde_json::Value; }\n",
        )
        .to_string(),
    )];
    assert_eq!(
        crate_violations(&files, &deps),
        ["src/syntax/input.rs:3: syntax uses serde_json"]
    );
    // Below it in the layer order, but not among what it may use.
    let files = vec![(
        PathBuf::from("syntax/input.rs"),
        "use crate::{span::Span, catalog::Code};\n".to_string(),
    )];
    let (bad, _) = violations(&files, &[]);
    let found: Vec<(&str, &str)> = bad
        .iter()
        .map(|i| (i.from.as_str(), i.to.as_str()))
        .collect();
    assert_eq!(found, [("syntax", "catalog")]);
}

#[test]
fn the_checker_ignores_comments_strings_and_inner_modules() {
    let files = vec![
        (
            PathBuf::from("span.rs"),
            concat!(
                "//! See [`crate::cli`] for the command line.\n",
                "/* crate::check::run /* nested */ crate::emit */\n",
                "const A: &str = \"crate::cli::run\";\n",
                "const B: &str = r#\"crate::cli \" still inside\"#;\n",
                "const C: char = '\"';\n",
                "fn f<'a>(x: &'a str) -> &'a str { x }\n",
                "mod tests { use super::f; use super::super::span::Span; }\n",
                "#[cfg(test)]\nmod unit { use crate::check::run; }\n",
                "#[cfg(test)]\npub(crate) fn helper() { crate::cli::run(); }\n",
                "#[cfg(test)]\npub(crate) mod more;\n",
            )
            .to_string(),
        ),
        (
            PathBuf::from("span/more.rs"),
            "use crate::cli::run;\n".to_string(),
        ),
        (
            PathBuf::from("cli/check.rs"),
            "use super::Io;\nuse crate::check::run;\nuse crate::span::Span;\n".to_string(),
        ),
    ];
    let (bad, _) = violations(&files, &[]);
    assert!(bad.is_empty(), "{bad:?}");
    // Downward imports are still seen as imports.
    let down = imports(Path::new("cli/check.rs"), &files[2].1);
    let to: Vec<&str> = down.iter().map(|i| i.to.as_str()).collect();
    assert_eq!(to, ["check", "span"]);
}

#[test]
fn the_checker_finds_rules_that_lean_on_each_other() {
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_string());
    let files = vec![
        // Allowed: the rules' own types, the kit, the area's helpers (also
        // from a test two levels down), a rule's own items.
        file(
            "rules/routes/r201_nat.rs",
            "use super::{PublicSubnets, routing_label};\nuse crate::rules::{Context, Rule};\n\
             use crate::rules::kit::text::join_and;\n\
             #[cfg(test)]\nmod tests { use super::super::diags; use super::*; }\n",
        ),
        file("rules/routes/mod.rs", "pub mod r201_nat;\nfn diags() {}\n"),
        // Another area, through `super::super`, and from test code.
        file(
            "rules/auto_scaling/g803_health.rs",
            "use super::super::load_balancers::shared::join_and;\n\
             #[cfg(test)]\nmod tests { use crate::rules::load_balancers::testing::fired; }\n",
        ),
        file("rules/load_balancers/mod.rs", "pub mod shared;\n"),
        // Another rule of the same area.
        file(
            "rules/security_groups/s309_wide.rs",
            "use super::s303_all_traffic_open::opens_everything;\n",
        ),
        file("rules/security_groups/mod.rs", "pub mod s309_wide;\n"),
        // The kit below every area.
        file(
            "rules/kit/text.rs",
            "fn f() { crate::rules::routes::diags(); }\n",
        ),
    ];
    assert_eq!(
        rule_violations(&files),
        [
            "src/rules/auto_scaling/g803_health.rs:1: auto_scaling uses area load_balancers",
            "src/rules/auto_scaling/g803_health.rs:3: auto_scaling uses area load_balancers",
            "src/rules/security_groups/s309_wide.rs:1: rules::security_groups::s309_wide uses rule s303_all_traffic_open",
            "src/rules/kit/text.rs:1: kit uses area routes",
        ]
    );
}
