//! Property: `ErrorBody::from_http_parts` never panics, and for any 4xx/5xx its result has
//! the status as code, whatever the body (arbitrary bytes, or JSON-ish bodies with every
//! member right or wrong) and whatever the `Retry-After` headers. The JSON-ish bodies carry
//! their own expected outcome, worked out from how they were built, not by parsing them.

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderValue, StatusCode};
use proptest::prelude::*;
use sunor_errors::{ErrorBody, ErrorCode, retry_after};

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717)
}

/// A JSON member as text, and what it contributes when valid (`None` = the member is wrong).
#[derive(Debug, Clone)]
struct Member<T> {
    text: Option<String>, // None: the member is absent
    valid: Option<T>,
}

fn member<T>(text: impl Into<String>, valid: Option<T>) -> Member<T> {
    Member {
        text: Some(text.into()),
        valid,
    }
}

fn code_member() -> impl Strategy<Value = Member<u16>> {
    prop_oneof![
        4 => (400u16..=599).prop_map(|c| member(c.to_string(), Some(c))),
        1 => (any::<i64>().prop_filter("out of range", |c| !(400..=599).contains(c)))
            .prop_map(|c| member(c.to_string(), None)),
        1 => prop_oneof![
            Just("\"429\""), Just("429.0"), Just("4.29e2"), Just("true"), Just("null"),
            Just("[429]"), Just("{\"value\":429}"), Just("18446744073709551616429"),
            Just("-0"), Just("NaN"), Just("Infinity"), Just("0x1AD"),
        ]
        .prop_map(|t| member(t, None)),
        1 => Just(Member { text: None, valid: None }),
    ]
}

fn message_member() -> impl Strategy<Value = Member<String>> {
    prop_oneof![
        4 => any::<String>().prop_map(|m| member(serde_json::to_string(&m).unwrap(), Some(m))),
        1 => "[a-z\\\\\"\\x00-\\x1f]{0,8}"
            .prop_map(|m| member(serde_json::to_string(&m).unwrap(), Some(m))),
        1 => prop_oneof![
            Just("null"), Just("42"), Just("[\"x\"]"), Just("{}"), Just("true"),
            Just("\"\\ud800\""), Just("\"unterminated"), Just("'single'"), Just("\"\\x41\""),
        ]
        .prop_map(|t| member(t, None)),
        1 => Just(Member { text: None, valid: None }),
    ]
}

// Valid here is Some(Some(n)) for a delay, Some(None) for none (absent or null).
fn retry_member() -> impl Strategy<Value = Member<Option<u64>>> {
    prop_oneof![
        2 => any::<u64>().prop_map(|s| member(s.to_string(), Some(Some(s)))),
        1 => Just(member("null", Some(None))),
        2 => Just(Member { text: None, valid: Some(None) }),
        1 => prop_oneof![
            Just("-1"), Just("1.5"), Just("\"60\""), Just("true"), Just("[]"),
            Just("18446744073709551616"), Just("6e1"),
        ]
        .prop_map(|t| member(t, None)),
    ]
}

