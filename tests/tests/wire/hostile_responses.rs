//! What a misbehaving server, proxy or attacker can send, each with its exact outcome: the
//! code, message, delay and `Display` text. Every case also runs under a counting allocator:
//! `from_http_parts` never holds more than twice the bytes it may read
//! (`ErrorBody::MAX_BODY_BYTES`) plus a little, whatever the body's size.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use sunor_errors::{ErrorBody, ErrorCode};

use crate::support;

// Sun, 06 Nov 1994 08:48:37 GMT: one minute before the RFC's example date.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717)
}

#[derive(Debug)]
enum Expect {
    Error {
        code: u16,
        message: String,
        retry: Option<u64>,
        // None: exactly "API error {code}: {message}".
        display: Option<String>,
    },
    NotAnError,
}

struct Case {
    name: String,
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
    expect: Expect,
}

fn default_for(code: u16) -> Expect {
    let message = ErrorCode::from_u16(code).unwrap().default_message();
    parsed(code, message, None)
}

fn parsed(code: u16, message: &str, retry: Option<u64>) -> Expect {
    Expect::Error {
        code,
        message: message.to_owned(),
        retry,
        display: None,
    }
}

fn shown(code: u16, message: &str, display: &str) -> Expect {
    Expect::Error {
        code,
        message: message.to_owned(),
        retry: None,
        display: Some(display.to_owned()),
    }
}

/// A body the client cannot read as the API's: the status's default message, no delay.
fn fallback(name: &'static str, status: u16, body: impl Into<Vec<u8>>) -> Case {
    case(name, status, body, default_for(status))
}

fn case(name: impl Into<String>, status: u16, body: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        status,
        headers: Vec::new(),
        body: body.into(),
        expect,
    }
}

