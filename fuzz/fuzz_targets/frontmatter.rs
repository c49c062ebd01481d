//! Any bytes as an article file: decoding, front-matter splitting and YAML parsing must return a
//! document or located diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gensite::fuzzing::front_matter(data);
});
