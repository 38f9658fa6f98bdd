//! Writing the body: straight into bytes, identical to what `serde_json` writes through the
//! `Serialize` impl below.
//!
//! Every rejected request of a server writes one of these, so it skips the serde machinery:
//! the head is one copy, integers go through `itoa`, and strings are scanned eight bytes at a
//! time and copied in runs.

use super::Member;
use crate::ErrorBody;

impl ErrorBody {
    /// Appends the compact JSON of this body to `out`; reusing one buffer costs no allocation.
    ///
    /// The bytes are identical to `serde_json::to_vec(self)`, only faster.
    ///
    /// ```
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let mut out = Vec::new();
    /// ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Insufficient credits: available 3, required 10")
    ///     .write_json(&mut out);
    /// assert_eq!(out, br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#);
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.reserve(self.message().len() + 64);
        write_head(out, self.code().as_u16());
        write_str(out, self.message());
        if let Some(seconds) = self.retry_after_seconds() {
            out.extend_from_slice(RETRY_AFTER_MEMBER);
            write_u64(out, seconds);
        }
        out.push(b'}');
    }

    /// The compact JSON of this body ([`write_json`](Self::write_json) into a new vector).
    pub fn to_json_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.message().len() + 64);
        self.write_json(&mut out);
        out
    }
}

impl serde::Serialize for ErrorBody {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let retry = self.retry_after_seconds();
        let mut s = serializer.serialize_struct("ErrorBody", 2 + usize::from(retry.is_some()))?;
        s.serialize_field(Member::Code.name(), &self.code())?;
        s.serialize_field(Member::Message.name(), self.message())?;
        match retry {
            Some(seconds) => s.serialize_field(Member::RetryAfterSeconds.name(), &seconds)?,
            None => s.skip_field(Member::RetryAfterSeconds.name())?,
        }
        s.end()
    }
}

// `,"retry_after_seconds":`, spelled out once so the writer copies it in one go.
const RETRY_AFTER_MEMBER: &[u8] = b",\"retry_after_seconds\":";

/// Appends `"` + `s` escaped as a JSON string + `"`, byte for byte as `serde_json` does.
fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Messages rarely need escapes: skip eight clean bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !word_needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape = ESCAPE[usize::from(b)];
        if escape != 0 {
            out.extend_from_slice(&bytes[start..i]);
            match escape {
                b'u' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xf)],
                    ]);
                }
                other => out.extend_from_slice(&[b'\\', other]),
            }
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

// Whether any of the eight bytes is a control character (< 0x20), a quote or a backslash (exact as a
// yes/no answer: the classic "has less than" and "has zero" bit tricks).
const fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const fn has_zero(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGHS
    }
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = has_zero(word ^ (ONES * b'"' as u64));
    let backslash = has_zero(word ^ (ONES * b'\\' as u64));
    control | quote | backslash != 0
}

/// Appends `{"code":NNN,"message":` in one copy; an [`ErrorCode`](crate::ErrorCode) always
/// has three digits.
fn write_head(out: &mut Vec<u8>, code: u16) {
    debug_assert!((100..1000).contains(&code));
    let mut head = *b"{\"code\":000,\"message\":";
    head[8] = b'0' + (code / 100 % 10) as u8;
    head[9] = b'0' + (code / 10 % 10) as u8;
    head[10] = b'0' + (code % 10) as u8;
    out.extend_from_slice(&head);
}

/// Appends the decimal digits of `n`.
fn write_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

// For each byte: 0 = as is; otherwise the letter after the backslash (`u` for \u00XX).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn strings_match_serde_json() {
        let mut all_ascii = String::new();
        for b in 0u8..=0x7f {
            all_ascii.push(char::from(b));
        }
        for s in [
            "",
            "plain",
            "quote \" and backslash \\",
            "new\nline\ttab\r\u{8}\u{c}",
            "\u{0}\u{1f}\u{7f}",
            "héllo wörld ✓ 🎵",
            "\u{2028}\u{2029}",
            all_ascii.as_str(),
        ] {
            let mut ours = Vec::new();
            write_str(&mut ours, s);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn escapes_at_every_offset_match_serde_json() {
        for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é', '✓'] {
            for len in 0..20 {
                for pos in 0..=len {
                    let mut s: String = "a".repeat(len);
                    s.insert(pos, special);
                    let mut ours = vec![b'x'];
                    write_str(&mut ours, &s);
                    assert_eq!(ours[1..], serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn word_check_is_exact() {
        for b in 0u8..=0xff {
            let expected = ESCAPE[usize::from(b)] != 0;
            for pos in 0..8 {
                let mut word = *b"abcdefgh";
                word[pos] = b;
                assert_eq!(
                    word_needs_escape(u64::from_le_bytes(word)),
                    expected,
                    "byte {b:#04x} at {pos}"
                );
                // Neighbours that are high (UTF-8) bytes must not hide or fake a hit.
                let mut word = [0xC3u8; 8];
                word[pos] = b;
                assert_eq!(
                    word_needs_escape(u64::from_le_bytes(word)),
                    expected || ESCAPE[0xC3] != 0,
                    "byte {b:#04x} at {pos} among 0xC3"
                );
            }
        }
    }

    #[test]
    fn head_matches_serde_json() {
        for code in [400u16, 402, 429, 500, 599] {
            let mut ours = Vec::new();
            write_head(&mut ours, code);
            assert_eq!(ours, format!("{{\"code\":{code},\"message\":").into_bytes());
        }
    }

    #[test]
    fn integers_match_serde_json() {
        for n in [0, 1, 9, 10, 99, 100, 429, 65_535, 4_294_967_296, u64::MAX] {
            let mut ours = Vec::new();
            write_u64(&mut ours, n);
            assert_eq!(ours, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn wire_order_and_omission() {
        let body = ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        );
        let expected = r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;
        assert_eq!(serde_json::to_string(&body).unwrap(), expected);
        assert_eq!(body.to_json_vec(), expected.as_bytes());
        let body = body.with_retry_after_seconds(u64::MAX);
        let expected = r#"{"code":402,"message":"Insufficient credits: available 3, required 10","retry_after_seconds":18446744073709551615}"#;
        assert_eq!(serde_json::to_string(&body).unwrap(), expected);
        assert_eq!(body.to_json_vec(), expected.as_bytes());
        assert_eq!(serde_json::from_str::<ErrorBody>(expected).unwrap(), body);
    }

    #[test]
    fn writer_matches_serde_for_hostile_messages() {
        for message in ["", "\"\\\u{0}\u{1b}[31m\n", "ünïcödé 🎵", "\u{7f}\u{2028}"] {
            let body = ErrorBody::new(ErrorCode::BAD_GATEWAY, message.to_owned());
            assert_eq!(body.to_json_vec(), serde_json::to_vec(&body).unwrap());
            assert_eq!(
                serde_json::from_str::<ErrorBody>(&serde_json::to_string(&body).unwrap()).unwrap(),
                body
            );
        }
    }

    #[test]
    fn member_names_are_the_wire_table() {
        let mut head = Vec::new();
        write_head(&mut head, 400);
        let head = String::from_utf8(head).unwrap();
        assert_eq!(
            head,
            format!(
                "{{\"{}\":400,\"{}\":",
                Member::Code.name(),
                Member::Message.name()
            )
        );
        assert_eq!(
            RETRY_AFTER_MEMBER,
            format!(",\"{}\":", Member::RetryAfterSeconds.name()).as_bytes()
        );
    }
}
