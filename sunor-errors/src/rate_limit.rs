//! Rate-limit headers, both families: the API's `X-RateLimit-Limit` / `-Remaining` /
//! `-Reset` and the IETF draft's `RateLimit` / `RateLimit-Policy` structured fields.
//!
//! A client reads them with [`RateLimit::from_headers`] (the reqwest helpers do, to wait
//! for a reset and to pace a client, see [`Retrier::pace_rate_limits`]); a server writes
//! them with [`RateLimit::write_headers`].
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use http::HeaderMap;
//! use sunor_errors::rate_limit::RateLimit;
//!
//! let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
//! let mut headers = HeaderMap::new();
//! headers.insert("x-ratelimit-limit", "60".parse().unwrap());
//! headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
//! headers.insert("x-ratelimit-reset", "1700000042".parse().unwrap());
//! let limit = RateLimit::from_headers(&headers, now).unwrap();
//! assert_eq!(limit.limit(), Some(60));
//! assert_eq!(limit.remaining(), Some(0));
//! assert_eq!(limit.reset(), Some(Duration::from_secs(42)));
//! ```
//!
//! [`Retrier::pace_rate_limits`]: crate::retry::Retrier::pace_rate_limits

use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderName, HeaderValue};

const X_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const X_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const X_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");
const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");
const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

// RFC 8941: an sf-integer has at most 15 digits.
const SF_INTEGER_MAX: u64 = 999_999_999_999_999;
// Structured fields longer than this are ignored rather than scanned.
const MAX_FIELD_BYTES: usize = 4096;

/// What a response said about the client's rate limit: the quota, what is left of it and
/// when the window resets.
///
/// Read with [`from_headers`](Self::from_headers); built for a response with
/// [`new`](Self::new) and written with [`write_headers`](Self::write_headers).
///
/// - `X-RateLimit-Limit`, `X-RateLimit-Remaining`: non-negative integers;
///   `X-RateLimit-Reset`: the reset as unix seconds (as the API sends it).
/// - IETF draft (`draft-ietf-httpapi-ratelimit-headers`): `RateLimit: "default";r=7;t=30`
///   (`r` remaining, `t` seconds to the reset) and `RateLimit-Policy: "default";q=100;w=60`
///   (`q` the quota, `w` the window in seconds). With several policies, the one with the
///   least remaining is read, and the quota of the policy of the same name.
/// - When both families are present and valid, the IETF fields win, value by value.
/// - A value that is not a non-negative integer (a sign, a fraction, overflow, garbage), an
///   `X-RateLimit-*` header sent more than once and a structured field that does not parse
///   are ignored: never a panic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<Duration>,
    window: Option<Duration>,
}

impl RateLimit {
    /// A quota of `limit` requests, `remaining` of them left, resetting in `reset`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sunor_errors::rate_limit::RateLimit;
    ///
    /// let limit = RateLimit::new(60, 59, Duration::from_secs(60));
    /// assert_eq!(limit.remaining(), Some(59));
    /// ```
    pub fn new(limit: u64, remaining: u64, reset: Duration) -> RateLimit {
        RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
            reset: Some(reset),
            window: None,
        }
    }

    /// The same, with the length of the quota's window (written as `w` of
    /// `RateLimit-Policy`).
    #[must_use]
    pub fn with_window(mut self, window: Duration) -> RateLimit {
        self.window = Some(window);
        self
    }

    /// Reads both header families (see the type's docs); `None` when no such header is
    /// present and valid. `now` turns `X-RateLimit-Reset`'s unix seconds into a duration.
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> Option<RateLimit> {
        let mut found = RateLimit {
            limit: None,
            remaining: None,
            reset: None,
            window: None,
        };
        if let Some(ietf) = ietf(headers) {
            found = ietf;
        }
        found.limit = found.limit.or_else(|| single_integer(headers, &X_LIMIT));
        found.remaining = found
            .remaining
            .or_else(|| single_integer(headers, &X_REMAINING));
        found.reset = found.reset.or_else(|| {
            let at = single_integer(headers, &X_RESET)?;
            let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(at))?;
            Some(at.duration_since(now).unwrap_or(Duration::ZERO))
        });
        let empty = found.limit.is_none() && found.remaining.is_none() && found.reset.is_none();
        (!empty).then_some(found)
    }

    /// The quota: requests allowed per window.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// Requests left in the current window.
    pub fn remaining(&self) -> Option<u64> {
        self.remaining
    }

    /// Time until the window resets, from the `now` given to
    /// [`from_headers`](Self::from_headers); a past reset is zero.
    pub fn reset(&self) -> Option<Duration> {
        self.reset
    }

    /// The quota's window, when a `RateLimit-Policy` said (`w`) or
    /// [`with_window`](Self::with_window) set it.
    pub fn window(&self) -> Option<Duration> {
        self.window
    }

    /// Writes the known values in both families, replacing any already there:
    /// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (unix seconds from
    /// `now`, rounded up), `RateLimit: "default";r=..;t=..` and
    /// `RateLimit-Policy: "default";q=..;w=..`.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use http::HeaderMap;
    /// use sunor_errors::rate_limit::RateLimit;
    ///
    /// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let mut headers = HeaderMap::new();
    /// RateLimit::new(100, 7, Duration::from_secs(30))
    ///     .with_window(Duration::from_secs(60))
    ///     .write_headers(&mut headers, now);
    /// assert_eq!(headers["x-ratelimit-limit"], "100");
    /// assert_eq!(headers["x-ratelimit-remaining"], "7");
    /// assert_eq!(headers["x-ratelimit-reset"], "1700000030");
    /// assert_eq!(headers["ratelimit"], r#""default";r=7;t=30"#);
    /// assert_eq!(headers["ratelimit-policy"], r#""default";q=100;w=60"#);
    /// assert_eq!(RateLimit::from_headers(&headers, now).unwrap().remaining(), Some(7));
    /// ```
    pub fn write_headers(&self, headers: &mut HeaderMap, now: SystemTime) {
        let reset_secs = self.reset.map(ceil_seconds);
        if let Some(limit) = self.limit {
            headers.insert(X_LIMIT, HeaderValue::from(limit));
        }
        if let Some(remaining) = self.remaining {
            headers.insert(X_REMAINING, HeaderValue::from(remaining));
        }
        if let Some(secs) = reset_secs {
            let unix = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, ceil_seconds);
            headers.insert(X_RESET, HeaderValue::from(unix.saturating_add(secs)));
        }
        if let Some(remaining) = self.remaining {
            let mut field = format!("\"default\";r={}", remaining.min(SF_INTEGER_MAX));
            if let Some(secs) = reset_secs {
                field.push_str(&format!(";t={}", secs.min(SF_INTEGER_MAX)));
            }
            insert_ascii(headers, RATELIMIT, field);
        }
        if let Some(limit) = self.limit {
            let mut field = format!("\"default\";q={}", limit.min(SF_INTEGER_MAX));
            if let Some(window) = self.window {
                field.push_str(&format!(";w={}", ceil_seconds(window).min(SF_INTEGER_MAX)));
            }
            insert_ascii(headers, RATELIMIT_POLICY, field);
        }
    }
}

