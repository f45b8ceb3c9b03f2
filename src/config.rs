//! `netlint.toml`: per-project settings for `netlint check` and `build`,
//! and how `check`, `reach` and `import` read templates.
//!
//! ```toml
//! # netlint.toml
//! select = ["S", "N4", "A101"]  # codes or prefixes to report (default: every rule)
//! ignore = ["S305"]             # codes or prefixes not to report
//! fail-on = "warning"           # exit 1 at or above: "error", "warning" or "info"
//!
//! [severity]                    # change a rule's severity
//! S302 = "error"
//! N4 = "info"                   # a prefix covers every code that starts with it
//!
//! [cloudformation]              # how templates are read, when the command line does not say
//! region = "us-east-1"          # as `--region`
//! params = "prod.params.json"   # as `--params`, relative to this file (its values lose to the command line's)
//! network = "existing.net"      # as `--network`, relative to this file
//! ```
//!
//! **Where it is found.** netlint looks for `netlint.toml` in the checked
//! file's directory, then in each parent directory, and uses the first one
//! it finds (files are not merged). The search stops at the repository
//! root (the first directory that contains `.git`) or at the user's home
//! directory, whichever comes first: a `netlint.toml` above those belongs
//! to someone else's project (or to anyone who can write to `/tmp`) and is
//! never applied. A file outside any repository and outside the home
//! directory has no project to look up to: only its own directory is
//! searched, and not even that when anyone may write to it (`/tmp`, say).
//! For standard input (`-`) the search starts in the current directory. `--config FILE` names the file instead;
//! `--no-config` applies none; `--verbose` says which one was applied.
//!
//! **Which rules run.** Every entry of `select` and `ignore` is a code
//! (`S302`) or a prefix of codes (`S`, `N4`). For each rule, the most
//! specific entry that matches it decides: with `select = ["S"]` and
//! `ignore = ["S3"]`, S302 is off but S201 is on; with `select = ["S302"]`
//! and `ignore = ["S"]`, S302 is on. When the same entry is in both lists,
//! `ignore` wins. No `select` (or an empty one) means every rule.
//!
//! **E-codes** (errors in the file itself) are always reported: netlint
//! cannot check a file past them, so they can be neither ignored nor given
//! a lower severity, and saying so is an error rather than a silent no-op.
//!
//! **Severity.** Keys of `[severity]` are codes or prefixes too; the most
//! specific one wins. `fail-on` applies to the severities after these
//! changes.
//!
//! **Mistakes are errors.** An unknown key, a code or prefix that matches no
//! rule, or a value of the wrong type stops `netlint check` (exit 2) with
//! the file, line, column and key, and a "did you mean" when one is close.

use crate::catalog::{Code, Severity};
use crate::diagnostics::line_index::LineIndex;
use crate::settings::Choices;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The file name discovery looks for.
pub const FILE_NAME: &str = "netlint.toml";

/// The keys a `netlint.toml` may have.
pub const KEYS: [&str; 5] = ["select", "ignore", "fail-on", "severity", "cloudformation"];

/// The keys of `[cloudformation]`.
pub const CLOUDFORMATION_KEYS: [&str; 3] = ["region", "params", "network"];

/// A parsed and validated `netlint.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `select`, `ignore`, `fail-on` and `[severity]` as written.
    pub choices: Choices,
    /// `[cloudformation]`.
    pub cloudformation: Cloudformation,
    /// The file these settings came from.
    pub path: PathBuf,
}

/// `[cloudformation]`: how templates are read when the command line does
/// not say, so a pre-commit hook or a bare `netlint check infra/` needs
/// no arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cloudformation {
    /// `region`: what `--region` gives when it is not written.
    pub region: Option<String>,
    /// `params`: a parameters file read before `--params` and `--param`
    /// (whose values win), as written relative to the configuration file's
    /// directory.
    pub params: Option<PathBuf>,
    /// `network`: the `.net` file of the existing network the templates
    /// deploy into, when `--network` is not given; relative to the
    /// configuration file's directory.
    pub network: Option<PathBuf>,
}

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file exists but cannot be read (or is not UTF-8).
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file is not TOML.
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The TOML is fine but a setting is not.
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The key at fault (`select`, `severity.S302`, …).
        key: String,
        /// What is wrong, with a "did you mean" when there is one.
        message: String,
    },
}

