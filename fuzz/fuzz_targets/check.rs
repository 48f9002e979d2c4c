//! `keel check` on arbitrary bytes: must never panic, and every diagnostic
//! must point inside the text.
#![no_main]

use keel_blueprint::{SourceFile, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile::new("keel.yaml", text);
    if let Err(diagnostics) = check(&source) {
        for d in diagnostics {
            assert!(d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
});
