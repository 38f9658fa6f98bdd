//! The shared vectors (`vectors/decode.json`, `vectors/retry.json`, format in
//! `clients/README.md`): what Rust decides for given responses, which the generated Python
//! and TypeScript modules must decide the same. Built here from Rust itself; written with
//! `SUNOR_ERRORS_UPDATE_VECTORS=1`, otherwise the committed files must be exactly what
//! would be written.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::support::headers::header_map;
use http::StatusCode;
use serde_json::{Value, json};
use sunor_errors::retry::{
    AttemptError, AttemptOutcome, GiveUpReason, JitterRng, Retrier, RetryPolicy, TransportError,
};
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

/// What one attempt of a retry vector gets.
#[derive(Clone)]
enum Got {
    Answer(u16, Vec<(&'static str, String)>, &'static str),
    NotSent,
    MaybeSent,
}

fn answer(status: u16, headers: &[(&'static str, &str)], body: &'static str) -> Got {
    Got::Answer(
        status,
        headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
        body,
    )
}

/// A generator whose next output is `bits`: SplitMix64 adds its gamma to the state, then
/// mixes it with two xor-shift-multiply rounds and a xor-shift, each invertible.
fn yielding(bits: u64) -> JitterRng {
    const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;
    // The inverse of an odd number modulo 2^64 (Newton: each step doubles the bits right).
    fn inverse(odd: u64) -> u64 {
        let mut inv = odd;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inv)));
        }
        inv
    }
    // The inverse of `x ^ (x >> shift)`.
    fn unshift(y: u64, shift: u32) -> u64 {
        let mut x = y;
        for _ in 0..64 / shift {
            x = y ^ (x >> shift);
        }
        x
    }
    let mut z = unshift(bits, 31);
    z = unshift(z.wrapping_mul(inverse(0x94d0_49bb_1331_11eb)), 27);
    z = unshift(z.wrapping_mul(inverse(0xbf58_476d_1ce4_e5b9)), 30);
    JitterRng::new(z.wrapping_sub(GOLDEN_GAMMA))
}

/// The 64 bits a draw `u` stands for: `u` is a multiple of 2^-53 in [0, 1).
fn bits(u: f64) -> u64 {
    let k = u * 9_007_199_254_740_992.0; // 2^53
    assert!(
        k.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&k),
        "{u}"
    );
    (k as u64) << 11
}

