//! `#[derive(FromErrorBody)]` on arbitrary bodies (code, message, delay): never a panic, and
//! decoding is exact: a decoded value re-encodes to the very message it was decoded from
//! (same code), which decodes to the same value.
//! The decoder covers every kind of placeholder: each parser and format spec, leading,
//! trailing and repeated placeholders, runs of adjacent ones split by the types, delays
//! (required, optional, fixed), defaults, `skip_decode` and `transparent` cases.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};

// The contract's TaskError, decoded as a client does.
#[allow(dead_code, unreachable_pub)]
#[path = "../../tests/src/contract.rs"]
mod contract;

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Fuzzed {
    #[error_body(code = 400, message = "{0} leads, {1} follows: {2}")]
    Display(u64, i32, String),
    #[error_body(code = 401, message = "bool {0} char {1} float {2} float debug {3:?}")]
    Scalars(bool, char, f64, f32),
    #[error_body(code = 402, message = "debug {0:?} {1:?} {2:?} {3:#?}")]
    Debug(String, char, i64, bool),
    #[error_body(code = 403, message = "{0:x} {1:#X} {2:o} {3:#010b} {4:x} {5:+x}")]
    Radix(u32, u64, u16, u8, i16, i128),
    #[error_body(
        code = 404,
        message = "[{0:>6}] [{1:_^7}] [{2:<6}] [{3:*>4}] [{4:05}] [{5:e}]"
    )]
    Padded(u32, i64, bool, char, i8, f64),
    #[error_body(code = 405, message = "{0}{1}")]
    FlagText(bool, String),
    #[error_body(code = 406, message = "{0}{1:?}")]
    TextChar(String, char),
    #[error_body(code = 407, message = "{0}{1:?}{2}")]
    NumberQuotedFlag(u64, String, bool),
    #[error_body(code = 416, message = "{0:#x}{1:#x}")]
    TwoHex(u32, u16),
    #[error_body(code = 409, message = "{0}{1}{2}")]
    CharSignedChar(char, i32, char),
    #[error_body(code = 410, message = "{0} and {0} again")]
    Repeated(u16),
    #[error_body(code = 408, message = "Slow down")]
    Required(#[error_body(retry_after)] u32),
    #[error_body(code = 429, message = "Maybe slow down")]
    Optional(#[error_body(retry_after)] Option<Duration>),
    #[error_body(code = 503, message = "Maintenance", retry_after = 60)]
    Fixed,
    #[error_body(code = 414, message = "Defaults {0}")]
    Defaults(
        u8,
        #[error_body(default)] String,
        #[error_body(default = "forty_two")] u64,
    ),
    #[error_body(code = 415, message = "Skipped {0}", skip_decode)]
    Skipped(u8),
    #[error_body(code = 415)]
    DefaultMessage,
    #[error_body(transparent)]
    Code(ErrorCode),
}

fn forty_two() -> u64 {
    42
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    code: u8,
    delay: Option<u64>,
    message: &'a [u8],
}

/// Decodes `body` as `T`; a decoded value must come back from its own body.
fn check<T: FromErrorBody + IntoErrorBody + std::fmt::Debug>(body: &ErrorBody) {
    let Some(value) = T::from_error_body(body) else {
        return;
    };
    let again = value.to_error_body();
    assert_eq!(again.code(), body.code(), "{value:?}");
    // Exact: what decodes is what the server writes for it, to the byte. (A transparent
    // `ErrorCode` decodes only its default message, which it writes back too.)
    assert_eq!(again.message(), body.message(), "{value:?}");
    let back = T::from_error_body(&again);
    // By Debug: NaN is not equal to itself, and io::Error is not PartialEq.
    assert_eq!(
        format!("{back:?}"),
        format!("{:?}", Some(&value)),
        "{again:?}"
    );
}

fuzz_target!(|input: Input<'_>| {
    let code = match input.code {
        c @ 0..=239 => 400 + u16::from(c % 32),
        c => [429, 500, 502, 503, 504, 418, 451, 599][usize::from(c % 8)],
    };
    let message = String::from_utf8_lossy(input.message).into_owned();
    let mut body = ErrorBody::new(ErrorCode::from_u16(code).expect("in range"), message);
    if let Some(seconds) = input.delay {
        body = body.with_retry_after_seconds(seconds);
    }
    check::<Fuzzed>(&body);
    check::<contract::TaskError>(&body);
    check::<contract::AuthError>(&body);
    // `skip_decode`: never produced, not even from its own body.
    let skipped = Fuzzed::Skipped(input.code).to_error_body();
    assert!(!matches!(
        skipped.decode::<Fuzzed>(),
        Some(Fuzzed::Skipped(_))
    ));
});
