//! The rules of the derive, checked on the whole input before any code is generated. Every
//! broken rule is reported (spanned on the token at fault) and checking goes on, so the user
//! sees all mistakes of an item at once.
//!
//! What the checks establish is returned, not re-derived later: each case's code (its own or
//! the enum's default) and the field each placeholder names, or its transparent field. Code
//! generation takes them from here, so it never meets a case without a code.

use crate::ast::{Case, Field, Input, Style};
use crate::attr::{Attrs, Int, Keyed};
use crate::ctxt::{Ctxt, error, error_at};
use crate::fmt::{Arg, Piece};

/// The input, checked: the same shape, each case with what answers for it.
pub(crate) enum Valid<'c, 'a> {
    Struct(ValidCase<'c, 'a>),
    Enum(Vec<ValidCase<'c, 'a>>),
}

pub(crate) struct ValidCase<'c, 'a> {
    pub(crate) case: &'c Case<'a>,
    pub(crate) kind: Kind<'c, 'a>,
}

/// What answers for a case.
pub(crate) enum Kind<'c, 'a> {
    /// The case itself: its status code (in 400..=599), and the index of the field each
    /// placeholder of its template names, in order.
    Code { code: u16, placeholders: Vec<usize> },
    /// `transparent`: its only field.
    Transparent(&'c Field<'a>),
}

/// Checks every rule, reporting into `cx`. A case left without a code is an error (pushed
/// into `cx` too, unless its cause already was: a syntax error is not repeated as a
/// "missing code").
pub(crate) fn check<'c, 'a>(cx: &mut Ctxt, input: &'c Input<'a>) -> syn::Result<Valid<'c, 'a>> {
    match input {
        Input::Struct(case) => {
            let kind = check_case(cx, case, None, false)?;
            Ok(Valid::Struct(ValidCase { case, kind }))
        }
        Input::Enum { attrs, variants } => {
            check_enum_attrs(cx, attrs);
            let default = match &attrs.code {
                Some(code) => code.value.as_ref(),
                None => None,
            };
            let mut valid = Vec::with_capacity(variants.len());
            // The variants left without a code: the error returned, beside those in `cx`.
            let mut unresolved = Ctxt::default();
            for case in variants {
                check_type_keys(cx, case);
                match check_case(cx, case, default, attrs.malformed) {
                    Ok(kind) => valid.push(ValidCase { case, kind }),
                    Err(error) => unresolved.push(error),
                }
            }
            duplicate_ids(cx, variants);
            unresolved.check()?;
            Ok(Valid::Enum(valid))
        }
    }
}

/// Retryable codes, as `ErrorCode::is_retryable` defines them: 408, 429, and every 5xx but
/// the settled refusals 501, 505, 506, 508, 510, 511.
pub(crate) fn is_retryable(code: u64) -> bool {
    matches!(code, 408 | 429)
        || (matches!(code, 500..=599) && !matches!(code, 501 | 505 | 506 | 508 | 510 | 511))
}

/// The code, if it is an HTTP error status; otherwise the error to report on it.
fn status(code: &Int) -> syn::Result<u16> {
    match u16::try_from(code.value) {
        Ok(status @ 400..=599) => Ok(status),
        _ => Err(error_at(
            code.span,
            &format!(
                "error code {} is out of range: `code` must be an HTTP error status in 400..=599",
                code.value
            ),
        )),
    }
}

fn check_code(cx: &mut Ctxt, code: Option<&Keyed<Int>>) {
    if let Some(Keyed {
        value: Some(code), ..
    }) = code
        && let Err(error) = status(code)
    {
        cx.push(error);
    }
}

const ON_THE_ENUM: &str = "on the enum only a default `code`, `log_cause`, `crate` and framework keys such as `axum` are allowed";

fn check_enum_attrs(cx: &mut Ctxt, attrs: &Attrs) {
    check_code(cx, attrs.code.as_ref());
    if let Some(message) = &attrs.message {
        cx.spanned(
            &message.key,
            &format!("`message` goes on each variant; {ON_THE_ENUM}"),
        );
    }
    if let Some(retry_after) = &attrs.retry_after {
        cx.spanned(
            &retry_after.key,
            &format!("`retry_after` goes on each variant; {ON_THE_ENUM}"),
        );
    }
    if let Some(transparent) = &attrs.transparent {
        cx.spanned(
            &transparent,
            &format!("`transparent` goes on a variant; {ON_THE_ENUM}"),
        );
    }
    if let Some(id) = &attrs.id {
        cx.spanned(
            &id.key,
            &format!("`id` goes on each variant; {ON_THE_ENUM}"),
        );
    }
}

