//! `conformance::check_response`: one test per violation kind, every violation of one bad
//! response reported together, the documented examples conform, and the assertion helper's
//! panic message.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use http::{Response, StatusCode};
use sunor_errors::conformance::{
    self, Severity, ViolationKind, assert_conforms, check_response, inspect_response,
};
use sunor_errors::{ErrorBody, ErrorCode};
use sunor_errors_tests::documented_examples;

use crate::support::headers::header_map;

const JSON: (&str, &str) = ("content-type", "application/json");

/// Every violation (errors and warnings) as its `Display` line.
fn lines(status: u16, pairs: &[(&str, &str)], body: &str) -> Vec<String> {
    let status = StatusCode::from_u16(status).unwrap();
    inspect_response(status, &header_map(pairs), body.as_bytes())
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_conforming_response_has_no_violation() {
    let body = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
    assert_eq!(lines(429, &[JSON, ("retry-after", "60")], body), [""; 0]);
    let status = StatusCode::TOO_MANY_REQUESTS;
    let map = header_map(&[JSON, ("retry-after", "60")]);
    assert_eq!(check_response(status, &map, body.as_bytes()), Ok(()));
    assert!(inspect_response(status, &map, body.as_bytes()).is_clean());
}

#[test]
fn status_not_error() {
    let body = r#"{"code":400,"message":"x"}"#;
    assert_eq!(
        lines(200, &[JSON], body),
        [
            "error[status-not-error]: the status 200 OK is not an error status (4xx or 5xx)",
            "error[code-mismatch]: the body's code is 400 but the status is 200",
        ]
    );
    assert_eq!(
        lines(302, &[JSON], body)[0],
        "error[status-not-error]: the status 302 Found is not an error status (4xx or 5xx)"
    );
}

#[test]
fn content_type_not_json() {
    let body = r#"{"code":404,"message":"Task not found"}"#;
    for ok in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        "application/problem+json",
        "application/vnd.sunor.error+json; version=1",
    ] {
        assert_eq!(lines(404, &[("content-type", ok)], body), [""; 0], "{ok}");
    }
    assert_eq!(
        lines(404, &[], body),
        [
            "error[content-type-not-json]: there is no Content-Type header, expected application/json"
        ]
    );
    for bad in [
        "text/html",
        "text/plain; charset=utf-8",
        "application/jsonx",
        "application/+json",
        "json",
        "",
    ] {
        assert_eq!(
            lines(404, &[("content-type", bad)], body),
            [format!(
                "error[content-type-not-json]: Content-Type is {bad:?}, expected application/json or a +json type"
            )],
        );
    }
    assert_eq!(
        lines(404, &[JSON, JSON], body),
        ["error[content-type-not-json]: there are 2 Content-Type headers, expected one"]
    );
}

