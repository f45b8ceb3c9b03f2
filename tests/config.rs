//! `netlint.toml`: precedence, validation and discovery.
//!
//! Validation runs against a fixed list of codes (`parse_with_codes`) so
//! these tests do not depend on which rules the catalog has today; a few
//! tests use the real catalog through its E-codes, which always exist.

use netlint::catalog::Code;
use netlint::config::{self, Config, ConfigError, discover, parse, parse_with_codes, selected};
use netlint::diagnostics::Severity;
use std::path::{Path, PathBuf};

const CODES: &[&str] = &[
    "E001", "E005", "A101", "A102", "S201", "S301", "S302", "N401", "N402", "U001",
];

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn parse_fake(text: &str) -> Result<Config, ConfigError> {
    parse_with_codes(text, Path::new("proj/netlint.toml"), CODES)
}

fn error_of(text: &str) -> (usize, usize, String, String) {
    match parse_fake(text) {
        Err(ConfigError::Invalid {
            line,
            column,
            key,
            message,
            ..
        }) => (line, column, key, message),
        other => panic!("expected an invalid-setting error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- precedence

#[test]
fn empty_select_means_everything() {
    assert!(selected("S302", &[], &[]));
    assert!(selected("A101", &[], &[]));
}

#[test]
fn select_limits_to_its_prefixes() {
    let select = strings(&["S", "N4", "A101"]);
    assert!(selected("S302", &select, &[]));
    assert!(selected("N401", &select, &[]));
    assert!(selected("A101", &select, &[]));
    assert!(!selected("A102", &select, &[]));
    assert!(!selected("R201", &select, &[]));
}

#[test]
fn most_specific_prefix_wins() {
    // A more specific ignore beats a broader select…
    assert!(!selected("S302", &strings(&["S"]), &strings(&["S3"])));
    assert!(selected("S201", &strings(&["S"]), &strings(&["S3"])));
    // …and a more specific select beats a broader ignore.
    assert!(selected("S302", &strings(&["S302"]), &strings(&["S"])));
    assert!(!selected("S301", &strings(&["S302"]), &strings(&["S"])));
    // With no select, ignore still applies: the implicit "all" is the least
    // specific prefix of all.
    assert!(!selected("S302", &[], &strings(&["S"])));
    assert!(selected("S302", &[], &strings(&["N"])));
    // Several matching entries: the longest of each list counts.
    assert!(selected("S302", &strings(&["S", "S30"]), &strings(&["S3"])));
}

#[test]
fn ignore_wins_a_tie() {
    assert!(!selected("S302", &strings(&["S3"]), &strings(&["S3"])));
    assert!(!selected("S302", &strings(&["S302"]), &strings(&["S302"])));
}

#[test]
fn e_codes_are_always_enabled() {
    let c = parse_fake("select = [\"S\"]").expect("valid");
    assert!(c.enabled(Code::E001));
    assert!(c.enabled(Code::S302));
    assert!(!c.enabled(Code::N401));
    // The pure function itself knows no exception.
    assert!(!selected("E001", &strings(&["S"]), &[]));
}

// ---------------------------------------------------------------- parsing

#[test]
fn full_file() {
    let text = r#"
# project settings
select = ["S", "N4", "A101"]
ignore = ["S301"]
fail-on = "error"

[severity]
S302 = "error"
N4 = "info"
N401 = "warning"
"#;
    let c = parse_fake(text).expect("valid");
    assert_eq!(c.select, strings(&["S", "N4", "A101"]));
    assert_eq!(c.ignore, strings(&["S301"]));
    assert_eq!(c.fail_on, Some(Severity::Error));
    assert_eq!(c.severity.len(), 3);
    assert_eq!(c.path, Path::new("proj/netlint.toml"));
    assert_eq!(c.severity_for("S302"), Some(Severity::Error));
    // Most specific key wins: N401 is named, N402 falls under N4.
    assert_eq!(c.severity_for("N401"), Some(Severity::Warning));
    assert_eq!(c.severity_for("N402"), Some(Severity::Info));
    assert_eq!(c.severity_for("A101"), None);
    assert!(c.enabled(Code::S302) && !c.enabled(Code::S301) && !c.enabled(Code::A102));
}

#[test]
fn empty_file_is_all_defaults() {
    let c = parse_fake("").expect("valid");
    assert!(c.select.is_empty() && c.ignore.is_empty() && c.severity.is_empty());
    assert_eq!(c.fail_on, None);
}

#[test]
fn dotted_severity_keys_work_too() {
    let c = parse_fake("severity.S302 = \"info\"\n").expect("valid");
    assert_eq!(c.severity_for("S302"), Some(Severity::Info));
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (line, column, key, message) = error_of("select = [\"S\"]\nfail_on = \"error\"\n");
    assert_eq!((line, column), (2, 1));
    assert_eq!(key, "fail_on");
    assert!(message.contains("did you mean `fail-on`?"), "{message}");
    let (_, _, key, message) = error_of("colour = true");
    assert_eq!(key, "colour");
    assert!(!message.contains("did you mean"), "{message}");
    assert!(message.contains("`select`, `ignore`, `fail-on` and `[severity]`"));
}

#[test]
fn unknown_code_suggests_a_close_one() {
    let (line, column, key, message) = error_of("ignore = [\"S301\",\n  \"S3O2\"]");
    assert_eq!((line, column, key.as_str()), (2, 3, "ignore"), "{message}");
    assert!(
        message.contains("`S3O2` is not a code or prefix of any rule"),
        "{message}"
    );
    assert!(message.contains("did you mean `S302`?"), "{message}");
}

#[test]
fn lower_case_code_is_pointed_out() {
    let (_, _, key, message) = error_of("select = [\"s3\"]");
    assert_eq!(key, "select");
    assert!(message.contains("did you mean `S3`?"), "{message}");
}

#[test]
fn far_off_prefix_lists_the_areas() {
    let (_, _, _, message) = error_of("select = [\"Q\"]");
    assert!(message.contains("(E, A, S, N, U)"), "{message}");
    let (_, _, _, message) = error_of("select = [\"\"]");
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn rule_name_instead_of_code_is_pointed_out() {
    let code = Code::ALL[0];
    let text = format!("select = [\"{}\"]", code.name());
    let err = parse(&text, Path::new("netlint.toml")).expect_err("a name is not a code");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("that is the name of {code}")),
        "{msg}"
    );
}

#[test]
fn wrong_types() {
    let (_, column, key, message) = error_of("select = \"S\"");
    assert_eq!((column, key.as_str()), (10, "select"));
    assert!(
        message.contains("expected an array of codes or prefixes"),
        "{message}"
    );
    assert!(message.contains("found string"), "{message}");
    let (_, column, _, message) = error_of("ignore = [\"S\", 3]");
    assert_eq!(column, 16);
    assert!(message.contains("found integer"), "{message}");
    let (_, _, key, message) = error_of("severity = \"error\"");
    assert_eq!(key, "severity");
    assert!(message.contains("expected a table"), "{message}");
    let (_, _, key, message) = error_of("fail-on = 1");
    assert_eq!(key, "fail-on");
    assert!(message.contains("found integer"), "{message}");
}

#[test]
fn bad_severity_values() {
    let (_, _, key, message) = error_of("fail-on = \"warn\"");
    assert_eq!(key, "fail-on");
    assert!(message.contains("did you mean `\"warning\"`?"), "{message}");
    let (line, column, key, message) = error_of("[severity]\nS302 = \"fatal\"");
    assert_eq!((line, column, key.as_str()), (2, 8, "severity.S302"));
    assert!(
        message.contains("expected \"error\", \"warning\" or \"info\""),
        "{message}"
    );
    let (line, column, key, message) = error_of("[severity]\nX9 = \"error\"");
    assert_eq!((line, column, key.as_str()), (2, 1, "severity.X9"));
    assert!(message.contains("not a code or prefix"), "{message}");
}

#[test]
fn e_codes_cannot_be_ignored_or_downgraded() {
    let (_, _, key, message) = error_of("ignore = [\"E001\"]");
    assert_eq!(key, "ignore");
    assert!(message.contains("cannot be ignored"), "{message}");
    let (_, _, _, message) = error_of("ignore = [\"E\"]");
    assert!(message.contains("cannot be ignored"), "{message}");
    let (_, _, key, message) = error_of("[severity]\nE005 = \"warning\"");
    assert_eq!(key, "severity.E005");
    assert!(message.contains("always errors"), "{message}");
    // Selecting them, or restating that they are errors, is fine.
    assert!(parse_fake("select = [\"E\"]\n[severity]\nE001 = \"error\"").is_ok());
}

#[test]
fn toml_syntax_error_has_a_position() {
    match parse_fake("select = [\"S\"\nignore = []\n") {
        Err(ConfigError::Syntax {
            path,
            line,
            message,
            ..
        }) => {
            assert_eq!(path, Path::new("proj/netlint.toml"));
            assert!(line >= 1 && !message.is_empty());
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let err = parse_fake("select = [\"S\"]\nselect = [\"N\"]\n").expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "proj/netlint.toml:2:1: not valid TOML: duplicate key: `select`"
    );
}

#[test]
fn error_display_names_file_position_and_key() {
    let err = parse_fake("\nfail-on = \"warn\"").expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "proj/netlint.toml:2:11: `fail-on`: expected \"error\", \"warning\" or \"info\", found `\"warn\"` (did you mean `\"warning\"`?)"
    );
    assert_eq!(err.path(), Path::new("proj/netlint.toml"));
}

#[test]
fn real_catalog_validation() {
    assert!(parse("select = [\"E0\", \"E001\"]", Path::new("n.toml")).is_ok());
    let err = parse("select = [\"Z9\"]", Path::new("n.toml")).expect_err("no Z area");
    assert!(
        err.to_string()
            .starts_with("n.toml:1:11: `select`: `Z9` is not a code"),
        "{err}"
    );
}

#[test]
fn check_options_expand_prefixes_to_codes() {
    let c = parse(
        "select = [\"E\"]\n[severity]\nE = \"error\"\n",
        Path::new("n.toml"),
    )
    .expect("valid");
    let options = c.check_options();
    assert_eq!(options.select, strings(&["E"]));
    let e_codes: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_error_in_file())
        .map(|c| c.as_str())
        .collect();
    assert!(!e_codes.is_empty());
    assert_eq!(
        options
            .severity
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        e_codes
    );
}

// ---------------------------------------------------------------- discovery

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("config-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write");
}

