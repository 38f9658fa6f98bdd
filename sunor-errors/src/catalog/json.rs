//! [`Catalog`]: a type's catalogue as owned data, and its stable JSON form (format 2, see the
//! [module docs](super)); format 1 is still read.

use std::error::Error as StdError;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::RetryAfterHint;
use super::policy::Policy;
use crate::ErrorCode;
use crate::decode::Kind;
use crate::log_safe::Escaped;

/// The version of the JSON format that [`Catalog::to_json`] writes. [`Catalog::from_json`]
/// reads it and every earlier one (format 1).
pub const FORMAT: u64 = 2;

/// The most bytes of a key or name from a snapshot that an error message shows.
const MAX_SHOWN: usize = 64;

/// The catalogue of an error type as owned data: what [`to_json`](Catalog::to_json) writes,
/// what [`from_json`](Catalog::from_json) reads back, and what
/// [`changes_since`](Catalog::changes_since) compares.
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::catalog::Catalog;
/// use sunor_errors::IntoErrorBody;
///
/// #[derive(IntoErrorBody)]
/// enum TaskError {
///     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
///     InsufficientCredits { available: u64, required: u64 },
/// }
///
/// let catalog = Catalog::of::<TaskError>();
/// assert_eq!(catalog.type_name, "TaskError");
/// assert_eq!(catalog.cases[0].name(), "TaskError::InsufficientCredits");
/// assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Catalog {
    /// The type the catalogue is of, without its module path (`"TaskError"`,
    /// `"Wrapper<u64>"`). Informational: clients do not see it.
    pub type_name: String,
    /// Whether the type decodes (implements `FromErrorBody`, as
    /// `#[derive(IntoErrorBody)]` sees it; `false` for a type that implements
    /// `IntoErrorBody` by hand, and for a generic type whose decoding needs bounds).
    pub decodable: bool,
    /// Its cases, in the order decoding tries them: the type's own cases in declaration
    /// order, then each `transparent` variant's cases, recursively.
    pub cases: Vec<Case>,
}

/// One case of a [`Catalog`]: one body (a code, a message or a message template, a delay
/// rule) that the type answers with, and what another language needs to match such bodies
/// and read their fields back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Case {
    /// Its stable id: `Type.Variant` (`Type` for a struct) unless
    /// `#[error_body(id = "...")]` names it. Cases are paired between versions by id.
    pub id: String,
    /// The type that produces it.
    pub type_name: String,
    /// Its variant, `None` for a struct.
    pub variant: Option<String>,
    /// The code.
    pub code: ErrorCode,
    /// The message as written (a template when `templated`).
    pub message: String,
    /// Whether `message` is a template.
    pub templated: bool,
    /// Its pattern: a regex matching exactly the messages of the case, anchored, one capture
    /// group per placeholder occurrence (see the [module docs](super#patterns)); `None` when
    /// the derive could not describe it (a case that is not decodable).
    pub pattern: Option<String>,
    /// The template's placeholders, in the order they appear.
    pub placeholders: Vec<Placeholder>,
    /// Every field of the case, in declaration order (empty when not known: a format-1
    /// catalogue, or a case listed by hand).
    pub fields: Vec<Field>,
    /// Whether the pattern and the fields' kinds alone decode it, in any language: every
    /// placeholder is a plain `{x}` (or `{x:?}` of a number or `bool`) of a `uint`, `int`,
    /// `string`, `bool` or `char` field.
    pub portable: bool,
    /// Whether its code is retryable ([`ErrorCode::is_retryable`]).
    pub retryable: bool,
    /// Whether, and how, its body carries a retry delay.
    pub retry_after: RetryAfterHint,
    /// Whether `#[derive(FromErrorBody)]` decodes its bodies back into it.
    pub decodable: bool,
}

/// A placeholder of a [`Case`]'s template, and the field it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Placeholder {
    /// Its name in the template: a field's name (`"available"`), or a tuple field's index
    /// (`"0"`).
    pub name: String,
    /// Its field's type as written in the source, tokens joined with no space except between
    /// two words (`"u64"`, `"Option<String>"`); from a format-2 catalogue, the type its
    /// field's [`kind`](Field::kind) stands for ([`FieldKind::type_text`]).
    pub ty: String,
}

