//! How a server answers a request body it could not read as JSON: one table for every
//! framework integration, so axum and actix-web servers answer the same bodies.
//!
//! The messages are fixed: serde's text can echo unbounded parts of the request.

use crate::{ErrorBody, ErrorCode};

/// The message of the 400 answered for a request body that is not valid JSON.
pub const MALFORMED_JSON: &str = "Malformed JSON body";
/// The message of the 400 answered for a JSON body that does not fit the expected type.
pub const INVALID_JSON: &str = "Invalid JSON body";
/// The message of the 400 answered for a request without `Content-Type: application/json`.
pub const MISSING_JSON_CONTENT_TYPE: &str = "Content-Type must be application/json";

/// Why a JSON request body was rejected, whatever the framework called it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonRejection {
    /// Not valid JSON (syntax, or the body ended early).
    Malformed,
    /// Valid JSON of the wrong shape for the expected type.
    Invalid,
    /// No JSON `Content-Type`.
    MissingContentType,
    /// Over the body size limit.
    TooLarge,
    /// Anything else, with the framework's own status.
    Other(ErrorCode),
}

impl JsonRejection {
    /// The body answered.
    pub(crate) fn to_error_body(self) -> ErrorBody {
        match self {
            JsonRejection::Malformed => ErrorBody::new(ErrorCode::BAD_REQUEST, MALFORMED_JSON),
            JsonRejection::Invalid => ErrorBody::new(ErrorCode::BAD_REQUEST, INVALID_JSON),
            JsonRejection::MissingContentType => {
                ErrorBody::new(ErrorCode::BAD_REQUEST, MISSING_JSON_CONTENT_TYPE)
            }
            JsonRejection::TooLarge => ErrorBody::from_code(ErrorCode::PAYLOAD_TOO_LARGE),
            JsonRejection::Other(code) => ErrorBody::from_code(code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        let bodies: Vec<Vec<u8>> = [
            JsonRejection::Malformed,
            JsonRejection::Invalid,
            JsonRejection::MissingContentType,
            JsonRejection::TooLarge,
            JsonRejection::Other(ErrorCode::UNPROCESSABLE_ENTITY),
        ]
        .into_iter()
        .map(|r| r.to_error_body().to_json_vec())
        .collect();
        assert_eq!(
            bodies,
            [
                &br#"{"code":400,"message":"Malformed JSON body"}"#[..],
                br#"{"code":400,"message":"Invalid JSON body"}"#,
                br#"{"code":400,"message":"Content-Type must be application/json"}"#,
                br#"{"code":413,"message":"Payload too large"}"#,
                br#"{"code":422,"message":"Unprocessable entity"}"#,
            ]
        );
    }
}
