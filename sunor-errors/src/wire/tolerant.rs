//! What a client reads as a JSON error body at all, before the strict parse: at most
//! [`ErrorBody::MAX_BODY_BYTES`], and only text that can start a JSON object. Anything else
//! gets the status's default body (`http.rs`), cheaply: an HTML page from a proxy is settled
//! by its first byte.

use crate::ErrorBody;

/// The body, strictly parsed, when it is an error body; `None` for anything else.
// Inlined into the caller, so an HTML page costs no call into the parser's frame.
#[inline]
pub(crate) fn parse(body: &[u8]) -> Option<ErrorBody> {
    if may_be_json_object(body) {
        parse_object(body)
    } else {
        None
    }
}

// Only `{`, a blank or a byte-order mark can lead to an object.
#[inline]
fn may_be_json_object(body: &[u8]) -> bool {
    matches!(
        body.first(),
        Some(b'{' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | 0xEF)
    )
}

// A strict parse of what can be a JSON object and is not oversized.
fn parse_object(body: &[u8]) -> Option<ErrorBody> {
    if body.len() > ErrorBody::MAX_BODY_BYTES {
        return None;
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'{' {
        return None;
    }
    serde_json::from_slice(&body[start..]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_decides_without_changing_the_result() {
        let object = br#"{"code":502,"message":"m"}"#;
        assert_eq!(parse(object).unwrap().message(), "m");
        for b in 0u8..=255 {
            let mut body = vec![b];
            body.extend_from_slice(object);
            // Exactly the bodies JSON allows: leading blanks (a lone 0xEF is not a BOM).
            assert_eq!(parse(&body).is_some(), b.is_ascii_whitespace(), "{b:#04x}");
        }
        assert!(parse(b"\xEF\xBB\xBF {\"code\":502,\"message\":\"m\"}").is_some());
    }

    #[test]
    fn oversized_and_non_object_bodies_are_not_read() {
        let mut big = br#"{"code":502,"message":""#.to_vec();
        big.resize(ErrorBody::MAX_BODY_BYTES - 2, b'x');
        big.extend_from_slice(b"\"}");
        assert!(parse(&big).is_some());
        big.insert(0, b' ');
        assert!(parse(&big).is_none());
        for body in [&b""[..], b"   ", b"[502]", b"null", b"<html>"] {
            assert!(parse(body).is_none(), "{body:?}");
        }
    }
}
