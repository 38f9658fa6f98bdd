//! The shared decode vectors (`vectors/decode.json`, format in
//! `clients/README.md`): what Rust decides for given responses, which the generated Python
//! and TypeScript modules must decide the same. Built here from Rust itself; written with
//! `SUNOR_ERRORS_UPDATE_VECTORS=1`, otherwise the committed files must be exactly what
//! would be written.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Value, json};
use sunor_errors::{ErrorBody, IntoErrorBody};
use sunor_errors_tests::contract::{AuthError, TaskError};

const CATALOGUE: &str = "sunor-errors-codegen/tests/fixtures/task_error.v2.json";
/// Sun, 06 Nov 1994 08:48:37 GMT: the wall clock of every vector (the TypeScript runner's
/// `FIXED_NOW`).
const NOW: u64 = 784_111_717;

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes `document` to `vectors/<name>` under `SUNOR_ERRORS_UPDATE_VECTORS=1`, else fails
/// unless the committed file holds exactly these bytes.
fn write_or_check(name: &str, vectors: Vec<Value>) {
    let document = json!({"catalogue": CATALOGUE, "vectors": vectors});
    let text = serde_json::to_string_pretty(&document).unwrap() + "\n";
    let path = root().join("vectors").join(name);
    if std::env::var_os("SUNOR_ERRORS_UPDATE_VECTORS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "vectors/{name} is not what Rust writes: run \
         SUNOR_ERRORS_UPDATE_VECTORS=1 cargo test -p sunor-errors-tests --test wire shared_vectors, \
         then run the Python and TypeScript runners"
    );
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn header_map(headers: &[(String, String)]) -> HeaderMap {
    headers
        .iter()
        .map(|(name, value)| {
            (
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            )
        })
        .collect()
}

fn int(value: u64) -> Value {
    json!({"int": value.to_string()})
}

/// The catalogue id and fields of a decoded value, in the vectors' form.
fn case_of(error: &TaskError) -> (&'static str, Value) {
    match error {
        TaskError::MissingFields { fields } => {
            ("TaskError.MissingFields", json!({"fields": fields}))
        }
        TaskError::InvalidApiKey => ("TaskError.InvalidApiKey", json!({})),
        TaskError::InsufficientCredits {
            available,
            required,
        } => (
            "TaskError.InsufficientCredits",
            json!({"available": int(*available), "required": int(*required)}),
        ),
        // Never sent: the default.
        TaskError::TaskNotFound(_) => ("TaskError.TaskNotFound", json!({"0": null})),
        TaskError::RateLimited { seconds } => {
            ("TaskError.RateLimited", json!({"seconds": int(*seconds)}))
        }
        TaskError::Internal(_) => ("TaskError.Internal", json!({"0": null})),
        TaskError::Auth(AuthError::MissingKey) => ("AuthError.MissingKey", json!({})),
        TaskError::Auth(AuthError::InvalidKey) => ("AuthError.InvalidKey", json!({})),
        TaskError::Auth(AuthError::Disabled) => ("AuthError.Disabled", json!({})),
    }
}

/// One decode vector, its expectation from Rust.
fn decode_vector(name: &str, status: u16, headers: &[(&str, &str)], body: &[u8]) -> Value {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    let parsed = ErrorBody::from_http_parts_at(
        StatusCode::from_u16(status).unwrap(),
        &header_map(&headers),
        body,
        now(),
    )
    .expect("an error status");
    let (case, fields) = match parsed.decode::<TaskError>() {
        Some(value) => {
            let (id, fields) = case_of(&value);
            (Value::from(id), fields)
        }
        None => (Value::Null, json!({})),
    };
    let (text, encoded) = match std::str::from_utf8(body) {
        Ok(text) => (Value::from(text), Value::Null),
        Err(_) => (Value::Null, Value::from(base64(body))),
    };
    json!({
        "name": name,
        "status": status,
        "headers": headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "body": text,
        "body_base64": encoded,
        "now": NOW,
        "expect": {
            "code": parsed.code().as_u16(),
            "message": parsed.message(),
            "retry_after": parsed.retry_after_seconds(),
            "case": case,
            "fields": fields,
        },
    })
}

fn json_body(code: u16, message: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"code": code, "message": message})).unwrap()
}

