//! `netlint build FILE [-o OUT]`: check, then emit the CloudFormation
//! template.
//!
//! The template is written only for a file without error-severity
//! diagnostics, and atomically: readers of OUT see the old file or the whole
//! new one, never a half-written or refused template.

use super::{ConfigArgs, read_input};
use crate::check;
use crate::diagnostics::{Severity, render};
use crate::settings::Choices;
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
    /// netlint.toml can select, ignore or re-grade rules, exactly as for
    /// `check`.
    #[command(flatten)]
    pub config: ConfigArgs,
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
    let name = args.file.display().to_string();
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
            let _ = err.write_all(render::human(&name, &lossy, &[*d], color).as_bytes());
            return 1;
        }
    };
    // The configuration `check` would use for this file, so that `build`
    // refuses exactly what `check` reports as an error.
    let settings = match args
        .config
        .settings_for(&args.file, &Choices::default(), err)
    {
        Ok((settings, _)) => settings,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return 2;
        }
    };
    let checked = check::run(src, &settings);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let model = match (&checked.model, errors.is_empty()) {
        (Some(m), true) => m,
        _ => {
            let _ = err.write_all(render::human(&name, src, &errors, color).as_bytes());
            let _ = writeln!(
                err,
                "{}\nerror: no template written: fix the errors above first",
                render::summary(&errors)
            );
            return 1;
        }
    };
    let json = crate::emit::to_json_string(&model.0, &model.1);
    match &args.output {
        None => match out.write_all(json.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the template: {e}");
                2
            }
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
