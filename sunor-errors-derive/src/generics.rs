//! Bounds inferred for generic parameters, as thiserror infers them: only the field types
//! that the generated code formats, delegates to, or reads a delay from get one.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};
use syn::{GenericArgument, Generics, Ident, PathArguments, Type};

/// Bounds inferred for generic field types, as thiserror does: only fields that the
/// generated code formats, delegates to, or reads a delay from get one.
pub(crate) struct Bounds {
    /// The type parameters (cloned: a `Vec<Ident>` is compiled for other uses already).
    params: Vec<Ident>,
    /// Type and bound of each predicate as text, for dedup: `[type0, bound0, type1, ...]`. A
    /// handful at most, so a `Vec` of the `String`s used everywhere else (no BTree, no tuple
    /// element type: each is generic code of its own to compile).
    seen: Vec<String>,
    predicates: Vec<TokenStream>,
}

impl Bounds {
    pub(crate) fn new(generics: &Generics) -> Bounds {
        let mut params = Vec::new();
        for param in generics.type_params() {
            params.push(param.ident.clone());
        }
        Bounds {
            params,
            seen: Vec::new(),
            predicates: Vec::new(),
        }
    }

    /// Whether a bound on `ty` would be kept: it names a type parameter. (For a caller whose
    /// bound takes building: most fields' types name none.)
    pub(crate) fn wants(&self, ty: &Type) -> bool {
        mentions(&self.params, ty)
    }

    pub(crate) fn insert(&mut self, ty: &Type, bound: TokenStream) {
        if !self.wants(ty) {
            return;
        }
        let (ty_text, bound_text) = (ty.to_token_stream().to_string(), bound.to_string());
        let mut at = 0;
        while at < self.seen.len() {
            if self.seen[at] == ty_text && self.seen[at + 1] == bound_text {
                return;
            }
            at += 2;
        }
        self.seen.push(ty_text);
        self.seen.push(bound_text);
        self.predicates.push(quote!(#ty: #bound));
    }

    pub(crate) fn augment(&self, generics: &Generics) -> Generics {
        let mut generics = generics.clone();
        if !self.predicates.is_empty() {
            let where_clause = generics.make_where_clause();
            for predicate in &self.predicates {
                where_clause.predicates.push(syn::parse_quote!(#predicate));
            }
        }
        generics
    }
}

/// Whether `ty` names one of the type parameters. Punctuated lists are walked with `pairs`:
/// syn's `iter` boxes a trait object, whose code is generated anew for each element type.
fn mentions(params: &[Ident], ty: &Type) -> bool {
    match ty {
        Type::Path(ty) => {
            if let Some(qself) = &ty.qself
                && mentions(params, &qself.ty)
            {
                return true;
            }
            if ty.qself.is_none()
                && let Some(first) = ty.path.segments.first()
                && is_param(params, &first.ident)
            {
                return true;
            }
            for segment in &ty.path.segments {
                if let PathArguments::AngleBracketed(args) = &segment.arguments {
                    for arg in args.args.pairs() {
                        if let GenericArgument::Type(ty) = arg.into_value()
                            && mentions(params, ty)
                        {
                            return true;
                        }
                    }
                }
            }
            false
        }
        Type::Reference(ty) => mentions(params, &ty.elem),
        Type::Ptr(ty) => mentions(params, &ty.elem),
        Type::Slice(ty) => mentions(params, &ty.elem),
        Type::Array(ty) => mentions(params, &ty.elem),
        Type::Paren(ty) => mentions(params, &ty.elem),
        Type::Group(ty) => mentions(params, &ty.elem),
        Type::Tuple(ty) => {
            for elem in ty.elems.pairs() {
                if mentions(params, elem.into_value()) {
                    return true;
                }
            }
            false
        }
        // Anything else (trait objects, impl Trait, macros): conservatively bounded.
        _ => !params.is_empty(),
    }
}

fn is_param(params: &[Ident], ident: &Ident) -> bool {
    for param in params {
        if param == ident {
            return true;
        }
    }
    false
}
