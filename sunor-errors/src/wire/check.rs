//! The conformance reading of a response: what its status, `Content-Type`, body and
//! `Retry-After` say, as plain facts, every fact at once rather than the first problem.
//! The body is read by the strict rules (`strict.rs`), duplicate members included;
//! [`conformance`](crate::conformance) holds the facts against its rules.

use std::fmt;

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Member, media_type};
use crate::retry_after::{self, RetryAfter};
use crate::{ErrorBody, ErrorCode};

/// What one response says.
#[derive(Debug)]
pub(crate) struct Facts<'a> {
    /// The status is an error status (4xx or 5xx).
    pub(crate) error_status: bool,
    pub(crate) content_type: ContentType<'a>,
    pub(crate) body: Body,
    pub(crate) retry_after: RetryAfterHeader<'a>,
}

/// The `Content-Type` header.
#[derive(Debug)]
pub(crate) enum ContentType<'a> {
    Missing,
    /// Sent this many times.
    Repeated(usize),
    /// One JSON media type.
    Json,
    /// One value, not a JSON media type.
    NotJson(&'a HeaderValue),
}

/// The `Retry-After` header.
#[derive(Debug)]
pub(crate) enum RetryAfterHeader<'a> {
    Missing,
    /// Sent this many times.
    Repeated(usize),
    /// Neither `delay-seconds` nor an `HTTP-date`.
    Unparseable(&'a HeaderValue),
    /// `delay-seconds`, saturating.
    Seconds(u64),
    /// An `HTTP-date`.
    Date(&'a HeaderValue),
}

/// The body.
#[derive(Debug)]
pub(crate) enum Body {
    /// Longer than [`ErrorBody::MAX_BODY_BYTES`]: this many bytes (clients do not read it).
    TooLarge(usize),
    /// Empty or only whitespace.
    Empty,
    /// Not JSON text.
    NotJson(NotJson),
    /// JSON, but not an object: what it is instead (`"an array"`).
    NotObject(&'static str),
    /// A JSON object.
    Object(Members),
}

/// Why a body is not JSON text.
#[derive(Debug)]
pub(crate) enum NotJson {
    ByteOrderMark,
    Syntax(serde_json::Error),
}

/// The members of an object body.
#[derive(Debug)]
pub(crate) struct Members {
    pub(crate) code: Found<u16>,
    pub(crate) message: Found<String>,
    /// `null` is `Valid(None)`.
    pub(crate) retry_after_seconds: Found<Option<u64>>,
    /// The first [`UNKNOWN_KEPT`] distinct names of other members, in order.
    pub(crate) unknown: Vec<String>,
    /// How many distinct names of other members there are in all.
    pub(crate) unknown_count: usize,
}

/// How many unknown member names [`Members`] keeps.
pub(crate) const UNKNOWN_KEPT: usize = 8;

/// One member of the body.
#[derive(Debug, PartialEq)]
pub(crate) enum Found<T> {
    Absent,
    /// Present this many times (more than once).
    Repeated(usize),
    /// Present once, of the wrong type or out of range.
    Invalid(Value),
    /// Present once and valid.
    Valid(T),
}

impl<T> Found<T> {
    /// The value, when present once and valid.
    pub(crate) fn valid(&self) -> Option<&T> {
        match self {
            Found::Valid(value) => Some(value),
            _ => None,
        }
    }

    /// How many times it is present, when more than once.
    pub(crate) fn repeated(&self) -> Option<usize> {
        match self {
            Found::Repeated(count) => Some(*count),
            _ => None,
        }
    }
}

impl Members {
    /// The members present more than once, in wire order, and how many times.
    pub(crate) fn repeated(&self) -> impl Iterator<Item = (Member, usize)> {
        [
            (Member::Code, self.code.repeated()),
            (Member::Message, self.message.repeated()),
            (
                Member::RetryAfterSeconds,
                self.retry_after_seconds.repeated(),
            ),
        ]
        .into_iter()
        .filter_map(|(member, count)| Some((member, count?)))
    }

    /// Whether the body is a valid error body: `code` and `message` present once and
    /// valid, `retry_after_seconds` absent or present once and valid.
    pub(crate) fn valid(&self) -> bool {
        self.code.valid().is_some()
            && self.message.valid().is_some()
            && matches!(self.retry_after_seconds, Found::Absent | Found::Valid(_))
    }
}

/// Reads what `status`, `headers` and `body` say.
pub(crate) fn read<'a>(status: StatusCode, headers: &'a HeaderMap, body: &[u8]) -> Facts<'a> {
    Facts {
        error_status: ErrorCode::try_from(status).is_ok(),
        content_type: content_type(headers),
        body: read_body(body),
        retry_after: retry_after(headers),
    }
}

fn content_type(headers: &HeaderMap) -> ContentType<'_> {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    match (values.next(), values.next()) {
        (None, _) => ContentType::Missing,
        (Some(_), Some(_)) => ContentType::Repeated(headers.get_all(CONTENT_TYPE).iter().count()),
        (Some(value), None) if media_type::is_json(value) => ContentType::Json,
        (Some(value), None) => ContentType::NotJson(value),
    }
}

fn retry_after(headers: &HeaderMap) -> RetryAfterHeader<'_> {
    let mut values = headers.get_all(RETRY_AFTER).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => return RetryAfterHeader::Missing,
        (Some(_), Some(_)) => {
            return RetryAfterHeader::Repeated(headers.get_all(RETRY_AFTER).iter().count());
        }
        (Some(value), None) => value,
    };
    match retry_after::read(value) {
        Ok(RetryAfter::Seconds(seconds)) => RetryAfterHeader::Seconds(seconds),
        Ok(RetryAfter::Date(_)) => RetryAfterHeader::Date(value),
        Err(_) => RetryAfterHeader::Unparseable(value),
    }
}

