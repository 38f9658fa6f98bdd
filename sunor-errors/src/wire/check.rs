//! The conformance reading of a body: the strict rules (`strict.rs`), but every violation
//! of one body reported, not just the first, for
//! [`conformance::check_response`](crate::conformance::check_response).

use std::fmt;

use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::Member;
use crate::conformance::{Report, ViolationKind, quote};
use crate::{ErrorBody, ErrorCode};

/// What the body says, as far as it could be read.
#[derive(Debug)]
pub(crate) struct BodyFacts {
    /// The body is a valid error body (no body violation was reported).
    pub(crate) valid: bool,
    /// `code`, when present once and valid.
    pub(crate) code: Option<u16>,
    /// `message`, when present once and a string.
    pub(crate) message: Option<String>,
    pub(crate) retry: Retry,
    /// The first few unknown member names, and how many there are in all.
    unknown: Vec<String>,
    unknown_count: usize,
}

/// `retry_after_seconds` as read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Absent or `null` (`None`), or a valid number of seconds.
    Valid(Option<u64>),
    /// Not readable: the body or the member is invalid.
    Invalid,
}

/// How many unknown member names a warning quotes.
const MAX_UNKNOWN_SHOWN: usize = 8;

pub(crate) fn check(body: &[u8], report: &mut Report) -> BodyFacts {
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
    // How often each member appears, in `Member::ALL` order, and its (last) value.
    let mut counts = [0usize; Member::ALL.len()];
    let mut values: [Option<&Value>; Member::ALL.len()] = [None; Member::ALL.len()];
    let mut seen = std::collections::HashSet::new();
    for (name, value) in &members {
        match Member::from_name(name.as_bytes()) {
            Some(member) => {
                counts[member as usize] += 1;
                values[member as usize] = Some(value);
            }
            None if seen.insert(name.as_str()) => {
                if facts.unknown.len() < MAX_UNKNOWN_SHOWN {
                    facts.unknown.push(name.clone());
                }
                facts.unknown_count += 1;
            }
            None => {}
        }
    }
    for member in Member::ALL {
        let count = counts[member as usize];
        if count > 1 {
            report.push(
                ViolationKind::DuplicateMember,
                format!("the member {:?} appears {count} times", member.name()),
            );
        }
    }
    // A member's value when it appears exactly once (a duplicate is reported above).
    let value = |member: Member| match counts[member as usize] {
        1 => Ok(values[member as usize]),
        0 => Ok(None),
        _ => Err(()),
    };

    match value(Member::Code) {
        Err(()) => {}
        Ok(None) => report.push(
            ViolationKind::MissingMember,
            "the body has no \"code\"".to_owned(),
        ),
        Ok(Some(code)) => match code.as_u64().map(ErrorCode::from_u64) {
            Some(Ok(valid)) if code.is_u64() => facts.code = Some(valid.as_u16()),
            _ => report.push(
                ViolationKind::InvalidMember,
                format!(
                    "\"code\" must be an integer in 400..=599, found {}",
                    describe(code)
                ),
            ),
        },
    }
    match value(Member::Message) {
        Err(()) => {}
        Ok(None) => report.push(
            ViolationKind::MissingMember,
            "the body has no \"message\"".to_owned(),
        ),
        Ok(Some(Value::String(message))) => facts.message = Some(message.clone()),
        Ok(Some(other)) => report.push(
            ViolationKind::InvalidMember,
            format!("\"message\" must be a string, found {}", describe(other)),
        ),
    }
    match value(Member::RetryAfterSeconds) {
        Err(()) => {}
        Ok(None | Some(Value::Null)) => facts.retry = Retry::Valid(None),
        Ok(Some(seconds)) => match seconds.as_u64() {
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

pub(crate) fn report_unknown(facts: &BodyFacts, report: &mut Report) {
    if facts.unknown_count == 0 {
        return;
    }
    let names: Vec<String> = facts
        .unknown
        .iter()
        .map(|n| quote(n.as_bytes()).to_string())
        .collect();
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
