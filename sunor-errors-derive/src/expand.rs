//! Code generation: the `IntoErrorBody` impl, and the framework-integration hook.
//!
//! Every path goes through `::sunor_errors::__private`, so the user's imports, preludes and
//! lints (`unused_qualifications`, clippy) never see or shadow what the derive writes.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Ident, LitStr};

use crate::ast::{Case, Field, Input, Style};
use crate::attr::Int;
use crate::ctxt::Ctxt;
use crate::fmt::{Arg, Trait};
use crate::generics::Bounds;
use crate::valid;

pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = Input::from_syn(&mut cx, node);
    if let Some(input) = &input {
        valid::check(&mut cx, input);
    }
    match (cx.check(), input) {
        (Ok(()), Some(input)) => expand(node, &input),
        (Err(errors), _) => {
            let errors = errors.into_compile_error();
            let fallback = fallback(node);
            quote!(#errors #fallback)
        }
        // A union always reports an error, so this is not reached; emit nothing rather than
        // panic in a user's build.
        (Ok(()), None) => TokenStream::new(),
    }
}

/// After an error: an impl with the right signature, so the user sees only the real mistake
/// and not a cascade of "`IntoErrorBody` is not implemented".
fn fallback(node: &DeriveInput) -> TokenStream {
    let unreachable = quote!(::core::unreachable!());
    impl_block(
        &node.generics,
        &node.ident,
        &unreachable,
        &unreachable,
        None,
    )
}

/// `::sunor_errors::__private`, the root of every path the derive writes.
fn private() -> TokenStream {
    quote!(::sunor_errors::__private)
}

/// The impl (with `error_catalog` when given) and the integrations hook: one copy of this
/// code for the real impl and the fallback.
fn impl_block(
    generics: &Generics,
    ident: &Ident,
    error_code: &TokenStream,
    to_error_body: &TokenStream,
    catalog: Option<TokenStream>,
) -> TokenStream {
    let private = private();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let catalog = match catalog {
        Some(catalog) => quote! {
            fn error_catalog() -> #private::Vec<#private::ErrorDescriptor> {
                #catalog
            }
        },
        None => TokenStream::new(),
    };
    let integrations = integrations(generics, ident);
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::IntoErrorBody for #ident #ty_generics #where_clause {
            fn error_code(&self) -> #private::ErrorCode {
                #error_code
            }
            fn to_error_body(&self) -> #private::ErrorBody {
                #to_error_body
            }
            #catalog
        }
        #integrations
    }
}

/// `derive_integrations! { impl [<..>] for [Type<..>] where [where ..] }`: every enabled
/// framework feature of `sunor-errors` adds its impls for the type there.
fn integrations(generics: &Generics, ident: &Ident) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let private = private();
    quote! {
        #private::derive_integrations! {
            impl [#impl_generics] for [#ident #ty_generics] where [#where_clause]
        }
    }
}

