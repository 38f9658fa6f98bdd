//! Which `Content-Type` is JSON: `application/json`, or any `type/subtype+json` (the RFC 6839
//! structured syntax suffix, e.g. `application/problem+json`, `application/vnd.sunor+json`),
//! case-insensitive, with any parameters. One rule for the conformance checker (is this
//! response JSON?), the tower layer (does it need rewriting?) and the client's tolerant
//! reading (may this body be RFC 9457 problem details?).

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};

/// Whether the response says its body is JSON: exactly one `Content-Type` value, a JSON
/// media type (`application/problem+json` among them).
pub(crate) fn says_json(headers: &HeaderMap) -> bool {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => is_json(value),
        _ => false,
    }
}

/// Whether `value` names a JSON media type.
pub(crate) fn is_json(value: &HeaderValue) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    let essence = text.split(';').next().unwrap_or("").trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    if !is_token(kind) || !is_token(subtype) {
        return false;
    }
    let subtype = subtype.as_bytes();
    (kind.eq_ignore_ascii_case("application") && subtype.eq_ignore_ascii_case(b"json"))
        || (subtype.len() > b"+json".len()
            && subtype[subtype.len() - b"+json".len()..].eq_ignore_ascii_case(b"+json"))
}

// RFC 9110's `token`, as media type names use it.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The table both users of the rule are tested on.
#[cfg(test)]
pub(crate) const CASES: [(&str, bool); 20] = [
    ("application/json", true),
    ("APPLICATION/JSON", true),
    ("application/json; charset=utf-8", true),
    ("application/json;charset=UTF-8", true),
    (" application/vnd.sunor+json ;v=1", true),
    ("application/problem+json", true),
    ("text/x+json", true),
    ("Application/Vnd.Sunor+JSON", true),
    ("text/json", false),
    ("application/jsonp", false),
    ("application/+json", false),
    ("application/x-json+", false),
    ("text/plain", false),
    ("text/html; charset=utf-8", false),
    ("application", false),
    ("application/", false),
    ("/json", false),
    ("", false),
    ("application/xml", false),
    ("appli cation/json", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        for (value, json) in CASES {
            assert_eq!(is_json(&HeaderValue::from_static(value)), json, "{value:?}");
        }
        assert!(!is_json(
            &HeaderValue::from_bytes(b"application/json\xff").unwrap()
        ));
    }
}
