//! Replay fuzz inputs without libFuzzer, to measure and to inspect.
//!
//! ```text
//! replay network FILE…   print the .net file and reach questions each input becomes
//! replay stats DIR       for a `network` corpus: how many inputs give a file
//!                        that reaches the engine, and how many questions do
//! ```
use arbitrary::{Arbitrary, Unstructured};
use netlint_fuzz::netlint;
use netlint_fuzz::network::{Network, render};

fn network(bytes: &[u8]) -> Option<(String, Vec<Vec<String>>)> {
    // As libfuzzer-sys's `fuzz_target!` derives a typed input.
    Network::arbitrary_take_rest(Unstructured::new(bytes))
        .ok()
        .map(|n| render(&n))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("network") => {
            for f in &args[1..] {
                let bytes = std::fs::read(f).expect("read input");
                match network(&bytes) {
                    Some((src, queries)) => {
                        println!("# {f}\n{src}");
                        for q in queries {
                            println!("# reach - {}", q.join(" "));
                        }
                    }
                    None => println!("# {f}: no network"),
                }
            }
        }
        Some("stats") => {
            let (mut inputs, mut clean, mut questions, mut engine) = (0, 0, 0, 0);
            for dir in &args[1..] {
                for e in std::fs::read_dir(dir).expect("read corpus") {
                    let bytes = std::fs::read(e.expect("entry").path()).expect("read input");
                    let Some((src, queries)) = network(&bytes) else {
                        continue;
                    };
                    inputs += 1;
                    let (code, _, _) = netlint(
                        &["check", "--no-config", "--select", "E", "-"],
                        src.as_bytes(),
                    );
                    clean += usize::from(code == 0);
                    for q in queries {
                        let mut a = vec!["reach", "-"];
                        a.extend(q.iter().map(String::as_str));
                        questions += 1;
                        engine += usize::from(netlint(&a, src.as_bytes()).0 != 2);
                    }
                }
            }
            println!(
                "{inputs} inputs, {clean} pass the front end; {questions} reach questions, {engine} reach the engine"
            );
        }
        _ => {
            eprintln!("usage: replay network FILE… | replay stats DIR…");
            std::process::exit(2);
        }
    }
}
