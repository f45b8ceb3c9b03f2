//! Where the commands' output goes, and what a failed write means.
//!
//! [`write_file`] is how any command writes a file (today `build -o`).
//!
//! A failed write is never ignored: a full disk or a vanished file system
//! behind stdout exits 2 with a message, so that CI does not upload an empty
//! SARIF file as "no findings". A closed pipe (`netlint … | head`) is the
//! reader saying it has seen enough: netlint stops quietly with status 141,
//! what the shell reports for a program killed by SIGPIPE (128 + 13), as
//! `cat` or `git` would end.

use super::sys;
use crate::render::text::{display_name, escape};
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The exit status after the reader of stdout went away (128 + SIGPIPE).
pub const BROKEN_PIPE: i32 = 141;

/// The exit status for a failed write of `what`, saying why on stderr
/// (nothing for a closed pipe).
pub fn write_failed(err: &mut dyn Write, what: &str, e: &io::Error) -> i32 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return BROKEN_PIPE;
    }
    let _ = writeln!(err, "error: cannot write {}: {e}", escape(what, false));
    2
}

/// Write all of `data` and flush.
pub fn write_all(out: &mut dyn Write, data: &[u8]) -> io::Result<()> {
    out.write_all(data)?;
    out.flush()
}

/// Write `data` to the file `path` names, without destroying what is there:
///
/// - `-`, `/dev/stdout` (and `/dev/fd/1`, `/proc/self/fd/1`) are standard
///   output: written to `stdout`, so a shell's redirection, append mode
///   included, is respected;
/// - a device, FIFO or socket, or another descriptor alias (`/dev/fd/N`,
///   `/proc/self/fd/N`, `/dev/stderr`), is opened and written in place,
///   never replaced by a regular file;
/// - a regular file is replaced atomically (temporary file in the same
///   directory, fsync, rename, fsync of the directory) and keeps its mode
///   and, where permitted, its owner;
/// - a symlink is followed: its final target is replaced, the link stays;
/// - a path that is one of `inputs` (same device and inode, through any
///   links) is refused: the output would overwrite what it was built from.
///
/// Temporary files leave nothing behind when netlint is killed: on Linux
/// the file is created unnamed (`O_TMPFILE`) and only linked under a name
/// for the instant before the rename; where that is not available, and
/// for that instant, it is `.NAME.netlint-PID-N.tmp`, and every run first
/// removes such files (and the `.NAME.tmp-PID-N` of older versions) whose
/// process is gone.
pub fn write_file(
    path: &Path,
    data: &[u8],
    inputs: &[&Path],
    stdout: &mut dyn Write,
) -> io::Result<()> {
    if is_stdout(path) {
        return write_all(stdout, data);
    }
    let target = resolve_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &existing {
        refuse_inputs(m, inputs)?;
        if m.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        }
        if !m.is_file() || is_descriptor_alias(path) {
            return write_in_place(&target, data, m.is_file());
        }
    }
    replace_atomically(&target, data, existing.as_ref())
}

fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|s| path.as_os_str() == *s)
}

/// Names of an open descriptor rather than of a file: replacing what they
/// point at would not write to the descriptor.
fn is_descriptor_alias(path: &Path) -> bool {
    path.starts_with("/dev/fd")
        || path.starts_with("/proc/self/fd")
        || path.starts_with("/proc/thread-self/fd")
        || path.as_os_str() == "/dev/stderr"
}

/// The path at the end of a chain of symbolic links (relative targets are
/// taken from the link's directory); the path itself when it is not a
/// link or does not exist.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                if is_descriptor_alias(&current) {
                    return Ok(current);
                }
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn refuse_inputs(target: &fs::Metadata, inputs: &[&Path]) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        if let Ok(m) = fs::metadata(input)
            && (m.dev(), m.ino()) == (target.dev(), target.ino())
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "it is the input file {}; write the output elsewhere",
                    display_name(input)
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_inputs(_target: &fs::Metadata, inputs: &[&Path]) -> io::Result<()> {
    let _ = inputs;
    Ok(())
}

/// A device, FIFO or descriptor alias: open it for writing and write.
/// A regular file behind a descriptor alias is truncated first.
fn write_in_place(target: &Path, data: &[u8], truncate: bool) -> io::Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .truncate(truncate)
        .open(target)?;
    f.write_all(data)?;
    f.flush()
}

