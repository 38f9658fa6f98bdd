//! The frame both derives share: where generated code finds sunor-errors (`Paths`), the impl
//! block that holds a derive's items (for the real impl and for the fallback beside errors),
//! the names a case shows (`unraw`, `variant_name`) and `respan`.
//!
//! A leaf: it names no other module of this crate, so every module that writes code can use
//! it without an import circle (the `IntoErrorBody` side once imported these from
//! `expand.rs`, which imports those modules).
//!
//! Every path starts at the sunor-errors crate (`::sunor_errors`, or the path given by
//! `#[error_body(crate = "...")]`) and goes through its `__private` module, so the user's
//! imports, preludes and lints (`unused_qualifications`, clippy) never see or shadow what
//! the derives write.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens as _, quote};
use syn::{Generics, Ident, LitStr, Path};

/// Where generated code finds sunor-errors.
pub(crate) struct Paths {
    /// `::sunor_errors`, or the `crate = "..."` path.
    pub(crate) krate: TokenStream,
    /// `<krate>::__private`, the root of every other path.
    pub(crate) private: TokenStream,
    /// `<krate>::__private::Option::Some`: the path written most, quoted once.
    pub(crate) some: TokenStream,
}

impl Paths {
    /// `krate`: the `crate = "..."` path, if one was given (and well-formed).
    pub(crate) fn new(krate: Option<&Path>) -> Paths {
        let krate = match krate {
            Some(path) => path.to_token_stream(),
            None => quote!(::sunor_errors),
        };
        let private = quote!(#krate::__private);
        let some = quote!(#private::Option::Some);
        Paths {
            krate,
            private,
            some,
        }
    }
}

/// Appends `stream` to `out`, as one stream. Not `out.extend(stream)`: that iterates the
/// stream, and inside the compiler each of its tokens comes back to the macro, to be sent
/// again when `out` is used; this joins the two where they are (measured: that round trip
/// of every token was a sixth of the macro's run time on a 50-variant enum).
pub(crate) fn append(out: &mut TokenStream, stream: TokenStream) {
    out.extend(std::iter::once(stream));
}

/// `tokens` (a path: no groups) with every token at `span`.
pub(crate) fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    let mut out = TokenStream::new();
    for mut token in tokens.clone() {
        token.set_span(span);
        token.to_tokens(&mut out);
    }
    out
}

/// The name as the user reads it: without `r#`.
pub(crate) fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

/// `Some("Variant")` for an enum variant, `None` for a struct: the catalogue and the cause
/// name it.
pub(crate) fn variant_name(paths: &Paths, variant: Option<&Ident>) -> TokenStream {
    let private = &paths.private;
    match variant {
        Some(ident) => {
            let name = LitStr::new(&unraw(ident), ident.span());
            quote!(#private::Option::Some(#name))
        }
        None => quote!(#private::Option::None),
    }
}

/// `impl <crate>::__private::<trait_name> for <ident>` with the type's generics (and the
/// bounds the derive inferred, in `generics`) around `items`: one copy of this code for both
/// derives, their impls and their fallbacks. `allow_deprecated` adds `#[allow(deprecated)]`:
/// the impl names a deprecated type, variant or field on the user's behalf; using them is
/// the user's call, made where the values are built.
pub(crate) fn impl_block(
    paths: &Paths,
    trait_name: &str,
    generics: &Generics,
    ident: &Ident,
    allow_deprecated: bool,
    items: TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let trait_name = Ident::new(trait_name, Span::call_site());
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let allow = if allow_deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    quote! {
        #[automatically_derived]
        #allow
        impl #impl_generics #private::#trait_name for #ident #ty_generics #where_clause {
            #items
        }
    }
}
