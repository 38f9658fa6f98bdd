//! `#[derive(IntoErrorBody)]` and `#[derive(FromErrorBody)]` for `sunor-errors`. Use them
//! through `sunor_errors::IntoErrorBody` and `sunor_errors::FromErrorBody`.
//!
//! The pipeline follows thiserror's: `ast` reads the input and its `#[error_body]`
//! attributes (`attr`), `fmt` parses message templates, `valid` checks every rule, collects
//! all mistakes (`ctxt`) and returns what it established (each case's code and placeholder
//! fields), and `expand` writes the impl from that: each case's `message`, `delay`,
//! `catalog` entry and `cause`, the patterns that bind its fields (`binds`), and the `hooks` of the
//! framework integrations the type asks for. After an error, `fallback` puts an impl next
//! to the errors so the user sees only the real mistake.
//!
//! `FromErrorBody` reads the same input and runs the same checks, then `plan`s how each case
//! is decoded (`spec` for each placeholder's parser), checks with `automaton` that no two
//! cases can match one body (`ambiguity`) and that adjacent placeholders split one way, and
//! writes the impl (`decode`).
//!
//! `default_messages` and `pattern` (the placeholders' patterns, which `spec` reads as
//! languages) are sunor-errors' own files, linked rather than copied: the derive cannot
//! depend on that crate, and a copy could drift.
//!
//! `frame` holds what both derives write around their items: the paths to sunor-errors,
//! the impl block (real or fallback), a case's names. It imports no other module of the
//! crate, and no module imports one that imports it back: the modules form no circle.

#![forbid(unsafe_code)]

use proc_macro::TokenStream;

mod ambiguity;
mod ast;
mod attr;
mod automaton;
mod binds;
mod catalog;
mod cause;
mod ctxt;
mod decode;
mod default_messages;
mod delay;
mod expand;
mod fallback;
mod fmt;
mod frame;
mod generics;
mod hooks;
mod kind;
mod message;
// sunor-errors' decode/pattern.rs, linked: the derive uses only part of it.
#[allow(dead_code, unreachable_pub)]
mod pattern;
mod plan;
mod spec;
mod valid;

/// Derives `IntoErrorBody`: the exact wire body (and status) of each error a type describes.
///
/// # Grammar
///
/// ```text
/// container  := enum or struct (unions are rejected)
/// enum attr  := #[error_body(ENUM_KEY, ...)]
/// ENUM_KEY   := code = CODE                             default for variants without a code
///             | log_cause = BOOL                        default for variants without one
///             | TYPE_KEY
/// case attr  := #[error_body(KEY, ...)]                 on a struct or an enum variant
///             | #[error_body(transparent)]              delegate to the only field; no other
///                                                       KEY but `log_cause` and a struct's
///                                                       TYPE_KEYs
/// KEY        := code = CODE                             400..=599 integer literal
///             | message = "TEMPLATE"                    default: the code's default message
///             | retry_after = SECONDS                   integer literal; retryable codes only
///             | log_cause = BOOL                        `false`: answering a 5xx logs nothing
///                                                       (sunor-errors feature `tracing`)
///             | TYPE_KEY                                on a struct, not on a variant
/// TYPE_KEY   := crate = "PATH"                          where generated code finds
///                                                       sunor-errors; default ::sunor_errors
///             | axum                                    also impl axum's IntoResponse
///                                                       (sunor-errors feature `axum`)
///             | actix_web                               also impl actix-web's ResponseError
///                                                       (sunor-errors feature `actix-web`)
/// field attr := #[error_body(retry_after)]              any integer type, Duration, or an Option
///                                                       of one (None: no delay); one per case
/// TEMPLATE   := text with {field} {0} {field:SPEC} {0:SPEC}, {{ and }} for braces
/// PATH       := a path without generics: a::b, ::a, crate::a, super::a
/// ```
///
/// Retryable codes are 408, 429, and every 5xx except 501, 505, 506, 508, 510 and 511; a
/// `retry_after` anywhere else is a compile error. Several `#[error_body(...)]` attributes
/// on one item are read as one; a key may appear once.
///
/// # What it generates
///
/// `impl sunor_errors::IntoErrorBody` with `error_code`, `to_error_body`, `__catalog`
/// (a table of the cases, as text; a `transparent` case lists its inner type's catalogue) and
/// `error_cause` (the case's type, variant and source field, see `cause`; a `transparent`
/// case's inner error's), `#[allow(deprecated)]` so that deprecated variants and fields raise
/// no warning in it. For each framework key (`axum`, `actix_web`), a call to that integration's
/// hook in `sunor-errors` (`__private::derive_axum!`, `__private::derive_actix_web!`), which implements the framework's traits for
/// the type, or is a compile error naming the feature to enable; without a key, nothing
/// framework-specific (a cargo feature must stay additive). Both sit in a
/// `const _: () = { .. };` block that names `sunor_errors::__private` once, by an alias.
///
/// - A message without placeholders is a `&'static str`: no allocation. A template is
///   written into a `String` reserved as `format!` reserves it (the estimate is worked out
///   here, from the template), so it costs what `format!` costs, and never panics.
/// - Without `message` the body carries the code's default message, never the fields' text:
///   a 5xx built from an `io::Error` does not leak it unless a template names it.
/// - Generic parameters get bounds only where the code needs them: a field in a template
///   needs the formatting trait of its placeholder (`Display`, or `Debug` for `{x:?}`, ...),
///   a `transparent` field `IntoErrorBody`, a `retry_after` field
///   `sunor_errors::retry_after::RetryAfterField`, a generic field marked `#[source]` or
///   `#[from]` `std::error::Error + 'static` (as thiserror bounds it).
///
/// Every mistake is a compile error on the token at fault, all of them at once. The examples,
/// which run as doctests, are on the re-export `sunor_errors::IntoErrorBody`.
#[proc_macro_derive(IntoErrorBody, attributes(error_body))]
pub fn derive_into_error_body(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}

/// Derives `FromErrorBody`: a body received from a server decoded back into the value of
/// the type that answered it, reading the same `#[error_body]` attributes as
/// `IntoErrorBody`.
///
/// # Grammar (beyond `IntoErrorBody`'s)
///
/// ```text
/// case attr  := #[error_body(skip_decode, ...)]          decoding never produces this case
/// field attr := #[error_body(default)]                   decoding fills the field with
///                                                        Default::default()
///             | #[error_body(default = "PATH")]          ... or with PATH()
/// ```
///
/// A case is decodable when each of its fields is a placeholder of its template, its
/// `retry_after` field, or has a `default`; any other field is a compile error. Two cases
/// with one code that could match the same message are a compile error with an example
/// message; so are adjacent placeholders whose split is ambiguous, and format specs that
/// cannot be read back exactly. The rules, with examples that run as doctests, are on the
/// re-export `sunor_errors::FromErrorBody`.
#[proc_macro_derive(FromErrorBody, attributes(error_body))]
pub fn derive_from_error_body(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    decode::derive(&input).into()
}
