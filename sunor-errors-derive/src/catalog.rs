//! `error_catalog`: one `ErrorDescriptor` per case, or a transparent field's whole catalogue.
//!
//! A descriptor also tells the decoding side: whether `#[derive(FromErrorBody)]` on the type
//! decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive does not
//! report decoding mistakes; and whether the type derives it at all, `__decodes`), the
//! template's placeholders with their fields' types, the items of its pattern and every
//! field with where decoding takes it from: what the catalogue (format 2) writes.

use proc_macro2::{Literal, Punct, Spacing, TokenStream};
use quote::{ToTokens as _, quote};
use syn::{LitStr, Type};

use crate::ctxt::Ctxt;
use crate::fmt::Piece;
use crate::frame::{Paths, append, variant_name};
use crate::plan::{self, How, Message, Source};
use crate::valid::{Kind, ValidCase};
use crate::{decode, spec};

/// The descriptor of a case answering with its own code and message.
pub(crate) fn descriptor(
    paths: &Paths,
    type_name: &LitStr,
    valid: &ValidCase<'_, '_>,
    code: &TokenStream,
    message: &TokenStream,
    templated: bool,
    hint: &TokenStream,
) -> TokenStream {
    let private = &paths.private;
    let case = valid.case;
    let plan = plan::plan(&mut Ctxt::default(), valid);
    let matched = match &plan {
        Some(plan::Plan {
            how: How::Match(m), ..
        }) => Some(m),
        _ => None,
    };
    let decodable = matched.is_some();
    let mut placeholders = TokenStream::new();
    // `fields[n]` is the field of placeholder `n`.
    let fields: &[usize] = match &valid.kind {
        Kind::Code { placeholders, .. } => placeholders,
        Kind::Transparent(_) => &[],
    };
    if let Some((template, _)) = &case.template {
        let mut n = 0;
        for piece in &template.pieces {
            let Piece::Hole(placeholder) = piece else {
                continue;
            };
            let index = fields[n];
            n += 1;
            let name = plan::arg_name(placeholder);
            let ty = spec::type_text(case.fields[index].ty);
            append(
                &mut placeholders,
                quote!(#private::Placeholder::new(#name, #ty),),
            );
        }
    }
    let items = match matched {
        Some(m) => match &m.message {
            Message::Template(parts) => decode::items(paths, parts, &m.holes),
            Message::Exact(_) => TokenStream::new(),
        },
        None => TokenStream::new(),
    };
    let fields = field_descriptors(paths, valid, fields, matched);
    let variant = variant_name(paths, case.variant());
    let decodable = if decodable {
        quote!(<Self as #private::IntoErrorBody>::__decodes())
    } else {
        quote!(false)
    };
    let mut out = quote! {
        #private::ErrorDescriptor::with_pattern(
            #private::ErrorDescriptor::with_decoding(
                #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint),
                #decodable,
                const { &[#placeholders] },
            ),
            const { &[#items] },
            const { &[#fields] },
        )
    };
    if let Some(crate::attr::Keyed {
        value: Some(id), ..
    }) = &case.attrs.id
    {
        out = quote!(#private::ErrorDescriptor::with_id(#out, #id));
    }
    out
}

/// `FieldDescriptor::new(..),` for every field, in declaration order.
fn field_descriptors(
    paths: &Paths,
    valid: &ValidCase<'_, '_>,
    placeholders: &[usize],
    matched: Option<&plan::Match<'_>>,
) -> TokenStream {
    let private = &paths.private;
    let case = valid.case;
    let mut out = TokenStream::new();
    for (index, field) in case.fields.iter().enumerate() {
        let name = match &field.member {
            syn::Member::Named(ident) => crate::frame::unraw(ident),
            syn::Member::Unnamed(index) => index.index.to_string(),
        };
        let kind = decode::kind(paths, spec::kind(field.ty));
        let ty = spec::type_text(field.ty);
        let mut groups = TokenStream::new();
        for (n, &of) in placeholders.iter().enumerate() {
            if of == index {
                let group = Literal::u16_unsuffixed(u16::try_from(n + 1).unwrap_or(u16::MAX));
                append(&mut groups, quote!(#group,));
            }
        }
        let from = match matched.map(|m| &m.sources[index]) {
            Some(Source::Hole) => "Placeholder",
            Some(Source::Delay) => "RetryAfter",
            Some(Source::Default(_)) => "Default",
            None if !groups.is_empty() => "Placeholder",
            None if field.attrs.retry_after.is_some() => "RetryAfter",
            None if field.attrs.default.is_some() => "Default",
            None => "Nowhere",
        };
        let from = syn::Ident::new(from, proc_macro2::Span::call_site());
        append(
            &mut out,
            quote!(#private::FieldDescriptor::new(#name, #kind, #ty, &[#groups], #private::FieldFrom::#from),),
        );
    }
    out
}

/// The body of `error_catalog`, case by case in declaration order: consecutive descriptors
/// go in as one array, a transparent field's catalogue as it is.
#[derive(Default)]
pub(crate) struct Catalog {
    /// Arrays of descriptors and inner catalogues, in order.
    segments: Vec<TokenStream>,
    /// Whether the only segment, if there is one, is an array.
    array: bool,
    /// The descriptors since the last inner catalogue: `d1, d2`.
    run: TokenStream,
}

impl Catalog {
    pub(crate) fn push(&mut self, descriptor: TokenStream) {
        if !self.run.is_empty() {
            Punct::new(',', Spacing::Alone).to_tokens(&mut self.run);
        }
        append(&mut self.run, descriptor);
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
        match self.segments.len() {
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
        }
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
        for needle in [
            "ErrorDescriptor :: with_id (",
            ", \"E.Credits\")",
            "Item :: Lit (\"available \") , :: sunor_errors :: __private :: Item :: Hole",
            "FieldDescriptor :: new (\"available\" , :: sunor_errors :: __private :: Kind :: Uint (64) , \"u64\" , & [1 ,] , :: sunor_errors :: __private :: FieldFrom :: Placeholder)",
            "FieldDescriptor :: new (\"note\" , :: sunor_errors :: __private :: Kind :: String , \"String\" , & [] , :: sunor_errors :: __private :: FieldFrom :: Default)",
            "FieldDescriptor :: new (\"0\" , :: sunor_errors :: __private :: Kind :: Uint (64) , \"u64\" , & [] , :: sunor_errors :: __private :: FieldFrom :: RetryAfter)",
            "< Self as :: sunor_errors :: __private :: IntoErrorBody > :: __decodes ()",
            "fn __decodes () -> bool { :: sunor_errors :: __private :: decodes ! (Self) }",
        ] {
            assert!(out.contains(needle), "{needle}: {out}");
        }
    }
}
