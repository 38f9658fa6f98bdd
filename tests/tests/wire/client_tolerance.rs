//! The client side reads whatever a server or proxy sends: each hostile response ends in the
//! documented result, never a panic.

use http::{HeaderMap, StatusCode};
use sunor_errors::{ErrorBody, ErrorCode};

fn read(status: StatusCode, body: &[u8]) -> ErrorBody {
    ErrorBody::from_http_parts(status, &HeaderMap::new(), body).unwrap()
}

fn read_as(status: StatusCode, content_type: &str, body: &[u8]) -> ErrorBody {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", content_type.parse().unwrap());
    ErrorBody::from_http_parts(status, &headers, body).unwrap()
}

fn fallback(status: StatusCode) -> ErrorBody {
    ErrorBody::from_code(ErrorCode::try_from(status).unwrap())
}

#[test]
fn html_page_from_a_proxy() {
    let page = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
        <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let error = read(StatusCode::BAD_GATEWAY, page);
    assert_eq!(error, fallback(StatusCode::BAD_GATEWAY));
    assert_eq!(error.to_string(), "API error 502: Upstream provider error");
    assert!(error.is_retryable());
}

// RFC 9457 problem details from a gateway, beside the HTML page and the empty body: the
// status wins, `detail` (else `title`) is the message, the `Retry-After` header is merged.
#[test]
fn problem_details_from_a_gateway() {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", "application/problem+json".parse().unwrap());
    headers.insert("retry-after", "5".parse().unwrap());
    let problem = br#"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"upstream connect error or disconnect/reset before headers"}"#;
    let error =
        ErrorBody::from_http_parts(StatusCode::SERVICE_UNAVAILABLE, &headers, problem).unwrap();
    assert_eq!(
        error,
        ErrorBody::new(
            ErrorCode::SERVICE_UNAVAILABLE,
            "upstream connect error or disconnect/reset before headers"
        )
        .with_retry_after_seconds(5)
    );
    // A status in the problem that disagrees with the status line changes nothing.
    let title_only = br#"{"title":"Too Many Requests","status":400}"#;
    let error = read_as(
        StatusCode::TOO_MANY_REQUESTS,
        "application/json",
        title_only,
    );
    assert_eq!(
        error,
        ErrorBody::new(ErrorCode::TOO_MANY_REQUESTS, "Too Many Requests")
    );
    // Hostile text is kept as sent and escaped when shown.
    let forged = br#"{"detail":"ok\nINFO admin logged in\u202e"}"#;
    let error = read_as(StatusCode::BAD_GATEWAY, "application/problem+json", forged);
    assert_eq!(error.message(), "ok\nINFO admin logged in\u{202e}");
    assert_eq!(
        error.to_string(),
        r"API error 502: ok\nINFO admin logged in\u{202e}"
    );
    // Same status, HTML and empty bodies: the default message.
    for body in [&b"<html><h1>503</h1></html>"[..], b""] {
        assert_eq!(
            read(StatusCode::SERVICE_UNAVAILABLE, body),
            fallback(StatusCode::SERVICE_UNAVAILABLE)
        );
    }
}

// Problem details only when the response says it is JSON: one `Content-Type`,
// `application/problem+json` or another JSON media type. Any other object with a `detail`
// string (served as HTML, as text, without `Content-Type`, or with two of them) keeps the
// code's default message.
#[test]
fn problem_details_only_when_the_response_says_json() {
    let body = br#"{"detail":"Not found here.","title":"Nope"}"#;
    let status = StatusCode::NOT_FOUND;
    for content_type in [
        "application/problem+json",
        "application/problem+json; charset=utf-8",
        "Application/JSON",
        "application/vnd.gateway+json",
    ] {
        assert_eq!(
            read_as(status, content_type, body),
            ErrorBody::new(ErrorCode::NOT_FOUND, "Not found here."),
            "{content_type}"
        );
    }
    for content_type in [
        "text/html",
        "text/html; charset=utf-8",
        "text/plain",
        "application/problem+xml",
        "text/json",
    ] {
        assert_eq!(
            read_as(status, content_type, body),
            fallback(status),
            "{content_type}"
        );
    }
    assert_eq!(read(status, body), fallback(status));
    let mut headers = HeaderMap::new();
    headers.append("content-type", "application/json".parse().unwrap());
    headers.append("content-type", "application/json".parse().unwrap());
    assert_eq!(
        ErrorBody::from_http_parts(status, &headers, body).unwrap(),
        fallback(status)
    );
    // An error body is read whatever the `Content-Type` says.
    assert_eq!(
        read_as(
            status,
            "text/html",
            br#"{"code":404,"message":"Task not found"}"#
        ),
        ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found")
    );
}

