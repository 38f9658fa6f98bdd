//! The wire, read and checked: client tolerance, the conformance checker, the documented
//! examples, the schema vectors, rate-limit headers, hostile responses, the catalogue and
//! its OpenAPI form; and the properties of each (display, tolerant reading, Retry-After,
//! round trips).
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod catalog_changes;
mod catalog_format2;
mod catalog_of;
mod catalog_snapshot;
mod client_tolerance;
mod conformance_check;
mod documented_examples;
mod hostile_responses;
mod install_lines;
mod openapi_derived;
mod openapi_utoipa;
mod prop_display;
mod prop_from_http_parts;
mod prop_retry_after;
mod prop_roundtrip;
mod rate_limit;
mod schema_vectors;
mod shared_vectors;
