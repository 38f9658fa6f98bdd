//! [`ErrorCode`]: an HTTP error status (400..=599), the `code` of every error body.

use std::fmt;
use std::num::NonZeroU16;
use std::str::FromStr;

use crate::log_safe::Escaped;

/// An HTTP error status code, `400..=599`: the `code` member of an [`ErrorBody`](crate::ErrorBody).
///
/// It can only hold a client (4xx) or server (5xx) error status, so every `ErrorCode` is a
/// valid error body code and a valid [`http::StatusCode`].
///
/// ```
/// use sunor_errors::ErrorCode;
///
/// let code = ErrorCode::from_u16(429)?;
/// assert_eq!(code, ErrorCode::TOO_MANY_REQUESTS);
/// assert!(code.is_retryable());
/// assert_eq!(code.to_string(), "429");
/// assert_eq!(code.default_message(), "Rate limit exceeded.");
/// assert!(ErrorCode::from_u16(200).is_err());
/// # Ok::<(), sunor_errors::InvalidErrorCode>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ErrorCode(NonZeroU16);

/// The error for a number that is not an error status (`400..=599`).
///
/// ```
/// let err = sunor_errors::ErrorCode::from_u16(600).unwrap_err();
/// assert_eq!(err.value(), Some(600));
/// assert_eq!(err.to_string(), "invalid error code 600: expected an HTTP error status in 400..=599");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidErrorCode {
    value: InvalidValue,
}

// What was rejected: a number, or a text that is not one (from `FromStr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum InvalidValue {
    Number(u64),
    Text(Refused),
}

// The start of a refused text, kept inline so that the error stays `Copy` and allocates
// nothing: enough to name any status-like value, cut on a character boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Refused {
    start: [u8; Refused::KEPT],
    len: u8,
    total: usize,
}

impl Refused {
    const KEPT: usize = 24;

    fn new(text: &str) -> Refused {
        let mut len = text.len().min(Refused::KEPT);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut start = [0; Refused::KEPT];
        start[..len].copy_from_slice(&text.as_bytes()[..len]);
        Refused {
            start,
            len: len as u8,
            total: text.len(),
        }
    }
}

impl InvalidErrorCode {
    const fn number(value: u64) -> Self {
        InvalidErrorCode {
            value: InvalidValue::Number(value),
        }
    }

    fn text(text: &str) -> Self {
        InvalidErrorCode {
            value: InvalidValue::Text(Refused::new(text)),
        }
    }

    /// The rejected number, or `None` when the input was not a number at all (from [`FromStr`]).
    pub const fn value(&self) -> Option<u64> {
        match self.value {
            InvalidValue::Number(n) => Some(n),
            InvalidValue::Text(_) => None,
        }
    }
}

impl fmt::Display for InvalidErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            InvalidValue::Number(n) => write!(
                f,
                "invalid error code {n}: expected an HTTP error status in 400..=599"
            ),
            InvalidValue::Text(refused) => {
                let kept = &refused.start[..usize::from(refused.len)];
                write!(
                    f,
                    "invalid error code {}",
                    Escaped::quoted(kept, Refused::KEPT * 4)
                )?;
                if refused.total > kept.len() {
                    write!(f, " (and {} more bytes)", refused.total - kept.len())?;
                }
                f.write_str(": expected three digits of an HTTP error status in 400..=599")
            }
        }
    }
}

impl std::error::Error for InvalidErrorCode {}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $num:literal;)*) => {
        impl ErrorCode {
            $(
                $(#[$doc])*
                pub const $name: ErrorCode = ErrorCode::in_range($num);
            )*
        }
    };
}

