//! How each case is decoded: where every field comes from (a placeholder of the message, the
//! body's delay, or its `default`), how each placeholder's text is read, and the template as
//! the items of its pattern (literal text and placeholders). Building the plan checks every
//! decoding rule of a case: an unrecoverable field, a format spec that cannot be read back,
//! a field shown twice in two ways. Where a message could be split in more than one way
//! (`{a}{b}`), the split the pattern's regex takes is the answer, at run time: no rule here.
//! `ambiguity.rs` then compares the cases with each other.
//!
//! The `IntoErrorBody` derive plans too (into a scratch `Ctxt`), for its catalogue's
//! `decodable`: both derives read the same attributes and agree on what decodes.

use syn::{Ident, LitStr, Path};

use crate::ast::{Case, Field};
use crate::attr::FieldDefault;
use crate::automaton::Re;
use crate::ctxt::Ctxt;
use crate::default_messages::default_message;
use crate::fmt::{Arg, Piece, Placeholder};
use crate::spec::{self, Kind, Read, Shape};
use crate::valid::{self, ValidCase};

pub(crate) struct Plan<'c, 'a> {
    pub(crate) case: &'c Case<'a>,
    pub(crate) how: How<'c, 'a>,
}

pub(crate) enum How<'c, 'a> {
    /// `skip_decode`: never produced.
    Skip,
    /// The field's own `FromErrorBody` on the whole body.
    Transparent(&'c Field<'a>),
    Match(Match<'c>),
}

pub(crate) struct Match<'c> {
    pub(crate) code: u16,
    pub(crate) message: Message,
    /// One per placeholder of the template, in order.
    pub(crate) holes: Vec<Hole>,
    /// Where each field of the case comes from, in declaration order.
    pub(crate) sources: Vec<Source<'c>>,
}

impl Match<'_> {
    /// The messages the case can match, each placeholder standing for any text. Built when
    /// the ambiguity check asks, not with every plan: `#[derive(IntoErrorBody)]` plans each
    /// case for its catalogue and never asks.
    pub(crate) fn language(&self) -> Re {
        match &self.message {
            Message::Exact(text) => Re::lit(text),
            Message::Template(parts) => {
                let mut language = Vec::with_capacity(parts.len());
                for part in parts {
                    language.push(match part {
                        Part::Text(text) => Re::lit(text),
                        Part::Hole(n) => spec::language(self.holes[*n].kind, &self.holes[*n].shape),
                    });
                }
                Re::Cat(language)
            }
        }
    }
}

pub(crate) enum Message {
    /// A fixed message, or the code's default one.
    Exact(String),
    /// The template's items, in order.
    Template(Vec<Part>),
}

/// An item of a template's pattern.
pub(crate) enum Part {
    /// Literal text (never empty).
    Text(String),
    /// Placeholder number `n`: an index into `holes`.
    Hole(usize),
}

pub(crate) struct Hole {
    /// The field it shows.
    pub(crate) field: usize,
    /// The format spec as written: placeholders showing one field must agree on it.
    pub(crate) spec: String,
    pub(crate) kind: Kind,
    pub(crate) shape: Shape,
    /// An earlier hole showing the same field with the same spec: this text must equal it.
    pub(crate) repeat_of: Option<usize>,
}

pub(crate) enum Source<'c> {
    /// Parsed from the text of the first placeholder showing it.
    Hole,
    /// The `retry_after` field: from the body's delay.
    Delay,
    /// `default`: `Default::default()`, or the function given.
    Default(Option<(&'c Path, &'c LitStr)>),
}

/// The decoding plan of a checked case; `None` after reporting why it cannot be decoded.
pub(crate) fn plan<'c, 'a>(cx: &mut Ctxt, valid: &ValidCase<'c, 'a>) -> Option<Plan<'c, 'a>> {
    let case = valid.case;
    // A message that did not parse, or an attribute with a syntax error, is reported
    // already: its placeholders (or keys) are unknown, so no field is reported on top.
    if case.attrs.malformed || (case.attrs.message.is_some() && case.template.is_none()) {
        return None;
    }
    let how = match &valid.kind {
        _ if case.attrs.skip_decode.is_some() => How::Skip,
        valid::Kind::Transparent(field) => {
            if let Some(default) = &field.attrs.default {
                cx.spanned(
                    &default.key,
                    "a `transparent` case decodes its field from the whole body; remove `default`",
                );
                return None;
            }
            How::Transparent(field)
        }
        valid::Kind::Code { code, placeholders } => {
            How::Match(plan_match(cx, case, *code, placeholders)?)
        }
    };
    Some(Plan { case, how })
}

