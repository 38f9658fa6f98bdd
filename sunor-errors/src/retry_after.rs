//! The `Retry-After` header (RFC 9110 section 10.2.3): parsing for clients, formatting for
//! servers.
//!
//! ```text
//! Retry-After = HTTP-date / delay-seconds
//! delay-seconds = 1*DIGIT
//! ```
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use http::HeaderValue;
//! use sunor_errors::retry_after;
//!
//! let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
//! let delay = retry_after::parse(&HeaderValue::from_static("120"), now)?;
//! assert_eq!(delay, Duration::from_secs(120));
//!
//! // An HTTP-date is a point in time: the delay is what is left of it.
//! let date = HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT");
//! assert_eq!(retry_after::parse(&date, now)?, Duration::from_secs(60));
//!
//! assert_eq!(retry_after::format(Duration::from_millis(1500)), "2");
//! # Ok::<(), retry_after::InvalidRetryAfter>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime};

use http::HeaderValue;

/// Parses a `Retry-After` value into the delay it asks for, counted from `now`.
///
/// - `delay-seconds`: one or more ASCII digits, nothing else (no sign, no fraction, no
///   exponent); blanks around them are allowed. A value too large for a `Duration` saturates
///   to `Duration::from_secs(u64::MAX)` rather than failing.
/// - An `HTTP-date` in any of its three forms (IMF-fixdate, obsolete RFC 850, asctime). A
///   date at or before `now` gives [`Duration::ZERO`].
///
/// Anything else is an [`InvalidRetryAfter`]. It never panics.
///
/// ```
/// # use std::time::{Duration, SystemTime};
/// # use http::HeaderValue;
/// # use sunor_errors::retry_after;
/// let now = SystemTime::now();
/// assert_eq!(retry_after::parse(&HeaderValue::from_static(" 60 "), now), Ok(Duration::from_secs(60)));
/// assert!(retry_after::parse(&HeaderValue::from_static("-5"), now).is_err());
/// assert!(retry_after::parse(&HeaderValue::from_static("1.5"), now).is_err());
/// ```
pub fn parse(value: &HeaderValue, now: SystemTime) -> Result<Duration, InvalidRetryAfter> {
    parse_with(value, || now)
}

/// [`parse`], reading the clock only for an HTTP-date: `delay-seconds` needs no clock, and
/// some platforms have none (`SystemTime::now` panics on `wasm32-unknown-unknown`).
pub(crate) fn parse_with(
    value: &HeaderValue,
    now: impl FnOnce() -> SystemTime,
) -> Result<Duration, InvalidRetryAfter> {
    Ok(match read(value)? {
        RetryAfter::Seconds(seconds) => Duration::from_secs(seconds),
        RetryAfter::Date(date) => date.duration_since(now()).unwrap_or(Duration::ZERO),
    })
}

/// What a `Retry-After` value says, before any clock is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// `delay-seconds`, saturating at `u64::MAX`.
    Seconds(u64),
    /// An `HTTP-date`.
    Date(SystemTime),
}

/// The one reading of the grammar behind [`parse`]: `delay-seconds` or an `HTTP-date`.
pub(crate) fn read(value: &HeaderValue) -> Result<RetryAfter, InvalidRetryAfter> {
    let bytes = trim_blanks(value.as_bytes());
    if bytes.is_empty() {
        return Err(InvalidRetryAfter(Reason::Empty));
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        let seconds = bytes.iter().fold(0u64, |acc, &d| {
            acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        return Ok(RetryAfter::Seconds(seconds));
    }
    // Dates are ASCII; anything else cannot be one.
    let text = std::str::from_utf8(bytes).map_err(|_| InvalidRetryAfter(Reason::Malformed))?;
    let date = httpdate::parse_http_date(text).map_err(|_| InvalidRetryAfter(Reason::Malformed))?;
    Ok(RetryAfter::Date(date))
}

// RFC 9110 OWS: spaces and horizontal tabs.
fn trim_blanks(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

/// The `delay-seconds` value for `delay`, in whole seconds rounded up (a client must not come
/// back before the server is ready).
///
/// ```
/// # use std::time::Duration;
/// assert_eq!(sunor_errors::retry_after::format(Duration::from_secs(60)), "60");
/// assert_eq!(sunor_errors::retry_after::format(Duration::from_nanos(1)), "1");
/// ```
pub fn format(delay: Duration) -> HeaderValue {
    format_seconds(ceil_seconds(delay))
}

/// `delay` in whole seconds, rounded up and saturating: the one rounding every delay on the
/// wire goes through (a client must never come back early).
pub(crate) const fn ceil_seconds(delay: Duration) -> u64 {
    if delay.subsec_nanos() > 0 {
        delay.as_secs().saturating_add(1)
    } else {
        delay.as_secs()
    }
}

/// The `delay-seconds` value for exactly `seconds`.
///
/// ```
/// assert_eq!(sunor_errors::retry_after::format_seconds(120), "120");
/// ```
pub fn format_seconds(seconds: u64) -> HeaderValue {
    HeaderValue::from(seconds)
}

/// The `HTTP-date` value (IMF-fixdate) for the instant `at`, clamped to the range an
/// HTTP-date can express (1970 to 9999).
///
/// ```
/// # use std::time::{Duration, SystemTime};
/// let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
/// assert_eq!(sunor_errors::retry_after::format_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
pub fn format_date(at: SystemTime) -> HeaderValue {
    // httpdate panics outside 1970..=9999.
    const LAST: Duration = Duration::from_secs(253_402_300_799);
    let since_epoch = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .min(LAST);
    let text = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + since_epoch);
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("0"))
}

/// The error for a `Retry-After` value that is neither `delay-seconds` nor an `HTTP-date`.
///
/// ```
/// # use std::time::SystemTime;
/// # use http::HeaderValue;
/// let err = sunor_errors::retry_after::parse(&HeaderValue::from_static("soon"), SystemTime::now()).unwrap_err();
/// assert_eq!(err.to_string(), "invalid Retry-After: not delay-seconds (1*DIGIT) nor an HTTP-date");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidRetryAfter(Reason);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Reason {
    Empty,
    Malformed,
}

