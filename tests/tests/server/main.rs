//! Servers that answer with wire bodies: axum, actix-web, the logged causes, and the task_api app end to end (the demo's own server, from the examples package).
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod actix_web;
mod axum;
mod cause_log;
mod cause_log_actix;
mod task_api_conformance;
mod task_api_demo;
mod task_api_e2e;
mod task_api_no_leaks;
mod task_api_serve;
