//! Optional framework integrations, one module per cargo feature (none is on by default).

#[cfg(feature = "utoipa")]
pub mod utoipa;
