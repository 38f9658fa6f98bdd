//! Bounds inferred for generic parameters, as thiserror infers them: only the field types
//! that the generated code formats, delegates to, or reads a delay from get one.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};
use syn::{GenericArgument, Generics, Ident, PathArguments, Type};

/// Bounds inferred for generic field types, as thiserror does: only fields that the
/// generated code formats, delegates to, or reads a delay from get one.
pub(crate) struct Bounds<'g> {
    params: Vec<&'g Ident>,
    // (type, bound) as text for dedup; a handful at most, so a `Vec` (no BTree code to compile).
    seen: Vec<(String, String)>,
    predicates: Vec<TokenStream>,
}

impl<'g> Bounds<'g> {
    pub(crate) fn new(generics: &'g Generics) -> Bounds<'g> {
        let mut params = Vec::new();
        for param in generics.type_params() {
            params.push(&param.ident);
        }
        Bounds {
            params,
            seen: Vec::new(),
            predicates: Vec::new(),
        }
    }

    pub(crate) fn insert(&mut self, ty: &Type, bound: TokenStream) {
        if !mentions(&self.params, ty) {
            return;
        }
        let key = (ty.to_token_stream().to_string(), bound.to_string());
        if !self.seen.contains(&key) {
            self.seen.push(key);
            self.predicates.push(quote!(#ty: #bound));
        }
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

/// Whether `ty` names one of the type parameters.
fn mentions(params: &[&Ident], ty: &Type) -> bool {
    match ty {
        Type::Path(ty) => {
            if let Some(qself) = &ty.qself
                && mentions(params, &qself.ty)
            {
                return true;
            }
            if ty.qself.is_none()
                && let Some(first) = ty.path.segments.first()
                && params.contains(&&first.ident)
            {
                return true;
            }
            ty.path
                .segments
                .iter()
                .any(|segment| match &segment.arguments {
                    PathArguments::AngleBracketed(args) => args.args.iter().any(|arg| match arg {
                        GenericArgument::Type(ty) => mentions(params, ty),
                        _ => false,
                    }),
                    _ => false,
                })
        }
        Type::Reference(ty) => mentions(params, &ty.elem),
        Type::Ptr(ty) => mentions(params, &ty.elem),
        Type::Slice(ty) => mentions(params, &ty.elem),
        Type::Array(ty) => mentions(params, &ty.elem),
        Type::Paren(ty) => mentions(params, &ty.elem),
        Type::Group(ty) => mentions(params, &ty.elem),
        Type::Tuple(ty) => ty.elems.iter().any(|ty| mentions(params, ty)),
        // Anything else (trait objects, impl Trait, macros): conservatively bounded.
        _ => !params.is_empty(),
    }
}