fn insert_ascii(headers: &mut HeaderMap, name: HeaderName, field: String) {
    // Digits, quotes, letters and `;=`: always a valid header value.
    if let Ok(value) = HeaderValue::try_from(field) {
        headers.insert(name, value);
    }
}

fn ceil_seconds(duration: Duration) -> u64 {
    duration
        .as_secs()
        .saturating_add(u64::from(duration.subsec_nanos() > 0))
}

// The value of a header sent exactly once, when it is 1*DIGIT within u64 (blanks around
// allowed).
fn single_integer(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let text = value.to_str().ok()?.trim_matches([' ', '\t']);
    digits(text)
}

fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

// The IETF fields: `r` and `t` of the item with the least remaining, `q` and `w` of the
// policy of the same name (or the only one).
fn ietf(headers: &HeaderMap) -> Option<RateLimit> {
    let mut chosen: Option<(String, Option<u64>, Option<u64>)> = None;
    for (name, params) in field_items(headers, &RATELIMIT)? {
        let r = param(&params, "r");
        let t = param(&params, "t");
        let better = match &chosen {
            None => true,
            Some((_, best_r, _)) => r.is_some() && (best_r.is_none() || r < *best_r),
        };
        if better {
            chosen = Some((name, r, t));
        }
    }
    let policies = field_items(headers, &RATELIMIT_POLICY).unwrap_or_default();
    let policy = match &chosen {
        Some((name, _, _)) => policies.iter().find(|(policy, _)| policy == name),
        None => None,
    }
    .or(if policies.len() == 1 {
        policies.first()
    } else {
        None
    });
    let (remaining, reset) = chosen.map_or((None, None), |(_, r, t)| (r, t));
    let found = RateLimit {
        limit: policy.and_then(|(_, params)| param(params, "q")),
        remaining,
        reset: reset.map(Duration::from_secs),
        window: policy
            .and_then(|(_, params)| param(params, "w"))
            .map(Duration::from_secs),
    };
    let empty = found.limit.is_none() && found.remaining.is_none() && found.reset.is_none();
    (!empty).then_some(found)
}

type Params = Vec<(String, Item)>;

fn param(params: &Params, key: &str) -> Option<u64> {
    // The last occurrence wins (RFC 8941 4.2.3.2); only a non-negative integer counts.
    match params.iter().rev().find(|(name, _)| name == key)?.1 {
        Item::Integer(value) if value >= 0 => u64::try_from(value).ok(),
        _ => None,
    }
}

// The list members (name and parameters) of a structured field, all of its lines joined;
// `None` when absent, too long or not a valid list (the whole field is then ignored).
fn field_items(headers: &HeaderMap, name: &HeaderName) -> Option<Vec<(String, Params)>> {
    let mut joined = String::new();
    for value in headers.get_all(name) {
        let text = value.to_str().ok()?;
        if !joined.is_empty() {
            joined.push(',');
        }
        joined.push_str(text);
        if joined.len() > MAX_FIELD_BYTES {
            return None;
        }
    }
    if joined.is_empty() {
        return None;
    }
    parse_list(&joined)
}

