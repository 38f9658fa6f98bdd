//! `error_catalog`: one `ErrorDescriptor` per case, or a transparent field's whole catalogue.
//!
//! A descriptor also tells the decoding side: whether `#[derive(FromErrorBody)]` on the type
//! decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive does not
//! report decoding mistakes), and the template's placeholders with their fields' types.

use proc_macro2::{Punct, Spacing, TokenStream};
use quote::{ToTokens as _, quote};
use syn::{LitStr, Type};

use crate::ctxt::Ctxt;
use crate::fmt::Piece;
use crate::frame::{Paths, append, variant_name};
use crate::plan::{self, How};
use crate::spec;
use crate::valid::{Kind, ValidCase};

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
    let decodable = matches!(
        plan::plan(&mut Ctxt::default(), valid),
        Some(plan::Plan {
            how: How::Match(_),
            ..
        })
    );
    let mut placeholders = TokenStream::new();
    if let (
        Some((template, _)),
        Kind::Code {
            placeholders: fields,
            ..
        },
    ) = (&case.template, &valid.kind)
    {
        // `fields[n]` is the field of placeholder `n`.
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
    let variant = variant_name(paths, case.variant());
    quote! {
        #private::ErrorDescriptor::with_decoding(
            #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint),
            #decodable,
            const { &[#placeholders] },
        )
    }
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
