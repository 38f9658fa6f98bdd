//! [`Catalog`]: a type's catalogue as owned data, and its stable JSON form (format 1, see the
//! [module docs](super)).

use std::error::Error as StdError;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{ErrorDescriptor, RetryAfterHint};
use crate::log_safe::Escaped;
use crate::{ErrorCode, IntoErrorBody};

/// The version of the JSON format that [`Catalog::to_json`] writes and
/// [`Catalog::from_json`] reads.
pub const FORMAT: u64 = 1;

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
    /// Its cases, in declaration order (a `transparent` case's type lists its own).
    pub cases: Vec<Case>,
}

/// One case of a [`Catalog`]: an owned [`ErrorDescriptor`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Case {
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
    /// The template's placeholders, in the order they appear.
    pub placeholders: Vec<CasePlaceholder>,
    /// Whether, and how, its body carries a retry delay.
    pub retry_after: RetryAfterHint,
    /// Whether `#[derive(FromErrorBody)]` decodes its bodies back into it.
    pub decodable: bool,
}

/// A placeholder of a [`Case`]'s template: an owned [`Placeholder`](super::Placeholder).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CasePlaceholder {
    /// Its name in the template.
    pub name: String,
    /// Its field's type as written.
    pub ty: String,
}

impl Catalog {
    /// `T`'s catalogue ([`IntoErrorBody::error_catalog`]), named after `T` without its
    /// module path.
    pub fn of<T: IntoErrorBody>() -> Catalog {
        let type_name = short_type_name(std::any::type_name::<T>());
        Catalog::from_descriptors(type_name, &T::error_catalog())
    }

    /// The catalogue of `type_name` made of these descriptors.
    ///
    /// ```
    /// use sunor_errors::catalog::{Catalog, ErrorDescriptor, RetryAfterHint};
    /// use sunor_errors::ErrorCode;
    ///
    /// let catalog = Catalog::from_descriptors("Overloaded", &[ErrorDescriptor::new(
    ///     "Overloaded", None, ErrorCode::SERVICE_UNAVAILABLE, "Service unavailable", false,
    ///     RetryAfterHint::Fixed(5),
    /// )]);
    /// assert_eq!(catalog.cases[0].name(), "Overloaded");
    /// assert_eq!(catalog.cases[0].retry_after, RetryAfterHint::Fixed(5));
    /// ```
    pub fn from_descriptors(
        type_name: impl Into<String>,
        descriptors: &[ErrorDescriptor],
    ) -> Catalog {
        Catalog {
            type_name: type_name.into(),
            cases: descriptors.iter().map(Case::from).collect(),
        }
    }

    /// The catalogue as JSON, format [`FORMAT`]: keys in a fixed order, pretty-printed with
    /// two spaces, a trailing newline; the same text for the same catalogue, every time.
    pub fn to_json(&self) -> String {
        // Cannot fail: these impls never fail and a `String` always takes the bytes.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a catalogue written by [`to_json`](Catalog::to_json). Strict: a missing or
    /// unknown key, a value of the wrong kind, a code outside `400..=599` or another format
    /// version is an error naming where it is (`cases[3].code: ...`). Linear in the text;
    /// never panics.
    ///
    /// ```
    /// use sunor_errors::catalog::Catalog;
    ///
    /// let error = Catalog::from_json(r#"{"format": 2, "type": "E", "cases": []}"#).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "format: 2 is newer than this sunor-errors reads (1): upgrade sunor-errors"
    /// );
    /// ```
    pub fn from_json(text: &str) -> Result<Catalog, InvalidCatalog> {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| InvalidCatalog::new(format!("not JSON: {error}")))?;
        Catalog::from_value(&value)
    }

