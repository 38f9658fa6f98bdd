//! The fields a match arm binds, and the names it binds them to.

use proc_macro2::{Delimiter, Group, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, TokenStreamExt as _};
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
    let mut out = TokenStream::new();
    write_pattern(&mut out, case, binds);
    out
}

/// [`pattern`], pushed onto `out` token by token (see `frame::append`): a match arm's
/// pattern is written once per case and method, the most written tokens of the derive.
pub(crate) fn write_pattern(out: &mut TokenStream, case: &Case<'_>, binds: &[usize]) {
    out.append(Ident::new("Self", Span::call_site()));
    if case.is_variant {
        out.append(Punct::new(':', Spacing::Joint));
        out.append(Punct::new(':', Spacing::Alone));
        out.append(case.ident.clone());
    }
    let mut elems = TokenStream::new();
    let delimiter = match case.style {
        Style::Unit => return,
        Style::Tuple if binds.is_empty() => {
            dot2(&mut elems);
            Delimiter::Parenthesis
        }
        Style::Tuple => {
            // `binds` is sorted: walk it beside the fields.
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
            Delimiter::Parenthesis
        }
        Style::Named => {
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
                dot2(&mut elems);
            }
            Delimiter::Brace
        }
    };
    out.append(Group::new(delimiter, elems));
}

/// `..`.
fn dot2(tokens: &mut TokenStream) {
    tokens.append(Punct::new('.', Spacing::Joint));
    tokens.append(Punct::new('.', Spacing::Alone));
}

/// `,` (a token pushed as it is: see `frame::append`).
fn comma(tokens: &mut TokenStream) {
    tokens.append(Punct::new(',', Spacing::Alone));
}
