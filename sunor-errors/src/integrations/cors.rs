//! CORS: the response headers a client running in a browser must be allowed to read.
//!
//! A script on another origin sees only the CORS-safelisted response headers
//! (`Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`, `Expires`,
//! `Last-Modified`, `Pragma`) unless the response lists the others in
//! `Access-Control-Expose-Headers`. Without [`EXPOSE_HEADERS`], a browser client of the API
//! never sees `Retry-After` nor the rate-limit headers: it cannot wait as a 429 or a 503 asks
//! (the generated TypeScript client then falls back to its 30 s for a 429, and retries a 503
//! on its own schedule), nor pace itself by the quota.
//!
//! With tower-http's `CorsLayer` (its feature `cors`), on an axum router:
//!
//! ```
//! use sunor_errors::cors::EXPOSE_HEADERS;
//! use tower_http::cors::{AllowOrigin, CorsLayer};
//!
//! let cors = CorsLayer::new()
//!     .allow_origin(AllowOrigin::list(["https://app.example".parse().unwrap()]))
//!     .expose_headers(EXPOSE_HEADERS);
//! let app: axum::Router = axum::Router::new().layer(cors);
//! # drop(app);
//! ```
//!
//! With actix-cors, pass [`EXPOSE_HEADER_NAMES`] to `Cors::expose_headers`; any other
//! middleware can write [`expose_headers_value`] itself. `examples/task_api/serve.rs` serves
//! the API this way (`--cors ORIGIN`), and the server tests check what a browser receives.

use http::{HeaderName, HeaderValue};

/// The response headers to list in `Access-Control-Expose-Headers` so that a browser client
/// can honour the server's delays and quota: `Retry-After` (RFC 9110), the IETF draft's
/// `RateLimit` and `RateLimit-Policy`, and the API's `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the names
/// [`RateLimit::from_headers`](crate::rate_limit::RateLimit::from_headers) reads).
///
/// ```
/// use sunor_errors::cors::EXPOSE_HEADERS;
///
/// assert_eq!(EXPOSE_HEADERS[0], http::header::RETRY_AFTER);
/// assert!(EXPOSE_HEADERS.iter().any(|name| name == "x-ratelimit-reset"));
/// ```
pub const EXPOSE_HEADERS: [HeaderName; 6] = [
    http::header::RETRY_AFTER,
    HeaderName::from_static("ratelimit"),
    HeaderName::from_static("ratelimit-policy"),
    HeaderName::from_static("x-ratelimit-limit"),
    HeaderName::from_static("x-ratelimit-remaining"),
    HeaderName::from_static("x-ratelimit-reset"),
];

/// [`EXPOSE_HEADERS`] as text (lowercase), for APIs that take strings (actix-cors's
/// `expose_headers`, a hand-written middleware).
pub const EXPOSE_HEADER_NAMES: [&str; 6] = [
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
];

/// The `Access-Control-Expose-Headers` value listing [`EXPOSE_HEADERS`], for a middleware
/// that writes the header itself.
///
/// ```
/// assert_eq!(
///     sunor_errors::cors::expose_headers_value(),
///     "retry-after, ratelimit, ratelimit-policy, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"
/// );
/// ```
pub fn expose_headers_value() -> HeaderValue {
    HeaderValue::from_static(
        "retry-after, ratelimit, ratelimit-policy, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_the_ones_the_crate_reads_and_writes() {
        let headers = EXPOSE_HEADERS;
        let names: Vec<&str> = headers.iter().map(HeaderName::as_str).collect();
        assert_eq!(names, EXPOSE_HEADER_NAMES);
        assert_eq!(expose_headers_value(), EXPOSE_HEADER_NAMES.join(", "));
        // Every header a response of the crate carries about delays and quota is listed:
        // what `RateLimit::write_headers` and `ErrorBody::write_headers` write.
        let mut written = http::HeaderMap::new();
        crate::rate_limit::RateLimit::new(100, 0, std::time::Duration::from_secs(30))
            .with_window(std::time::Duration::from_secs(60))
            .write_headers(&mut written, std::time::SystemTime::UNIX_EPOCH);
        crate::ErrorBody::from_code(crate::ErrorCode::TOO_MANY_REQUESTS)
            .with_retry_after_seconds(30)
            .write_headers(&mut written);
        for name in written.keys() {
            let safelisted = name == http::header::CONTENT_TYPE;
            assert_eq!(
                EXPOSE_HEADERS.contains(name),
                !safelisted,
                "{name} is written by the crate"
            );
        }
        assert_eq!(written.keys_len(), EXPOSE_HEADERS.len() + 1);
    }
}