    fn from_value(value: &Value) -> Result<Catalog, InvalidCatalog> {
        let top = object(value, "catalogue", &["format", "type", "cases"])?;
        match top["format"].as_u64() {
            Some(FORMAT) => {}
            Some(newer) if newer > FORMAT => {
                return Err(InvalidCatalog::new(format!(
                    "format: {newer} is newer than this sunor-errors reads ({FORMAT}): upgrade sunor-errors"
                )));
            }
            _ => return Err(expected("format", &format!("{FORMAT}"), &top["format"])),
        }
        let type_name = string(&top["type"], "type")?.to_owned();
        let Value::Array(cases) = &top["cases"] else {
            return Err(expected("cases", "an array", &top["cases"]));
        };
        let cases = cases
            .iter()
            .enumerate()
            .map(|(i, case)| Case::from_value(case, &format!("cases[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Catalog { type_name, cases })
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

    fn from_value(value: &Value, path: &str) -> Result<Case, InvalidCatalog> {
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
        let variant = match &case["variant"] {
            Value::Null => None,
            other => Some(string(other, &at("variant"))?.to_owned()),
        };
        let code = case["code"]
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .and_then(|code| ErrorCode::from_u16(code).ok())
            .ok_or_else(|| expected(&at("code"), "an error code (400..=599)", &case["code"]))?;
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
                Ok(CasePlaceholder {
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
            type_name: string(&case["type"], &at("type"))?.to_owned(),
            variant,
            code,
            message: string(&case["message"], &at("message"))?.to_owned(),
            templated: boolean(&case["templated"], &at("templated"))?,
            placeholders,
            retry_after,
            decodable: boolean(&case["decodable"], &at("decodable"))?,
        })
    }
}

impl From<&ErrorDescriptor> for Case {
    fn from(d: &ErrorDescriptor) -> Case {
        Case {
            type_name: d.type_name.to_owned(),
            variant: d.variant.map(str::to_owned),
            code: d.code,
            message: d.message.to_owned(),
            templated: d.templated,
            placeholders: d
                .placeholders
                .iter()
                .map(|p| CasePlaceholder {
                    name: p.name.to_owned(),
                    ty: p.ty.to_owned(),
                })
                .collect(),
            retry_after: d.retry_after,
            decodable: d.decodable,
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

/// `std::any::type_name` without module paths: `a::b::Foo<alloc::string::String>` is
/// `Foo<String>`.
fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut start = 0;
    for (i, c) in full.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            continue;
        }
        short.push_str(last_segment(&full[start..i]));
        short.push(c);
        start = i + c.len_utf8();
    }
    short.push_str(last_segment(&full[start..]));
    short
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
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
        let mut s = serializer.serialize_struct("Catalog", 3)?;
        s.serialize_field("format", &FORMAT)?;
        s.serialize_field("type", &self.type_name)?;
        s.serialize_field("cases", &self.cases)?;
        s.end()
    }
}

impl Serialize for Case {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Case", 8)?;
        s.serialize_field("type", &self.type_name)?;
        s.serialize_field("variant", &self.variant)?;
        s.serialize_field("code", &self.code.as_u16())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("templated", &self.templated)?;
        s.serialize_field("placeholders", &self.placeholders)?;
        s.serialize_field("retry_after", &Hint(self.retry_after))?;
        s.serialize_field("decodable", &self.decodable)?;
        s.end()
    }
}

impl Serialize for CasePlaceholder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Placeholder", 2)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("type", &self.ty)?;
        s.end()
    }
}

// `null`, the seconds, or `"from_field"`.
struct Hint(RetryAfterHint);

impl Serialize for Hint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            RetryAfterHint::None => serializer.serialize_none(),
            RetryAfterHint::Fixed(seconds) => serializer.serialize_u64(seconds),
            RetryAfterHint::FromField => serializer.serialize_str("from_field"),
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
    fn short_type_names() {
        for (full, short) in [
            ("sunor_errors_tests::contract::TaskError", "TaskError"),
            ("TaskError", "TaskError"),
            ("a::Wrap<alloc::string::String, u64>", "Wrap<String, u64>"),
            ("a::Pair<(b::X, &'static str)>", "Pair<(X, &'static str)>"),
            ("a::Arr<[u8; 4]>", "Arr<[u8; 4]>"),
            ("", ""),
        ] {
            assert_eq!(short_type_name(full), short, "{full}");
        }
    }

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
                "format: expected 1, found 0",
            ),
            (
                r#"{"format":"1","type":"E","cases":[]}"#,
                "format: expected 1, found a string",
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
}
