//! What a client makes of any error response's body, given its status: an error body
//! (strictly parsed, the status line winning over its `code`), an RFC 9457 problem details
//! object from a gateway (its `detail`, else its `title`, as the message) when the response
//! says it is JSON (one `Content-Type`, `application/problem+json` or another JSON media
//! type), or else the status's default body. An object with a `detail` string served as
//! `text/html`, or without `Content-Type`, is not read as problem details. Only text that can start a JSON object, at most
//! [`ErrorBody::MAX_BODY_BYTES`] of it, is parsed at all: an HTML page from a proxy is settled
//! by its first byte.

use std::fmt;

use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::{ErrorBody, ErrorCode};

/// The body a client reads from an error response with status `code`; `says_json` tells
/// (asked only when the body is not an error body) whether the response's `Content-Type`
/// allows reading problem details.
// Inlined into the caller, so an HTML page costs no call into the parser's frame.
#[inline]
pub(crate) fn read(code: ErrorCode, body: &[u8], says_json: impl FnOnce() -> bool) -> ErrorBody {
    if may_be_json_object(body)
        && let Some(read) = read_object(code, body, says_json)
    {
        return read;
    }
    ErrorBody::from_code(code)
}

// Only `{`, a blank or a byte-order mark can lead to an object.
#[inline]
fn may_be_json_object(body: &[u8]) -> bool {
    matches!(
        body.first(),
        Some(b'{' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | 0xEF)
    )
}

