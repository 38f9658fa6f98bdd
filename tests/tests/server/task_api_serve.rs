//! `cargo run --example task_api -- serve`: the example's mock-server mode (the same files),
//! on a loopback port. Its options, its start banner, its failure switches over real HTTP,
//! and the errors page's own Python client loop against it, on the module the generator
//! writes: it needs `python3` with `requests`, and fails without them.

use crate::support::task_api::create_task;
use task_api::serve;

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::HeaderValue;

use serve::Options;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn options() {
    assert_eq!(Options::parse(&[]), Ok(Options::default()));
    assert_eq!(
        Options::default(),
        Options {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            window: Duration::from_secs(60),
            fail_internal: 0,
            fail_upstream: 0,
            cors: None,
        }
    );
    assert_eq!(
        Options::parse(&args(&[
            "--fail-upstream",
            "2",
            "--addr",
            "[::1]:9000",
            "--window",
            "5",
            "--fail-internal",
            "3",
            "--cors",
            "http://127.0.0.1:5173"
        ])),
        Ok(Options {
            addr: "[::1]:9000".parse().unwrap(),
            window: Duration::from_secs(5),
            fail_internal: 3,
            fail_upstream: 2,
            cors: Some(HeaderValue::from_static("http://127.0.0.1:5173")),
        })
    );
    let usage = "\nusage: task_api [serve [--addr HOST:PORT] [--window SECONDS] \
                 [--fail-internal N] [--fail-upstream N] [--cors ORIGIN]]";
    for (given, error) in [
        (&["--addr"][..], "--addr needs a value"),
        (
            &["--addr", "localhost"],
            "--addr: cannot read \"localhost\"",
        ),
        (
            &["--fail-internal", "-1"],
            "--fail-internal: cannot read \"-1\"",
        ),
        (&["--window", "0"], "--window must be at least 1 second"),
        (&["--cors", "a\nb"], "--cors: cannot read \"a\\nb\""),
        (&["--verbose"], "unknown option \"--verbose\""),
    ] {
        let shown = Options::parse(&args(given)).unwrap_err().to_string();
        assert_eq!(shown, format!("{error}{usage}"), "{given:?}");
    }
}

#[test]
fn banner_names_the_address_and_the_accounts() {
    let options = Options {
        fail_internal: 1,
        ..Options::default()
    };
    let config = serve::demo_config(options.window);
    assert_eq!(
        serve::banner(options.addr, &config, &options),
        "task_api mock server on http://127.0.0.1:8080\n\
         accounts (x-api-key):\n  \
         demo-key        100 credits, 120 requests per 60 s\n  \
         low-credit-key    3 credits, 120 requests per 60 s\n  \
         burst-key        50 credits, 2 requests per 60 s\n\
         next task creations failing: 1 with 500, then 0 with 502\n\
         endpoints: POST /api/v1/task, GET /api/v1/task/{task_id}, GET /api/v1/account/balance\n\
         stop with Ctrl-C"
    );
}

