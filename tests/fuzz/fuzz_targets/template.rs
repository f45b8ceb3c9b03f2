//! Bytes → the CloudFormation reader (`cfn::load`) and `check` on them as a
//! template (recognised by content; the mapping into the model, every rule,
//! JSON output).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    netlint_fuzz::template(data);
});
