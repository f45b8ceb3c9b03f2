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

use super::text::json_name;
use super::{FileReport, Invocation, RenderOptions};
use crate::catalog::Code;
use crate::diagnostics::line_index::{LineCol, LineIndex};
use crate::diagnostics::{Diagnostic, Severity};
use crate::span::Span;
use serde_json::{Map, Value, json};
use std::io::{self, Write};
use std::path::Path;

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

/// A complete SARIF log, pretty-printed, ending in a newline; with the
/// run's [`Invocation`] when the options carry one.
pub(super) fn write(
    files: &[FileReport<'_>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut log = log(files);
    if let Some(run) = &options.invocation {
        log["runs"][0]["invocations"] = json!([invocation(files, run)]);
    }
    super::text::write_json(out, &log)?;
    writeln!(out)
}

/// SARIF's record of this run: whether every input could be checked, and
/// which configuration file applied to each (`null`: none) under
/// `properties."netlint.configFiles"`, so an uploaded result says what it
/// was checked against.
fn invocation(files: &[FileReport<'_>], run: &Invocation) -> Value {
    let configs: Vec<Value> = files
        .iter()
        .map(|f| {
            json!({
                "input": json_name(f.name),
                "config": f.config.map(json_name),
            })
        })
        .collect();
    json!({
        "executionSuccessful": run.complete,
        "properties": { "netlint.configFiles": configs },
    })
}

/// The SARIF log as a JSON value.
pub fn log(files: &[FileReport<'_>]) -> Value {
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
    let text = d.full_text();
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
/// become `file://` URIs, and every byte outside RFC 3986's unreserved
/// characters is percent-encoded, so that a `:` in the first segment cannot
/// be read as a scheme, spaces or `#` survive, and a name that is not
/// UTF-8 (any bytes, on Unix) still names the very file.
pub fn artifact_uri(path: &Path) -> String {
    let name = name_bytes(path);
    let bytes = name.as_slice();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if bytes.starts_with(b"/") {
        format!("file://{}", encode(bytes, false))
    } else if windows_drive {
        format!("file:///{}", encode(bytes, true))
    } else {
        let mut rel = bytes;
        while let Some(r) = rel.strip_prefix(b"./") {
            rel = r;
        }
        encode(rel, false)
    }
}

/// The bytes of a file name, with `/` as the separator.
fn name_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
}

/// Percent-encodes all but unreserved characters and `/` (and, for a
/// Windows drive, the `:` after its letter).
fn encode(path: &[u8], keep_drive_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, &b) in path.iter().enumerate() {
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
        let uri = |s: &str| artifact_uri(Path::new(s));
        assert_eq!(uri("net/main.net"), "net/main.net");
        assert_eq!(uri("./a.net"), "a.net");
        assert_eq!(uri("my net.net"), "my%20net.net");
        assert_eq!(uri("c:x.net"), "c%3Ax.net");
        assert_eq!(uri("/abs/ké.net"), "file:///abs/k%C3%A9.net");
        assert_eq!(uri("C:/w/a.net"), "file:///C:/w/a.net");
        assert_eq!(uri("-"), "-");
    }

    #[cfg(unix)]
    #[test]
    fn uris_of_names_that_are_not_utf8() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(OsStr::from_bytes(b"/tmp/caf\xe9 \x1b.net"));
        assert_eq!(artifact_uri(path), "file:///tmp/caf%E9%20%1B.net");
        let rel = Path::new(OsStr::from_bytes(b"d/\xff.net"));
        assert_eq!(artifact_uri(rel), "d/%FF.net");
    }

    #[test]
    fn sections() {
        let docs = "## What it checks\nThat X.\n\n## Why it matters\nY\n";
        assert_eq!(doc_section(docs, "## What it checks"), Some("That X."));
        assert_eq!(doc_section(docs, "## Why it matters"), Some("Y"));
        assert_eq!(doc_section(docs, "## Example"), None);
    }
}