/// A near miss: its name, status, headers and body.
type NearMiss<'a> = (&'a str, u16, Vec<(&'a str, &'a str)>, Vec<u8>);

fn decode_vectors() -> Vec<Value> {
    let mut out = Vec::new();
    let ct = ("Content-Type", "application/json");
    let date_in_90 = httpdate::fmt_http_date(now() + Duration::from_secs(90));
    let past_date = httpdate::fmt_http_date(now() - Duration::from_secs(90));
    let mut values = vec![
        TaskError::MissingFields {
            fields: String::new(),
        },
        TaskError::MissingFields {
            fields: "prompt".into(),
        },
        TaskError::MissingFields {
            fields: "prompt, style".into(),
        },
        TaskError::MissingFields {
            fields: "Missing required fields: x".into(),
        },
        TaskError::MissingFields {
            fields: "{fields} ünïcødé 日本語 🎵".into(),
        },
        TaskError::MissingFields {
            fields: "line\nbreak \"quoted\" \\ tab\t".into(),
        },
        TaskError::InvalidApiKey,
        TaskError::InsufficientCredits {
            available: 0,
            required: 0,
        },
        TaskError::InsufficientCredits {
            available: 3,
            required: 10,
        },
        TaskError::InsufficientCredits {
            available: u64::MAX,
            required: 1 << 53,
        },
        TaskError::InsufficientCredits {
            available: (1 << 53) + 1,
            required: u64::MAX - 1,
        },
        TaskError::TaskNotFound("task-1".into()),
        TaskError::RateLimited { seconds: 0 },
        TaskError::RateLimited { seconds: 60 },
        TaskError::RateLimited { seconds: u64::MAX },
        TaskError::Internal(std::io::Error::other("disk full")),
    ];
    values.extend(
        [
            AuthError::MissingKey,
            AuthError::InvalidKey,
            AuthError::Disabled,
        ]
        .map(TaskError::Auth),
    );
    for value in &values {
        let body = value.to_error_body();
        let code = body.code().as_u16();
        let bytes = body.to_json_vec();
        let label = format!("{value:?}");
        out.push(decode_vector(
            &format!("{label} as rendered"),
            code,
            &[ct],
            &bytes,
        ));
        out.push(decode_vector(
            &format!("{label}, Retry-After: 7"),
            code,
            &[ct, ("Retry-After", "7")],
            &bytes,
        ));
        out.push(decode_vector(
            &format!("{label}, Retry-After: a date 90 s ahead"),
            code,
            &[ct, ("Retry-After", &date_in_90)],
            &bytes,
        ));
    }
    // Near misses and hostile answers.
    let near: Vec<NearMiss<'_>> = vec![
        ("402 +5", 402, vec![ct], json_body(402, "Insufficient credits: available +5, required 10")),
        ("402 leading zero 007", 402, vec![ct], json_body(402, "Insufficient credits: available 007, required 10")),
        ("402 past u64", 402, vec![ct], json_body(402, "Insufficient credits: available 18446744073709551616, required 1")),
        ("402 negative", 402, vec![ct], json_body(402, "Insufficient credits: available -1, required 1")),
        ("402 trailing text", 402, vec![ct], json_body(402, "Insufficient credits: available 3, required 10.")),
        ("402 trailing space", 402, vec![ct], json_body(402, "Insufficient credits: available 3, required 10 ")),
        ("402 empty number", 402, vec![ct], json_body(402, "Insufficient credits: available , required 10")),
        ("402 full-width digits", 402, vec![ct], json_body(402, "Insufficient credits: available ３, required 10")),
        ("404 case changed", 404, vec![ct], json_body(404, "task not found")),
        ("401 case changed", 401, vec![ct], json_body(401, "INVALID API KEY")),
        ("429 without its dot", 429, vec![ct], json_body(429, "Rate limit exceeded")),
        ("429 without a delay", 429, vec![ct], json_body(429, "Rate limit exceeded.")),
        ("429 with a past date", 429, vec![ct, ("Retry-After", &past_date)], json_body(429, "Rate limit exceeded.")),
        ("429 with Retry-After: 0", 429, vec![ct, ("Retry-After", "0")], json_body(429, "Rate limit exceeded.")),
        ("429 with two Retry-After headers", 429, vec![ct, ("Retry-After", "5"), ("Retry-After", "9")], json_body(429, "Rate limit exceeded.")),
        ("429 header larger than the body's", 429, vec![ct, ("Retry-After", "90")],
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":30}"#.to_vec()),
        ("429 body larger than the header's", 429, vec![ct, ("Retry-After", "3")],
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":30}"#.to_vec()),
        ("429 huge retry_after_seconds", 429, vec![ct],
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":18446744073709551615}"#.to_vec()),
        ("429 retry_after_seconds past u64", 429, vec![ct],
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":18446744073709551616}"#.to_vec()),
        ("429 retry_after_seconds negative", 429, vec![ct],
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":-5}"#.to_vec()),
        ("429 Retry-After +5", 429, vec![ct, ("Retry-After", "+5")], json_body(429, "Rate limit exceeded.")),
        ("429 Retry-After 007", 429, vec![ct, ("Retry-After", "007")], json_body(429, "Rate limit exceeded.")),
        ("429 Retry-After past u64", 429, vec![ct, ("Retry-After", "18446744073709551616")], json_body(429, "Rate limit exceeded.")),
        ("429 Retry-After garbage", 429, vec![ct, ("Retry-After", "soon")], json_body(429, "Rate limit exceeded.")),
        ("a 402 body under a 400", 400, vec![ct], json_body(402, "Insufficient credits: available 3, required 10")),
        ("a 404 body under a 500", 500, vec![ct], json_body(404, "Task not found")),
        ("a 401 message under a 403", 403, vec![ct], json_body(403, "Invalid API key")),
        ("code as a string", 402, vec![ct],
            br#"{"code":"402","message":"Insufficient credits: available 3, required 10"}"#.to_vec()),
        ("no message", 404, vec![ct], br#"{"code":404}"#.to_vec()),
        ("HTML from a proxy", 502, vec![("Content-Type", "text/html")], b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec()),
        ("HTML 429 from a proxy", 429, vec![("Content-Type", "text/html"), ("Retry-After", "12")], b"<html>Too Many Requests</html>".to_vec()),
        ("empty body 500", 500, vec![], Vec::new()),
        ("empty body 404", 404, vec![ct], Vec::new()),
        ("invalid UTF-8", 400, vec![ct], b"{\"code\":400,\"message\":\"Missing required fields: \xff\xfe\"}".to_vec()),
        ("invalid UTF-8 not JSON", 503, vec![], b"\xc3\x28\xa0\xa1".to_vec()),
        ("problem details", 404, vec![("Content-Type", "application/problem+json")],
            br#"{"type":"about:blank","title":"Not Found","status":404,"detail":"Task not found"}"#.to_vec()),
        ("JSON array", 500, vec![ct], b"[1,2,3]".to_vec()),
        ("truncated JSON", 402, vec![ct], br#"{"code":402,"message":"Insufficient credits: avai"#.to_vec()),
        ("extra fields", 402, vec![ct],
            br#"{"code":402,"message":"Insufficient credits: available 3, required 10","request_id":"abc"}"#.to_vec()),
        ("unknown code 418", 418, vec![ct], json_body(418, "I'm a teapot")),
        ("503 with Retry-After", 503, vec![ct, ("Retry-After", "20")], json_body(503, "Service unavailable")),
    ];
    for (name, status, headers, body) in near {
        out.push(decode_vector(name, status, &headers, &body));
    }
    out
}

#[test]
fn decode_vectors_are_what_rust_decides() {
    let vectors = decode_vectors();
    let catalogue: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(CATALOGUE)).unwrap()).unwrap();
    // Every case of the catalogue is matched at least once, but a case that an earlier one
    // shadows (the same code and pattern: `AuthError.InvalidKey`), which never is.
    let cases = catalogue["cases"].as_array().unwrap();
    for (index, case) in cases.iter().enumerate() {
        let id = &case["id"];
        let shadowed = cases[..index].iter().any(|earlier| {
            earlier["code"] == case["code"] && earlier["pattern"] == case["pattern"]
        });
        assert_eq!(
            vectors.iter().any(|v| &v["expect"]["case"] == id),
            !shadowed,
            "{id}: matched by a vector unless shadowed"
        );
    }
    assert_eq!(
        catalogue,
        serde_json::from_str::<Value>(&sunor_errors::catalog::Catalog::of::<TaskError>().to_json())
            .unwrap()
    );
    write_or_check("decode.json", vectors);
}
