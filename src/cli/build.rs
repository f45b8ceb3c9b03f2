//! `netlint build FILE [-o OUT]`: check, then emit the CloudFormation
//! template (language.md §8).
//!
//! The template is written only for a file without error-severity
//! diagnostics, and atomically: readers of OUT see the old file or the whole
//! new one, never a half-written or refused template.

use super::{print_diagnostics, read_input};
use crate::check::{self, CheckOptions};
use crate::diagnostics::Severity;
use crate::render::text::display_name;
use clap::Args;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The .net file (`-` reads standard input).
    pub file: PathBuf,
    /// Write the template here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Do not look for netlint.toml (which can select, ignore or re-grade
    /// rules, exactly as for `check`).
    #[arg(long)]
    pub no_config: bool,
}

/// Exit 0 written, 1 refused because errors remain, 2 input unreadable or
/// output unwritable.
pub fn run(
    args: &BuildArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> i32 {
    let name = display_name(&args.file);
    let bytes = match read_input(&args.file, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {name}: {e}");
            return 2;
        }
    };
    let src = match check::decode(&bytes) {
        Ok(s) => s,
        Err(d) => {
            let lossy = String::from_utf8_lossy(&bytes);
            print_diagnostics(err, &args.file, &lossy, &[*d], color, false);
            return 1;
        }
    };
    let options = match options_for(args) {
        Ok(o) => o,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return 2;
        }
    };
    let checked = check::run(src, &options);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let model = match (&checked.model, errors.is_empty()) {
        (Some(m), true) => m,
        _ => {
            print_diagnostics(err, &args.file, src, &errors, color, true);
            let _ = writeln!(
                err,
                "error: no template written: fix the errors above first"
            );
            return 1;
        }
    };
    let json = crate::emit::to_json_string(&model.0, &model.1);
    match &args.output {
        None => match super::output::write_all(out, json.as_bytes()) {
            Ok(()) => 0,
            Err(e) => super::output::write_failed(err, "the template", &e),
        },
        Some(path) => match write_atomic(path, json.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
                2
            }
        },
    }
}

/// The options `check` would use for this file: its nearest netlint.toml
/// (searched from the file's directory, or the current one for stdin), so
/// that `build` refuses exactly what `check` reports as an error.
fn options_for(args: &BuildArgs) -> Result<CheckOptions, String> {
    if args.no_config {
        return Ok(CheckOptions::default());
    }
    let start = if args.file.as_os_str() == "-" {
        PathBuf::new()
    } else {
        args.file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    match crate::config::discover(&start) {
        Ok(Some(cfg)) => Ok(cfg.check_options()),
        Ok(None) => Ok(CheckOptions::default()),
        Err(e) => Err(e.to_string()),
    }
}

/// Write `data` to `path` through a temporary file in the same directory
/// (so the rename stays on one file system and is atomic), synced before
/// the rename. The temporary file is removed on any failure.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    let (tmp, mut file) = create_temp(&dir, &file_name)?;
    let result = (|| {
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        // Persist the rename itself; not every platform can open a
        // directory, and the data is already safe, so this is best effort.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new file `.NAME.tmp-PID-N` that did not exist before (`create_new`
/// never follows or clobbers a file someone else put there).
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.tmp-{pid}-{n}"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("netlint-build-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let d = scratch("replace");
        let p = d.join("t.json");
        fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("t.json")]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn atomic_write_failure_removes_temp() {
        let d = scratch("fail");
        // The target is a non-empty directory: the rename fails after the
        // temporary file was written.
        let p = d.join("t.json");
        fs::create_dir_all(p.join("inside")).unwrap();
        assert!(write_atomic(&p, b"x").is_err());
        let names: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("t.json")]);
        fs::remove_dir_all(&d).unwrap();
    }
}
