//! `#[derive(FromErrorBody)]`: the same input and checks as `IntoErrorBody` (`ast`, `valid`),
//! then each case's decoding `plan`, the `ambiguity` check between cases, and the impl.
//!
//! The generated function matches on the code first, then tries only that code's cases,
//! each in a labeled block that `break`s out at the first mismatch: the literal parts of the
//! message (prefix, suffix, then each literal between placeholders at its first
//! occurrence), the split of adjacent placeholders, each placeholder's parser, the delay.
//! `transparent` cases come last, in declaration order. Every path goes through
//! `<crate>::__private`, as `frame.rs` explains.
//!
//! The crate's build time is a measured target (BENCHMARKS.md): plain loops, no closures or
//! `format_ident!`, and the paths used most (`paths.some`) built once instead of re-quoted.

use proc_macro2::{Literal, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Generics, Ident};

use crate::ast::{Case, Field, Input};
use crate::automaton::Dfa;
use crate::ctxt::Ctxt;
use crate::frame::{self, Paths, append};
use crate::generics::Bounds;
use crate::plan::{self, How, Match, Message, Plan, Source};
use crate::spec::{Align, Parser};
use crate::valid::{self, Valid};
use crate::{ambiguity, binds, fallback};

pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = match Input::from_syn(&mut cx, node, "FromErrorBody") {
        Ok(input) => input,
        Err(error) => return fallback(node, &Paths::new(None), error),
    };
    let paths = Paths::new(input.attrs().crate_path());
    if let Input::Enum { attrs, .. } = &input
        && let Some(skip) = &attrs.skip_decode
    {
        cx.spanned(
            skip,
            "`skip_decode` goes on a variant, not on the enum: it keeps decoding from producing that variant",
        );
    }
    let valid = valid::check(&mut cx, &input);
    let plans = match &valid {
        Ok(valid) => plans(&mut cx, valid),
        Err(_) => Vec::new(),
    };
    match (cx.check(), valid) {
        (Ok(()), Ok(_)) => expand(node, &plans, &paths),
        (Err(errors), _) | (Ok(()), Err(errors)) => fallback(node, &paths, errors),
    }
}

/// Each case's plan, then the check that no two can match one body.
fn plans<'c, 'a>(cx: &mut Ctxt, valid: &Valid<'c, 'a>) -> Vec<Plan<'c, 'a>> {
    let cases = match valid {
        Valid::Struct(case) => std::slice::from_ref(case),
        Valid::Enum(cases) => cases.as_slice(),
    };
    let mut plans = Vec::with_capacity(cases.len());
    for case in cases {
        if let Some(plan) = plan::plan(cx, case) {
            plans.push(plan);
        }
    }
    // Only once every case has a plan: a broken case is reported once, not compared.
    if plans.len() == cases.len() {
        ambiguity::check(cx, &plans);
    }
    plans
}

/// After an error: the errors, and an impl beside them so that uses of the trait do not
/// pile up more errors (see `fallback.rs`).
fn fallback(node: &DeriveInput, paths: &Paths, errors: syn::Error) -> TokenStream {
    let block = impl_block(
        paths,
        &node.ident,
        &node.generics,
        false,
        quote!(_),
        fallback::unreachable(),
    );
    fallback::expand(errors, block)
}

/// The impl, `#[allow(deprecated)]` if `allow_deprecated`, the body's argument named `arg`:
/// one copy of this code for the impl and its fallback.
fn impl_block(
    paths: &Paths,
    ident: &Ident,
    generics: &Generics,
    allow_deprecated: bool,
    arg: TokenStream,
    body: TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let items = quote! {
        fn from_error_body(#arg: &#private::ErrorBody) -> #private::Option<Self> {
            #body
        }
    };
    frame::impl_block(
        paths,
        "FromErrorBody",
        generics,
        ident,
        allow_deprecated,
        items,
    )
}

/// What the cases add to the impl besides their own blocks.
struct Shared {
    bounds: Bounds,
    /// Split automata: items, before any statement.
    statics: TokenStream,
    /// A case reads the body's delay: `__delay` is bound.
    uses_delay: bool,
}