#[test]
fn discovery_walks_up_and_the_nearest_wins() {
    let root = scratch("walk");
    write(&root.join(config::FILE_NAME), "fail-on = \"error\"\n");
    let deep = root.join("a/b/c");
    std::fs::create_dir_all(&deep).expect("mkdir");
    let found = discover(&deep).expect("ok").expect("found at the root");
    assert_eq!(found.fail_on, Some(Severity::Error));
    assert_eq!(found.path, root.join(config::FILE_NAME));

    write(&root.join("a/netlint.toml"), "fail-on = \"info\"\n");
    let found = discover(&deep).expect("ok").expect("found in a/");
    assert_eq!(found.fail_on, Some(Severity::Info));
    assert_eq!(found.path, root.join("a/netlint.toml"));
    // Files are not merged: the nearer file has no select, the farther one
    // would not have added any either, but fail-on shows which was used.
    let found = discover(&root).expect("ok").expect("found at the root");
    assert_eq!(found.fail_on, Some(Severity::Error));
}

#[test]
fn discovery_resolves_dot_dot_lexically() {
    let root = scratch("dotdot");
    write(&root.join("x/netlint.toml"), "fail-on = \"info\"\n");
    std::fs::create_dir_all(root.join("y")).expect("mkdir");
    // y/../x is x: its file is found, not y's parent chain.
    let found = discover(&root.join("y/../x")).expect("ok").expect("found");
    assert_eq!(found.path, root.join("x/netlint.toml"));
    // x/.. is root, which has no file; neither do its parents under the
    // target directory, so nothing is found from there via x's file.
    let from_root = discover(&root.join("x/..")).expect("ok");
    assert!(from_root.is_none_or(|c| c.path != root.join("x/netlint.toml")));
}

