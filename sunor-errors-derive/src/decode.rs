//! `#[derive(FromErrorBody)]`: the same input and checks as `IntoErrorBody` (`ast`, `valid`),
//! then each case's decoding `plan`, the `ambiguity` check between cases, and the impl.
//!
//! The generated function matches on the code first, then tries only that code's cases,
//! each in a labeled block that `break`s out at the first mismatch: the literal parts of the
//! message (prefix, suffix, then each literal between placeholders at its first
//! occurrence), the split of adjacent placeholders, each placeholder's parser, the delay.
//! `transparent` cases come last, in declaration order. Every path goes through
//! `<crate>::__private`, as `expand.rs` explains.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Ident};

use crate::ambiguity;
use crate::ast::{Case, Input};
use crate::attr::Attrs;
use crate::automaton::Dfa;
use crate::binds;
use crate::ctxt::Ctxt;
use crate::expand::Paths;
use crate::generics::Bounds;
use crate::plan::{self, How, Match, Message, Plan, Source};
use crate::spec::{Align, Parser};
use crate::valid::{self, Valid};

pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = match Input::from_syn(&mut cx, node, "FromErrorBody") {
        Ok(input) => input,
        Err(error) => return fallback(node, &Paths::new(&Attrs::default()), error),
    };
    let paths = Paths::new(input.attrs());
    if let Input::Enum { attrs, .. } = &input
        && let Some(skip) = &attrs.skip_decode
    {
        cx.spanned(
            skip,
            "`skip_decode` goes on a variant, not on the enum: it keeps decoding from producing that variant",
        );
    }
    let valid = valid::check(&mut cx, &input);
    let plans = valid.as_ref().ok().map(|valid| {
        let cases = match valid {
            Valid::Struct(case) => std::slice::from_ref(case),
            Valid::Enum(cases) => cases.as_slice(),
        };
        let mut plans = Vec::with_capacity(cases.len());
        for case in cases {
            if let Some(plan) = plan::plan(&mut cx, case) {
                plans.push(plan);
            }
        }
        // Only once every case has a plan: a broken case is reported once, not compared.
        if plans.len() == cases.len() {
            ambiguity::check(&mut cx, &plans);
        }
        plans
    });
    match (cx.check(), valid, plans) {
        (Ok(()), Ok(_), Some(plans)) => expand(node, &plans, &paths),
        (Err(errors), _, _) | (Ok(()), Err(errors), _) => fallback(node, &paths, errors),
        (Ok(()), Ok(_), None) => fallback(
            node,
            &paths,
            syn::Error::new(Span::call_site(), "FromErrorBody: no plan"),
        ),
    }
}

/// After an error: the errors, and an impl beside them so that uses of the trait do not
/// pile up more errors (as `fallback.rs` does for `IntoErrorBody`).
fn fallback(node: &DeriveInput, paths: &Paths, errors: syn::Error) -> TokenStream {
    let errors = errors.into_compile_error();
    let private = &paths.private;
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    quote! {
        #errors
        #[automatically_derived]
        impl #impl_generics #private::FromErrorBody for #ident #ty_generics #where_clause {
            fn from_error_body(_: &#private::ErrorBody) -> #private::Option<Self> {
                ::core::unreachable!()
            }
        }
    }
}

