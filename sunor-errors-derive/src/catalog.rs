//! `error_catalog`: one `ErrorDescriptor` per case, or a transparent field's whole catalogue.
//!
//! A descriptor also tells the decoding side: whether `#[derive(FromErrorBody)]` on the type
//! decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive does not
//! report decoding mistakes; and whether the type derives it at all, `__decodes`), the
//! template's placeholders with their fields' types, the items of its pattern and every
//! field with where decoding takes it from: what the catalogue (format 2) writes.
//!
//! What a descriptor points to is `&'static`. A list of placeholders or of fields is built
//! by `const fn`s, so it must be a constant: each distinct list is one `const` item at the
//! top of `error_catalog` (`__PLACEHOLDERS_n`, `__FIELDS_n`), shared by the cases that show
//! the same fields (`{0}` of a `String`, say, or `{ id: u64, owner: String }`), where a
//! `const { }` block per list and case would be an item each for the compiler to check,
//! store and reload on every incremental rebuild; an empty list is `&[]`, a constant
//! already. A pattern's items are written in the call, `&[Item::Lit("..."), __HOLE_0, ..]`:
//! each distinct hole (`Hole::new(..)`, a `const fn` call) is one `const` item too, so the
//! array holds only literals and constants and is promoted to a `'static` (measured: a
//! `const` item per list of items cost a tenth more instructions on an incremental rebuild
//! of a 50-variant enum). For the same reason an enum's descriptors are one call each to a
//! local `__descriptor` function that holds what they share (the type's name, the three
//! constructors), not those calls spelled out for every variant, and `error_catalog` asks
//! once whether the type decodes (`let __decodes`), not once per decodable case.

use std::fmt::Write as _;

use proc_macro2::{Literal, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, quote};
use syn::{Ident, LitStr, Type};

use crate::ctxt::Ctxt;
use crate::fmt::Piece;
use crate::frame::{Paths, Trees, append, unraw, variant_name};
use crate::plan::{self, How, Message, Part, Source};
use crate::valid::{Kind, ValidCase};
use crate::{decode, spec};

/// The prefixes of the names of `error_catalog`'s `const` items, by kind: lists of
/// placeholders, lists of fields, holes of a pattern.
const PREFIXES: [&str; 3] = ["__PLACEHOLDERS_", "__FIELDS_", "__HOLE_"];
const PLACEHOLDERS: usize = 0;
const FIELDS: usize = 1;
const HOLES: usize = 2;

/// The body of `error_catalog`, case by case in declaration order: consecutive descriptors
/// go in as one array, a transparent field's catalogue as it is.
pub(crate) struct Catalog {
    /// The type's name, as its descriptors give it.
    type_name: LitStr,
    /// Arrays of descriptors and inner catalogues, in order.
    segments: Vec<TokenStream>,
    /// Whether the only segment, if there is one, is an array.
    array: bool,
    /// The descriptors since the last inner catalogue: `d1, d2`.
    run: TokenStream,
    /// For each kind of `const` item (`PREFIXES`), each distinct value as a text (see
    /// [`key`]), the n-th named `<prefix>n`; and the items.
    texts: [Vec<String>; 3],
    consts: [TokenStream; 3],
    /// A variant's descriptor calls `__descriptor`: it is declared.
    helper: bool,
    /// A descriptor reads `__decodes`: it is declared.
    decodes: bool,
}

/// Appends `part` to a constant's text, its length first: no two lists of parts give the
/// same text.
fn key(text: &mut String, part: &str) {
    let _ = write!(text, "{}:{part}", part.len());
}

impl Catalog {
    pub(crate) fn new(type_name: &LitStr) -> Catalog {
        Catalog {
            type_name: type_name.clone(),
            segments: Vec::new(),
            array: false,
            run: TokenStream::new(),
            texts: [Vec::new(), Vec::new(), Vec::new()],
            consts: [TokenStream::new(), TokenStream::new(), TokenStream::new()],
            helper: false,
            decodes: false,
        }
    }

