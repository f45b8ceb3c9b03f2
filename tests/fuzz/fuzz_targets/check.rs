//! Bytes → the whole check pipeline (every rule, one of the four output
//! formats) and, when the check finds no error, the emitter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    netlint_fuzz::check_and_build(data, data.len());
});
