//! Unit tests of the tower layer (`tower.rs`): rewrites, headers kept and dropped, the
//! clock, and the inner body never read.

use super::*;
use http_body_util::BodyExt;
use std::convert::Infallible;
use std::time::Duration;
use tower::{ServiceBuilder, ServiceExt};

type Collected = (StatusCode, Vec<(String, String)>, Vec<u8>, bool);

// A service answering a fixed response, wrapped in the layer; the response is collected.
async fn through(response: Response<String>) -> Collected {
    let service = ServiceBuilder::new()
        .layer(ErrorBodyLayer::new())
        .service(tower::service_fn(move |_: ()| {
            let response = response.clone();
            async move {
                Ok::<_, Infallible>(response.map(|s| http_body_util::Full::new(Bytes::from(s))))
            }
        }));
    let response = service.oneshot(()).await.unwrap();
    let status = response.status();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    let rewritten = response.body().is_rewritten();
    let body = response.into_body();
    let hint = body.size_hint().exact();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    if rewritten {
        assert_eq!(hint, Some(bytes.len() as u64));
    }
    (status, headers, bytes, rewritten)
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response<String> {
    let mut builder = Response::builder().status(status);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(body.to_owned()).unwrap()
}

// Sorted by name, as `through` returns them.
fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn plain_text_errors_become_wire_bodies() {
    let (status, headers, body, rewritten) = through(response(
        502,
        &[
            ("content-type", "text/html"),
            ("content-length", "48"),
            ("content-encoding", "identity"),
            ("etag", "\"abc\""),
            ("x-ratelimit-remaining", "7"),
        ],
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    ))
    .await;
    assert!(rewritten);
    assert_eq!(status, 502);
    assert_eq!(body, br#"{"code":502,"message":"Upstream provider error"}"#);
    assert_eq!(
        headers,
        pairs(&[
            ("x-ratelimit-remaining", "7"),
            ("content-type", "application/json"),
            ("content-length", "48"),
        ])
    );

    let (status, headers, body, _) = through(response(405, &[("allow", "GET")], "")).await;
    assert_eq!(status, 405);
    assert_eq!(body, br#"{"code":405,"message":"Method not allowed"}"#);
    assert_eq!(
        headers,
        pairs(&[
            ("allow", "GET"),
            ("content-type", "application/json"),
            ("content-length", "43"),
        ])
    );
}

#[tokio::test]
async fn retry_after_is_kept_and_mirrored_in_the_body() {
    let (status, headers, body, _) = through(response(
        429,
        &[("retry-after", " 60 "), ("content-type", "text/plain")],
        "slow down",
    ))
    .await;
    assert_eq!(status, 429);
    assert_eq!(
        body,
        br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    );
    assert_eq!(
        headers,
        pairs(&[
            ("retry-after", "60"),
            ("content-type", "application/json"),
            ("content-length", "70"),
        ])
    );

    // An HTTP-date becomes the seconds from now (rounded up), in header and body alike.
    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }
    let date = retry_after::format_date(now() + Duration::from_secs(30));
    let mut dated = response(503, &[], "");
    dated.headers_mut().insert(header::RETRY_AFTER, date);
    let rewritten = rewrite(dated, now);
    assert_eq!(rewritten.headers()["retry-after"], "30");
    let bytes = rewritten.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &bytes[..],
        br#"{"code":503,"message":"Service unavailable","retry_after_seconds":30}"#
    );

    // Garbage is dropped rather than passed on.
    let (_, headers, body, _) = through(response(503, &[("retry-after", "soon")], "")).await;
    assert_eq!(body, br#"{"code":503,"message":"Service unavailable"}"#);
    assert_eq!(
        headers,
        pairs(&[
            ("content-type", "application/json"),
            ("content-length", "44")
        ])
    );
}

#[tokio::test]
async fn json_and_success_responses_pass_through() {
    let cases = [
        response(
            404,
            &[("content-type", "application/json")],
            r#"{"code":404,"message":"Task not found"}"#,
        ),
        response(
            400,
            &[("content-type", "Application/Problem+JSON; charset=utf-8")],
            r#"{"x":1}"#,
        ),
        response(200, &[("content-type", "text/plain")], "ok"),
        response(202, &[], ""),
        response(304, &[("etag", "\"a\"")], ""),
    ];
    for case in cases {
        let expected_status = case.status();
        let mut expected_headers: Vec<(String, String)> = case
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        expected_headers.sort();
        let expected_body = case.body().clone().into_bytes();
        let (status, headers, body, rewritten) = through(case).await;
        assert!(!rewritten);
        assert_eq!(status, expected_status);
        assert_eq!(headers, expected_headers);
        assert_eq!(body, expected_body);
    }
}

// The checker's rule, on its table: a JSON error passes through, anything else is
// rewritten.
#[tokio::test]
async fn json_detection_is_the_wire_rule() {
    for (content_type, json) in crate::wire::media_type::CASES {
        let (_, _, _, rewritten) = through(response(
            502,
            &[("content-type", content_type)],
            r#"{"code":502,"message":"m"}"#,
        ))
        .await;
        assert_eq!(rewritten, !json, "{content_type:?}");
    }
    let (_, _, _, rewritten) = through(response(502, &[], "x")).await;
    assert!(rewritten);
}

// A platform without a clock (where `SystemTime::now` panics) is fine: the clock is read
// for a `Retry-After` HTTP-date only.
#[tokio::test]
async fn the_clock_is_read_only_for_a_retry_after_date() {
    fn no_clock() -> SystemTime {
        panic!("the clock was read")
    }
    let layer = ErrorBodyLayer::new().with_clock(no_clock);
    let cases = [
        response(500, &[], "boom"),
        response(429, &[("retry-after", "7")], "slow down"),
        response(404, &[("content-type", "application/json")], "{}"),
        response(200, &[], "ok"),
    ];
    let mut statuses = Vec::new();
    for case in cases {
        let service = tower::service_fn(move |_: ()| {
            let case = case.clone();
            async move { Ok::<_, Infallible>(case) }
        });
        let answer = layer.layer(service).oneshot(()).await.unwrap();
        statuses.push((answer.status().as_u16(), answer.body().is_rewritten()));
    }
    assert_eq!(
        statuses,
        [(500, true), (429, true), (404, false), (200, false)]
    );
}

// The inner body is never polled when replaced: an endless body is fine.
#[tokio::test]
async fn replaced_body_is_never_read() {
    struct Endless;
    impl Body for Endless {
        type Data = Bytes;
        type Error = Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&[b'x'; 1024])))))
        }
    }
    let response = Response::builder().status(500).body(Endless).unwrap();
    let rewritten = rewrite(response, SystemTime::now);
    let bytes = rewritten.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &bytes[..],
        br#"{"code":500,"message":"Internal server error"}"#
    );
}

// axum issue 2287: a handler whose JSON fails to serialise answers 500 text/plain; under
// the layer the client still gets the API's 500 body.
#[tokio::test]
async fn axum_serialisation_failure_becomes_the_500_body() {
    struct Fails;
    impl serde::Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("secret"))
        }
    }
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { axum::Json(Fails) }))
        .layer(ErrorBodyLayer::new());
    let request = http::Request::get("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["content-type"], "application/json");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &bytes[..],
        br#"{"code":500,"message":"Internal server error"}"#
    );

    // The router's own 404 and 405 too.
    for (method, uri, expected) in [
        (
            "GET",
            "/nowhere",
            &br#"{"code":404,"message":"Not found"}"#[..],
        ),
        (
            "DELETE",
            "/",
            &br#"{"code":405,"message":"Method not allowed"}"#[..],
        ),
    ] {
        let request = http::Request::builder()
            .method(method)
            .uri(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], expected);
    }
}
