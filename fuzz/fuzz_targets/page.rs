//! Any text as an article body and as a reader comment: Markdown to HTML with headings, code
//! highlighting and French typography, and the sanitized comment renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gensite::fuzzing::page(data);
});