impl ConfigError {
    /// The configuration file at fault.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Read { path, .. }
            | ConfigError::Syntax { path, .. }
            | ConfigError::Invalid { path, .. } => path,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            ConfigError::Syntax {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "{}:{line}:{column}: not valid TOML: {message}",
                path.display()
            ),
            ConfigError::Invalid {
                path,
                line,
                column,
                key,
                message,
            } => write!(f, "{}:{line}:{column}: `{key}`: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Where a run's configuration comes from, as the command line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// Look for `netlint.toml` above the input (the default).
    Discover,
    /// `--config FILE`.
    File(&'a Path),
    /// `--no-config`.
    Nothing,
}

/// The configuration that applies to one input (`-` for standard input),
/// and one line saying which it is and why, for `--verbose`.
pub fn for_input(
    input: &Path,
    source: Source<'_>,
    home: Option<&Path>,
) -> Result<(Option<Config>, String), ConfigError> {
    match source {
        Source::Nothing => Ok((None, "no configuration (--no-config)".into())),
        Source::File(path) => {
            let config = read(path)?;
            let line = format!("configuration {} (--config)", path.display());
            Ok((Some(config), line))
        }
        Source::Discover => {
            let start = if input.as_os_str() == "-" {
                Path::new("")
            } else {
                input.parent().unwrap_or(Path::new(""))
            };
            let dirs = search_dirs(start, home)?;
            match find_in(&dirs)? {
                Some(config) => {
                    let line = format!("configuration {}", config.path.display());
                    Ok((Some(config), line))
                }
                None => {
                    let line = match (dirs.first(), dirs.last()) {
                        (Some(first), Some(last)) if first != last => format!(
                            "no configuration: no {FILE_NAME} in {} or above it up to {}",
                            first.display(),
                            last.display()
                        ),
                        (Some(only), _) => {
                            format!("no configuration: no {FILE_NAME} in {}", only.display())
                        }
                        _ => format!(
                            "no configuration: {} is outside any repository and the home directory, and anyone may write to it",
                            if start.as_os_str().is_empty() {
                                Path::new(".")
                            } else {
                                start
                            }
                            .display()
                        ),
                    };
                    Ok((None, line))
                }
            }
        }
    }
}

/// The nearest `netlint.toml` in `start_dir` or one of its parents, up to
/// the repository root or `home` (see [`search_dirs`]), parsed.
pub fn discover(start_dir: &Path, home: Option<&Path>) -> Result<Option<Config>, ConfigError> {
    find_in(&search_dirs(start_dir, home)?)
}

/// The directories discovery looks in, nearest first: `start_dir` and its
/// parents, ending with the first that contains `.git` (a directory, or
/// the file a worktree or submodule has) or is `home`. When neither is
/// above `start_dir`, only `start_dir` itself, and nothing when anyone may
/// write to it: no file that someone else could have put there is applied.
///
/// `start_dir` may be relative (to the current directory) or empty (the
/// current directory, as for a bare `x.net`). `..` is resolved lexically,
/// the way a shell's `cd` does, so `a/../b` searches `b`, then its parents.
pub fn search_dirs(start_dir: &Path, home: Option<&Path>) -> Result<Vec<PathBuf>, ConfigError> {
    let start = if start_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start_dir
    };
    let dir = std::path::absolute(start)
        .map(|p| normalize(&p))
        .map_err(|error| ConfigError::Read {
            path: start.join(FILE_NAME),
            error,
        })?;
    let home = home
        .and_then(|h| std::path::absolute(h).ok())
        .map(|h| normalize(&h));
    let mut dirs = Vec::new();
    for d in dir.ancestors() {
        dirs.push(d.to_path_buf());
        if home.as_deref() == Some(d) || d.join(".git").exists() {
            return Ok(dirs);
        }
    }
    // Outside any repository and outside home.
    dirs.truncate(1);
    if others_may_write(&dir) {
        dirs.clear();
    }
    Ok(dirs)
}

/// Whether anyone may create files in `dir` (world-writable, like `/tmp`).
/// A directory whose mode cannot be read counts as such.
#[cfg(unix)]
fn others_may_write(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(dir).map_or(true, |m| m.permissions().mode() & 0o002 != 0)
}

#[cfg(not(unix))]
fn others_may_write(_dir: &Path) -> bool {
    false
}

/// The first `netlint.toml` in `dirs`, parsed.
fn find_in(dirs: &[PathBuf]) -> Result<Option<Config>, ConfigError> {
    for dir in dirs {
        let candidate = dir.join(FILE_NAME);
        // Only a regular file counts; a directory of that name, or a
        // directory we may not look into, is passed over.
        if std::fs::metadata(&candidate).is_ok_and(|m| m.is_file()) {
            return read(&candidate).map(Some);
        }
    }
    Ok(None)
}

/// Read and parse one configuration file.
pub fn read(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse(&text, path)
}

/// Drops `.` and folds `..` into its parent, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Parse and validate a `netlint.toml` against the rule catalog. `path` is
/// only used in error messages and kept in [`Config::path`].
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    parse_with_codes(text, path, &codes)
}

