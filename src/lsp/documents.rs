//! The open documents and what a check found in each.
//!
//! Full-text sync: every change sends the whole text and the document is
//! checked again at once (a check of a hand-written network takes
//! milliseconds). Each document keeps its text, its line table, the outline
//! of its syntax tree and the result of `check::run` under the settings
//! its `netlint.toml` gives, found the way the command line finds it.

use super::outline::Outline;
use super::position::{Encoding, Lines};
use crate::check::{self, Checked};
use crate::settings::Settings;
use lsp_types::Uri;
use std::collections::HashMap;
use std::path::PathBuf;

/// The settings for a file (its `netlint.toml`, found as `netlint check`
/// finds it), or why there are none.
pub type SettingsFor<'a> = dyn Fn(&std::path::Path) -> Result<Settings, String> + 'a;

pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: Lines,
    pub outline: Outline,
    pub checked: Checked,
    /// The configuration could not be read: the check ran with the
    /// defaults, and this says why.
    pub config_error: Option<String>,
}

impl Document {
    pub fn new(
        uri: &Uri,
        text: String,
        version: i32,
        encoding: Encoding,
        settings_for: &SettingsFor<'_>,
    ) -> Document {
        let (settings, config_error) = match settings_for(&path_of(uri)) {
            Ok(s) => (s, None),
            Err(e) => (Settings::default(), Some(e)),
        };
        // One thread: a server answering as the user types has no use for
        // the machine's other cores, and its files are small.
        let checked = check::run_with(&text, &settings, check::Threads::one());
        Document {
            lines: Lines::new(&text, encoding),
            outline: Outline::new(&text),
            checked,
            config_error,
            text,
            version,
        }
    }
}

/// The path a document's configuration is looked up from: the file's own
/// for a `file:` URI, else `-` (as for standard input: the current
/// directory).
pub fn path_of(uri: &Uri) -> PathBuf {
    file_path(uri.as_str()).unwrap_or_else(|| PathBuf::from("-"))
}

/// `file:///a/b%20c.net` → `/a/b c.net` (percent-decoded bytes).
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // An authority (`file://host/…`) is dropped: local files only.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            raw[i],
            raw.get(i + 1).copied().and_then(hex),
            raw.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        Some(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

/// Open documents by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }
    pub fn insert(&mut self, uri: Uri, doc: Document) {
        self.open.insert(uri, doc);
    }
    pub fn remove(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }
    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_path("file:///home/a/my%20net.net"),
            Some(PathBuf::from("/home/a/my net.net"))
        );
        assert_eq!(
            file_path("file://host/x.net"),
            Some(PathBuf::from("/x.net"))
        );
        assert_eq!(file_path("untitled:Untitled-1"), None);
    }
}
