//! `--format sarif`: SARIF 2.1.0, the format code-scanning services (GitHub
//! code scanning, Azure DevOps, IDE viewers) import.
//!
//! One run; `tool.driver.rules` lists the whole catalog (not only the codes
//! that fired) so a viewer can show any rule's documentation, and every
//! result points into it by `ruleId` and `ruleIndex`. Secondary labels
//! become `relatedLocations`; the help line and notes go into the message
//! text (viewers show nothing else) and, structured, into `properties`.
//! Columns count Unicode code points, declared by `run.columnKind`, because
//! SARIF would otherwise leave the unit to the consumer's guess.
//!
//! The output validates against the official schema
//! (`tests/external/sarif_schema_check.py`).

use super::line_index::{LineCol, LineIndex};
use super::{Diagnostic, Severity};
use crate::catalog::Code;
use crate::span::Span;
use serde_json::{Map, Value, json};

/// The schema URI SARIF producers put in `$schema` (OASIS errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where netlint's documentation lives (the driver's `informationUri`):
/// the package's `homepage`, else its `repository`, from Cargo.toml. Left
/// out when neither is set, since the schema wants a real URI there.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// The diagnostics of one checked input, with the text their spans index.
#[derive(Clone, Copy, Debug)]
pub struct FileDiagnostics<'a> {
    /// The name as given on the command line (`-` or a path).
    pub name: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// A complete SARIF log, pretty-printed, ending in a newline.
pub fn render(files: &[FileDiagnostics<'_>]) -> String {
    let mut out = serde_json::to_string_pretty(&log(files))
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise SARIF: {e}\"}}"));
    out.push('\n');
    out
}

/// The SARIF log as a JSON value.
pub fn log(files: &[FileDiagnostics<'_>]) -> Value {
    let mut results = Vec::new();
    for file in files {
        let lines = LineIndex::new(file.source);
        let uri = artifact_uri(file.name);
        for d in file.diagnostics {
            results.push(result(d, &uri, &lines));
        }
    }
    let mut driver = Map::new();
    driver.insert("name".into(), json!("netlint"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert(
        "rules".into(),
        Code::ALL.iter().map(|c| descriptor(*c)).collect::<Value>(),
    );
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF's three result levels; netlint's `info` is SARIF's `note`.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A catalog entry as a `reportingDescriptor`.
fn descriptor(code: Code) -> Value {
    let full = doc_section(code.docs(), "## What it checks").unwrap_or(code.summary());
    json!({
        "id": code.as_str(),
        "name": code.name(),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": full },
        "help": { "text": code.docs(), "markdown": code.docs() },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

/// The body of one `## ` section of a rule's docs, trimmed.
fn doc_section<'d>(docs: &'d str, heading: &str) -> Option<&'d str> {
    let start = docs.find(heading)? + heading.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let body = rest[..end].trim();
    (!body.is_empty()).then_some(body)
}

fn result(d: &Diagnostic, uri: &str, lines: &LineIndex<'_>) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    let mut primary = Map::new();
    primary.insert("physicalLocation".into(), physical(uri, lines, d.span));
    if !d.label.is_empty() {
        primary.insert("message".into(), json!({ "text": d.label }));
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code.as_str()));
    // `tool.driver.rules` is the whole catalog, in catalog order.
    r.insert("ruleIndex".into(), json!(d.code.index()));
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": text }));
    r.insert("locations".into(), json!([primary]));
    if !d.secondary.is_empty() {
        let related: Vec<Value> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "physicalLocation": physical(uri, lines, l.span),
                    "message": { "text": l.message },
                })
            })
            .collect();
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    let mut props = Map::new();
    props.insert("name".into(), json!(d.code.name()));
    if let Some(help) = &d.help {
        props.insert("help".into(), json!(help));
    }
    if !d.notes.is_empty() {
        props.insert("notes".into(), json!(d.notes));
    }
    if !props.is_empty() {
        r.insert("properties".into(), Value::Object(props));
    }
    Value::Object(r)
}

fn physical(uri: &str, lines: &LineIndex<'_>, span: Span) -> Value {
    let (start, end) = lines.span(span);
    json!({
        "artifactLocation": { "uri": uri },
        "region": region(start, end),
    })
}

fn region(start: LineCol, end: LineCol) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A file name as a URI reference: relative names stay relative (code
/// scanning resolves them against the repository root), absolute paths
/// become `file://` URIs, and everything outside RFC 3986's unreserved
/// characters is percent-encoded so that a `:` in the first segment cannot
/// be read as a scheme, and spaces or `#` survive.
pub fn artifact_uri(name: &str) -> String {
    let name = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let bytes = name.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if name.starts_with('/') {
        format!("file://{}", encode(&name, false))
    } else if windows_drive {
        format!("file:///{}", encode(&name, true))
    } else {
        let mut rel = name.as_str();
        while let Some(r) = rel.strip_prefix("./") {
            rel = r;
        }
        encode(rel, false)
    }
}

/// Percent-encodes all but unreserved characters and `/` (and, for a
/// Windows drive, the `:` after its letter).
fn encode(path: &str, keep_drive_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_drive_colon && i == 1 && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(artifact_uri("net/main.net"), "net/main.net");
        assert_eq!(artifact_uri("./a.net"), "a.net");
        assert_eq!(artifact_uri("my net.net"), "my%20net.net");
        assert_eq!(artifact_uri("c:x.net"), "c%3Ax.net");
        assert_eq!(artifact_uri("/abs/ké.net"), "file:///abs/k%C3%A9.net");
        assert_eq!(artifact_uri("C:/w/a.net"), "file:///C:/w/a.net");
        assert_eq!(artifact_uri("-"), "-");
    }

    #[test]
    fn sections() {
        let docs = "## What it checks\nThat X.\n\n## Why it matters\nY\n";
        assert_eq!(doc_section(docs, "## What it checks"), Some("That X."));
        assert_eq!(doc_section(docs, "## Why it matters"), Some("Y"));
        assert_eq!(doc_section(docs, "## Example"), None);
    }
}
