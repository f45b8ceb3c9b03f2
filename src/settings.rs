//! What a run reports and how severely, decided once.
//!
//! The choices come as written — codes or prefixes in `netlint.toml`
//! ([`crate::config`]) and on the command line — and become [`Settings`]:
//! the selected codes as a [`CodeSet`], each code's severity and the
//! `fail-on` threshold. The pipeline ([`crate::check`]) then asks per rule
//! and per diagnostic in constant time and never sees a prefix.
//!
//! Sits just above the catalog: it knows codes, nothing of files, rules or
//! the model, so both `check` and `config` can use it without knowing each
//! other.

use crate::catalog::{Code, CodeSet, Severity};
use std::collections::BTreeMap;

/// Rule choices as written, in `netlint.toml` or on the command line:
/// every key is a code (`S302`) or a prefix of codes (`S`, `N4`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// Codes or prefixes to report (empty: every code).
    pub select: Vec<String>,
    /// Codes or prefixes not to report.
    pub ignore: Vec<String>,
    /// Severity overrides; the most specific key that is a prefix of a
    /// code wins.
    pub severity: BTreeMap<String, Severity>,
    /// Exit 1 at or above this severity (default: warning).
    pub fail_on: Option<Severity>,
}

impl Choices {
    /// These choices (the command line's) on top of a configuration
    /// file's: a `select` list replaces the file's, `ignore` entries and
    /// `[severity]` keys add to it, `fail-on` replaces it.
    pub fn over(&self, file: &Choices) -> Choices {
        let mut out = file.clone();
        if !self.select.is_empty() {
            out.select = self.select.clone();
        }
        out.ignore.extend(self.ignore.iter().cloned());
        out.severity
            .extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
        out.fail_on = self.fail_on.or(file.fail_on);
        out
    }
}

/// The settings of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    selected: CodeSet,
    severity: [Severity; Code::COUNT],
    /// Whether the user chose the code's severity (`[severity]`): then it
    /// applies to every finding, else each finding keeps its own.
    chosen: CodeSet,
    fail_on: Severity,
}

impl Default for Settings {
    /// Every code at its default severity; fail on warnings.
    fn default() -> Settings {
        Settings::new(&Choices::default())
    }
}

impl Settings {
    /// Decide every code once. E-codes (errors in the file itself) are
    /// always selected and always errors: netlint cannot check a file past
    /// them.
    pub fn new(choices: &Choices) -> Settings {
        let mut selected_codes = CodeSet::EMPTY;
        let mut chosen = CodeSet::EMPTY;
        let mut severity = [Severity::Error; Code::COUNT];
        for &code in Code::ALL {
            if code.is_error_in_file() || selected(code.as_str(), &choices.select, &choices.ignore)
            {
                selected_codes.insert(code);
            }
            let choice = most_specific(code, &choices.severity);
            if choice.is_some() && !code.is_error_in_file() {
                chosen.insert(code);
            }
            severity[code.index()] = if code.is_error_in_file() {
                Severity::Error
            } else {
                choice.unwrap_or(code.default_severity())
            };
        }
        Settings {
            selected: selected_codes,
            severity,
            chosen,
            fail_on: choices.fail_on.unwrap_or(Severity::Warning),
        }
    }

    /// Only the errors in the file itself: what loading a model needs.
    pub fn errors_in_file_only() -> Settings {
        Settings {
            selected: Code::ALL
                .iter()
                .copied()
                .filter(|c| c.is_error_in_file())
                .collect(),
            ..Settings::default()
        }
    }

    /// Whether `code` runs and is reported.
    pub fn selected(&self, code: Code) -> bool {
        self.selected.contains(code)
    }

    /// The severity `code`'s findings are reported with.
    pub fn severity(&self, code: Code) -> Severity {
        self.severity[code.index()]
    }

