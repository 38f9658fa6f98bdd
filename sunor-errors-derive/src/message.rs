//! A case's message: the body it starts from, and the message its catalogue entry shows.

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use syn::{Ident, LitStr};

use crate::ast::Case;
use crate::binds::{self, Binds};
use crate::fmt::{Piece, Trait};
use crate::frame::{Paths, Trees, append};
use crate::generics::Bounds;

pub(crate) struct Message {
    /// An `ErrorBody` expression with the case's code and message.
    pub(crate) body: TokenStream,
    /// The catalogue's message: the template as written, or the text sent.
    pub(crate) catalog: String,
    pub(crate) templated: bool,
}

/// `placeholders`: the field each placeholder of the template names (checked by valid.rs).
/// `default`: the code's default message (the catalogue shows it as text; the table is
/// sunor-errors' own, compiled here too through `default_messages.rs`). The fields the message
/// formats are added to `binds`, their bounds to `bounds`.
pub(crate) fn message(
    paths: &Paths,
    case: &Case<'_>,
    code: &Trees,
    default: &str,
    placeholders: &[usize],
    bounds: &mut Bounds,
    binds: &mut Binds,
) -> Message {
    let private = &paths.private;
    let Some((template, lit)) = &case.template else {
        return Message {
            body: quote!(#private::ErrorBody::from_code(#code)),
            catalog: default.to_owned(),
            templated: false,
        };
    };
    if let Some(text) = template.as_static() {
        // No placeholder: a `&'static str`, no allocation.
        let literal = LitStr::new(&text, lit.span());
        return Message {
            body: quote!(#private::ErrorBody::new(#code, #private::Cow::Borrowed(#literal))),
            catalog: text,
            templated: false,
        };
    }

    // `, name = name` for each field formatted, once: the arguments after the string.
    let mut args = TokenStream::new();
    let mut seen = Binds::new();
    // `placeholders[n]` is the field of placeholder `n`.
    let mut n = 0;
    for piece in &template.pieces {
        let Piece::Hole(placeholder) = piece else {
            continue;
        };
        let index = placeholders[n];
        n += 1;
        let field = &case.fields[index];
        // `{:p}` formats the reference the arm binds: no bound needed.
        if !matches!(placeholder.bound, Trait::Pointer) && bounds.wants(field.ty) {
            bounds.insert(field.ty, fmt_trait(paths, placeholder.bound));
        }
        binds::insert(binds, index);
        if binds::insert(&mut seen, index) {
            let name = binds::binding(field, index);
            append(&mut args, quote!(, #name = #name));
        }
    }
    let fmt = LitStr::new(&template.rewrite(), lit.span());
    // What `format!` would reserve, worked out here once instead of on every call.
    let capacity = Literal::usize_unsuffixed(template.estimated_capacity());
    Message {
        body: quote! {
            #private::ErrorBody::new(
                #code,
                #private::format_message(#capacity, #private::format_args!(#fmt #args)),
            )
        },
        catalog: template.source.clone(),
        templated: true,
    }
}

fn fmt_trait(paths: &Paths, bound: Trait) -> TokenStream {
    let name = Ident::new(bound.name(), Span::call_site());
    let private = &paths.private;
    quote!(#private::fmt::#name)
}
