//! The contract's `TaskError` (design.md, Derive), exactly as written, answers with the API's
//! documented bodies byte for byte (`vectors/errors-page.json`).

use std::time::Duration;

use sunor_errors::catalog::{Catalog, RetryAfterHint};
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};
use sunor_errors_tests::contract::{AuthError, TaskError, UpstreamFailed};
use sunor_errors_tests::documented_examples;

fn documented(name: &str) -> String {
    let example = documented_examples()
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no documented example {name:?}"));
    serde_json::to_string(&example.body).unwrap()
}

#[test]
fn every_documented_body_byte_for_byte() {
    let cases: Vec<(&str, Box<dyn IntoErrorBody>)> = vec![
        (
            "400 missing required fields",
            Box::new(TaskError::MissingFields {
                fields: "model, task_type, input".into(),
            }),
        ),
        ("401 invalid API key", Box::new(TaskError::InvalidApiKey)),
        (
            "401 invalid API key",
            Box::new(TaskError::Auth(AuthError::InvalidKey)),
        ),
        (
            "402 insufficient credits",
            Box::new(TaskError::InsufficientCredits {
                available: 3,
                required: 10,
            }),
        ),
        (
            "404 task not found",
            Box::new(TaskError::TaskNotFound("task_0123".into())),
        ),
        (
            "429 rate limit exceeded",
            Box::new(TaskError::RateLimited { seconds: 60 }),
        ),
        (
            "500 internal server error",
            Box::new(TaskError::Internal(std::io::Error::other(
                "disk /dev/sda1 full",
            ))),
        ),
        (
            "502 upstream provider error",
            Box::new(UpstreamFailed {
                provider: "acme-gpu".into(),
                detail: "connection reset by 10.0.0.7".into(),
            }),
        ),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for (name, error) in &cases {
        let body = error.to_error_body();
        assert_eq!(
            String::from_utf8(body.to_json_vec()).unwrap(),
            documented(name),
            "{name}"
        );
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            documented(name),
            "{name}"
        );
        assert_eq!(error.error_code(), body.code(), "{name}");
        covered.insert(*name);
    }
    // every documented example is reproduced by a derived type
    let all: std::collections::BTreeSet<String> =
        documented_examples().into_iter().map(|e| e.name).collect();
    assert_eq!(
        covered
            .iter()
            .map(|s| s.to_string())
            .collect::<std::collections::BTreeSet<_>>(),
        all
    );
}

#[test]
fn responses_carry_status_and_retry_after() {
    let response = TaskError::RateLimited { seconds: 60 }
        .into_error_body()
        .to_http_response();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()[http::header::RETRY_AFTER], "60");
    assert_eq!(
        response.body().as_slice(),
        br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    );
    let body = TaskError::RateLimited { seconds: 60 }.to_error_body();
    assert_eq!(body.retry_after(), Some(Duration::from_secs(60)));
    assert!(body.is_retryable());

    let response = TaskError::TaskNotFound("t".into())
        .into_error_body()
        .to_http_response();
    assert_eq!(response.status(), 404);
    assert!(response.headers().get(http::header::RETRY_AFTER).is_none());
}

#[test]
fn five_hundreds_never_leak_their_source() {
    let secret = "password=hunter2 at /srv/db.sqlite";
    let io = TaskError::Internal(std::io::Error::other(secret)).to_error_body();
    assert_eq!(io.code(), ErrorCode::INTERNAL_SERVER_ERROR);
    assert_eq!(io.message(), "Internal server error");
    let upstream = UpstreamFailed {
        provider: secret.into(),
        detail: secret.into(),
    }
    .to_error_body();
    assert_eq!(upstream.message(), "Upstream provider error");
    for body in [io, upstream] {
        let wire = String::from_utf8(body.to_json_vec()).unwrap();
        assert!(!wire.contains("hunter2"), "{wire}");
        assert!(!body.to_string().contains("hunter2"));
        let response = body.to_http_response();
        assert!(!String::from_utf8_lossy(response.body()).contains("hunter2"));
    }
}