/// Serves with `options` on a free port until the returned sender is dropped.
async fn start(options: Options) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve::run(
        options,
        move |addr, _, _| {
            let _ = addr_tx.send(addr);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    (addr_rx.await.unwrap(), stop_tx)
}

const LYRICS: &str = r#"{"model":"suno","task_type":"lyrics","input":{"prompt":"rain"}}"#;

#[tokio::test]
async fn the_next_creations_fail_as_asked_then_succeed() {
    let options = Options {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        fail_internal: 2,
        fail_upstream: 1,
        ..Options::default()
    };
    let (addr, stop) = start(options).await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut seen = Vec::new();
    for _ in 0..4 {
        let response = create_task(&http, addr, LYRICS).await;
        let status = response.status().as_u16();
        seen.push((status, response.text().await.unwrap()));
    }
    assert_eq!(
        seen,
        [
            (
                500,
                r#"{"code":500,"message":"Internal server error"}"#.to_owned()
            ),
            (
                500,
                r#"{"code":500,"message":"Internal server error"}"#.to_owned()
            ),
            (
                502,
                r#"{"code":502,"message":"Upstream provider error"}"#.to_owned()
            ),
            (
                202,
                r#"{"code":202,"data":{"task_id":"task-000001","status":"pending"}}"#.to_owned()
            ),
        ]
    );
    drop(stop);
}

/// The errors page's loop, rewritten on the generated Python module: the 500 and the 502
/// are retried (the waits recorded by the sleep it is given, jitter at its lowest), the 402
/// comes back as its own class with its fields, the 429 waits exactly the server's delay,
/// the 401 is its class too, and an HTML 502 from a local nginx stand-in is the 5xx class
/// with the status's message and the page as it came.
#[tokio::test]
async fn the_errors_page_python_loop_runs_against_it() {
    let options = Options {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        // Two requests per window for burst-key: its third gets a 429 of at most 2 s. The
        // real clock runs (a separate process); the three requests go back to back and take
        // milliseconds, so only a stall of 2 s between them would miss the 429.
        window: Duration::from_secs(2),
        fail_internal: 1,
        fail_upstream: 1,
        cors: None,
    };
    let (addr, stop) = start(options).await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/task_api/errors_page_client.py"
    );
    // The module the loop imports, written now from the generator's catalogue (the one
    // `clients/generate.sh` uses), ahead of any copy in clients/python on the path.
    let module_dir = std::env::temp_dir().join(format!("sunor-errors-page-{}", std::process::id()));
    std::fs::create_dir_all(&module_dir).unwrap();
    let catalogue = include_str!("../../../sunor-errors-codegen/tests/fixtures/task_error.v2.json");
    std::fs::write(
        module_dir.join("sunor_errors_client.py"),
        sunor_errors_codegen::python::generate(
            &sunor_errors_codegen::Catalog::from_json(catalogue).unwrap(),
        ),
    )
    .unwrap();
    let output = tokio::process::Command::new("python3")
        .env("PYTHONPATH", &module_dir)
        .arg("-W")
        .arg("error")
        .arg(script)
        .arg(format!("http://{addr}"))
        .output()
        .await
        .unwrap_or_else(|error| panic!("python3 must be installed to run {script}: {error}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "demo-key: created task-000001 (pending) after 500 (waited 1.0 s) and 502 (waited 2.0 s)\n\
         low-credit-key: TaskErrorInsufficientCredits available=3 required=10: \
         API error 402: Insufficient credits: available 3, required 10\n\
         burst-key: created task-000002 (pending)\n\
         burst-key: created task-000003 (pending)\n\
         burst-key: created task-000004 (pending) after 429 (waited the server's delay)\n\
         no-such-key: TaskErrorInvalidApiKey: API error 401: Invalid API key\n\
         proxy: InternalServerError 502 'Upstream provider error', case None, \
         page <head><title>502 Bad Gateway</title></head>\n"
    );
    std::fs::remove_dir_all(&module_dir).unwrap();
    drop(stop);
}

#[tokio::test]
async fn with_cors_a_page_of_that_origin_may_read_the_delay_headers() {
    let origin = "http://127.0.0.1:5173";
    let options = Options {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        cors: Some(HeaderValue::from_static(origin)),
        ..Options::default()
    };
    let (addr, stop) = start(options).await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    // The preflight of a JSON POST with the API key.
    let preflight = http
        .request(
            reqwest::Method::OPTIONS,
            format!("http://{addr}/api/v1/task"),
        )
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-api-key")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], origin);
    assert_eq!(headers["access-control-allow-methods"], "GET,POST");
    assert_eq!(
        headers["access-control-allow-headers"],
        "content-type,x-api-key"
    );
    // An answer (a 429 of burst-key, past its 2 requests) lists the headers to expose.
    let mut last = None;
    for _ in 0..3 {
        last = Some(
            http.get(format!("http://{addr}/api/v1/account/balance"))
                .header("origin", origin)
                .header("x-api-key", "burst-key")
                .send()
                .await
                .unwrap(),
        );
    }
    let limited = last.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["access-control-allow-origin"], origin);
    assert_eq!(
        limited.headers()["access-control-expose-headers"],
        "retry-after,ratelimit,ratelimit-policy,x-ratelimit-limit,x-ratelimit-remaining,x-ratelimit-reset"
    );
    assert_eq!(
        sunor_errors::cors::EXPOSE_HEADER_NAMES.map(|name| limited.headers().contains_key(name)),
        [true; 6]
    );
    // Another origin is not allowed.
    let other = http
        .get(format!("http://{addr}/api/v1/account/balance"))
        .header("origin", "http://evil.example")
        .header("x-api-key", "demo-key")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    drop(stop);
}

#[test]
fn the_banner_names_the_cors_origin() {
    let options = Options {
        cors: Some(HeaderValue::from_static("http://127.0.0.1:5173")),
        ..Options::default()
    };
    let config = serve::demo_config(options.window);
    assert!(
        serve::banner(options.addr, &config, &options).ends_with(
            "stop with Ctrl-C\nCORS: pages from http://127.0.0.1:5173 may call it and read \
             retry-after, ratelimit, ratelimit-policy, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"
        )
    );
}
