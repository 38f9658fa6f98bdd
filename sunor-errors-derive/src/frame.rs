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
//! the derives write. The `IntoErrorBody` impl sits in a `const _: () = { .. };` block that
//! names that module once, `use <crate>::__private as __sunor_errors_private;`, and reaches
//! it by that alias (as serde's derives reach serde by `_serde`): one identifier where
//! `::sunor_errors::__private` is six tokens and two segments to resolve, written a few
//! hundred times for a large enum, is less for the macro to write and for the compiler to
//! read on every rebuild.

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt as _, quote};
use syn::{Generics, Ident, LitStr, Path};

/// The alias of `<crate>::__private` in the block of [`scoped`].
const ALIAS: &str = "__sunor_errors_private";

/// Where generated code finds sunor-errors.
pub(crate) struct Paths {
    /// `::sunor_errors`, or the `crate = "..."` path: the public paths start here.
    pub(crate) krate: Trees,
    /// `<krate>::__private`, or its alias in the block of [`scoped`]: the root of every
    /// other path.
    pub(crate) private: Trees,
    /// `<private>::Option::Some`: the path written most, quoted once.
    pub(crate) some: Trees,
}

impl Paths {
    /// `krate`: the `crate = "..."` path, if one was given (and well-formed).
    pub(crate) fn new(krate: Option<&Path>) -> Paths {
        let krate = match krate {
            Some(path) => path.to_token_stream(),
            None => quote!(::sunor_errors),
        };
        let private = quote!(#krate::__private);
        Paths::with(Trees::new(krate), private)
    }

    /// The same paths inside the block of [`scoped`].
    pub(crate) fn scoped(&self) -> Paths {
        let alias = Ident::new(ALIAS, Span::call_site());
        Paths::with(self.krate.copy(), alias.into_token_stream())
    }

    fn with(krate: Trees, private: TokenStream) -> Paths {
        let some = quote!(#private::Option::Some);
        Paths {
            krate,
            private: Trees::new(private),
            some: Trees::new(some),
        }
    }
}

/// Tokens kept one by one, for the paths written many times. Inside the compiler a
/// `TokenStream` is a handle: `#stream` in `quote!` costs round trips to the compiler (a
/// clone, then a concatenation), where `#trees` copies the few tokens.
pub(crate) struct Trees(Vec<TokenTree>);

impl Trees {
    pub(crate) fn new(stream: TokenStream) -> Trees {
        // Loops, not `collect` / `extend(iter)`: adapters this crate does not use elsewhere
        // would be code of their own to compile (its build time is a target too).
        let mut trees = Vec::new();
        for tree in stream {
            trees.push(tree);
        }
        Trees(trees)
    }

    fn copy(&self) -> Trees {
        let mut trees = Vec::with_capacity(self.0.len());
        for tree in &self.0 {
            trees.push(tree.clone());
        }
        Trees(trees)
    }

    /// `self::a::b` for `segments` `["a", "b"]`, built as tokens (no stream to take apart).
    pub(crate) fn path(&self, segments: &[&str]) -> Trees {
        let mut trees = self.copy().0;
        for segment in segments {
            trees.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
            trees.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
            trees.push(TokenTree::Ident(Ident::new(segment, Span::call_site())));
        }
        Trees(trees)
    }
}

impl ToTokens for Trees {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for tree in &self.0 {
            tokens.append(tree.clone());
        }
    }
}

/// `items` (written with `paths.scoped()`) in the block that gives `<crate>::__private` its
/// alias: `const _: () = { use <crate>::__private as __sunor_errors_private; items };`.
/// `paths`: the paths outside it.
pub(crate) fn scoped(paths: &Paths, items: TokenStream) -> TokenStream {
    let private = &paths.private;
    let alias = Ident::new(ALIAS, Span::call_site());
    quote! {
        const _: () = {
            use #private as #alias;
            #items
        };
    }
}

/// Appends `stream` to `out`, as one stream. Not `out.extend(stream)`: that iterates the
/// stream, and inside the compiler each of its tokens comes back to the macro, to be sent
/// again when `out` is used; this joins the two where they are (measured: that round trip
/// of every token was a fifth of the macro's run time on a 50-variant enum).
pub(crate) fn append(out: &mut TokenStream, stream: TokenStream) {
    out.extend(std::iter::once(stream));
}

/// `tokens` (a path: no groups) with every token at `span`.
pub(crate) fn respan(tokens: &dyn ToTokens, span: Span) -> TokenStream {
    let mut out = TokenStream::new();
    for mut token in tokens.to_token_stream() {
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
