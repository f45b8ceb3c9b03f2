//! `netlint.toml`: precedence, validation and discovery.
//!
//! Validation runs against a fixed list of codes (`parse_with_codes`) so
//! these tests do not depend on which rules the catalog has today; a few
//! tests use the real catalog through its E-codes, which always exist.

use netlint::catalog::Code;
use netlint::config::{self, Config, ConfigError, discover, parse, parse_with_codes};
use netlint::diagnostics::Severity;
use netlint::settings::{Settings, selected};
use std::path::{Path, PathBuf};

mod common;
use common::netlint;

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
    let s = Settings::new(&c.choices);
    assert!(s.selected(Code::E001));
    assert!(s.selected(Code::S302));
    assert!(!s.selected(Code::N401));
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
    assert_eq!(c.choices.select, strings(&["S", "N4", "A101"]));
    assert_eq!(c.choices.ignore, strings(&["S301"]));
    assert_eq!(c.choices.fail_on, Some(Severity::Error));
    assert_eq!(c.choices.severity.len(), 3);
    assert_eq!(c.path, Path::new("proj/netlint.toml"));
    let s = Settings::new(&c.choices);
    assert_eq!(s.severity(Code::S302), Severity::Error);
    // Most specific key wins: N401 is named, N402 falls under N4.
    assert_eq!(s.severity(Code::N401), Severity::Warning);
    assert_eq!(s.severity(Code::N402), Severity::Info);
    assert_eq!(s.severity(Code::A101), Code::A101.default_severity());
    assert_eq!(s.fail_on(), Severity::Error);
    assert!(s.selected(Code::S302) && !s.selected(Code::S301) && !s.selected(Code::A102));
}

#[test]
fn empty_file_is_all_defaults() {
    let c = parse_fake("").expect("valid");
    assert_eq!(c.choices, Default::default());
}

#[test]
fn dotted_severity_keys_work_too() {
    let c = parse_fake("severity.S302 = \"info\"\n").expect("valid");
    assert_eq!(
        Settings::new(&c.choices).severity(Code::S302),
        Severity::Info
    );
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
    assert!(message.contains("`select`, `ignore`, `fail-on`, `[severity]` and `[cloudformation]`"));
}

#[test]
fn cloudformation_table_gives_region_params_and_network() {
    let c = parse_fake("[cloudformation]\nregion = \"eu-west-1\"\nparams = \"cfn/prod.json\"\n")
        .expect("valid");
    assert_eq!(c.cloudformation.region.as_deref(), Some("eu-west-1"));
    // Relative to the netlint.toml, not to where netlint runs.
    assert_eq!(
        c.cloudformation.params.as_deref(),
        Some(Path::new("proj/cfn/prod.json"))
    );
    let c = parse_fake("[cloudformation]\nnetwork = \"net/shared.net\"\n").expect("valid");
    assert_eq!(
        c.cloudformation.network.as_deref(),
        Some(Path::new("proj/net/shared.net"))
    );
    let (line, column, key, message) = error_of("[cloudformation]\nregion = 3\n");
    assert_eq!(
        (line, column, key.as_str()),
        (2, 10, "cloudformation.region")
    );
    assert!(message.contains("expected a region name"), "{message}");
    let (_, _, key, message) = error_of("[cloudformation]\nparam = \"p.json\"\n");
    assert_eq!(key, "cloudformation.param");
    assert!(message.contains("did you mean `params`?"), "{message}");
    let (_, _, key, _) = error_of("cloudformation = \"us-east-1\"\n");
    assert_eq!(key, "cloudformation");
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
fn settings_expand_prefixes_to_codes() {
    let c = parse(
        "select = [\"E\"]\n[severity]\nE = \"error\"\n",
        Path::new("n.toml"),
    )
    .expect("valid");
    assert_eq!(c.choices.select, strings(&["E"]));
    let s = Settings::new(&c.choices);
    for code in Code::ALL {
        assert_eq!(s.selected(*code), code.is_error_in_file(), "{code}");
    }
}

// ---------------------------------------------------------------- discovery

/// A fresh directory for one test.
/// A scratch directory that is its own repository root (it holds a
/// `.git`), so discovery stops there wherever the target directory is:
/// inside this repository or, with `CARGO_TARGET_DIR`, outside any.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("config-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("create scratch dir");
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
    let found = discover(&deep, None)
        .expect("ok")
        .expect("found at the root");
    assert_eq!(found.choices.fail_on, Some(Severity::Error));
    assert_eq!(found.path, root.join(config::FILE_NAME));

    write(&root.join("a/netlint.toml"), "fail-on = \"info\"\n");
    let found = discover(&deep, None).expect("ok").expect("found in a/");
    assert_eq!(found.choices.fail_on, Some(Severity::Info));
    assert_eq!(found.path, root.join("a/netlint.toml"));
    // Files are not merged: the nearer file has no select, the farther one
    // would not have added any either, but fail-on shows which was used.
    let found = discover(&root, None)
        .expect("ok")
        .expect("found at the root");
    assert_eq!(found.choices.fail_on, Some(Severity::Error));
}