// What can be a JSON object and is not oversized: an error body, else problem details.
fn read_object(
    code: ErrorCode,
    body: &[u8],
    says_json: impl FnOnce() -> bool,
) -> Option<ErrorBody> {
    if body.len() > ErrorBody::MAX_BODY_BYTES {
        return None;
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'{' {
        return None;
    }
    let object = &body[start..];
    match serde_json::from_slice::<ErrorBody>(object) {
        // The status line wins over the body's code (intermediaries act on it).
        Ok(parsed) => Some(parsed.with_code(code)),
        Err(_) if says_json() => {
            problem_message(object).map(|message| ErrorBody::new(code, message))
        }
        Err(_) => None,
    }
}

/// RFC 9457 problem details: `detail` (this occurrence), else `title` (the problem type),
/// whichever is a string with more than blanks in it. Other members (`type`, `status`,
/// `instance`, extensions) have no place in an error body; `status` is the status line's.
fn problem_message(object: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(object);
    let problem = de.deserialize_map(ProblemVisitor).ok()?;
    de.end().ok()?;
    let useful = |text: &Option<String>| text.as_ref().is_some_and(|t| !t.trim().is_empty());
    if useful(&problem.detail) {
        problem.detail
    } else if useful(&problem.title) {
        problem.title
    } else {
        None
    }
}

#[derive(Default)]
struct Problem {
    title: Option<String>,
    detail: Option<String>,
}

struct ProblemVisitor;

impl<'de> Visitor<'de> for ProblemVisitor {
    type Value = Problem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a problem details object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Problem, A::Error> {
        let mut problem = Problem::default();
        while let Some(name) = map.next_key::<Name>()? {
            // The last occurrence wins, as for most JSON readers.
            match name {
                Name::Title => problem.title = map.next_value::<Text>()?.0,
                Name::Detail => problem.detail = map.next_value::<Text>()?.0,
                Name::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(problem)
    }
}

enum Name {
    Title,
    Detail,
    Other,
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Name, E> {
                Ok(match v {
                    "title" => Name::Title,
                    "detail" => Name::Detail,
                    _ => Name::Other,
                })
            }
        }
        deserializer.deserialize_identifier(NameVisitor)
    }
}

// A member that is a string, or `None` for a value of any other type (skipped, not an
// error: a gateway's odd extension must not cost the client its message).
struct Text(Option<String>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Text, E> {
        Ok(Text(Some(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Text, E> {
        Ok(Text(Some(v)))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_unit<E>(self) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD_GATEWAY: ErrorCode = ErrorCode::BAD_GATEWAY;

    // Read as a response with a JSON `Content-Type`.
    fn read(code: ErrorCode, body: &[u8]) -> ErrorBody {
        super::read(code, body, || true)
    }

    fn default_502() -> ErrorBody {
        ErrorBody::from_code(BAD_GATEWAY)
    }

    #[test]
    fn the_first_byte_decides_without_changing_the_result() {
        let object = br#"{"code":502,"message":"m"}"#;
        assert_eq!(read(BAD_GATEWAY, object).message(), "m");
        for b in 0u8..=255 {
            let mut body = vec![b];
            body.extend_from_slice(object);
            // Leading blanks only (a lone 0xEF is not a byte-order mark).
            let parsed = read(BAD_GATEWAY, &body).message() == "m";
            assert_eq!(parsed, b.is_ascii_whitespace(), "{b:#04x}");
        }
        let bom = b"\xEF\xBB\xBF {\"code\":502,\"message\":\"m\"}";
        assert_eq!(read(BAD_GATEWAY, bom).message(), "m");
    }

    #[test]
    fn oversized_and_non_object_bodies_are_not_read() {
        let mut big = br#"{"code":502,"message":""#.to_vec();
        big.resize(ErrorBody::MAX_BODY_BYTES - 2, b'x');
        big.extend_from_slice(b"\"}");
        assert_eq!(read(BAD_GATEWAY, &big).message().len(), big.len() - 25);
        big.insert(0, b' ');
        assert_eq!(read(BAD_GATEWAY, &big), default_502());
        for body in [&b""[..], b"   ", b"[502]", b"null", b"<html>"] {
            assert_eq!(read(BAD_GATEWAY, body), default_502(), "{body:?}");
        }
    }

    #[test]
    fn the_status_wins_over_the_bodys_code() {
        let read = read(BAD_GATEWAY, br#"{"code":404,"message":"Task not found"}"#);
        assert_eq!(read, ErrorBody::new(BAD_GATEWAY, "Task not found"));
    }

    #[test]
    fn problem_details_give_detail_then_title() {
        let cases: [(&[u8], &str); 9] = [
            (
                br#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc"}"#,
                "Your current balance is 30, but that costs 50.",
            ),
            (
                br#"{"title":"Bad Gateway","status":502}"#,
                "Bad Gateway",
            ),
            (br#"{"title":"Bad Gateway","detail":"  "}"#, "Bad Gateway"),
            (br#"{"title":"Bad Gateway","detail":7}"#, "Bad Gateway"),
            (
                br#"{"detail":"upstream timed out","title":{"x":[1]}}"#,
                "upstream timed out",
            ),
            (br#"{"detail":"a","detail":"b"}"#, "b"),
            (br#"{"detail":"line\nbreak \u001b[31m"}"#, "line\nbreak \u{1b}[31m"),
            // Neither a string detail nor title: the default.
            (br#"{"type":"about:blank","status":502}"#, "Upstream provider error"),
            (br#"{"title":"","detail":null}"#, "Upstream provider error"),
        ];
        for (body, message) in cases {
            let read = read(BAD_GATEWAY, body);
            assert_eq!(read, ErrorBody::new(BAD_GATEWAY, message), "{body:?}");
        }
        // Not JSON all through: the default.
        assert_eq!(
            read(BAD_GATEWAY, br#"{"title":"x"} trailing"#),
            default_502()
        );
        assert_eq!(read(BAD_GATEWAY, br#"{"title":"x""#), default_502());
    }

    #[test]
    fn problem_details_only_when_the_response_says_json() {
        let problem = br#"{"title":"Bad Gateway","detail":"upstream timed out"}"#;
        assert_eq!(super::read(BAD_GATEWAY, problem, || false), default_502());
        assert_eq!(
            super::read(BAD_GATEWAY, problem, || true).message(),
            "upstream timed out"
        );
        // An error body is read whatever the response says, without asking.
        let body = br#"{"code":502,"message":"m"}"#;
        assert_eq!(
            super::read(BAD_GATEWAY, body, || unreachable!()).message(),
            "m"
        );
    }
}
