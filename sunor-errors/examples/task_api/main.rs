//! The README's main job: `cargo run --example task_api`.
//!
//! Starts a faithful slice of the sunor API (axum, 127.0.0.1, a free port), then runs a
//! reqwest client session against it that provokes every documented error (400, 401, 402,
//! 404, 429, 500, 502), prints each request and response with the parsed `ErrorBody` and the
//! retry decision, and retries a 502, a 500 and a 429 to success. Loopback only; a few
//! seconds; exits 0 when every answer was the documented one.

mod client;
mod server;

use std::process::ExitCode;
use std::time::Duration;

use server::{Account, AppState, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let state = AppState::new(Config {
        accounts: vec![
            Account::new("demo-key", 100, 120),
            Account::new("low-credit-key", 3, 120),
            Account::new("burst-key", 50, 2),
        ],
        // The API's window is 60 s; 2 s keeps the 429 retry short.
        window: Duration::from_secs(2),
    });
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
