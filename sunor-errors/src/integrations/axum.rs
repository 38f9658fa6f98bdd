//! [axum](https://docs.rs/axum) 0.8 integration (cargo feature `axum`).
//!
//! - [`ErrorBody`] and [`ErrorCode`] implement [`IntoResponse`]: status = `code`,
//!   `Content-Type: application/json`, `Retry-After` when the body has a delay, and the exact
//!   compact body.
//! - A type that derives [`IntoErrorBody`](crate::IntoErrorBody) with
//!   `#[error_body(axum)]` implements [`IntoResponse`] too, so a handler returns
//!   `Result<Json<T>, TaskError>` with no hand-written impl (see [Derived types](#derived-types)).
//! - [`Json`]: axum's JSON extractor whose rejections (malformed JSON, a missing
//!   `Content-Type`, ...) are the API's 400 body, and whose response never turns a
//!   serialisation failure into a `text/plain` page. `From<JsonRejection> for ErrorBody`
//!   does the same for code that keeps `axum::Json`.
//!
//! Rejections of other extractors (`Path`, `Query`), the router's own 404 and 405, and any
//! `text/plain` answer of a middleware are turned into wire bodies by the `tower` feature's
//! `ErrorBodyLayer`.
//!
//! ```
//! use axum::{Router, extract::Path, routing::get};
//! use sunor_errors::{ErrorBody, ErrorCode};
//! use sunor_errors::axum::Json;
//!
//! async fn get_task(Path(id): Path<String>) -> Result<Json<serde_json::Value>, ErrorBody> {
//!     if id != "task-1" {
//!         return Err(ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found"));
//!     }
//!     Ok(Json(serde_json::json!({ "code": 200, "data": { "task_id": id } })))
//! }
//!
//! let app: Router = Router::new().route("/api/v1/task/{id}", get(get_task));
//! # let _ = app;
//! ```
//!
//! # Serialisation never fails
//!
//! axum's own `Json` answers a failed serialisation with a `500 text/plain` page (the
//! lesson of axum issue 2287: an error response must stay an error *body*). The response of
//! an [`ErrorBody`] is written by [`ErrorBody::write_json`], which cannot fail: the message is
//! a Rust string (always valid UTF-8) and every character is escaped by hand, so the status
//! is always the body's code and the body always a valid error body. [`Json`]'s response, whose
//! `T` may fail to serialise, falls back to the 500 body
//! `{"code":500,"message":"Internal server error"}` and never shows serde's text.
//!
//! # Derived types
//!
//! `#[error_body(axum)]` on a type that derives [`IntoErrorBody`](crate::IntoErrorBody) (on
//! the enum, or on the struct beside its other keys) also generates
//! `impl axum::response::IntoResponse` for it, answering with
//! [`to_error_body`](crate::IntoErrorBody::to_error_body)'s body, exactly as
//! [`ErrorBody`]'s own response. With the `tracing` feature, a 5xx also logs what the body
//! hides, its [`error_cause`](crate::IntoErrorBody::error_cause) (type, variant, source
//! chain), as one event per response (see the derive's
//! [Hidden causes](derive@crate::IntoErrorBody#hidden-causes)).
//!
//! ```
//! # #[cfg(feature = "derive")] {
//! use axum::response::IntoResponse;
//! use sunor_errors::IntoErrorBody;
//!
//! #[derive(Debug, IntoErrorBody)]
//! #[error_body(axum)]
//! enum TaskError {
//!     #[error_body(code = 404, message = "Task not found")]
//!     NotFound,
//!     #[error_body(code = 429)]
//!     RateLimited(#[error_body(retry_after)] u64),
//! }
//!
//! // A handler returns it as is: `async fn get_task() -> Result<Json<Task>, TaskError>`.
//! let response = TaskError::RateLimited(30).into_response();
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["retry-after"], "30");
//! # }
//! ```
//!
//! It is opt-in per type because a cargo feature must be additive: the `axum` feature can be
//! turned on by any crate in a build, and were it to give every derived type an
//! `IntoResponse`, a crate that writes its own (a different content type, extra headers)
//! would stop compiling. Without the key the derive writes nothing for axum, and the type
//! may have any hand-written `IntoResponse`. The key without this feature is a compile error
//! that says to add `features = ["axum"]` to the sunor-errors dependency.
//!
//! A derive hook was chosen over a wrapper type (`ApiError<E>` with `From<E>` so `?` works)
//! because handlers then return their own error type unchanged, `?` converts with the type's
//! own `From` impls, and there is no second name to learn.

use axum::extract::rejection::JsonRejection as AxumJsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::json_rejection::JsonRejection;
pub use super::json_rejection::{INVALID_JSON, MALFORMED_JSON, MISSING_JSON_CONTENT_TYPE};
use crate::{ErrorBody, ErrorCode};

