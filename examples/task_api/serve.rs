//! `cargo run --example task_api -- serve`: the same app as a mock server for clients in any
//! language, until interrupted (Ctrl-C).
//!
//! ```text
//! serve [--addr 127.0.0.1:8080] [--window SECONDS] [--fail-internal N] [--fail-upstream N]
//!       [--cors ORIGIN]
//! ```
//!
//! The demo accounts (`demo-key`, `low-credit-key` with 3 credits, `burst-key` with 2 requests
//! per window); the API's 60 s rate-limit window unless `--window` says otherwise;
//! `--fail-internal N` / `--fail-upstream N` make the next N task creations answer 500 / 502
//! (internal failures first); `--cors ORIGIN` lets a page served from ORIGIN call the API
//! from a browser, and read its `Retry-After` and rate-limit headers.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::server::{self, Account, AppState, Config};

/// The CORS layer of `serve --cors ORIGIN`: requests from `origin` only, the API's methods
/// and request headers, and the headers a browser client needs to read exposed
/// ([`sunor_errors::cors::EXPOSE_HEADERS`]: `Retry-After` and the rate-limit fields).
pub fn cors_layer(origin: HeaderValue) -> CorsLayer {
    CorsLayer::new()
        // A list, not `exact`: another origin gets no `Access-Control-Allow-Origin` at all.
        .allow_origin(AllowOrigin::list([origin]))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, HeaderName::from_static("x-api-key")])
        .expose_headers(sunor_errors::cors::EXPOSE_HEADERS)
}

/// The demo accounts (the demo run's too), on a rate-limit window of `window`.
pub fn demo_config(window: Duration) -> Config {
    Config {
        accounts: vec![
            Account::new("demo-key", 100, 120),
            Account::new("low-credit-key", 3, 120),
            Account::new("burst-key", 50, 2),
        ],
        window,
    }
}

/// What `serve` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub addr: SocketAddr,
    pub window: Duration,
    pub fail_internal: u32,
    pub fail_upstream: u32,
    /// The origin allowed to call from a browser (`--cors`), if any.
    pub cors: Option<HeaderValue>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            window: Duration::from_secs(60),
            fail_internal: 0,
            fail_upstream: 0,
            cors: None,
        }
    }
}

pub const USAGE: &str = "usage: task_api [serve [--addr HOST:PORT] [--window SECONDS] \
                                [--fail-internal N] [--fail-upstream N] [--cors ORIGIN]]";

/// A mistake on the command line, shown with [`USAGE`].
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{USAGE}", self.0)
    }
}

impl Options {
    /// Reads the options that follow `serve`.
    pub fn parse(args: &[String]) -> Result<Options, UsageError> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .ok_or_else(|| UsageError(format!("{flag} needs a value")))
            };
            match flag.as_str() {
                "--addr" => options.addr = parse(flag, value()?)?,
                "--window" => options.window = Duration::from_secs(parse(flag, value()?)?),
                "--fail-internal" => options.fail_internal = parse(flag, value()?)?,
                "--fail-upstream" => options.fail_upstream = parse(flag, value()?)?,
                "--cors" => options.cors = Some(parse(flag, value()?)?),
                other => return Err(UsageError(format!("unknown option {other:?}"))),
            }
        }
        if options.window.is_zero() {
            return Err(UsageError("--window must be at least 1 second".to_owned()));
        }
        Ok(options)
    }
}

fn parse<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, UsageError> {
    value
        .parse()
        .map_err(|_| UsageError(format!("{flag}: cannot read {value:?}")))
}

/// What a client author needs on start: where, and with which keys.
pub fn banner(addr: SocketAddr, config: &Config, options: &Options) -> String {
    let mut text = format!("task_api mock server on http://{addr}\naccounts (x-api-key):\n");
    for account in &config.accounts {
        text.push_str(&format!(
            "  {:<15} {:>3} credits, {} requests per {} s\n",
            account.key,
            account.credits,
            account.requests_per_window,
            config.window.as_secs()
        ));
    }
    text.push_str(&format!(
        "next task creations failing: {} with 500, then {} with 502\n\
         endpoints: POST /api/v1/task, GET /api/v1/task/{{task_id}}, GET /api/v1/account/balance\n\
         stop with Ctrl-C",
        options.fail_internal, options.fail_upstream
    ));
    if let Some(origin) = &options.cors {
        text.push_str(&format!(
            "\nCORS: pages from {} may call it and read {}",
            String::from_utf8_lossy(origin.as_bytes()),
            sunor_errors::cors::EXPOSE_HEADER_NAMES.join(", ")
        ));
    }
    text
}

/// Binds `options.addr` and serves until `shutdown` completes; `started` gets the bound
/// address (port 0 picks a free one) and the state before the first request.
pub async fn run(
    options: Options,
    started: impl FnOnce(SocketAddr, &Config, &AppState),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = demo_config(options.window);
    let state = AppState::new(config.clone());
    state.fail_internal(options.fail_internal);
    state.fail_upstream(options.fail_upstream);
    let listener = tokio::net::TcpListener::bind(options.addr).await?;
    started(listener.local_addr()?, &config, &state);
    let mut app = server::app(state);
    if let Some(origin) = options.cors {
        app = app.layer(cors_layer(origin));
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
