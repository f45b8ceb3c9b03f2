//! Thin: arguments → `cli::run` → exit code.
use std::io::IsTerminal;

fn main() {
    let stdout = std::io::stdout();
    let mut io = netlint::cli::Io {
        stdin: &mut std::io::stdin().lock(),
        stdout: &mut stdout.lock(),
        stderr: &mut std::io::stderr().lock(),
        stdout_is_terminal: std::io::stdout().is_terminal(),
    };
    let code = netlint::cli::run(std::env::args_os(), &mut io);
    std::process::exit(code);
}