impl fmt::Display for InvalidRetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Reason::Empty => f.write_str("invalid Retry-After: empty value"),
            Reason::Malformed => {
                f.write_str("invalid Retry-After: not delay-seconds (1*DIGIT) nor an HTTP-date")
            }
        }
    }
}

impl std::error::Error for InvalidRetryAfter {}

/// A type that can hold a retry delay: what a `#[error_body(retry_after)]` field of a type
/// deriving [`IntoErrorBody`](crate::IntoErrorBody) must be. Implemented for every
/// primitive integer type (whole seconds; a negative count is a delay of 0, as an HTTP-date
/// in the past is, and a count past `u64::MAX` is `u64::MAX`, as [`parse`] saturates),
/// [`Duration`] (rounded up to whole seconds, as [`format()`] rounds), an `Option` of one
/// (`None`: no delay), and references to them.
///
/// Sealed: the wire carries whole seconds, and these are the types that hold them without
/// a choice of unit or rounding left to each implementation.
///
/// ```
/// use std::time::Duration;
/// use sunor_errors::retry_after::RetryAfterField;
///
/// assert_eq!(60_u32.retry_after_seconds(), Some(60));
/// assert_eq!((-5_i64).retry_after_seconds(), Some(0));
/// assert_eq!(Duration::from_millis(1500).retry_after_seconds(), Some(2));
/// assert_eq!(None::<u64>.retry_after_seconds(), None);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `retry_after` field",
    label = "expected an integer number of seconds, a `Duration`, or an `Option` of one",
    note = "`#[error_body(retry_after)]` takes a primitive integer type (seconds), std::time::Duration, or an Option of one of these"
)]
pub trait RetryAfterField: sealed::Sealed {
    /// The delay in whole seconds (rounded up), `None` for no delay.
    fn retry_after_seconds(&self) -> Option<u64>;
}

mod sealed {
    /// Only this crate implements `RetryAfterField`.
    pub trait Sealed {}
}

macro_rules! integer_seconds {
    ($($t:ty)*) => {$(
        impl sealed::Sealed for $t {}
        impl RetryAfterField for $t {
            fn retry_after_seconds(&self) -> Option<u64> {
                // Below zero: retry now; past u64::MAX (u128, i128): the longest delay.
                Some(match u64::try_from(*self) {
                    Ok(seconds) => seconds,
                    Err(_) if *self > 0 => u64::MAX,
                    Err(_) => 0,
                })
            }
        }
    )*};
}
integer_seconds!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

impl sealed::Sealed for Duration {}
impl RetryAfterField for Duration {
    fn retry_after_seconds(&self) -> Option<u64> {
        Some(ceil_seconds(*self))
    }
}

impl<T: RetryAfterField> sealed::Sealed for Option<T> {}
impl<T: RetryAfterField> RetryAfterField for Option<T> {
    fn retry_after_seconds(&self) -> Option<u64> {
        self.as_ref().and_then(T::retry_after_seconds)
    }
}