// A bare item of RFC 8941, as far as these fields need one.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    Integer(i64),
    Other,
}

struct Parser<'a> {
    input: &'a [u8],
    at: usize,
}

fn parse_list(input: &str) -> Option<Vec<(String, Params)>> {
    let mut parser = Parser {
        input: input.as_bytes(),
        at: 0,
    };
    let mut members = Vec::new();
    parser.skip(|b| b == b' ');
    while parser.at < parser.input.len() {
        let name = match parser.bare_item_text()? {
            (Item::Other, text) => text,
            (Item::Integer(_), text) => text,
        };
        let params = parser.parameters()?;
        members.push((name, params));
        parser.skip(|b| b == b' ' || b == b'\t');
        match parser.next() {
            None => break,
            Some(b',') => {
                parser.skip(|b| b == b' ' || b == b'\t');
                if parser.at == parser.input.len() {
                    return None; // a trailing comma
                }
            }
            Some(_) => return None,
        }
    }
    Some(members)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip(&mut self, what: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&what) {
            self.at += 1;
        }
    }

    fn take(&mut self, what: impl Fn(u8) -> bool) -> &str {
        let start = self.at;
        self.skip(what);
        // Only ASCII bytes are taken.
        std::str::from_utf8(&self.input[start..self.at]).unwrap_or_default()
    }

    // A bare item and its text (a string's content, a token, a number as written).
    fn bare_item_text(&mut self) -> Option<(Item, String)> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                let mut text = String::new();
                loop {
                    match self.next()? {
                        b'"' => return Some((Item::Other, text)),
                        b'\\' => match self.next()? {
                            escaped @ (b'"' | b'\\') => text.push(char::from(escaped)),
                            _ => return None,
                        },
                        byte @ 0x20..=0x7e => text.push(char::from(byte)),
                        _ => return None,
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let negative = self.peek() == Some(b'-');
                if negative {
                    self.at += 1;
                }
                let digits = self.take(|b| b.is_ascii_digit()).to_owned();
                if digits.is_empty() {
                    return None;
                }
                if self.peek() == Some(b'.') {
                    // A decimal: valid syntax, not an integer.
                    self.at += 1;
                    let fraction = self.take(|b| b.is_ascii_digit());
                    if fraction.is_empty() || fraction.len() > 3 || digits.len() > 12 {
                        return None;
                    }
                    return Some((Item::Other, digits));
                }
                if digits.len() > 15 {
                    return None;
                }
                let value: i64 = digits.parse().ok()?;
                let value = if negative { -value } else { value };
                Some((Item::Integer(value), digits))
            }
            b'?' => {
                self.at += 1;
                match self.next()? {
                    b'0' | b'1' => Some((Item::Other, String::new())),
                    _ => None,
                }
            }
            b'*' | b'a'..=b'z' | b'A'..=b'Z' => {
                let token = self
                    .take(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&b))
                    .to_owned();
                Some((Item::Other, token))
            }
            _ => None,
        }
    }

    fn parameters(&mut self) -> Option<Params> {
        let mut params = Vec::new();
        while self.peek() == Some(b';') {
            self.at += 1;
            self.skip(|b| b == b' ');
            if !self
                .peek()
                .is_some_and(|b| b.is_ascii_lowercase() || b == b'*')
            {
                return None;
            }
            let key = self
                .take(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.*".contains(&b))
                .to_owned();
            let value = if self.peek() == Some(b'=') {
                self.at += 1;
                self.bare_item_text()?.0
            } else {
                Item::Other // a boolean true
            };
            if params.len() < 32 {
                params.push((key, value));
            }
        }
        Some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn list_parser_edges() {
        assert_eq!(parse_list("a, b").unwrap().len(), 2);
        assert!(parse_list("a,").is_none());
        assert!(parse_list("\"unterminated").is_none());
        assert!(parse_list("a;R=1").is_none(), "uppercase key");
        assert!(parse_list("a;r=1.5").is_some(), "a decimal is valid syntax");
        assert_eq!(
            param(&parse_list("a;r=1.5").unwrap()[0].1, "r"),
            None,
            "but not an integer"
        );
        assert_eq!(param(&parse_list("a;r=1;r=2").unwrap()[0].1, "r"), Some(2));
        assert!(parse_list("a;r=1234567890123456").is_none(), "16 digits");
        assert!(parse_list("a b").is_none());
    }

    #[test]
    fn several_policies_take_the_least_remaining() {
        let map = headers(&[
            ("ratelimit", r#""burst";r=5;t=1, "day";r=0;t=3600"#),
            (
                "ratelimit-policy",
                r#""burst";q=10;w=1, "day";q=1000;w=86400"#,
            ),
        ]);
        let found = RateLimit::from_headers(&map, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(found.remaining(), Some(0));
        assert_eq!(found.reset(), Some(Duration::from_secs(3600)));
        assert_eq!(found.limit(), Some(1000));
        assert_eq!(found.window(), Some(Duration::from_secs(86400)));
    }
}
