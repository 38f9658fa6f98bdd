//! `#[derive(IntoErrorBody)]` for `sunor-errors`. Use it through `sunor_errors::IntoErrorBody`.
//!
//! The pipeline follows thiserror's: `ast` reads the input and its `#[error_body]`
//! attributes (`attr`), `fmt` parses message templates, `valid` checks every rule and
//! collects all mistakes (`ctxt`), and `expand` writes the impl, or a fallback impl next to
//! the errors so the user sees only the real mistake.

use proc_macro::TokenStream;

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fmt;
mod generics;
mod valid;

/// Derives `IntoErrorBody`: the exact wire body (and status) of each error a type describes.
///
/// # Grammar
///
/// ```text
/// container  := enum or struct (unions are rejected)
/// enum attr  := #[error_body(code = CODE)]              default for variants without a code
/// case attr  := #[error_body(KEY, ...)]                 on a struct or an enum variant
///             | #[error_body(transparent)]              alone: delegate to the only field
/// KEY        := code = CODE                             400..=599 integer literal
///             | message = "TEMPLATE"                    default: the code's default message
///             | retry_after = SECONDS                   integer literal; retryable codes only
/// field attr := #[error_body(retry_after)]              u8..u64, usize, Duration, or an Option
///                                                       of one (None: no delay); one per case
/// TEMPLATE   := text with {field} {0} {field:SPEC} {0:SPEC}, {{ and }} for braces
/// ```
///
/// Retryable codes are 408, 429, and every 5xx except 501, 505, 506, 508, 510 and 511; a
/// `retry_after` anywhere else is a compile error. Several `#[error_body(...)]` attributes
/// on one item are read as one; a key may appear once.
///
/// # What it generates
///
/// `impl sunor_errors::IntoErrorBody` with `error_code`, `to_error_body` and
/// `error_catalog` (one descriptor per case; a `transparent` case lists its inner type's
/// catalogue), plus a `derive_integrations!` call through which each enabled framework
/// feature of `sunor-errors` implements its own traits for the type.
///
/// - A message without placeholders is a `&'static str`: no allocation. A template allocates
///   exactly one `String`, sized before it is written.
/// - Without `message` the body carries the code's default message, never the fields' text:
///   a 5xx built from an `io::Error` does not leak it unless a template names it.
/// - Generic parameters get bounds only where the code needs them: a field in a template
///   needs the formatting trait of its placeholder (`Display`, or `Debug` for `{x:?}`, ...),
///   a `transparent` field `IntoErrorBody`, a `retry_after` field `RetryAfterField`.
///
/// Every mistake is a compile error on the token at fault, all of them at once. The examples,
/// which run as doctests, are on the re-export `sunor_errors::IntoErrorBody`.
#[proc_macro_derive(IntoErrorBody, attributes(error_body))]
pub fn derive_into_error_body(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