/// A field of a [`Case`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// Its name (`"0"` for a tuple field).
    pub name: String,
    /// Its kind.
    pub kind: FieldKind,
    /// The capture groups of the pattern that show it (from 1, one per placeholder
    /// occurrence): each holds the same text.
    pub groups: Vec<usize>,
    /// Where decoding takes it from.
    pub from: FieldSource,
}

/// A field's type, in words every language has.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldKind {
    /// An unsigned integer of `bits` bits (`usize`: 64).
    Uint {
        /// 8, 16, 32, 64 or 128.
        bits: u32,
    },
    /// A signed integer of `bits` bits (`isize`: 64).
    Int {
        /// 8, 16, 32, 64 or 128.
        bits: u32,
    },
    /// Text (`"string"` in the JSON).
    Text,
    /// `true` or `false`.
    Bool,
    /// One Unicode scalar value.
    Char,
    /// Any other type (floats too): decoded in Rust by its `FromStr`.
    Other {
        /// The type as written.
        rust_type: String,
    },
}

/// Where decoding takes a field from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldSource {
    /// The capture groups of its placeholders.
    Placeholders,
    /// The body's retry delay.
    RetryAfter,
    /// Its `default` (Rust only: other languages leave it out).
    Default,
    /// Nowhere: the case is not decodable.
    Nowhere,
}

impl Catalog {
    /// The first id that two cases share, if any: a catalogue's ids are unique (the
    /// derive rejects duplicates within one type; through `transparent` variants two types
    /// may still collide).
    pub fn duplicate_id(&self) -> Option<&str> {
        let mut seen = std::collections::BTreeSet::new();
        self.cases
            .iter()
            .map(|case| case.id.as_str())
            .find(|id| !seen.insert(*id))
    }

    /// The catalogue as JSON, format [`FORMAT`]: keys in a fixed order, pretty-printed with
    /// two spaces, a trailing newline; the same text for the same catalogue, every time.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use sunor_errors::catalog::Catalog;
    ///
    /// #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    /// #[error_body(code = 409, message = "Task already running")]
    /// struct Running;
    ///
    /// let json = Catalog::of::<Running>().to_json();
    /// assert!(json.starts_with("{\n  \"format\": 2,\n  \"type\": \"Running\",\n  \"decodable\": true,\n"));
    /// assert!(json.ends_with(r#"  "cases": [
    ///     {
    ///       "id": "Running",
    ///       "type": "Running",
    ///       "variant": null,
    ///       "code": 409,
    ///       "message": "Task already running",
    ///       "pattern": "^Task already running$",
    ///       "fields": [],
    ///       "portable": true,
    ///       "retryable": false,
    ///       "retry_after": null,
    ///       "decodable": true
    ///     }
    ///   ]
    /// }
    /// "#));
    /// # }
    /// ```
    pub fn to_json(&self) -> String {
        // Cannot fail: these impls never fail and a `String` always takes the bytes.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a catalogue written by [`to_json`](Catalog::to_json), in this format or in
    /// format 1. Strict: a missing or unknown key, a value of the wrong kind, a code outside
    /// `400..=599` or a newer format version is an error naming where it is
    /// (`cases[3].code: ...`). A format-1 case gets the id `Type.Variant` and no pattern or
    /// fields. Linear in the text; never panics.
    ///
    /// ```
    /// use sunor_errors::catalog::Catalog;
    ///
    /// let error = Catalog::from_json(r#"{"format": 3, "type": "E", "cases": []}"#).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "format: 3 is newer than this sunor-errors reads (2): upgrade sunor-errors"
    /// );
    /// // Format 1, as committed by earlier versions, is still read.
    /// let old = Catalog::from_json(r#"{"format": 1, "type": "E", "cases": []}"#).unwrap();
    /// assert_eq!(old.type_name, "E");
    /// ```
    pub fn from_json(text: &str) -> Result<Catalog, InvalidCatalog> {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| InvalidCatalog::new(format!("not JSON: {error}")))?;
        Catalog::from_value(&value)
    }

