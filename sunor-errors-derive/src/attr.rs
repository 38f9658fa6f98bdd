//! `#[error_body(...)]` attributes, read with `syn::meta::parse_nested_meta`.
//!
//! This pass only reads what is written; whether it makes sense (code in range, placeholders
//! that name fields, ...) is `valid.rs`'s job. A malformed value is reported here and kept
//! as "given but unusable" so that later passes do not pile a second error on it.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, Lit, LitStr, Path, Token};

use crate::ctxt::{Ctxt, error_at};

/// The helper attribute's name. Never `error`: that one is thiserror's.
pub(crate) const ATTR: &str = "error_body";

/// A key as written, and its value: `None` when the value was malformed (already reported).
pub(crate) struct Keyed<T> {
    pub(crate) key: Ident,
    pub(crate) value: Option<T>,
}

/// An integer literal and its value.
pub(crate) struct Int {
    pub(crate) value: u64,
    pub(crate) span: Span,
}

/// The framework integrations a type can opt into, each a key of its own
/// (`#[error_body(axum)]`) and a hook macro `__private::derive_<key>!` in sunor-errors
/// (`src/integrations/<framework>.rs`). A new framework is one entry here and one hook there.
pub(crate) const INTEGRATIONS: &[&str] = &["actix_web", "axum"];

/// The keys of a container (enum, struct) or variant attribute.
#[derive(Default)]
pub(crate) struct Attrs {
    pub(crate) code: Option<Keyed<Int>>,
    pub(crate) message: Option<Keyed<LitStr>>,
    pub(crate) retry_after: Option<Keyed<Int>>,
    pub(crate) transparent: Option<Ident>,
    /// `skip_decode`: `#[derive(FromErrorBody)]` never produces this case.
    pub(crate) skip_decode: Option<Ident>,
    /// `id = "..."`: the case's stable id in the catalogue.
    pub(crate) id: Option<Keyed<LitStr>>,
    /// `crate = "path"`: where generated code finds sunor-errors.
    pub(crate) krate: Option<Keyed<Path>>,
    /// `log_cause = false`: answering a 5xx of this type or variant logs nothing.
    pub(crate) log_cause: Option<Keyed<bool>>,
    /// Keys of [`INTEGRATIONS`] given, as written, each once.
    pub(crate) integrations: Vec<Ident>,
    /// An attribute failed to parse (reported): keys after the mistake are unknown, so no
    /// "missing key" error is added on top.
    pub(crate) malformed: bool,
}

impl Attrs {
    /// The `crate = "path"` given, if it is well-formed.
    pub(crate) fn crate_path(&self) -> Option<&Path> {
        match &self.krate {
            Some(Keyed {
                value: Some(path), ..
            }) => Some(path),
            _ => None,
        }
    }
}

/// The keys of a field attribute: `retry_after`, and `default` for decoding.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) retry_after: Option<Ident>,
    /// `default`, or `default = "path::to::fn"` (the path; `None` when it was malformed,
    /// already reported).
    pub(crate) default: Option<FieldDefault>,
}

/// `#[error_body(default)]` or `#[error_body(default = "path")]` on a field: what decoding
/// fills it with.
pub(crate) struct FieldDefault {
    pub(crate) key: Ident,
    /// The function's path, written as a string as serde's `default = "..."`.
    pub(crate) path: Option<Path>,
    /// The string literal holding the path, for spans.
    pub(crate) lit: Option<LitStr>,
}

/// "`code`, `message`, ..., `axum`": every key of a container or variant attribute.
fn keys() -> String {
    let mut keys = String::from(
        "`code`, `message`, `retry_after`, `transparent`, `skip_decode`, `id`, `log_cause`, `crate`",
    );
    for key in INTEGRATIONS {
        keys.push_str(", `");
        keys.push_str(key);
        keys.push('`');
    }
    keys
}
pub(crate) fn parse_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> Attrs {
    let mut out = Attrs::default();
    let malformed = each_key(cx, attrs, &mut |cx, meta| container_key(cx, meta, &mut out));
    out.malformed = malformed;
    out
}