#[test]
fn transparent_delegates_code_body_and_catalogue() {
    let auth = TaskError::Auth(AuthError::Disabled);
    assert_eq!(auth.error_code(), ErrorCode::FORBIDDEN);
    assert_eq!(
        auth.to_error_body(),
        ErrorBody::new(ErrorCode::FORBIDDEN, "API key disabled")
    );
}

/// What a case says, its pattern and fields aside (checked through the catalogue in
/// `tests/wire`): type, variant, code, message, templated, delay, decodable, placeholders
/// (name, type) and id.
type Public = (
    String,
    Option<String>,
    u16,
    String,
    bool,
    RetryAfterHint,
    bool,
    Vec<(String, String)>,
    String,
);

fn public(catalog: &Catalog) -> Vec<Public> {
    catalog
        .cases
        .iter()
        .map(|case| {
            (
                case.type_name.clone(),
                case.variant.clone(),
                case.code.as_u16(),
                case.message.clone(),
                case.templated,
                case.retry_after,
                case.decodable,
                case.placeholders
                    .iter()
                    .map(|p| (p.name.clone(), p.ty.clone()))
                    .collect(),
                case.id.clone(),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn expected(
    type_name: &str,
    variant: Option<&str>,
    code: u16,
    message: &str,
    templated: bool,
    retry: RetryAfterHint,
    decodable: bool,
    placeholders: &[(&str, &str)],
) -> Public {
    let id = match variant {
        Some(variant) => format!("{type_name}.{variant}"),
        None => type_name.to_owned(),
    };
    (
        type_name.to_owned(),
        variant.map(str::to_owned),
        code,
        message.to_owned(),
        templated,
        retry,
        decodable,
        placeholders
            .iter()
            .map(|&(name, ty)| (name.to_owned(), ty.to_owned()))
            .collect(),
        id,
    )
}

#[test]
fn catalogue_lists_every_variant_in_order() {
    // Every case of the contract's TaskError decodes (the two unsent fields have defaults).
    let d = |variant, code, message, templated, retry, placeholders: &[(&str, &str)]| {
        expected(
            "TaskError",
            Some(variant),
            code,
            message,
            templated,
            retry,
            true,
            placeholders,
        )
    };
    let auth = |variant, code, message| {
        expected(
            "AuthError",
            Some(variant),
            code,
            message,
            false,
            RetryAfterHint::None,
            true,
            &[],
        )
    };
    assert_eq!(
        public(&Catalog::of::<TaskError>()),
        [
            d(
                "MissingFields",
                400,
                "Missing required fields: {fields}",
                true,
                RetryAfterHint::None,
                &[("fields", "String")]
            ),
            d(
                "InvalidApiKey",
                401,
                "Invalid API key",
                false,
                RetryAfterHint::None,
                &[]
            ),
            d(
                "InsufficientCredits",
                402,
                "Insufficient credits: available {available}, required {required}",
                true,
                RetryAfterHint::None,
                &[("available", "u64"), ("required", "u64")]
            ),
            d(
                "TaskNotFound",
                404,
                "Task not found",
                false,
                RetryAfterHint::None,
                &[]
            ),
            d(
                "RateLimited",
                429,
                "Rate limit exceeded.",
                false,
                RetryAfterHint::FromField,
                &[]
            ),
            d(
                "Internal",
                500,
                "Internal server error",
                false,
                RetryAfterHint::None,
                &[]
            ),
            auth("MissingKey", 401, "Missing x-api-key header"),
            auth("InvalidKey", 401, "Invalid API key"),
            auth("Disabled", 403, "API key disabled"),
        ]
    );
    // Its fields are never sent and have no default: not decodable.
    assert_eq!(
        public(&Catalog::of::<UpstreamFailed>()),
        [expected(
            "UpstreamFailed",
            None,
            502,
            "Upstream provider error",
            false,
            RetryAfterHint::None,
            false,
            &[],
        )]
    );
}
