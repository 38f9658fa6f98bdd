//! The framework integrations a type opts into (`#[error_body(axum)]`): one call per key to
//! the integration's hook macro in sunor-errors,
//! `<crate>::__private::derive_<key>! { impl [<..>] for [Type<..>] where [predicates] }`,
//! which writes the framework's impls for the type, or, with the framework's feature off, a
//! compile error saying which feature to enable. Without a key nothing framework-specific is
//! emitted: a cargo feature turned on anywhere in a build adds no impl a crate did not ask
//! for (it may write its own).

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;
use syn::{Generics, Ident};

use crate::frame::{Paths, append, respan};

/// The hook calls for `keys` (each one of `attr::INTEGRATIONS`), with the impl's generics.
pub(crate) fn hooks(
    paths: &Paths,
    keys: &[Ident],
    generics: &Generics,
    ident: &Ident,
) -> TokenStream {
    let mut out = TokenStream::new();
    if keys.is_empty() {
        return out;
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let predicates = where_clause.map(|clause| &clause.predicates);
    for key in keys {
        // The call is located at the key: an error of the hook (its feature is off) points
        // there, not at `#[derive]`.
        let span = Span::call_site().located_at(key.span());
        let hook = respan(&paths.private, span);
        let name = Ident::new(&format!("derive_{key}"), span);
        append(
            &mut out,
            quote_spanned! {span=>
                #hook::#name! {
                    impl [#impl_generics] for [#ident #ty_generics] where [#predicates]
                }
            },
        );
    }
    out
}
