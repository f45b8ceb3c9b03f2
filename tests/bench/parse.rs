//! The syntax layer alone (lexing and parsing) on a generated network.
//!
//! `cargo bench --bench parse` runs the criterion benchmark over 10k and
//! 100k lines; `cargo bench --bench parse -- --file FILE` parses FILE once
//! and prints the item and error counts, which is what to run under
//! `valgrind --tool=callgrind` for instruction counts of the parser alone.

use criterion::{BenchmarkId, Criterion, Throughput};
use netlint::syntax::{Arena, parse};
use std::hint::black_box;
use std::time::Duration;

#[path = "generate.rs"]
mod generate;

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for lines in [10_000usize, 100_000] {
        let src = generate::generate(lines);
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lines), &src, |b, src| {
            b.iter(|| {
                let mut arena = Arena::new();
                parse(black_box(src), &mut arena).errors.len()
            })
        });
    }
    group.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--file") {
        let Some(path) = args.get(i + 1) else {
            eprintln!("usage: parse --file FILE");
            std::process::exit(2);
        };
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                std::process::exit(2);
            }
        };
        let mut arena = Arena::new();
        let parsed = parse(&src, &mut arena);
        let counts = (
            parsed.file.items.len(),
            parsed.file.comments.len(),
            parsed.errors.len(),
        );
        drop(parsed);
        println!(
            "{} items, {} comments, {} errors, {} bytes of tree in the arena",
            counts.0,
            counts.1,
            counts.2,
            arena.allocated_bytes()
        );
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_parse(&mut c);
    c.final_summary();
}
