//! How each case is decoded: where every field comes from (a placeholder of the message, the
//! body's delay, or its `default`), how each placeholder's text is read, and how the message
//! is cut into those texts. Building the plan checks every decoding rule of a case: an
//! unrecoverable field, a format spec that cannot be read back, a field shown twice in two
//! ways, adjacent placeholders whose split is ambiguous. `ambiguity.rs` then compares the
//! cases with each other.
//!
//! The `IntoErrorBody` derive plans too (into a scratch `Ctxt`), for its catalogue's
//! `decodable`: both derives read the same attributes and agree on what decodes.

use syn::{Ident, LitStr, Path};

use crate::ast::{Case, Field};
use crate::attr::FieldDefault;
use crate::automaton::{self, Dfa, Nfa, Re};
use crate::ctxt::Ctxt;
use crate::defaults::default_message;
use crate::fmt::{Arg, Piece, Placeholder};
use crate::spec::{self, Kind, Parser};
use crate::valid::{self, ValidCase};

/// The most states of a split automaton: `sunor_errors::__private::MAX_STATES`.
const MAX_STATES: usize = 32;

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
    /// The messages the case can match, each placeholder standing for any text.
    pub(crate) language: Re,
}

pub(crate) enum Message {
    /// A fixed message, or the code's default one.
    Exact(String),
    /// `prefix run (middle run)* suffix`: each run one or more adjacent placeholders.
    Template {
        prefix: String,
        middles: Vec<String>,
        suffix: String,
        runs: Vec<Run>,
    },
}

/// Adjacent placeholders.
pub(crate) struct Run {
    /// Indices into `holes`.
    pub(crate) holes: Vec<usize>,
    /// For a run of `k` holes, `k - 1` pairs of automata: this hole, the rest of the run.
    pub(crate) splits: Vec<(Dfa, Dfa)>,
}

pub(crate) struct Hole {
    /// The field it shows.
    pub(crate) field: usize,
    /// The format spec as written: placeholders showing one field must agree on it.
    pub(crate) spec: String,
    pub(crate) kind: Kind,
    pub(crate) parser: Parser,
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
            let parser = read_spec(kind, field, &name, &placeholder.spec);
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
            let parser = match parser {
                Ok(parser) => parser,
                Err(message) => {
                    cx.spanned(lit, &format!("cannot decode this message: {message}"));
                    ok = false;
                    Parser::FromStr
                }
            };
            holes.push(Hole {
                field: field_index,
                spec: placeholder.spec.clone(),
                kind,
                parser,
                repeat_of,
            });
        }
    }

    let sources = sources(cx, case, &holes)?;
    if !ok {
        return None;
    }
    let (message, language) = match template {
        None => {
            let text = match &case.template {
                Some((template, _)) => template.as_static().unwrap_or_default(),
                None => default_message(code).to_owned(),
            };
            let language = Re::lit(&text);
            (Message::Exact(text), language)
        }
        Some((template, lit)) => message(cx, case, &template.pieces, &holes, lit)?,
    };
    Some(Match {
        code,
        message,
        holes,
        sources,
        language,
    })
}

/// How placeholder `{name:spec}` on `field` is read, or why it cannot be.
fn read_spec(
    kind: spec::Kind,
    field: &Field<'_>,
    name: &str,
    spec: &str,
) -> Result<Parser, String> {
    let spec = spec::parse_spec(spec)?;
    spec::parser(kind, &spec::type_text(field.ty), name, &spec)
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

/// The template cut into literals and runs of placeholders, the split automata of each run
/// of several, and the template's language.
fn message(
    cx: &mut Ctxt,
    case: &Case<'_>,
    pieces: &[Piece],
    holes: &[Hole],
    lit: &LitStr,
) -> Option<(Message, Re)> {
    let mut prefix = String::new();
    let mut suffix = String::new();
    let mut middles = Vec::new();
    let mut runs = Vec::new();
    let mut run = Vec::new();
    let mut language = Vec::new();
    let mut hole = 0;
    let mut ok = true;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                language.push(Re::lit(text));
                if i == 0 {
                    prefix.clone_from(text);
                } else if i == pieces.len() - 1 {
                    suffix.clone_from(text);
                } else {
                    middles.push(text.clone());
                    let run = std::mem::take(&mut run);
                    ok &= push_run(cx, case, holes, pieces, lit, run, &mut runs);
                }
            }
            Piece::Hole(_) => {
                language.push(Re::any_text());
                run.push(hole);
                hole += 1;
            }
        }
    }
    if !run.is_empty() {
        ok &= push_run(cx, case, holes, pieces, lit, run, &mut runs);
    }
    if !ok {
        return None;
    }
    let message = Message::Template {
        prefix,
        middles,
        suffix,
        runs,
    };
    Some((message, Re::Cat(language)))
}