codes! {
    /// 400 Bad Request: malformed request, missing fields, invalid input. Not retryable.
    BAD_REQUEST = 400;
    /// 401 Unauthorized: missing, invalid or revoked API key. Not retryable.
    UNAUTHORIZED = 401;
    /// 402 Payment Required: not enough credits for the task. Not retryable.
    PAYMENT_REQUIRED = 402;
    /// 403 Forbidden. Not retryable.
    FORBIDDEN = 403;
    /// 404 Not Found: unknown resource, or another user's. Not retryable.
    NOT_FOUND = 404;
    /// 408 Request Timeout. Retryable.
    REQUEST_TIMEOUT = 408;
    /// 409 Conflict. Not retryable.
    CONFLICT = 409;
    /// 413 Payload Too Large (RFC 9110: Content Too Large): the request body is over the
    /// server's limit. Not retryable.
    PAYLOAD_TOO_LARGE = 413;
    /// 422 Unprocessable Entity (RFC 9110 calls it Unprocessable Content). Not retryable.
    UNPROCESSABLE_ENTITY = 422;
    /// 429 Too Many Requests: rate limit exceeded. Retryable after the server's delay.
    TOO_MANY_REQUESTS = 429;
    /// 500 Internal Server Error. Retryable.
    INTERNAL_SERVER_ERROR = 500;
    /// 501 Not Implemented: a settled refusal. Not retryable.
    NOT_IMPLEMENTED = 501;
    /// 502 Bad Gateway: the upstream AI provider failed. Retryable.
    BAD_GATEWAY = 502;
    /// 503 Service Unavailable. Retryable.
    SERVICE_UNAVAILABLE = 503;
    /// 504 Gateway Timeout. Retryable.
    GATEWAY_TIMEOUT = 504;
}

impl ErrorCode {
    /// The code for a number known to be in `400..=599`: the named constants, the default
    /// message table and the derive's literals, all evaluated at compile time, so a number
    /// out of range is a build error there, never a run-time panic.
    pub(crate) const fn in_range(code: u16) -> ErrorCode {
        assert!(code >= 400 && code <= 599, "error code out of 400..=599");
        match NonZeroU16::new(code) {
            Some(n) => ErrorCode(n),
            None => panic!("a code in 400..=599 is not zero"),
        }
    }

    /// The code for `code`, if it is an error status (`400..=599`).
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert_eq!(ErrorCode::from_u16(404), Ok(ErrorCode::NOT_FOUND));
    /// assert_eq!(ErrorCode::from_u16(399).unwrap_err().value(), Some(399));
    /// ```
    pub const fn from_u16(code: u16) -> Result<ErrorCode, InvalidErrorCode> {
        if code >= 400 && code <= 599 {
            Ok(ErrorCode::in_range(code))
        } else {
            Err(InvalidErrorCode::number(code as u64))
        }
    }

    /// The code for any unsigned integer (used where input can exceed `u16`, as JSON can).
    pub(crate) const fn from_u64(code: u64) -> Result<ErrorCode, InvalidErrorCode> {
        if code >= 400 && code <= 599 {
            Ok(ErrorCode::in_range(code as u16))
        } else {
            Err(InvalidErrorCode::number(code))
        }
    }

    /// The numeric code.
    ///
    /// ```
    /// assert_eq!(sunor_errors::ErrorCode::PAYMENT_REQUIRED.as_u16(), 402);
    /// ```
    pub const fn as_u16(self) -> u16 {
        self.0.get()
    }

    /// `true` for a 4xx code: the request was at fault.
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert!(ErrorCode::NOT_FOUND.is_client_error());
    /// assert!(!ErrorCode::BAD_GATEWAY.is_client_error());
    /// ```
    pub const fn is_client_error(self) -> bool {
        self.as_u16() < 500
    }

    /// `true` for a 5xx code: the server (or something behind it) failed.
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert!(ErrorCode::BAD_GATEWAY.is_server_error());
    /// assert!(!ErrorCode::TOO_MANY_REQUESTS.is_server_error());
    /// ```
    pub const fn is_server_error(self) -> bool {
        self.as_u16() >= 500
    }

    /// Whether a request that got this code may succeed if sent again unchanged.
    ///
    /// Retryable: 408, 429, and every 5xx except the settled refusals 501, 505, 506, 508,
    /// 510 and 511. Every other 4xx needs the request (or the account) fixed first.
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert!(ErrorCode::TOO_MANY_REQUESTS.is_retryable());
    /// assert!(ErrorCode::BAD_GATEWAY.is_retryable());
    /// assert!(!ErrorCode::PAYMENT_REQUIRED.is_retryable());
    /// assert!(!ErrorCode::NOT_IMPLEMENTED.is_retryable());
    /// ```
    pub const fn is_retryable(self) -> bool {
        match self.as_u16() {
            408 | 429 => true,
            501 | 505 | 506 | 508 | 510 | 511 => false,
            code => code >= 500,
        }
    }

