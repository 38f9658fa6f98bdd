//! Every example body of the API's errors page, as data: it deserialises, re-serialises to
//! the identical JSON, builds the documented response, and reads back unchanged.

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use sunor_errors::{ErrorBody, ErrorCode};
use sunor_errors_tests::documented_examples;

#[test]
fn there_are_seven_documented_examples() {
    let names: Vec<String> = documented_examples().into_iter().map(|e| e.name).collect();
    assert_eq!(names.len(), 7, "{names:?}");
}

#[test]
fn each_example_round_trips_through_serde() {
    for example in documented_examples() {
        let body: ErrorBody = serde_json::from_value(example.body.clone()).unwrap();
        assert_eq!(body.code().as_u16(), example.status, "{}", example.name);
        let text = serde_json::to_string(&body).unwrap();
        let again: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(again, example.body, "{}", example.name);
        // compact, in documented member order: byte-identical to serde_json's own output
        assert_eq!(
            text,
            serde_json::to_string(&example.body).unwrap(),
            "{}",
            example.name
        );
        assert_eq!(body.to_json_vec(), text.as_bytes(), "{}", example.name);
    }
}

#[test]
fn each_example_builds_the_documented_response() {
    for example in documented_examples() {
        let body: ErrorBody = serde_json::from_value(example.body.clone()).unwrap();
        let response = body.to_http_response();
        assert_eq!(
            response.status().as_u16(),
            example.status,
            "{}",
            example.name
        );
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        let retry = example
            .body
            .get("retry_after_seconds")
            .and_then(|v| v.as_u64());
        match retry {
            Some(seconds) => assert_eq!(
                response.headers()[RETRY_AFTER],
                seconds.to_string().as_str()
            ),
            None => assert!(
                !response.headers().contains_key(RETRY_AFTER),
                "{}",
                example.name
            ),
        }
        let on_wire: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(on_wire, example.body, "{}", example.name);

        let read_back = ErrorBody::from_http_response(&response).unwrap();
        assert_eq!(read_back, body, "{}", example.name);
        assert_eq!(
            read_back.is_retryable(),
            example.retryable,
            "{}",
            example.name
        );
        assert_eq!(read_back.retry_after_seconds(), retry, "{}", example.name);
    }
}

#[test]
fn each_example_code_has_its_documented_default_message() {
    // The API's own wording for the codes whose example message is the generic one.
    for (code, message) in [
        (ErrorCode::TOO_MANY_REQUESTS, "Rate limit exceeded."),
        (ErrorCode::INTERNAL_SERVER_ERROR, "Internal server error"),
        (ErrorCode::BAD_GATEWAY, "Upstream provider error"),
    ] {
        let documented = documented_examples()
            .into_iter()
            .find(|e| e.status == code.as_u16())
            .unwrap();
        assert_eq!(documented.body["message"], message);
        assert_eq!(code.default_message(), message);
    }
}
