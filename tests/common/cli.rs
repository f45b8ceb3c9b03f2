//! The real CLI run in memory. Shared by the integration tests (through
//! `common`) and by the fuzz crate in tests/fuzz/, which includes this file
//! alone: it needs nothing but `netlint::cli`.

/// Run the real CLI in memory with `args` (after `netlint`) and `stdin`;
/// returns (exit code, stdout, stderr) as bytes.
pub(crate) fn run_cli(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let mut out = Vec::new();
    let args = args.iter().map(std::ffi::OsString::from).collect();
    let (code, err) = run_cli_to(args, stdin, &mut out);
    (code, out, err)
}

/// [`run_cli`] with the streams as text.
pub(crate) fn run_cli_text(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let (code, out, err) = run_cli(args, stdin);
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (code, text(out), text(err))
}

/// Run the real CLI in memory writing to `stdout`; (exit code, stderr).
pub(crate) fn run_cli_to(
    args: Vec<std::ffi::OsString>,
    stdin: &[u8],
    stdout: &mut dyn std::io::Write,
) -> (i32, Vec<u8>) {
    let mut input = stdin;
    let mut err = Vec::new();
    let mut io = netlint::cli::Io {
        stdin: &mut input,
        stdout,
        stderr: &mut err,
        stdout_is_terminal: false,
    };
    let code = netlint::cli::run(std::iter::once("netlint".into()).chain(args), &mut io);
    (code, err)
}

/// Run netlint with `args` and `stdin`; returns (exit code, stdout, stderr).
pub(crate) fn netlint(args: &[&str], stdin: &str) -> (i32, String, String) {
    run_cli_text(args, stdin.as_bytes())
}