/// [`parse`] against a given list of codes instead of the catalog, so the
/// validation can be tested independently of which rules exist.
pub fn parse_with_codes(text: &str, path: &Path, codes: &[&str]) -> Result<Config, ConfigError> {
    let cx = Parser {
        text,
        path,
        codes,
        lines: LineIndex::new(text),
    };
    let root = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let at = cx.lines.line_col(span.start);
        let mut message = e.message().trim().to_string();
        // Some messages ("duplicate key") do not say what they are about.
        if let Some(snippet) = text
            .get(span)
            .filter(|s| !s.trim().is_empty() && s.len() <= 40 && !s.contains('\n'))
        {
            message.push_str(&format!(": `{snippet}`"));
        }
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message,
        }
    })?;
    let mut config = Config {
        choices: Choices::default(),
        cloudformation: Cloudformation::default(),
        path: path.to_path_buf(),
    };
    // Source order, so the first mistake in the file is the one reported.
    let mut entries: Vec<_> = root.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let name: &str = key.get_ref();
        match name {
            "select" => config.choices.select = cx.codes_list(name, value, false)?,
            "ignore" => config.choices.ignore = cx.codes_list(name, value, true)?,
            "fail-on" => config.choices.fail_on = Some(cx.severity(name, value)?),
            "severity" => config.choices.severity = cx.severity_table(name, value)?,
            "cloudformation" => config.cloudformation = cx.cloudformation(name, value)?,
            _ => {
                let hint = crate::suggest::closest(name, KEYS)
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                return Err(cx.invalid(
                    key.span(),
                    name,
                    format!(
                        "unknown key; {hint}netlint.toml has `select`, `ignore`, `fail-on`, `[severity]` and `[cloudformation]`"
                    ),
                ));
            }
        }
    }
    Ok(config)
}

/// The level a mistyped one most likely meant: `Error` → `error`,
/// `warn` → `warning`, `eror` → `error`.
fn suggest_level<'l>(word: &str, levels: [&'l str; 3]) -> Option<&'l str> {
    let lower = word.to_lowercase();
    levels
        .into_iter()
        .find(|l| !lower.is_empty() && l.starts_with(lower.as_str()))
        .or_else(|| crate::suggest::closest(&lower, levels))
}

struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
    codes: &'a [&'a str],
    lines: LineIndex<'a>,
}