fn extra_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::to_string(&f).unwrap()),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    leaf.prop_recursive(4, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{}]", v.join(","))),
            proptest::collection::vec(("[a-z_]{1,6}", inner), 0..4).prop_map(|v| {
                let members: Vec<String> = v
                    .into_iter()
                    .map(|(k, v)| format!("\"x_{k}\":{v}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A JSON-ish body: its bytes, and the (message, body delay) a reader must find, if valid.
fn json_ish_body() -> impl Strategy<Value = (Vec<u8>, Option<(String, Option<u64>)>)> {
    (
        code_member(),
        message_member(),
        retry_member(),
        proptest::collection::vec(("[a-z_]{1,8}", extra_value()), 0..3),
        prop_oneof![
            Just(""),
            Just(" "),
            Just("\r\n\t"),
            Just("\u{feff}"),
            Just("\u{feff} ")
        ],
        prop_oneof![3 => Just((" ", true)), 3 => Just(("", true)), 1 => Just(("x", false)),
                    1 => Just(("}", false)), 1 => Just((",", false))],
        any::<prop::sample::Index>(),
    )
        .prop_map(
            |(code, message, retry, extras, prefix, (suffix, suffix_ok), rotate)| {
                let mut members = Vec::new();
                if let Some(t) = &code.text {
                    members.push(format!("\"code\":{t}"));
                }
                if let Some(t) = &message.text {
                    members.push(format!("\"message\":{t}"));
                }
                if let Some(t) = &retry.text {
                    members.push(format!("\"retry_after_seconds\":{t}"));
                }
                for (key, value) in &extras {
                    // Prefixed so an extra never collides with a real member.
                    members.push(format!("\"x_{key}\":{value}"));
                }
                if !members.is_empty() {
                    let by = rotate.index(members.len());
                    members.rotate_left(by);
                }
                let text = format!("{prefix}{{{}}}{suffix}", members.join(","));
                let expected = match (code.valid, message.valid, retry.valid, suffix_ok) {
                    (Some(_), Some(m), Some(r), true) => Some((m, r)),
                    _ => None,
                };
                (text.into_bytes(), expected)
            },
        )
}

fn retry_after_values() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let value = prop_oneof![
        any::<u64>().prop_map(|s| s.to_string().into_bytes()),
        "[0-9]{1,30}".prop_map(String::into_bytes),
        Just(b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec()),
        Just(b"Fri, 31 Dec 9999 23:59:59 GMT".to_vec()),
        Just(b"Thu, 01 Jan 1970 00:00:00 GMT".to_vec()),
        Just("٥".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..40),
    ];
    proptest::collection::vec(value, 0..4)
}

fn headers_from(values: &[Vec<u8>]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(RETRY_AFTER, value);
        }
    }
    headers
}

// The largest valid header delay, in whole seconds rounded up.
fn header_floor(headers: &HeaderMap) -> Option<u64> {
    headers
        .get_all(RETRY_AFTER)
        .iter()
        .filter_map(|v| retry_after::parse(v, now()).ok())
        .map(|d| d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0)))
        .max()
}

fn check_code(
    status: u16,
    result: Result<ErrorBody, sunor_errors::NotAnError>,
) -> Option<ErrorBody> {
    if (400..=599).contains(&status) {
        let error = result.expect("every 4xx/5xx gives a body");
        assert_eq!(error.code().as_u16(), status);
        Some(error)
    } else {
        assert_eq!(result.unwrap_err().status().as_u16(), status);
        None
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_bytes(
        status in 100u16..=999,
        body in proptest::collection::vec(any::<u8>(), 0..512),
        retry in retry_after_values(),
    ) {
        let headers = headers_from(&retry);
        let result = ErrorBody::from_http_parts_at(StatusCode::from_u16(status).unwrap(), &headers, &body, now());
        if let Some(error) = check_code(status, result) {
            // Random bytes are (almost) never a JSON object: the default message.
            if !body.trim_ascii_start().starts_with(b"{") && !body.starts_with(b"\xef\xbb\xbf") {
                prop_assert_eq!(error.message(), error.code().default_message());
                prop_assert_eq!(error.retry_after_seconds(), header_floor(&headers));
            }
        }
    }

    #[test]
    fn json_ish_bodies(
        status in prop_oneof![4 => 400u16..=599, 1 => 100u16..=399, 1 => 600u16..=999],
        (body, expected) in json_ish_body(),
        retry in retry_after_values(),
    ) {
        let headers = headers_from(&retry);
        let result = ErrorBody::from_http_parts_at(StatusCode::from_u16(status).unwrap(), &headers, &body, now());
        if let Some(error) = check_code(status, result) {
            let code = ErrorCode::from_u16(status).unwrap();
            let (message, body_delay) = match expected {
                Some((m, r)) => (m, r),
                None => (code.default_message().to_owned(), None),
            };
            prop_assert_eq!(error.message(), message.as_str(), "{}", String::from_utf8_lossy(&body));
            // The larger of body and header delay wins.
            let delay = match (body_delay, header_floor(&headers)) {
                (Some(b), Some(h)) => Some(b.max(h)),
                (b, h) => b.or(h),
            };
            prop_assert_eq!(error.retry_after_seconds(), delay);
        }
    }
}