/// A run of placeholders with its split automata pushed on `runs`, or why it has none
/// reported (`false`).
fn push_run(
    cx: &mut Ctxt,
    case: &Case<'_>,
    holes: &[Hole],
    pieces: &[Piece],
    lit: &LitStr,
    run: Vec<usize>,
    runs: &mut Vec<Run>,
) -> bool {
    match splits(case, holes, &run, pieces) {
        Ok(splits) => {
            runs.push(Run { holes: run, splits });
            true
        }
        Err(message) => {
            cx.spanned(lit, &message);
            false
        }
    }
}

/// The automata that split a run of adjacent placeholders, or why its split is ambiguous.
fn splits(
    case: &Case<'_>,
    holes: &[Hole],
    run: &[usize],
    pieces: &[Piece],
) -> Result<Vec<(Dfa, Dfa)>, String> {
    if run.len() < 2 {
        return Ok(Vec::new());
    }
    let mut languages = Vec::with_capacity(run.len());
    for &h in run {
        languages.push(spec::language(holes[h].kind, &holes[h].parser));
    }
    let mut names = Vec::with_capacity(run.len());
    for &h in run {
        let mut seen = 0;
        for piece in pieces {
            if let Piece::Hole(placeholder) = piece {
                if seen == h {
                    names.push(format!("`{{{}}}`", arg_name(placeholder)));
                }
                seen += 1;
            }
        }
    }
    if let Some((text, first, second)) = automaton::ambiguous_split(&Nfa::parts(&languages)) {
        return Err(format!(
            "placeholders {} have no text between them, and the split of their text is ambiguous: {:?} reads as {} or as {}; put a literal between them, or use types whose text shows where it ends (a `bool`, a `char`, a Debug string `{{s:?}}`)",
            and(&names),
            text,
            show_split(&text, &first, &names),
            show_split(&text, &second, &names)
        ));
    }
    let mut out = Vec::with_capacity(run.len() - 1);
    for i in 0..run.len() - 1 {
        let left = automaton::determinize(&Nfa::new(&languages[i]), MAX_STATES);
        let right = automaton::determinize(&Nfa::parts(&languages[i + 1..]), MAX_STATES);
        match (left, right) {
            (Some(left), Some(right)) => out.push((left, right)),
            _ => {
                return Err(format!(
                    "placeholders {} have no text between them, and the languages of their texts are too complex to split at run time (more than {MAX_STATES} states) in {}; put a literal between them",
                    and(&names),
                    case.what()
                ));
            }
        }
    }
    Ok(out)
}

/// `` `{a}` = "1", `{b}` = "11" `` for the text cut as `parts` says (each char's part, from 1).
fn show_split(text: &str, parts: &[usize], names: &[String]) -> String {
    let mut texts = Vec::with_capacity(names.len());
    for _ in names {
        texts.push(String::new());
    }
    let mut chars = text.chars();
    for &part in parts {
        let Some(c) = chars.next() else {
            break;
        };
        if let Some(t) = texts.get_mut(part.wrapping_sub(1)) {
            t.push(c);
        }
    }
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("{name} = {:?}", texts[i]));
    }
    out
}

/// "`{a}` and `{b}` and `{c}`".
fn and(names: &[String]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(" and ");
        }
        out.push_str(name);
    }
    out
}
