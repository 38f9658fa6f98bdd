//! The wire body written straight into bytes, identical to what `serde_json` writes.
//!
//! Every rejected request of a server writes one of these, so it skips the serde machinery:
//! integers go through a small stack buffer and strings are escaped in runs.

/// Appends `"` + `s` escaped as a JSON string + `"`, byte for byte as `serde_json` does.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPE[b as usize];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            b'u' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 0xf) as usize],
                ]);
            }
            other => out.extend_from_slice(&[b'\\', other]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Appends the decimal digits of `n`.
pub(crate) fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
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
    fn integers_match_serde_json() {
        for n in [0, 1, 9, 10, 99, 100, 429, 65_535, 4_294_967_296, u64::MAX] {
            let mut ours = Vec::new();
            write_u64(&mut ours, n);
            assert_eq!(ours, serde_json::to_vec(&n).unwrap());
        }
    }
}