    fn from_value(value: &Value) -> Result<Catalog, InvalidCatalog> {
        let Value::Object(map) = value else {
            return Err(expected("catalogue", "an object", value));
        };
        let format = match map.get("format").map(|format| (format, format.as_u64())) {
            Some((_, Some(format @ (1 | FORMAT)))) => format,
            Some((_, Some(newer))) if newer > FORMAT => {
                return Err(InvalidCatalog::new(format!(
                    "format: {newer} is newer than this sunor-errors reads ({FORMAT}): upgrade sunor-errors"
                )));
            }
            Some((found, _)) => return Err(expected("format", "1 or 2", found)),
            None => {
                return Err(InvalidCatalog::new(
                    "catalogue: missing key \"format\"".into(),
                ));
            }
        };
        let top = if format == 1 {
            object(value, "catalogue", &["format", "type", "cases"])?
        } else {
            object(
                value,
                "catalogue",
                &["format", "type", "decodable", "policy", "cases"],
            )?
        };
        let type_name = string(&top["type"], "type")?.to_owned();
        let decodable = match top.get("decodable") {
            Some(decodable) => boolean(decodable, "decodable")?,
            None => false,
        };
        if let Some(policy) = top.get("policy")
            && !policy.is_object()
        {
            return Err(expected("policy", "an object", policy));
        }
        let Value::Array(cases) = &top["cases"] else {
            return Err(expected("cases", "an array", &top["cases"]));
        };
        let cases = cases
            .iter()
            .enumerate()
            .map(|(i, case)| {
                let path = format!("cases[{i}]");
                if format == 1 {
                    Case::from_format_1(case, &path)
                } else {
                    Case::from_value(case, &path)
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Catalog {
            type_name,
            decodable,
            cases,
        })
    }
}

impl Case {
    /// `Type::Variant`, or `Type` for a struct: how [change](super::Change) lines name it.
    pub fn name(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{}::{variant}", self.type_name),
            None => self.type_name.clone(),
        }
    }

    /// `Type.Variant`, or `Type` for a struct: the id a case has unless it names its own.
    pub fn default_id(type_name: &str, variant: Option<&str>) -> String {
        match variant {
            Some(variant) => format!("{type_name}.{variant}"),
            None => type_name.to_owned(),
        }
    }

    fn from_format_1(value: &Value, path: &str) -> Result<Case, InvalidCatalog> {
        let keys = [
            "type",
            "variant",
            "code",
            "message",
            "templated",
            "placeholders",
            "retry_after",
            "decodable",
        ];
        let case = object(value, path, &keys)?;
        let at = |key: &str| format!("{path}.{key}");
        let type_name = string(&case["type"], &at("type"))?.to_owned();
        let variant = optional_string(&case["variant"], &at("variant"))?;
        let code = code(&case["code"], &at("code"))?;
        let Value::Array(placeholders) = &case["placeholders"] else {
            return Err(expected(
                &at("placeholders"),
                "an array",
                &case["placeholders"],
            ));
        };
        let placeholders = placeholders
            .iter()
            .enumerate()
            .map(|(i, placeholder)| {
                let path = format!("{path}.placeholders[{i}]");
                let placeholder = object(placeholder, &path, &["name", "type"])?;
                Ok(Placeholder {
                    name: string(&placeholder["name"], &format!("{path}.name"))?.to_owned(),
                    ty: string(&placeholder["type"], &format!("{path}.type"))?.to_owned(),
                })
            })
            .collect::<Result<_, _>>()?;
        let retry_after = match &case["retry_after"] {
            Value::Null => RetryAfterHint::None,
            Value::String(s) if s == "from_field" => RetryAfterHint::FromField,
            other => match other.as_u64() {
                Some(seconds) => RetryAfterHint::Fixed(seconds),
                None => {
                    return Err(expected(
                        &at("retry_after"),
                        "null, a number of seconds or \"from_field\"",
                        other,
                    ));
                }
            },
        };
        Ok(Case {
            id: Case::default_id(&type_name, variant.as_deref()),
            type_name,
            variant,
            code,
            message: string(&case["message"], &at("message"))?.to_owned(),
            templated: boolean(&case["templated"], &at("templated"))?,
            pattern: None,
            placeholders,
            fields: Vec::new(),
            portable: false,
            retryable: code.is_retryable(),
            retry_after,
            decodable: boolean(&case["decodable"], &at("decodable"))?,
        })
    }

    fn from_value(value: &Value, path: &str) -> Result<Case, InvalidCatalog> {
        let keys = [
            "id",
            "type",
            "variant",
            "code",
            "message",
            "pattern",
            "fields",
            "portable",
            "retryable",
            "retry_after",
            "decodable",
        ];
        let case = object(value, path, &keys)?;
        let at = |key: &str| format!("{path}.{key}");
        let id = string(&case["id"], &at("id"))?;
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(expected(
                &at("id"),
                "a non-empty id without blanks",
                &case["id"],
            ));
        }
        let Value::Array(fields) = &case["fields"] else {
            return Err(expected(&at("fields"), "an array", &case["fields"]));
        };
        let fields = fields
            .iter()
            .enumerate()
            .map(|(i, field)| Field::from_value(field, &format!("{path}.fields[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let retry_after = match &case["retry_after"] {
            Value::Null => RetryAfterHint::None,
            Value::Object(map) if map.contains_key("seconds") => {
                let object = object(&case["retry_after"], &at("retry_after"), &["seconds"])?;
                let seconds = object["seconds"].as_u64().ok_or_else(|| {
                    expected(
                        &at("retry_after.seconds"),
                        "a number of seconds",
                        &object["seconds"],
                    )
                })?;
                RetryAfterHint::Fixed(seconds)
            }
            Value::Object(_) => {
                let object = object(&case["retry_after"], &at("retry_after"), &["field"])?;
                optional_string(&object["field"], &at("retry_after.field"))?;
                RetryAfterHint::FromField
            }
            other => {
                return Err(expected(
                    &at("retry_after"),
                    "null, {\"seconds\": N} or {\"field\": \"name\"}",
                    other,
                ));
            }
        };
        // The placeholders, in order: each group's field.
        let mut placeholders = Vec::new();
        let mut group = 1;
        while let Some(field) = fields.iter().find(|field| field.groups.contains(&group)) {
            placeholders.push(Placeholder {
                name: field.name.clone(),
                ty: field.kind.type_text(),
            });
            group += 1;
        }
        Ok(Case {
            id: id.to_owned(),
            type_name: string(&case["type"], &at("type"))?.to_owned(),
            variant: optional_string(&case["variant"], &at("variant"))?,
            code: code(&case["code"], &at("code"))?,
            message: string(&case["message"], &at("message"))?.to_owned(),
            templated: !placeholders.is_empty(),
            pattern: optional_string(&case["pattern"], &at("pattern"))?,
            placeholders,
            fields,
            portable: boolean(&case["portable"], &at("portable"))?,
            retryable: boolean(&case["retryable"], &at("retryable"))?,
            retry_after,
            decodable: boolean(&case["decodable"], &at("decodable"))?,
        })
    }

    /// The name of the field the delay comes from, if one is listed.
    fn retry_after_field(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|field| field.from == FieldSource::RetryAfter)
            .map(|field| field.name.as_str())
    }
}

impl Field {
    fn from_value(value: &Value, path: &str) -> Result<Field, InvalidCatalog> {
        let Value::Object(map) = value else {
            return Err(expected(path, "an object", value));
        };
        let kind_text = map
            .get("kind")
            .map(|kind| string(kind, &format!("{path}.kind")))
            .transpose()?;
        let mut keys = vec!["name", "kind", "groups"];
        match kind_text {
            Some("uint" | "int") => keys.push("bits"),
            Some("other") => keys.push("rust_type"),
            Some("string" | "bool" | "char") => {}
            _ => {
                return Err(expected(
                    &format!("{path}.kind"),
                    "uint, int, string, bool, char or other",
                    map.get("kind").unwrap_or(&Value::Null),
                ));
            }
        }
        if map.contains_key("from") {
            keys.push("from");
        }
        let field = object(value, path, &keys)?;
        let at = |key: &str| format!("{path}.{key}");
        let bits = || -> Result<u32, InvalidCatalog> {
            field["bits"]
                .as_u64()
                .and_then(|bits| u32::try_from(bits).ok())
                .filter(|bits| matches!(bits, 8 | 16 | 32 | 64 | 128))
                .ok_or_else(|| expected(&at("bits"), "8, 16, 32, 64 or 128", &field["bits"]))
        };
        let kind = match kind_text {
            Some("uint") => FieldKind::Uint { bits: bits()? },
            Some("int") => FieldKind::Int { bits: bits()? },
            Some("string") => FieldKind::Text,
            Some("bool") => FieldKind::Bool,
            Some("other") => FieldKind::Other {
                rust_type: string(&field["rust_type"], &at("rust_type"))?.to_owned(),
            },
            // `char`: the only kind left after the check above.
            _ => FieldKind::Char,
        };
        let Value::Array(groups) = &field["groups"] else {
            return Err(expected(&at("groups"), "an array", &field["groups"]));
        };
        let groups = groups
            .iter()
            .map(|group| {
                group
                    .as_u64()
                    .and_then(|group| usize::try_from(group).ok())
                    .filter(|group| *group > 0)
                    .ok_or_else(|| expected(&at("groups"), "group numbers from 1", group))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let from = match field
            .get("from")
            .map(|from| string(from, &at("from")))
            .transpose()?
        {
            None => FieldSource::Placeholders,
            Some("retry_after") => FieldSource::RetryAfter,
            Some("default") => FieldSource::Default,
            Some("none") => FieldSource::Nowhere,
            Some(_) => {
                return Err(expected(
                    &at("from"),
                    "retry_after, default or none",
                    &field["from"],
                ));
            }
        };
        Ok(Field {
            name: string(&field["name"], &at("name"))?.to_owned(),
            kind,
            groups,
            from,
        })
    }
}

impl FieldKind {
    /// The Rust type this kind stands for, as a placeholder's type is compared between
    /// versions (`u64` for `uint` 64, `String` for `string`).
    pub fn type_text(&self) -> String {
        match self {
            FieldKind::Uint { bits } => format!("u{bits}"),
            FieldKind::Int { bits } => format!("i{bits}"),
            FieldKind::Text => "String".to_owned(),
            FieldKind::Bool => "bool".to_owned(),
            FieldKind::Char => "char".to_owned(),
            FieldKind::Other { rust_type } => rust_type.clone(),
        }
    }

    pub(super) fn of(kind: Kind, rust_type: &str) -> FieldKind {
        match kind {
            Kind::Uint(bits) => FieldKind::Uint {
                bits: u32::from(bits),
            },
            Kind::Int(bits) => FieldKind::Int {
                bits: u32::from(bits),
            },
            Kind::String => FieldKind::Text,
            Kind::Bool => FieldKind::Bool,
            Kind::Char => FieldKind::Char,
            Kind::Float | Kind::Other => FieldKind::Other {
                rust_type: rust_type.to_owned(),
            },
        }
    }
}

/// The object at `path`, holding exactly `keys`.
fn object<'v>(
    value: &'v Value,
    path: &str,
    keys: &[&str],
) -> Result<&'v Map<String, Value>, InvalidCatalog> {
    let Value::Object(map) = value else {
        return Err(expected(path, "an object", value));
    };
    if let Some(unknown) = map.keys().find(|key| !keys.contains(&key.as_str())) {
        return Err(InvalidCatalog::new(format!(
            "{path}: unknown key {}",
            Escaped::quoted(unknown.as_bytes(), MAX_SHOWN)
        )));
    }
    if let Some(missing) = keys.iter().find(|key| !map.contains_key(**key)) {
        return Err(InvalidCatalog::new(format!(
            "{path}: missing key \"{missing}\""
        )));
    }
    Ok(map)
}

fn string<'v>(value: &'v Value, path: &str) -> Result<&'v str, InvalidCatalog> {
    value
        .as_str()
        .ok_or_else(|| expected(path, "a string", value))
}