#[test]
fn bodies_that_are_not_an_error_body_fall_back_to_the_default_message() {
    let cases: &[(&str, &[u8])] = &[
        ("empty", b""),
        ("truncated", br#"{"code":429,"message":"Rate lim"#),
        ("code as string", br#"{"code":"429","message":"x"}"#),
        ("code as float", br#"{"code":429.0,"message":"x"}"#),
        ("code 99", br#"{"code":99,"message":"x"}"#),
        ("code 600", br#"{"code":600,"message":"x"}"#),
        ("code 65536", br#"{"code":65536,"message":"x"}"#),
        ("code -1", br#"{"code":-1,"message":"x"}"#),
        ("message missing", br#"{"code":429}"#),
        ("message null", br#"{"code":429,"message":null}"#),
        ("message number", br#"{"code":429,"message":42}"#),
        ("array", br#"[429,"Rate limit exceeded."]"#),
        ("plain text", b"Too Many Requests"),
    ];
    for (name, body) in cases {
        let error = read(StatusCode::TOO_MANY_REQUESTS, body);
        assert_eq!(error, fallback(StatusCode::TOO_MANY_REQUESTS), "{name}");
        assert_eq!(error.message(), "Rate limit exceeded.", "{name}");
    }
}

#[test]
fn a_10_mb_body_is_not_parsed() {
    // A valid error body padded to 10 MB: past the bound, so it is never handed to a parser.
    let mut body = br#"{"code":500,"message":"m","pad":""#.to_vec();
    body.resize(10 * 1024 * 1024, b'a');
    body.extend_from_slice(b"\"}");
    assert_eq!(
        read(StatusCode::INTERNAL_SERVER_ERROR, &body),
        fallback(StatusCode::INTERNAL_SERVER_ERROR)
    );
    let mut html = b"<html>".to_vec();
    html.resize(10 * 1024 * 1024, b'x');
    assert_eq!(
        read(StatusCode::SERVICE_UNAVAILABLE, &html),
        fallback(StatusCode::SERVICE_UNAVAILABLE)
    );
}

#[test]
fn a_body_whose_code_disagrees_with_the_status_takes_the_status() {
    let error = read(
        StatusCode::BAD_GATEWAY,
        br#"{"code":404,"message":"Task not found"}"#,
    );
    assert_eq!(error.code(), ErrorCode::BAD_GATEWAY);
    assert_eq!(error.message(), "Task not found");
    assert!(error.is_retryable());
}

#[test]
fn unknown_members_are_ignored() {
    let error = read(
        StatusCode::PAYMENT_REQUIRED,
        br#"{"code":402,"message":"Insufficient credits: available 3, required 10","available":3,"required":10}"#,
    );
    assert_eq!(
        error.to_string(),
        "API error 402: Insufficient credits: available 3, required 10"
    );
}

#[test]
fn success_and_redirect_statuses_are_not_errors() {
    for status in [
        StatusCode::OK,
        StatusCode::ACCEPTED,
        StatusCode::FOUND,
        StatusCode::CONTINUE,
    ] {
        let err =
            ErrorBody::from_http_parts(status, &HeaderMap::new(), br#"{"code":200,"data":{}}"#)
                .unwrap_err();
        assert_eq!(err.status(), status);
    }
}
