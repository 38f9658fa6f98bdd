//! A case's `error_cause`: its type and variant, the error behind it, and whether answering
//! it logs them (`log_cause`).
//!
//! The source is the field marked `#[source]` or `#[from]` (thiserror's), else the field
//! named `source`, else the only field of a tuple case. Whether that field is an error is
//! not known here: sunor-errors' `probe_source!` decides at compile time (autoref
//! specialization), and a field that is not one gives no cause. Only a type without generic
//! parameters or lifetimes other than `'static` is probed: under a bound `E: Error` without
//! `'static` the probe would not borrow-check. A generic field marked `#[source]` or
//! `#[from]` is bounded `Error + 'static` instead, as thiserror bounds it.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens as _, quote};
use syn::{GenericArgument, Generics, LitStr, PathArguments, Type};

use crate::ast::{Case, Field, Style};
use crate::binds::{self, Binds};
use crate::frame::{Paths, variant_name};
use crate::generics::Bounds;

/// The item's generic parameters, as the probe rule needs them.
pub(crate) struct Params {
    types: Vec<String>,
    /// `Self` names a generic type.
    generic: bool,
}

impl Params {
    pub(crate) fn new(generics: &Generics) -> Params {
        let mut types = Vec::new();
        for param in generics.type_params() {
            types.push(param.ident.to_string());
        }
        Params {
            types,
            generic: !generics.params.is_empty(),
        }
    }
}

/// The `Option<ErrorCause>` of a case answering with its own code. `logged`: the case's
/// `log_cause`, else the type's, else `true`. The source field joins `binds`; a generic
/// marked one gets its bound in `bounds`.
pub(crate) fn cause(
    paths: &Paths,
    case: &Case<'_>,
    type_name: &LitStr,
    logged: bool,
    params: &Params,
    bounds: &mut Bounds,
    binds: &mut Binds,
) -> TokenStream {
    let private = &paths.private;
    let variant = variant_name(paths, case.variant());
    let source = match source_field(case) {
        Some(index) => source(paths, &case.fields[index], index, params, bounds, binds),
        None => None,
    };
    let source = match source {
        Some(source) => source,
        None => quote!(#private::Option::None),
    };
    let cause = quote!(#private::ErrorCause::new(#type_name, #variant, #source));
    let cause = if logged {
        cause
    } else {
        quote!(#private::ErrorCause::with_logged(#cause, false))
    };
    quote!(#private::Option::Some(#cause))
}

/// The `Option<ErrorCause>` of a `transparent` case: its field's, not logged if `logged` is
/// `false`.
pub(crate) fn transparent(paths: &Paths, field: &Field<'_>, logged: bool) -> TokenStream {
    let private = &paths.private;
    let inner = binds::binding(field, 0);
    let cause = quote!(#private::IntoErrorBody::error_cause(#inner));
    if logged {
        cause
    } else {
        quote!(#private::unlogged(#cause))
    }
}

/// The index of the case's source field, if it has one.
fn source_field(case: &Case<'_>) -> Option<usize> {
    for (index, field) in case.fields.iter().enumerate() {
        if field.marked_source {
            return Some(index);
        }
    }
    match case.style {
        Style::Named => case.field("source"),
        Style::Tuple if case.fields.len() == 1 => Some(0),
        Style::Tuple | Style::Unit => None,
    }
}

/// `Option<&dyn Error>` from the field, or `None` if it is not probed.
fn source(
    paths: &Paths,
    field: &Field<'_>,
    index: usize,
    params: &Params,
    bounds: &mut Bounds,
    binds: &mut Binds,
) -> Option<TokenStream> {
    let private = &paths.private;
    let (ty, optional) = match option_inner(field.ty) {
        Some(inner) => (inner, true),
        None => (field.ty, false),
    };
    let (generic, borrowed) = mentions(ty.to_token_stream(), params);
    if borrowed || (generic && !field.marked_source) {
        return None;
    }
    if generic {
        bounds.insert(ty, quote!(#private::Error + 'static));
    }
    binds::insert(binds, index);
    let name = binds::binding(field, index);
    Some(if optional {
        quote! {
            match #name {
                #private::Option::Some(__source) => #private::probe_source!(__source),
                #private::Option::None => #private::Option::None,
            }
        }
    } else {
        quote!(#private::probe_source!(#name))
    })
}

/// `X` of a type written `Option<X>` (as thiserror reads an optional source).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    // `pairs`, not `first()`: syn's iterator boxes a trait object, compiled per type.
    let mut pairs = args.args.pairs();
    match (pairs.next(), pairs.next()) {
        (Some(only), None) => match only.into_value() {
            GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the tokens of a type name a type parameter (or `Self` of a generic type), and
/// whether they name a lifetime other than `'static`.
fn mentions(tokens: TokenStream, params: &Params) -> (bool, bool) {
    let mut generic = false;
    let mut borrowed = false;
    let mut lifetime = false;
    for token in tokens {
        // A lifetime is a `'` and the identifier after it.
        let after_quote = std::mem::replace(&mut lifetime, false);
        match token {
            TokenTree::Group(group) => {
                let (g, b) = mentions(group.stream(), params);
                generic |= g;
                borrowed |= b;
            }
            TokenTree::Ident(ident) if after_quote => borrowed |= ident != "static",
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                generic |= params.generic && name == "Self";
                for param in &params.types {
                    generic |= *param == name;
                }
            }
            TokenTree::Punct(punct) => lifetime = punct.as_char() == '\'',
            TokenTree::Literal(_) => {}
        }
    }
    (generic, borrowed)
}