/// `status = code`, `Content-Type: application/json`, `Retry-After` when set, the compact
/// body. Infallible (see the [module docs](self#serialisation-never-fails)).
///
/// ```
/// use axum::response::IntoResponse;
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let response = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
///     .with_retry_after_seconds(60)
///     .into_response();
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(response.headers()["retry-after"], "60");
/// ```
impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        let mut response = Response::new(axum::body::Body::from(self.to_json_vec()));
        *response.status_mut() = self.code().status();
        self.write_headers(response.headers_mut());
        response
    }
}

/// The code's body with its [default message](ErrorCode::default_message).
impl IntoResponse for ErrorCode {
    fn into_response(self) -> Response {
        ErrorBody::from_code(self).into_response()
    }
}

/// The API's 400 body for a rejected JSON request, so no `text/plain` rejection leaves the
/// server: `.map_err(ErrorBody::from)?` on a `Result<axum::Json<T>, JsonRejection>`.
///
/// | rejection | answer |
/// |---|---|
/// | not valid JSON | 400 [`MALFORMED_JSON`] |
/// | valid JSON of the wrong shape | 400 [`INVALID_JSON`] |
/// | no `Content-Type: application/json` | 400 [`MISSING_JSON_CONTENT_TYPE`] |
/// | body over the size limit | 413 `Payload too large` |
/// | anything else | axum's status, with its default message |
///
/// The messages are fixed: serde's text can echo unbounded parts of the request.
///
/// ```
/// use axum::extract::FromRequest;
/// use sunor_errors::ErrorBody;
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let request = axum::http::Request::post("/").body(axum::body::Body::from("{}"))?;
/// let rejection = axum::Json::<serde_json::Value>::from_request(request, &()).await.unwrap_err();
/// let body = ErrorBody::from(rejection);
/// assert_eq!(body.to_json_vec(), br#"{"code":400,"message":"Content-Type must be application/json"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })
/// # .map_err(|e| e.to_string())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl From<AxumJsonRejection> for ErrorBody {
    fn from(rejection: AxumJsonRejection) -> ErrorBody {
        let rejection = match rejection {
            AxumJsonRejection::JsonSyntaxError(_) => JsonRejection::Malformed,
            AxumJsonRejection::JsonDataError(_) => JsonRejection::Invalid,
            AxumJsonRejection::MissingJsonContentType(_) => JsonRejection::MissingContentType,
            other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                JsonRejection::TooLarge
            }
            // A status that is not an error (none is today) is answered as a bad request.
            other => JsonRejection::Other(
                ErrorCode::try_from(other.status()).unwrap_or(ErrorCode::BAD_REQUEST),
            ),
        };
        rejection.to_error_body()
    }
}

/// axum's [`Json`](axum::Json) with the API's error bodies: as an extractor its rejection
/// is an [`ErrorBody`] (as `From<JsonRejection> for ErrorBody` maps it);
/// as a response it answers `200 application/json`, or the 500 error body if `T` fails to
/// serialise.
///
/// ```
/// use axum::extract::FromRequest;
/// use axum::response::IntoResponse;
/// use sunor_errors::axum::Json;
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let request = axum::http::Request::post("/")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from("{not json"))?;
/// let rejection = Json::<serde_json::Value>::from_request(request, &()).await.unwrap_err();
/// let response = rejection.into_response();
/// assert_eq!(response.status(), 400);
/// let body = axum::body::to_bytes(response.into_body(), 1024).await?;
/// assert_eq!(&body[..], br#"{"code":400,"message":"Malformed JSON body"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })
/// # .map_err(|e| e.to_string())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[must_use]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ErrorBody;

    async fn from_request(request: Request, state: &S) -> Result<Json<T>, ErrorBody> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(ErrorBody::from(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        let mut bytes = Vec::with_capacity(128);
        match serde_json::to_writer(&mut bytes, &self.0) {
            Ok(()) => {
                let mut response = Response::new(axum::body::Body::from(bytes));
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                response
            }
            // serde's text may name internals: the fixed 500 body instead.
            Err(_) => ErrorCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

impl<T> From<T> for Json<T> {
    fn from(value: T) -> Json<T> {
        Json(value)
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// The derive hook of `#[error_body(axum)]`: `impl IntoResponse` for the derived type, with
/// the generics and bounds of its `IntoErrorBody` impl, as
/// `impl [<..>] for [Type<..>] where [predicates]`. See [Derived types](self#derived-types).
#[doc(hidden)]
#[macro_export]
macro_rules! __derive_axum {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($predicates:tt)*]) => {
        #[automatically_derived]
        #[allow(deprecated)]
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $($ty)*
        where
            $($predicates)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum::response::IntoResponse::into_response(
                    $crate::__private::response_body(&self),
                )
            }
        }
    };
}
