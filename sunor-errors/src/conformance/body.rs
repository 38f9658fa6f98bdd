//! The body checks: the schema's rules, read the way the strict deserialiser reads them.

use std::fmt;

use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Report, ViolationKind, quote};
use crate::ErrorBody;

/// What the body says, as far as it could be read.
#[derive(Debug)]
pub(super) struct BodyFacts {
    /// The body is a valid error body (no body violation was reported).
    pub(super) valid: bool,
    /// `code`, when present once and valid.
    pub(super) code: Option<u16>,
    /// `message`, when present once and a string.
    pub(super) message: Option<String>,
    pub(super) retry: Retry,
    /// The first few unknown member names, and how many there are in all.
    unknown: Vec<String>,
    unknown_count: usize,
}

/// `retry_after_seconds` as read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Retry {
    /// Absent or `null` (`None`), or a valid number of seconds.
    Valid(Option<u64>),
    /// Not readable: the body or the member is invalid.
    Invalid,
}

/// How many unknown member names a warning quotes.
const MAX_UNKNOWN_SHOWN: usize = 8;

const KNOWN: [&str; 3] = ["code", "message", "retry_after_seconds"];

pub(super) fn check(body: &[u8], report: &mut Report) -> BodyFacts {
    let mut facts = BodyFacts {
        valid: false,
        code: None,
        message: None,
        retry: Retry::Invalid,
        unknown: Vec::new(),
        unknown_count: 0,
    };
    if body.len() > ErrorBody::MAX_BODY_BYTES {
        report.push(
            ViolationKind::BodyTooLarge,
            format!(
                "the body is {} bytes, more than the {} bytes clients read",
                body.len(),
                ErrorBody::MAX_BODY_BYTES
            ),
        );
        return facts;
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        report.push(ViolationKind::BodyNotJson, "the body is empty".to_owned());
        return facts;
    }
    let members = match parse(body) {
        Ok(Parsed::Object(members)) => members,
        Ok(Parsed::Other(what)) => {
            report.push(
                ViolationKind::BodyNotObject,
                format!("the body is {what}, expected a JSON object"),
            );
            return facts;
        }
        Err(e) => {
            let why = if body.starts_with(b"\xEF\xBB\xBF") {
                "it starts with a byte order mark".to_owned()
            } else {
                e.to_string()
            };
            report.push(
                ViolationKind::BodyNotJson,
                format!("the body is not JSON: {why}"),
            );
            return facts;
        }
    };
    let before = report.violations().len();
    let mut counts = [0usize; 3];
    let mut seen = std::collections::HashSet::new();
    for (name, _) in &members {
        match KNOWN.iter().position(|known| known == name) {
            Some(i) => counts[i] += 1,
            None if seen.insert(name.as_str()) => {
                if facts.unknown.len() < MAX_UNKNOWN_SHOWN {
                    facts.unknown.push(name.clone());
                }
                facts.unknown_count += 1;
            }
            None => {}
        }
    }
    for (name, count) in KNOWN.iter().zip(counts) {
        if count > 1 {
            report.push(
                ViolationKind::DuplicateMember,
                format!("the member {name:?} appears {count} times"),
            );
        }
    }
    let value = |name: &str| {
        let i = KNOWN.iter().position(|known| *known == name)?;
        if counts[i] != 1 {
            return None;
        }
        members.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    };

    match value("code") {
        _ if counts[0] > 1 => {}
        None => report.push(
            ViolationKind::MissingMember,
            "the body has no \"code\"".to_owned(),
        ),
        Some(code) => match code.as_u64() {
            Some(n @ 400..=599) if code.is_u64() => facts.code = Some(n as u16),
            _ => report.push(
                ViolationKind::InvalidMember,
                format!(
                    "\"code\" must be an integer in 400..=599, found {}",
                    describe(code)
                ),
            ),
        },
    }
    match value("message") {
        _ if counts[1] > 1 => {}
        None => report.push(
            ViolationKind::MissingMember,
            "the body has no \"message\"".to_owned(),
        ),
        Some(Value::String(message)) => facts.message = Some(message.clone()),
        Some(other) => report.push(
            ViolationKind::InvalidMember,
            format!("\"message\" must be a string, found {}", describe(other)),
        ),
    }
    match value("retry_after_seconds") {
        _ if counts[2] > 1 => {}
        None | Some(Value::Null) => facts.retry = Retry::Valid(None),
        Some(seconds) => match seconds.as_u64() {
            Some(n) => facts.retry = Retry::Valid(Some(n)),
            None => report.push(
                ViolationKind::InvalidMember,
                format!(
                    "\"retry_after_seconds\" must be null or an integer in 0..={}, found {}",
                    u64::MAX,
                    describe(seconds)
                ),
            ),
        },
    }
    facts.valid = report.violations().len() == before;
    facts
}

pub(super) fn report_unknown(facts: &BodyFacts, report: &mut Report) {
    if facts.unknown_count == 0 {
        return;
    }
    let names: Vec<String> = facts.unknown.iter().map(|n| quote(n.as_bytes())).collect();
    let mut message = if facts.unknown_count == 1 {
        format!("the body has a member clients ignore: {}", names.join(", "))
    } else {
        format!(
            "the body has {} members clients ignore: {}",
            facts.unknown_count,
            names.join(", ")
        )
    };
    if facts.unknown_count > names.len() {
        message.push_str(", …");
    }
    report.push(ViolationKind::UnknownMember, message);
}

// A member's value in a message: numbers as written (bounded), other values by type.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => {
            let text = n.to_string();
            if n.is_f64() {
                format!("{text} (a fraction or exponent, or beyond 64 bits)")
            } else {
                text
            }
        }
        Value::String(s) => format!("the string {}", quote(s.as_bytes())),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

enum Parsed {
    /// Every member in order, duplicates kept.
    Object(Vec<(String, Value)>),
    /// What the JSON is instead ("an array").
    Other(&'static str),
}

// One pass over the text: unlike `serde_json::Value`, keeps duplicate member names.
fn parse(body: &[u8]) -> Result<Parsed, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = (&mut de).deserialize_any(TopLevel)?;
    de.end()?;
    Ok(parsed)
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_unit<E>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut members = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value::<Value>()?;
            members.push((name, value));
        }
        Ok(Parsed::Object(members))
    }
}
