//! After an error, for both derives: the errors, and beside them an impl of the trait with
//! the right signature, so the user sees only the real mistake and not a cascade of
//! "`IntoErrorBody` is not implemented" (as thiserror's fallback). The `IntoErrorBody`
//! fallback keeps the type's framework hooks for the same reason.
//!
//! Each derive writes its fallback impl with the code that writes its real one (one copy of
//! each impl's signature), with [`unreachable`] as the bodies; this module only puts the two
//! together, so it names nothing else of the crate.

use proc_macro2::TokenStream;
use quote::quote;

/// The body of each method of a fallback impl. Never run: the crate does not compile.
pub(crate) fn unreachable() -> TokenStream {
    quote!(::core::unreachable!())
}

/// The errors, then `block` (the fallback impl, and hooks).
pub(crate) fn expand(errors: syn::Error, block: TokenStream) -> TokenStream {
    let errors = errors.into_compile_error();
    quote!(#errors #block)
}