pub(crate) fn parse_field_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each_key(cx, attrs, &mut |cx, meta| field_key(cx, meta, &mut out));
    out
}

/// Runs `key` on each key of every `#[error_body(...)]` among `attrs`: one instantiation of
/// syn's generic parser for both kinds of attribute. Whether one failed to parse (reported).
fn each_key(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    key: &mut dyn FnMut(&mut Ctxt, &ParseNestedMeta<'_>) -> syn::Result<()>,
) -> bool {
    let mut malformed = false;
    for attr in attrs {
        if !attr.path().is_ident(ATTR) {
            continue;
        }
        if let Err(error) = attr.parse_nested_meta(|meta| key(cx, &meta)) {
            cx.push(error);
            malformed = true;
        }
    }
    malformed
}

/// A key of a container or variant attribute.
fn container_key(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
    let Some(key) = meta.path.get_ident().cloned() else {
        let keys = keys();
        cx.spanned(&meta.path, &format!("unknown key; expected one of {keys}"));
        return skip_value(meta.input);
    };
    match key.to_string().as_str() {
        "code" => {
            let value = int_value(cx, meta, &key)?;
            set(cx, &mut out.code, key, value);
        }
        "message" => {
            let value = str_value(cx, meta, &key)?;
            set(cx, &mut out.message, key, value);
        }
        "retry_after" => {
            if !meta.input.peek(Token![=]) {
                cx.spanned(
                    &key,
                    "`retry_after` here needs a number of seconds (`retry_after = 60`); \
                     to take the delay from a field, put `#[error_body(retry_after)]` on the field",
                );
                return skip_value(meta.input);
            }
            let value = int_value(cx, meta, &key)?;
            set(cx, &mut out.retry_after, key, value);
        }
        "transparent" => flag(
            cx,
            meta,
            &mut out.transparent,
            key,
            "`transparent` takes no value",
        )?,
        "skip_decode" => flag(
            cx,
            meta,
            &mut out.skip_decode,
            key,
            "`skip_decode` takes no value",
        )?,
        "id" => {
            let value = str_value(cx, meta, &key)?;
            if let Some(id) = &value
                && (id.value().is_empty() || id.value().chars().any(char::is_whitespace))
            {
                cx.spanned(
                    id,
                    "a case's `id` is a non-empty name without blanks, such as \"TaskError.NotFound\"",
                );
            }
            set(cx, &mut out.id, key, value);
        }
        "crate" => {
            let value = path_value(cx, meta, &key)?;
            set(cx, &mut out.krate, key, value);
        }
        "log_cause" => {
            let value = bool_value(cx, meta, &key)?;
            set(cx, &mut out.log_cause, key, value);
        }
        name if is_integration(name) => {
            if has_value(meta) {
                cx.spanned(
                    &key,
                    &format!("`{name}` takes no value: write `#[{ATTR}({name})]`"),
                );
                skip_value(meta.input)?;
            }
            let mut first = None;
            for given in &out.integrations {
                if *given == key {
                    first = Some(given);
                    break;
                }
            }
            match first {
                Some(first) => duplicate(cx, first, &key),
                None => out.integrations.push(key),
            }
        }
        other => {
            let keys = keys();
            cx.spanned(
                &key,
                &format!("unknown key `{other}` in #[{ATTR}]; expected one of {keys}"),
            );
            skip_value(meta.input)?;
        }
    }
    Ok(())
}

/// A key of a field attribute.
fn field_key(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, out: &mut FieldAttrs) -> syn::Result<()> {
    match meta.path.get_ident() {
        Some(key) if key == "retry_after" => flag(
            cx,
            meta,
            &mut out.retry_after,
            key.clone(),
            "a `retry_after` field takes no value: the field holds the delay",
        )?,
        Some(key) if key == "default" => {
            let (path, lit) = if meta.input.peek(Token![=]) {
                default_fn(cx, meta, key)?
            } else {
                (None, None)
            };
            match &out.default {
                Some(first) => duplicate(cx, &first.key, key),
                None => {
                    out.default = Some(FieldDefault {
                        key: key.clone(),
                        path,
                        lit,
                    });
                }
            }
        }
        Some(key) if key == "log_cause" => {
            cx.spanned(
                key,
                &format!(
                    "`log_cause` goes on the type or on a variant, not on a field: `#[{ATTR}(log_cause = false)]`"
                ),
            );
            skip_value(meta.input)?;
        }
        _ => {
            let shown = path_text(&meta.path);
            cx.spanned(
                &meta.path,
                &format!(
                    "unknown key `{shown}` on a field; a field takes only `#[{ATTR}(retry_after)]` or `#[{ATTR}(default)]`"
                ),
            );
            skip_value(meta.input)?;
        }
    }
    Ok(())
}

fn path_text(path: &syn::Path) -> String {
    // A loop rather than collect + join: less generic code to compile.
    let mut text = String::new();
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            text.push_str("::");
        }
        text.push_str(&segment.ident.to_string());
    }
    text
}

