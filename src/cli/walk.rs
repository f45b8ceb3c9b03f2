//! File arguments to inputs: a directory stands for every `.net` file under
//! it.
//!
//! The walk is recursive and in name order (byte order of the names, each
//! directory's entries sorted), so the inputs, and therefore the output,
//! are the same on every machine. Hidden entries (a name starting with
//! `.`) and directories named `target` (build output) are skipped;
//! symbolic links to files are followed, to directories not (no cycles).
//! An explicit file argument is always checked, whatever its name.

use crate::render::text::display_name;
use std::fs;
use std::path::{Path, PathBuf};

/// The inputs the arguments stand for, in order, with what could not be
/// walked (a directory that cannot be read, or holds no `.net` file) in
/// its place.
pub fn expand(args: &[PathBuf]) -> Vec<Result<PathBuf, String>> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.as_os_str() != "-" && fs::metadata(arg).is_ok_and(|m| m.is_dir()) {
            let before = inputs.len();
            walk(arg, &mut inputs);
            if inputs.len() == before {
                inputs.push(Err(format!(
                    "no .net files or templates under {}",
                    display_name(arg)
                )));
            }
        } else {
            inputs.push(Ok(arg.clone()));
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Result<PathBuf, String>>) {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(e) => e,
        Err(e) => {
            inputs.push(Err(format!(
                "cannot read directory {}: {e}",
                display_name(dir)
            )));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if name != "target" {
                walk(&path, inputs);
            }
        } else if (kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
            && (path.extension().is_some_and(|x| x == "net") || template_file(&path))
        {
            inputs.push(Ok(path));
        }
    }
}

/// A JSON or YAML file that holds a CloudFormation template (read to
/// tell; other YAML and JSON are skipped).
fn template_file(path: &Path) -> bool {
    super::template::template_extension(path)
        && fs::read(path).is_ok_and(|b| std::str::from_utf8(&b).is_ok_and(crate::cfn::is_template))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_in_name_order_skipping_hidden_and_target() {
        let d = std::env::temp_dir().join(format!("netlint-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        for dir in ["b", "a/z", ".git", "target", "c.net"] {
            fs::create_dir_all(d.join(dir)).unwrap();
        }
        for file in [
            "b.net",
            "a/z/y.net",
            "a/x.net",
            "a/readme.md",
            ".git/h.net",
            "target/t.net",
            ".hidden.net",
            "b/B.net",
            "b/a.NET",
        ] {
            fs::write(d.join(file), "").unwrap();
        }
        let rel: Vec<String> = expand(std::slice::from_ref(&d))
            .into_iter()
            .map(|p| p.unwrap().strip_prefix(&d).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, ["a/x.net", "a/z/y.net", "b/B.net", "b.net"]);
        // A directory named like a file is walked; an empty one is an error
        // in its place.
        let inputs = expand(&[d.join("c.net"), PathBuf::from("-")]);
        assert_eq!(inputs.len(), 2);
        assert!(
            inputs[0]
                .as_ref()
                .is_err_and(|e| e.starts_with("no .net files or templates under"))
        );
        assert_eq!(inputs[1], Ok(PathBuf::from("-")));
        fs::remove_dir_all(&d).unwrap();
    }
}
