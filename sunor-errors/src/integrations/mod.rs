//! Optional integrations with HTTP frameworks, one cargo feature each.

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "tower")]
pub mod tower;
