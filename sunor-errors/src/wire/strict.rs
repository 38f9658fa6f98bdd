//! Strict reading: the one serde visitor behind both [`ErrorBody`] and
//! [`ErrorBodyRef`](crate::ErrorBodyRef).
//!
//! A JSON object only (the array form a derived struct would also accept is not the wire);
//! `code` and `message` required, each at most once; `retry_after_seconds` a non-negative
//! integer, `null` meaning absent; unknown members ignored.

use std::fmt;
use std::marker::PhantomData;

use super::Member;
use crate::{ErrorBody, ErrorCode};

impl<'de> serde::Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The message goes straight into a `String`: one allocation, no intermediate.
        let parts = deserialize_parts::<String, D>(deserializer)?;
        Ok(ErrorBody::from_parts(
            parts.code,
            parts.message.into(),
            parts.retry_after_seconds,
        ))
    }
}

/// The members of a strictly parsed body, with the message as `M` (`String` for
/// [`ErrorBody`], a borrowing string for [`ErrorBodyRef`]): one set of rules for both.
pub(crate) struct Parts<M> {
    pub(crate) code: ErrorCode,
    pub(crate) message: M,
    pub(crate) retry_after_seconds: Option<u64>,
}

#[inline]
pub(crate) fn deserialize_parts<'de, M, D>(deserializer: D) -> Result<Parts<M>, D::Error>
where
    M: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    // A map only: the array form a derived struct would also accept is not the wire.
    deserializer.deserialize_map(BodyVisitor(PhantomData))
}

struct BodyVisitor<M>(PhantomData<M>);

// A member name as read: one of the body's, or one to ignore.
struct Field(Option<Member>);

impl<'de> serde::Deserialize<'de> for Field {
    // Inlined like serde's derive output: it runs once per member of every parsed body.
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl serde::de::Visitor<'_> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error body member name")
    }

    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
        self.visit_bytes(v.as_bytes())
    }

    #[inline]
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Field, E> {
        Ok(Field(Member::from_name(v)))
    }
}

impl<'de, M: serde::Deserialize<'de>> serde::de::Visitor<'de> for BodyVisitor<M> {
    type Value = Parts<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"an error body, a JSON object {"code": 400..=599, "message": string}"#)
    }

    // Inlined into the deserializer, as serde's derive output is: it is the whole parse.
    #[inline]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut code: Option<ErrorCode> = None;
        let mut message: Option<M> = None;
        let mut retry: Option<Option<u64>> = None;
        while let Some(Field(member)) = map.next_key::<Field>()? {
            let duplicate = match member {
                Some(Member::Code) if code.is_none() => {
                    code = Some(map.next_value()?);
                    continue;
                }
                Some(Member::Message) if message.is_none() => {
                    message = Some(map.next_value()?);
                    continue;
                }
                Some(Member::RetryAfterSeconds) if retry.is_none() => {
                    retry = Some(map.next_value()?);
                    continue;
                }
                Some(member) => member,
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    continue;
                }
            };
            return Err(A::Error::duplicate_field(duplicate.name()));
        }
        Ok(Parts {
            code: code.ok_or_else(|| A::Error::missing_field(Member::Code.name()))?,
            message: message.ok_or_else(|| A::Error::missing_field(Member::Message.name()))?,
            retry_after_seconds: retry.flatten(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ErrorBody, String> {
        serde_json::from_str::<ErrorBody>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn strict_deserialisation() {
        let ok = [
            (
                r#"{"code":404,"message":"Task not found"}"#,
                404,
                "Task not found",
                None,
            ),
            (r#"{"message":"m","code":500}"#, 500, "m", None),
            (
                r#"{"code":429,"message":"x","retry_after_seconds":null}"#,
                429,
                "x",
                None,
            ),
            (
                r#"{"code":429,"message":"x","retry_after_seconds":0}"#,
                429,
                "x",
                Some(0),
            ),
            (
                r#"{"code":400,"message":"x","type":"invalid","extra":{"a":[1,2]}}"#,
                400,
                "x",
                None,
            ),
            (
                r#" { "code" : 599 , "message" : "\u00e9\n" } "#,
                599,
                "é\n",
                None,
            ),
        ];
        for (json, code, message, retry) in ok {
            let body = parse(json).unwrap();
            assert_eq!(body.code().as_u16(), code, "{json}");
            assert_eq!(body.message(), message, "{json}");
            assert_eq!(body.retry_after_seconds(), retry, "{json}");
        }
        let expected_code = "an HTTP error status code, an integer in 400..=599";
        let bad = [
            (
                r#"[429,"x"]"#,
                "invalid type: sequence, expected an error body",
            ),
            (
                r#""x""#,
                "invalid type: string \"x\", expected an error body",
            ),
            (r#"{"message":"x"}"#, "missing field `code`"),
            (r#"{"code":400}"#, "missing field `message`"),
            (
                r#"{"code":"400","message":"x"}"#,
                "invalid type: string \"400\"",
            ),
            (
                r#"{"code":400.0,"message":"x"}"#,
                "invalid type: floating point `400.0`",
            ),
            (
                r#"{"code":99,"message":"x"}"#,
                "invalid value: integer `99`",
            ),
            (
                r#"{"code":600,"message":"x"}"#,
                "invalid value: integer `600`",
            ),
            (
                r#"{"code":65536,"message":"x"}"#,
                "invalid value: integer `65536`",
            ),
            (
                r#"{"code":-1,"message":"x"}"#,
                "invalid value: integer `-1`",
            ),
            (
                r#"{"code":400,"message":null}"#,
                "invalid type: null, expected a string",
            ),
            (
                r#"{"code":400,"message":5}"#,
                "invalid type: integer `5`, expected a string",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":-1}"#,
                "invalid value: integer `-1`, expected u64",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":1.5}"#,
                "invalid type: floating point `1.5`, expected u64",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":"5"}"#,
                "invalid type: string \"5\", expected u64",
            ),
            (
                r#"{"code":400,"code":401,"message":"x"}"#,
                "duplicate field `code`",
            ),
            (
                r#"{"code":400,"message":"x","message":"y"}"#,
                "duplicate field `message`",
            ),
            (
                r#"{"code":400,"message":"x"} trailing"#,
                "trailing characters",
            ),
            (
                r#"{"code":400,"message":"x""#,
                "EOF while parsing an object",
            ),
        ];
        for (json, start) in bad {
            let err = parse(json).unwrap_err();
            assert!(err.starts_with(start), "{json}: {err}");
            if start.starts_with("invalid value: integer") && !start.contains("expected") {
                assert!(err.contains(expected_code), "{json}: {err}");
            }
        }
    }
}