/// Two variants given one `id`: an error on the second.
fn duplicate_ids(cx: &mut Ctxt, variants: &[Case<'_>]) {
    for (i, case) in variants.iter().enumerate() {
        let Some(Keyed {
            value: Some(id), ..
        }) = &case.attrs.id
        else {
            continue;
        };
        for earlier in &variants[..i] {
            if let Some(Keyed {
                value: Some(first), ..
            }) = &earlier.attrs.id
                && first.value() == id.value()
            {
                cx.spanned(
                    id,
                    &format!(
                        "`id` {:?} is already the id of {}: each case's id names it alone",
                        id.value(),
                        earlier.what()
                    ),
                );
                break;
            }
        }
    }
}

/// `crate` and the integrations are about the whole type: not on a variant.
fn check_type_keys(cx: &mut Ctxt, variant: &Case<'_>) {
    if let Some(krate) = &variant.attrs.krate {
        cx.spanned(
            &krate.key,
            "`crate` goes on the enum, not on a variant: it names the path for the whole type",
        );
    }
    for key in &variant.attrs.integrations {
        cx.spanned(
            &key,
            &format!(
                "`{key}` goes on the enum, not on a variant: the whole type implements the framework's traits"
            ),
        );
    }
}

/// `default_malformed`: the enum's attribute failed to parse, so whether it gives a default
/// code is unknown.
fn check_case<'c, 'a>(
    cx: &mut Ctxt,
    case: &'c Case<'a>,
    default: Option<&Int>,
    default_malformed: bool,
) -> syn::Result<Kind<'c, 'a>> {
    check_code(cx, case.attrs.code.as_ref());

    if let Some(transparent) = &case.attrs.transparent {
        return check_transparent(cx, case, transparent);
    }

    let code = match case.attrs.code.as_ref() {
        Some(Keyed {
            value: Some(code), ..
        }) => status(code),
        // A malformed value, already reported by attr.rs.
        Some(Keyed { key, value: None }) => Err(error_at(
            key.span(),
            "`code` takes an integer literal in 400..=599",
        )),
        None => match default {
            // An out-of-range default is reported once, on the enum.
            Some(default) => status(default),
            None => {
                let hint = if case.is_variant {
                    "write `#[error_body(code = 404)]` on it, or a default `#[error_body(code = ...)]` on the enum"
                } else {
                    "write `#[error_body(code = 404)]` on it"
                };
                let error = error_at(
                    case.span,
                    &format!("missing `code` for {}: {hint}", case.what()),
                );
                // After a syntax error the keys that follow it are unknown: no guess on top.
                if !case.attrs.malformed && !default_malformed {
                    cx.push(error.clone());
                }
                Err(error)
            }
        },
    };

    let placeholders = check_template(cx, case);
    let retry_code = match &code {
        Ok(code) => Some(*code),
        Err(_) => None,
    };
    check_retry_after(cx, case, retry_code);
    match (code, placeholders) {
        (Ok(code), Ok(placeholders)) => Ok(Kind::Code { code, placeholders }),
        (Err(mut error), Err(more)) => {
            error.combine(more);
            Err(error)
        }
        (Err(error), Ok(_)) | (Ok(_), Err(error)) => Err(error),
    }
}

fn check_transparent<'c, 'a>(
    cx: &mut Ctxt,
    case: &'c Case<'a>,
    transparent: &syn::Ident,
) -> syn::Result<Kind<'c, 'a>> {
    // The inner error gives what these keys would.
    if let Some(code) = &case.attrs.code {
        not_with_transparent(cx, &code.key);
    }
    if let Some(message) = &case.attrs.message {
        not_with_transparent(cx, &message.key);
    }
    if let Some(retry_after) = &case.attrs.retry_after {
        not_with_transparent(cx, &retry_after.key);
    }
    if let Some(id) = &case.attrs.id {
        cx.spanned(
            &id.key,
            "`id` cannot be combined with `transparent`: the inner type's cases keep their own ids",
        );
    }
    let kind = match case.fields.as_slice() {
        [field] => Ok(Kind::Transparent(field)),
        fields => {
            let error = error(
                transparent,
                &format!(
                    "`transparent` needs exactly one field, the inner error; {} has {}",
                    case.what(),
                    fields.len()
                ),
            );
            cx.push(error.clone());
            Err(error)
        }
    };
    for field in &case.fields {
        if let Some(key) = &field.attrs.retry_after {
            cx.spanned(
                &key,
                "a `transparent` case takes its retry delay from the inner error; remove `retry_after`",
            );
        }
    }
    kind
}

fn not_with_transparent(cx: &mut Ctxt, key: &syn::Ident) {
    cx.spanned(
        key,
        &format!(
            "`{key}` cannot be combined with `transparent`: the inner error gives the code, message and retry delay"
        ),
    );
}

/// The field each placeholder of the template names, in order; an error (also reported) if
/// one names none.
fn check_template(cx: &mut Ctxt, case: &Case<'_>) -> syn::Result<Vec<usize>> {
    let Some((template, lit)) = &case.template else {
        return Ok(Vec::new());
    };
    let mut fields = Vec::new();
    let mut errors = Ctxt::default();
    let mut reported: Vec<String> = Vec::new();
    for piece in &template.pieces {
        let Piece::Hole(placeholder) = piece else {
            continue;
        };
        let message = match &placeholder.arg {
            Arg::Index(index) if case.style == Style::Named => format!(
                "positional placeholder `{{{index}}}` in {}, whose fields have names: write `{{name}}` instead ({})",
                case.what(),
                field_list(case)
            ),
            Arg::Index(index) if *index < case.fields.len() => {
                fields.push(*index);
                continue;
            }
            Arg::Index(index) => format!(
                "unknown placeholder `{{{index}}}`: {} has {}",
                case.what(),
                field_list(case)
            ),
            Arg::Named(name) => {
                let found = match case.style {
                    Style::Named => case.field(name),
                    Style::Tuple | Style::Unit => None,
                };
                if let Some(index) = found {
                    fields.push(index);
                    continue;
                }
                format!(
                    "unknown placeholder `{{{name}}}`: {} has no field `{name}` ({})",
                    case.what(),
                    field_list(case)
                )
            }
        };
        let mut new = true;
        for earlier in &reported {
            new &= *earlier != message;
        }
        if new {
            let error = error(lit, &message);
            cx.push(error.clone());
            errors.push(error);
            reported.push(message);
        }
    }
    errors.check()?;
    Ok(fields)
}

/// "fields `{a}`, `{b}`" / "fields `{0}`, `{1}`" / "no fields".
fn field_list(case: &Case<'_>) -> String {
    if case.fields.is_empty() {
        return "no fields".to_owned();
    }
    let mut list = String::from(if case.fields.len() == 1 {
        "field "
    } else {
        "fields "
    });
    for (i, field) in case.fields.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str("`{");
        list.push_str(&field.name);
        list.push_str("}`");
    }
    list
}

