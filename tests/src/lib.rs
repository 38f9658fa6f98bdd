//! Shared helpers for the sunor-errors integration tests: the conformance vectors as data.

use serde::Deserialize;

pub mod contract;
pub mod rate_limit;

/// One documented example of the API's errors page.
#[derive(Debug, Deserialize)]
pub struct DocumentedExample {
    /// What the page calls it.
    pub name: String,
    /// The HTTP status it is sent with.
    pub status: u16,
    /// The body exactly as documented.
    pub body: serde_json::Value,
    /// Whether the docs say to retry it.
    pub retryable: bool,
}

/// Every example body of `shared/spec/errors-page.md`, from `vectors/errors-page.json`.
pub fn documented_examples() -> Vec<DocumentedExample> {
    let text = include_str!("../vectors/errors-page.json");
    match serde_json::from_str(text) {
        Ok(examples) => examples,
        Err(e) => panic!("vectors/errors-page.json is not valid: {e}"),
    }
}

#[cfg(feature = "utoipa")]
pub mod openapi;
