//! Property: any valid body survives JSON (serde and `write_json` agree byte for byte) and an
//! http response unchanged.

use proptest::prelude::*;
use sunor_errors::ErrorBody;

use crate::support::strategies::body_of;

/// Any valid body: a code in 400..=599, any message (control characters, quotes, astral
/// chars, bidi controls), with or without a delay.
fn any_body() -> impl Strategy<Value = ErrorBody> {
    let message = prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\"\\\\\u{7f}\u{2028}\u{202e}a-z ]{0,40}",
        Just(String::new()),
    ];
    body_of(400..=599, message)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn json_round_trip(body in any_body()) {
        let serde_bytes = serde_json::to_vec(&body).unwrap();
        prop_assert_eq!(&body.to_json_vec(), &serde_bytes);
        let mut appended = b"prefix".to_vec();
        body.write_json(&mut appended);
        prop_assert_eq!(&appended[6..], &serde_bytes[..]);

        let back: ErrorBody = serde_json::from_slice(&serde_bytes).unwrap();
        prop_assert_eq!(&back, &body);
        prop_assert_eq!(back.code(), body.code());
        prop_assert_eq!(back.message(), body.message());
        prop_assert_eq!(back.retry_after_seconds(), body.retry_after_seconds());

        // The wire form is also the value a generic JSON reader sees.
        let value: serde_json::Value = serde_json::from_slice(&serde_bytes).unwrap();
        prop_assert_eq!(&value["code"], &serde_json::json!(body.code().as_u16()));
        prop_assert_eq!(&value["message"], &serde_json::json!(body.message()));
        match body.retry_after_seconds() {
            Some(s) => prop_assert_eq!(&value["retry_after_seconds"], &serde_json::json!(s)),
            None => prop_assert!(value.get("retry_after_seconds").is_none()),
        }
    }

    #[test]
    fn http_response_round_trip(body in any_body()) {
        let response = body.to_http_response();
        prop_assert_eq!(response.status().as_u16(), body.code().as_u16());
        prop_assert_eq!(response.headers()["content-type"].as_bytes(), b"application/json");
        let retry_header = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
        prop_assert_eq!(retry_header, body.retry_after_seconds().map(|s| s.to_string()));
        prop_assert_eq!(response.body(), &body.to_json_vec());
        let back = ErrorBody::from_http_response(&response).unwrap();
        prop_assert_eq!(back, body);
    }
}
