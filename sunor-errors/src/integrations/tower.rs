//! A [tower](https://docs.rs/tower) layer (cargo feature `tower`): every error response of
//! the wrapped service leaves as a wire body.
//!
//! [`ErrorBodyLayer`] looks at the status and headers of each response of the inner service.
//! A 4xx/5xx whose `Content-Type` is not JSON (a `text/plain` extractor rejection, the
//! router's empty 404 or 405, an HTML page from a proxying handler, a timeout middleware's
//! empty 408) is rewritten: same status, the body
//! `{"code":<status>,"message":<the code's default message>}`, `Content-Type:
//! application/json`, and the `Retry-After` header kept (as whole seconds, mirrored in
//! `retry_after_seconds`; an unparseable one is dropped). Other headers stay, except those
//! that described the replaced body (`Content-Length`, `Content-Encoding`, `ETag`, ...).
//! Responses that already are JSON, and every 1xx/2xx/3xx, pass through untouched.
//!
//! It decides from the headers alone: it never reads, let alone buffers, the inner body (a
//! replaced body is dropped unread), so it costs nothing on streaming responses and cannot
//! be made to allocate by what the inner service produces.
//!
//! # Why a layer
//!
//! A tower layer works under axum (`Router::layer`), tonic, hyper via `hyper-util`, and any
//! other `tower::Service`, and it catches what no `IntoResponse` impl can: errors produced
//! *outside* the handler's types (routing, extractors, middleware such as timeouts or body
//! limits). actix-web is not a tower stack: see the `actix-web` feature's module.
//!
//! # Logs (feature `tracing`)
//!
//! Rewriting a 5xx logs one `ERROR` event, target `sunor_errors::cause` (the event a derived
//! error answered through `#[error_body(axum)]` logs, see
//! [`IntoErrorBody::error_cause`](crate::IntoErrorBody::error_cause)): here the cause is what
//! was replaced, since the layer never reads the inner body. `http.response.status_code` and
//! `error.type` are the status (the only class of error known), `error.cause_chain` names the
//! replaced response's status and `Content-Type` (escaped, at most 128 bytes). A JSON error
//! passes through unlogged: a derived type's own response has already logged its cause.
//!
//! # Clock
//!
//! The clock is read only to turn a `Retry-After` HTTP-date into seconds, never for other
//! responses. [`ErrorBodyLayer::with_clock`] supplies another one (a fixed time in tests, a
//! platform clock where `SystemTime::now` is unavailable).
//!
//! ```
//! use axum::{Router, extract::Path, routing::get};
//! use sunor_errors::tower::ErrorBodyLayer;
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
//! // `Path<u32>` rejects "abc" with a text/plain 400; the layer makes it a wire body.
//! let app = Router::new()
//!     .route("/n/{n}", get(|Path(n): Path<u32>| async move { n.to_string() }))
//!     .layer(ErrorBodyLayer::new());
//! let request = axum::http::Request::get("/n/abc").body(axum::body::Body::empty())?;
//! let response = app.oneshot(request).await?;
//! assert_eq!(response.status(), 400);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! let body = axum::body::to_bytes(response.into_body(), 1024).await?;
//! assert_eq!(&body[..], br#"{"code":400,"message":"Bad request"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })
//! # .map_err(|e| e.to_string())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::{ErrorBody, ErrorCode, retry_after};

/// Wraps a service so that its non-JSON error responses become wire bodies (see the
/// [module docs](self)).
#[derive(Debug, Clone, Copy)]
pub struct ErrorBodyLayer {
    clock: fn() -> SystemTime,
}

impl ErrorBodyLayer {
    /// The layer, on the system clock.
    pub const fn new() -> ErrorBodyLayer {
        ErrorBodyLayer {
            clock: SystemTime::now,
        }
    }

    /// The same layer reading `clock` (only for a `Retry-After` HTTP-date).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use sunor_errors::tower::ErrorBodyLayer;
    ///
    /// fn fixed() -> SystemTime {
    ///     SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    /// }
    /// let layer = ErrorBodyLayer::new().with_clock(fixed);
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub const fn with_clock(self, clock: fn() -> SystemTime) -> ErrorBodyLayer {
        ErrorBodyLayer { clock }
    }
}

impl Default for ErrorBodyLayer {
    fn default() -> ErrorBodyLayer {
        ErrorBodyLayer::new()
    }
}

impl<S> Layer<S> for ErrorBodyLayer {
    type Service = ErrorBodyService<S>;

