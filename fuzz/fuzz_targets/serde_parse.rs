//! The strict serde parse: any bytes either fail cleanly or give a body whose serialised
//! form parses back to the same body, and whose `write_json` bytes equal serde's.
#![no_main]

#[path = "display.rs"]
mod display;

use libfuzzer_sys::fuzz_target;
use sunor_errors::ErrorBody;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<ErrorBody>(data) else {
        return;
    };
    let serde_bytes = serde_json::to_vec(&body).expect("an ErrorBody always serialises");
    assert_eq!(
        body.to_json_vec(),
        serde_bytes,
        "write_json differs from serde"
    );
    let again: ErrorBody = serde_json::from_slice(&serde_bytes).expect("our own output must parse");
    assert_eq!(again, body);
    assert_eq!(serde_json::to_vec(&again).unwrap(), serde_bytes);
    // The message's own storage (unsafe code, checked by AddressSanitizer here).
    let copy = body.clone();
    assert_eq!(copy, body);
    assert_eq!(copy.into_message(), body.message());
    // Display is bounded and free of control characters whatever the message.
    display::assert_display_is_safe(&body);
});
