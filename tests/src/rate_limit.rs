//! The five headers `RateLimit::from_headers` reads, for the property tests and the fuzz
//! target (`fuzz/fuzz_targets/rate_limit.rs` includes this file by path).

/// The `X-RateLimit-*` family, then the IETF fields.
pub const HEADER_NAMES: [&str; 5] = [
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "ratelimit",
    "ratelimit-policy",
];
