//! Requests to the task_api app (the examples package's server), as the server tests send
//! them over loopback.

use std::net::SocketAddr;

/// POSTs a task creation of `body` to the app at `addr`, with `demo-key`.
pub async fn create_task(
    http: &reqwest::Client,
    addr: SocketAddr,
    body: &str,
) -> reqwest::Response {
    http.post(format!("http://{addr}/api/v1/task"))
        .header("x-api-key", "demo-key")
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}
