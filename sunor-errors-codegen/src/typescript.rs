//! The TypeScript module: ES2020 with the global `fetch`, no import, no npm runtime
//! dependency.
//!
//! The runtime (decoding, the retry loop, the `fetch` adapter) is the fixed text of
//! `typescript_runtime.ts`; the catalogue gives the header, the policy's numbers, one class
//! per portable case and the table of cases. The same catalogue gives the same bytes.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::{Case, Catalog, Field, Kind, RetryAfter};

const RUNTIME: &str = include_str!("typescript_runtime.ts");

/// Names the runtime defines, and globals a class must not shadow.
const TAKEN: &[&str] = &[
    "SunorError",
    "BadRequestError",
    "AuthenticationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "DeadlineError",
    "RetryBudget",
    "RetryRun",
    "GiveUp",
    "Policy",
    "POLICY",
    "Error",
    "Object",
    "Map",
    "Promise",
    "Response",
    "Headers",
    "RegExp",
    "BigInt",
    "Number",
    "String",
    "Symbol",
    "Array",
    "Uint8Array",
    "Uint16Array",
    "ArrayBuffer",
    "TextDecoder",
    "AbortController",
    "AbortSignal",
];

/// Property names a case's field cannot take on the error object.
const MEMBERS: &[&str] = &[
    "code",
    "message",
    "retryAfter",
    "case",
    "fields",
    "body",
    "bodyText",
    "name",
    "stack",
    "cause",
    "constructor",
    "toString",
    "valueOf",
    "toLocaleString",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// The TypeScript module for `catalog`.
pub fn generate(catalog: &Catalog) -> String {
    let classes = class_names(catalog);
    let mut out = String::with_capacity(RUNTIME.len() + 16 * 1024);
    for line in RUNTIME.split_inclusive('\n') {
        match line.trim_end() {
            "// @@HEADER@@" => out.push_str(&header(catalog)),
            "// @@POLICY@@" => out.push_str(&policy(catalog)),
            "// @@CLASSES@@" => out.push_str(&case_classes(catalog, &classes)),
            "// @@CASES@@" => out.push_str(&case_table(catalog, &classes)),
            _ => out.push_str(line),
        }
    }
    out
}

/// The SHA-256 (hex) of the catalogue's content: its canonical JSON (keys sorted, compact),
/// so that the header changes exactly when what the module is made of does.
pub fn catalogue_digest(catalog: &Catalog) -> String {
    let json = serde_json::json!({
        "format": catalog.format,
        "type": catalog.type_name,
        "decodable": catalog.decodable,
        "policy": {
            "retryable_codes": catalog.policy.retryable_codes,
            "max_retries": catalog.policy.max_retries,
            "backoff": {
                "base_seconds": catalog.policy.backoff.base_seconds,
                "factor": catalog.policy.backoff.factor,
                "max_seconds": catalog.policy.backoff.max_seconds,
                "jitter": catalog.policy.backoff.jitter,
                "jitter_low": catalog.policy.backoff.jitter_low,
                "jitter_high": catalog.policy.backoff.jitter_high,
            },
            "min_delay_seconds": catalog.policy.min_delay_seconds,
            "min_delay_jitter_high": catalog.policy.min_delay_jitter_high,
            "rate_limited_fallback_seconds": catalog.policy.rate_limited_fallback_seconds,
            "max_retry_after_seconds": catalog.policy.max_retry_after_seconds,
            "budget": {
                "max_tokens": catalog.policy.budget.max_tokens,
                "token_ratio": catalog.policy.budget.token_ratio,
                "retry_cost": catalog.policy.budget.retry_cost,
                "threshold": catalog.policy.budget.threshold,
            },
        },
        "cases": catalog.cases.iter().map(|case| serde_json::json!({
            "id": case.id,
            "type": case.type_name,
            "variant": case.variant,
            "code": case.code,
            "message": case.message,
            "pattern": case.pattern,
            "fields": case.fields.iter().map(|field| serde_json::json!({
                "name": field.name,
                "kind": kind_name(field.kind),
                "bits": field.bits,
                "groups": field.groups,
                "from": field.from,
            })).collect::<Vec<_>>(),
            "portable": case.portable,
            "retryable": case.retryable,
            "retry_after": match &case.retry_after {
                None => serde_json::Value::Null,
                Some(RetryAfter::Seconds(seconds)) => serde_json::json!({ "seconds": seconds }),
                Some(RetryAfter::Field(name)) => serde_json::json!({ "field": name }),
            },
            "decodable": case.decodable,
        })).collect::<Vec<_>>(),
    });
    // serde_json's maps are sorted (BTreeMap) without `preserve_order`: canonical.
    let digest = Sha256::digest(json.to_string().as_bytes());
    digest
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn header(catalog: &Catalog) -> String {
    format!(
        "// Generated by sunor-errors-codegen from the error catalogue of {} (format {}, SHA-256 {}).\n\
         // Do not edit: `sunor-errors-codegen typescript CATALOGUE.json -o FILE` writes it anew.\n",
        comment(&catalog.type_name),
        catalog.format,
        catalogue_digest(catalog)
    )
}

fn policy(catalog: &Catalog) -> String {
    let p = &catalog.policy;
    let codes: Vec<String> = p.retryable_codes.iter().map(u16::to_string).collect();
    let mut out = String::new();
    let _ = writeln!(out, "/** The default retry policy of the catalogue. */");
    let _ = writeln!(out, "export const POLICY: Policy = {{");
    let _ = writeln!(out, "  retryableCodes: [{}],", codes.join(", "));
    let _ = writeln!(out, "  maxRetries: {},", p.max_retries);
    let _ = writeln!(out, "  backoff: {{");
    let _ = writeln!(out, "    baseSeconds: {},", number(p.backoff.base_seconds));
    let _ = writeln!(out, "    factor: {},", number(p.backoff.factor));
    let _ = writeln!(out, "    maxSeconds: {},", number(p.backoff.max_seconds));
    let _ = writeln!(out, "    jitter: {},", string(&p.backoff.jitter));
    let _ = writeln!(out, "    jitterLow: {},", number(p.backoff.jitter_low));
    let _ = writeln!(out, "    jitterHigh: {},", number(p.backoff.jitter_high));
    let _ = writeln!(out, "  }},");
    let _ = writeln!(out, "  minDelaySeconds: {},", number(p.min_delay_seconds));
    let _ = writeln!(
        out,
        "  minDelayJitterHigh: {},",
        number(p.min_delay_jitter_high)
    );
    let _ = writeln!(
        out,
        "  rateLimitedFallbackSeconds: {},",
        number(p.rate_limited_fallback_seconds)
    );
    let _ = writeln!(
        out,
        "  maxRetryAfterSeconds: {},",
        number(p.max_retry_after_seconds)
    );
    let _ = writeln!(out, "  budget: {{");
    let _ = writeln!(out, "    maxTokens: {},", number(p.budget.max_tokens));
    let _ = writeln!(out, "    tokenRatio: {},", number(p.budget.token_ratio));
    let _ = writeln!(out, "    retryCost: {},", number(p.budget.retry_cost));
    let _ = writeln!(out, "    threshold: {},", number(p.budget.threshold));
    let _ = writeln!(out, "  }},");
    let _ = writeln!(out, "}};");
    let _ = writeln!(out);
    let _ = writeln!(out, "/** The Rust type the catalogue describes. */");
    let _ = writeln!(
        out,
        "export const CATALOGUE_TYPE = {};",
        string(&catalog.type_name)
    );
    let _ = writeln!(out, "/** The SHA-256 of the catalogue's content. */");
    let _ = writeln!(
        out,
        "export const CATALOGUE_SHA256 = \"{}\";",
        catalogue_digest(catalog)
    );
    let _ = writeln!(
        out,
        "// Whether the type decodes (derives `FromErrorBody`): if not, no case is ever matched."
    );
    let _ = writeln!(
        out,
        "const CATALOGUE_DECODABLE: boolean = {};",
        catalog.decodable
    );
    out
}

/// The class of each case that gets one (portable and decodable), by index.
fn class_names(catalog: &Catalog) -> Vec<Option<String>> {
    let mut used: BTreeSet<String> = TAKEN.iter().map(|s| (*s).to_owned()).collect();
    catalog
        .cases
        .iter()
        .map(|case| {
            if !(case.portable && case.decodable) {
                return None;
            }
            let mut base: String = case
                .id
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let mut chars = part.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect();
            if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
                base.insert_str(0, "Case");
            }
            Some(unique(base, &mut used))
        })
        .collect()
}

fn unique(base: String, used: &mut BTreeSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    used.insert(name.clone());
    name
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The property of each decoded field of a case on its class (`None`: a field decoding
/// leaves out, a `default` one).
fn property_names(case: &Case) -> Vec<Option<String>> {
    let mut used: BTreeSet<String> = MEMBERS.iter().map(|s| (*s).to_owned()).collect();
    case.fields
        .iter()
        .map(|field| {
            if !decoded(field) {
                return None;
            }
            let base = if MEMBERS.contains(&field.name.as_str()) {
                format!("{}Field", field.name)
            } else if is_identifier(&field.name) {
                field.name.clone()
            } else {
                let cleaned: String = field
                    .name
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                format!("field{cleaned}")
            };
            Some(unique(base, &mut used))
        })
        .collect()
}

/// Whether decoding gives the field a value (from the message or the delay).
fn decoded(field: &Field) -> bool {
    !field.groups.is_empty() || field.from.as_deref() == Some("retry_after")
}

fn field_type(field: &Field) -> &'static str {
    match field.kind {
        Kind::Uint | Kind::Int if field.bits.unwrap_or(64) <= 32 => "number",
        Kind::Uint | Kind::Int => "bigint",
        Kind::Bool => "boolean",
        Kind::String | Kind::Char | Kind::Other => "string",
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Uint => "uint",
        Kind::Int => "int",
        Kind::String => "string",
        Kind::Bool => "bool",
        Kind::Char => "char",
        Kind::Other => "other",
    }
}

fn status_class(code: u16) -> &'static str {
    match code {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        402 => "PaymentRequiredError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500..=599 => "InternalServerError",
        _ => "SunorError",
    }
}

fn case_classes(catalog: &Catalog, classes: &[Option<String>]) -> String {
    let mut out = String::new();
    for (case, class) in catalog.cases.iter().zip(classes) {
        let Some(class) = class else { continue };
        let properties = property_names(case);
        let _ = writeln!(
            out,
            "/** `{}`: {} \"{}\". */",
            comment(&case.id),
            case.code,
            comment(&case.message)
        );
        let _ = writeln!(
            out,
            "export class {class} extends {} {{",
            status_class(case.code)
        );
        let _ = writeln!(out, "  declare readonly case: {};", string(&case.id));
        let typed: Vec<String> = case
            .fields
            .iter()
            .filter(|field| decoded(field))
            .map(|field| format!("readonly {}: {}", string(&field.name), field_type(field)))
            .collect();
        if typed.is_empty() {
            let _ = writeln!(
                out,
                "  declare readonly fields: {{ readonly [name: string]: never }};"
            );
        } else {
            let _ = writeln!(
                out,
                "  declare readonly fields: {{ {} }};",
                typed.join("; ")
            );
        }
        for (field, property) in case.fields.iter().zip(&properties) {
            let Some(property) = property else { continue };
            let bits = field
                .bits
                .map_or_else(String::new, |bits| format!(", {bits} bits"));
            let source = if field.groups.is_empty() {
                "the delay"
            } else {
                "the message"
            };
            let _ = writeln!(
                out,
                "  /** `{}` ({}{bits}, from {source}). */",
                comment(&field.name),
                kind_name(field.kind)
            );
            let _ = writeln!(
                out,
                "  get {property}(): {} {{\n    return this.fields[{}];\n  }}",
                field_type(field),
                string(&field.name)
            );
        }
        let _ = writeln!(out, "}}");
        let _ = writeln!(out, "named({class}, {});", string(class));
        let _ = writeln!(out);
    }
    out
}

fn case_table(catalog: &Catalog, classes: &[Option<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// The cases in the order decoding tries them (the catalogue's)."
    );
    let _ = writeln!(out, "const CASE_TABLE: readonly CaseSpec[] = [");
    for (case, class) in catalog.cases.iter().zip(classes) {
        let _ = writeln!(out, "  {{");
        let _ = writeln!(out, "    id: {},", string(&case.id));
        let _ = writeln!(out, "    code: {},", case.code);
        let _ = writeln!(out, "    pattern: {},", string(&case.pattern));
        let _ = writeln!(out, "    portable: {},", case.portable);
        let _ = writeln!(out, "    decodable: {},", case.decodable);
        let _ = writeln!(out, "    fields: [");
        for field in &case.fields {
            let groups: Vec<String> = field.groups.iter().map(usize::to_string).collect();
            let from = match field.from.as_deref() {
                None | Some("message") => "message",
                Some("retry_after") => "retry_after",
                Some(_) => "default",
            };
            let _ = writeln!(
                out,
                "      {{ name: {}, kind: \"{}\", bits: {}, groups: [{}], from: \"{from}\" }},",
                string(&field.name),
                kind_name(field.kind),
                field.bits.unwrap_or(0),
                groups.join(", ")
            );
        }
        let _ = writeln!(out, "    ],");
        let _ = writeln!(out, "    cls: {},", class.as_deref().unwrap_or("null"));
        let _ = writeln!(out, "  }},");
    }
    let _ = writeln!(out, "];");
    out
}

/// A JavaScript string literal (JSON's form is one).
fn string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A JavaScript number literal: Rust's shortest form never uses an exponent.
fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "0".to_owned()
    }
}

/// Text safe inside a one-line comment.
fn comment(text: &str) -> String {
    text.replace("*/", "*\\/")
        .replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_comments() {
        assert!(is_identifier("available") && is_identifier("_x") && is_identifier("$a1"));
        assert!(!is_identifier("0") && !is_identifier("a-b") && !is_identifier(""));
        assert_eq!(comment("a */ b\nc"), "a *\\/ b c");
        assert_eq!(string("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(30.0), "30");
        assert_eq!(number(f64::NAN), "0");
    }

    #[test]
    fn names_never_collide() {
        let mut used: BTreeSet<String> = ["SunorError".to_owned()].into();
        assert_eq!(unique("SunorError".to_owned(), &mut used), "SunorError_2");
        assert_eq!(unique("SunorError".to_owned(), &mut used), "SunorError_3");
        assert_eq!(unique("Other".to_owned(), &mut used), "Other");
    }
}
