//! Code generation: the `IntoErrorBody` impl of a checked input, with the hooks of the
//! framework integrations the type opts into.
//!
//! Every path starts at the sunor-errors crate (`::sunor_errors`, or the path given by
//! `#[error_body(crate = "...")]`) and goes through its `__private` module, so the user's
//! imports, preludes and lints (`unused_qualifications`, clippy) never see or shadow what
//! the derive writes.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};
use syn::{DeriveInput, Generics, Ident, LitStr};

use crate::ast::{Case, Input};
use crate::attr::Attrs;
use crate::binds::{self, Binds};
use crate::catalog::{self, CatalogPart};
use crate::ctxt::Ctxt;
use crate::defaults::default_message;
use crate::delay::delay;
use crate::generics::Bounds;
use crate::message::message;
use crate::valid::{self, Kind, Valid, ValidCase};
use crate::{cause, fallback, hooks};

pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = match Input::from_syn(&mut cx, node, "IntoErrorBody") {
        Ok(input) => input,
        // A union: nothing else of it is read.
        Err(error) => return fallback::expand(node, &Paths::new(&Attrs::default()), &[], error),
    };
    let paths = Paths::new(input.attrs());
    let integrations = &input.attrs().integrations;
    let log_cause = log_cause(input.attrs());
    let valid = valid::check(&mut cx, &input);
    match (cx.check(), valid) {
        (Ok(()), Ok(valid)) => expand(node, &valid, &paths, integrations, log_cause),
        (Err(errors), _) | (Ok(()), Err(errors)) => {
            fallback::expand(node, &paths, integrations, errors)
        }
    }
}

/// Where generated code finds sunor-errors.
pub(crate) struct Paths {
    /// `::sunor_errors`, or the `crate = "..."` path.
    pub(crate) krate: TokenStream,
    /// `<krate>::__private`, the root of every other path.
    pub(crate) private: TokenStream,
    /// `<krate>::__private::Option::Some`: the path written most, quoted once.
    pub(crate) some: TokenStream,
}

impl Paths {
    pub(crate) fn new(attrs: &Attrs) -> Paths {
        let krate = match attrs.krate.as_ref().and_then(|k| k.value.as_ref()) {
            Some(path) => path.to_token_stream(),
            None => quote!(::sunor_errors),
        };
        let private = quote!(#krate::__private);
        let some = quote!(#private::Option::Some);
        Paths {
            krate,
            private,
            some,
        }
    }
}

/// A `log_cause = true/false` given (and well-formed) in `attrs`.
fn log_cause(attrs: &Attrs) -> Option<bool> {
    attrs.log_cause.as_ref().and_then(|key| key.value)
}

/// The methods beyond `error_code` and `to_error_body`; the fallback has none.
pub(crate) struct Extra {
    catalog: TokenStream,
    cause: TokenStream,
}

/// The impl (with `error_catalog` and `error_cause` when given) and the integrations' hooks:
/// one copy of this code for the real impl and the fallback.
pub(crate) fn impl_block(
    paths: &Paths,
    integrations: &[Ident],
    generics: &Generics,
    ident: &Ident,
    error_code: &TokenStream,
    to_error_body: &TokenStream,
    extra: Option<Extra>,
) -> TokenStream {
    let private = &paths.private;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let extra = match extra {
        Some(Extra { catalog, cause }) => quote! {
            fn error_catalog() -> #private::Vec<#private::ErrorDescriptor> {
                #catalog
            }
            fn error_cause(&self) -> #private::Option<#private::ErrorCause<'_>> {
                #cause
            }
        },
        None => TokenStream::new(),
    };
    let hooks = hooks::hooks(paths, integrations, generics, ident);
    // `allow(deprecated)`: the impl names a deprecated type, variant or field on the user's
    // behalf; using them is the user's call, made where the values are built.
    quote! {
        #[automatically_derived]
        #[allow(deprecated)]
        impl #impl_generics #private::IntoErrorBody for #ident #ty_generics #where_clause {
            fn error_code(&self) -> #private::ErrorCode {
                #error_code
            }
            fn to_error_body(&self) -> #private::ErrorBody {
                #to_error_body
            }
            #extra
        }
        #hooks
    }
}

