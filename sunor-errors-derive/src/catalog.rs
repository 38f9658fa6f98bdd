//! `error_catalog`: one `ErrorDescriptor` per case, or a transparent field's whole catalogue.
//!
//! A descriptor also tells the decoding side: whether `#[derive(FromErrorBody)]` on the type
//! decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive does not
//! report decoding mistakes), and the template's placeholders with their fields' types.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{LitStr, Type};

use crate::ctxt::Ctxt;
use crate::expand::{Paths, unraw};
use crate::plan::{self, How};
use crate::spec;
use crate::valid::{Kind, ValidCase};

/// One catalogue contribution: a descriptor, or a transparent field's whole catalogue.
pub(crate) enum CatalogPart {
    One(TokenStream),
    Inner(TokenStream),
}

/// The descriptor of a case answering with its own code and message.
pub(crate) fn descriptor(
    paths: &Paths,
    type_name: &LitStr,
    valid: &ValidCase<'_, '_>,
    code: &TokenStream,
    message: &TokenStream,
    templated: bool,
    hint: &TokenStream,
) -> CatalogPart {
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
        for (i, placeholder) in template.placeholders().iter().enumerate() {
            let index = fields[i];
            let name = plan::arg_name(placeholder);
            let ty = spec::type_text(case.fields[index].ty);
            placeholders.extend(quote!(#private::Placeholder::new(#name, #ty),));
        }
    }
    let variant = if case.is_variant {
        let name = LitStr::new(&unraw(case.ident), case.ident.span());
        quote!(#private::Option::Some(#name))
    } else {
        quote!(#private::Option::None)
    };
    CatalogPart::One(quote! {
        #private::ErrorDescriptor::with_decoding(
            #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint),
            #decodable,
            const { &[#placeholders] },
        )
    })
}

/// A transparent field's catalogue.
pub(crate) fn inner(paths: &Paths, ty: &Type) -> CatalogPart {
    let private = &paths.private;
    CatalogPart::Inner(quote!(<#ty as #private::IntoErrorBody>::error_catalog()))
}

/// The body of `error_catalog`, in declaration order.
pub(crate) fn catalog(paths: &Paths, parts: Vec<CatalogPart>) -> TokenStream {
    let private = &paths.private;
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
