//! The JSON Schema (draft 2020-12) of the error body, as shipped with the crate.
//!
//! The schema describes exactly what [`ErrorBody`](crate::ErrorBody)'s strict deserialiser
//! accepts, as far as JSON Schema can say it:
//!
//! - a JSON object;
//! - `code`, required: an integer in `400..=599`;
//! - `message`, required: a string (the empty string included: an empty message is a
//!   [conformance](crate::conformance) error, not a type error);
//! - `retry_after_seconds`, optional: an integer in `0..=u64::MAX`, or `null`, which means
//!   the same as absent;
//! - any other member, of any type (clients ignore it).
//!
//! ```
//! let schema = sunor_errors::schema::error_body_schema();
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema["required"], serde_json::json!(["code", "message"]));
//! assert_eq!(schema["properties"]["code"]["maximum"], 599);
//! ```
//!
//! # Where the schema and the deserialiser differ
//!
//! JSON Schema validates a parsed JSON value, so two things a parser sees are invisible to
//! it. Both make the deserialiser (and so every client of this crate) stricter than the
//! schema, never looser:
//!
//! - **Numbers written with a fraction or an exponent.** JSON Schema calls any number with
//!   a zero fractional part an `"integer"`, so `{"code": 400.0, ...}`, `{"code": 4e2, ...}`
//!   and `"retry_after_seconds": 60.0` are valid per the schema; so is `-0`, which is the
//!   integer 0 to JSON Schema. serde_json reads all of them as floats, which
//!   [`ErrorBody`](crate::ErrorBody) rejects. Write integers as plain integers.
//! - **Duplicate member names.** JSON parsers keep one of the values (serde_json and most
//!   others the last), so the schema never sees `{"code": 400, "code": 401, ...}` as such.
//!   [`ErrorBody`](crate::ErrorBody) rejects a duplicate `code`, `message` or
//!   `retry_after_seconds`; duplicates of other members are ignored like the members
//!   themselves.
//!
//! The crate's tests validate every vector of `tests/vectors/schema-vectors.json` with a
//! real JSON Schema validator, check that the deserialiser agrees, and list these cases as
//! the only exceptions. [`conformance::check_response`](crate::conformance::check_response)
//! follows the deserialiser, so it reports both.

/// The schema as JSON text, exactly as in the crate's `schema/error-body.schema.json`.
///
/// ```
/// assert!(sunor_errors::schema::ERROR_BODY_SCHEMA.contains(r#""required": ["code", "message"]"#));
/// ```
pub const ERROR_BODY_SCHEMA: &str = include_str!("../../schema/error-body.schema.json");

/// The `$id` of the schema, for registering it with a validator or referencing it.
///
/// A tag URI (RFC 4151) under the API's domain: it names the schema, version by version,
/// without claiming an address it could be fetched from. The schema itself ships in this
/// crate ([`ERROR_BODY_SCHEMA`]); register it with a validator under this identifier.
pub const ERROR_BODY_SCHEMA_ID: &str = "tag:sunor.cc,2026:sunor-errors/error-body.schema.json";

/// The schema as a JSON value (parsed from [`ERROR_BODY_SCHEMA`] on each call).
///
/// ```
/// let schema = sunor_errors::schema::error_body_schema();
/// assert_eq!(schema["type"], "object");
/// assert_eq!(schema["properties"]["retry_after_seconds"]["type"], serde_json::json!(["integer", "null"]));
/// ```
pub fn error_body_schema() -> serde_json::Value {
    match serde_json::from_str(ERROR_BODY_SCHEMA) {
        Ok(value) => value,
        // The text is a constant checked by the tests below; this arm cannot be reached.
        Err(e) => panic!("the shipped error body schema is not valid JSON: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schema_is_the_documented_one() {
        let schema = error_body_schema();
        assert_eq!(schema["$id"], ERROR_BODY_SCHEMA_ID);
        assert_eq!(schema["title"], "ErrorBody");
        assert_eq!(schema["additionalProperties"], true);
        let properties = schema["properties"].as_object().unwrap();
        let names: Vec<&str> = properties.keys().map(String::as_str).collect();
        assert_eq!(names, ["code", "message", "retry_after_seconds"]);
        assert_eq!(
            schema["properties"]["code"],
            serde_json::json!({
                "description": "The HTTP status of the response, an error status.",
                "type": "integer", "minimum": 400, "maximum": 599
            })
        );
        assert_eq!(schema["properties"]["message"]["type"], "string");
        let retry = &schema["properties"]["retry_after_seconds"];
        assert_eq!(retry["minimum"], 0);
        assert_eq!(retry["maximum"].as_u64(), Some(u64::MAX));
    }

    #[test]
    fn schema_examples_deserialise() {
        for example in error_body_schema()["examples"].as_array().unwrap() {
            let body: crate::ErrorBody = serde_json::from_value(example.clone()).unwrap();
            assert_eq!(&serde_json::to_value(&body).unwrap(), example);
        }
    }
}
