//! Code generation: the `IntoErrorBody` impl of a checked input, with the hooks of the
//! framework integrations the type opts into. Every path goes through
//! `<crate>::__private`, as `frame.rs` explains.
//!
//! Each case is written straight into the three methods that match on it and into the
//! catalogue (`error_code` gathers the variants of one code into one arm): plain loops, no
//! intermediate structures beyond that (this crate's build time is a measured target,
//! BENCHMARKS.md).
//!
//! What it writes is kept short, because a user's crate pays for it on every rebuild: the
//! macro runs again and the compiler reads its output again, even when nothing changed
//! (`scripts/compile-time.sh` measures the incremental rebuild of a 50-variant enum). So
//! every path starts at one alias (`frame::scoped`), a named code is its constant, an
//! enum's causes are built once after a match, the catalogue is one string literal per run of
//! cases, and tokens go to the compiler in as few streams as they can (`frame::append`).

use proc_macro2::{Literal, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, TokenStreamExt as _, quote};
use syn::{DeriveInput, Generics, Ident, LitStr};

use crate::ast::Case;
use crate::ast::Input;
use crate::attr::Attrs;
use crate::binds::{self, Binds};
use crate::catalog::Catalog;
use crate::ctxt::Ctxt;
use crate::default_messages::default_message;
use crate::delay::delay;
use crate::frame::{self, Paths, Trees, append, unraw};
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

/// The impl (with `__catalog` and `error_cause` when given) and the integrations' hooks:
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
        // `#[inline]` on the two methods most crates never call (the catalogue is read by
        // tests and OpenAPI, the cause by a 5xx's log): the deriving crate does not codegen
        // them unless it uses them (about 3% of rustc's instructions on a 50-variant enum's
        // rebuild); where they are called, they are codegen'd there.
        Some(Extra { catalog, cause }) => quote! {
            #[inline]
            fn __catalog(__out: &mut #private::Vec<#private::Listed>) {
                #catalog
            }
            fn __decodes() -> bool {
                #private::decodes!(Self)
            }
            #[inline]
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
    /// `error_code`'s arms of the variants answering with their own code, one per code, at
    /// the same index in each: the code, its variants' patterns joined by `|`, and its
    /// expression (the arms go after the transparent ones; the patterns do not overlap).
    /// One arm per variant wrote the same code expression again for each variant with that
    /// code. (Three `Vec`s of types the crate uses anyway, not one of a new tuple type.)
    codes: Vec<usize>,
    patterns: Vec<TokenStream>,
    exprs: Vec<TokenStream>,
    body: TokenStream,
    cause: TokenStream,
    catalog: Catalog,
}