fn optional_string(value: &Value, path: &str) -> Result<Option<String>, InvalidCatalog> {
    match value {
        Value::Null => Ok(None),
        other => Ok(Some(string(other, path)?.to_owned())),
    }
}

fn code(value: &Value, path: &str) -> Result<ErrorCode, InvalidCatalog> {
    value
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .and_then(|code| ErrorCode::from_u16(code).ok())
        .ok_or_else(|| expected(path, "an error code (400..=599)", value))
}

fn boolean(value: &Value, path: &str) -> Result<bool, InvalidCatalog> {
    value
        .as_bool()
        .ok_or_else(|| expected(path, "true or false", value))
}

// `path: expected X, found Y`, showing a number found (short) but only the kind of anything
// else, so that the message stays one bounded line.
fn expected(path: &str, what: &str, found: &Value) -> InvalidCatalog {
    let found = match found {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    };
    InvalidCatalog::new(format!("{path}: expected {what}, found {found}"))
}

/// A catalogue text that [`Catalog::from_json`] cannot read: what is wrong and where, on one
/// line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCatalog {
    message: String,
}

impl InvalidCatalog {
    pub(crate) fn new(message: String) -> InvalidCatalog {
        InvalidCatalog { message }
    }
}

impl fmt::Display for InvalidCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for InvalidCatalog {}

