//! Property tests: decoding, display, tolerant reading, retry decisions, Retry-After, round trips.
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod prop_decode;
mod prop_display;
mod prop_exact;
mod prop_from_http_parts;
mod prop_retry;
mod prop_retry_after;
mod prop_roundtrip;
