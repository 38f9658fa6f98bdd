//! `#[derive(FromErrorBody)]`: exact decoded values for every documented body of the errors
//! page through the contract's `TaskError`, near misses, transparent order, delays, structs,
//! generics and every decodable format spec.

use std::time::Duration;

use http::{HeaderMap, HeaderValue, StatusCode};
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};
use sunor_errors_tests::contract::{AuthError, TaskError, unsent_cause};
use sunor_errors_tests::documented_examples;

fn code(n: u16) -> ErrorCode {
    ErrorCode::from_u16(n).unwrap()
}

fn body(n: u16, message: &'static str) -> ErrorBody {
    ErrorBody::new(code(n), message)
}

/// `TaskError` is not `PartialEq` (`Internal` holds an `io::Error`): compared by `Debug`,
/// which shows every field.
fn task(body: &ErrorBody) -> String {
    format!("{:?}", TaskError::from_error_body(body))
}

fn some(value: TaskError) -> String {
    format!("{:?}", Some(value))
}

#[test]
fn every_documented_body_decodes_to_the_variant_that_sends_it() {
    let expected = [
        (
            "400 missing required fields",
            Some(TaskError::MissingFields {
                fields: "model, task_type, input".into(),
            }),
        ),
        ("401 invalid API key", Some(TaskError::InvalidApiKey)),
        (
            "402 insufficient credits",
            Some(TaskError::InsufficientCredits {
                available: 3,
                required: 10,
            }),
        ),
        // The id is not sent: the default, an empty string.
        (
            "404 task not found",
            Some(TaskError::TaskNotFound(String::new())),
        ),
        (
            "429 rate limit exceeded",
            Some(TaskError::RateLimited { seconds: 60 }),
        ),
        // The cause is not sent: `unsent_cause()`.
        (
            "500 internal server error",
            Some(TaskError::Internal(unsent_cause())),
        ),
        // TaskError has no 502: the client keeps the ErrorBody.
        ("502 upstream provider error", None),
    ];
    let examples = documented_examples();
    assert_eq!(examples.len(), expected.len());
    for (example, (name, value)) in examples.iter().zip(expected) {
        assert_eq!(example.name, name);
        let received: ErrorBody = serde_json::from_value(example.body.clone()).unwrap();
        assert_eq!(task(&received), format!("{value:?}"), "{name}");
        assert_eq!(
            format!("{:?}", received.decode::<TaskError>()),
            format!("{value:?}"),
            "{name}"
        );
    }
    let internal = TaskError::from_error_body(&ErrorBody::from_code(code(500)));
    match internal {
        Some(TaskError::Internal(cause)) => {
            assert_eq!(cause.to_string(), "the server does not send the cause");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_delay_merged_from_the_retry_after_header_decodes() {
    let mut headers = HeaderMap::new();
    headers.insert(http::header::RETRY_AFTER, HeaderValue::from_static("30"));
    let received = ErrorBody::from_http_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &headers,
        br#"{"code":429,"message":"Rate limit exceeded."}"#,
    )
    .unwrap();
    assert_eq!(
        task(&received),
        some(TaskError::RateLimited { seconds: 30 })
    );
    // Without any delay a required `retry_after` field does not match.
    assert_eq!(task(&body(429, "Rate limit exceeded.")), "None");
}

#[test]
fn near_misses_are_none() {
    let credits = |m: &'static str| task(&body(402, m));
    let ok = |available, required| {
        some(TaskError::InsufficientCredits {
            available,
            required,
        })
    };
    assert_eq!(
        credits("Insufficient credits: available 3, required 10"),
        ok(3, 10)
    );
    for near in [
        "Insufficient credits: available 3, required 10.",
        "Insufficient credits: available 3, required 10 ",
        "insufficient credits: available 3, required 10",
        "Insufficient credits: available 3,required 10",
        "Insufficient credits: available  3, required 10",
        "Insufficient credits: available 3, required ",
        "Insufficient credits: available , required 10",
        "Insufficient credits: available -3, required 10",
        "Insufficient credits: available 3.0, required 10",
        "Insufficient credits: available 18446744073709551616, required 10",
        "Insufficient credits: available 3, required 10, required 10",
        "Insufficient credits",
        "",
    ] {
        assert_eq!(credits(near), "None", "{near:?}");
    }
    // What the server never writes for `{available}`, though u64's FromStr would take it.
    for near in [
        "Insufficient credits: available +3, required 10",
        "Insufficient credits: available 3, required 010",
        "Insufficient credits: available 03, required 10",
    ] {
        assert_eq!(credits(near), "None", "{near:?}");
    }
    assert_eq!(
        credits("Insufficient credits: available 18446744073709551615, required 0"),
        ok(u64::MAX, 0)
    );
    // Right message, wrong code.
    assert_eq!(
        task(&body(400, "Insufficient credits: available 3, required 10")),
        "None"
    );
    assert_eq!(task(&body(404, "Task not found.")), "None");
    assert_eq!(task(&body(404, "Not found")), "None");
    assert_eq!(task(&body(500, "Internal server error!")), "None");
    // A trailing placeholder takes everything, even an empty text (a String's FromStr).
    assert_eq!(
        task(&body(400, "Missing required fields: ")),
        some(TaskError::MissingFields {
            fields: String::new()
        })
    );
    assert_eq!(task(&body(400, "Missing required fields:")), "None");
}

#[test]
fn transparent_cases_come_after_the_types_own_in_order() {
    // "Invalid API key" with 401 is both `InvalidApiKey` and `Auth(InvalidKey)`: the own
    // variant wins.
    assert_eq!(
        task(&body(401, "Invalid API key")),
        some(TaskError::InvalidApiKey)
    );
    assert_eq!(
        task(&body(401, "Missing x-api-key header")),
        some(TaskError::Auth(AuthError::MissingKey))
    );
    assert_eq!(
        task(&body(403, "API key disabled")),
        some(TaskError::Auth(AuthError::Disabled))
    );
    assert_eq!(
        body(401, "Invalid API key").decode::<AuthError>(),
        Some(AuthError::InvalidKey)
    );

    #[derive(Debug, PartialEq, FromErrorBody)]
    enum Layers {
        #[error_body(transparent)]
        Auth(AuthError),
        #[error_body(transparent)]
        Code(ErrorCode),
        #[error_body(transparent)]
        Any(ErrorBody),
        #[error_body(code = 403, message = "API key disabled")]
        OwnDisabled,
    }
    assert_eq!(
        body(403, "API key disabled").decode(),
        Some(Layers::OwnDisabled)
    );
    assert_eq!(
        body(401, "Invalid API key").decode(),
        Some(Layers::Auth(AuthError::InvalidKey))
    );
    assert_eq!(
        ErrorBody::from_code(code(409)).decode(),
        Some(Layers::Code(code(409)))
    );
    let other = body(409, "Task already running");
    assert_eq!(other.decode(), Some(Layers::Any(other.clone())));
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Delays {
    #[error_body(code = 429, message = "Slow down")]
    Required(#[error_body(retry_after)] u8),
    #[error_body(code = 503, message = "Busy")]
    Optional {
        #[error_body(retry_after)]
        wait: Option<Duration>,
    },
    #[error_body(code = 503, message = "Maintenance", retry_after = 600)]
    Fixed,
    #[error_body(code = 504, message = "Timed out after {0} s")]
    Shown(#[error_body(retry_after)] u64),
}

#[test]
fn retry_after_fields_required_optional_fixed() {
    let slow = body(429, "Slow down");
    assert_eq!(slow.decode::<Delays>(), None);
    assert_eq!(
        slow.clone().with_retry_after_seconds(255).decode(),
        Some(Delays::Required(255))
    );
    // More than the field can hold: no match.
    assert_eq!(slow.with_retry_after_seconds(256).decode::<Delays>(), None);

    let busy = body(503, "Busy");
    assert_eq!(busy.decode(), Some(Delays::Optional { wait: None }));
    assert_eq!(
        busy.with_retry_after_seconds(7).decode(),
        Some(Delays::Optional {
            wait: Some(Duration::from_secs(7))
        })
    );

    // A fixed delay matches any delay, or none.
    let maintenance = body(503, "Maintenance");
    assert_eq!(maintenance.decode(), Some(Delays::Fixed));
    assert_eq!(
        maintenance.with_retry_after_seconds(5).decode(),
        Some(Delays::Fixed)
    );

    // A retry_after field the template shows is read from the message.
    assert_eq!(
        body(504, "Timed out after 9 s").decode(),
        Some(Delays::Shown(9))
    );
    for value in [
        Delays::Required(0),
        Delays::Optional { wait: None },
        Delays::Optional {
            wait: Some(Duration::from_secs(3600)),
        },
        Delays::Fixed,
        Delays::Shown(u64::MAX),
    ] {
        assert_eq!(value.to_error_body().decode(), Some(value));
    }
}

/// Every primitive integer type is a delay in seconds; below zero is "now".
#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum IntegerDelays {
    #[error_body(code = 429, message = "Signed")]
    Signed(#[error_body(retry_after)] i16),
    #[error_body(code = 503, message = "Wide")]
    Wide {
        #[error_body(retry_after)]
        wait: Option<u128>,
    },
    #[error_body(code = 502, message = "Pointer sized")]
    Pointer(#[error_body(retry_after)] isize),
}

#[test]
fn retry_after_fields_of_every_integer_type() {
    let signed = IntegerDelays::Signed(30).to_error_body();
    assert_eq!(signed.retry_after_seconds(), Some(30));
    assert_eq!(signed.decode(), Some(IntegerDelays::Signed(30)));
    // A negative count is sent as 0 (retry now) and decodes as 0.
    let now = IntegerDelays::Signed(-5).to_error_body();
    assert_eq!(now.retry_after_seconds(), Some(0));
    assert_eq!(now.decode(), Some(IntegerDelays::Signed(0)));
    // More than i16 holds: no match, as for the unsigned types.
    assert_eq!(
        body(429, "Signed")
            .with_retry_after_seconds(40_000)
            .decode::<IntegerDelays>(),
        None
    );
    // Past u64::MAX is the longest delay the wire carries.
    let wide = IntegerDelays::Wide {
        wait: Some(u128::MAX),
    }
    .to_error_body();
    assert_eq!(wide.retry_after_seconds(), Some(u64::MAX));
    assert_eq!(
        wide.decode(),
        Some(IntegerDelays::Wide {
            wait: Some(u128::from(u64::MAX))
        })
    );
    assert_eq!(
        body(503, "Wide").decode(),
        Some(IntegerDelays::Wide { wait: None })
    );
    assert_eq!(
        IntegerDelays::Pointer(isize::MAX).to_error_body().decode(),
        Some(IntegerDelays::Pointer(isize::MAX))
    );
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(code = 403, message = "Forbidden")]
struct Forbidden;

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(code = 404, message = "Task {0} not found in {1}")]
struct TaskMissing(u64, String);

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(code = 409, message = "Task {id} is already {state}")]
struct Conflict<Id, State> {
    id: Id,
    state: State,
    #[error_body(default)]
    seen: Vec<u8>,
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(code = 500, skip_decode)]
struct Hidden(String);

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(transparent)]
struct Wrapper<E>(E);

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Never {}

#[test]
fn structs_and_generics() {
    assert_eq!(body(403, "Forbidden").decode(), Some(Forbidden));
    assert_eq!(body(403, "Forbidden!").decode::<Forbidden>(), None);
    assert_eq!(
        body(404, "Task 7 not found in shard 3").decode(),
        Some(TaskMissing(7, "shard 3".into()))
    );
    let conflict: Option<Conflict<u32, String>> = body(409, "Task 12 is already running").decode();
    assert_eq!(
        conflict,
        Some(Conflict {
            id: 12,
            state: "running".into(),
            seen: Vec::new()
        })
    );
    // The same type at other parameters: each reads with its own FromStr.
    let conflict: Option<Conflict<String, bool>> = body(409, "Task t_1 is already true").decode();
    assert_eq!(
        conflict.map(|c| (c.id, c.state)),
        Some(("t_1".to_owned(), true))
    );
    let wrong: Option<Conflict<u32, bool>> = body(409, "Task t_1 is already true").decode();
    assert_eq!(wrong, None);
    // skip_decode: never produced, even from its own body.
    assert_eq!(Hidden("x".into()).to_error_body().decode::<Hidden>(), None);
    assert_eq!(body(403, "Forbidden").decode(), Some(Wrapper(Forbidden)));
    assert_eq!(
        body(403, "Forbidden").decode::<Wrapper<TaskMissing>>(),
        None
    );
    assert_eq!(body(403, "Forbidden").decode::<Never>(), None);
    assert_eq!(
        body(403, "Forbidden").decode::<Box<Forbidden>>(),
        Some(Box::new(Forbidden))
    );
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Specs {
    #[error_body(code = 400, message = "debug string {0:?}")]
    DebugString(String),
    #[error_body(code = 401, message = "debug char {0:?} and int {1:?} and bool {2:#?}")]
    DebugChar(char, i32, bool),
    #[error_body(
        code = 402,
        message = "hex {0:x} HEX {1:X} alt {2:#x} oct {3:o} bin {4:#b}"
    )]
    Radix(u32, u64, u8, u16, u128),
    #[error_body(
        code = 403,
        message = "padded hex {0:#010x}, signed {1:x}, plus {2:+X}"
    )]
    RadixFlags(u32, i16, i64),
    #[error_body(code = 404, message = "[{0:>5}] [{1:<6}] [{2:^7}] [{3:*^9}] [{4:.3}]")]
    Padded(u32, i64, bool, f64, u8),
    #[error_body(code = 405, message = "zeros {0:05} signed {1:+}")]
    Zeros(i32, i64),
    #[error_body(code = 406, message = "char [{0:>3}] [{1:x<4}]")]
    PaddedChar(char, char),
    #[error_body(code = 407, message = "float {0} debug {1:?} exp {2:e} EXP {3:E}")]
    Floats(f64, f64, f32, f64),
    #[error_body(code = 408, message = "{0} and {0}")]
    Twice(u16),
}