/// Runs one retry vector on the real retrier (the default policy and budget) under a
/// virtual clock, each step's draw fed to the generator before the step's decision.
fn retry_vector(name: &str, deadline: Option<f64>, steps: &[(Got, f64)]) -> Value {
    let start = Instant::now();
    let elapsed = Arc::new(Mutex::new(Duration::ZERO));
    let rng = Arc::new(Mutex::new(JitterRng::new(0)));
    let outcomes: Arc<Mutex<Vec<AttemptOutcome>>> = Arc::default();
    let mut retrier = Retrier::new(RetryPolicy::default())
        .clock({
            let elapsed = Arc::clone(&elapsed);
            move || start + *elapsed.lock().unwrap()
        })
        .__jitter_rng(Arc::clone(&rng))
        .on_attempt({
            let outcomes = Arc::clone(&outcomes);
            move |report| outcomes.lock().unwrap().push(report.outcome())
        });
    if let Some(deadline) = deadline {
        retrier = retrier.deadline(Duration::from_secs_f64(deadline));
    }
    // The step running, the clock of each step, the draws each step took, and the
    // generator's state once the running step's draw was set.
    let step = Mutex::new(0usize);
    let clocks = Mutex::new(vec![Duration::ZERO]);
    let draws = Mutex::new(vec![0u64; steps.len()]);
    let set_state: Mutex<Option<JitterRng>> = Mutex::new(None);
    // Counts the draws the running step took since its draw was set (none, one, or more).
    let count_draws = || {
        if let Some(mut set) = set_state.lock().unwrap().take() {
            let now = rng.lock().unwrap().clone();
            let mut taken = 0;
            while set != now && taken < 2 {
                set.next_u64();
                taken += 1;
            }
            if set != now {
                taken = u64::MAX;
            }
            draws.lock().unwrap()[*step.lock().unwrap()] = taken;
        }
    };
    let _ = retrier.run_blocking_with_sleep(
        |_attempt| {
            let index = *step.lock().unwrap();
            assert!(
                index < steps.len(),
                "{name}: the run went on past its last step"
            );
            {
                let mut rng = rng.lock().unwrap();
                *rng = yielding(bits(steps[index].1));
                *set_state.lock().unwrap() = Some(rng.clone());
            }
            match &steps[index].0 {
                Got::NotSent => Err(AttemptError::from(TransportError::not_sent(
                    "connection refused",
                ))),
                Got::MaybeSent => Err(AttemptError::from(TransportError::maybe_sent("timed out"))),
                Got::Answer(status, headers, body) if *status >= 400 => {
                    let headers: Vec<(String, String)> = headers
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), v.clone()))
                        .collect();
                    Err(AttemptError::from(
                        ErrorBody::from_http_parts_at(
                            StatusCode::from_u16(*status).unwrap(),
                            &header_map(&headers),
                            body.as_bytes(),
                            now(),
                        )
                        .unwrap(),
                    ))
                }
                Got::Answer(..) => Ok(()),
            }
        },
        |wait| {
            count_draws();
            let mut elapsed = elapsed.lock().unwrap();
            *elapsed += wait;
            *step.lock().unwrap() += 1;
            clocks.lock().unwrap().push(*elapsed);
        },
    );
    count_draws();
    let outcomes = outcomes.lock().unwrap().clone();
    assert_eq!(
        outcomes.len(),
        steps.len(),
        "{name}: decisions and steps differ in number"
    );
    let clocks = clocks.into_inner().unwrap();
    let draws = draws.into_inner().unwrap();
    let vector_steps: Vec<Value> = steps
        .iter()
        .zip(&outcomes)
        .enumerate()
        .map(|(index, ((got, draw), outcome))| {
            let response = match got {
                Got::NotSent => json!({"transport": "not_sent"}),
                Got::MaybeSent => json!({"transport": "maybe_sent"}),
                Got::Answer(status, headers, body) => json!({
                    "status": status,
                    "headers": headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
                    "body": body,
                }),
            };
            let expect = match outcome {
                AttemptOutcome::Succeeded => json!({"decision": "success"}),
                AttemptOutcome::RetryAfter(wait) => {
                    json!({"decision": "retry", "wait": wait.as_secs_f64()})
                }
                AttemptOutcome::GaveUp(reason) => {
                    let reason = match reason {
                        GiveUpReason::NotRetryable => "not_retryable",
                        GiveUpReason::RetriesExhausted => "retries_exhausted",
                        GiveUpReason::ServerDelayTooLong => "server_delay_too_long",
                        GiveUpReason::Deadline => "deadline",
                        GiveUpReason::BudgetExhausted => "budget",
                        other => panic!("{name}: {other:?} has no name in the vectors"),
                    };
                    json!({"decision": "give_up", "reason": reason})
                }
                other => panic!("{name}: {other:?} in a lone run"),
            };
            // Only the draw set before the step can be given: never a second one.
            assert!(
                draws[index] <= 1,
                "{name}: step {index} drew {} times",
                draws[index]
            );
            let jitter: Vec<f64> = if draws[index] == 1 {
                vec![*draw]
            } else {
                vec![]
            };
            json!({
                "clock": clocks[index].as_secs_f64(),
                "response": response,
                "jitter": jitter,
                "expect": expect,
            })
        })
        .collect();
    json!({"name": name, "deadline": deadline, "now": NOW, "steps": vector_steps})
}