fn replace_atomically(
    target: &Path,
    data: &[u8],
    existing: Option<&fs::Metadata>,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    remove_stale_temporaries(&dir, name);
    let tmp = write_temp(&dir, name, data, existing)?;
    if let Err(e) = fs::rename(&tmp, target) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // Persist the rename itself; not every platform can open a directory,
    // and the data is already safe, so this is best effort.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A temporary file in `dir` holding `data` (synced, with the mode and
/// owner of what it replaces), under a fixed-pattern name, ready to be
/// renamed. Unnamed until the data is safe, where the system allows.
fn write_temp(
    dir: &Path,
    name: &OsStr,
    data: &[u8],
    existing: Option<&fs::Metadata>,
) -> io::Result<PathBuf> {
    let fill = |mut file: &File| -> io::Result<()> {
        file.write_all(data)?;
        if let Some(m) = existing {
            keep_mode_and_owner(file, m)?;
        }
        file.sync_all()
    };
    if let Some(file) = sys::create_unnamed(dir) {
        fill(&file)?;
        loop {
            let tmp = dir.join(temp_name(name));
            match sys::link_unnamed(&file, &tmp) {
                Ok(()) => return Ok(tmp),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                // No /proc, say: the named way below.
                Err(_) => break,
            }
        }
    }
    let (tmp, file) = create_temp(dir, name)?;
    match fill(&file) {
        Ok(()) => Ok(tmp),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(unix)]
fn keep_mode_and_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
    // Only root may give a file away; for anyone else it is theirs already
    // or cannot be, and the mode is what matters.
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    // fchown may clear set-id bits: set the mode again.
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

/// `.NAME.netlint-PID-N.tmp`: the process that owns it is in its name.
fn temp_name(name: &OsStr) -> OsString {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let mut s = OsString::from(".");
    s.push(name);
    s.push(format!(".netlint-{}-{n}.tmp", std::process::id()));
    s
}

/// A new temporary file that did not exist before (`create_new` never
/// follows or clobbers a file someone else put there).
fn create_temp(dir: &Path, name: &OsStr) -> io::Result<(PathBuf, File)> {
    loop {
        let tmp = dir.join(temp_name(name));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Remove the temporary files a killed netlint left for `name` in `dir`:
/// `.NAME.netlint-PID-N.tmp` and the older `.NAME.tmp-PID-N`, regular
/// files only, and only when process PID no longer exists.
fn remove_stale_temporaries(dir: &Path, name: &OsStr) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut prefix = OsString::from(".");
    prefix.push(name);
    let prefix = prefix.as_encoded_bytes().to_vec();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.as_encoded_bytes().strip_prefix(prefix.as_slice()) else {
            continue;
        };
        let Some(pid) = temp_owner(rest) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && !sys::process_exists(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The PID in what follows `.NAME` in a temporary file's name:
/// `.netlint-PID-N.tmp`, or `.tmp-PID-N` (before this module).
fn temp_owner(rest: &[u8]) -> Option<u32> {
    let rest = std::str::from_utf8(rest).ok()?;
    let (pid, n) = if let Some(r) = rest.strip_prefix(".netlint-") {
        r.strip_suffix(".tmp")?.split_once('-')?
    } else {
        rest.strip_prefix(".tmp-")?.split_once('-')?
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("netlint-output-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn temporary_names_carry_their_owner() {
        assert_eq!(temp_owner(b".netlint-123-0.tmp"), Some(123));
        assert_eq!(temp_owner(b".tmp-77-12"), Some(77));
        assert_eq!(temp_owner(b".netlint-123-0.tmpx"), None);
        assert_eq!(temp_owner(b".netlint--0.tmp"), None);
        assert_eq!(temp_owner(b".netlint-1a-0.tmp"), None);
        assert_eq!(temp_owner(b"x.netlint-1-0.tmp"), None);
        let name = temp_name(OsStr::new("t.json"));
        let rest = name.as_encoded_bytes().strip_prefix(b".t.json").unwrap();
        assert_eq!(temp_owner(rest), Some(std::process::id()));
    }

    /// Killed while writing, netlint leaves nothing: until the data is
    /// synced the file has no name.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_data_is_written_to_a_file_without_a_name() {
        let d = scratch("unnamed");
        let mut f = sys::create_unnamed(&d).expect("O_TMPFILE on this file system");
        f.write_all(b"data").unwrap();
        f.sync_all().unwrap();
        assert_eq!(fs::read_dir(&d).unwrap().count(), 0);
        let tmp = d.join(temp_name(OsStr::new("t.json")));
        sys::link_unnamed(&f, &tmp).unwrap();
        assert_eq!(fs::read(&tmp).unwrap(), b"data");
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file() {
        let d = scratch("fail");
        // The target is a non-empty directory: the rename fails after the
        // temporary file was written.
        let p = d.join("t.json");
        fs::create_dir_all(p.join("inside")).unwrap();
        assert!(replace_atomically(&p, b"x", None).is_err());
        let names: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("t.json")]);
        fs::remove_dir_all(&d).unwrap();
    }
}