    /// The message of a body built from this code alone.
    ///
    /// The API's documented wording where it has one (500 "Internal server error", 502
    /// "Upstream provider error", 429 "Rate limit exceeded."), otherwise the reason phrase in
    /// sentence case ("Not found"); "Client error" or "Server error" for unassigned codes.
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert_eq!(ErrorCode::NOT_FOUND.default_message(), "Not found");
    /// assert_eq!(ErrorCode::BAD_GATEWAY.default_message(), "Upstream provider error");
    /// assert_eq!(ErrorCode::from_u16(418)?.default_message(), "I'm a teapot");
    /// assert_eq!(ErrorCode::from_u16(499)?.default_message(), "Client error");
    /// # Ok::<(), sunor_errors::InvalidErrorCode>(())
    /// ```
    #[inline]
    pub const fn default_message(self) -> &'static str {
        // One load: every client fallback body (an HTML page from a proxy) asks for this.
        DEFAULT_MESSAGES[(self.as_u16() - 400) as usize]
    }

    /// The same code as an [`http::StatusCode`].
    ///
    /// ```
    /// # use sunor_errors::ErrorCode;
    /// assert_eq!(ErrorCode::NOT_FOUND.status(), http::StatusCode::NOT_FOUND);
    /// ```
    pub fn status(self) -> http::StatusCode {
        match http::StatusCode::from_u16(self.as_u16()) {
            Ok(status) => status,
            Err(_) => {
                unreachable!("http accepts every status in 100..=999, an ErrorCode is in 400..=599")
            }
        }
    }
}

impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ErrorCode({})", self.as_u16())
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_u16(), f)
    }
}

impl TryFrom<u16> for ErrorCode {
    type Error = InvalidErrorCode;

    fn try_from(code: u16) -> Result<Self, Self::Error> {
        ErrorCode::from_u16(code)
    }
}

impl From<ErrorCode> for u16 {
    fn from(code: ErrorCode) -> u16 {
        code.as_u16()
    }
}

static DEFAULT_MESSAGES: [&str; 200] = {
    let mut table = [""; 200];
    let mut i = 0;
    while i < 200 {
        table[i] = crate::default_messages::default_message(400 + i as u16);
        i += 1;
    }
    table
};

impl TryFrom<http::StatusCode> for ErrorCode {
    type Error = InvalidErrorCode;

    fn try_from(status: http::StatusCode) -> Result<Self, Self::Error> {
        ErrorCode::from_u16(status.as_u16())
    }
}

impl From<ErrorCode> for http::StatusCode {
    fn from(code: ErrorCode) -> http::StatusCode {
        code.status()
    }
}