// The JSON form: keys in the documented order, whatever the serializer.
impl Serialize for Catalog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Catalog", 5)?;
        s.serialize_field("format", &FORMAT)?;
        s.serialize_field("type", &self.type_name)?;
        s.serialize_field("decodable", &self.decodable)?;
        s.serialize_field("policy", &Policy::default_policy())?;
        s.serialize_field("cases", &self.cases)?;
        s.end()
    }
}

impl Serialize for Case {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Case", 11)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("type", &self.type_name)?;
        s.serialize_field("variant", &self.variant)?;
        s.serialize_field("code", &self.code.as_u16())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("pattern", &self.pattern)?;
        s.serialize_field("fields", &self.fields)?;
        s.serialize_field("portable", &self.portable)?;
        s.serialize_field("retryable", &self.retryable)?;
        s.serialize_field(
            "retry_after",
            &Hint(self.retry_after, self.retry_after_field()),
        )?;
        s.serialize_field("decodable", &self.decodable)?;
        s.end()
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Field", 5)?;
        s.serialize_field("name", &self.name)?;
        match &self.kind {
            FieldKind::Uint { bits } => {
                s.serialize_field("kind", "uint")?;
                s.serialize_field("bits", bits)?;
            }
            FieldKind::Int { bits } => {
                s.serialize_field("kind", "int")?;
                s.serialize_field("bits", bits)?;
            }
            FieldKind::Text => s.serialize_field("kind", "string")?,
            FieldKind::Bool => s.serialize_field("kind", "bool")?,
            FieldKind::Char => s.serialize_field("kind", "char")?,
            FieldKind::Other { rust_type } => {
                s.serialize_field("kind", "other")?;
                s.serialize_field("rust_type", rust_type)?;
            }
        }
        s.serialize_field("groups", &self.groups)?;
        match self.from {
            FieldSource::Placeholders => {}
            FieldSource::RetryAfter => s.serialize_field("from", "retry_after")?,
            FieldSource::Default => s.serialize_field("from", "default")?,
            FieldSource::Nowhere => s.serialize_field("from", "none")?,
        }
        s.end()
    }
}