fn read_body(body: &[u8]) -> Body {
    if body.len() > ErrorBody::MAX_BODY_BYTES {
        return Body::TooLarge(body.len());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Body::Empty;
    }
    match parse(body) {
        Ok(Parsed::Object(members)) => Body::Object(read_members(members)),
        Ok(Parsed::Other(what)) => Body::NotObject(what),
        Err(_) if body.starts_with(b"\xEF\xBB\xBF") => Body::NotJson(NotJson::ByteOrderMark),
        Err(e) => Body::NotJson(NotJson::Syntax(e)),
    }
}

fn read_members(mut members: Vec<(String, Value)>) -> Members {
    let mut unknown = Vec::new();
    let mut unknown_count = 0;
    // How often each member appears, in `Member::ALL` order, and its (last) value.
    let mut counts = [0usize; Member::ALL.len()];
    let mut values: [Option<Value>; Member::ALL.len()] = [None, None, None];
    let mut seen = std::collections::HashSet::new();
    for entry in &mut members {
        let (name, value) = (&entry.0, &mut entry.1);
        match Member::from_name(name.as_bytes()) {
            Some(member) => {
                counts[member as usize] += 1;
                values[member as usize] = Some(value.take());
            }
            None if seen.insert(name.as_str()) => {
                if unknown.len() < UNKNOWN_KEPT {
                    unknown.push(name.clone());
                }
                unknown_count += 1;
            }
            None => {}
        }
    }
    let [code, message, retry] = values;
    let [code_count, message_count, retry_count] = counts;
    Members {
        code: found(code_count, code, |code| {
            match code.as_u64().map(ErrorCode::from_u64) {
                Some(Ok(valid)) if code.is_u64() => Ok(valid.as_u16()),
                _ => Err(code),
            }
        }),
        message: found(message_count, message, |message| match message {
            Value::String(message) => Ok(message),
            other => Err(other),
        }),
        retry_after_seconds: found(retry_count, retry, |seconds| match seconds {
            Value::Null => Ok(None),
            _ => seconds.as_u64().map(Some).ok_or(seconds),
        }),
        unknown,
        unknown_count,
    }
}

// A member found `count` times, its (last) value checked by `valid` when there is one.
fn found<T>(
    count: usize,
    value: Option<Value>,
    valid: impl FnOnce(Value) -> Result<T, Value>,
) -> Found<T> {
    match (count, value) {
        (0, _) | (_, None) => Found::Absent,
        (1, Some(value)) => match valid(value) {
            Ok(value) => Found::Valid(value),
            Err(value) => Found::Invalid(value),
        },
        (count, Some(_)) => Found::Repeated(count),
    }
}

enum Parsed {
    /// Every member in order, duplicates kept.
    Object(Vec<(String, Value)>),
    /// What the JSON is instead ("an array").
    Other(&'static str),
}

// One pass over the text: unlike `serde_json::Value`, keeps duplicate member names.
fn parse(body: &[u8]) -> Result<Parsed, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = (&mut de).deserialize_any(TopLevel)?;
    de.end()?;
    Ok(parsed)
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_unit<E>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut members = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value::<Value>()?;
            members.push((name, value));
        }
        Ok(Parsed::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(body: &str) -> Members {
        match read_body(body.as_bytes()) {
            Body::Object(members) => members,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn members_are_found_once_repeated_invalid_or_absent() {
        let m = members(
            r#"{"code":404,"code":404,"message":7,"retry_after_seconds":null,"x":1,"x":2}"#,
        );
        assert_eq!(m.code, Found::Repeated(2));
        assert_eq!(m.message, Found::Invalid(Value::from(7)));
        assert_eq!(m.retry_after_seconds, Found::Valid(None));
        assert_eq!(m.repeated().collect::<Vec<_>>(), [(Member::Code, 2)]);
        assert_eq!((m.unknown, m.unknown_count), (vec!["x".to_owned()], 1));

        let m = members(r#"{"code":400.0,"retry_after_seconds":-1}"#);
        assert_eq!(m.code, Found::Invalid(serde_json::json!(400.0)));
        assert_eq!(m.message, Found::Absent);
        assert_eq!(m.retry_after_seconds, Found::Invalid(Value::from(-1)));
        assert!(!m.valid());

        let m = members(r#"{"code":429,"message":"","retry_after_seconds":60}"#);
        assert_eq!(
            (m.code, m.message, m.retry_after_seconds),
            (
                Found::Valid(429),
                Found::Valid(String::new()),
                Found::Valid(Some(60))
            )
        );
    }

    #[test]
    fn headers_are_read_without_a_clock() {
        let mut headers = HeaderMap::new();
        assert!(matches!(retry_after(&headers), RetryAfterHeader::Missing));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static(" 99999999999999999999 "),
        );
        assert!(matches!(
            retry_after(&headers),
            RetryAfterHeader::Seconds(u64::MAX)
        ));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert!(matches!(retry_after(&headers), RetryAfterHeader::Date(_)));
        headers.append(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert!(matches!(
            retry_after(&headers),
            RetryAfterHeader::Repeated(2)
        ));
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        assert!(matches!(content_type(&headers), ContentType::Json));
    }
}