fn expand(node: &DeriveInput, plans: &[Plan<'_, '_>], paths: &Paths) -> TokenStream {
    let private = &paths.private;
    let mut bounds = Bounds::new(&node.generics);
    let mut statics = TokenStream::new();
    let mut codes: Vec<(u16, TokenStream)> = Vec::new();
    let mut transparent = TokenStream::new();
    let mut uses_delay = false;
    for (n, plan) in plans.iter().enumerate() {
        match &plan.how {
            How::Skip => {}
            How::Transparent(field) => {
                let ty = field.ty;
                bounds.insert(ty, quote!(#private::FromErrorBody));
                let name = binds::binding(field, 0);
                let value = binds::pattern(plan.case, &[0]);
                transparent.extend(quote! {
                    if let #private::Option::Some(#name) =
                        <#ty as #private::FromErrorBody>::from_error_body(__body)
                    {
                        return #private::Option::Some(#value);
                    }
                });
            }
            How::Match(m) => {
                for source in &m.sources {
                    uses_delay |= matches!(source, Source::Delay);
                }
                let block = case_block(paths, plan.case, m, n, &mut bounds, &mut statics);
                match codes.iter_mut().find(|(code, _)| *code == m.code) {
                    Some((_, blocks)) => blocks.extend(block),
                    None => codes.push((m.code, block)),
                }
            }
        }
    }

    let mut body = statics;
    if !codes.is_empty() {
        body.extend(quote!(let __message = #private::ErrorBody::message(__body);));
        if uses_delay {
            body.extend(quote!(let __delay = #private::ErrorBody::retry_after_seconds(__body);));
        }
        let code = quote!(#private::ErrorCode::as_u16(#private::ErrorBody::code(__body)));
        if let [(value, blocks)] = codes.as_slice() {
            let value = Literal::u16_unsuffixed(*value);
            body.extend(quote!(if #code == #value { #blocks }));
        } else {
            let mut arms = TokenStream::new();
            for (value, blocks) in &codes {
                let value = Literal::u16_unsuffixed(*value);
                arms.extend(quote!(#value => { #blocks }));
            }
            body.extend(quote!(match #code { #arms _ => {} }));
        }
    }
    body.extend(transparent);

    let ident = &node.ident;
    let generics = bounds.augment(&node.generics);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        #[allow(deprecated)]
        impl #impl_generics #private::FromErrorBody for #ident #ty_generics #where_clause {
            fn from_error_body(__body: &#private::ErrorBody) -> #private::Option<Self> {
                #body
                #private::Option::None
            }
        }
    }
}

/// One case: a labeled block that returns the value when the body matches, and falls
/// through otherwise. Split automata go to `statics` (items before any statement).
fn case_block(
    paths: &Paths,
    case: &Case<'_>,
    m: &Match<'_>,
    n: usize,
    bounds: &mut Bounds<'_>,
    statics: &mut TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let krate = &paths.krate;
    let mut out = TokenStream::new();
    let fail = quote!(else { break '__case; };);
    let hole = |h: usize| format_ident!("__hole{}", h);

    match &m.message {
        Message::Exact(text) => out.extend(quote!(if __message != #text { break '__case; })),
        Message::Template {
            prefix,
            middles,
            suffix,
            runs,
        } => {
            out.extend(quote!(let __rest = __message;));
            if !prefix.is_empty() {
                out.extend(quote! {
                    let #private::Option::Some(__rest) = #private::strip_prefix(__rest, #prefix) #fail
                });
            }
            if !suffix.is_empty() {
                out.extend(quote! {
                    let #private::Option::Some(__rest) = #private::strip_suffix(__rest, #suffix) #fail
                });
            }
            for (r, plan::Run { holes, splits }) in runs.iter().enumerate() {
                let run = format_ident!("__run{}", r);
                match middles.get(r) {
                    Some(middle) => out.extend(quote! {
                        let #private::Option::Some((#run, __rest)) =
                            #private::split_first(__rest, #middle) #fail
                    }),
                    None => out.extend(quote!(let #run = __rest;)),
                }
                for (i, (left, right)) in splits.iter().enumerate() {
                    let name = format_ident!("__SPLIT_{}_{}_{}", n, r, i);
                    let (left, right) = (dfa(paths, left), dfa(paths, right));
                    statics.extend(quote! {
                        static #name: #private::Split = #private::Split { left: #left, right: #right };
                    });
                    let this = hole(holes[i]);
                    out.extend(quote! {
                        let #private::Option::Some((#this, #run)) = #private::split(#run, &#name) #fail
                    });
                }
                if let Some(&last) = holes.last() {
                    let last = hole(last);
                    out.extend(quote!(let #last = #run;));
                }
            }
        }
    }

    for (h, hole_plan) in m.holes.iter().enumerate() {
        let text = hole(h);
        if let Some(first) = hole_plan.repeat_of {
            let first = hole(first);
            out.extend(quote!(if #text != #first { break '__case; }));
            continue;
        }
        let field = &case.fields[hole_plan.field];
        let ty = field.ty;
        let name = binds::binding(field, hole_plan.field);
        let span = Span::call_site().located_at(ty.span());
        let mut parser = &hole_plan.parser;
        let mut text = quote!(#text);
        if let Parser::Padded {
            fill,
            align,
            width,
            inner,
        } = parser
        {
            let width = Literal::usize_unsuffixed(*width);
            let align = align_tokens(paths, *align);
            let unpadded = format_ident!("__unpadded{}", h);
            out.extend(quote! {
                let #private::Option::Some(#unpadded) = #private::unpad(#text, #fill, #align, #width) #fail
            });
            text = quote!(#unpadded);
            parser = inner;
        }
        let value = match parser {
            Parser::FromStr => {
                bounds.insert(ty, quote!(#private::FromStr));
                quote_spanned!(span=> <#ty as #private::DecodeDisplay>::decode_display(#text))
            }
            Parser::DebugString => quote!(#private::debug_string(#text)),
            Parser::DebugChar => quote!(#private::debug_char(#text)),
            Parser::Radix {
                radix,
                upper,
                plus,
                prefix,
            } => {
                let radix = Literal::u32_unsuffixed(*radix);
                quote!(#private::radix::<#ty>(#text, #radix, #upper, #plus, #prefix))
            }
            Parser::PaddedChar { fill, align, width } => {
                let width = Literal::usize_unsuffixed(*width);
                let align = align_tokens(paths, *align);
                quote!(#private::unpad_char(#text, #fill, #align, #width))
            }
            // Padding is taken off above, and never nested.
            Parser::Padded { .. } => quote!(#private::Option::None),
        };
        out.extend(quote!(let #private::Option::Some(#name) = #value #fail));
    }

    for (index, field) in case.fields.iter().enumerate() {
        let source = &m.sources[index];
        let ty = field.ty;
        let name = binds::binding(field, index);
        let span = Span::call_site().located_at(ty.span());
        match source {
            Source::Hole => {}
            Source::Delay => {
                // The public path, located at the field's type: what an error shows.
                let trait_path = quote!(#krate::retry_after::FromRetryAfter);
                bounds.insert(ty, trait_path.clone());
                let call =
                    quote_spanned!(span=> <#ty as #trait_path>::from_retry_after_seconds(__delay));
                out.extend(quote!(let #private::Option::Some(#name) = #call #fail));
            }
            Source::Default(None) => {
                bounds.insert(ty, quote!(#private::Default));
                let call = quote_spanned!(span=> <#ty as #private::Default>::default());
                out.extend(quote!(let #name: #ty = #call;));
            }
            Source::Default(Some((path, lit))) => {
                let span = Span::call_site().located_at(lit.span());
                let call = quote_spanned!(span=> #path());
                out.extend(quote!(let #name: #ty = #call;));
            }
        }
    }

    let mut all = Vec::with_capacity(case.fields.len());
    for index in 0..case.fields.len() {
        all.push(index);
    }
    let value = binds::pattern(case, &all);
    quote! {
        '__case: {
            #out
            return #private::Option::Some(#value);
        }
    }
}

fn align_tokens(paths: &Paths, align: Align) -> TokenStream {
    let private = &paths.private;
    let name = Ident::new(
        match align {
            Align::Left => "Left",
            Align::Center => "Center",
            Align::Right => "Right",
        },
        Span::call_site(),
    );
    quote!(#private::Align::#name)
}

fn dfa(paths: &Paths, dfa: &Dfa) -> TokenStream {
    let private = &paths.private;
    let mut classes = TokenStream::new();
    for &c in &dfa.classes {
        let c = Literal::u32_unsuffixed(c);
        classes.extend(quote!(#c,));
    }
    let mut next = TokenStream::new();
    for &s in &dfa.next {
        let s = Literal::u8_unsuffixed(s);
        next.extend(quote!(#s,));
    }
    let mut accept = TokenStream::new();
    for &a in &dfa.accept {
        accept.extend(quote!(#a,));
    }
    quote! {
        #private::Dfa {
            classes: &[#classes],
            next: &[#next],
            accept: &[#accept],
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
    fn matches_on_the_code_then_the_message() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
                Credits { available: u64, required: u64 },
                #[error_body(code = 404)]
                NotFound,
                #[error_body(code = 404, message = "Task {0} gone", skip_decode)]
                Gone(u64),
            }
        });
        for needle in [
            "match :: sunor_errors :: __private :: ErrorCode :: as_u16",
            "402 => { '__case : {",
            "strip_prefix (__rest , \"Insufficient credits: available \")",
            "split_first (__rest , \", required \")",
            "< u64 as :: sunor_errors :: __private :: DecodeDisplay > :: decode_display (__hole0)",
            "if __message != \"Not found\" { break '__case ; }",
        ] {
            assert!(out.contains(needle), "{needle}: {out}");
        }
        assert!(!out.contains("Gone"), "{out}");
        assert!(!out.contains("__delay"), "{out}");
    }

    #[test]
    fn generic_fields_are_bounded_by_what_reads_them() {
        let out = expand(syn::parse_quote! {
            #[error_body(crate = "errs")]
            enum E<T, U, D, V> {
                #[error_body(code = 409, message = "Task {id} busy")]
                Busy { id: T, #[error_body(default)] note: U },
                #[error_body(code = 503)]
                Later(#[error_body(retry_after)] D),
                #[error_body(transparent)]
                Inner(V),
            }
        });
        assert!(!out.contains("sunor_errors"), "{out}");
        assert!(
            out.contains("where T : errs :: __private :: FromStr , U : errs :: __private :: Default , D : errs :: retry_after :: FromRetryAfter , V : errs :: __private :: FromErrorBody"),
            "{out}"
        );
    }

    #[test]
    fn adjacent_placeholders_get_split_tables() {
        let out = expand(syn::parse_quote! {
            #[error_body(code = 400, message = "{flag}{rest}")]
            struct S { flag: bool, rest: String }
        });
        assert!(
            out.contains("static __SPLIT_0_0_0 : :: sunor_errors :: __private :: Split"),
            "{out}"
        );
        assert!(
            out.contains("if :: sunor_errors :: __private :: ErrorCode :: as_u16"),
            "{out}"
        );
    }

    #[test]
    fn errors_come_with_a_fallback_impl() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 400, message = "{a}{b}")]
                A { a: u64, b: u64 },
                #[error_body(code = 404)]
                B(String),
            }
        });
        assert_eq!(out.matches("compile_error !").count(), 2, "{out}");
        assert!(out.contains("\\\"111\\\" reads as `{a}` = \\\"11\\\", `{b}` = \\\"1\\\" or as `{a}` = \\\"1\\\", `{b}` = \\\"11\\\""), "{out}");
        assert!(out.contains("unreachable !"), "{out}");
    }
}
