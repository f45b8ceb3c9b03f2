//! Standard streams and file names: a failed write is an error (exit 2 and
//! a message), a closed pipe ends quietly (141), a closed stdin is an error
//! rather than an empty file, a UTF-8 BOM is skipped, and a file name that
//! is not UTF-8 is shown without loss and named exactly in SARIF.
//!
//! In memory where the CLI alone decides; through the real binary where
//! the operating system does (/dev/full, pipes, closed descriptors).

mod common;

use common::*;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

const CLEAN: &str = "vpc main { cidr 10.0.0.0/16 }\n";
const BAD: &str = "vpc main { cidr 10.0.0.0/16 }\nsubnett x {}\n";

/// A writer that fails every write with `kind`.
struct Failing(io::ErrorKind);

impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(self.0, "simulated failure"))
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::new(self.0, "simulated failure"))
    }
}

/// Run the CLI in memory with a failing stdout; (code, stderr).
fn with_failing_stdout(args: &[&str], kind: io::ErrorKind) -> (i32, String) {
    let dir = scratch_dir("streams-in-memory");
    let file = dir.join("f.net");
    std::fs::write(&file, BAD).unwrap();
    let file = file.to_str().unwrap().to_string();
    let args = args
        .iter()
        .map(|a| OsString::from(if *a == "FILE" { file.as_str() } else { a }))
        .collect();
    let (code, err) = run_cli_to(args, b"", &mut Failing(kind));
    (code, String::from_utf8(err).unwrap())
}

/// Every command that writes to stdout.
const WRITERS: &[&[&str]] = &[
    &["check", "FILE"],
    &["check", "--format", "json", "FILE"],
    &["check", "--format", "sarif", "FILE"],
    &["check", "--format", "github", "FILE"],
    &["rules"],
    &["rules", "--format", "json"],
    &["explain", "S302"],
    &["--help"],
    &["--version"],
];

#[test]
fn a_failed_write_exits_2_with_a_message() {
    for args in WRITERS {
        let (code, err) = with_failing_stdout(args, io::ErrorKind::Other);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.starts_with("error: cannot write") && err.contains("simulated failure"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_141() {
    for args in WRITERS {
        let (code, err) = with_failing_stdout(args, io::ErrorKind::BrokenPipe);
        assert_eq!(code, 141, "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn reach_and_build_report_failed_writes_too() {
    let dir = scratch_dir("streams-reach");
    let file = dir.join("lecture.net");
    std::fs::copy(root().join("examples/lecture.net"), &file).unwrap();
    let f = file.to_str().unwrap();
    for args in [
        vec!["reach", f, "internet", "bastion", "tcp", "22"],
        vec!["reach", "--format", "json", f, "internet", "bastion"],
        vec!["build", f],
    ] {
        let os_args = args.iter().map(OsString::from).collect();
        let (code, err) = run_cli_to(os_args, b"", &mut Failing(io::ErrorKind::Other));
        let err = String::from_utf8(err).unwrap();
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("cannot write"), "{err}");
    }
}

#[test]
fn a_bom_is_skipped_and_positions_are_counted_after_it() {
    let (code, out, err) = run_cli(&["check", "-"], format!("\u{feff}{CLEAN}").as_bytes());
    assert_eq!(
        (code, out.as_slice()),
        (0, b"no problems found\n".as_slice()),
        "{}",
        String::from_utf8_lossy(&err)
    );
    let plain = run_cli(&["check", "--format", "json", "-"], BAD.as_bytes()).1;
    let with_bom = run_cli(
        &["check", "--format", "json", "-"],
        format!("\u{feff}{BAD}").as_bytes(),
    )
    .1;
    assert_eq!(
        String::from_utf8(with_bom).unwrap(),
        String::from_utf8(plain).unwrap()
    );
    // Only a leading one: elsewhere it is a character like any other.
    let (code, _, _) = run_cli(&["check", "-"], format!("{CLEAN}\u{feff}").as_bytes());
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_shown_escaped_and_named_exactly_in_sarif() {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let dir = scratch_dir("streams-names");
    let path = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9 net.net"));
    std::fs::write(&path, BAD).unwrap();
    let run = |format: &str| {
        let args = ["check", "--format", format]
            .iter()
            .map(OsString::from)
            .chain([path.clone().into_os_string()])
            .collect();
        let mut out = Vec::new();
        assert_eq!(run_cli_to(args, b"", &mut out).0, 1);
        String::from_utf8(out).expect("output is UTF-8")
    };
    assert!(run("human").contains("caf\\xe9 net.net:2:1"));
    assert!(run("json").contains("caf\\\\xe9 net.net"));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    let path_part = uri.strip_prefix("file://").expect("an absolute file URI");
    let mut bytes = Vec::new();
    let mut rest = path_part.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(&tail[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    assert_eq!(
        std::path::PathBuf::from(OsString::from_vec(bytes)),
        path,
        "{uri}"
    );
}

// ---- the real binary, where the OS decides ----

fn netlint_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_netlint"))
}

fn lecture() -> String {
    root().join("examples/lecture.net").display().to_string()
}

#[cfg(target_os = "linux")]
#[test]
fn writing_to_dev_full_exits_2() {
    let l = lecture();
    for args in [
        vec!["check", "--format", "sarif", l.as_str()],
        vec!["check", l.as_str()],
        vec!["rules"],
        vec!["explain", "S302"],
        vec!["reach", l.as_str(), "internet", "bastion", "tcp", "22"],
        vec!["build", l.as_str()],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = netlint_bin().args(&args).stdout(full).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_netlint_quietly() {
    // Megabytes of JSON: more than a pipe holds, so netlint is still
    // writing when the reader closes its end. One stray `}` per line: a
    // run of them on one line is a single finding.
    let dir = scratch_dir("streams-pipe");
    let file = dir.join("braces.net");
    std::fs::write(&file, "}\n".repeat(20_000)).unwrap();
    let mut child = netlint_bin()
        .args(["check", "--format", "json"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[cfg(unix)]
#[test]
fn a_closed_stdin_or_stdout_is_an_error_not_an_empty_stream() {
    let bin = env!("CARGO_BIN_EXE_netlint");
    let sh = |script: &str| {
        Command::new("sh")
            .args(["-c", script, bin])
            .output()
            .unwrap()
    };
    let out = sh(r#""$0" check - <&-"#);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("standard input is closed"), "{err}");
    assert!(out.stdout.is_empty(), "no report when nothing was read");

    let out = sh(r#""$0" build - <&-"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no empty template");

    // /dev/null is an empty file, as before.
    let out = sh(r#""$0" check - </dev/null"#);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no problems found\n");

    let script = format!(r#""$0" check {} >&-"#, lecture());
    let out = sh(&script);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("standard output is closed"), "{err}");
}
