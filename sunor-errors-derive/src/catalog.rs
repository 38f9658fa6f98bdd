//! `error_catalog`: one `ErrorDescriptor` per case, or a transparent field's whole catalogue.
//!
//! A descriptor also tells the decoding side: whether `#[derive(FromErrorBody)]` on the type
//! decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive does not
//! report decoding mistakes), and the template's placeholders with their fields' types.
//!
//! A list of placeholders must be a `&'static` slice: each distinct list is one `const`
//! item at the top of `error_catalog`, shared by the cases that show the same fields
//! (`{0}` of a `String`, say), where a `const { }` block per case would be an item each for
//! the compiler to check, store and reload on every incremental rebuild. For the same
//! reason an enum's descriptors are one call each to a local `__descriptor` function that
//! holds what they share (the type's name, the two constructors), not those calls spelled
//! out for every variant.

use proc_macro2::{Punct, Spacing, Span, TokenStream};
use quote::{ToTokens as _, quote};
use syn::{Ident, LitStr, Type};

use crate::ctxt::Ctxt;
use crate::fmt::Piece;
use crate::frame::{Paths, Trees, append, unraw, variant_name};
use crate::plan::{self, How};
use crate::spec;
use crate::valid::{Kind, ValidCase};

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
    /// Each distinct list of placeholders: its text (`name`, `type`, ... joined by NUL), and
    /// their `const` items; the n-th is `__PLACEHOLDERS_n`.
    lists: Vec<String>,
    consts: TokenStream,
    /// A variant's descriptor calls `__descriptor`: it is declared.
    helper: bool,
}

impl Catalog {
    pub(crate) fn new(type_name: &LitStr) -> Catalog {
        Catalog {
            type_name: type_name.clone(),
            segments: Vec::new(),
            array: false,
            run: TokenStream::new(),
            lists: Vec::new(),
            consts: TokenStream::new(),
            helper: false,
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
        let decodable = matches!(
            plan::plan(&mut Ctxt::default(), valid),
            Some(plan::Plan {
                how: How::Match(_),
                ..
            })
        );
        let mut placeholders = TokenStream::new();
        let mut text = String::new();
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
                for part in [&name, &ty] {
                    text.push_str(part);
                    text.push('\0');
                }
                append(
                    &mut placeholders,
                    quote!(#private::Placeholder::new(#name, #ty),),
                );
            }
        }
        // No placeholder: `&[]`, a constant already.
        let placeholders = if placeholders.is_empty() {
            quote!(&[])
        } else {
            let name = self.list(paths, text, placeholders);
            quote!(#name)
        };
        let descriptor = if case.is_variant {
            self.helper = true;
            let variant = LitStr::new(&unraw(case.ident), case.ident.span());
            quote! {
                __descriptor(#variant, #code, #message, #templated, #hint, #decodable, #placeholders)
            }
        } else {
            let type_name = &self.type_name;
            let variant = variant_name(paths, None);
            quote! {
                #private::ErrorDescriptor::new(#type_name, #variant, #code, #message, #templated, #hint)
                    .with_decoding(#decodable, #placeholders)
            }
        };
        if !self.run.is_empty() {
            Punct::new(',', Spacing::Alone).to_tokens(&mut self.run);
        }
        append(&mut self.run, descriptor);
    }

    /// The `const` holding the list of placeholders `text` (`elements` as written), declared
    /// once.
    fn list(&mut self, paths: &Paths, text: String, elements: TokenStream) -> Ident {
        let mut n = 0;
        while n < self.lists.len() && self.lists[n] != text {
            n += 1;
        }
        let name = Ident::new(&format!("__PLACEHOLDERS_{n}"), Span::call_site());
        if n == self.lists.len() {
            let private = &paths.private;
            self.lists.push(text);
            append(
                &mut self.consts,
                quote!(const #name: &[#private::Placeholder] = &[#elements];),
            );
        }
        name
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
        let mut out = self.consts;
        if self.helper {
            let type_name = &self.type_name;
            append(
                &mut out,
                quote! {
                    fn __descriptor(
                        variant: &'static str,
                        code: #private::ErrorCode,
                        message: &'static str,
                        templated: bool,
                        retry_after: #private::RetryAfterHint,
                        decodable: bool,
                        placeholders: &'static [#private::Placeholder],
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
                    }
                },
            );
        }
        append(&mut out, body);
        out
    }
}