#[test]
fn every_decodable_format_spec_round_trips() {
    let values = [
        Specs::DebugString("say \"hi\"\n\t\\ \u{1b}[0m é \u{301}".into()),
        Specs::DebugString(String::new()),
        Specs::DebugChar('\'', -5, true),
        Specs::DebugChar('"', i32::MIN, false),
        Specs::Radix(0xdead_beef, u64::MAX, 0, 0o755, u128::MAX),
        Specs::RadixFlags(255, -1, i64::MIN),
        Specs::Padded(42, -7, true, 1.5, 200),
        Specs::Padded(123_456, -1_234_567, false, -0.001, 0),
        Specs::Zeros(-42, 7),
        Specs::Zeros(123_456, -3),
        Specs::PaddedChar('x', 'x'),
        Specs::PaddedChar(' ', '*'),
        Specs::Floats(0.1, 1e300, f32::MIN_POSITIVE, -2.5e-8),
        Specs::Floats(f64::INFINITY, -0.0, 3.0, f64::NEG_INFINITY),
        Specs::Twice(9),
    ];
    for value in values {
        let sent = value.to_error_body();
        assert_eq!(sent.decode(), Some(value), "{:?}", sent.message());
    }
}

#[test]
fn format_specs_read_exactly_what_they_write() {
    let decode = |n: u16, m: &'static str| body(n, m).decode::<Specs>();
    assert_eq!(
        decode(400, r#"debug string "aA'b""#),
        Some(Specs::DebugString("aA'b".into()))
    );
    for near in [
        // Escapes that Debug does not write: what it writes for "aA'b" is `"aA'b"`.
        r#"debug string "a\u{41}\'b""#,
        r#"debug string "a"b""#,
        r#"debug string "a\x41""#,
        r#"debug string "a"#,
        "debug string a",
    ] {
        assert_eq!(decode(400, near), None, "{near}");
    }
    let messages = [
        // Uppercase digits under `x`, lowercase under `X`, no prefix under `#`.
        (402, "hex FF HEX ff alt 0x1 oct 1 bin 0b1"),
        (402, "hex ff HEX FF alt 1 oct 1 bin 0b1"),
        (402, "hex 1ffffffff HEX FF alt 0x1 oct 1 bin 0b1"),
        (402, "hex ff HEX FF alt 0x1 oct 8 bin 0b1"),
        // The width is exact, the padding on its side.
        (404, "[  42 ] [-7    ] [ true  ] [***1.5***] [200]"),
        (404, "[   42] [-7    ] [  true ] [***1.5***] [200]"),
        (404, "[   42] [-7    ] [ true  ] [**1.5****] [200]"),
        // The `+` flag writes the sign: `+X` requires it.
        (
            403,
            "padded hex 0x000000ff, signed ffff, plus 8000000000000000",
        ),
        (406, "char [ x] [xxxx]"),
        (406, "char [  x] [xxx]"),
        (408, "9 and 10"),
    ];
    for (n, m) in messages {
        assert_eq!(decode(n, m), None, "{m}");
    }
    assert_eq!(
        decode(402, "hex ff HEX FF alt 0x1 oct 17 bin 0b11"),
        Some(Specs::Radix(255, 255, 1, 15, 3))
    );
    assert_eq!(
        decode(404, "[   42] [-7    ] [ true  ] [***1.5***] [200]"),
        Some(Specs::Padded(42, -7, true, 1.5, 200))
    );
    // Longer than the width: written unpadded.
    assert_eq!(
        decode(404, "[123456] [-1234567] [ false ] [*-0.001**] [0]"),
        Some(Specs::Padded(123_456, -1_234_567, false, -0.001, 0))
    );
    assert_eq!(
        decode(405, "zeros -0042 signed +7"),
        Some(Specs::Zeros(-42, 7))
    );
    // Both `{0}`s must be the same text.
    assert_eq!(decode(408, "9 and 9"), Some(Specs::Twice(9)));
    assert_eq!(decode(408, "9 and 09"), None);
}