fn plan_match<'c>(
    cx: &mut Ctxt,
    case: &'c Case<'_>,
    code: u16,
    placeholders: &[usize],
) -> Option<Match<'c>> {
    // A template with placeholders; a fixed message is matched whole.
    let template = match &case.template {
        Some((template, lit)) if template.as_static().is_none() => Some((template, lit)),
        _ => None,
    };
    let mut ok = true;
    let mut holes: Vec<Hole> = Vec::new();
    if let Some((template, lit)) = template {
        for piece in &template.pieces {
            let Piece::Hole(placeholder) = piece else {
                continue;
            };
            // One hole per placeholder: this is placeholder number `holes.len()`.
            let field_index = placeholders[holes.len()];
            let field = &case.fields[field_index];
            let name = arg_name(placeholder);
            let kind = spec::kind(field.ty);
            let shape = read_spec(kind, field, &name, &placeholder.spec);
            let repeat_of = match first_hole(&holes, field_index) {
                Some(j) if holes[j].spec == placeholder.spec => Some(j),
                Some(_) => {
                    cx.spanned(
                        lit,
                        &format!(
                            "field `{name}` is shown twice with different format specs; decoding reads a field from one placeholder, or from several written alike (`{{{name}}}` twice)"
                        ),
                    );
                    ok = false;
                    None
                }
                None => None,
            };
            // A hole is kept even when it cannot be read, so that its field is not also
            // reported as shown nowhere.
            let Ok(shape) = shape.map_err(|message| {
                cx.spanned(lit, &format!("cannot decode this message: {message}"));
                ok = false;
            }) else {
                holes.push(Hole {
                    field: field_index,
                    spec: placeholder.spec.clone(),
                    kind,
                    shape: spec::shape(Kind::Other, "", "", &spec::Spec::default()).ok()?,
                    repeat_of,
                });
                continue;
            };
            holes.push(Hole {
                field: field_index,
                spec: placeholder.spec.clone(),
                kind,
                shape,
                repeat_of,
            });
        }
    }

    let sources = sources(cx, case, &holes)?;
    if !ok {
        return None;
    }
    let message = match template {
        None => Message::Exact(match &case.template {
            Some((template, _)) => template.as_static().unwrap_or_default(),
            None => default_message(code).to_owned(),
        }),
        Some((template, _)) => message(&template.pieces),
    };
    Some(Match {
        code,
        message,
        holes,
        sources,
    })
}

/// How placeholder `{name:spec}` on `field` is read, or why it cannot be.
fn read_spec(kind: spec::Kind, field: &Field<'_>, name: &str, spec: &str) -> Result<Shape, String> {
    let spec = spec::parse_spec(spec)?;
    spec::shape(kind, &spec::type_text(field.ty), name, &spec)
}

/// The first hole showing field `field`.
fn first_hole(holes: &[Hole], field: usize) -> Option<usize> {
    for (i, hole) in holes.iter().enumerate() {
        if hole.field == field {
            return Some(i);
        }
    }
    None
}

/// `a` for `{a}`, `0` for `{0}`.
pub(crate) fn arg_name(placeholder: &Placeholder) -> String {
    match &placeholder.arg {
        Arg::Named(name) => name.clone(),
        Arg::Index(index) => index.to_string(),
    }
}

/// Where each field comes from; an error on every field that comes from nowhere, and on a
/// `default` that would never be used.
fn sources<'c>(cx: &mut Ctxt, case: &'c Case<'_>, holes: &[Hole]) -> Option<Vec<Source<'c>>> {
    let mut out = Vec::with_capacity(case.fields.len());
    let mut ok = true;
    for (index, field) in case.fields.iter().enumerate() {
        let hole = first_hole(holes, index);
        let source = match (hole, &field.attrs.retry_after, &field.attrs.default) {
            (Some(_), _, None) => Source::Hole,
            (None, Some(_), None) => Source::Delay,
            (None, None, Some(FieldDefault { path, lit, .. })) => match (path, lit) {
                (Some(path), Some(lit)) => Source::Default(Some((path, lit))),
                _ => Source::Default(None),
            },
            (_, _, Some(default)) => {
                let from = if hole.is_some() {
                    "the message shows it: decoding reads it from there"
                } else {
                    "it is the `retry_after` field: decoding reads it from the body's delay"
                };
                cx.spanned(
                    &default.key,
                    &format!("`default` on a field that needs none: {from}; remove `default`"),
                );
                ok = false;
                continue;
            }
            (None, None, None) => {
                let name = match &field.member {
                    syn::Member::Named(ident) => format!("field `{ident}`"),
                    syn::Member::Unnamed(index) => {
                        format!("field {} (`{}`)", index.index, spec::type_text(field.ty))
                    }
                };
                let span: &dyn quote::ToTokens = match &field.member {
                    syn::Member::Named(ident) => ident as &Ident,
                    syn::Member::Unnamed(_) => field.ty,
                };
                cx.spanned(
                    span,
                    &format!(
                        "{name} cannot be decoded: the message does not show it and it is not the `retry_after` field; mark it `#[error_body(default)]` (or `default = \"path::to::fn\"`) to fill it when decoding, or mark the {} `#[error_body(skip_decode)]` so that decoding never produces it",
                        if case.is_variant { "variant" } else { "struct" }
                    ),
                );
                ok = false;
                continue;
            }
        };
        out.push(source);
    }
    if ok { Some(out) } else { None }
}

/// The template as the items of its pattern.
fn message(pieces: &[Piece]) -> Message {
    let mut parts = Vec::with_capacity(pieces.len());
    let mut n = 0;
    for piece in pieces {
        match piece {
            Piece::Text(text) => parts.push(Part::Text(text.clone())),
            Piece::Hole(_) => {
                parts.push(Part::Hole(n));
                n += 1;
            }
        }
    }
    Message::Template(parts)
}

impl Hole {
    /// How the generated code reads it.
    pub(crate) fn read(&self) -> Read {
        self.shape.read
    }
}
