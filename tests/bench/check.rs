//! `check_source` on generated networks of 10k, 100k and 1M lines.
//!
//! The targets: a 100,000-line file checks in under 150 ms on the
//! 2-core reference machine, and ten times the input costs at most about
//! eleven times the time (near-linear scaling: no quadratic pass hides in a
//! rule). `tests/bench/run.sh` measures the same on the release binary.
//!
//! `cargo bench --bench check` runs the benchmarks;
//! `cargo bench --bench check -- --generate LINES FILE` writes a generated
//! network of LINES lines to FILE instead (run.sh uses it).

use criterion::{BenchmarkId, Criterion, Throughput};
use netlint::check::check_source;
use netlint::settings::Settings;
use std::hint::black_box;
use std::time::Duration;

#[path = "generate.rs"]
mod generate;

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_source");
    for lines in [10_000usize, 100_000, 1_000_000] {
        let src = generate::generate(lines);
        // Fewer samples for the big inputs: a 1M-line run takes long enough
        // to be measured well by ten of them.
        group.sample_size(if lines >= 1_000_000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if lines >= 1_000_000 {
            30
        } else {
            10
        }));
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lines), &src, |b, src| {
            b.iter(|| check_source(black_box(src), &Settings::default()))
        });
    }
    group.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let (Some(lines), Some(out)) = (args.get(i + 1), args.get(i + 2)) else {
            eprintln!("usage: check --generate LINES FILE");
            std::process::exit(2);
        };
        let Ok(lines) = lines.replace('_', "").parse::<usize>() else {
            eprintln!("LINES must be a whole number, not `{lines}`");
            std::process::exit(2);
        };
        if let Err(e) = std::fs::write(out, generate::generate(lines)) {
            eprintln!("cannot write {out}: {e}");
            std::process::exit(2);
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_check(&mut c);
    c.final_summary();
}
