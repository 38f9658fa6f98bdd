//! Proptest strategies more than one property test draws from.

use std::ops::RangeInclusive;

use proptest::prelude::*;
use sunor_errors::{ErrorBody, ErrorCode};

/// A body with a code in `codes` and a message of `message`, with or without any delay.
pub fn body_of(
    codes: RangeInclusive<u16>,
    message: impl Strategy<Value = String>,
) -> impl Strategy<Value = ErrorBody> {
    (codes, message, proptest::option::of(any::<u64>())).prop_map(|(code, message, delay)| {
        let body = ErrorBody::new(ErrorCode::from_u16(code).unwrap(), message);
        match delay {
            Some(seconds) => body.with_retry_after_seconds(seconds),
            None => body,
        }
    })
}
