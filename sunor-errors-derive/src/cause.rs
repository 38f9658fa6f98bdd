//! A case's `error_cause`: its type and variant, the error behind it, and whether answering
//! it logs them (`log_cause`).
//!
//! An enum's `error_cause` matches once to find the variant's name and source, then builds
//! one `ErrorCause` (a `transparent` arm returns its field's): written per arm, the
//! constructor call made a 50-variant enum's method twice as long for the compiler to read
//! on every rebuild.
//!
//! The source is the field marked `#[source]` or `#[from]` (thiserror's), else the field
//! named `source`, else the only field of a tuple case. Whether that field is an error is
//! not known here: sunor-errors' probe (`__private::probe`, what its `probe_source!` macro
//! calls) decides at compile time (autoref specialization), and a field that is not one
//! gives no cause. Only a type without generic
//! parameters or lifetimes other than `'static` is probed: under a bound `E: Error` without
//! `'static` the probe would not borrow-check. A generic field marked `#[source]` or
//! `#[from]` is bounded `Error + 'static` instead, as thiserror bounds it.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens as _, quote};
use syn::{GenericArgument, Generics, LitStr, PathArguments, Type};

use crate::ast::{Case, Field, Style};
use crate::binds::{self, Binds};
use crate::frame::{Paths, unraw, variant_name};
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

/// Whether the variants of an enum that answer with their own code log their cause: all,
/// none, or some (then each arm says).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Logging {
    All,
    None,
    Mixed,
}

impl Logging {
    /// Of the `logged` flags of those variants (not empty).
    pub(crate) fn of(any_logged: bool, any_unlogged: bool) -> Logging {
        match (any_logged, any_unlogged) {
            (true, true) => Logging::Mixed,
            (false, true) => Logging::None,
            _ => Logging::All,
        }
    }
}

/// The error behind a case answering with its own code: an `Option<&dyn Error>` expression,
/// `None` when it has no source field or one that is not probed. The source field joins
/// `binds`; a generic marked one gets its bound in `bounds`; `probed` is set when the
/// expression uses the probe (then [`probe_traits`] must be in scope).
pub(crate) fn source(
    paths: &Paths,
    case: &Case<'_>,
    params: &Params,
    bounds: &mut Bounds,
    binds: &mut Binds,
    probed: &mut bool,
) -> TokenStream {
    let private = &paths.private;
    let source = match source_field(case) {
        Some(index) => probe(paths, &case.fields[index], index, params, bounds, binds),
        None => None,
    };
    match source {
        Some(source) => {
            *probed = true;
            source
        }
        None => quote!(#private::Option::None),
    }
}

/// A struct's `Option<ErrorCause>`, with `source`. `logged`: the struct's `log_cause`, else
/// `true`.
pub(crate) fn whole(
    paths: &Paths,
    case: &Case<'_>,
    type_name: &LitStr,
    source: &TokenStream,
    logged: bool,
) -> TokenStream {
    let variant = variant_name(paths, case.variant());
    some_cause(paths, type_name, &variant, source, &logged_expr(logged))
}

/// What an enum variant answering with its own code gives the `match` of `error_cause`:
/// `("Variant", source)`, with `, logged` (its `log_cause`, else the type's, else `true`)
/// when the variants differ in it.
pub(crate) fn arm(
    case: &Case<'_>,
    source: &TokenStream,
    logging: Logging,
    logged: bool,
) -> TokenStream {
    let name = LitStr::new(&unraw(case.ident), case.ident.span());
    if logging == Logging::Mixed {
        quote!((#name, #source, #logged))
    } else {
        quote!((#name, #source))
    }
}

/// The body of an enum's `error_cause` around `arms` (see [`arm`]; a `transparent` arm
/// returns), for an enum with a variant answering with its own code. `probed`: an arm uses
/// the probe.
pub(crate) fn by_variant(
    paths: &Paths,
    type_name: &LitStr,
    arms: &TokenStream,
    logging: Logging,
    probed: bool,
) -> TokenStream {
    let private = &paths.private;
    let traits = if probed {
        probe_traits(paths)
    } else {
        TokenStream::new()
    };
    let (names, logged) = match logging {
        Logging::Mixed => (
            quote!((__variant, __source, __logged)),
            Some(quote!(__logged)),
        ),
        _ => (
            quote!((__variant, __source)),
            logged_expr(logging == Logging::All),
        ),
    };
    let variant = quote!(#private::Option::Some(__variant));
    let cause = some_cause(paths, type_name, &variant, &quote!(__source), &logged);
    quote! {
        #traits
        let #names = match self { #arms };
        #cause
    }
}

/// `Some(ErrorCause::new(..))`, through `with_logged` unless `logged` is `true` itself.
fn some_cause(
    paths: &Paths,
    type_name: &LitStr,
    variant: &TokenStream,
    source: &TokenStream,
    logged: &Option<TokenStream>,
) -> TokenStream {
    let private = &paths.private;
    let cause = quote!(#private::ErrorCause::new(#type_name, #variant, #source));
    let cause = match logged {
        None => cause,
        Some(logged) => quote!(#private::ErrorCause::with_logged(#cause, #logged)),
    };
    quote!(#private::Option::Some(#cause))
}

/// `None` for logged (the constructor's default), else `Some(false)`.
fn logged_expr(logged: bool) -> Option<TokenStream> {
    if logged { None } else { Some(quote!(false)) }
}

/// The probe's traits, in scope for `(&&&Probe(field)).error_source()`: what sunor-errors'
/// `probe_source!` expands to, with the `use` written once per method instead of once per
/// field (each `use` is an item of its own for the compiler).
pub(crate) fn probe_traits(paths: &Paths) -> TokenStream {
    let private = &paths.private;
    quote! {
        #[allow(unused_imports)]
        use #private::probe::{ViaDeref as _, ViaError as _, ViaNothing as _};
    }
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
fn probe(
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
    let probe = quote!(#private::probe::Probe);
    Some(if optional {
        quote! {
            match #name {
                #private::Option::Some(__source) => (&&&#probe(__source)).error_source(),
                #private::Option::None => #private::Option::None,
            }
        }
    } else {
        quote!((&&&#probe(#name)).error_source())
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