#[test]
fn discovery_skips_a_directory_named_like_the_file() {
    let root = scratch("dirname");
    write(&root.join("netlint.toml"), "fail-on = \"error\"\n");
    std::fs::create_dir_all(root.join("sub/netlint.toml")).expect("mkdir");
    let found = discover(&root.join("sub")).expect("ok").expect("found");
    assert_eq!(found.path, root.join("netlint.toml"));
}

#[test]
fn discovery_reports_the_broken_file() {
    let root = scratch("broken");
    write(&root.join("netlint.toml"), "ignore = [\"E001\"]\n");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    let err = discover(&root.join("sub")).expect_err("E001 cannot be ignored");
    assert_eq!(err.path(), root.join("netlint.toml"));
    assert!(
        err.to_string().contains("netlint.toml:1:11: `ignore`"),
        "{err}"
    );

    std::fs::write(root.join("netlint.toml"), b"fail-on = \"\xff\"\n").expect("write");
    match discover(&root) {
        Err(ConfigError::Read { path, .. }) => assert_eq!(path, root.join("netlint.toml")),
        other => panic!("expected a read error for non-UTF-8, got {other:?}"),
    }
}

#[test]
fn discovery_finds_nothing_in_an_empty_tree() {
    // Under the system temporary directory, where no project lives.
    let dir = std::env::temp_dir().join(format!("netlint-config-none-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).expect("mkdir");
    let found = discover(&dir.join("a"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(found, Ok(None)), "{found:?}");
}

#[test]
fn empty_start_dir_is_the_current_directory() {
    let here = std::env::current_dir().expect("cwd");
    let a = discover(Path::new("")).expect("ok").map(|c| c.path);
    let b = discover(&here).expect("ok").map(|c| c.path);
    assert_eq!(a, b);
}