fn expand(
    node: &DeriveInput,
    valid: &Valid<'_, '_>,
    paths: &Paths,
    integrations: &[Ident],
    log_cause: Option<bool>,
) -> TokenStream {
    let ident = &node.ident;
    let type_name = LitStr::new(&unraw(ident), ident.span());
    let mut bounds = Bounds::new(&node.generics);
    let params = cause::Params::new(&node.generics);
    let mut cx = TypeCx {
        paths,
        type_name: &type_name,
        log_cause,
        params: &params,
        bounds: &mut bounds,
    };

    let (error_code, to_error_body, catalog, cause) = match valid {
        Valid::Struct(case) => {
            let g = CaseGen::new(&mut cx, case);
            let code = g.let_binding(&g.code_binds, g.code.clone());
            let body = g.let_binding(&g.body_binds, g.body.clone());
            let cause = g.let_binding(&g.cause_binds, g.cause.clone());
            (code, body, catalog::catalog(paths, vec![g.catalog]), cause)
        }
        Valid::Enum(variants) if variants.is_empty() => (
            quote!(match *self {}),
            quote!(match *self {}),
            catalog::catalog(paths, Vec::new()),
            quote!(match *self {}),
        ),
        Valid::Enum(variants) => {
            // Plain loops, not iterator chains over closures: less generic code to compile.
            let mut code_arms = TokenStream::new();
            let mut body_arms = TokenStream::new();
            let mut cause_arms = TokenStream::new();
            let mut parts = Vec::with_capacity(variants.len());
            for variant in variants {
                let g = CaseGen::new(&mut cx, variant);
                g.arm(&mut code_arms, &g.code_binds, &g.code);
                g.arm(&mut body_arms, &g.body_binds, &g.body);
                g.arm(&mut cause_arms, &g.cause_binds, &g.cause);
                parts.push(g.catalog);
            }
            (
                quote!(match self { #code_arms }),
                quote!(match self { #body_arms }),
                catalog::catalog(paths, parts),
                quote!(match self { #cause_arms }),
            )
        }
    };

    let generics = bounds.augment(&node.generics);
    impl_block(
        paths,
        integrations,
        &generics,
        ident,
        &error_code,
        &to_error_body,
        Some(Extra { catalog, cause }),
    )
}

pub(crate) fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

/// What every case of the type shares.
struct TypeCx<'x, 'g> {
    paths: &'x Paths,
    type_name: &'x LitStr,
    /// The type's `log_cause`, if given.
    log_cause: Option<bool>,
    params: &'x cause::Params,
    bounds: &'x mut Bounds<'g>,
}

/// The generated pieces for one case.
struct CaseGen<'c, 'a> {
    case: &'c Case<'a>,
    /// Fields `error_code` binds (the transparent field), `to_error_body` and `error_cause`
    /// bind.
    code_binds: Binds,
    body_binds: Binds,
    cause_binds: Binds,
    code: TokenStream,
    body: TokenStream,
    cause: TokenStream,
    catalog: CatalogPart,
}

impl<'c, 'a> CaseGen<'c, 'a> {
    fn new(cx: &mut TypeCx<'_, '_>, valid: &ValidCase<'c, 'a>) -> CaseGen<'c, 'a> {
        let case = valid.case;
        let paths = cx.paths;
        let bounds = &mut *cx.bounds;
        let private = &paths.private;
        let logged = log_cause(&case.attrs).or(cx.log_cause).unwrap_or(true);
        let (code, placeholders) = match &valid.kind {
            Kind::Transparent(field) => {
                let inner = binds::binding(field, 0);
                let ty = field.ty;
                bounds.insert(ty, quote!(#private::IntoErrorBody));
                return CaseGen {
                    case,
                    code_binds: vec![0],
                    body_binds: vec![0],
                    cause_binds: vec![0],
                    code: quote!(#private::IntoErrorBody::error_code(#inner)),
                    body: quote!(#private::IntoErrorBody::to_error_body(#inner)),
                    cause: cause::transparent(paths, field, logged),
                    catalog: catalog::inner(paths, ty),
                };
            }
            Kind::Code { code, placeholders } => {
                // Checked in 400..=599; were it not, `code()` would fail in its const block.
                let value = proc_macro2::Literal::u16_unsuffixed(*code);
                (
                    quote!(const { #private::code(#value) }),
                    (default_message(*code), placeholders),
                )
            }
        };
        let (default, placeholders) = placeholders;

        let mut body_binds = Binds::new();
        let message = message(
            paths,
            case,
            &code,
            default,
            placeholders,
            bounds,
            &mut body_binds,
        );
        let delay = delay(paths, case, message.body, bounds, &mut body_binds);
        let catalog = catalog::descriptor(
            paths,
            cx.type_name,
            valid,
            &code,
            &message.catalog,
            message.templated,
            &delay.hint,
        );
        let mut cause_binds = Binds::new();
        let cause = cause::cause(
            paths,
            case,
            cx.type_name,
            logged,
            cx.params,
            bounds,
            &mut cause_binds,
        );
        CaseGen {
            case,
            code_binds: Binds::new(),
            body_binds,
            cause_binds,
            code,
            body: delay.body,
            cause,
            catalog,
        }
    }

    /// A match arm `pattern => expr,` appended to `arms`.
    fn arm(&self, arms: &mut TokenStream, binds: &[usize], expr: &TokenStream) {
        let pat = binds::pattern(self.case, binds);
        arms.extend(quote!(#pat => #expr,));
    }

    /// For a struct: `let Self(..) = self; expr`, or just `expr` when nothing is bound.
    fn let_binding(&self, binds: &[usize], expr: TokenStream) -> TokenStream {
        if binds.is_empty() {
            expr
        } else {
            let pat = binds::pattern(self.case, binds);
            quote! {
                let #pat = self;
                #expr
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::derive;

    fn expand(input: syn::DeriveInput) -> String {
        derive(&input).to_string()
    }

    #[test]
    fn hooks_only_for_the_integrations_asked_for() {
        let out = expand(syn::parse_quote! {
            #[error_body(axum)]
            enum E<'a, T: Clone, const N: usize> where T: Default {
                #[error_body(code = 404, message = "{0}")]
                A(&'a T),
            }
        });
        let hook = ":: sunor_errors :: __private :: derive_axum ! { \
                    impl [< 'a , T : Clone , const N : usize >] \
                    for [E < 'a , T , N >] \
                    where [T : Default , & 'a T : :: sunor_errors :: __private :: fmt :: Display] }";
        assert!(out.contains(hook), "{out}");
        assert_eq!(out.matches("derive_").count(), 1, "{out}");

        let out = expand(syn::parse_quote! {
            #[error_body(code = 404, axum)]
            struct S;
        });
        assert!(
            out.contains(
                ":: sunor_errors :: __private :: derive_axum ! { impl [] for [S] where [] }"
            ),
            "{out}"
        );

        // Without the key, nothing for any framework.
        let out = expand(syn::parse_quote! {
            #[error_body(code = 404)]
            struct S;
        });
        assert!(!out.contains("derive_"), "{out}");
    }

    #[test]
    fn every_path_starts_at_the_crate_given() {
        let out = expand(syn::parse_quote! {
            #[error_body(crate = "reexport::errs", axum)]
            enum E<T> {
                #[error_body(code = 429, message = "{0}")]
                A(String, #[error_body(retry_after)] T),
                #[error_body(transparent)]
                B(Box<E<T>>),
            }
        });
        assert!(!out.contains("sunor_errors"), "{out}");
        for path in [
            "impl < T > reexport :: errs :: __private :: IntoErrorBody for E < T >",
            "where T : reexport :: errs :: retry_after :: RetryAfterField",
            "reexport :: errs :: retry_after :: RetryAfterField :: retry_after_seconds (__field1)",
            "reexport :: errs :: __private :: format_message (0 ,",
            "reexport :: errs :: __private :: derive_axum !",
        ] {
            assert!(out.contains(path), "{path}: {out}");
        }
    }

    #[test]
    fn impls_allow_deprecated_items() {
        let out = expand(syn::parse_quote! {
            #[error_body(code = 404, axum)]
            struct S;
        });
        assert!(
            out.starts_with("# [automatically_derived] # [allow (deprecated)] impl"),
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
        assert!(!out.contains("format_message"), "{out}");
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
    fn causes_probe_only_fields_that_can_be_errors() {
        let out = expand(syn::parse_quote! {
            enum E<'a, T, U> {
                #[error_body(code = 500)]
                A(std::io::Error),
                #[error_body(code = 500)]
                B(#[source] T),
                #[error_body(code = 500)]
                C(U),
                #[error_body(code = 500)]
                D(&'a std::io::Error),
                #[error_body(code = 503, log_cause = false)]
                F { other: u8, source: Option<Box<dyn Error + 'static>> },
                #[error_body(code = 500)]
                G(std::io::Error, u8),
                #[error_body(transparent, log_cause = false)]
                H(Inner),
            }
        });
        let p = ":: sunor_errors :: __private ::";
        for arm in [
            format!(
                "Self :: A (__field0) => {p} Option :: Some ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (\"A\") , {p} probe_source ! (__field0)))"
            ),
            "Self :: B (__field0) =>".to_owned(),
            format!(
                "Self :: C (..) => {p} Option :: Some ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (\"C\") , {p} Option :: None))"
            ),
            "Self :: D (..) =>".to_owned(),
            format!(
                "Self :: F {{ source : __field_source , .. }} => {p} Option :: Some ({p} ErrorCause :: with_logged ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (\"F\") , match __field_source {{ {p} Option :: Some (__source) => {p} probe_source ! (__source) , {p} Option :: None => {p} Option :: None , }}) , false))"
            ),
            "Self :: G (..) =>".to_owned(),
            format!(
                "Self :: H (__field0) => {p} unlogged ({p} IntoErrorBody :: error_cause (__field0))"
            ),
        ] {
            assert!(out.contains(&arm), "{arm}: {out}");
        }
        // Only the marked generic field is bounded, as thiserror bounds it.
        assert!(
            out.contains(&format!("where T : {p} Error + 'static")),
            "{out}"
        );
        assert!(!out.contains("U :"), "{out}");
    }

    #[test]
    fn errors_come_with_a_fallback_impl() {
        let out = expand(syn::parse_quote! {
            #[error_body(axum)]
            enum E {
                #[error_body(code = 399, colour = 1)]
                A,
                B,
            }
        });
        assert_eq!(out.matches("compile_error !").count(), 3, "{out}");
        assert!(out.contains("unreachable !"), "{out}");
        assert!(out.contains("impl :: sunor_errors :: __private :: IntoErrorBody for E"));
        // The type's hooks stay: no "`IntoResponse` is not implemented" on top.
        assert!(out.contains("derive_axum !"), "{out}");

        let out = expand(syn::parse_quote! {
            union U { a: u8 }
        });
        assert_eq!(out.matches("compile_error !").count(), 1, "{out}");
        assert!(out.contains("does not support unions"), "{out}");
        assert!(out.contains("impl :: sunor_errors :: __private :: IntoErrorBody for U"));
    }
}
