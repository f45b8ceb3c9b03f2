//! The language reference, `grammar/reference.md`, cannot go stale: every
//! kind and attribute of the schema has its section, saying whether it is
//! required or repeatable as the schema does; no section documents a kind
//! or attribute the schema lacks; its complete example is a valid network;
//! and the project's documentation points at no document outside the
//! repository.

mod common;

use common::*;
use netlint::catalog::Severity;
use netlint::model::reference::{attribute_doc, documented, kind_doc};
use netlint::model::schema::{self, KINDS};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const HOW: &str = "a kind is a section `## `kind`` in grammar/reference.md, each attribute \
                   a section `### `attribute`` under it (one per kind) whose first paragraph \
                   starts with its form in backticks and then says `— **required**` when the \
                   schema requires it or `— *repeatable*` when it may be given many times, \
                   e.g. \"`vpc <vpc>` — **required**.\"";

#[test]
fn every_kind_and_attribute_of_the_schema_is_documented() {
    let mut missing = Vec::new();
    for k in KINDS {
        if kind_doc(k.kind).is_none_or(|d| d.trim().is_empty()) {
            missing.push(format!("kind `{}`", k.kind));
        }
        for a in k.attrs {
            if attribute_doc(k.kind, a.key).is_none_or(|d| d.trim().is_empty()) {
                missing.push(format!("attribute `{}` of `{}`", a.key, k.kind));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not documented in grammar/reference.md: {}\n({HOW})",
        missing.join(", ")
    );
}

#[test]
fn the_reference_documents_nothing_the_schema_lacks() {
    let mut unknown = Vec::new();
    let mut seen = HashSet::new();
    let mut twice = Vec::new();
    for (kind, attribute) in documented() {
        if !seen.insert((kind, attribute)) {
            twice.push(format!("{kind} {}", attribute.unwrap_or("")));
        }
        match (schema::kind(kind), attribute) {
            (None, _) => unknown.push(format!("kind `{kind}`")),
            (Some((_, spec)), Some(a)) if spec.attr(a).is_none() => {
                unknown.push(format!("attribute `{a}` of `{kind}`"))
            }
            _ => {}
        }
    }
    assert!(
        unknown.is_empty(),
        "grammar/reference.md documents what the schema does not have: {}",
        unknown.join(", ")
    );
    // Hover shows the first section of a name: a second one would be dead.
    assert!(twice.is_empty(), "documented twice: {}", twice.join(", "));
}

#[test]
fn attribute_sections_give_the_form_and_agree_with_the_schema() {
    let mut wrong = Vec::new();
    for k in KINDS {
        for a in k.attrs {
            let Some(doc) = attribute_doc(k.kind, a.key) else {
                continue; // the first test reports it
            };
            // The first paragraph, one line, emphasis dropped: "`key …` —
            // **required**" and "`key …` — required." say the same.
            let head: String = doc
                .split("\n\n")
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace('*', "");
            let whom = format!("`{}` of `{}`", a.key, k.kind);
            if !head.starts_with(&format!("`{}", a.key)) {
                wrong.push(format!("{whom} does not start with its form `{} …`", a.key));
            }
            if a.required != head.contains("— required") {
                wrong.push(format!(
                    "{whom}: the schema says {}required, the first paragraph {}",
                    if a.required { "" } else { "not " },
                    if a.required {
                        "does not say `— required`"
                    } else {
                        "says `— required`"
                    }
                ));
            }
            if a.repeatable != head.contains("— repeatable") {
                wrong.push(format!(
                    "{whom}: the schema says {}repeatable, the first paragraph {}",
                    if a.repeatable { "" } else { "not " },
                    if a.repeatable {
                        "does not say `— repeatable`"
                    } else {
                        "says `— repeatable`"
                    }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}\n({HOW})", wrong.join("\n"));
}

/// The fenced blocks of the section under `heading`.
fn fenced_blocks<'t>(text: &'t str, heading: &str) -> Vec<&'t str> {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no `{heading}` in grammar/reference.md"));
    let section = &text[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|b| b.split_once('\n').map_or(b, |(_, body)| body))
        .collect()
}

#[test]
fn the_first_file_of_the_reference_is_a_valid_network() {
    let text = read(&root().join("grammar/reference.md"));
    let blocks = fenced_blocks(&text, "## A first file");
    assert_eq!(blocks.len(), 1, "one example under `## A first file`");
    let src = blocks[0];
    let errors: Vec<String> = check(src)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "the reference's example has errors:\n{}",
        errors.join("\n")
    );
    // Every kind it uses is one of the schema's, and it shows most of them.
    let kinds: HashSet<&str> = src
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| schema::kind(w).is_some())
        .collect();
    assert!(kinds.len() >= 10, "the example shows few kinds: {kinds:?}");
}

/// The fenced blocks of a section body.
fn fences(body: &str) -> impl Iterator<Item = &str> {
    body.split("```")
        .skip(1)
        .step_by(2)
        .map(|b| b.split_once('\n').map_or(b, |(_, body)| body))
}

/// Codes that say an example is written wrong (a reference to a name the
/// example does not declare is fine: E005).
const WRITTEN_WRONG: [&str; 5] = ["E001", "E002", "E003", "E004", "E009"];

#[test]
fn the_examples_of_kinds_and_attributes_are_written_right() {
    let mut wrong = Vec::new();
    let mut tried = 0;
    for (kind, attribute) in documented() {
        let Some((_, spec)) = schema::kind(kind) else {
            continue; // reported by the_reference_documents_nothing_the_schema_lacks
        };
        let body = match attribute {
            Some(a) => attribute_doc(kind, a),
            None => kind_doc(kind),
        }
        .unwrap_or_default();
        for fence in fences(body) {
            let first = fence.split_whitespace().next().unwrap_or_default();
            let sources: Vec<String> = if schema::kind(first).is_some() {
                vec![fence.to_string()] // whole blocks
            } else {
                // Attribute lines: each one inside a block of the kind.
                fence
                    .lines()
                    .filter(|l| {
                        l.split_whitespace()
                            .next()
                            .is_some_and(|k| spec.attr(k).is_some())
                    })
                    .map(|l| format!("{kind} probe {{\n{l}\n}}\n"))
                    .collect()
            };
            for src in sources {
                tried += 1;
                for d in check(&src) {
                    if WRITTEN_WRONG.contains(&d.code.as_str()) {
                        wrong.push(format!(
                            "{kind} {}: {}: {}\n{src}",
                            attribute.unwrap_or(""),
                            d.code,
                            d.message
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "examples written wrong:\n{}",
        wrong.join("\n")
    ); // The reference has 31 today; far fewer means the fences went unread.
    assert!(tried >= 25, "only {tried} examples found");
}

/// The documentation the project ships to users and contributors.
fn documentation() -> Vec<PathBuf> {
    let root = root();
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    files.push(root.join("src/emit/MAPPING.md"));
    let mut dirs = vec![root.join("grammar"), root.join("src/catalog/docs")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            // Installed, built or copied at packaging time: not ours.
            if ["node_modules", "out", "dist", "syntaxes"].contains(&name.as_str())
                || name.starts_with('.')
            {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| {
                ["md", "ebnf", "json", "py", "ts", "js"].contains(&&*x.to_string_lossy())
            }) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Link targets (of Markdown, when `markdown`) and `….md` names in a text.
fn pointers(text: &str, markdown: bool) -> Vec<&str> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("](").filter(|_| markdown) {
        let rest = &text[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(&rest[..end]);
        }
    }
    let is_name = |c: char| c.is_ascii_alphanumeric() || "_./:-".contains(c);
    for (i, _) in text.match_indices(".md") {
        let after = text[i + 3..].chars().next();
        if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue; // `.mdx`, `.mdown`: not a Markdown file name
        }
        let start = text[..i]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_name(c))
            .last()
            .map_or(i, |(j, _)| j);
        if start < i {
            out.push(&text[start..i + 3]);
        }
    }
    out
}

/// Whether a pointer from `file` names something inside the repository.
fn inside(root: &Path, file: &Path, target: &str, names: &HashSet<String>) -> bool {
    if target.starts_with("http://") || target.starts_with("https://") || target.starts_with('#') {
        return true; // a web page or an anchor of this page
    }
    let target = target.split('#').next().unwrap_or_default();
    if target.starts_with('/') || target.starts_with('~') {
        return false; // a path on someone's machine
    }
    let dir = file.parent().unwrap_or(root);
    for base in [dir, root] {
        let p = base.join(target);
        if let (Ok(p), Ok(r)) = (p.canonicalize(), root.canonicalize())
            && p.starts_with(&r)
        {
            return true;
        }
    }
    // A file named by its name alone (`MAPPING.md`), if the repository has one.
    !target.contains('/') && names.contains(target)
}

#[test]
fn the_documentation_points_at_nothing_outside_the_repository() {
    let root = root();
    let files = documentation();
    assert!(files.iter().any(|f| f.ends_with("grammar/reference.md")));
    let mut names = HashSet::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == "target" || name == "node_modules" || name.starts_with('.') {
                continue;
            }
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                names.insert(name);
            }
        }
    }
    let mut outside = Vec::new();
    for f in &files {
        let text = read(f);
        let markdown = f.extension().is_some_and(|x| x == "md");
        for target in pointers(&text, markdown) {
            if !inside(&root, f, target, &names) {
                let shown = f.strip_prefix(&root).unwrap_or(f).display().to_string();
                outside.push(format!("{shown}: `{target}`"));
            }
        }
    }
    outside.dedup();
    assert!(
        outside.is_empty(),
        "documentation points outside the repository (document it here instead):\n{}",
        outside.join("\n")
    );
}

#[test]
fn pointers_are_found_and_judged() {
    let text = "see [the map](ARCHITECTURE.md) and notes.md, [x](../../elsewhere/notes.md), \
                [web](https://example.com/a.md), [here](#values), file.mdx";
    assert_eq!(
        pointers(text, true),
        [
            "ARCHITECTURE.md",
            "../../elsewhere/notes.md",
            "https://example.com/a.md",
            "#values",
            "ARCHITECTURE.md",
            "notes.md",
            "../../elsewhere/notes.md",
            "https://example.com/a.md"
        ]
    );
    assert_eq!(pointers("a [b](c) d.md", false), ["d.md"]);
    let root = root();
    let names: HashSet<String> = ["MAPPING.md".to_string()].into();
    let readme = root.join("README.md");
    assert!(inside(&root, &readme, "ARCHITECTURE.md", &names));
    assert!(inside(&root, &readme, "MAPPING.md", &names));
    assert!(inside(
        &root,
        &readme,
        "grammar/reference.md#values",
        &names
    ));
    assert!(!inside(&root, &readme, "notes.md", &names));
    assert!(!inside(&root, &readme, "../elsewhere/notes.md", &names));
    assert!(!inside(&root, &readme, "/etc/notes.md", &names));
}
