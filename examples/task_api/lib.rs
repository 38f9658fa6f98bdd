//! The task_api app as a library: the slice of the sunor API that `cargo run --example
//! task_api` serves (`server`), its mock-server options (`serve`) and the demo's client
//! session (`client`). The tests run this same app in-process.

pub mod client;
pub mod serve;
pub mod server;
