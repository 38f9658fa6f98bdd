//! `#[derive(FromErrorBody)]`: the same input and checks as `IntoErrorBody` (`ast`, `valid`),
//! then each case's decoding `plan`, the `ambiguity` check between cases, and the impl.
//!
//! The generated function matches on the code first, then tries only that code's cases, in
//! declaration order, each in a labeled block that `break`s out at the first mismatch: a
//! fixed message compared whole, or a template's pattern (a static of its items, split at
//! run time by `__private::Pattern`), each placeholder's reader, the delay. `transparent`
//! cases come last, in declaration order. Every path goes through `<crate>::__private`, as
//! `frame.rs` explains.
//!
//! The crate's build time is a measured target (BENCHMARKS.md): plain loops, no closures or
//! `format_ident!`, and the paths used most (`paths.some`) built once instead of re-quoted.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Generics, Ident};

use crate::ast::{Case, Field, Input};
use crate::ctxt::Ctxt;
use crate::frame::{self, Paths, append};
use crate::generics::Bounds;
use crate::pattern::{Align, Radix, Spec};
use crate::plan::{self, How, Match, Message, Part, Plan, Source};
use crate::spec::{Read, Shape};
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
    /// Patterns: items, before any statement.
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
        Message::Template(parts) => split(paths, parts, m, n, &mut shared.statics),
    };
    let pattern = ident(&format!("__PATTERN_{n}"));
    let mut item = 0;
    if let Message::Template(parts) = &m.message {
        for part in parts {
            if let Part::Hole(h) = part {
                append(
                    &mut out,
                    read_hole(
                        paths,
                        case,
                        *h,
                        &m.holes[*h],
                        &pattern,
                        item,
                        &mut shared.bounds,
                    ),
                );
            }
            item += 1;
        }
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

/// The pattern's static (in `statics`), and the message split by it into `__texts`.
fn split(
    paths: &Paths,
    parts: &[Part],
    m: &Match<'_>,
    n: usize,
    statics: &mut TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let items = items(paths, parts, &m.holes);
    let name = ident(&format!("__PATTERN_{n}"));
    append(
        statics,
        quote!(static #name: #private::Pattern = #private::Pattern::new(&[#items]);),
    );
    let count = Literal::usize_unsuffixed(m.holes.len());
    quote! {
        let mut __texts = [""; #count];
        if !#private::Pattern::split(&#name, __message, &mut __texts) { break '__case; }
    }
}

/// The items of a template's pattern: `Item::Lit(..), Item::Hole(..),` (the catalogue's
/// table lists them too, as text: `catalog.rs`).
pub(crate) fn items(paths: &Paths, parts: &[Part], holes: &[plan::Hole]) -> TokenStream {
    let private = &paths.private;
    let mut items = TokenStream::new();
    for part in parts {
        let item = match part {
            Part::Text(text) => quote!(#private::Item::Lit(#text),),
            Part::Hole(h) => {
                let hole = &holes[*h];
                let kind = kind(paths, hole.kind);
                let spec = spec(paths, &hole.shape);
                quote!(#private::Item::Hole(#private::Hole::new(#kind, #spec)),)
            }
        };
        append(&mut items, item);
    }
    items
}

/// `__private::Kind::X`.
pub(crate) fn kind(paths: &Paths, kind: crate::spec::Kind) -> TokenStream {
    use crate::spec::Kind;
    let private = &paths.private;
    match kind {
        Kind::Unsigned(bits) => {
            let bits = Literal::u8_unsuffixed(bits);
            quote!(#private::Kind::Uint(#bits))
        }
        Kind::Signed(bits) => {
            let bits = Literal::u8_unsuffixed(bits);
            quote!(#private::Kind::Int(#bits))
        }
        Kind::Float => quote!(#private::Kind::Float),
        Kind::Bool => quote!(#private::Kind::Bool),
        Kind::Char => quote!(#private::Kind::Char),
        Kind::String => quote!(#private::Kind::String),
        Kind::Other => quote!(#private::Kind::Other),
    }
}

/// `__private::Spec::PLAIN`, or every part of the spec.
pub(crate) fn spec(paths: &Paths, shape: &Shape) -> TokenStream {
    let private = &paths.private;
    let spec = &shape.spec;
    if *spec == Spec::PLAIN {
        return quote!(#private::Spec::PLAIN);
    }
    let fill = spec.fill;
    let align = ident(match spec.align {
        Align::Default => "Default",
        Align::Left => "Left",
        Align::Center => "Center",
        Align::Right => "Right",
    });
    let width = Literal::u16_unsuffixed(spec.width);
    let (zero, plus, alternate, debug) = (spec.zero, spec.plus, spec.alternate, spec.debug);
    let radix = ident(match spec.radix {
        Radix::Decimal => "Decimal",
        Radix::LowerHex => "LowerHex",
        Radix::UpperHex => "UpperHex",
        Radix::Octal => "Octal",
        Radix::Binary => "Binary",
    });
    quote! {
        #private::Spec::new(#fill, #private::Align::#align, #width, #zero, #plus, #alternate,
            #private::Radix::#radix, #debug)
    }
}

/// Placeholder `h`'s text (`__texts[h]`, item `item` of the pattern) read into its field's
/// binding, or compared with the earlier placeholder it repeats.
fn read_hole(
    paths: &Paths,
    case: &Case<'_>,
    h: usize,
    hole: &plan::Hole,
    pattern: &Ident,
    item: usize,
    bounds: &mut Bounds,
) -> TokenStream {
    let private = &paths.private;
    let at = Literal::usize_unsuffixed(h);
    let text = quote!(__texts[#at]);
    if let Some(first) = hole.repeat_of {
        let first = Literal::usize_unsuffixed(first);
        return quote!(if __texts[#at] != __texts[#first] { break '__case; });
    }
    let field = &case.fields[hole.field];
    let ty = field.ty;
    let name = binds::binding(field, hole.field);
    let item = Literal::usize_unsuffixed(item);
    let spec = quote!(#private::Pattern::spec(&#pattern, #item));
    let value = match hole.read() {
        Read::Int => quote!(#private::int::<#ty>(#text, #spec)),
        Read::Bool => quote!(#private::boolean(#text, #spec)),
        Read::Char => quote!(#private::character(#text, #spec)),
        Read::String => return quote!(let #name = #private::string(#text);),
        Read::DebugString => quote!(#private::debug_string(#text)),
        Read::DebugChar => quote!(#private::debug_char(#text)),
        Read::Rendered => {
            bounds.insert(ty, quote!(#private::FromStr));
            bounds.insert(ty, quote!(#private::fmt::Display));
            let span = Span::call_site().located_at(ty.span());
            let unpadded = if hole.kind == crate::spec::Kind::Float {
                quote!(#private::trim_fill(#text, #spec))
            } else {
                text.clone()
            };
            let parse =
                quote_spanned!(span=> <#ty as #private::DecodeDisplay>::decode_display(#unpadded));
            let format = if hole.spec.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{:{}}}", hole.spec)
            };
            let mut out = let_some(paths, &name, &parse);
            append(
                &mut out,
                quote! {
                    if !#private::renders(#text, #private::format_args!(#format, #name)) {
                        break '__case;
                    }
                },
            );
            return out;
        }
    };
    let_some(paths, &name, &value)
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
            "static __PATTERN_0 : :: sunor_errors :: __private :: Pattern",
            "Item :: Lit (\"Insufficient credits: available \")",
            "Hole :: new (:: sunor_errors :: __private :: Kind :: Uint (64) , :: sunor_errors :: __private :: Spec :: PLAIN)",
            "Pattern :: split (& __PATTERN_0 , __message , & mut __texts)",
            ":: sunor_errors :: __private :: int :: < u64 > (__texts [1] , :: sunor_errors :: __private :: Pattern :: spec (& __PATTERN_0 , 3))",
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
            out.contains("where T : errs :: __private :: FromStr , T : errs :: __private :: fmt :: Display , U : errs :: __private :: Default , D : errs :: retry_after :: FromRetryAfter , V : errs :: __private :: FromErrorBody"),
            "{out}"
        );
        // A type of the user's: parsed, then written again to check.
        assert!(
            out.contains("if ! errs :: __private :: renders (__texts [0] , errs :: __private :: format_args ! (\"{}\" , __field_id))"),
            "{out}"
        );
    }

    #[test]
    fn adjacent_placeholders_are_a_pattern_like_any_other() {
        let out = expand(syn::parse_quote! {
            #[error_body(code = 400, message = "{flag:>6}{rest}")]
            struct S { flag: bool, rest: String }
        });
        assert!(
            out.contains("Spec :: new (' ' , :: sunor_errors :: __private :: Align :: Right , 6 , false , false , false , :: sunor_errors :: __private :: Radix :: Decimal , false)"),
            "{out}"
        );
        assert!(
            out.contains(
                "let __field_rest = :: sunor_errors :: __private :: string (__texts [1]) ;"
            ),
            "{out}"
        );
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn errors_come_with_a_fallback_impl() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 400, message = "{a}{b}")]
                A { a: u64, b: u64 },
                #[error_body(code = 400, message = "{0}")]
                B(String),
                #[error_body(code = 404)]
                C(#[error_body(default)] String),
            }
        });
        // Both `A`'s split (`0`, `0`) and `B`'s text: one error on each variant.
        assert_eq!(out.matches("compile_error !").count(), 2, "{out}");
        assert!(
            out.contains("can both match the message \\\"00\\\""),
            "{out}"
        );
        assert!(out.contains("unreachable !"), "{out}");
    }
}