fn expand(node: &DeriveInput, plans: &[Plan<'_, '_>], paths: &Paths) -> TokenStream {
    let private = &paths.private;
    let some = &paths.some;
    let mut shared = Shared {
        bounds: Bounds::new(&node.generics),
        statics: TokenStream::new(),
        uses_delay: false,
    };
    // Each code once, in order of first use, with the blocks of its cases at the same index.
    let mut codes: Vec<usize> = Vec::new();
    let mut blocks: Vec<TokenStream> = Vec::new();
    let mut transparent = TokenStream::new();
    for (n, plan) in plans.iter().enumerate() {
        match &plan.how {
            How::Skip => {}
            How::Transparent(field) => {
                let ty = field.ty;
                shared.bounds.insert(ty, quote!(#private::FromErrorBody));
                let name = binds::binding(field, 0);
                let value = binds::pattern(plan.case, &[0]);
                append(
                    &mut transparent,
                    quote! {
                        if let #some(#name) =
                            <#ty as #private::FromErrorBody>::from_error_body(__body)
                        {
                            return #some(#value);
                        }
                    },
                );
            }
            How::Match(m) => {
                let block = case_block(paths, plan.case, m, n, &mut shared);
                let code = usize::from(m.code);
                let mut at = 0;
                while at < codes.len() && codes[at] != code {
                    at += 1;
                }
                if at == codes.len() {
                    codes.push(code);
                    blocks.push(block);
                } else {
                    append(&mut blocks[at], block);
                }
            }
        }
    }

    let mut body = shared.statics;
    if !codes.is_empty() {
        append(
            &mut body,
            quote!(let __message = #private::ErrorBody::message(__body);),
        );
        if shared.uses_delay {
            append(
                &mut body,
                quote!(let __delay = #private::ErrorBody::retry_after_seconds(__body);),
            );
        }
        let code = quote!(#private::ErrorCode::as_u16(#private::ErrorBody::code(__body)));
        if codes.len() == 1 {
            let value = Literal::usize_unsuffixed(codes[0]);
            let blocks = &blocks[0];
            append(&mut body, quote!(if #code == #value { #blocks }));
        } else {
            let mut arms = TokenStream::new();
            for (i, &value) in codes.iter().enumerate() {
                let value = Literal::usize_unsuffixed(value);
                let blocks = &blocks[i];
                append(&mut arms, quote!(#value => { #blocks }));
            }
            append(&mut body, quote!(match #code { #arms _ => {} }));
        }
    }
    append(&mut body, transparent);
    append(&mut body, quote!(#private::Option::None));
    let generics = shared.bounds.augment(&node.generics);
    impl_block(paths, &node.ident, &generics, true, quote!(__body), body)
}

/// A local of the generated code.
fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The text of placeholder `h`.
fn hole(h: usize) -> Ident {
    ident(&format!("__hole{h}"))
}

/// One case: a labeled block that returns the value when the body matches, and falls
/// through otherwise. Each step is a function of its own, the statements of the block in
/// order: small bodies are what the compiler checks fastest.
fn case_block(
    paths: &Paths,
    case: &Case<'_>,
    m: &Match<'_>,
    n: usize,
    shared: &mut Shared,
) -> TokenStream {
    let mut out = match &m.message {
        Message::Exact(text) => quote!(if __message != #text { break '__case; }),
        Message::Template {
            prefix,
            middles,
            suffix,
            runs,
        } => cut(paths, prefix, middles, suffix, runs, n, &mut shared.statics),
    };
    for (h, hole) in m.holes.iter().enumerate() {
        append(
            &mut out,
            read_hole(paths, case, h, hole, &mut shared.bounds),
        );
    }
    for (index, field) in case.fields.iter().enumerate() {
        append(
            &mut out,
            fill_field(paths, field, index, &m.sources[index], shared),
        );
    }
    let mut all = Vec::with_capacity(case.fields.len());
    for index in 0..case.fields.len() {
        all.push(index);
    }
    let some = &paths.some;
    let value = binds::pattern(case, &all);
    quote! {
        '__case: {
            #out
            return #some(#value);
        }
    }
}

/// `let Some(pattern) = value else { break '__case; };`: a step that can fail.
fn let_some(paths: &Paths, pattern: &dyn quote::ToTokens, value: &TokenStream) -> TokenStream {
    let some = &paths.some;
    quote!(let #some(#pattern) = #value else { break '__case; };)
}

/// The message cut into the text of each placeholder (`__hole{h}`): prefix and suffix off,
/// each run of placeholders up to its literal, each run of several split by its automata
/// (items in `statics`).
fn cut(
    paths: &Paths,
    prefix: &str,
    middles: &[String],
    suffix: &str,
    runs: &[plan::Run],
    n: usize,
    statics: &mut TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let mut out = quote!(let __rest = __message;);
    append(&mut out, strip(paths, "strip_prefix", prefix));
    append(&mut out, strip(paths, "strip_suffix", suffix));
    for (r, run) in runs.iter().enumerate() {
        let text = ident(&format!("__run{r}"));
        match middles.get(r) {
            Some(middle) => {
                let value = quote!(#private::split_first(__rest, #middle));
                append(&mut out, let_some(paths, &quote!((#text, __rest)), &value));
            }
            None => append(&mut out, quote!(let #text = __rest;)),
        }
        for (i, (left, right)) in run.splits.iter().enumerate() {
            let name = ident(&format!("__SPLIT_{n}_{r}_{i}"));
            let (left, right) = (dfa(paths, left), dfa(paths, right));
            append(
                statics,
                quote! {
                    static #name: #private::Split = #private::Split { left: #left, right: #right };
                },
            );
            let this = hole(run.holes[i]);
            let value = quote!(#private::split(#text, &#name));
            append(&mut out, let_some(paths, &quote!((#this, #text)), &value));
        }
        if let Some(&last) = run.holes.last() {
            let last = hole(last);
            append(&mut out, quote!(let #last = #text;));
        }
    }
    out
}

/// `__rest` without its prefix or suffix `text` (`function` says which), if it has one.
fn strip(paths: &Paths, function: &str, text: &str) -> TokenStream {
    if text.is_empty() {
        return TokenStream::new();
    }
    let private = &paths.private;
    let function = ident(function);
    let value = quote!(#private::#function(__rest, #text));
    let_some(paths, &ident("__rest"), &value)
}

/// Placeholder `h`'s text read into its field's binding, or compared with the earlier
/// placeholder it repeats.
fn read_hole(
    paths: &Paths,
    case: &Case<'_>,
    h: usize,
    hole_plan: &plan::Hole,
    bounds: &mut Bounds,
) -> TokenStream {
    let private = &paths.private;
    let mut text = hole(h);
    if let Some(first) = hole_plan.repeat_of {
        let first = hole(first);
        return quote!(if #text != #first { break '__case; });
    }
    let mut out = TokenStream::new();
    let field = &case.fields[hole_plan.field];
    let ty = field.ty;
    let mut parser = &hole_plan.parser;
    if let Parser::Padded {
        fill,
        align,
        width,
        inner,
    } = parser
    {
        let unpadded = ident(&format!("__unpadded{h}"));
        let value = unpad(paths, "unpad", &text, *fill, *align, *width);
        append(&mut out, let_some(paths, &unpadded, &value));
        text = unpadded;
        parser = inner;
    }
    let value = match parser {
        Parser::FromStr => {
            bounds.insert(ty, quote!(#private::FromStr));
            let span = Span::call_site().located_at(ty.span());
            quote_spanned!(span=> <#ty as #private::DecodeDisplay>::decode_display(#text))
        }
        Parser::DebugString => private_call(paths, "debug_string", &text),
        Parser::DebugChar => private_call(paths, "debug_char", &text),
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
            unpad(paths, "unpad_char", &text, *fill, *align, *width)
        }
        // Padding is taken off above, and never nested.
        Parser::Padded { .. } => quote!(#private::Option::None),
    };
    let name = binds::binding(field, hole_plan.field);
    append(&mut out, let_some(paths, &name, &value));
    out
}

/// A field that no placeholder shows: from the delay, or its default.
fn fill_field(
    paths: &Paths,
    field: &Field<'_>,
    index: usize,
    source: &Source<'_>,
    shared: &mut Shared,
) -> TokenStream {
    let private = &paths.private;
    let ty = field.ty;
    let name = binds::binding(field, index);
    match source {
        Source::Hole => TokenStream::new(),
        Source::Delay => {
            shared.uses_delay = true;
            // The public path, located at the field's type: what an error shows.
            let krate = &paths.krate;
            let trait_path = quote!(#krate::retry_after::FromRetryAfter);
            shared.bounds.insert(ty, trait_path.clone());
            let span = Span::call_site().located_at(ty.span());
            let call =
                quote_spanned!(span=> <#ty as #trait_path>::from_retry_after_seconds(__delay));
            let_some(paths, &name, &call)
        }
        Source::Default(default) => {
            let call = match default {
                None => {
                    shared.bounds.insert(ty, quote!(#private::Default));
                    let span = Span::call_site().located_at(ty.span());
                    quote_spanned!(span=> <#ty as #private::Default>::default())
                }
                Some((path, lit)) => {
                    let span = Span::call_site().located_at(lit.span());
                    quote_spanned!(span=> #path())
                }
            };
            quote!(let #name: #ty = #call;)
        }
    }
}

/// `<crate>::__private::function(text)`.
fn private_call(paths: &Paths, function: &str, text: &Ident) -> TokenStream {
    let private = &paths.private;
    let function = ident(function);
    quote!(#private::#function(#text))
}

/// `<crate>::__private::function(text, fill, Align::X, width)`: `unpad` or `unpad_char`.
fn unpad(
    paths: &Paths,
    function: &str,
    text: &Ident,
    fill: char,
    align: Align,
    width: usize,
) -> TokenStream {
    let private = &paths.private;
    let function = ident(function);
    let align = ident(match align {
        Align::Left => "Left",
        Align::Center => "Center",
        Align::Right => "Right",
    });
    let width = Literal::usize_unsuffixed(width);
    quote!(#private::#function(#text, #fill, #private::Align::#align, #width))
}

/// A `sunor_errors::__private::Dfa` literal.
fn dfa(paths: &Paths, dfa: &Dfa) -> TokenStream {
    let private = &paths.private;
    let mut classes = TokenStream::new();
    for &c in &dfa.classes {
        item(&mut classes, &Literal::usize_unsuffixed(c));
    }
    let mut next = TokenStream::new();
    for &s in &dfa.next {
        item(&mut next, &Literal::u8_unsuffixed(s));
    }
    let mut accept = TokenStream::new();
    for &a in &dfa.accept {
        item(&mut accept, &a);
    }
    quote! {
        #private::Dfa {
            classes: &[#classes],
            next: &[#next],
            accept: &[#accept],
        }
    }
}

/// `token,` appended to an array's elements.
fn item(out: &mut TokenStream, token: &dyn quote::ToTokens) {
    token.to_tokens(out);
    Punct::new(',', Spacing::Alone).to_tokens(out);
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