fn is_integration(name: &str) -> bool {
    for integration in INTEGRATIONS {
        if *integration == name {
            return true;
        }
    }
    false
}

/// Something other than `,` or the end follows the key.
fn has_value(meta: &ParseNestedMeta<'_>) -> bool {
    !meta.input.is_empty() && !meta.input.peek(Token![,])
}

/// A key without a value (`transparent`): `no_value` is the error when one is given.
fn flag(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    slot: &mut Option<Ident>,
    key: Ident,
    no_value: &str,
) -> syn::Result<()> {
    if has_value(meta) {
        cx.spanned(&key, no_value);
        skip_value(meta.input)?;
    }
    match slot {
        Some(first) => duplicate(cx, first, &key),
        None => *slot = Some(key),
    }
    Ok(())
}

fn set<T>(cx: &mut Ctxt, slot: &mut Option<Keyed<T>>, key: Ident, value: Option<T>) {
    match slot {
        Some(first) => duplicate(cx, &first.key, &key),
        None => *slot = Some(Keyed { key, value }),
    }
}

/// A duplicate key: an error on the second, combined with one on the first.
fn duplicate(cx: &mut Ctxt, first: &Ident, again: &Ident) {
    let mut error = error_at(again.span(), &format!("duplicate key `{again}`"));
    error.combine(error_at(
        first.span(),
        &format!("`{first}` is first given here"),
    ));
    cx.push(error);
}

/// The value's tokens, if they are one literal. Parsed as any literal, then matched: one
/// instantiation of syn's parser instead of one per kind of literal.
fn literal(tokens: &TokenStream) -> Option<Lit> {
    syn::parse2::<Lit>(tokens.clone()).ok()
}

