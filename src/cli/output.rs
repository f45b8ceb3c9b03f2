//! Where the commands' output goes, and what a failed write means.
//!
//! A failed write is never ignored: a full disk or a vanished file system
//! behind stdout exits 2 with a message, so that CI does not upload an empty
//! SARIF file as "no findings". A closed pipe (`netlint … | head`) is the
//! reader saying it has seen enough: netlint stops quietly with status 141,
//! what the shell reports for a program killed by SIGPIPE (128 + 13), as
//! `cat` or `git` would end.

use crate::render::text::escape;
use std::io::{self, Write};

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