fn expand(node: &DeriveInput, input: &Input<'_>) -> TokenStream {
    let ident = &node.ident;
    let type_name = LitStr::new(&unraw(ident), ident.span());
    let mut bounds = Bounds::new(&node.generics);

    let (error_code, to_error_body, catalog) = match input {
        Input::Struct(case) => {
            let g = CaseGen::new(case, None, &mut bounds, &type_name);
            let code = g.let_binding(&g.code_binds, g.code.clone());
            let body = g.let_binding(&g.body_binds, g.body.clone());
            (code, body, catalog_expr(vec![g.catalog]))
        }
        Input::Enum { attrs, variants } => {
            let default = attrs.code.as_ref().and_then(|c| c.value.as_ref());
            if variants.is_empty() {
                (
                    quote!(match *self {}),
                    quote!(match *self {}),
                    catalog_expr(Vec::new()),
                )
            } else {
                // Plain loops, not iterator chains over closures: less generic code to compile.
                let mut code_arms = TokenStream::new();
                let mut body_arms = TokenStream::new();
                let mut parts = Vec::with_capacity(variants.len());
                for variant in variants {
                    let g = CaseGen::new(variant, default, &mut bounds, &type_name);
                    g.arm(&mut code_arms, &g.code_binds, &g.code);
                    g.arm(&mut body_arms, &g.body_binds, &g.body);
                    parts.push(g.catalog);
                }
                (
                    quote!(match self { #code_arms }),
                    quote!(match self { #body_arms }),
                    catalog_expr(parts),
                )
            }
        }
    };

    let generics = bounds.augment(&node.generics);
    impl_block(&generics, ident, &error_code, &to_error_body, Some(catalog))
}

fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

/// One catalogue contribution: a descriptor, or a transparent field's whole catalogue.
enum CatalogPart {
    One(TokenStream),
    Inner(TokenStream),
}

fn catalog_expr(parts: Vec<CatalogPart>) -> TokenStream {
    let private = private();
    // Consecutive descriptors go in as one array.
    let mut segments: Vec<CatalogPart> = Vec::new();
    let mut run: Vec<TokenStream> = Vec::new();
    for part in parts {
        match part {
            CatalogPart::One(descriptor) => run.push(descriptor),
            inner @ CatalogPart::Inner(_) => {
                if !run.is_empty() {
                    segments.push(CatalogPart::One(quote!([#(#run),*])));
                    run.clear();
                }
                segments.push(inner);
            }
        }
    }
    if !run.is_empty() {
        segments.push(CatalogPart::One(quote!([#(#run),*])));
    }
    match segments.as_slice() {
        [] => quote!(#private::Vec::new()),
        [CatalogPart::One(array)] => quote!(#private::Vec::from(#array)),
        [CatalogPart::Inner(catalog)] => catalog.clone(),
        _ => {
            let mut extends = TokenStream::new();
            for CatalogPart::One(tokens) | CatalogPart::Inner(tokens) in &segments {
                extends.extend(quote!(catalog.extend(#tokens);));
            }
            quote! {
                let mut catalog = #private::Vec::new();
                #extends
                catalog
            }
        }
    }
}

/// The generated pieces for one case.
struct CaseGen<'c, 'a> {
    case: &'c Case<'a>,
    /// Fields `error_code` binds (the transparent field) and `to_error_body` binds.
    code_binds: Binds,
    body_binds: Binds,
    code: TokenStream,
    body: TokenStream,
    catalog: CatalogPart,
}

/// Field indices, sorted and without duplicates: a `Vec` is all the few fields of a case need.
type Binds = Vec<usize>;

/// Adds `index` in order; whether it was new.
fn insert(binds: &mut Binds, index: usize) -> bool {
    match binds.binary_search(&index) {
        Ok(_) => false,
        Err(at) => {
            binds.insert(at, index);
            true
        }
    }
}

fn binding(field: &Field<'_>, index: usize) -> Ident {
    let arg = match field.member {
        syn::Member::Named(_) => Arg::Named(field.name.clone()),
        syn::Member::Unnamed(_) => Arg::Index(index),
    };
    Ident::new(&arg.binding(), Span::call_site())
}

fn code_tokens(code: &Int) -> TokenStream {
    // valid.rs has checked 400..=599; were it not, `code()` would fail in its const block.
    let lit = proc_macro2::Literal::u64_unsuffixed(code.value);
    let private = private();
    quote!(const { #private::code(#lit) })
}

impl<'c, 'a> CaseGen<'c, 'a> {
    fn new(
        case: &'c Case<'a>,
        default: Option<&Int>,
        bounds: &mut Bounds<'_>,
        type_name: &LitStr,
    ) -> CaseGen<'c, 'a> {
        let private = private();
        let variant = if case.is_variant {
            let name = LitStr::new(&unraw(case.ident), case.ident.span());
            quote!(#private::Option::Some(#name))
        } else {
            quote!(#private::Option::None)
        };

        if case.attrs.transparent.is_some() {
            let field = &case.fields[0];
            let inner = binding(field, 0);
            let ty = field.ty;
            bounds.insert(ty, quote!(#private::IntoErrorBody));
            let binds = vec![0];
            return CaseGen {
                case,
                code_binds: binds.clone(),
                body_binds: binds,
                code: quote!(#private::IntoErrorBody::error_code(#inner)),
                body: quote!(#private::IntoErrorBody::to_error_body(#inner)),
                catalog: CatalogPart::Inner(
                    quote!(<#ty as #private::IntoErrorBody>::error_catalog()),
                ),
            };
        }

        // valid.rs has checked that a code exists and is in range.
        let code_int = case
            .attrs
            .code
            .as_ref()
            .and_then(|c| c.value.as_ref())
            .or(default);
        let code = match code_int {
            Some(code) => code_tokens(code),
            None => quote!(::core::unreachable!()),
        };

        let mut body_binds = Binds::new();
        let (mut body, message, templated) = match &case.template {
            None => (
                quote!(#private::ErrorBody::from_code(#code)),
                quote!(#private::ErrorCode::default_message(#code)),
                false,
            ),
            Some((template, lit)) => match template.as_static() {
                Some(text) => {
                    let text = LitStr::new(&text, lit.span());
                    (
                        quote!(#private::ErrorBody::new(#code, #private::Cow::Borrowed(#text))),
                        quote!(#text),
                        false,
                    )
                }
                None => {
                    let mut args = Vec::new();
                    let mut seen = Binds::new();
                    for placeholder in template.placeholders() {
                        let index = field_index(case, &placeholder.arg);
                        let field = &case.fields[index];
                        // `{:p}` formats the reference the arm binds: no bound needed.
                        if placeholder.bound != Trait::Pointer {
                            bounds.insert(field.ty, fmt_trait(placeholder.bound));
                        }
                        insert(&mut body_binds, index);
                        if insert(&mut seen, index) {
                            let name = binding(field, index);
                            args.push(quote!(#name = #name));
                        }
                    }
                    let fmt = LitStr::new(&template.rewrite(), lit.span());
                    (
                        quote! {
                            #private::ErrorBody::new(
                                #code,
                                #private::format_message(#private::format_args!(#fmt, #(#args),*)),
                            )
                        },
                        quote!(#lit),
                        true,
                    )
                }
            },
        };

        let mut hint = quote!(#private::RetryAfterHint::None);
        if let Some(seconds) = case
            .attrs
            .retry_after
            .as_ref()
            .and_then(|r| r.value.as_ref())
        {
            let seconds = proc_macro2::Literal::u64_unsuffixed(seconds.value);
            body = quote!(#private::ErrorBody::with_retry_after_seconds(#body, #seconds));
            hint = quote!(#private::RetryAfterHint::Fixed(#seconds));
        }
        if let Some((index, field)) = case
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.attrs.retry_after.is_some())
        {
            let ty = field.ty;
            bounds.insert(ty, quote!(#private::RetryAfterField));
            insert(&mut body_binds, index);
            // Located at the field's type: a type that cannot hold a delay is reported there,
            // not on `#[derive]`. The binding keeps its call-site hygiene.
            let span = Span::call_site().located_at(ty.span());
            let mut name = binding(field, index);
            name.set_span(span);
            let seconds = quote_spanned! {span=>
                ::sunor_errors::__private::RetryAfterField::retry_after_seconds(#name)
            };
            body = quote!(#private::with_retry_after(#body, #seconds));
            hint = quote!(#private::RetryAfterHint::FromField);
        }

        let catalog = CatalogPart::One(quote! {
            #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint)
        });
        CaseGen {
            case,
            code_binds: Binds::new(),
            body_binds,
            code,
            body,
            catalog,
        }
    }

    /// The pattern for this case binding the given fields: `Self::V { a: __field_a, .. }`.
    fn pattern(&self, binds: &[usize]) -> TokenStream {
        let case = self.case;
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
                let mut elems = TokenStream::new();
                for (i, field) in case.fields.iter().enumerate() {
                    if i > 0 {
                        elems.extend(quote!(,));
                    }
                    if binds.contains(&i) {
                        binding(field, i).to_tokens(&mut elems);
                    } else {
                        elems.extend(quote!(_));
                    }
                }
                quote!(#path(#elems))
            }
            Style::Named => {
                let mut elems = TokenStream::new();
                for (n, &i) in binds.iter().enumerate() {
                    if n > 0 {
                        elems.extend(quote!(,));
                    }
                    let field = &case.fields[i];
                    let member = &field.member;
                    let name = binding(field, i);
                    elems.extend(quote!(#member: #name));
                }
                if binds.len() < case.fields.len() {
                    if !binds.is_empty() {
                        elems.extend(quote!(,));
                    }
                    elems.extend(quote!(..));
                }
                quote!(#path { #elems })
            }
        }
    }

    /// A match arm `pattern => expr,` appended to `arms`.
    fn arm(&self, arms: &mut TokenStream, binds: &[usize], expr: &TokenStream) {
        let pat = self.pattern(binds);
        arms.extend(quote!(#pat => #expr,));
    }

    /// For a struct: `let Self(..) = self; expr`, or just `expr` when nothing is bound.
    fn let_binding(&self, binds: &[usize], expr: TokenStream) -> TokenStream {
        if binds.is_empty() {
            expr
        } else {
            let pat = self.pattern(binds);
            quote! {
                let #pat = self;
                #expr
            }
        }
    }
}

/// The field a placeholder names (valid.rs has checked that it exists).
fn field_index(case: &Case<'_>, arg: &Arg) -> usize {
    let index_name;
    let wanted = match arg {
        Arg::Named(name) => name.as_str(),
        Arg::Index(i) => {
            index_name = i.to_string();
            index_name.as_str()
        }
    };
    for (index, field) in case.fields.iter().enumerate() {
        if field.name == wanted {
            return index;
        }
    }
    0
}

fn fmt_trait(bound: Trait) -> TokenStream {
    let name = Ident::new(bound.name(), Span::call_site());
    let private = private();
    quote!(#private::fmt::#name)
}

#[cfg(test)]
mod tests {
    use super::derive;

    fn expand(input: syn::DeriveInput) -> String {
        derive(&input).to_string()
    }

    #[test]
    fn integrations_hook_has_the_documented_shape() {
        let out = expand(syn::parse_quote! {
            enum E<'a, T: Clone, const N: usize> where T: Default {
                #[error_body(code = 404, message = "{0}")]
                A(&'a T),
            }
        });
        let hook = "derive_integrations ! { impl [< 'a , T : Clone , const N : usize >] \
                    for [E < 'a , T , N >] \
                    where [where T : Default , & 'a T : :: sunor_errors :: __private :: fmt :: Display] }";
        assert!(out.contains(hook), "{out}");

        let out = expand(syn::parse_quote! {
            #[error_body(code = 404)]
            struct S;
        });
        assert!(
            out.contains("derive_integrations ! { impl [] for [S] where [] }"),
            "{out}"
        );
    }

    #[test]
    fn static_messages_are_borrowed_and_codes_const() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 401, message = "Invalid {{key}}")]
                A,
            }
        });
        assert!(out.contains("Cow :: Borrowed (\"Invalid {key}\")"), "{out}");
        assert!(
            out.contains("const { :: sunor_errors :: __private :: code (401) }"),
            "{out}"
        );
        assert!(out.contains("# [automatically_derived]"), "{out}");
    }

    #[test]
    fn only_used_generic_fields_are_bounded() {
        let out = expand(syn::parse_quote! {
            enum E<T, U, V> {
                #[error_body(code = 400, message = "{a:?}")]
                A { a: T, b: U },
                #[error_body(transparent)]
                B(V),
            }
        });
        assert!(
            out.contains("where T : :: sunor_errors :: __private :: fmt :: Debug , V : :: sunor_errors :: __private :: IntoErrorBody"),
            "{out}"
        );
        assert!(!out.contains("U :"), "{out}");
    }

    #[test]
    fn errors_come_with_a_fallback_impl() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 399, colour = 1)]
                A,
                B,
            }
        });
        assert_eq!(out.matches("compile_error !").count(), 3, "{out}");
        assert!(out.contains("unreachable !"), "{out}");
        assert!(out.contains("impl :: sunor_errors :: __private :: IntoErrorBody for E"));
        assert!(out.contains("derive_integrations !"), "{out}");
    }
}
