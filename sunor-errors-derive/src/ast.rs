//! The derive input, read into what the derive cares about: cases (a struct, or each enum
//! variant), their attributes, fields and parsed message templates.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Index, LitStr, Member, Type};

use crate::attr::{self, Attrs, FieldAttrs, Keyed};
use crate::ctxt::{Ctxt, error};
use crate::fmt::Template;

pub(crate) enum Input<'a> {
    Struct(Case<'a>),
    Enum {
        /// The enum's own attribute: a default `code`, and the type's `crate` and integrations.
        attrs: Attrs,
        variants: Vec<Case<'a>>,
    },
}

/// A struct, or one enum variant: what produces one kind of body.
pub(crate) struct Case<'a> {
    pub(crate) ident: &'a Ident,
    /// Whether this is an enum variant (`Self::V`) rather than the struct itself.
    pub(crate) is_variant: bool,
    pub(crate) attrs: Attrs,
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
    /// The message template, when `message` is given and parses.
    pub(crate) template: Option<(Template, LitStr)>,
    /// A span for "this case" errors: its name.
    pub(crate) span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Unit,
    Tuple,
    Named,
}

pub(crate) struct Field<'a> {
    pub(crate) attrs: FieldAttrs,
    pub(crate) member: Member,
    /// The name a template uses for it: the identifier without `r#`, or the index.
    pub(crate) name: String,
    pub(crate) ty: &'a Type,
    /// Marked `#[source]` or `#[from]`: thiserror's (or a like derive's) error source.
    pub(crate) marked_source: bool,
}

impl<'a> Input<'a> {
    /// Reads the input, reporting attribute mistakes into `cx`; a union is an error of its own
    /// (naming `derive`, the trait being derived).
    pub(crate) fn from_syn(
        cx: &mut Ctxt,
        node: &'a DeriveInput,
        derive: &str,
    ) -> syn::Result<Input<'a>> {
        match &node.data {
            Data::Struct(data) => Ok(Input::Struct(Case::from_syn(
                cx,
                &node.ident,
                false,
                &node.attrs,
                &data.fields,
            ))),
            Data::Enum(data) => {
                let attrs = attr::parse_attrs(cx, &node.attrs);
                let mut variants = Vec::with_capacity(data.variants.len());
                // `pairs`: syn's `iter` boxes a trait object, whose code is generated per type.
                for pair in data.variants.pairs() {
                    let v = pair.into_value();
                    variants.push(Case::from_syn(cx, &v.ident, true, &v.attrs, &v.fields));
                }
                Ok(Input::Enum { attrs, variants })
            }
            Data::Union(data) => Err(error(
                &data.union_token,
                &format!("#[derive({derive})] does not support unions; use an enum or a struct"),
            )),
        }
    }

    /// The attribute of the type itself (a struct's is also its case's): `crate`, integrations.
    pub(crate) fn attrs(&self) -> &Attrs {
        match self {
            Input::Struct(case) => &case.attrs,
            Input::Enum { attrs, .. } => attrs,
        }
    }
}

impl<'a> Case<'a> {
    fn from_syn(
        cx: &mut Ctxt,
        ident: &'a Ident,
        is_variant: bool,
        attrs: &'a [syn::Attribute],
        fields: &'a Fields,
    ) -> Case<'a> {
        let attrs = attr::parse_attrs(cx, attrs);
        let style = match fields {
            Fields::Unit => Style::Unit,
            Fields::Unnamed(_) => Style::Tuple,
            Fields::Named(_) => Style::Named,
        };
        let mut fields_out = Vec::with_capacity(fields.len());
        for (i, field) in fields.iter().enumerate() {
            let (member, name) = match &field.ident {
                Some(ident) => (Member::Named(ident.clone()), ident.unraw().to_string()),
                None => (
                    Member::Unnamed(Index {
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                        span: field.ty.span(),
                    }),
                    i.to_string(),
                ),
            };
            fields_out.push(Field {
                attrs: attr::parse_field_attrs(cx, &field.attrs),
                member,
                name,
                ty: &field.ty,
                marked_source: marked_source(&field.attrs),
            });
        }
        let template = match &attrs.message {
            Some(Keyed {
                value: Some(lit), ..
            }) => match Template::parse(&lit.value()) {
                Ok(template) => Some((template, lit.clone())),
                Err(message) => {
                    cx.spanned(lit, &message);
                    None
                }
            },
            _ => None,
        };
        Case {
            ident,
            is_variant,
            attrs,
            style,
            fields: fields_out,
            template,
            span: ident.span(),
        }
    }
}

/// Marked `#[source]` or `#[from]`.
fn marked_source(attrs: &[syn::Attribute]) -> bool {
    for attr in attrs {
        if attr.path().is_ident("source") || attr.path().is_ident("from") {
            return true;
        }
    }
    false
}

impl Case<'_> {
    /// The variant's name, or `None` for a struct.
    pub(crate) fn variant(&self) -> Option<&Ident> {
        if self.is_variant {
            Some(self.ident)
        } else {
            None
        }
    }

    /// "variant `V`" or "`S`", for messages.
    pub(crate) fn what(&self) -> String {
        if self.is_variant {
            format!("variant `{}`", self.ident)
        } else {
            format!("`{}`", self.ident)
        }
    }

    /// The index of the field named `name` (without `r#`).
    pub(crate) fn field(&self, name: &str) -> Option<usize> {
        for (index, field) in self.fields.iter().enumerate() {
            if field.name == name {
                return Some(index);
            }
        }
        None
    }
}