fn with_headers(mut c: Case, headers: &[(&'static str, &[u8])]) -> Case {
    c.headers = headers.iter().map(|(n, v)| (*n, v.to_vec())).collect();
    c
}

/// `c` with one `Retry-After` header of `value`.
fn retry_after(c: Case, value: &[u8]) -> Case {
    with_headers(c, &[("retry-after", value)])
}

/// A bare 503 whose one `Retry-After` header is `value`, read as `seconds`.
fn unavailable_for(name: &'static str, value: &[u8], seconds: u64) -> Case {
    let expect = parsed(503, "Service unavailable", Some(seconds));
    retry_after(case(name, 503, "", expect), value)
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const S3_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
    <Message>Please reduce your request rate.</Message></Error>";
// gzip of {"code":502,"message":"x"}, sent without Content-Encoding.
const GZIP: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x4a\xce\x4f\x49\x55\xb2\
    \x32\x35\x30\xd2\x51\xca\x4d\x2d\x2e\x4e\x4c\x07\xf2\x94\x2a\x94\x6a\x01\x48\xc4\x4a\xda\x1a\
    \x00\x00\x00";
const BODY_DELAY_60: &str = r#"{"code":429,"message":"x","retry_after_seconds":60}"#;
const HUNDRED_MB: usize = 100 * 1024 * 1024;

fn nested(open: &str, middle: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

/// A valid 500 body whose unknown member `extra` is `depth` nested arrays.
fn extra_member_nested(depth: usize) -> Vec<u8> {
    let mut body = br#"{"code":500,"message":"x","extra":"#.to_vec();
    body.extend(nested("[", "", "]", depth));
    body.push(b'}');
    body
}

fn body_of_len(len: usize) -> Vec<u8> {
    let frame = r#"{"code":502,"message":""}"#.len();
    format!(r#"{{"code":502,"message":"{}"}}"#, "a".repeat(len - frame)).into_bytes()
}

fn cases() -> Vec<Case> {
    let max = ErrorBody::MAX_BODY_BYTES;
    let long_message = "a".repeat(max - r#"{"code":502,"message":""}"#.len());
    let escapes = format!(r#"{{"code":502,"message":"{}"}}"#, r"\u001b".repeat(10_000));
    let mut huge = br#"{"code":502,"message":""#.to_vec();
    huge.resize(HUNDRED_MB - 2, b'a');
    huge.extend_from_slice(br#""}"#);
    let utf16: Vec<u8> = "\u{feff}{\"code\":500,\"message\":\"x\"}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16_be: Vec<u8> = "{\"code\":500,\"message\":\"x\"}"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let mut cases = vec![
        // Pages from proxies and other software.
        fallback("nginx 502 page", 502, NGINX_502),
        with_headers(
            case(
                "HTML 503 with Retry-After",
                503,
                NGINX_502,
                parsed(503, "Service unavailable", Some(120)),
            ),
            &[("retry-after", b"120"), ("content-type", b"text/html")],
        ),
        fallback("S3-style XML error", 503, S3_XML),
        retry_after(
            case(
                "XML 429 with Retry-After",
                429,
                S3_XML,
                parsed(429, "Rate limit exceeded.", Some(1)),
            ),
            b"1",
        ),
        fallback("text/plain 429", 429, "Too Many Requests\n"),
        fallback(
            "envoy reset text",
            503,
            "upstream connect error or disconnect/reset before headers. reset reason: overflow",
        ),
        with_headers(
            fallback("HTML labelled as JSON", 500, NGINX_502),
            &[("content-type", b"application/json")],
        ),
        fallback("gzip bytes without a Content-Encoding", 502, GZIP),
        fallback("empty body", 504, ""),
        fallback("blank body", 500, " \r\n\t "),
        fallback("JSON null", 500, "null"),
        fallback("JSON string", 500, r#""Internal Server Error""#),
        fallback("array form", 429, r#"[429,"Rate limit exceeded.",60]"#),
        // Encodings and byte order marks.
        case(
            "UTF-8 BOM then a valid body",
            404,
            "\u{feff}{\"code\":404,\"message\":\"Task not found\"}",
            parsed(404, "Task not found", None),
        ),
        fallback(
            "two UTF-8 BOMs",
            404,
            "\u{feff}\u{feff}{\"code\":404,\"message\":\"x\"}",
        ),
        fallback("UTF-16LE with BOM", 500, utf16),
        fallback("UTF-16BE without BOM", 500, utf16_be),
        case(
            "leading blank lines",
            404,
            "\n\n  {\"code\":404,\"message\":\"Task not found\"}\n",
            parsed(404, "Task not found", None),
        ),
        // Depth and size.
        fallback("10 000 nested arrays", 500, nested("[", "", "]", 10_000)),
        fallback(
            "10 000 nested objects",
            500,
            nested("{\"a\":", "1", "}", 10_000),
        ),
        // serde_json skips an unknown member without recursing (a heap stack of one byte
        // per level, bounded by MAX_BODY_BYTES), so depth there is harmless and ignored.
        case(
            "valid body, ignored member nested 10 000 deep",
            500,
            extra_member_nested(10_000),
            parsed(500, "x", None),
        ),
        case(
            "valid body, extra member nested 100 deep",
            500,
            extra_member_nested(100),
            parsed(500, "x", None),
        ),
        fallback("100 MB body", 502, huge),
        fallback("one byte over MAX_BODY_BYTES", 502, body_of_len(max + 1)),
        case(
            "exactly MAX_BODY_BYTES",
            502,
            body_of_len(max),
            Expect::Error {
                code: 502,
                display: Some(format!(
                    "API error 502: {}… ({} more bytes)",
                    "a".repeat(1024),
                    long_message.len() - 1024
                )),
                message: long_message.clone(),
                retry: None,
            },
        ),
        case(
            "60 KB of escape characters",
            502,
            escapes,
            Expect::Error {
                code: 502,
                message: "\u{1b}".repeat(10_000),
                retry: None,
                // 170 escapes of 6 bytes fit in 1024; the other 9 830 bytes are summarised.
                display: Some(format!(
                    "API error 502: {}… (9830 more bytes)",
                    r"\u{1b}".repeat(170)
                )),
            },
        ),
        // Duplicates and wrong types.
        fallback(
            "duplicate code",
            429,
            r#"{"code":429,"code":429,"message":"x"}"#,
        ),
        fallback(
            "duplicate message",
            429,
            r#"{"code":429,"message":"x","message":"y"}"#,
        ),
        fallback(
            "duplicate retry_after_seconds",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":1,"retry_after_seconds":2}"#,
        ),
        case(
            "duplicate unknown member",
            429,
            r#"{"code":429,"message":"x","type":"a","type":"b"}"#,
            parsed(429, "x", None),
        ),
        fallback("case-changed keys", 500, r#"{"Code":500,"Message":"x"}"#),
        fallback("message as number", 500, r#"{"code":500,"message":42}"#),
        fallback(
            "message as object",
            500,
            r#"{"code":500,"message":{"text":"x"}}"#,
        ),
        // Broken JSON.
        fallback("truncated", 429, r#"{"code":429,"message":"Rate lim"#),
        fallback(
            "trailing garbage",
            429,
            r#"{"code":429,"message":"x"}<html>"#,
        ),
        fallback(
            "two bodies",
            429,
            r#"{"code":429,"message":"x"}{"code":429,"message":"y"}"#,
        ),
        fallback("comments", 429, "{\"code\":429, // why\n\"message\":\"x\"}"),
        fallback("single quotes", 429, "{'code':429,'message':'x'}"),
        // Hostile message text.
        fallback(
            "invalid UTF-8 in the message",
            400,
            &b"{\"code\":400,\"message\":\"caf\xe9 \xff\xfe\"}"[..],
        ),
        fallback(
            "lone surrogate in the message",
            400,
            r#"{"code":400,"message":"\ud800"}"#,
        ),
        fallback(
            "raw control character in a JSON string",
            400,
            "{\"code\":400,\"message\":\"a\nb\"}",
        ),
        case(
            "escaped newline forging a log line",
            400,
            r#"{"code":400,"message":"Bad input\nINFO user=admin logged in"}"#,
            shown(
                400,
                "Bad input\nINFO user=admin logged in",
                r"API error 400: Bad input\nINFO user=admin logged in",
            ),
        ),
        case(
            "ANSI escapes",
            502,
            r#"{"code":502,"message":"\u001b[2J\u001b[31mred\u001b[0m"}"#,
            shown(
                502,
                "\u{1b}[2J\u{1b}[31mred\u{1b}[0m",
                r"API error 502: \u{1b}[2J\u{1b}[31mred\u{1b}[0m",
            ),
        ),
        case(
            "bidi override",
            403,
            r#"{"code":403,"message":"\u202egnp.exe \u061c\u2066"}"#,
            shown(
                403,
                "\u{202e}gnp.exe \u{61c}\u{2066}",
                r"API error 403: \u{202e}gnp.exe \u{61c}\u{2066}",
            ),
        ),
        case(
            "NUL, DEL, CR and a C1 control",
            400,
            r#"{"code":400,"message":"a\u0000b\u007fc\rd\u0085"}"#,
            shown(
                400,
                "a\0b\u{7f}c\rd\u{85}",
                r"API error 400: a\u{0}b\u{7f}c\rd\u{85}",
            ),
        ),
        // Retry-After headers.
        with_headers(
            case(
                "several Retry-After headers",
                429,
                "",
                parsed(429, "Rate limit exceeded.", Some(50)),
            ),
            &[
                ("retry-after", b"5"),
                ("retry-after", b"soon"),
                ("retry-after", b"50"),
            ],
        ),
        retry_after(
            fallback("Retry-After with a non-ASCII value", 503, ""),
            "\u{665}".as_bytes(),
        ),
        retry_after(
            case(
                "non-ASCII Retry-After beside a body delay",
                429,
                r#"{"code":429,"message":"x","retry_after_seconds":30}"#,
                parsed(429, "x", Some(30)),
            ),
            b"\xff\xfe",
        ),
        retry_after(fallback("Retry-After negative", 503, ""), b"-1"),
        retry_after(fallback("Retry-After fraction", 503, ""), b"1.5"),
        retry_after(fallback("Retry-After empty", 503, ""), b""),
        retry_after(fallback("Retry-After list", 503, ""), b"60, 120"),
        unavailable_for(
            "Retry-After past u64",
            b"99999999999999999999999999",
            u64::MAX,
        ),
        unavailable_for(
            "Retry-After date a minute ahead",
            b"Sun, 06 Nov 1994 08:49:37 GMT",
            60,
        ),
        unavailable_for(
            "Retry-After date in the past",
            b"Thu, 01 Jan 1970 00:00:00 GMT",
            0,
        ),
        retry_after(
            case(
                "Retry-After above the body's delay",
                429,
                BODY_DELAY_60,
                parsed(429, "x", Some(120)),
            ),
            b"120",
        ),
        retry_after(
            case(
                "body delay above Retry-After",
                429,
                BODY_DELAY_60,
                parsed(429, "x", Some(60)),
            ),
            b"30",
        ),
        // Status lines.
        case(
            "status line wins over the body's code",
            503,
            r#"{"code":400,"message":"Bad things","retry_after_seconds":7}"#,
            parsed(503, "Bad things", Some(7)),
        ),
        fallback("uncatalogued 599", 599, ""),
        case(
            "teapot with a body",
            418,
            r#"{"code":418,"message":"short and stout"}"#,
            parsed(418, "short and stout", None),
        ),
        case(
            "200 with an error body",
            200,
            r#"{"code":500,"message":"x"}"#,
            Expect::NotAnError,
        ),
        case("302 redirect", 302, NGINX_502, Expect::NotAnError),
        case(
            "status 600",
            600,
            r#"{"code":500,"message":"x"}"#,
            Expect::NotAnError,
        ),
        case("status 999", 999, "", Expect::NotAnError),
    ];
    // A 502 whose code is anything but the number the API sends: the default message.
    let codes = [
        ("code as string", r#""502""#),
        ("code as float", "502.0"),
        ("code as exponent", "5.02e2"),
        ("code as bool", "true"),
        ("code as null", "null"),
        ("code as array", "[502]"),
        ("code as object", r#"{"value":502}"#),
        ("code negative", "-502"),
        ("code 200", "200"),
        ("code 65536", "65536"),
        ("code huge integer", "99999999999999999999999999999"),
        ("code 1e400", "1e400"),
        ("code NaN", "NaN"),
    ];
    for (name, code) in codes {
        let body = format!(r#"{{"code":{code},"message":"x"}}"#);
        cases.push(fallback(name, 502, body));
    }
    // A 429 whose retry_after_seconds is at or past the edge of what is read.
    let delays = [
        (
            "u64::MAX",
            "18446744073709551615",
            parsed(429, "x", Some(u64::MAX)),
        ),
        ("past u64", "18446744073709551616", default_for(429)),
        ("negative", "-1", default_for(429)),
        ("Infinity", "Infinity", default_for(429)),
        ("null", "null", parsed(429, "x", None)),
    ];
    for (name, delay, expect) in delays {
        let body = format!(r#"{{"code":429,"message":"x","retry_after_seconds":{delay}}}"#);
        cases.push(case(
            format!("retry_after_seconds {name}"),
            429,
            body,
            expect,
        ));
    }
    cases
}

#[test]
fn hostile_responses_have_exact_outcomes() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for c in &cases {
        let mut headers = HeaderMap::new();
        for (name, value) in &c.headers {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        let status = StatusCode::from_u16(c.status).unwrap();
        let (result, cost) = support::thread_cost(|| {
            ErrorBody::from_http_parts_at(status, &headers, &c.body, now())
        });
        let peak = cost.peak;
        // Reading allocates the message and serde_json's scratch copy of it at most.
        let bound = 2 * c.body.len().min(ErrorBody::MAX_BODY_BYTES) + 1024;
        assert!(
            peak <= bound,
            "{}: {peak} bytes allocated, bound {bound}",
            c.name
        );
        match (&c.expect, result) {
            (Expect::NotAnError, Err(e)) => assert_eq!(e.status(), status, "{}", c.name),
            (
                Expect::Error {
                    code,
                    message,
                    retry,
                    display,
                },
                Ok(error),
            ) => {
                assert_eq!(error.code().as_u16(), *code, "{}", c.name);
                assert_eq!(error.message(), message, "{}", c.name);
                assert_eq!(error.retry_after_seconds(), *retry, "{}", c.name);
                let expected = display
                    .clone()
                    .unwrap_or_else(|| format!("API error {code}: {message}"));
                assert_eq!(error.to_string(), expected, "{}", c.name);
            }
            (expect, got) => panic!("{}: expected {expect:?}, got {got:?}", c.name),
        }
    }
}