    /// The severity one finding is reported with: the user's choice for
    /// its code when there is one, else the finding's own, which is the
    /// code's default unless the rule raised it for that finding (G808 is
    /// an error where CloudFormation refuses the template).
    pub fn severity_of(&self, code: Code, found: Severity) -> Severity {
        if code.is_error_in_file() || self.chosen.contains(code) {
            self.severity(code)
        } else {
            found
        }
    }

    /// Findings at or above this severity make the run fail.
    pub fn fail_on(&self) -> Severity {
        self.fail_on
    }
}

/// Whether `code` is selected, by ruff's precedence: the longest entry of
/// `select` or `ignore` that is a prefix of `code` decides, `ignore` winning
/// a tie; an empty `select` selects everything. Pure: the E-code exception
/// is [`Settings::new`]'s.
pub fn selected(code: &str, select: &[String], ignore: &[String]) -> bool {
    let longest = |list: &[String]| {
        list.iter()
            .filter(|p| code.starts_with(p.as_str()))
            .map(|p| p.len())
            .max()
    };
    let sel = if select.is_empty() {
        Some(0)
    } else {
        longest(select)
    };
    match (sel, longest(ignore)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(s), Some(i)) => s > i,
    }
}

/// The override of the most specific key that is a prefix of `code`.
fn most_specific(code: Code, overrides: &BTreeMap<String, Severity>) -> Option<Severity> {
    overrides
        .iter()
        .filter(|(prefix, _)| code.has_prefix(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decided_once_for_every_code() {
        let choices = Choices {
            select: strings(&["S", "N4"]),
            ignore: strings(&["S30", "E"]),
            severity: [
                ("N".to_string(), Severity::Info),
                ("N401".into(), Severity::Warning),
            ]
            .into_iter()
            .collect(),
            fail_on: Some(Severity::Error),
        };
        let s = Settings::new(&choices);
        assert!(s.selected(Code::S310) && !s.selected(Code::S302));
        assert!(s.selected(Code::N402) && !s.selected(Code::A101));
        // E-codes: always on, always errors.
        assert!(s.selected(Code::E001) && s.severity(Code::E001) == Severity::Error);
        assert_eq!(s.severity(Code::N401), Severity::Warning);
        assert_eq!(s.severity(Code::N402), Severity::Info);
        assert_eq!(s.severity(Code::S310), Code::S310.default_severity());
        assert_eq!(s.fail_on(), Severity::Error);
    }

    #[test]
    fn a_finding_keeps_its_own_severity_unless_the_user_chose_one() {
        let s = Settings::default();
        assert_eq!(s.severity_of(Code::G808, Severity::Error), Severity::Error);
        assert_eq!(
            s.severity_of(Code::G808, Severity::Warning),
            Severity::Warning
        );
        let quiet = Settings::new(&Choices {
            severity: [("G".to_string(), Severity::Info)].into_iter().collect(),
            ..Choices::default()
        });
        assert_eq!(
            quiet.severity_of(Code::G808, Severity::Error),
            Severity::Info
        );
        assert_eq!(
            quiet.severity_of(Code::E004, Severity::Info),
            Severity::Error
        );
    }

    #[test]
    fn the_command_line_goes_on_top() {
        let file = Choices {
            select: strings(&["S"]),
            ignore: strings(&["S301"]),
            fail_on: Some(Severity::Info),
            ..Choices::default()
        };
        let cli = Choices {
            select: strings(&["N"]),
            ignore: strings(&["N402"]),
            ..Choices::default()
        };
        let both = cli.over(&file);
        assert_eq!(both.select, strings(&["N"]));
        assert_eq!(both.ignore, strings(&["S301", "N402"]));
        assert_eq!(both.fail_on, Some(Severity::Info));
        let keep = Choices::default().over(&file);
        assert_eq!(keep, file);
    }

    #[test]
    fn errors_in_file_only() {
        let s = Settings::errors_in_file_only();
        assert!(
            Code::ALL
                .iter()
                .all(|c| s.selected(*c) == c.is_error_in_file())
        );
    }
}
