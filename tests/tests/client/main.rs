//! Clients that retry: the policy (and its properties against an independent model), the
//! budget, the executors, reqwest, reqwest-middleware, stalled servers, typed errors, the
//! tracing events of each attempt.
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod prop_retry;
mod reqwest_typed;
mod retry_budget;
mod retry_executors;
mod retry_middleware;
mod retry_policy;
mod retry_reqwest;
mod retry_stall;
#[cfg(feature = "tracing")]
mod retry_tracing;