#[test]
fn discovery_resolves_dot_dot_lexically() {
    let root = scratch("dotdot");
    write(&root.join("x/netlint.toml"), "fail-on = \"info\"\n");
    std::fs::create_dir_all(root.join("y")).expect("mkdir");
    // y/../x is x: its file is found, not y's parent chain.
    let found = discover(&root.join("y/../x"), None)
        .expect("ok")
        .expect("found");
    assert_eq!(found.path, root.join("x/netlint.toml"));
    // x/.. is root, which has no file; neither do its parents under the
    // target directory, so nothing is found from there via x's file.
    let from_root = discover(&root.join("x/.."), None).expect("ok");
    assert!(from_root.is_none_or(|c| c.path != root.join("x/netlint.toml")));
}

#[test]
fn discovery_skips_a_directory_named_like_the_file() {
    let root = scratch("dirname");
    write(&root.join("netlint.toml"), "fail-on = \"error\"\n");
    std::fs::create_dir_all(root.join("sub/netlint.toml")).expect("mkdir");
    let found = discover(&root.join("sub"), None)
        .expect("ok")
        .expect("found");
    assert_eq!(found.path, root.join("netlint.toml"));
}

#[test]
fn discovery_reports_the_broken_file() {
    let root = scratch("broken");
    write(&root.join("netlint.toml"), "ignore = [\"E001\"]\n");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    let err = discover(&root.join("sub"), None).expect_err("E001 cannot be ignored");
    assert_eq!(err.path(), root.join("netlint.toml"));
    assert!(
        err.to_string().contains("netlint.toml:1:11: `ignore`"),
        "{err}"
    );

    std::fs::write(root.join("netlint.toml"), b"fail-on = \"\xff\"\n").expect("write");
    match discover(&root, None) {
        Err(ConfigError::Read { path, .. }) => assert_eq!(path, root.join("netlint.toml")),
        other => panic!("expected a read error for non-UTF-8, got {other:?}"),
    }
}

