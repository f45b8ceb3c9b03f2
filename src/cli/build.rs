//! `netlint build` (stub until the emitter lands).
use clap::Args;
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct BuildArgs {
    pub file: PathBuf,
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(
    _args: &BuildArgs,
    _stdin: &mut dyn Read,
    _out: &mut dyn Write,
    err: &mut dyn Write,
    _color: bool,
) -> i32 {
    let _ = writeln!(err, "error: build is not available yet");
    2
}
