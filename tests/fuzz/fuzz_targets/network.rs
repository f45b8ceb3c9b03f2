//! Structure-aware: a network description derived with `arbitrary`,
//! written out as a valid `.net` file, then `check` (every rule), `build`,
//! and `reach` between the generated endpoints. See `src/network.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netlint_fuzz::network::{Network, render};
use netlint_fuzz::{Stats, check_and_build, netlint};

static STATS: Stats = Stats::new("network");

fuzz_target!(|net: Network| {
    let (src, queries) = render(&net);
    check_and_build(src.as_bytes(), src.len());
    for q in &queries {
        let mut args = vec!["reach", "-"];
        args.extend(q.iter().map(String::as_str));
        let (code, _, err) = netlint(&args, src.as_bytes());
        if code == 2 {
            // The generator writes valid files: anything the front end
            // rejects is a bug in the generator or in netlint.
            let err = String::from_utf8_lossy(&err);
            if err.contains("has errors") {
                panic!("generated network rejected:\n{err}\n---\n{src}");
            }
        }
        STATS.record(code != 2);
    }
});