#[test]
fn discovery_finds_nothing_in_an_empty_tree() {
    // Under the system temporary directory, where no project lives.
    let dir = std::env::temp_dir().join(format!("netlint-config-none-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).expect("mkdir");
    let found = discover(&dir.join("a"), None);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(found, Ok(None)), "{found:?}");
}

#[test]
fn empty_start_dir_is_the_current_directory() {
    let here = std::env::current_dir().expect("cwd");
    let a = discover(Path::new(""), None).expect("ok").map(|c| c.path);
    let b = discover(&here, None).expect("ok").map(|c| c.path);
    assert_eq!(a, b);
}

// ---------------------------------------------------------------- bounds

#[test]
fn discovery_stops_at_the_repository_root() {
    let root = scratch("repo-bound");
    // Above the repository: not this project's file, never applied.
    write(&root.join(config::FILE_NAME), "fail-on = \"error\"\n");
    let repo = root.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    std::fs::create_dir_all(repo.join("nets")).expect("mkdir");
    assert_eq!(discover(&repo.join("nets"), None).expect("ok"), None);
    let dirs = config::search_dirs(&repo.join("nets"), None).expect("ok");
    assert_eq!(dirs, [repo.join("nets"), repo.clone()]);
    // One inside the repository, at its root, applies.
    write(&repo.join(config::FILE_NAME), "fail-on = \"info\"\n");
    let found = discover(&repo.join("nets"), None)
        .expect("ok")
        .expect("found");
    assert_eq!(found.path, repo.join(config::FILE_NAME));
    // A `.git` file (a worktree or submodule) marks a root as well.
    let sub = repo.join("vendor/lib");
    std::fs::create_dir_all(&sub).expect("mkdir");
    write(&sub.join(".git"), "gitdir: ../../.git/modules/lib\n");
    assert_eq!(discover(&sub, None).expect("ok"), None);
}

#[test]
fn discovery_stops_at_home() {
    let root = scratch("home-bound");
    write(&root.join(config::FILE_NAME), "fail-on = \"error\"\n");
    let home = root.join("home");
    let project = home.join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    assert_eq!(discover(&project, Some(&home)).expect("ok"), None);
    // Without the bound, the file above home would have been found.
    assert!(discover(&project, None).expect("ok").is_some());
    // Home itself is still searched.
    write(&home.join(config::FILE_NAME), "fail-on = \"info\"\n");
    let found = discover(&project, Some(&home)).expect("ok").expect("found");
    assert_eq!(found.path, home.join(config::FILE_NAME));
}

#[test]
fn discovery_outside_repository_and_home_stays_in_the_directory() {
    use std::os::unix::fs::PermissionsExt;
    // Under the system temporary directory: no repository, not home.
    let root = std::env::temp_dir().join(format!("netlint-config-outside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let x = root.join("x");
    std::fs::create_dir_all(&x).expect("mkdir");
    std::fs::set_permissions(&x, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // A file above is someone else's: /tmp/netlint.toml for /tmp/x/y.net.
    write(&root.join(config::FILE_NAME), "ignore = [\"A\"]\n");
    let dirs = config::search_dirs(&x, None).expect("ok");
    let above = discover(&x, None);
    // The file's own directory still counts.
    write(&x.join(config::FILE_NAME), "fail-on = \"info\"\n");
    let own = discover(&x, None).map(|c| c.map(|c| c.path));
    // Not when anyone may write to it (the directory is /tmp itself).
    std::fs::set_permissions(&x, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let open = config::search_dirs(&x, None).expect("ok");
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(dirs, std::slice::from_ref(&x));
    assert!(matches!(above, Ok(None)), "{above:?}");
    assert_eq!(own.expect("ok"), Some(x.join(config::FILE_NAME)));
    assert!(open.is_empty(), "{open:?}");
}

// ---------------------------------------------------------------- command line

/// A warning (A106: a VPC outside the private ranges) to silence.
const WARNS: &str = "vpc main { cidr 11.0.0.0/16 }\n";

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn check_ignores_a_netlint_toml_above_the_repository() {
    let root = scratch("cli-above-repo");
    write(&root.join(config::FILE_NAME), "ignore = [\"A\"]\n");
    let repo = root.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    let net = repo.join("x.net");
    write(&net, WARNS);
    let (code, out, _) = netlint(&["check", path_str(&net)], "");
    assert_eq!(
        code, 1,
        "the file above the repository silenced A106: {out}"
    );
    assert!(out.contains("A106"), "{out}");
    // Inside the repository it applies.
    write(&repo.join(config::FILE_NAME), "ignore = [\"A\"]\n");
    let (code, out, _) = netlint(&["check", path_str(&net)], "");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn config_names_the_file_explicitly() {
    let root = scratch("cli-explicit");
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    let net = root.join("x.net");
    write(&net, WARNS);
    // A file found by discovery that would fail the run…
    write(&root.join(config::FILE_NAME), "fail-on = \"info\"\n");
    // …is replaced by the one named with --config.
    let named = root.join("elsewhere/quiet.toml");
    write(&named, "ignore = [\"A106\"]\n");
    let (code, out, err) = netlint(&["check", "--config", path_str(&named), path_str(&net)], "");
    assert_eq!((code, out.as_str()), (0, "no problems found\n"), "{err}");
    // It applies to standard input too.
    let (code, _, _) = netlint(&["check", "--config", path_str(&named), "-"], WARNS);
    assert_eq!(code, 0);
    // A missing or broken file is an error, not a silent default.
    let missing = root.join("missing.toml");
    let (code, _, err) = netlint(
        &["check", "--config", path_str(&missing), path_str(&net)],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("missing.toml"), "{err}");
    // --config and --no-config contradict each other.
    let (code, _, err) = netlint(
        &[
            "check",
            "--no-config",
            "--config",
            path_str(&named),
            path_str(&net),
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    // build takes the same option.
    let (code, out, err) = netlint(&["build", "--config", path_str(&named), path_str(&net)], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AWSTemplateFormatVersion"), "{out}");
}

#[test]
fn verbose_says_which_configuration_applied() {
    let root = scratch("cli-verbose");
    std::fs::create_dir_all(root.join("repo/.git")).expect("mkdir");
    let net = root.join("repo/x.net");
    write(&net, WARNS);
    let (_, _, err) = netlint(&["check", "--verbose", path_str(&net)], "");
    assert_eq!(
        err,
        format!(
            "netlint: {}: no configuration: no netlint.toml in {}\n",
            net.display(),
            root.join("repo").display()
        )
    );
    write(&root.join("repo/netlint.toml"), "ignore = [\"A106\"]\n");
    let (code, _, err) = netlint(&["check", "--verbose", path_str(&net)], "");
    assert_eq!(code, 0);
    assert_eq!(
        err,
        format!(
            "netlint: {}: configuration {}\n",
            net.display(),
            root.join("repo/netlint.toml").display()
        )
    );
    let (_, _, err) = netlint(&["check", "--verbose", "--no-config", path_str(&net)], "");
    assert!(err.ends_with(": no configuration (--no-config)\n"), "{err}");
    // Quiet without --verbose.
    let (_, _, err) = netlint(&["check", path_str(&net)], "");
    assert_eq!(err, "");
    let (_, _, err) = netlint(&["build", "--verbose", path_str(&net)], "");
    assert!(err.contains("configuration "), "{err}");
}

#[test]
fn sarif_records_the_applied_configuration() {
    let root = scratch("cli-sarif");
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    let (with, without) = (root.join("a/x.net"), root.join("y.net"));
    write(&with, WARNS);
    write(&without, WARNS);
    write(&root.join("a/netlint.toml"), "ignore = [\"A106\"]\n");
    let (_, out, _) = netlint(
        &[
            "check",
            "--format",
            "sarif",
            path_str(&with),
            path_str(&without),
        ],
        "",
    );
    let log: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let configs = &invocation["properties"]["netlint.configFiles"];
    assert_eq!(configs[0]["input"], path_str(&with));
    assert_eq!(configs[0]["config"], path_str(&root.join("a/netlint.toml")));
    assert_eq!(configs[1]["input"], path_str(&without));
    assert!(configs[1]["config"].is_null());
}

#[test]
fn many_inputs_each_keep_their_configuration_and_order() {
    // Several files checked in parallel: each is judged by its own
    // `fail-on`, and the `--verbose` lines come in argument order.
    let root = scratch("cli-many");
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    let mut nets = Vec::new();
    for i in 0..8 {
        let net = root.join(format!("d{i}/x.net"));
        write(&net, WARNS);
        if i % 2 == 0 {
            write(
                &root.join(format!("d{i}/netlint.toml")),
                "fail-on = \"error\"\n",
            );
        }
        nets.push(net);
    }
    // Not in name order, and a file tolerating warnings first.
    nets.rotate_left(6);
    let tolerant: Vec<&str> = nets
        .iter()
        .filter(|n| n.with_file_name("netlint.toml").exists())
        .map(|n| path_str(n))
        .collect();
    let mut args = vec!["check", "--verbose"];
    args.extend(&tolerant);
    let (code, out, err) = netlint(&args, "");
    assert_eq!(code, 0, "warnings under fail-on = error: {out}{err}");
    // One file without that configuration fails the run, wherever it is,
    // even after files whose configuration tolerates warnings.
    let all: Vec<&str> = nets.iter().map(|n| path_str(n)).collect();
    let mut args = vec!["check", "--verbose"];
    args.extend(&all);
    let (code, out, err) = netlint(&args, "");
    assert_eq!(code, 1, "{out}{err}");
    let expected: String = nets
        .iter()
        .map(|n| {
            let toml = n.with_file_name("netlint.toml");
            if toml.exists() {
                format!(
                    "netlint: {}: configuration {}\n",
                    n.display(),
                    toml.display()
                )
            } else {
                format!(
                    "netlint: {}: no configuration: no netlint.toml in {} or above it up to {}\n",
                    n.display(),
                    n.parent().expect("dir").display(),
                    root.display()
                )
            }
        })
        .collect();
    assert_eq!(err, expected);
}

/// `build --select/--ignore/--fail-on`: what remains at or above the
/// threshold after selection blocks the template; E-codes always do.
#[test]
fn build_takes_select_ignore_and_fail_on() {
    let src = "vpc main { cidr 10.0.0.0/16 }\n\
               security-group open { vpc main; description \"lab\"; ingress all from 0.0.0.0/0 }\n";
    let (code, out, err) = netlint(&["build", "--no-config", "-"], src);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty() && err.contains("S303"), "{err}");
    let (code, out, err) = netlint(&["build", "--no-config", "--ignore", "S303", "-"], src);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AWSTemplateFormatVersion"));
    let (code, _, _) = netlint(&["build", "--no-config", "--select", "A", "-"], src);
    assert_eq!(code, 0);
    // The S307 info blocks at `--fail-on info`.
    let (code, out, err) = netlint(
        &[
            "build",
            "--no-config",
            "--ignore",
            "S303",
            "--fail-on",
            "info",
            "-",
        ],
        src,
    );
    assert_eq!(code, 1);
    assert!(
        out.is_empty() && err.contains("S307") && err.contains("--fail-on info"),
        "{err}"
    );
    // E-codes cannot be ignored.
    let (code, _, err) = netlint(
        &["build", "--no-config", "--ignore", "E", "-"],
        "vpc main { cidr 10.0.0.0/33 }\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E004"), "{err}");
    let (code, _, err) = netlint(&["build", "--ignore", "S3O3", "-"], src);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `S303`"), "{err}");
}
