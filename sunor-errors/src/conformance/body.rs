//! The body's violations: what the wire reading found in the body
//! ([`Body`](crate::wire::check::Body)), said one line each.

use serde_json::Value;

use super::{Report, ViolationKind, quote};
use crate::ErrorBody;
use crate::wire::Member;
use crate::wire::check::{Body, Found, Members, NotJson};

/// Reports the body's violations: it cannot be read as an object, or its members break
/// the strict rules.
pub(super) fn check(body: &Body, report: &mut Report) {
    let members = match body {
        Body::TooLarge(len) => {
            return report.push(
                ViolationKind::BodyTooLarge,
                format!(
                    "the body is {len} bytes, more than the {} bytes clients read",
                    ErrorBody::MAX_BODY_BYTES
                ),
            );
        }
        Body::Empty => {
            return report.push(ViolationKind::BodyNotJson, "the body is empty".to_owned());
        }
        Body::NotJson(why) => {
            let why = match why {
                NotJson::ByteOrderMark => "it starts with a byte order mark".to_owned(),
                NotJson::Syntax(e) => e.to_string(),
            };
            return report.push(
                ViolationKind::BodyNotJson,
                format!("the body is not JSON: {why}"),
            );
        }
        Body::NotObject(what) => {
            return report.push(
                ViolationKind::BodyNotObject,
                format!("the body is {what}, expected a JSON object"),
            );
        }
        Body::Object(members) => members,
    };
    for (member, count) in members.repeated() {
        report.push(
            ViolationKind::DuplicateMember,
            format!("the member {:?} appears {count} times", member.name()),
        );
    }
    check_member(
        Member::Code,
        &members.code,
        "an integer in 400..=599",
        report,
    );
    check_member(Member::Message, &members.message, "a string", report);
    let seconds = format!("null or an integer in 0..={}", u64::MAX);
    check_member(
        Member::RetryAfterSeconds,
        &members.retry_after_seconds,
        &seconds,
        report,
    );
}

// A member present once must be `must_be`, and a required one must be present.
fn check_member<T>(member: Member, found: &Found<T>, must_be: &str, report: &mut Report) {
    match found {
        Found::Absent if member.is_required() => report.push(
            ViolationKind::MissingMember,
            format!("the body has no {:?}", member.name()),
        ),
        Found::Invalid(value) => report.push(
            ViolationKind::InvalidMember,
            format!(
                "{:?} must be {must_be}, found {}",
                member.name(),
                describe(value)
            ),
        ),
        Found::Absent | Found::Repeated(_) | Found::Valid(_) => {}
    }
}

/// Reports the members clients ignore (a warning).
pub(super) fn check_unknown(members: &Members, report: &mut Report) {
    if members.unknown_count == 0 {
        return;
    }
    let names: Vec<String> = members
        .unknown
        .iter()
        .map(|n| quote(n.as_bytes()).to_string())
        .collect();
    let mut message = if members.unknown_count == 1 {
        format!("the body has a member clients ignore: {}", names.join(", "))
    } else {
        format!(
            "the body has {} members clients ignore: {}",
            members.unknown_count,
            names.join(", ")
        )
    };
    if members.unknown_count > names.len() {
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
