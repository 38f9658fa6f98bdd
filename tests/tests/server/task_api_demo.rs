//! `cargo run --example task_api`'s session (the same files), in-process: every answer is
//! the documented one, the 402 decodes back into the server's own `TaskError`, and the
//! retries succeed. The session returns an error on anything else, which fails this test.

use task_api::client;
use task_api::serve;
use task_api::server;

use std::time::Duration;

use server::AppState;

#[tokio::test]
async fn the_demo_session_succeeds() {
    // As the example's `demo()`: a 2 s window keeps the 429 retry short. The real clock
    // runs (the demo's own session), and the burst's three requests on loopback take
    // milliseconds: only a stall of 2 s between them would miss the 429.
    let state = AppState::new(serve::demo_config(Duration::from_secs(2)));
    let (addr, server) = server::spawn(state.clone()).await.unwrap();
    let outcome = tokio::time::timeout(Duration::from_secs(60), client::run(addr, &state))
        .await
        .expect("the session did not finish within 60 s");
    server.abort();
    if let Err(error) = outcome {
        panic!("the session failed: {error}");
    }
}