/// The impl, in the block where `<crate>::__private` has its alias (`frame::scoped`).
fn expand(
    node: &DeriveInput,
    valid: &Valid<'_, '_>,
    outer: &Paths,
    integrations: &[Ident],
    log_cause: Option<bool>,
) -> TokenStream {
    let paths = &outer.scoped();
    let ident = &node.ident;
    let type_name = LitStr::new(&unraw(ident), ident.span());
    let mut bounds = Bounds::new(&node.generics);
    let params = cause::Params::new(&node.generics);
    let cases = match valid {
        Valid::Struct(case) => std::slice::from_ref(case),
        Valid::Enum(cases) => cases.as_slice(),
    };
    // An enum's `error_cause` builds one `ErrorCause` after its match when a variant
    // answers with its own code (see `cause.rs`).
    let mut logging = None;
    if let Valid::Enum(_) = valid {
        let (mut any_logged, mut any_unlogged) = (false, false);
        for case in cases {
            if let Kind::Code { .. } = case.kind {
                let logged = logged(&case.case.attrs, log_cause);
                any_logged |= logged;
                any_unlogged |= !logged;
            }
        }
        if any_logged || any_unlogged {
            logging = Some(cause::Logging::of(any_logged, any_unlogged));
        }
    }
    let mut cx = TypeCx {
        paths,
        type_name: &type_name,
        log_cause,
        logging,
        probed: false,
        params: &params,
        bounds: &mut bounds,
    };
    let mut out = Out {
        code: TokenStream::new(),
        codes: Vec::new(),
        patterns: Vec::new(),
        exprs: Vec::new(),
        body: TokenStream::new(),
        cause: TokenStream::new(),
        catalog: Catalog::new(&type_name),
    };
    for case in cases {
        write_case(&mut cx, case, &mut out);
    }
    let probed = cx.probed;
    let Out {
        mut code,
        codes: _,
        mut patterns,
        exprs,
        mut body,
        mut cause,
        catalog,
    } = out;
    for at in 0..patterns.len() {
        append(&mut code, std::mem::take(&mut patterns[at]));
        code.append(Punct::new('=', Spacing::Joint));
        code.append(Punct::new('>', Spacing::Alone));
        exprs[at].to_tokens(&mut code);
        code.append(Punct::new(',', Spacing::Alone));
    }
    if let Valid::Enum(_) = valid {
        code = match_self(code, cases.is_empty());
        body = match_self(body, cases.is_empty());
        cause = match logging {
            Some(logging) => cause::by_variant(paths, &type_name, &cause, logging, probed),
            None => match_self(cause, cases.is_empty()),
        };
    } else if probed {
        let mut traits = cause::probe_traits(paths);
        append(&mut traits, cause);
        cause = traits;
    }

    let generics = bounds.augment(&node.generics);
    let catalog = catalog.finish(paths);
    let block = impl_block(
        paths,
        integrations,
        &generics,
        ident,
        &code,
        &body,
        Some(Extra { catalog, cause }),
    );
    frame::scoped(outer, block)
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
/// The tokens around `expr` are pushed one by one (see `frame::append`).
fn add(out: &mut TokenStream, case: &Case<'_>, binds: &[usize], expr: TokenStream) {
    if case.is_variant {
        binds::write_pattern(out, case, binds);
        out.append(Punct::new('=', Spacing::Joint));
        out.append(Punct::new('>', Spacing::Alone));
        append(out, expr);
        out.append(Punct::new(',', Spacing::Alone));
    } else if binds.is_empty() {
        append(out, expr);
    } else {
        out.append(Ident::new("let", Span::call_site()));
        binds::write_pattern(out, case, binds);
        out.append(Punct::new('=', Spacing::Alone));
        out.append(Ident::new("self", Span::call_site()));
        out.append(Punct::new(';', Spacing::Alone));
        append(out, expr);
    }
}

/// The `ErrorCode` of `code` (checked in 400..=599): its named constant (the design's
/// `ErrorCode::NOT_FOUND`, ...) when it has one, else `const { code(N) }`, where `code()`
/// would fail at compile time were the number out of range. Both are the same constant;
/// the named one costs the compiler nothing more, where each `const { }` block is an item
/// of its own to check, store and reload on every incremental rebuild (written three times
/// per case: in `error_code`, the body, the catalogue).
fn code_expr(paths: &Paths, code: u16) -> Trees {
    let private = &paths.private;
    let name = match code {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        402 => "PAYMENT_REQUIRED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        408 => "REQUEST_TIMEOUT",
        409 => "CONFLICT",
        422 => "UNPROCESSABLE_ENTITY",
        429 => "TOO_MANY_REQUESTS",
        500 => "INTERNAL_SERVER_ERROR",
        501 => "NOT_IMPLEMENTED",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        _ => {
            let value = Literal::u16_unsuffixed(code);
            return Trees::new(quote!(const { #private::code(#value) }));
        }
    };
    private.path(&["ErrorCode", name])
}

/// What every case of the type shares.
struct TypeCx<'x> {
    paths: &'x Paths,
    type_name: &'x LitStr,
    /// The type's `log_cause`, if given.
    log_cause: Option<bool>,
    /// For an enum with a variant answering with its own code: whether those variants log
    /// their cause (`error_cause` then builds it after the match).
    logging: Option<cause::Logging>,
    /// A case's source is probed: `error_cause` needs the probe's traits.
    probed: bool,
    params: &'x cause::Params,
    bounds: &'x mut Bounds,
}

/// Whether a case with attributes `attrs` logs its cause: its `log_cause`, else the type's
/// (`log_cause`), else `true`.
fn logged(attrs: &Attrs, log_cause: Option<bool>) -> bool {
    match self::log_cause(attrs) {
        Some(logged) => logged,
        None => log_cause.unwrap_or(true),
    }
}

/// One case, written into the three methods and the catalogue.
fn write_case(cx: &mut TypeCx<'_>, valid: &ValidCase<'_, '_>, out: &mut Out) {
    let case = valid.case;
    let paths = cx.paths;
    let private = &paths.private;
    let logged = logged(&case.attrs, cx.log_cause);
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
            let mut cause = cause::transparent(paths, field, logged);
            if cx.logging.is_some() {
                cause = quote!(return #cause);
            }
            add(&mut out.cause, case, &only, cause);
            out.catalog.push_inner(paths, ty);
            return;
        }
        Kind::Code { code, placeholders } => (*code, placeholders),
    };
    let code_expr = code_expr(paths, code);

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
    out.catalog
        .push(valid, code, &message.catalog, message.templated, delay.hint);
    let mut cause_binds = Binds::new();
    let source = cause::source(
        paths,
        case,
        cx.params,
        cx.bounds,
        &mut cause_binds,
        &mut cx.probed,
    );
    let cause = match cx.logging {
        Some(logging) => cause::arm(case, &source, logging, logged),
        None => cause::whole(paths, case, cx.type_name, &source, logged),
    };
    // Tokens pushed as they are (see `frame::append`).
    if case.is_variant {
        let mut at = 0;
        while at < out.codes.len() && out.codes[at] != usize::from(code) {
            at += 1;
        }
        if at == out.codes.len() {
            out.codes.push(usize::from(code));
            out.patterns.push(TokenStream::new());
            out.exprs.push(code_expr.to_token_stream());
        } else {
            out.patterns[at].append(Punct::new('|', Spacing::Alone));
        }
        binds::write_pattern(&mut out.patterns[at], case, &[]);
    } else {
        code_expr.to_tokens(&mut out.code);
    }
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
        let hook = "__sunor_errors_private :: derive_axum ! { \
                    impl [< 'a , T : Clone , const N : usize >] \
                    for [E < 'a , T , N >] \
                    where [T : Default , & 'a T : __sunor_errors_private :: fmt :: Display] }";
        assert!(out.contains(hook), "{out}");
        assert_eq!(out.matches("derive_").count(), 1, "{out}");

        let out = expand(syn::parse_quote! {
            #[error_body(code = 404, axum)]
            struct S;
        });
        assert!(
            out.contains("__sunor_errors_private :: derive_axum ! { impl [] for [S] where [] }"),
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
        assert!(!out.contains(":: sunor_errors"), "{out}");
        // `__private` is named once, for the alias every other path starts with.
        assert!(
            out.starts_with(
                "const _ : () = { use reexport :: errs :: __private as __sunor_errors_private ;"
            ),
            "{out}"
        );
        assert_eq!(out.matches("errs :: __private").count(), 1, "{out}");
        for path in [
            "impl < T > __sunor_errors_private :: IntoErrorBody for E < T >",
            "where T : reexport :: errs :: retry_after :: RetryAfterField",
            "reexport :: errs :: retry_after :: RetryAfterField :: retry_after_seconds (__field1)",
            "__sunor_errors_private :: format_message (0 ,",
            "__sunor_errors_private :: derive_axum !",
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
            out.starts_with(
                "const _ : () = { use :: sunor_errors :: __private as __sunor_errors_private ; \
                 # [automatically_derived] # [allow (deprecated)] impl"
            ),
            "{out}"
        );
    }

    #[test]
    fn static_messages_are_borrowed_and_codes_const() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 401, message = "Invalid {{key}}")]
                A,
                #[error_body(code = 418)]
                B,
            }
        });
        assert!(out.contains("Cow :: Borrowed (\"Invalid {key}\")"), "{out}");
        assert!(!out.contains("format_message"), "{out}");
        // A code with a named constant is written as it, any other in a `const` block: in
        // `error_code` and in the body (the catalogue's table has the number).
        let p = "__sunor_errors_private ::";
        assert_eq!(
            out.matches(&format!("{p} ErrorCode :: UNAUTHORIZED"))
                .count(),
            2,
            "{out}"
        );
        assert_eq!(
            out.matches(&format!("const {{ {p} code (418) }}")).count(),
            2,
            "{out}"
        );
        assert!(out.contains("# [automatically_derived]"), "{out}");
    }

    #[test]
    fn error_code_has_one_arm_per_code() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 404)]
                A,
                #[error_body(code = 418)]
                B(u8),
                #[error_body(transparent)]
                C(Inner),
                #[error_body(code = 404, message = "{id}")]
                D { id: u64 },
            }
        });
        let p = "__sunor_errors_private ::";
        assert!(
            out.contains(&format!(
                "fn error_code (& self) -> {p} ErrorCode {{ match self {{ \
                 Self :: C (__field0) => {p} IntoErrorBody :: error_code (__field0) , \
                 Self :: A | Self :: D {{ .. }} => {p} ErrorCode :: NOT_FOUND , \
                 Self :: B (..) => const {{ {p} code (418) }} , }} }}"
            )),
            "{out}"
        );
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
            out.contains("where T : __sunor_errors_private :: fmt :: Debug , V : __sunor_errors_private :: IntoErrorBody"),
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
        let p = "__sunor_errors_private ::";
        // One match for the variant's name and source (and its `logged`, as the variants
        // differ in it), then one `ErrorCause`; the probe's traits imported once.
        let probe = format!("(&& & {p} probe :: Probe");
        for arm in [
            format!(
                "fn error_cause (& self) -> {p} Option < {p} ErrorCause < '_ >> {{ \
                 # [allow (unused_imports)] use {p} probe :: {{ ViaDeref as _ , ViaError as _ , ViaNothing as _ }} ; \
                 let (__variant , __source , __logged) = match self {{"
            ),
            format!(
                "Self :: A (__field0) => (\"A\" , {probe} (__field0)) . error_source () , true) ,"
            ),
            format!(
                "Self :: B (__field0) => (\"B\" , {probe} (__field0)) . error_source () , true) ,"
            ),
            format!("Self :: C (..) => (\"C\" , {p} Option :: None , true) ,"),
            format!("Self :: D (..) => (\"D\" , {p} Option :: None , true) ,"),
            format!(
                "Self :: F {{ source : __field_source , .. }} => (\"F\" , match __field_source {{ {p} Option :: Some (__source) => {probe} (__source)) . error_source () , {p} Option :: None => {p} Option :: None , }} , false) ,"
            ),
            format!("Self :: G (..) => (\"G\" , {p} Option :: None , true) ,"),
            format!(
                "Self :: H (__field0) => return {p} unlogged ({p} IntoErrorBody :: error_cause (__field0)) , \
                 }} ; \
                 {p} Option :: Some ({p} ErrorCause :: with_logged ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (__variant) , __source) , __logged)) }}"
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
    fn causes_of_an_enum_are_built_after_one_match() {
        let p = "__sunor_errors_private ::";
        // Every variant logged: no flag, the constructor's default.
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 500)]
                A,
                #[error_body(transparent)]
                B(Inner),
            }
        });
        assert!(
            out.contains(&format!(
                "fn error_cause (& self) -> {p} Option < {p} ErrorCause < '_ >> {{ \
                 let (__variant , __source) = match self {{ \
                 Self :: A => (\"A\" , {p} Option :: None) , \
                 Self :: B (__field0) => return {p} IntoErrorBody :: error_cause (__field0) , }} ; \
                 {p} Option :: Some ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (__variant) , __source)) }}"
            )),
            "{out}"
        );
        // None logged: one flag for all.
        let out = expand(syn::parse_quote! {
            #[error_body(log_cause = false)]
            enum E {
                #[error_body(code = 500)]
                A,
            }
        });
        assert!(
            out.contains(&format!(
                "{p} Option :: Some ({p} ErrorCause :: with_logged ({p} ErrorCause :: new (\"E\" , {p} Option :: Some (__variant) , __source) , false))"
            )),
            "{out}"
        );
        // Only transparent variants, a struct: no match to share.
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(transparent)]
                A(Inner),
            }
        });
        assert!(
            out.contains(&format!(
                "match self {{ Self :: A (__field0) => {p} IntoErrorBody :: error_cause (__field0) , }}"
            )),
            "{out}"
        );
        let out = expand(syn::parse_quote! {
            #[error_body(code = 500)]
            struct S(std::io::Error);
        });
        assert!(
            out.contains(&format!(
                "fn error_cause (& self) -> {p} Option < {p} ErrorCause < '_ >> {{ \
                 # [allow (unused_imports)] use {p} probe :: {{ ViaDeref as _ , ViaError as _ , ViaNothing as _ }} ; \
                 let Self (__field0) = self ; \
                 {p} Option :: Some ({p} ErrorCause :: new (\"S\" , {p} Option :: None , (&& & {p} probe :: Probe (__field0)) . error_source ())) }}"
            )),
            "{out}"
        );
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
