//! Text from the network, shown on one log line that cannot be forged: the one escaping rule
//! behind [`ErrorBody`](crate::ErrorBody)'s `Display`, conformance violation messages, the
//! assertion panics of [`conformance`](crate::conformance), the catalogue's change lines
//! and errors, and the cause log's account of what the tower layer replaced.
//!
//! Control characters (C0, DEL, C1), line separators and every bidi control of the Trojan
//! Source list (CVE-2021-42574, U+061C included) are escaped as Rust escapes them (`\n`,
//! `\u{1b}`), so no line break, terminal sequence or reordering reaches the reader. The text
//! is cut after a number of bytes counted after escaping (an escape costs up to 10 bytes
//! for one character, so counting input would let a message of control characters go 10x
//! over), and what was left out is summarised as `… (N more bytes)`.

use std::fmt::{self, Write as _};

/// `text`, escaped and bounded, as a `Display` value (no allocation).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Escaped<'a> {
    bytes: &'a [u8],
    max_bytes: usize,
    quoted: bool,
}

impl<'a> Escaped<'a> {
    /// Unquoted text, at most `max_bytes` of it shown (escapes included).
    pub(crate) const fn text(text: &'a str, max_bytes: usize) -> Escaped<'a> {
        Escaped {
            bytes: text.as_bytes(),
            max_bytes,
            quoted: false,
        }
    }

    /// Bytes that should be text (invalid UTF-8 shows as U+FFFD) in double quotes, with `"`
    /// and `\` escaped too, at most `max_bytes` shown between the quotes.
    pub(crate) const fn quoted(bytes: &'a [u8], max_bytes: usize) -> Escaped<'a> {
        Escaped {
            bytes,
            max_bytes,
            quoted: true,
        }
    }

    fn must_escape(self, c: char) -> bool {
        needs_escape(c) || (self.quoted && matches!(c, '"' | '\\'))
    }
}

/// Whether a character could forge a log line or terminal output.
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.quoted {
            f.write_char('"')?;
        }
        // Bytes written so far (escapes included) and bytes of input consumed.
        let mut written = 0;
        let mut consumed = 0;
        let mut cut = false;
        'chunks: for chunk in self.bytes.utf8_chunks() {
            let valid = chunk.valid();
            let mut run_start = 0;
            for (i, c) in valid.char_indices() {
                let escape = self.must_escape(c).then(|| c.escape_default());
                let cost = escape.as_ref().map_or(c.len_utf8(), |e| e.len());
                if written + cost > self.max_bytes {
                    f.write_str(&valid[run_start..i])?;
                    consumed += i;
                    cut = true;
                    break 'chunks;
                }
                written += cost;
                if let Some(escape) = escape {
                    f.write_str(&valid[run_start..i])?;
                    write!(f, "{escape}")?;
                    run_start = i + c.len_utf8();
                }
            }
            f.write_str(&valid[run_start..])?;
            consumed += valid.len();
            if !chunk.invalid().is_empty() {
                let replacement = char::REPLACEMENT_CHARACTER;
                if written + replacement.len_utf8() > self.max_bytes {
                    cut = true;
                    break;
                }
                f.write_char(replacement)?;
                written += replacement.len_utf8();
                consumed += chunk.invalid().len();
            }
        }
        if self.quoted {
            f.write_char('"')?;
        }
        if cut {
            write!(f, "… ({} more bytes)", self.bytes.len() - consumed)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cut_after_escaping() {
        let forged = "oops\nINFO admin logged in\u{1b}[2J\u{202e}";
        assert_eq!(
            Escaped::text(forged, 100).to_string(),
            r"oops\nINFO admin logged in\u{1b}[2J\u{202e}"
        );
        // Quotes and backslashes are plain text unquoted.
        assert_eq!(Escaped::text(r#"a "b" \c"#, 100).to_string(), r#"a "b" \c"#);
        // `\n` costs 2 bytes: only two fit in 5.
        assert_eq!(
            Escaped::text("\n\n\nabc", 5).to_string(),
            r"\n\n… (4 more bytes)"
        );
        assert_eq!(Escaped::text("abc", 3).to_string(), "abc");
        assert_eq!(Escaped::text("abcd", 3).to_string(), "abc… (1 more bytes)");
        // A character is never split.
        assert_eq!(Escaped::text("éé", 3).to_string(), "é… (2 more bytes)");
    }

    #[test]
    fn quoted_bytes_escape_quotes_and_show_invalid_utf8() {
        assert_eq!(
            Escaped::quoted(b"a\"b\\c\xff\td", 100).to_string(),
            r#""a\"b\\c�\td""#
        );
        assert_eq!(
            Escaped::quoted(b"abcd", 3).to_string(),
            "\"abc\"… (1 more bytes)"
        );
        assert_eq!(
            Escaped::quoted(b"ab\xff\xfecd", 3).to_string(),
            "\"ab\"… (4 more bytes)"
        );
        assert_eq!(Escaped::quoted(b"", 3).to_string(), "\"\"");
    }

    #[test]
    fn the_dangerous_characters() {
        for c in [
            '\0', '\n', '\u{7f}', '\u{9f}', '\u{61c}', '\u{2028}', '\u{202e}', '\u{2069}',
        ] {
            assert!(needs_escape(c), "{c:?}");
        }
        for c in ['a', 'é', '🎵', '"', '\\', '\u{200b}'] {
            assert!(!needs_escape(c), "{c:?}");
        }
    }
}
