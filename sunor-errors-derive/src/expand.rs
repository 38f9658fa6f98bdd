//! Code generation: the `IntoErrorBody` impl of a checked input, with the hooks of the
//! framework integrations the type opts into. Every path goes through
//! `<crate>::__private`, as `frame.rs` explains.
//!
//! Each case is written straight into the three methods that match on it and into the
//! catalogue: no intermediate structures, and plain loops (this crate's build time is a
//! measured target, BENCHMARKS.md).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Generics, Ident, LitStr};

use crate::ast::Case;
use crate::ast::Input;
use crate::attr::Attrs;
use crate::binds::{self, Binds};
use crate::catalog::{self, Catalog};
use crate::ctxt::Ctxt;
use crate::defaults::default_message;
use crate::delay::delay;
use crate::frame::{self, Paths, append, unraw};
use crate::generics::Bounds;
use crate::message::message;
use crate::valid::{self, Kind, Valid, ValidCase};
use crate::{cause, fallback, hooks};

pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = match Input::from_syn(&mut cx, node, "IntoErrorBody") {
        Ok(input) => input,
        // A union: nothing else of it is read.
        Err(error) => return fallback(node, &Paths::new(None), &[], error),
    };
    let paths = Paths::new(input.attrs().crate_path());
    let integrations = &input.attrs().integrations;
    let log_cause = log_cause(input.attrs());
    let valid = valid::check(&mut cx, &input);
    match (cx.check(), valid) {
        (Ok(()), Ok(valid)) => expand(node, &valid, &paths, integrations, log_cause),
        (Err(errors), _) | (Ok(()), Err(errors)) => fallback(node, &paths, integrations, errors),
    }
}

/// The errors, and an impl (and the type's hooks) beside them: see `fallback.rs`.
fn fallback(
    node: &DeriveInput,
    paths: &Paths,
    integrations: &[Ident],
    errors: syn::Error,
) -> TokenStream {
    let unreachable = fallback::unreachable();
    let block = impl_block(
        paths,
        integrations,
        &node.generics,
        &node.ident,
        &unreachable,
        &unreachable,
        None,
    );
    fallback::expand(errors, block)
}

/// A `log_cause = true/false` given (and well-formed) in `attrs`.
fn log_cause(attrs: &Attrs) -> Option<bool> {
    match &attrs.log_cause {
        Some(key) => key.value,
        None => None,
    }
}

/// The methods beyond `error_code` and `to_error_body`; the fallback has none.
struct Extra {
    catalog: TokenStream,
    cause: TokenStream,
}

/// The impl (with `error_catalog` and `error_cause` when given) and the integrations' hooks:
/// one copy of this code for the real impl and the fallback.
fn impl_block(
    paths: &Paths,
    integrations: &[Ident],
    generics: &Generics,
    ident: &Ident,
    error_code: &TokenStream,
    to_error_body: &TokenStream,
    extra: Option<Extra>,
) -> TokenStream {
    let private = &paths.private;
    let extra = match extra {
        Some(Extra { catalog, cause }) => quote! {
            fn error_catalog() -> #private::Vec<#private::ErrorDescriptor> {
                #catalog
            }
            fn __decodes() -> bool {
                #private::decodes!(Self)
            }
            fn error_cause(&self) -> #private::Option<#private::ErrorCause<'_>> {
                #cause
            }
        },
        None => TokenStream::new(),
    };
    let items = quote! {
        fn error_code(&self) -> #private::ErrorCode {
            #error_code
        }
        fn to_error_body(&self) -> #private::ErrorBody {
            #to_error_body
        }
        #extra
    };
    let mut out = frame::impl_block(paths, "IntoErrorBody", generics, ident, true, items);
    append(&mut out, hooks::hooks(paths, integrations, generics, ident));
    out
}