/// `key = <integer literal>`; anything else is reported and yields `None`.
fn int_value(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Option<Int>> {
    let tokens = take_value(meta)?;
    let example = if key == "code" {
        "an integer literal in 400..=599, like `code = 404`"
    } else {
        "an integer literal number of seconds, like `retry_after = 60`"
    };
    let Some(Lit::Int(lit)) = literal(&tokens) else {
        cx.spanned(&tokens, &format!("`{key}` takes {example}"));
        return Ok(None);
    };
    if !lit.suffix().is_empty() {
        cx.spanned(
            &lit,
            &format!("`{key}` takes {example}, without a type suffix"),
        );
        return Ok(None);
    }
    match crate::fmt::parse_u64(lit.base10_digits()) {
        Some(value) => Ok(Some(Int {
            value,
            span: lit.span(),
        })),
        None => {
            cx.spanned(&lit, &format!("`{key}` is too large"));
            Ok(None)
        }
    }
}

/// `key = true` or `key = false`; anything else (no value included) is reported and yields
/// `None`.
fn bool_value(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Option<bool>> {
    let message = format!("`{key}` takes `true` or `false`, like `{key} = false`");
    if !meta.input.peek(Token![=]) {
        cx.spanned(key, &message);
        skip_value(meta.input)?;
        return Ok(None);
    }
    let tokens = take_value(meta)?;
    match literal(&tokens) {
        Some(Lit::Bool(lit)) => Ok(Some(lit.value)),
        _ => {
            cx.spanned(&tokens, &message);
            Ok(None)
        }
    }
}

/// `key = "<string literal>"` without a suffix, or `None` after reporting `expected` on the
/// value.
fn string(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    expected: &dyn Fn() -> String,
) -> syn::Result<Option<LitStr>> {
    let tokens = take_value(meta)?;
    match literal(&tokens) {
        Some(Lit::Str(lit)) if lit.suffix().is_empty() => Ok(Some(lit)),
        _ => {
            // Written only when needed: every `message = "..."` passes here.
            cx.spanned(&tokens, &expected());
            Ok(None)
        }
    }
}

/// `key = "<string literal>"`; anything else is reported and yields `None`.
fn str_value(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
) -> syn::Result<Option<LitStr>> {
    string(cx, meta, &|| {
        format!("`{key}` takes a string literal, like `{key} = \"Task not found\"`")
    })
}

/// A path parser: one type, so syn's `parse_with` is instantiated once for both.
type PathParser = fn(ParseStream<'_>) -> syn::Result<Path>;

/// `crate = "<path>"`, as serde's `#[serde(crate = "...")]`: a string literal holding a path
/// (no generics); anything else is reported and yields `None`.
fn path_value(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Option<Path>> {
    const EXAMPLE: &str = "like `crate = \"::sunor_errors\"`";
    let expected = || format!("`{key}` takes a string literal holding a path, {EXAMPLE}");
    let Some(lit) = string(cx, meta, &expected)? else {
        return Ok(None);
    };
    let parser: PathParser = Path::parse_mod_style;
    match lit.parse_with(parser) {
        Ok(path) => Ok(Some(path)),
        Err(_) => {
            cx.spanned(
                &lit,
                &format!(
                    "`{key}` takes the path of the sunor-errors crate, {EXAMPLE}; {:?} is not a path",
                    lit.value()
                ),
            );
            Ok(None)
        }
    }
}

/// `default = "<path>"` on a field: the function decoding fills the field with, as serde's
/// `#[serde(default = "...")]`. A malformed value is reported and yields no path.
fn default_fn(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
) -> syn::Result<(Option<Path>, Option<LitStr>)> {
    const EXAMPLE: &str =
        "like `default = \"unsent_cause\"`, or `default` alone for `Default::default()`";
    let expected =
        || format!("`{key}` takes a string literal holding the path of a function, {EXAMPLE}");
    let Some(lit) = string(cx, meta, &expected)? else {
        return Ok((None, None));
    };
    let parser: PathParser = <Path as syn::parse::Parse>::parse;
    match lit.parse_with(parser) {
        Ok(path) => Ok((Some(path), Some(lit))),
        Err(_) => {
            cx.spanned(
                &lit,
                &format!(
                    "`{key}` takes the path of a function returning the field's type, {EXAMPLE}; {:?} is not a path",
                    lit.value()
                ),
            );
            Ok((None, Some(lit)))
        }
    }
}

/// The tokens after `=` up to the next top-level `,`; an error if there is no `= value`.
fn take_value(meta: &ParseNestedMeta<'_>) -> syn::Result<TokenStream> {
    let input = meta.value()?;
    let tokens = take_until_comma(input)?;
    if tokens.is_empty() {
        return Err(meta.error("expected a value after `=`"));
    }
    Ok(tokens)
}

fn take_until_comma(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?.to_tokens(&mut tokens);
    }
    Ok(tokens)
}

/// Skips whatever follows an unknown or already reported key, so parsing goes on to the
/// next key and its mistakes are reported too.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
    }
    take_until_comma(input)?;
    Ok(())
}
