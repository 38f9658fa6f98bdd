//! A case's retry delay: a fixed `retry_after = N`, or a `#[error_body(retry_after)]` field.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::ast::Case;
use crate::attr::Keyed;
use crate::binds::{self, Binds};
use crate::frame::{Paths, respan};
use crate::generics::Bounds;

pub(crate) struct Delay {
    /// The body expression, with the delay set.
    pub(crate) body: TokenStream,
    /// What the catalogue says of the delay.
    pub(crate) hint: Hint,
}

/// A case's retry delay, as the catalogue lists it (`RetryAfterHint`).
#[derive(Clone, Copy)]
pub(crate) enum Hint {
    None,
    Fixed(u64),
    FromField,
}

/// Sets the case's delay on `body` (valid.rs has checked that there is at most one, and only
/// on a retryable code). A field holding it is added to `binds`, its bound to `bounds`.
pub(crate) fn delay(
    paths: &Paths,
    case: &Case<'_>,
    body: TokenStream,
    bounds: &mut Bounds,
    binds: &mut Binds,
) -> Delay {
    let private = &paths.private;
    if let Some(Keyed {
        value: Some(seconds),
        ..
    }) = &case.attrs.retry_after
    {
        let hint = Hint::Fixed(seconds.value);
        let seconds = Literal::u64_unsuffixed(seconds.value);
        return Delay {
            body: quote!(#private::ErrorBody::with_retry_after_seconds(#body, #seconds)),
            hint,
        };
    }
    for (index, field) in case.fields.iter().enumerate() {
        if field.attrs.retry_after.is_none() {
            continue;
        }
        let ty = field.ty;
        let krate = &paths.krate;
        // The public path: it is what a compile error about the field's type shows.
        let trait_path = quote!(#krate::retry_after::RetryAfterField);
        bounds.insert(ty, trait_path.clone());
        binds::insert(binds, index);
        // Located at the field's type: a type that cannot hold a delay is reported there,
        // not on `#[derive]`. The binding keeps its call-site hygiene.
        let span = Span::call_site().located_at(ty.span());
        let mut name = binds::binding(field, index);
        name.set_span(span);
        let trait_path = respan(&trait_path, span);
        let seconds = quote_spanned!(span=> #trait_path::retry_after_seconds(#name));
        return Delay {
            body: quote!(#private::with_retry_after(#body, #seconds)),
            hint: Hint::FromField,
        };
    }
    Delay {
        body,
        hint: Hint::None,
    }
}