fn retry_vectors() -> Vec<Value> {
    let html = "<html>oops</html>";
    let limited = "{\"code\":429,\"message\":\"Rate limit exceeded.\"}";
    let ok = "{}";
    let half = 0.5;
    let exact = |k: u64| k as f64 / 9_007_199_254_740_992.0;
    let date_in_40 = httpdate::fmt_http_date(now() + Duration::from_secs(40));
    let past = httpdate::fmt_http_date(now() - Duration::from_secs(40));
    vec![
        retry_vector(
            "5xx back off then succeed",
            None,
            &[
                (answer(500, &[], html), half),
                (
                    answer(
                        503,
                        &[],
                        "{\"code\":503,\"message\":\"Service unavailable\"}",
                    ),
                    0.0,
                ),
                (answer(502, &[], ""), exact(9_007_199_254_740_991)),
                (answer(200, &[], ok), 0.25),
            ],
        ),
        retry_vector(
            "transport failures then succeed",
            None,
            &[
                (Got::NotSent, 0.125),
                (Got::MaybeSent, exact(1)),
                (answer(202, &[], ok), 0.75),
            ],
        ),
        retry_vector(
            "retries exhausted",
            None,
            &[
                (answer(500, &[], html), 0.093_75),
                (Got::MaybeSent, 0.906_25),
                (answer(504, &[], ""), exact(4_503_599_627_370_496 + 12_345)),
                (answer(500, &[], html), 0.312_5),
            ],
        ),
        retry_vector(
            "429 Retry-After header",
            None,
            &[
                (answer(429, &[("Retry-After", "7")], limited), 0.5),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "429 Retry-After HTTP-date",
            None,
            &[
                (answer(429, &[("Retry-After", &date_in_40)], limited), 0.5),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "429 body delay",
            None,
            &[
                (
                    answer(
                        429,
                        &[],
                        "{\"code\":429,\"message\":\"Rate limit exceeded.\",\"retry_after_seconds\":12}",
                    ),
                    0.5,
                ),
                (
                    answer(
                        429,
                        &[("Retry-After", "3")],
                        "{\"code\":429,\"message\":\"Rate limit exceeded.\",\"retry_after_seconds\":12}",
                    ),
                    0.5,
                ),
                (answer(204, &[], ""), 0.5),
            ],
        ),
        retry_vector(
            "429 without a delay waits 30 s",
            None,
            &[
                (answer(429, &[], limited), 0.5),
                (answer(429, &[], "<html>Too Many Requests</html>"), 0.5),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "429 delay above the 120 s cap",
            None,
            &[(answer(429, &[("Retry-After", "121")], limited), 0.5)],
        ),
        retry_vector(
            "429 delay at the 120 s cap",
            None,
            &[
                (answer(429, &[("Retry-After", "120")], limited), 0.5),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "503 delay above the cap",
            None,
            &[(answer(503, &[("Retry-After", "3600")], ""), 0.5)],
        ),
        retry_vector(
            "503 server delay is a floor",
            None,
            &[
                (answer(503, &[("Retry-After", "5")], ""), 0.5),
                (answer(503, &[("Retry-After", "1")], ""), 0.998_046_875),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "zero delay: the minimum delay with its own draw",
            None,
            &[
                (answer(429, &[("Retry-After", "0")], limited), 0.5),
                (answer(429, &[("Retry-After", &past)], limited), exact(3)),
                (
                    answer(
                        429,
                        &[],
                        "{\"code\":429,\"message\":\"Rate limit exceeded.\",\"retry_after_seconds\":0}",
                    ),
                    0.875,
                ),
                (answer(200, &[], ok), 0.5),
            ],
        ),
        retry_vector(
            "non-retryable 4xx",
            None,
            &[(
                answer(
                    402,
                    &[],
                    "{\"code\":402,\"message\":\"Insufficient credits: available 3, required 10\"}",
                ),
                0.5,
            )],
        ),
        retry_vector(
            "non-retryable after a retry",
            None,
            &[
                (answer(500, &[], html), 0.5),
                (
                    answer(
                        404,
                        &[("Retry-After", "1")],
                        "{\"code\":404,\"message\":\"Task not found\"}",
                    ),
                    0.5,
                ),
            ],
        ),
        retry_vector("non-retryable 501", None, &[(answer(501, &[], ""), 0.5)]),
        retry_vector(
            "deadline crossed by a wait",
            Some(2.5),
            &[(answer(500, &[], html), 0.0), (answer(500, &[], html), 0.5)],
        ),
        retry_vector(
            "deadline crossed by a server delay",
            Some(10.0),
            &[(answer(429, &[("Retry-After", "20")], limited), 0.5)],
        ),
        retry_vector(
            "deadline not crossed",
            Some(10.0),
            &[
                (answer(429, &[("Retry-After", "4")], limited), 0.5),
                (Got::NotSent, 0.5),
                (answer(200, &[], ok), 0.5),
            ],
        ),
    ]
}

#[test]
fn yielding_gives_the_chosen_bits_next() {
    for bits in [0, 1, 1 << 11, u64::MAX, 0x0123_4567_89ab_cdef] {
        assert_eq!(yielding(bits).next_u64(), bits);
    }
}

#[test]
fn retry_vectors_are_what_rust_decides() {
    write_or_check("retry.json", retry_vectors());
}