#[test]
fn body_too_large() {
    let padding = " ".repeat(ErrorBody::MAX_BODY_BYTES);
    let body = format!(r#"{{"code":404,"message":"Task not found"}}{padding}"#);
    assert_eq!(
        lines(404, &[JSON], &body),
        [format!(
            "error[body-too-large]: the body is {} bytes, more than the 65536 bytes clients read",
            body.len()
        )]
    );
}

#[test]
fn body_not_json() {
    assert_eq!(
        lines(502, &[JSON], "<html>502 Bad Gateway</html>"),
        ["error[body-not-json]: the body is not JSON: expected value at line 1 column 1"]
    );
    assert_eq!(
        lines(502, &[JSON], ""),
        ["error[body-not-json]: the body is empty"]
    );
    assert_eq!(
        lines(502, &[JSON], r#"{"code":502,"message":"Upstream"#),
        [
            "error[body-not-json]: the body is not JSON: EOF while parsing a string at line 1 column 31"
        ]
    );
    assert_eq!(
        lines(502, &[JSON], "\u{feff}{\"code\":502,\"message\":\"x\"}"),
        ["error[body-not-json]: the body is not JSON: it starts with a byte order mark"]
    );
    let invalid_utf8 = inspect_response(
        StatusCode::BAD_GATEWAY,
        &header_map(&[JSON]),
        b"{\"code\":502,\"message\":\"\xff\"}",
    );
    assert_eq!(invalid_utf8.kinds(), [ViolationKind::BodyNotJson]);
}

#[test]
fn body_not_object() {
    for (body, what) in [
        (r#"[404,"Task not found"]"#, "an array"),
        (r#""Task not found""#, "a string"),
        ("404", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ] {
        assert_eq!(
            lines(404, &[JSON], body),
            [format!(
                "error[body-not-object]: the body is {what}, expected a JSON object"
            )]
        );
    }
}

#[test]
fn missing_member() {
    assert_eq!(
        lines(404, &[JSON], "{}"),
        [
            r#"error[missing-member]: the body has no "code""#,
            r#"error[missing-member]: the body has no "message""#,
        ]
    );
}

#[test]
fn invalid_member() {
    assert_eq!(
        lines(
            429,
            &[JSON, ("retry-after", "60")],
            r#"{"code":"429","message":null,"retry_after_seconds":60.0}"#
        ),
        [
            r#"error[invalid-member]: "code" must be an integer in 400..=599, found the string "429""#,
            r#"error[invalid-member]: "message" must be a string, found null"#,
            r#"error[invalid-member]: "retry_after_seconds" must be null or an integer in 0..=18446744073709551615, found 60.0 (a fraction or exponent, or beyond 64 bits)"#,
        ]
    );
    assert_eq!(
        lines(404, &[JSON], r#"{"code":200,"message":"OK"}"#),
        [r#"error[invalid-member]: "code" must be an integer in 400..=599, found 200"#]
    );
}

#[test]
fn duplicate_member() {
    assert_eq!(
        lines(
            404,
            &[JSON],
            r#"{"code":404,"message":"a","code":404,"message":"b","code":404}"#
        ),
        [
            r#"error[duplicate-member]: the member "code" appears 3 times"#,
            r#"error[duplicate-member]: the member "message" appears 2 times"#,
        ]
    );
}

#[test]
fn code_mismatch() {
    assert_eq!(
        lines(
            503,
            &[JSON],
            r#"{"code":500,"message":"Internal server error"}"#
        ),
        ["error[code-mismatch]: the body's code is 500 but the status is 503"]
    );
}

#[test]
fn empty_message() {
    assert_eq!(
        lines(500, &[JSON], r#"{"code":500,"message":""}"#),
        ["error[empty-message]: the message is empty"]
    );
    assert_eq!(
        lines(500, &[JSON], r#"{"code":500,"message":" \n\t"}"#),
        [r#"error[empty-message]: the message is only whitespace (" \n\t")"#]
    );
}

#[test]
fn missing_retry_after() {
    // The body's delay without the header: one violation, the missing header.
    assert_eq!(
        lines(
            429,
            &[JSON],
            r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
        ),
        ["error[missing-retry-after]: a 429 response has no Retry-After header"]
    );
    assert_eq!(
        lines(
            429,
            &[JSON],
            r#"{"code":429,"message":"Rate limit exceeded."}"#
        ),
        ["error[missing-retry-after]: a 429 response has no Retry-After header"]
    );
}

#[test]
fn retry_after_unparseable() {
    let body = r#"{"code":503,"message":"x","retry_after_seconds":5}"#;
    for bad in ["soon", "-5", "1.5", "5 s", "Sun, 32 Nov 1994 08:49:37 GMT"] {
        assert_eq!(
            lines(503, &[JSON, ("retry-after", bad)], body),
            [format!(
                "error[retry-after-unparseable]: Retry-After {bad:?} is neither delay-seconds nor an HTTP-date"
            )]
        );
    }
    assert_eq!(
        lines(
            503,
            &[JSON, ("retry-after", "5"), ("retry-after", "5")],
            body
        ),
        ["error[retry-after-unparseable]: there are 2 Retry-After headers, expected one"]
    );
}

#[test]
fn retry_after_mismatch() {
    let with_60 = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
    assert_eq!(
        lines(429, &[JSON, ("retry-after", "30")], with_60),
        [
            "error[retry-after-mismatch]: Retry-After is 30 seconds but the body's retry_after_seconds is 60"
        ]
    );
    assert_eq!(
        lines(429, &[JSON, ("retry-after", " 60 ")], with_60),
        [""; 0],
        "blanks around delay-seconds are allowed"
    );
    // An invalid body was reported already: no second guess about its delay.
    assert_eq!(
        conformance::inspect_response(
            StatusCode::TOO_MANY_REQUESTS,
            &header_map(&[JSON, ("retry-after", "60")]),
            br#"{"code":429,"message":"x","retry_after_seconds":"60"}"#
        )
        .kinds(),
        [ViolationKind::InvalidMember]
    );
}

#[test]
fn a_delay_in_one_place_only_or_as_a_date_is_a_warning() {
    let with_60 = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
    let without = r#"{"code":429,"message":"Rate limit exceeded."}"#;
    let with_5 = r#"{"code":503,"message":"x","retry_after_seconds":5}"#;
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    type Case<'a> = (u16, &'a [(&'a str, &'a str)], &'a str, String);
    let cases: [Case<'_>; 4] = [
        (
            429,
            &[JSON, ("retry-after", "60")],
            without,
            "warning[retry-after-one-sided]: Retry-After is 60 seconds but the body has no retry_after_seconds".to_owned(),
        ),
        (
            503,
            &[JSON],
            with_5,
            "warning[retry-after-one-sided]: the body's retry_after_seconds is 5 but there is no Retry-After header".to_owned(),
        ),
        (
            429,
            &[JSON, ("retry-after", date)],
            with_60,
            format!(
                "warning[retry-after-http-date]: Retry-After is an HTTP-date ({date:?}), not comparable with the body's retry_after_seconds 60"
            ),
        ),
        (
            429,
            &[JSON, ("retry-after", date)],
            without,
            format!(
                "warning[retry-after-http-date]: Retry-After is an HTTP-date ({date:?}) and the body has no retry_after_seconds"
            ),
        ),
    ];
    for (status, pairs, body, line) in cases {
        assert_eq!(lines(status, pairs, body), std::slice::from_ref(&line));
        let status = StatusCode::from_u16(status).unwrap();
        let map = header_map(pairs);
        assert_eq!(
            check_response(status, &map, body.as_bytes()),
            Ok(()),
            "{line}"
        );
        let report = inspect_response(status, &map, body.as_bytes());
        assert!(!report.has_errors() && !report.is_clean(), "{line}");
        assert_eq!(report.violations()[0].severity(), Severity::Warning);
    }
    // A 429 still needs the header (the API documents it on every 429): the body alone is
    // an error of its own kind, not a one-sided warning.
    assert_eq!(
        lines(429, &[JSON], with_60),
        ["error[missing-retry-after]: a 429 response has no Retry-After header"]
    );
    // A warning beside an error is listed with it.
    let violations = check_response(
        StatusCode::SERVICE_UNAVAILABLE,
        &header_map(&[("content-type", "text/plain")]),
        with_5.as_bytes(),
    )
    .unwrap_err();
    let kinds: Vec<ViolationKind> = violations.iter().map(|v| v.kind()).collect();
    assert_eq!(
        kinds,
        [
            ViolationKind::ContentTypeNotJson,
            ViolationKind::RetryAfterOneSided
        ]
    );
}

#[test]
fn unknown_member_is_a_warning_only() {
    let body = r#"{"code":404,"message":"Task not found","type":"not_found","request_id":"r1","type":"again"}"#;
    let map = header_map(&[JSON]);
    assert_eq!(
        check_response(StatusCode::NOT_FOUND, &map, body.as_bytes()),
        Ok(())
    );
    let report = inspect_response(StatusCode::NOT_FOUND, &map, body.as_bytes());
    assert!(!report.has_errors());
    assert!(!report.is_clean());
    assert_eq!(report.warnings().count(), 1);
    assert_eq!(report.violations()[0].severity(), Severity::Warning);
    assert_eq!(
        report.to_string(),
        r#"warning[unknown-member]: the body has 2 members clients ignore: "type", "request_id""#
    );
    // Bounded: at most eight names, however many members.
    let many: String = (0..1000).map(|i| format!(r#","m{i}":{i}"#)).collect();
    let body = format!(r#"{{"code":404,"message":"x"{many}}}"#);
    assert_eq!(
        lines(404, &[JSON], &body),
        [
            r#"warning[unknown-member]: the body has 1000 members clients ignore: "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", …"#
        ]
    );
}

#[test]
fn every_violation_of_one_bad_response_is_reported_together() {
    let body =
        br#"{"code":503,"message":"","code":503,"retry_after_seconds":"5","trace":"at db.rs:42"}"#;
    let map = header_map(&[("content-type", "text/plain"), ("retry-after", "soon")]);
    let violations = check_response(StatusCode::OK, &map, body).unwrap_err();
    let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "error[status-not-error]: the status 200 OK is not an error status (4xx or 5xx)",
            "error[content-type-not-json]: Content-Type is \"text/plain\", expected application/json or a +json type",
            "error[duplicate-member]: the member \"code\" appears 2 times",
            "error[invalid-member]: \"retry_after_seconds\" must be null or an integer in 0..=18446744073709551615, found the string \"5\"",
            "error[empty-message]: the message is empty",
            "error[retry-after-unparseable]: Retry-After \"soon\" is neither delay-seconds nor an HTTP-date",
            "warning[unknown-member]: the body has a member clients ignore: \"trace\"",
        ]
    );
    // The same response at 429 with a valid body: the rules between status, headers and
    // body all fire at once.
    let body = br#"{"code":503,"message":" ","retry_after_seconds":5,"trace":"x"}"#;
    let map = header_map(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]);
    let kinds: Vec<ViolationKind> = check_response(StatusCode::TOO_MANY_REQUESTS, &map, body)
        .unwrap_err()
        .iter()
        .map(|v| v.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            ViolationKind::ContentTypeNotJson,
            ViolationKind::CodeMismatch,
            ViolationKind::EmptyMessage,
            ViolationKind::RetryAfterHttpDate,
            ViolationKind::UnknownMember,
        ]
    );
}

#[test]
fn the_samples_above_cover_every_kind() {
    type Sample<'a> = (u16, &'a [(&'a str, &'a str)], &'a str);
    let samples: [Sample<'_>; 16] = [
        (200, &[JSON], r#"{"code":400,"message":"x"}"#),
        (400, &[], r#"{"code":400,"message":"x"}"#),
        (400, &[JSON], &" ".repeat(70_000)),
        (400, &[JSON], "<html>"),
        (400, &[JSON], "[]"),
        (400, &[JSON], r#"{"code":400}"#),
        (400, &[JSON], r#"{"code":400,"message":1}"#),
        (400, &[JSON], r#"{"code":400,"code":400,"message":"x"}"#),
        (401, &[JSON], r#"{"code":400,"message":"x"}"#),
        (400, &[JSON], r#"{"code":400,"message":""}"#),
        (429, &[JSON], r#"{"code":429,"message":"x"}"#),
        (
            400,
            &[JSON, ("retry-after", "x")],
            r#"{"code":400,"message":"x"}"#,
        ),
        (
            400,
            &[JSON, ("retry-after", "1")],
            r#"{"code":400,"message":"x","retry_after_seconds":2}"#,
        ),
        (
            400,
            &[JSON, ("retry-after", "1")],
            r#"{"code":400,"message":"x"}"#,
        ),
        (
            400,
            &[JSON, ("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")],
            r#"{"code":400,"message":"x"}"#,
        ),
        (400, &[JSON], r#"{"code":400,"message":"x","y":1}"#),
    ];
    let mut seen = BTreeSet::new();
    for (i, (status, pairs, body)) in samples.iter().enumerate() {
        let report = inspect_response(
            StatusCode::from_u16(*status).unwrap(),
            &header_map(pairs),
            body.as_bytes(),
        );
        assert!(
            report.kinds().contains(&ViolationKind::ALL[i]),
            "sample {i}: {report}"
        );
        seen.extend(report.kinds());
    }
    assert_eq!(seen, ViolationKind::ALL.iter().copied().collect());
    assert_eq!(samples.len(), ViolationKind::ALL.len());
    for &kind in ViolationKind::ALL {
        let expected = if matches!(
            kind,
            ViolationKind::UnknownMember
                | ViolationKind::RetryAfterOneSided
                | ViolationKind::RetryAfterHttpDate
        ) {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert_eq!(kind.severity(), expected, "{kind}");
    }
}

#[test]
fn every_documented_example_conforms_when_built_by_the_crate() {
    for example in documented_examples() {
        let body: ErrorBody = serde_json::from_value(example.body.clone()).unwrap();
        let response = body.to_http_response();
        let report = inspect_response(response.status(), response.headers(), response.body());
        assert!(report.is_clean(), "{}: {report}", example.name);
        assert_conforms(&response);
    }
    // And every code, with a delay and (except 429, which must have one) without.
    for code in 400..=599 {
        let body = ErrorBody::from_code(ErrorCode::from_u16(code).unwrap());
        assert_conforms(&body.clone().with_retry_after_seconds(7).to_http_response());
        let response = body.to_http_response();
        let report = inspect_response(response.status(), response.headers(), response.body());
        if code == 429 {
            assert_eq!(report.kinds(), [ViolationKind::MissingRetryAfter]);
        } else {
            assert!(report.is_clean(), "{code}: {report}");
        }
    }
}

#[test]
fn assert_conforms_shows_the_response_and_every_violation() {
    let response = Response::builder()
        .status(404)
        .header("content-type", "text/html; charset=utf-8")
        .body("<html>\n<h1>Not Found</h1>\n</html>".to_owned())
        .unwrap();
    let panic = catch_unwind(AssertUnwindSafe(|| assert_conforms(&response))).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        message,
        "the response does not conform to the sunor error wire model: 2 errors, 0 warnings\n\
         \x20 error[content-type-not-json]: Content-Type is \"text/html; charset=utf-8\", expected application/json or a +json type\n\
         \x20 error[body-not-json]: the body is not JSON: expected value at line 1 column 1\n\
         response:\n\
         \x20 status: 404 Not Found\n\
         \x20 content-type: \"text/html; charset=utf-8\"\n\
         \x20 body (33 bytes): \"<html>\\n<h1>Not Found</h1>\\n</html>\""
    );
    // Warnings alone pass.
    let mut response = ErrorBody::from_code(ErrorCode::NOT_FOUND).to_http_response();
    *response.body_mut() = br#"{"code":404,"message":"Not found","hint":"check the id"}"#.to_vec();
    assert_conforms(&response);
    conformance::assert_parts_conform(response.status(), response.headers(), response.body());
}
