//! The README's main job: `cargo run --example task_api`.
//!
//! Starts a faithful slice of the sunor API (axum, 127.0.0.1, a free port), then runs a
//! reqwest client session against it that provokes every documented error (400, 401, 402,
//! 404, 429, 500, 502), prints each request and response with the parsed `ErrorBody` and the
//! retry decision, and retries a 502, a 500 and a 429 to success. Loopback only; a few
//! seconds; exits 0 when every answer was the documented one.
//!
//! `cargo run --example task_api -- serve [--addr HOST:PORT] ...` serves the same app as a
//! mock server for clients in any language, until interrupted (see `serve.rs`).

use std::process::ExitCode;
use std::time::Duration;

use task_api::server::{self, AppState, Config};
use task_api::{client, serve};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        None => demo().await,
        Some((command, options)) if command == "serve" => match serve::Options::parse(options) {
            Ok(options) => serve_until_interrupted(options).await,
            Err(error) => {
                eprintln!("task_api: {error}");
                ExitCode::from(2)
            }
        },
        Some((other, _)) => {
            eprintln!("task_api: unknown command {other:?}\n{}", serve::USAGE);
            ExitCode::from(2)
        }
    }
}

async fn demo() -> ExitCode {
    // The API's window is 60 s; 2 s keeps the 429 retry short.
    let state = AppState::new(serve::demo_config(Duration::from_secs(2)));
    let (addr, server) = match server::spawn(state.clone()).await {
        Ok(started) => started,
        Err(error) => {
            eprintln!("task_api: cannot serve on 127.0.0.1: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = client::run(addr, &state).await;
    server.abort();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("task_api: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve_until_interrupted(options: serve::Options) -> ExitCode {
    let shown = options.clone();
    let interrupted = async {
        // If no handler can be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let started = |addr, config: &Config, _: &AppState| {
        println!("{}", serve::banner(addr, config, &shown));
    };
    match serve::run(options.clone(), started, interrupted).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("task_api: cannot serve on {}: {error}", options.addr);
            ExitCode::FAILURE
        }
    }
}
