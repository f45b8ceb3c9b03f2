//! `netlint check` on many files, and on directories, checks them in
//! parallel and prints exactly what a sequential run prints: files in
//! argument order (a directory's in name order), errors on stderr in that
//! order too.

mod common;

use common::*;
use netlint::render::{self, FileReport, Format, Invocation, RenderOptions};
use std::fs;
use std::path::PathBuf;

/// Files of very different sizes and findings, so that workers finish in
/// another order than they started.
fn corpus(tag: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = scratch_dir(tag);
    let examples = net_files(&root().join("examples"));
    let mut files = Vec::new();
    for i in 0..16 {
        let sub = dir.join(format!("d{}", i % 3));
        fs::create_dir_all(&sub).unwrap();
        let src = if i % 4 == 3 {
            format!("vpc main {{ cidr 10.0.0.0/16 }}\nsubnett s{i} {{}}\n")
        } else {
            read(&examples[i % examples.len()])
        };
        let path = sub.join(format!("f{i:02}.net"));
        fs::write(&path, src).unwrap();
        files.push(path);
    }
    files.sort();
    (dir, files)
}

/// What a sequential run prints: each file in turn, then the summary (and
/// for SARIF the run's record: every file checked, under `--no-config`
/// with no configuration).
fn sequential(files: &[PathBuf], format: Format) -> String {
    let sources: Vec<String> = files.iter().map(|f| read(f)).collect();
    let checked: Vec<_> = sources.iter().map(|s| check(s)).collect();
    let reports: Vec<FileReport<'_>> = files
        .iter()
        .zip(&sources)
        .zip(&checked)
        .map(|((f, s), d)| FileReport::new(f, s.as_str(), d))
        .collect();
    let options = RenderOptions {
        summary: true,
        invocation: Some(Invocation { complete: true }),
        ..RenderOptions::default()
    };
    render::to_string(format, &reports, &options)
}

fn check_cli(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--no-config", "--color", "never"];
    all.extend(args);
    run_cli_text(&all, b"")
}

#[test]
fn many_files_print_in_argument_order() {
    let (_dir, files) = corpus("parallel-files");
    // Reversed: the order given, not the sorted one, is the order printed.
    let reversed: Vec<PathBuf> = files.iter().rev().cloned().collect();
    let args: Vec<&str> = reversed.iter().map(|p| p.to_str().unwrap()).collect();
    for format in ["human", "github", "sarif", "json"] {
        let mut a = vec!["--format", format];
        a.extend(&args);
        let (code, out, err) = check_cli(&a);
        assert_eq!(code, 1, "{err}");
        let f = match format {
            "human" => Format::Human,
            "github" => Format::Github,
            "sarif" => Format::Sarif,
            _ => Format::Json,
        };
        assert_eq!(out, sequential(&reversed, f), "{format}");
    }
}

#[test]
fn a_directory_stands_for_its_net_files_in_name_order() {
    let (dir, files) = corpus("parallel-dir");
    fs::create_dir_all(dir.join(".hidden")).unwrap();
    fs::write(dir.join(".hidden/x.net"), "subnett broken {}\n").unwrap();
    fs::create_dir_all(dir.join("target")).unwrap();
    fs::write(dir.join("target/x.net"), "subnett broken {}\n").unwrap();
    fs::write(dir.join("notes.txt"), "not a network").unwrap();
    let (code, out, err) = check_cli(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, sequential(&files, Format::Human));
    assert!(!out.contains(".hidden/x.net") && !out.contains("target/x.net"));
}

#[test]
fn errors_keep_their_place_among_files() {
    let (dir, files) = corpus("parallel-errors");
    let empty = dir.join("empty");
    fs::create_dir_all(&empty).unwrap();
    let missing = dir.join("missing.net");
    let args = [
        files[0].to_str().unwrap(),
        missing.to_str().unwrap(),
        files[1].to_str().unwrap(),
        empty.to_str().unwrap(),
        files[2].to_str().unwrap(),
    ];
    let (code, out, err) = check_cli(&args);
    assert_eq!(code, 2, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains("cannot read") && lines[0].contains("missing.net"),
        "{err}"
    );
    assert!(
        lines[1].contains("no .net files or templates under"),
        "{err}"
    );
    assert_eq!(out, sequential(&files[..3], Format::Human));
}

#[test]
fn stdin_among_files_is_read_once_in_its_place() {
    let (_dir, files) = corpus("parallel-stdin");
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnett piped {}\n";
    let args = [
        "check",
        "--no-config",
        "--format",
        "json",
        files[0].to_str().unwrap(),
        "-",
        files[1].to_str().unwrap(),
    ];
    let (code, out, _) = run_cli(&args, src.as_bytes());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let piped: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "-")
        .collect();
    assert_eq!(piped.len(), 1, "{v:#}");
    assert!(piped[0]["message"].as_str().unwrap().contains("subnett"));
}

#[path = "bench/generate.rs"]
mod generate;

use netlint::check::{self as pipeline, Threads};
use netlint::settings::Settings;

/// A generated network above the size where the rules run on threads,
/// with findings of several rules in every stanza and suppressions.
fn network_with_findings() -> String {
    let mut src = generate::generate(2_500);
    for (clean, broken) in [
        ("from 203.0.113.0/24", "from 0.0.0.0/0"),
        ("  inbound 200 allow tcp 1024-65535 from 0.0.0.0/0\n", ""),
        ("  description \"PostgreSQL: from the app tier\"\n", ""),
        ("zone b; size 200GiB", "zone a; size 200GiB"),
        ("  min 2\n  max 10\n", "  min 10\n  max 2\n"),
        ("  description \"NLB: TLS API and MQTT from devices\"\n", ""),
        (
            "security-group nlb-sg-",
            "# netlint: allow S310 -- generated\nsecurity-group nlb-sg-",
        ),
    ] {
        assert!(
            src.contains(clean),
            "the generator no longer writes {clean:?}"
        );
        src = src.replace(clean, broken);
    }
    src
}

