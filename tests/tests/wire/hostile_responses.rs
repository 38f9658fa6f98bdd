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
    name: &'static str,
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

fn case(name: &'static str, status: u16, body: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name,
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

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const S3_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
    <Message>Please reduce your request rate.</Message></Error>";
// gzip of {"code":502,"message":"x"}, sent without Content-Encoding.
const GZIP: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x4a\xce\x4f\x49\x55\xb2\
    \x32\x35\x30\xd2\x51\xca\x4d\x2d\x2e\x4e\x4c\x07\xf2\x94\x2a\x94\x6a\x01\x48\xc4\x4a\xda\x1a\
    \x00\x00\x00";
const HUNDRED_MB: usize = 100 * 1024 * 1024;

fn nested(open: &str, middle: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
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
    vec![
        // Pages from proxies and other software.
        case("nginx 502 page", 502, NGINX_502, default_for(502)),
        with_headers(
            case(
                "HTML 503 with Retry-After",
                503,
                NGINX_502,
                parsed(503, "Service unavailable", Some(120)),
            ),
            &[("retry-after", b"120"), ("content-type", b"text/html")],
        ),
        case("S3-style XML error", 503, S3_XML, default_for(503)),
        with_headers(
            case(
                "XML 429 with Retry-After",
                429,
                S3_XML,
                parsed(429, "Rate limit exceeded.", Some(1)),
            ),
            &[("retry-after", b"1")],
        ),
        case(
            "text/plain 429",
            429,
            "Too Many Requests\n",
            default_for(429),
        ),
        case(
            "envoy reset text",
            503,
            "upstream connect error or disconnect/reset before headers. reset reason: overflow",
            default_for(503),
        ),
        with_headers(
            case("HTML labelled as JSON", 500, NGINX_502, default_for(500)),
            &[("content-type", b"application/json")],
        ),
        case(
            "gzip bytes without a Content-Encoding",
            502,
            GZIP,
            default_for(502),
        ),
        case("empty body", 504, "", default_for(504)),
        case("blank body", 500, " \r\n\t ", default_for(500)),
        case("JSON null", 500, "null", default_for(500)),
        case(
            "JSON string",
            500,
            r#""Internal Server Error""#,
            default_for(500),
        ),
        case(
            "array form",
            429,
            r#"[429,"Rate limit exceeded.",60]"#,
            default_for(429),
        ),
        // Encodings and byte order marks.
        case(
            "UTF-8 BOM then a valid body",
            404,
            "\u{feff}{\"code\":404,\"message\":\"Task not found\"}",
            parsed(404, "Task not found", None),
        ),
        case(
            "two UTF-8 BOMs",
            404,
            "\u{feff}\u{feff}{\"code\":404,\"message\":\"x\"}",
            default_for(404),
        ),
        case("UTF-16LE with BOM", 500, utf16, default_for(500)),
        case("UTF-16BE without BOM", 500, utf16_be, default_for(500)),
        case(
            "leading blank lines",
            404,
            "\n\n  {\"code\":404,\"message\":\"Task not found\"}\n",
            parsed(404, "Task not found", None),
        ),
        // Depth and size.
        case(
            "10 000 nested arrays",
            500,
            nested("[", "", "]", 10_000),
            default_for(500),
        ),
        case(
            "10 000 nested objects",
            500,
            nested("{\"a\":", "1", "}", 10_000),
            default_for(500),
        ),
        // serde_json skips an unknown member without recursing (a heap stack of one byte
        // per level, bounded by MAX_BODY_BYTES), so depth there is harmless and ignored.
        case(
            "valid body, ignored member nested 10 000 deep",
            500,
            [
                &br#"{"code":500,"message":"x","extra":"#[..],
                &nested("[", "", "]", 10_000),
                b"}",
            ]
            .concat(),
            parsed(500, "x", None),
        ),
        case(
            "valid body, extra member nested 100 deep",
            500,
            [
                &br#"{"code":500,"message":"x","extra":"#[..],
                &nested("[", "", "]", 100),
                b"}",
            ]
            .concat(),
            parsed(500, "x", None),
        ),
        case("100 MB body", 502, huge, default_for(502)),
        case(
            "one byte over MAX_BODY_BYTES",
            502,
            body_of_len(max + 1),
            default_for(502),
        ),
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
        case(
            "duplicate code",
            429,
            r#"{"code":429,"code":429,"message":"x"}"#,
            default_for(429),
        ),
        case(
            "duplicate message",
            429,
            r#"{"code":429,"message":"x","message":"y"}"#,
            default_for(429),
        ),
        case(
            "duplicate retry_after_seconds",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":1,"retry_after_seconds":2}"#,
            default_for(429),
        ),
        case(
            "duplicate unknown member",
            429,
            r#"{"code":429,"message":"x","type":"a","type":"b"}"#,
            parsed(429, "x", None),
        ),
        case(
            "code as string",
            502,
            r#"{"code":"502","message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as float",
            502,
            r#"{"code":502.0,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as exponent",
            502,
            r#"{"code":5.02e2,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as bool",
            502,
            r#"{"code":true,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as null",
            502,
            r#"{"code":null,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as array",
            502,
            r#"{"code":[502],"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code as object",
            502,
            r#"{"code":{"value":502},"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code negative",
            502,
            r#"{"code":-502,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code 200",
            502,
            r#"{"code":200,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code 65536",
            502,
            r#"{"code":65536,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code huge integer",
            502,
            r#"{"code":99999999999999999999999999999,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code 1e400",
            502,
            r#"{"code":1e400,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "code NaN",
            502,
            r#"{"code":NaN,"message":"x"}"#,
            default_for(502),
        ),
        case(
            "case-changed keys",
            500,
            r#"{"Code":500,"Message":"x"}"#,
            default_for(500),
        ),
        case(
            "message as number",
            500,
            r#"{"code":500,"message":42}"#,
            default_for(500),
        ),
        case(
            "message as object",
            500,
            r#"{"code":500,"message":{"text":"x"}}"#,
            default_for(500),
        ),
        case(
            "retry_after_seconds u64::MAX",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":18446744073709551615}"#,
            parsed(429, "x", Some(u64::MAX)),
        ),
        case(
            "retry_after_seconds past u64",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":18446744073709551616}"#,
            default_for(429),
        ),
        case(
            "retry_after_seconds negative",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":-1}"#,
            default_for(429),
        ),
        case(
            "retry_after_seconds Infinity",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":Infinity}"#,
            default_for(429),
        ),
        case(
            "retry_after_seconds null",
            429,
            r#"{"code":429,"message":"x","retry_after_seconds":null}"#,
            parsed(429, "x", None),
        ),
        // Broken JSON.
        case(
            "truncated",
            429,
            r#"{"code":429,"message":"Rate lim"#,
            default_for(429),
        ),
        case(
            "trailing garbage",
            429,
            r#"{"code":429,"message":"x"}<html>"#,
            default_for(429),
        ),
        case(
            "two bodies",
            429,
            r#"{"code":429,"message":"x"}{"code":429,"message":"y"}"#,
            default_for(429),
        ),
        case(
            "comments",
            429,
            "{\"code\":429, // why\n\"message\":\"x\"}",
            default_for(429),
        ),
        case(
            "single quotes",
            429,
            "{'code':429,'message':'x'}",
            default_for(429),
        ),
        // Hostile message text.
        case(
            "invalid UTF-8 in the message",
            400,
            &b"{\"code\":400,\"message\":\"caf\xe9 \xff\xfe\"}"[..],
            default_for(400),
        ),
        case(
            "lone surrogate in the message",
            400,
            r#"{"code":400,"message":"\ud800"}"#,
            default_for(400),
        ),
        case(
            "raw control character in a JSON string",
            400,
            "{\"code\":400,\"message\":\"a\nb\"}",
            default_for(400),
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
        with_headers(
            case(
                "Retry-After with a non-ASCII value",
                503,
                "",
                default_for(503),
            ),
            &[("retry-after", "\u{665}".as_bytes())],
        ),
        with_headers(
            case(
                "non-ASCII Retry-After beside a body delay",
                429,
                r#"{"code":429,"message":"x","retry_after_seconds":30}"#,
                parsed(429, "x", Some(30)),
            ),
            &[("retry-after", b"\xff\xfe")],
        ),
        with_headers(
            case("Retry-After negative", 503, "", default_for(503)),
            &[("retry-after", b"-1")],
        ),
        with_headers(
            case("Retry-After fraction", 503, "", default_for(503)),
            &[("retry-after", b"1.5")],
        ),
        with_headers(
            case("Retry-After empty", 503, "", default_for(503)),
            &[("retry-after", b"")],
        ),
        with_headers(
            case("Retry-After list", 503, "", default_for(503)),
            &[("retry-after", b"60, 120")],
        ),
        with_headers(
            case(
                "Retry-After past u64",
                503,
                "",
                parsed(503, "Service unavailable", Some(u64::MAX)),
            ),
            &[("retry-after", b"99999999999999999999999999")],
        ),
        with_headers(
            case(
                "Retry-After date a minute ahead",
                503,
                "",
                parsed(503, "Service unavailable", Some(60)),
            ),
            &[("retry-after", b"Sun, 06 Nov 1994 08:49:37 GMT")],
        ),
        with_headers(
            case(
                "Retry-After date in the past",
                503,
                "",
                parsed(503, "Service unavailable", Some(0)),
            ),
            &[("retry-after", b"Thu, 01 Jan 1970 00:00:00 GMT")],
        ),
        with_headers(
            case(
                "Retry-After above the body's delay",
                429,
                r#"{"code":429,"message":"x","retry_after_seconds":60}"#,
                parsed(429, "x", Some(120)),
            ),
            &[("retry-after", b"120")],
        ),
        with_headers(
            case(
                "body delay above Retry-After",
                429,
                r#"{"code":429,"message":"x","retry_after_seconds":60}"#,
                parsed(429, "x", Some(60)),
            ),
            &[("retry-after", b"30")],
        ),
        // Status lines.
        case(
            "status line wins over the body's code",
            503,
            r#"{"code":400,"message":"Bad things","retry_after_seconds":7}"#,
            parsed(503, "Bad things", Some(7)),
        ),
        case("uncatalogued 599", 599, "", default_for(599)),
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
    ]
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
