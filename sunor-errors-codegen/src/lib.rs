//! Turns a `sunor-errors` catalogue (format 2, `sunor_errors::catalog::Catalog::to_json`)
//! into one self-contained module per language, so that the API's Python and TypeScript
//! clients decode and retry its errors exactly as the Rust crate does:
//!
//! - [`python`]: Python 3.9+, standard library only;
//! - [`typescript`]: TypeScript for ES2020 with the global `fetch`, no npm dependency.
//!
//! The output bytes depend only on the catalogue (its hash is in the header comment).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod catalog;
mod check;
mod messages;
mod names;
pub mod python;
pub mod typescript;

pub use catalog::{
    Backoff, Budget, Case, Catalog, Field, InvalidCatalog, Kind, Policy, RetryAfter,
};
