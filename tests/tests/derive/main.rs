//! `#[derive(IntoErrorBody)]` and `#[derive(FromErrorBody)]` on users' types: bodies,
//! decoding (and its properties), defaults, features, lints, crate paths, hidden causes.
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod derive_cause;
mod derive_crate_path;
mod derive_decode;
mod derive_decode_defaults;
mod derive_decode_exact;
mod derive_features;
mod derive_lints;
mod derive_task_error;
mod prop_decode;
mod prop_exact;
