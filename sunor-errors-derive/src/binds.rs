//! The fields a match arm binds, and the names it binds them to.

use proc_macro2::{Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, TokenStreamExt as _, quote};
use syn::Ident;

use crate::ast::{Case, Field, Style};
use crate::fmt::Arg;

/// Field indices, sorted and without duplicates: a `Vec` is all the few fields of a case need.
pub(crate) type Binds = Vec<usize>;

/// Adds `index` in order; whether it was new.
pub(crate) fn insert(binds: &mut Binds, index: usize) -> bool {
    crate::automaton::insert_sorted(binds, index)
}

/// The local a field is bound to (`__field_name`, `__field0`), which a rewritten template
/// placeholder names too.
pub(crate) fn binding(field: &Field<'_>, index: usize) -> Ident {
    let arg = match field.member {
        syn::Member::Named(_) => Arg::Named(field.name.clone()),
        syn::Member::Unnamed(_) => Arg::Index(index),
    };
    Ident::new(&arg.binding(), Span::call_site())
}

/// The pattern for a case binding the given fields: `Self::V { a: __field_a, .. }`.
pub(crate) fn pattern(case: &Case<'_>, binds: &[usize]) -> TokenStream {
    let path = if case.is_variant {
        let ident = case.ident;
        quote!(Self::#ident)
    } else {
        quote!(Self)
    };
    match case.style {
        Style::Unit => path,
        Style::Tuple if binds.is_empty() => quote!(#path(..)),
        Style::Tuple => {
            // `binds` is sorted: walk it beside the fields.
            let mut elems = TokenStream::new();
            let mut next = 0;
            for (i, field) in case.fields.iter().enumerate() {
                if i > 0 {
                    comma(&mut elems);
                }
                if next < binds.len() && binds[next] == i {
                    binding(field, i).to_tokens(&mut elems);
                    next += 1;
                } else {
                    elems.append(Ident::new("_", Span::call_site()));
                }
            }
            quote!(#path(#elems))
        }
        Style::Named => {
            let mut elems = TokenStream::new();
            for (n, &i) in binds.iter().enumerate() {
                if n > 0 {
                    comma(&mut elems);
                }
                // Every index in `binds` is one of this case's fields.
                let field = &case.fields[i];
                field.member.to_tokens(&mut elems);
                elems.append(Punct::new(':', Spacing::Alone));
                binding(field, i).to_tokens(&mut elems);
            }
            if binds.len() < case.fields.len() {
                if !binds.is_empty() {
                    comma(&mut elems);
                }
                elems.append(Punct::new('.', Spacing::Joint));
                elems.append(Punct::new('.', Spacing::Alone));
            }
            quote!(#path { #elems })
        }
    }
}

/// `,` (a token pushed as it is: see `frame::append`).
fn comma(tokens: &mut TokenStream) {
    tokens.append(Punct::new(',', Spacing::Alone));
}