/// Parses exactly three ASCII digits naming an error status, as in a status line (`"429"`).
///
/// ```
/// # use sunor_errors::ErrorCode;
/// assert_eq!("502".parse(), Ok(ErrorCode::BAD_GATEWAY));
/// assert!("abc".parse::<ErrorCode>().is_err());
/// assert!("+42".parse::<ErrorCode>().is_err());
/// ```
impl FromStr for ErrorCode {
    type Err = InvalidErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        let digits = !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit);
        // A number as a status is written (no sign, blank or leading zero) is named as a
        // number, out of range or not; any other text is quoted.
        if digits && (bytes[0] != b'0' || bytes.len() == 1) {
            let mut n: u64 = 0;
            for &d in bytes {
                match n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(d - b'0')))
                {
                    Some(next) => n = next,
                    None => return Err(InvalidErrorCode::text(s)),
                }
            }
            return match u16::try_from(n) {
                Ok(code) if bytes.len() == 3 => ErrorCode::from_u16(code),
                _ => Err(InvalidErrorCode::number(n)),
            };
        }
        Err(InvalidErrorCode::text(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_exactly_400_to_599() {
        for n in 0..=u16::MAX {
            let ok = (400..=599).contains(&n);
            assert_eq!(ErrorCode::from_u16(n).is_ok(), ok, "{n}");
            if ok {
                assert_eq!(ErrorCode::from_u16(n).unwrap().as_u16(), n);
                assert_eq!(ErrorCode::from_u16(n).unwrap().status().as_u16(), n);
            } else {
                assert_eq!(
                    ErrorCode::from_u16(n).unwrap_err().value(),
                    Some(u64::from(n))
                );
            }
        }
    }

    #[test]
    fn retry_classification() {
        let retryable: Vec<u16> = (400..=599)
            .filter(|&n| ErrorCode::from_u16(n).unwrap().is_retryable())
            .collect();
        let mut expected = vec![408, 429];
        expected.extend((500..=599).filter(|n| ![501, 505, 506, 508, 510, 511].contains(n)));
        assert_eq!(retryable, expected);
    }

    #[test]
    fn client_and_server() {
        for n in 400..=599u16 {
            let code = ErrorCode::from_u16(n).unwrap();
            assert_eq!(code.is_client_error(), n < 500);
            assert_eq!(code.is_server_error(), n >= 500);
        }
    }

    #[test]
    fn default_messages_in_const_context() {
        const MESSAGE: &str = ErrorCode::NOT_FOUND.default_message();
        const BODY: crate::ErrorBody = crate::ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
        assert_eq!(MESSAGE, "Not found");
        assert_eq!(BODY.message(), "Upstream provider error");
    }

    #[test]
    fn default_messages() {
        let cases = [
            (400, "Bad request"),
            (401, "Unauthorized"),
            (402, "Payment required"),
            (403, "Forbidden"),
            (404, "Not found"),
            (408, "Request timeout"),
            (409, "Conflict"),
            (422, "Unprocessable entity"),
            (429, "Rate limit exceeded."),
            (500, "Internal server error"),
            (501, "Not implemented"),
            (502, "Upstream provider error"),
            (503, "Service unavailable"),
            (504, "Gateway timeout"),
            (450, "Client error"),
            (599, "Server error"),
        ];
        for (n, message) in cases {
            assert_eq!(ErrorCode::from_u16(n).unwrap().default_message(), message);
        }
        for n in 400..=599u16 {
            let message = ErrorCode::from_u16(n).unwrap().default_message();
            assert!(message.starts_with(|c: char| c.is_ascii_uppercase()), "{n}");
        }
    }

    #[test]
    fn parse_and_display() {
        assert_eq!("400".parse::<ErrorCode>(), Ok(ErrorCode::BAD_REQUEST));
        assert_eq!("600".parse::<ErrorCode>().unwrap_err().value(), Some(600));
        // A number is named as the number it is, in range or not.
        for (bad, value) in [("40", 40), ("4000", 4000), ("0", 0), ("99999", 99_999)] {
            let error = bad.parse::<ErrorCode>().unwrap_err();
            assert_eq!(error.value(), Some(value), "{bad:?}");
            assert_eq!(
                error.to_string(),
                format!("invalid error code {value}: expected an HTTP error status in 400..=599")
            );
        }
        // Any other text is quoted as it came, escaped, its start only when long.
        for (bad, shown) in [
            ("", r#""""#),
            (" 400", r#"" 400""#),
            ("400 ", r#""400 ""#),
            ("-40", r#""-40""#),
            ("+404", r#""+404""#),
            ("0404", r#""0404""#),
            ("4e2", r#""4e2""#),
            ("४००", r#""४००""#),
            ("4\n00", r#""4\n00""#),
            ("4\u{1b}[2J", r#""4\u{1b}[2J""#),
            ("99999999999999999999", r#""99999999999999999999""#),
            (
                "a status written out in words, far too long",
                r#""a status written out in " (and 19 more bytes)"#,
            ),
        ] {
            let error = bad.parse::<ErrorCode>().unwrap_err();
            assert_eq!(error.value(), None, "{bad:?}");
            assert_eq!(
                error.to_string(),
                format!(
                    "invalid error code {shown}: expected three digits of an HTTP error status in 400..=599"
                ),
                "{bad:?}"
            );
        }
        assert_eq!(ErrorCode::GATEWAY_TIMEOUT.to_string(), "504");
        assert_eq!(format!("{:>5}", ErrorCode::GATEWAY_TIMEOUT), "  504");
        assert_eq!(
            format!("{:?}", ErrorCode::GATEWAY_TIMEOUT),
            "ErrorCode(504)"
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(u16::from(ErrorCode::CONFLICT), 409);
        assert_eq!(ErrorCode::try_from(409u16), Ok(ErrorCode::CONFLICT));
        assert_eq!(
            ErrorCode::try_from(http::StatusCode::CONFLICT),
            Ok(ErrorCode::CONFLICT)
        );
        assert!(ErrorCode::try_from(http::StatusCode::OK).is_err());
        assert_eq!(
            http::StatusCode::from(ErrorCode::CONFLICT),
            http::StatusCode::CONFLICT
        );
        assert!(ErrorCode::BAD_REQUEST < ErrorCode::INTERNAL_SERVER_ERROR);
        assert_eq!(std::mem::size_of::<Option<ErrorCode>>(), 2);
    }
}