impl<T: RetryAfterField + ?Sized> sealed::Sealed for &T {}
impl<T: RetryAfterField + ?Sized> RetryAfterField for &T {
    fn retry_after_seconds(&self) -> Option<u64> {
        (**self).retry_after_seconds()
    }
}

/// A type a `#[error_body(retry_after)]` field can be rebuilt from when a body is decoded
/// ([`FromErrorBody`](crate::FromErrorBody)): the body's delay in whole seconds, which
/// [`ErrorBody::from_http_parts`](crate::ErrorBody::from_http_parts) has already merged with
/// the `Retry-After` header. The decoding side of [`RetryAfterField`], implemented for the
/// same owned types (a reference cannot be decoded into).
///
/// The outer `None` means "this variant does not match the body":
/// - a primitive integer type: the seconds; no delay, or one the type cannot hold, is no
///   match;
/// - [`Duration`]: `Duration::from_secs`; no delay is no match;
/// - `Option<T>`: no delay gives `Some(None)`; a delay that `T` cannot hold is no match.
///
/// Sealed, as [`RetryAfterField`] is.
///
/// ```
/// use std::time::Duration;
/// use sunor_errors::retry_after::FromRetryAfter;
///
/// assert_eq!(u8::from_retry_after_seconds(Some(60)), Some(60));
/// assert_eq!(u8::from_retry_after_seconds(Some(300)), None);
/// assert_eq!(u64::from_retry_after_seconds(None), None);
/// assert_eq!(Duration::from_retry_after_seconds(Some(2)), Some(Duration::from_secs(2)));
/// assert_eq!(Option::<u64>::from_retry_after_seconds(None), Some(None));
/// assert_eq!(Option::<u8>::from_retry_after_seconds(Some(300)), None);
/// ```
#[diagnostic::on_unimplemented(
    message = "a `retry_after` field of type `{Self}` cannot be decoded",
    label = "expected an integer number of seconds, a `Duration`, or an `Option` of one",
    note = "#[derive(FromErrorBody)] rebuilds a `retry_after` field from the body's delay: a primitive integer type (seconds), std::time::Duration, or an Option of one of these (not a reference)"
)]
pub trait FromRetryAfter: sealed::Sealed + Sized {
    /// The field for a body with this delay (`None`: the body has none), or `None` when a
    /// value of this type cannot stand for it.
    fn from_retry_after_seconds(seconds: Option<u64>) -> Option<Self>;
}

macro_rules! integer_from_seconds {
    ($($t:ty)*) => {$(
        impl FromRetryAfter for $t {
            fn from_retry_after_seconds(seconds: Option<u64>) -> Option<Self> {
                seconds.and_then(|s| <$t>::try_from(s).ok())
            }
        }
    )*};
}
integer_from_seconds!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

impl FromRetryAfter for Duration {
    fn from_retry_after_seconds(seconds: Option<u64>) -> Option<Self> {
        seconds.map(Duration::from_secs)
    }
}

impl<T: FromRetryAfter + RetryAfterField> FromRetryAfter for Option<T> {
    fn from_retry_after_seconds(seconds: Option<u64>) -> Option<Self> {
        match seconds {
            None => Some(None),
            Some(_) => T::from_retry_after_seconds(seconds).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sun, 06 Nov 1994 08:48:37 GMT: one minute before the RFC's example date.
    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717)
    }

    fn p(value: &[u8]) -> Result<Duration, InvalidRetryAfter> {
        parse(&HeaderValue::from_bytes(value).unwrap(), now())
    }