fn check_retry_after(cx: &mut Ctxt, case: &Case<'_>, code: Option<u16>) {
    let mut keys = Vec::new();
    if let Some(retry_after) = &case.attrs.retry_after {
        keys.push(&retry_after.key);
    }
    let variant_level = !keys.is_empty();
    let mut first_field = None;
    for field in &case.fields {
        let Some(key) = &field.attrs.retry_after else {
            continue;
        };
        keys.push(key);
        if variant_level {
            cx.spanned(
                &key,
                &format!(
                    "{} already has `retry_after = ...`; give the delay once",
                    case.what()
                ),
            );
        } else if let Some(first) = first_field {
            let mut error = error_at(
                key.span(),
                "only one field can be `#[error_body(retry_after)]`",
            );
            error.combine(error_at(first, "the first `retry_after` field"));
            cx.push(error);
        } else {
            first_field = Some(key.span());
        }
    }
    if let Some(code) = code
        && !is_retryable(u64::from(code))
    {
        for key in keys {
            cx.spanned(
                &key,
                &format!(
                    "`retry_after` on code {code}, which clients do not retry; a delay is only meaningful on 408, 429 or a retryable 5xx (not 501, 505, 506, 508, 510, 511)"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_retryable;

    #[test]
    fn retryable_codes_match_the_contract() {
        let retryable: Vec<u64> = (400..=599).filter(|&c| is_retryable(c)).collect();
        let mut expected = vec![408, 429];
        expected.extend((500..=599).filter(|c| ![501, 505, 506, 508, 510, 511].contains(c)));
        assert_eq!(retryable, expected);
        assert!(!is_retryable(400));
        assert!(!is_retryable(501));
        assert!(is_retryable(503));
    }
}
