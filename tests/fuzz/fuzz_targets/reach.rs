//! `reach` in memory. The input's first line holds the arguments (FROM TO
//! and the protocol/port words), the rest is the network:
//!
//! ```text
//! internet web tcp 443 80
//! vpc main { cidr 10.0.0.0/16 }
//! ...
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use netlint_fuzz::{Stats, reach};

static STATS: Stats = Stats::new("reach");

fuzz_target!(|data: &[u8]| {
    let (head, net) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut words: Vec<&str> = head.split_whitespace().take(24).collect();
    while words.len() < 2 {
        words.push("internet");
    }
    let n = data.len();
    let code = reach(net, words[0], words[1], &words[2..], n % 2 == 1, n % 4 >= 2);
    STATS.record(code != 2);
});