    #[test]
    fn delay_seconds() {
        assert_eq!(p(b"0"), Ok(Duration::ZERO));
        assert_eq!(p(b"60"), Ok(Duration::from_secs(60)));
        assert_eq!(p(b" 120 "), Ok(Duration::from_secs(120)));
        assert_eq!(p(b"\t7\t"), Ok(Duration::from_secs(7)));
        assert_eq!(p(b"007"), Ok(Duration::from_secs(7)));
        assert_eq!(
            p(b"18446744073709551615"),
            Ok(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            p(b"99999999999999999999"),
            Ok(Duration::from_secs(u64::MAX))
        );
        assert_eq!(p(&[b'9'; 4000]), Ok(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn rejects_what_is_not_1_digit() {
        let malformed = Err(InvalidRetryAfter(Reason::Malformed));
        for bad in [
            &b"+5"[..],
            b"-5",
            b"1.5",
            b"1e3",
            b"abc",
            b"5s",
            b"5 5",
            b"0x10",
            b"\xd9\xa5",
            b"\xff",
            b"60, 120",
        ] {
            assert_eq!(p(bad), malformed, "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(p(b""), Err(InvalidRetryAfter(Reason::Empty)));
        assert_eq!(p(b"   "), Err(InvalidRetryAfter(Reason::Empty)));
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let minute = Ok(Duration::from_secs(60));
        assert_eq!(p(b"Sun, 06 Nov 1994 08:49:37 GMT"), minute);
        assert_eq!(p(b"Sunday, 06-Nov-94 08:49:37 GMT"), minute);
        assert_eq!(p(b"Sun Nov  6 08:49:37 1994"), minute);
        assert_eq!(p(b" Sun, 06 Nov 1994 08:49:37 GMT "), minute);
    }

    #[test]
    fn past_and_far_dates() {
        assert_eq!(p(b"Sun, 06 Nov 1994 08:48:37 GMT"), Ok(Duration::ZERO));
        assert_eq!(p(b"Thu, 01 Jan 1970 00:00:00 GMT"), Ok(Duration::ZERO));
        let far = p(b"Fri, 31 Dec 9999 23:59:59 GMT").unwrap();
        assert_eq!(far, Duration::from_secs(253_402_300_799 - 784_111_717));
        // Years past 9999 have no HTTP-date form.
        assert_eq!(
            p(b"Sat, 01 Jan 10000 00:00:00 GMT"),
            Err(InvalidRetryAfter(Reason::Malformed))
        );
        assert_eq!(
            p(b"Sun, 32 Nov 1994 08:49:37 GMT"),
            Err(InvalidRetryAfter(Reason::Malformed))
        );
    }

    #[test]
    fn formats() {
        assert_eq!(format(Duration::ZERO), "0");
        assert_eq!(format(Duration::from_millis(999)), "1");
        assert_eq!(format(Duration::MAX), "18446744073709551615");
        assert_eq!(format_seconds(60), "60");
        for seconds in [0, 1, 59, 3600, u64::MAX] {
            assert_eq!(
                p(format_seconds(seconds).as_bytes()),
                Ok(Duration::from_secs(seconds))
            );
        }
        let in_a_minute = now() + Duration::from_secs(60);
        assert_eq!(format_date(in_a_minute), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse(&format_date(in_a_minute), now()),
            Ok(Duration::from_secs(60))
        );
        let before_epoch = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(format_date(before_epoch), "Thu, 01 Jan 1970 00:00:00 GMT");
        let after_9999 = SystemTime::UNIX_EPOCH + Duration::from_secs(300_000_000_000);
        assert_eq!(format_date(after_9999), "Fri, 31 Dec 9999 23:59:59 GMT");
    }

    fn back<T: RetryAfterField + FromRetryAfter + PartialEq + fmt::Debug>(value: T) {
        assert_eq!(
            T::from_retry_after_seconds(value.retry_after_seconds()),
            Some(value)
        );
    }

    #[test]
    fn delay_fields_decode_back() {
        back(0_u8);
        back(u8::MAX);
        back(u64::MAX);
        back(usize::MAX);
        back(Duration::from_secs(60));
        back(Some(60_u16));
        back(None::<u32>);
        back(Some(Duration::ZERO));
        assert_eq!(u16::from_retry_after_seconds(Some(70_000)), None);
        assert_eq!(u32::from_retry_after_seconds(Some(u64::MAX)), None);
        assert_eq!(Duration::from_retry_after_seconds(None), None);
        assert_eq!(
            Option::<Duration>::from_retry_after_seconds(None),
            Some(None)
        );
        assert_eq!(Option::<u16>::from_retry_after_seconds(Some(70_000)), None);
    }

    #[test]
    fn every_integer_type_is_a_delay() {
        back(60_u128);
        back(60_i8);
        back(i8::MAX);
        back(60_i16);
        back(60_i32);
        back(i64::MAX);
        back(0_i128);
        back(60_isize);
        back(Some(60_i32));
        // Below zero is "now"; past u64::MAX is the longest delay.
        assert_eq!((-1_i8).retry_after_seconds(), Some(0));
        assert_eq!(i128::MIN.retry_after_seconds(), Some(0));
        assert_eq!(u128::MAX.retry_after_seconds(), Some(u64::MAX));
        assert_eq!(i128::MAX.retry_after_seconds(), Some(u64::MAX));
        // A delay the type cannot hold is no match, as for the unsigned types.
        assert_eq!(i8::from_retry_after_seconds(Some(128)), None);
        assert_eq!(i64::from_retry_after_seconds(Some(u64::MAX)), None);
        assert_eq!(
            u128::from_retry_after_seconds(Some(u64::MAX)),
            Some(u128::from(u64::MAX))
        );
        assert_eq!(isize::from_retry_after_seconds(None), None);
        assert_eq!(Option::<i8>::from_retry_after_seconds(None), Some(None));
    }
}