    fn layer(&self, inner: S) -> ErrorBodyService<S> {
        ErrorBodyService {
            inner,
            clock: self.clock,
        }
    }
}

/// The service [`ErrorBodyLayer`] produces.
#[derive(Debug, Clone)]
pub struct ErrorBodyService<S> {
    inner: S,
    clock: fn() -> SystemTime,
}

impl<S> ErrorBodyService<S> {
    /// Wraps `inner`, on the system clock.
    pub const fn new(inner: S) -> ErrorBodyService<S> {
        ErrorBodyService {
            inner,
            clock: SystemTime::now,
        }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, consuming the wrapper.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, Request, B> Service<Request> for ErrorBodyService<S>
where
    S: Service<Request, Response = Response<B>>,
{
    type Response = Response<ErrorBodyResponseBody<B>>;
    type Error = S::Error;
    type Future = ErrorBodyFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        ErrorBodyFuture {
            inner: self.inner.call(request),
            clock: self.clock,
        }
    }
}

pin_project! {
    /// The response future of [`ErrorBodyService`].
    pub struct ErrorBodyFuture<F> {
        #[pin]
        inner: F,
        clock: fn() -> SystemTime,
    }
}

impl<F> fmt::Debug for ErrorBodyFuture<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBodyFuture").finish_non_exhaustive()
    }
}

impl<F, B, E> Future for ErrorBodyFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<ErrorBodyResponseBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(rewrite(response, *this.clock)))
    }
}

pin_project! {
    /// The body of a response that passed through [`ErrorBodyLayer`]: the inner body, or
    /// the error body that replaced it.
    pub struct ErrorBodyResponseBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Rewritten { bytes: Option<Bytes> },
    }
}

impl<B> ErrorBodyResponseBody<B> {
    /// Whether the layer replaced the inner body with an error body.
    pub fn is_rewritten(&self) -> bool {
        matches!(self.kind, Kind::Rewritten { .. })
    }
}

impl<B> fmt::Debug for ErrorBodyResponseBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBodyResponseBody")
            .field("rewritten", &self.is_rewritten())
            .finish_non_exhaustive()
    }
}

impl<B: Body<Data = Bytes>> Body for ErrorBodyResponseBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body.poll_frame(cx),
            KindProj::Rewritten { bytes } => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Rewritten { bytes } => bytes.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Rewritten { bytes } => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
        }
    }
}

// Headers that described the replaced body and would lie about the new one.
const BODY_HEADERS: [header::HeaderName; 9] = [
    header::CONTENT_DISPOSITION,
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
    header::CONTENT_LENGTH,
    header::CONTENT_LOCATION,
    header::CONTENT_RANGE,
    header::ETAG,
    header::LAST_MODIFIED,
    header::TRANSFER_ENCODING,
];

fn rewrite<B>(
    response: Response<B>,
    clock: fn() -> SystemTime,
) -> Response<ErrorBodyResponseBody<B>> {
    let Some(mut error) = needs_rewrite(response.status(), response.headers()) else {
        return response.map(|body| ErrorBodyResponseBody {
            kind: Kind::Inner { body },
        });
    };
    crate::cause_log::log_replaced(error.code(), response.headers().get(header::CONTENT_TYPE));
    let (mut parts, body) = response.into_parts();
    drop(body);
    if let Some(Ok(delay)) = parts
        .headers
        .get(header::RETRY_AFTER)
        .map(|value| retry_after::parse_with(value, clock))
    {
        error = error.with_retry_after(delay);
    }
    for name in BODY_HEADERS {
        parts.headers.remove(name);
    }
    // Also sets Retry-After from the body, or removes an unparseable one.
    error.write_headers(&mut parts.headers);
    let bytes = Bytes::from(error.to_json_vec());
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    Response::from_parts(
        parts,
        ErrorBodyResponseBody {
            kind: Kind::Rewritten { bytes: Some(bytes) },
        },
    )
}

// The body to answer instead, when the response is an error without a JSON body.
fn needs_rewrite(status: StatusCode, headers: &HeaderMap) -> Option<ErrorBody> {
    let code = ErrorCode::try_from(status).ok()?;
    if headers
        .get(header::CONTENT_TYPE)
        .is_some_and(crate::wire::media_type::is_json)
    {
        return None;
    }
    Some(ErrorBody::from_code(code))
}

#[cfg(test)]
#[path = "tower_tests.rs"]
mod tests;
