//! `build -o OUT` never destroys what it writes to: a device, FIFO or
//! /dev/stdout is written in place, a symlink's target is replaced and the
//! link kept, a file keeps its mode, the input is never overwritten, and
//! temporary files do not outlive the process that made them.

#![cfg(unix)]

mod common;

use common::*;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A directory holding `lecture.net` (builds cleanly).
fn setup(tag: &str) -> (PathBuf, PathBuf) {
    let dir = scratch_dir(tag);
    let input = dir.join("lecture.net");
    fs::copy(root().join("examples/lecture.net"), &input).unwrap();
    (dir, input)
}

/// `netlint build INPUT -o OUT` in memory: (code, stdout, stderr).
fn build(input: &Path, out: &Path) -> (i32, Vec<u8>, String) {
    let args = vec![
        OsString::from("build"),
        input.into(),
        "-o".into(),
        out.into(),
    ];
    let mut stdout = Vec::new();
    let (code, err) = run_cli_to(args, b"", &mut stdout);
    (code, stdout, String::from_utf8(err).unwrap())
}

/// The template `build` prints for `input`.
fn template(input: &Path) -> Vec<u8> {
    let (code, out, err) = run_cli(&["build", input.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn devices_are_written_in_place() {
    let (_dir, input) = setup("out-devices");
    let (code, _, err) = build(&input, Path::new("/dev/null"));
    assert_eq!(code, 0, "{err}");
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    if Path::new("/dev/full").exists() {
        let (code, _, err) = build(&input, Path::new("/dev/full"));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("No space left on device"), "{err}");
        assert!(
            fs::metadata("/dev/full")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn dev_stdout_is_standard_output() {
    let (_dir, input) = setup("out-stdout");
    for name in ["/dev/stdout", "-"] {
        let (code, out, err) = build(&input, Path::new(name));
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, template(&input), "{name}");
    }
}

#[test]
fn a_fifo_is_written_in_place() {
    let (dir, input) = setup("out-fifo");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let (code, _, err) = build(&input, &fifo);
    assert_eq!(code, 0, "{err}");
    assert_eq!(reader.join().unwrap(), template(&input));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_symlink_keeps_pointing_at_its_replaced_target() {
    let (dir, input) = setup("out-symlink");
    let sub = dir.join("real");
    fs::create_dir(&sub).unwrap();
    let target = sub.join("t.json");
    fs::write(&target, "old").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink("real/t.json", &link).unwrap();
    let (code, _, err) = build(&input, &link);
    assert_eq!(code, 0, "{err}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real/t.json"));
    assert_eq!(fs::read(&target).unwrap(), template(&input));
    assert_eq!(names(&sub), ["t.json"]);

    // A dangling link: its target is created.
    fs::remove_file(&target).unwrap();
    let (code, _, err) = build(&input, &link);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read(&target).unwrap(), template(&input));
}

#[test]
fn an_existing_file_keeps_its_mode() {
    let (dir, input) = setup("out-mode");
    for mode in [0o600, 0o640, 0o755] {
        let out = dir.join(format!("t{mode:o}.json"));
        fs::write(&out, "old").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(mode)).unwrap();
        let (code, _, err) = build(&input, &out);
        assert_eq!(code, 0, "{err}");
        assert_eq!(fs::metadata(&out).unwrap().mode() & 0o7777, mode);
        assert_eq!(fs::read(&out).unwrap(), template(&input));
    }
}

#[test]
fn the_input_is_never_the_output() {
    let (dir, input) = setup("out-same");
    let before = fs::read(&input).unwrap();
    let hard = dir.join("hard.net");
    fs::hard_link(&input, &hard).unwrap();
    let soft = dir.join("soft.json");
    std::os::unix::fs::symlink("lecture.net", &soft).unwrap();
    for out in [&input, &hard, &soft] {
        let (code, _, err) = build(&input, out);
        assert_eq!(code, 2, "{}: {err}", out.display());
        assert!(err.contains("input file"), "{err}");
        assert_eq!(fs::read(&input).unwrap(), before);
    }
    assert_eq!(names(&dir), ["hard.net", "lecture.net", "soft.json"]);
}

#[test]
fn a_regular_file_is_replaced_atomically_without_leftovers() {
    let (dir, input) = setup("out-atomic");
    let out = dir.join("t.json");
    fs::write(&out, "old").unwrap();
    let old_inode = fs::metadata(&out).unwrap().ino();
    let (code, _, err) = build(&input, &out);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read(&out).unwrap(), template(&input));
    assert_ne!(
        fs::metadata(&out).unwrap().ino(),
        old_inode,
        "renamed into place"
    );
    assert_eq!(names(&dir), ["lecture.net", "t.json"]);
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn temporary_files_of_dead_processes_are_removed() {
    let (dir, input) = setup("out-stale");
    let dead = dead_pid();
    let mut alive = Command::new("sleep").arg("30").spawn().unwrap();
    let stale = [
        format!(".t.json.netlint-{dead}-0.tmp"),
        format!(".t.json.tmp-{dead}-7"),
    ];
    let kept = [
        format!(".t.json.netlint-{}-0.tmp", alive.id()),
        format!(".other.json.netlint-{dead}-0.tmp"),
        ".t.json.netlint-x-0.tmp".to_string(),
    ];
    for name in stale.iter().chain(&kept) {
        fs::write(dir.join(name), "left behind").unwrap();
    }
    let (code, _, err) = build(&input, &dir.join("t.json"));
    let _ = alive.kill();
    let _ = alive.wait();
    assert_eq!(code, 0, "{err}");
    let left = names(&dir);
    for name in &stale {
        assert!(!left.contains(name), "{name} should be gone: {left:?}");
    }
    for name in &kept {
        assert!(left.contains(name), "{name} should stay: {left:?}");
    }
}

#[test]
fn a_failed_build_writes_nothing_and_leaves_nothing() {
    let (dir, _) = setup("out-fail");
    let bad = dir.join("bad.net");
    fs::write(&bad, "vpc main { cidr 10.0.0.0/16 }\nsubnett x {}\n").unwrap();
    let (code, _, _) = build(&bad, &dir.join("t.json"));
    assert_eq!(code, 1);
    let (code, _, err) = build(&dir.join("lecture.net"), &dir.join("nope").join("t.json"));
    assert_eq!(code, 2, "{err}");
    assert_eq!(names(&dir), ["bad.net", "lecture.net"]);
}

#[test]
fn the_real_binary_writes_to_dev_stdout_and_keeps_dev_null() {
    let (dir, input) = setup("out-binary");
    let redirected = dir.join("redirected.json");
    let out = Command::new(env!("CARGO_BIN_EXE_netlint"))
        .arg("build")
        .arg(&input)
        .args(["-o", "/dev/stdout"])
        .stdout(fs::File::create(&redirected).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fs::read(&redirected).unwrap(), template(&input));
    let out = Command::new(env!("CARGO_BIN_EXE_netlint"))
        .arg("build")
        .arg(&input)
        .args(["-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}
