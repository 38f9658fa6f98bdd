//! Optional framework integrations, one module per cargo feature (none is on by default).

#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub mod utoipa;
