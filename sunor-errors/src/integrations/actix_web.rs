//! [actix-web](https://docs.rs/actix-web) 4 integration (cargo feature `actix-web`).
//!
//! - [`ErrorBody`] and [`ErrorCode`] implement [`ResponseError`]: status = `code`,
//!   `Content-Type: application/json`, `Retry-After` when the body has a delay, and the exact
//!   compact body, the same bytes and headers as [`ErrorBody::to_http_response`]. A handler
//!   returns `Result<HttpResponse, ErrorBody>` (or any error type that converts into one).
//! - A type that derives [`IntoErrorBody`](crate::IntoErrorBody) with
//!   `#[error_body(actix_web)]` implements [`ResponseError`] too, answering with its body.
//!   `ResponseError` needs `Debug` and `Display` on the type (thiserror's `Error` derive gives
//!   `Display`). Opt-in per type, as for axum: a cargo feature must be additive. With the
//!   `tracing` feature its `error_response` logs a 5xx's hidden cause (see the derive's
//!   [Hidden causes](derive@crate::IntoErrorBody#hidden-causes)); actix calls it once per
//!   response (`HttpResponse::from_error`), so each response is one event.
//! - [`json_config`]: a [`JsonConfig`] whose rejections (malformed JSON, wrong content type,
//!   a body over the limit) answer with the API's 400/413 bodies instead of actix's
//!   `text/plain`, with the same messages as the axum integration.
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//! use sunor_errors::{ErrorBody, ErrorCode};
//!
//! async fn get_task(id: web::Path<String>) -> Result<HttpResponse, ErrorBody> {
//!     if id.as_str() != "task-1" {
//!         return Err(ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found"));
//!     }
//!     Ok(HttpResponse::Ok().json(serde_json::json!({"code": 200, "data": {"task_id": *id}})))
//! }
//!
//! let app = App::new()
//!     .app_data(sunor_errors::actix_web::json_config())
//!     .route("/api/v1/task/{id}", web::get().to(get_task));
//! # let _ = app;
//! ```

use actix_web::http::StatusCode;
use actix_web::web::JsonConfig;
use actix_web::{HttpResponse, ResponseError};

use super::json_rejection::JsonRejection;
pub use super::json_rejection::{INVALID_JSON, MALFORMED_JSON, MISSING_JSON_CONTENT_TYPE};
use crate::{ErrorBody, ErrorCode};

/// `status = code`, `Content-Type: application/json`, `Retry-After` when set, the compact
/// body: [`ErrorBody::to_http_response`]'s status, headers and bytes.
///
/// ```
/// use actix_web::ResponseError;
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let response = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
///     .with_retry_after_seconds(60)
///     .error_response();
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
/// assert_eq!(response.headers().get("retry-after").unwrap(), "60");
/// ```
impl ResponseError for ErrorBody {
    fn status_code(&self) -> StatusCode {
        status(self.code())
    }

    fn error_response(&self) -> HttpResponse {
        // The one rule for an error response's headers and body, carried over to actix's
        // own `http` types.
        let (parts, body) = self.to_http_response().into_parts();
        let mut response = HttpResponse::build(status(self.code()));
        for (name, value) in &parts.headers {
            response.insert_header((name.as_str(), value.as_bytes()));
        }
        response.body(body)
    }
}

/// The code's body with its [default message](ErrorCode::default_message).
impl ResponseError for ErrorCode {
    fn status_code(&self) -> StatusCode {
        status(*self)
    }

    fn error_response(&self) -> HttpResponse {
        ErrorBody::from_code(*self).error_response()
    }
}

// actix-web speaks `http` 0.2, whose status codes are 100..=999: every `ErrorCode` is one.
fn status(code: ErrorCode) -> StatusCode {
    match StatusCode::from_u16(code.as_u16()) {
        Ok(status) => status,
        Err(_) => unreachable!("http 0.2 accepts every status in 100..=999"),
    }
}

/// A [`JsonConfig`] whose rejections are the API's error bodies; register it with
/// `App::app_data` (or a scope's), and chain `.limit(bytes)` to change the size limit.
///
/// | rejection | answer |
/// |---|---|
/// | not valid JSON | 400 [`MALFORMED_JSON`] |
/// | valid JSON of the wrong shape | 400 [`INVALID_JSON`] |
/// | no JSON `Content-Type` | 400 [`MISSING_JSON_CONTENT_TYPE`] |
/// | body over the limit | 413 `Payload too large` |
/// | the payload failed to arrive | 400 `Bad request` |
///
/// ```
/// let config = sunor_errors::actix_web::json_config().limit(64 * 1024);
/// # let _ = config;
/// ```
pub fn json_config() -> JsonConfig {
    JsonConfig::default().error_handler(|error, _request| {
        use actix_web::error::JsonPayloadError;
        let rejection = match &error {
            // serde_json's own split: syntax and early end, or a value of the wrong shape.
            JsonPayloadError::Deserialize(error) if error.is_data() => JsonRejection::Invalid,
            JsonPayloadError::Deserialize(_) => JsonRejection::Malformed,
            JsonPayloadError::ContentType => JsonRejection::MissingContentType,
            JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
                JsonRejection::TooLarge
            }
            _ => JsonRejection::Other(ErrorCode::BAD_REQUEST),
        };
        rejection.to_error_body().into()
    })
}

/// The derive hook of `#[error_body(actix_web)]`: `impl ResponseError` for the derived type,
/// with the generics and bounds of its `IntoErrorBody` impl, as
/// `impl [<..>] for [Type<..>] where [predicates]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __derive_actix_web {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($predicates:tt)*]) => {
        #[automatically_derived]
        #[allow(deprecated)]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            $($predicates)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::actix_web::ResponseError::status_code(
                    &$crate::__private::IntoErrorBody::error_code(self),
                )
            }
            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::__private::actix_web::ResponseError::error_response(
                    &$crate::__private::response_body(self),
                )
            }
        }
    };
}