    /// The descriptor of a case answering with its own code and message.
    pub(crate) fn push(
        &mut self,
        paths: &Paths,
        valid: &ValidCase<'_, '_>,
        code: &Trees,
        message: &LitStr,
        templated: bool,
        hint: &Trees,
    ) {
        let private = &paths.private;
        let case = valid.case;
        let plan = plan::plan(&mut Ctxt::default(), valid);
        let matched = match &plan {
            Some(plan::Plan {
                how: How::Match(m), ..
            }) => Some(m),
            _ => None,
        };
        // `holes[n]` is the field of placeholder `n`.
        let holes: &[usize] = match &valid.kind {
            Kind::Code { placeholders, .. } => placeholders,
            Kind::Transparent(_) => &[],
        };
        let mut types = Vec::with_capacity(case.fields.len());
        for field in &case.fields {
            types.push(spec::type_text(field.ty));
        }

        let mut elements = TokenStream::new();
        let mut text = String::new();
        if let Some((template, _)) = &case.template {
            let mut n = 0;
            for piece in &template.pieces {
                let Piece::Hole(placeholder) = piece else {
                    continue;
                };
                let ty = &types[holes[n]];
                n += 1;
                let name = plan::arg_name(placeholder);
                key(&mut text, &name);
                key(&mut text, ty);
                append(
                    &mut elements,
                    quote!(#private::Placeholder::new(#name, #ty),),
                );
            }
        }
        let placeholders = self.list(paths, PLACEHOLDERS, "Placeholder", text, elements);

        // The pattern's items: its texts, and its holes, each a constant.
        let mut elements = TokenStream::new();
        if let Some(m) = matched
            && let Message::Template(parts) = &m.message
        {
            for part in parts {
                let item = match part {
                    Part::Text(literal) => quote!(#private::Item::Lit(#literal),),
                    Part::Hole(h) => {
                        let hole = &m.holes[*h];
                        // Its kind and shape: what its field's type and its format spec
                        // decide.
                        let mut text = String::new();
                        key(&mut text, &types[hole.field]);
                        key(&mut text, &hole.spec);
                        let (name, new) = self.constant(HOLES, text);
                        if new {
                            let kind = decode::kind(paths, hole.kind);
                            let spec = decode::spec(paths, &hole.shape);
                            append(
                                &mut self.consts[HOLES],
                                quote! {
                                    const #name: #private::Item =
                                        #private::Item::Hole(#private::Hole::new(#kind, #spec));
                                },
                            );
                        }
                        quote!(#name,)
                    }
                };
                append(&mut elements, item);
            }
        }
        let items = if elements.is_empty() {
            quote!(&[])
        } else {
            quote!(&[#elements])
        };

        // Every field, in declaration order (its kind follows from its type).
        let mut elements = TokenStream::new();
        let mut text = String::new();
        for (index, field) in case.fields.iter().enumerate() {
            let name = match &field.member {
                syn::Member::Named(ident) => unraw(ident),
                syn::Member::Unnamed(index) => index.index.to_string(),
            };
            let kind = decode::kind(paths, spec::kind(field.ty));
            let ty = &types[index];
            key(&mut text, &name);
            key(&mut text, ty);
            let mut groups = TokenStream::new();
            for (n, &of) in holes.iter().enumerate() {
                if of == index {
                    let group = u16::try_from(n + 1).unwrap_or(u16::MAX);
                    let _ = write!(text, "{group},");
                    let group = Literal::u16_unsuffixed(group);
                    append(&mut groups, quote!(#group,));
                }
            }
            let from = match matched {
                Some(m) => match &m.sources[index] {
                    Source::Hole => "Placeholder",
                    Source::Delay => "RetryAfter",
                    Source::Default(_) => "Default",
                },
                None if !groups.is_empty() => "Placeholder",
                None if field.attrs.retry_after.is_some() => "RetryAfter",
                None if field.attrs.default.is_some() => "Default",
                None => "Nowhere",
            };
            text.push(';');
            key(&mut text, from);
            let from = Ident::new(from, Span::call_site());
            append(
                &mut elements,
                quote!(#private::FieldDescriptor::new(#name, #kind, #ty, &[#groups], #private::FieldFrom::#from),),
            );
        }
        let fields = self.list(paths, FIELDS, "FieldDescriptor", text, elements);

        let decodable = if matched.is_some() {
            self.decodes = true;
            quote!(__decodes)
        } else {
            quote!(false)
        };
        let mut descriptor = if case.is_variant {
            self.helper = true;
            let variant = LitStr::new(&unraw(case.ident), case.ident.span());
            quote! {
                __descriptor(#variant, #code, #message, #templated, #hint, #decodable, #placeholders, #items, #fields)
            }
        } else {
            let type_name = &self.type_name;
            let variant = variant_name(paths, None);
            quote! {
                #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint)
                    .with_decoding(#decodable, #placeholders)
                    .with_pattern(#items, #fields)
            }
        };
        if let Some(crate::attr::Keyed {
            value: Some(id), ..
        }) = &case.attrs.id
        {
            append(&mut descriptor, quote!(.with_id(#id)));
        }
        if !self.run.is_empty() {
            Punct::new(',', Spacing::Alone).to_tokens(&mut self.run);
        }
        append(&mut self.run, descriptor);
    }

    /// The list of `element`s (`Placeholder`, `FieldDescriptor`) with text `text` and
    /// `elements` as written: `&[]` when empty, else the `const` of kind `kind` holding it.
    fn list(
        &mut self,
        paths: &Paths,
        kind: usize,
        element: &str,
        text: String,
        elements: TokenStream,
    ) -> TokenStream {
        if elements.is_empty() {
            return quote!(&[]);
        }
        let (name, new) = self.constant(kind, text);
        if new {
            let private = &paths.private;
            let element = Ident::new(element, Span::call_site());
            append(
                &mut self.consts[kind],
                quote!(const #name: &[#private::#element] = &[#elements];),
            );
        }
        name.into_token_stream()
    }

    /// The name of the `const` of kind `kind` (`PREFIXES`) with text `text`, and whether it
    /// is new: then the caller declares it.
    fn constant(&mut self, kind: usize, text: String) -> (Ident, bool) {
        let texts = &mut self.texts[kind];
        let mut n = 0;
        while n < texts.len() && texts[n] != text {
            n += 1;
        }
        let name = Ident::new(&format!("{}{n}", PREFIXES[kind]), Span::call_site());
        let new = n == texts.len();
        if new {
            texts.push(text);
        }
        (name, new)
    }

    /// A transparent field's catalogue.
    pub(crate) fn push_inner(&mut self, paths: &Paths, ty: &Type) {
        let private = &paths.private;
        self.end_run();
        self.segments
            .push(quote!(<#ty as #private::IntoErrorBody>::error_catalog()));
        self.array = false;
    }

    fn end_run(&mut self) {
        if !self.run.is_empty() {
            let run = std::mem::take(&mut self.run);
            self.segments.push(quote!([#run]));
            self.array = true;
        }
    }

    pub(crate) fn finish(mut self, paths: &Paths) -> TokenStream {
        let private = &paths.private;
        self.end_run();
        let body = match self.segments.len() {
            0 => quote!(#private::Vec::new()),
            1 if self.array => {
                let array = &self.segments[0];
                quote!(#private::Vec::from(#array))
            }
            1 => std::mem::take(&mut self.segments[0]),
            _ => {
                let mut extends = TokenStream::new();
                for segment in &self.segments {
                    append(&mut extends, quote!(catalog.extend(#segment);));
                }
                quote! {
                    let mut catalog = #private::Vec::new();
                    #extends
                    catalog
                }
            }
        };
        let [mut out, fields, holes] = self.consts;
        append(&mut out, fields);
        append(&mut out, holes);
        if self.helper {
            let type_name = &self.type_name;
            append(
                &mut out,
                // Nine arguments: clippy's limit is seven, and the user's crate is linted.
                quote! {
                    #[allow(clippy::too_many_arguments)]
                    fn __descriptor(
                        variant: &'static str,
                        code: #private::ErrorCode,
                        message: &'static str,
                        templated: bool,
                        retry_after: #private::RetryAfterHint,
                        decodable: bool,
                        placeholders: &'static [#private::Placeholder],
                        items: &'static [#private::Item],
                        fields: &'static [#private::FieldDescriptor],
                    ) -> #private::ErrorDescriptor {
                        #private::ErrorDescriptor::new(
                            #type_name,
                            #private::Option::Some(variant),
                            code,
                            message,
                            templated,
                            retry_after,
                        )
                        .with_decoding(decodable, placeholders)
                        .with_pattern(items, fields)
                    }
                },
            );
        }
        if self.decodes {
            append(
                &mut out,
                quote!(let __decodes = <Self as #private::IntoErrorBody>::__decodes();),
            );
        }
        append(&mut out, body);
        out
    }
}

#[cfg(test)]
mod tests {
    fn expand(input: syn::DeriveInput) -> String {
        crate::expand::derive(&input).to_string()
    }

    #[test]
    fn descriptors_carry_the_pattern_the_fields_and_the_id() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 402, message = "available {available}", id = "E.Credits")]
                Credits { available: u64, #[error_body(default)] note: String },
                #[error_body(code = 429)]
                Limited(#[error_body(retry_after)] u64),
            }
        });
        let p = "__sunor_errors_private ::";
        for needle in [
            // The id, on its case's descriptor; the pattern's items in it.
            format!(
                "__descriptor (\"Credits\" , {p} ErrorCode :: PAYMENT_REQUIRED , \"available {{available}}\" , \
                 true , {p} RetryAfterHint :: None , __decodes , __PLACEHOLDERS_0 , \
                 & [{p} Item :: Lit (\"available \") , __HOLE_0 ,] , __FIELDS_0) \
                 . with_id (\"E.Credits\")"
            ),
            format!(
                "__descriptor (\"Limited\" , {p} ErrorCode :: TOO_MANY_REQUESTS , \"Rate limit exceeded.\" , \
                 false , {p} RetryAfterHint :: FromField , __decodes , & [] , & [] , __FIELDS_1)"
            ),
            // The descriptor's constructor gives each its pattern and fields.
            ". with_decoding (decodable , placeholders) . with_pattern (items , fields)".to_owned(),
            format!(
                "const __HOLE_0 : {p} Item = {p} Item :: Hole ({p} Hole :: new ({p} Kind :: Uint (64) , {p} Spec :: PLAIN)) ;"
            ),
            format!(
                "const __FIELDS_0 : & [{p} FieldDescriptor] = & [\
                 {p} FieldDescriptor :: new (\"available\" , {p} Kind :: Uint (64) , \"u64\" , & [1 ,] , {p} FieldFrom :: Placeholder) , \
                 {p} FieldDescriptor :: new (\"note\" , {p} Kind :: String , \"String\" , & [] , {p} FieldFrom :: Default) ,] ;"
            ),
            format!(
                "const __FIELDS_1 : & [{p} FieldDescriptor] = & [\
                 {p} FieldDescriptor :: new (\"0\" , {p} Kind :: Uint (64) , \"u64\" , & [] , {p} FieldFrom :: RetryAfter) ,] ;"
            ),
            // Decodable as far as the type decodes: asked once.
            format!("let __decodes = < Self as {p} IntoErrorBody > :: __decodes () ;"),
            format!("fn __decodes () -> bool {{ {p} decodes ! (Self) }}"),
        ] {
            assert!(out.contains(&needle), "{needle}: {out}");
        }
    }
}
