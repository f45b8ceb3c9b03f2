//! Thin: arguments → `cli::run` → exit code.
use netlint::cli::{Closed, sys};
use std::io::{IsTerminal, Read, Write};

fn main() {
    let (mut closed_in, mut closed_out) = (Closed("standard input"), Closed("standard output"));
    // The handles, not their locks: each use locks for itself, so a
    // command that serves on threads (`netlint lsp`) can read and write
    // the streams from them.
    let (mut stdin, stdout) = (std::io::stdin(), std::io::stdout());
    let mut stdout_handle = std::io::stdout();
    let stdin: &mut dyn Read = if sys::was_closed(0) {
        &mut closed_in
    } else {
        &mut stdin
    };
    let stdout_writer: &mut dyn Write = if sys::was_closed(1) {
        &mut closed_out
    } else {
        &mut stdout_handle
    };
    let mut io = netlint::cli::Io {
        stdin,
        stdout: stdout_writer,
        stderr: &mut std::io::stderr(),
        stdout_is_terminal: stdout.is_terminal(),
    };
    let code = netlint::cli::run(std::env::args_os(), &mut io);
    std::process::exit(code);
}
