//! After an error: the errors, and an impl with the right signature beside them, so the user
//! sees only the real mistake and not a cascade of "`IntoErrorBody` is not implemented" (as
//! thiserror's fallback). The type's framework hooks are kept for the same reason.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::expand::{Paths, impl_block};

pub(crate) fn expand(
    node: &DeriveInput,
    paths: &Paths,
    integrations: &[Ident],
    errors: syn::Error,
) -> TokenStream {
    let errors = errors.into_compile_error();
    // Never run: the crate does not compile.
    let unreachable = quote!(::core::unreachable!());
    let block = impl_block(
        paths,
        integrations,
        &node.generics,
        &node.ident,
        &unreachable,
        &unreachable,
        None,
    );
    quote!(#errors #block)
}
