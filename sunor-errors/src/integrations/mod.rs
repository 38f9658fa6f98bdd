//! Optional framework integrations, one module per cargo feature (none is on by default).
//!
//! Each is reached at the crate root, `sunor_errors::<integration>` (`sunor_errors::axum`,
//! `sunor_errors::reqwest`, `sunor_errors::tower_retry`, ...); this module, hidden from the
//! docs, keeps the older `sunor_errors::<integration>` paths working.
//!
//! A framework whose traits a derived type can implement owns a derive hook: a
//! `#[macro_export] #[doc(hidden)]` macro `__derive_<key>` in its module, re-exported as
//! `__private::derive_<key>`, which `#[derive(IntoErrorBody)]` calls for a type marked
//! `#[error_body(<key>)]`. Below, each hook's stand-in for when its feature is off.

#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub mod actix_web;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
pub mod cors;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod json_rejection;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub mod reqwest_middleware;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "tower-retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower-retry")))]
pub mod tower_retry;
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub mod utoipa;

/// `#[error_body(axum)]` without the `axum` feature: a compile error saying what to add.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __derive_axum {
    ($($input:tt)*) => {
        ::core::compile_error! {
            "`#[error_body(axum)]` needs the `axum` feature of sunor-errors: add `features = [\"axum\"]` to the sunor-errors dependency in Cargo.toml"
        }
    };
}

/// `#[error_body(actix_web)]` without the `actix-web` feature: a compile error saying what to
/// add.
#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __derive_actix_web {
    ($($input:tt)*) => {
        ::core::compile_error! {
            "`#[error_body(actix_web)]` needs the `actix-web` feature of sunor-errors: add `features = [\"actix-web\"]` to the sunor-errors dependency in Cargo.toml"
        }
    };
}