impl Parser<'_> {
    fn invalid(&self, span: Range<usize>, key: &str, message: String) -> ConfigError {
        let at = self.lines.line_col(span.start.min(self.text.len()));
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line: at.line,
            column: at.column,
            key: key.to_string(),
            message,
        }
    }

    /// `select` or `ignore`: an array of codes or prefixes.
    fn codes_list(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        is_ignore: bool,
    ) -> Result<Vec<String>, ConfigError> {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.invalid(
                value.span(),
                key,
                format!(
                    "expected an array of codes or prefixes, like `{key} = [\"S\", \"N4\", \"A101\"]`, found {}",
                    value.get_ref().type_str()
                ),
            ));
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            let Some(code) = item.get_ref().as_str() else {
                return Err(self.invalid(
                    item.span(),
                    key,
                    format!(
                        "expected a code or prefix as a string, found {}",
                        item.get_ref().type_str()
                    ),
                ));
            };
            self.check_code(code)
                .map_err(|m| self.invalid(item.span(), key, m))?;
            if is_ignore && Code::with_prefix(code).any(Code::is_error_in_file) {
                return Err(self.invalid(
                    item.span(),
                    key,
                    format!(
                        "`{code}` cannot be ignored: E-codes are errors in the file itself, \
                         which netlint cannot check past; fix the file instead"
                    ),
                ));
            }
            out.push(code.to_string());
        }
        Ok(out)
    }

    /// `fail-on` or a `[severity]` value.
    fn severity(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<Severity, ConfigError> {
        let levels = ["error", "warning", "info"];
        let word = value.get_ref().as_str();
        if let Some(s) = word.and_then(Severity::parse) {
            return Ok(s);
        }
        let found = match word {
            Some(w) => match suggest_level(w, levels) {
                Some(l) => format!("`\"{w}\"` (did you mean `\"{l}\"`?)"),
                None => format!("`\"{w}\"`"),
            },
            None => value.get_ref().type_str().to_string(),
        };
        Err(self.invalid(
            value.span(),
            key,
            format!("expected \"error\", \"warning\" or \"info\", found {found}"),
        ))
    }

    /// `[severity]`: codes or prefixes to severities.
    fn severity_table(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<BTreeMap<String, Severity>, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.invalid(
                value.span(),
                key,
                format!(
                    "expected a table of codes to severities, like `[severity]` then `S302 = \"error\"`, found {}",
                    value.get_ref().type_str()
                ),
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut out = BTreeMap::new();
        for (code, level) in entries {
            let code_str: &str = code.get_ref();
            let full_key = format!("{key}.{code_str}");
            self.check_code(code_str)
                .map_err(|m| self.invalid(code.span(), &full_key, m))?;
            let severity = self.severity(&full_key, level)?;
            if Code::with_prefix(code_str).any(Code::is_error_in_file)
                && severity != Severity::Error
            {
                return Err(self.invalid(
                    level.span(),
                    &full_key,
                    format!(
                        "E-codes are always errors: netlint cannot check a file past them, \
                         so `{code_str}` cannot be a {}",
                        severity.as_str()
                    ),
                ));
            }
            out.insert(code_str.to_string(), severity);
        }
        Ok(out)
    }

    /// `[cloudformation]`: `region`, `params` and `network`, all non-empty
    /// strings.
    fn cloudformation(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Cloudformation, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.invalid(
                value.span(),
                key,
                format!(
                    "expected a table, like `[cloudformation]` then `region = \"us-east-1\"`, found {}",
                    value.get_ref().type_str()
                ),
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut out = Cloudformation::default();
        for (k, v) in entries {
            let name: &str = k.get_ref();
            let full_key = format!("{key}.{name}");
            let text = |what: &str| {
                v.get_ref()
                    .as_str()
                    .filter(|t| !t.trim().is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        self.invalid(
                            v.span(),
                            &full_key,
                            format!("expected {what}, found {}", v.get_ref().type_str()),
                        )
                    })
            };
            match name {
                "region" => out.region = Some(text("a region name such as \"us-east-1\"")?),
                "params" => {
                    let file = text("the path of a parameters file")?;
                    let dir = self.path.parent().unwrap_or(Path::new(""));
                    out.params = Some(dir.join(file));
                }
                "network" => {
                    let file = text("the path of a `.net` file")?;
                    let dir = self.path.parent().unwrap_or(Path::new(""));
                    out.network = Some(dir.join(file));
                }
                _ => {
                    let hint = crate::suggest::closest(name, CLOUDFORMATION_KEYS)
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    return Err(self.invalid(
                        k.span(),
                        &full_key,
                        format!(
                            "unknown key; {hint}`[cloudformation]` has `region`, `params` and `network`"
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// That `code` is a code or a prefix of at least one code.
    fn check_code(&self, code: &str) -> Result<(), String> {
        if code.is_empty() {
            return Err("an empty string is not a code or prefix".into());
        }
        if self.codes.iter().any(|c| c.starts_with(code)) {
            return Ok(());
        }
        let upper = code.to_ascii_uppercase();
        let hint = if self.codes.iter().any(|c| c.starts_with(upper.as_str())) {
            format!("; codes are upper case: did you mean `{upper}`?")
        } else if let Some(named) = Code::from_name(code) {
            format!("; that is the name of {named}: write the code")
        } else if let Some(close) = (code.chars().count() >= 3)
            .then(|| crate::suggest::closest(&upper, self.codes.iter().copied()))
            .flatten()
        {
            format!("; did you mean `{close}`?")
        } else {
            let mut areas: Vec<String> = Vec::new();
            for area in self.codes.iter().filter_map(|c| c.get(..1)) {
                if !areas.iter().any(|a| a == area) {
                    areas.push(area.to_string());
                }
            }
            format!(
                "; codes start with an area letter ({}) followed by digits",
                areas.join(", ")
            )
        };
        Err(format!(
            "`{code}` is not a code or prefix of any rule{hint}"
        ))
    }
}