/// What the cases are written into: the bodies of the three methods that match on them,
/// and the catalogue.
struct Out {
    code: TokenStream,
    body: TokenStream,
    cause: TokenStream,
    catalog: Catalog,
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
    let mut out = Out {
        code: TokenStream::new(),
        body: TokenStream::new(),
        cause: TokenStream::new(),
        catalog: Catalog::default(),
    };
    let cases = match valid {
        Valid::Struct(case) => std::slice::from_ref(case),
        Valid::Enum(cases) => cases.as_slice(),
    };
    for case in cases {
        write_case(&mut cx, case, &mut out);
    }
    let Out {
        mut code,
        mut body,
        mut cause,
        catalog,
    } = out;
    if let Valid::Enum(_) = valid {
        code = match_self(code, cases.is_empty());
        body = match_self(body, cases.is_empty());
        cause = match_self(cause, cases.is_empty());
    }

    let generics = bounds.augment(&node.generics);
    let catalog = catalog.finish(paths);
    impl_block(
        paths,
        integrations,
        &generics,
        ident,
        &code,
        &body,
        Some(Extra { catalog, cause }),
    )
}

/// An enum's method body: a `match` on its arms (`*self` for an enum without variants).
fn match_self(arms: TokenStream, empty: bool) -> TokenStream {
    if empty {
        quote!(match *self {})
    } else {
        quote!(match self { #arms })
    }
}

/// A case's part of a method: a match arm `pattern => expr,` for a variant; for a struct,
/// the whole body, `let Self(..) = self; expr`, or just `expr` when it binds nothing.
fn add(out: &mut TokenStream, case: &Case<'_>, binds: &[usize], expr: TokenStream) {
    if case.is_variant {
        let pat = binds::pattern(case, binds);
        append(out, quote!(#pat => #expr,));
    } else if binds.is_empty() {
        append(out, expr);
    } else {
        let pat = binds::pattern(case, binds);
        append(
            out,
            quote! {
                let #pat = self;
                #expr
            },
        );
    }
}

/// What every case of the type shares.
struct TypeCx<'x> {
    paths: &'x Paths,
    type_name: &'x LitStr,
    /// The type's `log_cause`, if given.
    log_cause: Option<bool>,
    params: &'x cause::Params,
    bounds: &'x mut Bounds,
}

/// One case, written into the three methods and the catalogue.
fn write_case(cx: &mut TypeCx<'_>, valid: &ValidCase<'_, '_>, out: &mut Out) {
    let case = valid.case;
    let paths = cx.paths;
    let private = &paths.private;
    let logged = match log_cause(&case.attrs) {
        Some(logged) => logged,
        None => cx.log_cause.unwrap_or(true),
    };
    let (code, placeholders) = match &valid.kind {
        Kind::Transparent(field) => {
            let inner = binds::binding(field, 0);
            let ty = field.ty;
            cx.bounds.insert(ty, quote!(#private::IntoErrorBody));
            let only = [0];
            let code = quote!(#private::IntoErrorBody::error_code(#inner));
            add(&mut out.code, case, &only, code);
            let body = quote!(#private::IntoErrorBody::to_error_body(#inner));
            add(&mut out.body, case, &only, body);
            add(
                &mut out.cause,
                case,
                &only,
                cause::transparent(paths, field, logged),
            );
            out.catalog.push_inner(paths, ty);
            return;
        }
        Kind::Code { code, placeholders } => (*code, placeholders),
    };
    // Checked in 400..=599; were it not, `code()` would fail in its const block.
    let value = proc_macro2::Literal::u16_unsuffixed(code);
    let code_expr = quote!(const { #private::code(#value) });

    let mut body_binds = Binds::new();
    let message = message(
        paths,
        case,
        &code_expr,
        default_message(code),
        placeholders,
        cx.bounds,
        &mut body_binds,
    );
    let delay = delay(paths, case, message.body, cx.bounds, &mut body_binds);
    out.catalog.push(catalog::descriptor(
        paths,
        cx.type_name,
        valid,
        &code_expr,
        &message.catalog,
        message.templated,
        &delay.hint,
    ));
    let mut cause_binds = Binds::new();
    let cause = cause::cause(
        paths,
        case,
        cx.type_name,
        logged,
        cx.params,
        cx.bounds,
        &mut cause_binds,
    );
    add(&mut out.code, case, &[], code_expr);
    add(&mut out.body, case, &body_binds, delay.body);
    add(&mut out.cause, case, &cause_binds, cause);
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