/// A run's output in every format, suppressed findings included.
fn outputs(name: &str, src: &str, threads: Threads) -> Vec<String> {
    outputs_under(name, src, &Settings::default(), threads)
}

/// [`outputs`] under other settings.
fn outputs_under(name: &str, src: &str, settings: &Settings, threads: Threads) -> Vec<String> {
    let c = pipeline::run_with(src, settings, threads);
    let files = [FileReport::new(name, src, &c.diagnostics).with_suppressed(&c.suppressed)];
    let options = RenderOptions {
        show_suppressed: true,
        summary: true,
        ..RenderOptions::default()
    };
    [Format::Human, Format::Json, Format::Sarif, Format::Github]
        .into_iter()
        .map(|f| render::to_string(f, &files, &options))
        .collect()
}

#[test]
fn rules_on_threads_print_what_one_thread_prints() {
    // Every example and every rule fixture, on threads whatever its size.
    let mut inputs = net_files(&root().join("examples"));
    for code in fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        inputs.push(code.unwrap().path().join("bad.net"));
    }
    let forced = Threads {
        max: 4,
        min_declarations: 0,
    };
    for path in &inputs {
        let src = read(path);
        let name = path.display().to_string();
        assert_eq!(
            outputs(&name, &src, forced),
            outputs(&name, &src, Threads::one()),
            "{name}"
        );
    }
    // A network large enough for threads by default, with many findings.
    let src = network_with_findings();
    let checked = pipeline::run_with(&src, &Settings::default(), Threads::one());
    let (model, _) = checked.model.as_ref().expect("no errors in the file");
    assert!(model.order.len() >= Threads::MIN_DECLARATIONS);
    let codes: std::collections::BTreeSet<_> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.len() >= 6, "{codes:?}");
    assert!(!checked.suppressed.is_empty());
    for threads in [2, 3, 8] {
        assert_eq!(
            outputs("gen.net", &src, Threads::new(threads)),
            outputs("gen.net", &src, Threads::one()),
            "{threads} threads"
        );
    }
}

#[test]
fn one_large_file_prints_what_a_sequential_run_prints() {
    // The CLI gives a lone file's rules every core.
    let dir = scratch_dir("parallel-rules");
    let file = dir.join("gen.net");
    let src = network_with_findings();
    fs::write(&file, &src).unwrap();
    let name = file.to_str().unwrap();
    for (format, f) in [("human", Format::Human), ("json", Format::Json)] {
        let (code, out, err) = check_cli(&["--format", format, "--show-suppressed", name]);
        assert_eq!(code, 1, "{err}");
        let c = pipeline::run_with(&src, &Settings::default(), Threads::one());
        let files = [FileReport::new(&file, &src, &c.diagnostics).with_suppressed(&c.suppressed)];
        let options = RenderOptions {
            show_suppressed: true,
            summary: true,
            invocation: Some(Invocation { complete: true }),
            ..RenderOptions::default()
        };
        assert_eq!(out, render::to_string(f, &files, &options), "{format}");
    }
}

/// With threads, E010 is checked beside the topology and the rules, which
/// run on speculation: when the file has a collision their findings must
/// vanish, as they never exist on one thread. Collisions across the two
/// halves of the declarations (the hashing's split for `--select E`): a
/// declaration against one of the first half, and against a derived id.
#[test]
fn a_logical_id_collision_drops_the_rules_on_threads_too() {
    let errors = Settings::errors_in_file_only();
    for extra in ["eip pub_a_0 {}\n", "eip pub-rt-0-route1 {}\n"] {
        let src = format!("{}{extra}", network_with_findings());
        let one = pipeline::run_with(&src, &Settings::default(), Threads::one());
        assert!(!one.diagnostics.is_empty(), "{extra}");
        assert!(
            one.diagnostics.iter().all(|d| d.code.as_str() == "E010"),
            "{extra}"
        );
        for threads in [2, 3, 8] {
            let t = Threads::new(threads);
            assert_eq!(
                outputs("gen.net", &src, t),
                outputs("gen.net", &src, Threads::one()),
                "{extra}, {threads} threads"
            );
            assert_eq!(
                outputs_under("gen.net", &src, &errors, t),
                outputs_under("gen.net", &src, &errors, Threads::one()),
                "{extra}, {threads} threads, errors only"
            );
            for report in [pipeline::report_with, pipeline::report_once] {
                let c = report(&src, &Settings::default(), t);
                assert_eq!(c.diagnostics, one.diagnostics, "{extra}, {threads} threads");
                assert!(c.model.is_none());
            }
        }
    }
}

/// The reporting entry points on threads (the topology built beside the
/// E010 check, the analysis left to the exit) find what one thread finds,
/// with every rule and with the front end alone.
#[test]
fn reporting_on_threads_finds_what_one_thread_finds() {
    let src = network_with_findings();
    for settings in [Settings::default(), Settings::errors_in_file_only()] {
        let one = pipeline::run_with(&src, &settings, Threads::one());
        for report in [pipeline::report_with, pipeline::report_once] {
            let c = report(&src, &settings, Threads::new(2));
            assert_eq!(c.diagnostics, one.diagnostics);
            assert_eq!(c.suppressed, one.suppressed);
        }
        let kept = pipeline::run_with(&src, &settings, Threads::new(2));
        assert_eq!(kept.diagnostics, one.diagnostics);
        assert!(kept.model.is_some());
    }
}