// `null`, `{"seconds": N}`, or `{"field": "name"}`.
struct Hint<'a>(RetryAfterHint, Option<&'a str>);

impl Serialize for Hint<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            RetryAfterHint::None => serializer.serialize_none(),
            RetryAfterHint::Fixed(seconds) => {
                let mut s = serializer.serialize_struct("Fixed", 1)?;
                s.serialize_field("seconds", &seconds)?;
                s.end()
            }
            RetryAfterHint::FromField => {
                let mut s = serializer.serialize_struct("FromField", 1)?;
                s.serialize_field("field", &self.1)?;
                s.end()
            }
        }
    }
}

/// Reads what [`Catalog::from_json`] reads, from any self-describing format.
impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Catalog, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Catalog::from_value(&value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_catalogues_name_the_place() {
        let case = r#"{"type":"E","variant":null,"code":400,"message":"m","templated":false,"placeholders":[],"retry_after":null,"decodable":true}"#;
        let with = |case: &str| format!(r#"{{"format":1,"type":"E","cases":[{case}]}}"#);
        assert!(Catalog::from_json(&with(case)).is_ok());
        for (text, error) in [
            ("", "not JSON: EOF while parsing a value at line 1 column 0"),
            ("[]", "catalogue: expected an object, found an array"),
            (
                r#"{"format":1,"type":"E"}"#,
                "catalogue: missing key \"cases\"",
            ),
            (
                r#"{"format":1,"type":"E","cases":[],"extra\n":0}"#,
                r#"catalogue: unknown key "extra\n""#,
            ),
            (
                r#"{"format":0,"type":"E","cases":[]}"#,
                "format: expected 1 or 2, found 0",
            ),
            (
                r#"{"format":"1","type":"E","cases":[]}"#,
                "format: expected 1 or 2, found a string",
            ),
            (
                r#"{"format":1,"type":7,"cases":[]}"#,
                "type: expected a string, found 7",
            ),
            (
                r#"{"format":1,"type":"E","cases":{}}"#,
                "cases: expected an array, found an object",
            ),
            (
                &with(&case.replace("400", "600")),
                "cases[0].code: expected an error code (400..=599), found 600",
            ),
            (
                &with(&case.replace("400", "65936")),
                "cases[0].code: expected an error code (400..=599), found 65936",
            ),
            (
                &with(&case.replace("400", "-1")),
                "cases[0].code: expected an error code (400..=599), found -1",
            ),
            (
                &with(&case.replace(r#""variant":null"#, r#""variant":true"#)),
                "cases[0].variant: expected a string, found true",
            ),
            (
                &with(&case.replace(r#""templated":false"#, r#""templated":null"#)),
                "cases[0].templated: expected true or false, found null",
            ),
            (
                &with(&case.replace(r#""retry_after":null"#, r#""retry_after":"soon""#)),
                "cases[0].retry_after: expected null, a number of seconds or \"from_field\", found a string",
            ),
            (
                &with(&case.replace(r#""retry_after":null"#, r#""retry_after":1.5"#)),
                "cases[0].retry_after: expected null, a number of seconds or \"from_field\", found 1.5",
            ),
            (
                &with(&case.replace(r#""placeholders":[]"#, r#""placeholders":[{"name":"a"}]"#)),
                "cases[0].placeholders[0]: missing key \"type\"",
            ),
            (
                &with(&case.replace(
                    r#""placeholders":[]"#,
                    r#""placeholders":[{"name":"a","type":[]}]"#,
                )),
                "cases[0].placeholders[0].type: expected a string, found an array",
            ),
        ] {
            assert_eq!(
                Catalog::from_json(text).map_err(|e| e.to_string()),
                Err(error.to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn invalid_format_2_catalogues_name_the_place() {
        let case = r#"{"id":"E.A","type":"E","variant":"A","code":400,"message":"n {0}","pattern":"^n (0|[1-9][0-9]*)$","fields":[{"name":"0","kind":"uint","bits":8,"groups":[1]}],"portable":true,"retryable":false,"retry_after":null,"decodable":true}"#;
        let with = |case: &str| {
            format!(r#"{{"format":2,"type":"E","decodable":true,"policy":{{}},"cases":[{case}]}}"#)
        };
        let read = Catalog::from_json(&with(case)).unwrap();
        assert_eq!(read.cases[0].placeholders[0].ty, "u8");
        assert!(read.cases[0].templated && read.decodable);
        for (text, error) in [
            (
                with(&case.replace("E.A", "E A")),
                "cases[0].id: expected a non-empty id without blanks, found a string",
            ),
            (
                with(&case.replace(r#""bits":8"#, r#""bits":7"#)),
                "cases[0].fields[0].bits: expected 8, 16, 32, 64 or 128, found 7",
            ),
            (
                with(&case.replace(r#""kind":"uint""#, r#""kind":"float""#)),
                "cases[0].fields[0].kind: expected uint, int, string, bool, char or other, found a string",
            ),
            (
                with(&case.replace(r#""groups":[1]"#, r#""groups":[0]"#)),
                "cases[0].fields[0].groups: expected group numbers from 1, found 0",
            ),
            (
                with(&case.replace(r#""retry_after":null"#, r#""retry_after":60"#)),
                "cases[0].retry_after: expected null, {\"seconds\": N} or {\"field\": \"name\"}, found 60",
            ),
            (
                with(&case.replace(r#","portable":true"#, "")),
                "cases[0]: missing key \"portable\"",
            ),
            (
                r#"{"format":2,"type":"E","decodable":true,"cases":[]}"#.to_owned(),
                "catalogue: missing key \"policy\"",
            ),
        ] {
            assert_eq!(
                Catalog::from_json(&text).map_err(|e| e.to_string()),
                Err(error.to_owned()),
                "{text}"
            );
        }
        let fixed = with(&case.replace(r#""retry_after":null"#, r#""retry_after":{"seconds":5}"#));
        assert_eq!(
            Catalog::from_json(&fixed).unwrap().cases[0].retry_after,
            RetryAfterHint::Fixed(5)
        );
    }
}
