//! The rules of the derive, checked on the whole input before any code is generated. Every
//! broken rule is reported (spanned on the token at fault) and checking goes on, so the user
//! sees all mistakes of an item at once.

use crate::ast::{Case, Input, Style};
use crate::attr::{Attrs, Int, Keyed};
use crate::ctxt::Ctxt;
use crate::fmt::Arg;

pub(crate) fn check(cx: &mut Ctxt, input: &Input<'_>) {
    match input {
        Input::Struct(case) => check_case(cx, case, None, false),
        Input::Enum { attrs, variants } => {
            check_enum_attrs(cx, attrs);
            let default = attrs.code.as_ref().and_then(|code| code.value.as_ref());
            for variant in variants {
                check_case(cx, variant, default, attrs.malformed);
            }
        }
    }
}

/// Retryable codes, as `ErrorCode::is_retryable` defines them: 408, 429, and every 5xx but
/// the settled refusals 501, 505, 506, 508, 510, 511.
pub(crate) fn is_retryable(code: u64) -> bool {
    matches!(code, 408 | 429)
        || ((500..=599).contains(&code) && !matches!(code, 501 | 505 | 506 | 508 | 510 | 511))
}

fn in_range(code: &Int) -> bool {
    (400..=599).contains(&code.value)
}

fn check_code(cx: &mut Ctxt, code: Option<&Keyed<Int>>) {
    if let Some(code) = code.and_then(|c| c.value.as_ref())
        && !in_range(code)
    {
        cx.error(
            code.span,
            &format!(
                "error code {} is out of range: `code` must be an HTTP error status in 400..=599",
                code.value
            ),
        );
    }
}

fn check_enum_attrs(cx: &mut Ctxt, attrs: &Attrs) {
    check_code(cx, attrs.code.as_ref());
    if let Some(message) = &attrs.message {
        cx.spanned(
            &message.key,
            "`message` goes on each variant; on the enum only a default `code` is allowed",
        );
    }
    if let Some(retry_after) = &attrs.retry_after {
        cx.spanned(
            &retry_after.key,
            "`retry_after` goes on each variant; on the enum only a default `code` is allowed",
        );
    }
    if let Some(transparent) = &attrs.transparent {
        cx.spanned(
            &transparent,
            "`transparent` goes on a variant; on the enum only a default `code` is allowed",
        );
    }
}

fn what(case: &Case<'_>) -> String {
    if case.is_variant {
        format!("variant `{}`", case.ident)
    } else {
        format!("`{}`", case.ident)
    }
}

/// `default_malformed`: the enum's attribute failed to parse, so whether it gives a default
/// code is unknown.
fn check_case(cx: &mut Ctxt, case: &Case<'_>, default: Option<&Int>, default_malformed: bool) {
    check_code(cx, case.attrs.code.as_ref());

    if let Some(transparent) = &case.attrs.transparent {
        let others = [
            case.attrs.code.as_ref().map(|k| &k.key),
            case.attrs.message.as_ref().map(|k| &k.key),
            case.attrs.retry_after.as_ref().map(|k| &k.key),
        ];
        for key in others.into_iter().flatten() {
            cx.spanned(
                &key,
                &format!(
                    "`{key}` cannot be combined with `transparent`: the inner error gives the code, message and retry delay"
                ),
            );
        }
        if case.fields.len() != 1 {
            cx.spanned(
                &transparent,
                &format!(
                    "`transparent` needs exactly one field, the inner error; {} has {}",
                    what(case),
                    case.fields.len()
                ),
            );
        }
        for field in &case.fields {
            if let Some(key) = &field.attrs.retry_after {
                cx.spanned(
                    &key,
                    "a `transparent` case takes its retry delay from the inner error; remove `retry_after`",
                );
            }
        }
        return;
    }

    let code = match case.attrs.code.as_ref() {
        Some(code) => code.value.as_ref(),
        None => {
            if default.is_none() && !case.attrs.malformed && !default_malformed {
                let hint = if case.is_variant {
                    "write `#[error_body(code = 404)]` on it, or a default `#[error_body(code = ...)]` on the enum"
                } else {
                    "write `#[error_body(code = 404)]` on it"
                };
                cx.error(
                    case.span,
                    &format!("missing `code` for {}: {hint}", what(case)),
                );
            }
            default
        }
    };
    let code = code.filter(|code| in_range(code)).map(|code| code.value);

    check_template(cx, case);
    check_retry_after(cx, case, code);
}

fn check_template(cx: &mut Ctxt, case: &Case<'_>) {
    let Some((template, lit)) = &case.template else {
        return;
    };
    let mut reported: Vec<String> = Vec::new();
    for placeholder in template.placeholders() {
        let message = match &placeholder.arg {
            Arg::Index(index) if case.style == Style::Named => format!(
                "positional placeholder `{{{index}}}` in {}, whose fields have names: write `{{name}}` instead ({})",
                what(case),
                field_list(case)
            ),
            Arg::Index(index) if *index >= case.fields.len() => format!(
                "unknown placeholder `{{{index}}}`: {} has {}",
                what(case),
                field_list(case)
            ),
            Arg::Named(name)
                if case.style != Style::Named || !case.fields.iter().any(|f| f.name == *name) =>
            {
                format!(
                    "unknown placeholder `{{{name}}}`: {} has no field `{name}` ({})",
                    what(case),
                    field_list(case)
                )
            }
            _ => continue,
        };
        if !reported.contains(&message) {
            cx.spanned(&lit, &message);
            reported.push(message);
        }
    }
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

fn check_retry_after(cx: &mut Ctxt, case: &Case<'_>, code: Option<u64>) {
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
                    what(case)
                ),
            );
        } else if let Some(first) = first_field {
            let mut error = syn::Error::new(
                key.span(),
                "only one field can be `#[error_body(retry_after)]`",
            );
            error.combine(syn::Error::new(first, "the first `retry_after` field"));
            cx.push(error);
        } else {
            first_field = Some(key.span());
        }
    }
    if let Some(code) = code
        && !is_retryable(code)
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
