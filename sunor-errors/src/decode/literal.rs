//! Rust string and char literals as `Debug` writes them (`{s:?}` of a `String`, `{c:?}` of a
//! `char`), read back.
//!
//! The escapes are those of Rust literals that `Debug` uses: `\"` `\'` `\\` `\n` `\r` `\t`
//! `\0` and `\u{...}` (1 to 6 hex digits, a Unicode scalar value). Any other escape (`\x41`,
//! a lone `\`), an unescaped quote inside, or text after the closing quote is no match.

/// The string whose `Debug` form is `text`: `"..."`.
pub(super) fn debug_string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(escape(&mut chars)?),
            // The closing quote is the last character; one inside would have been escaped.
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The char whose `Debug` form is `text`: `'c'`.
pub(super) fn debug_char(text: &str) -> Option<char> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut chars = inner.chars();
    let c = match chars.next()? {
        '\\' => escape(&mut chars)?,
        '\'' => return None,
        c => c,
    };
    match chars.next() {
        None => Some(c),
        Some(_) => None,
    }
}

/// The character of the escape after a `\`.
fn escape(chars: &mut std::str::Chars<'_>) -> Option<char> {
    Some(match chars.next()? {
        '"' => '"',
        '\'' => '\'',
        '\\' => '\\',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '0' => '\0',
        'u' => {
            if chars.next()? != '{' {
                return None;
            }
            let mut value: u32 = 0;
            let mut digits = 0;
            loop {
                let c = chars.next()?;
                if c == '}' {
                    break;
                }
                digits += 1;
                // At most 6 digits: no overflow, and 0x10FFFF is the largest scalar.
                if digits > 6 {
                    return None;
                }
                value = value * 16 + c.to_digit(16)?;
            }
            if digits == 0 {
                return None;
            }
            char::from_u32(value)?
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_debug() {
        for s in [
            "",
            "paint",
            "a\"b'c\\d",
            "line\nfeed\r\ttab\0nul",
            "\u{1b}[31m\u{7f}\u{200b}\u{202e}",
            "é ✓ 𝄞",
            "\u{301}a\u{301}",
            "\u{10ffff}\u{fffe}",
        ] {
            let debug = format!("{s:?}");
            assert_eq!(debug_string(&debug).as_deref(), Some(s), "{debug}");
        }
    }

    #[test]
    fn chars_round_trip_through_debug() {
        for c in [
            'a',
            '\'',
            '"',
            '\\',
            '\n',
            '\0',
            '\u{1b}',
            '\u{301}',
            'é',
            '𝄞',
            '\u{10ffff}',
        ] {
            let debug = format!("{c:?}");
            assert_eq!(debug_char(&debug), Some(c), "{debug}");
        }
    }

    #[test]
    fn near_misses_are_no_match() {
        for bad in [
            "",
            "\"",
            "paint",
            "\"paint",
            "paint\"",
            "\"a\"b\"",
            "\"a\\\"",
            "\"\\x41\"",
            "\"\\u{}\"",
            "\"\\u{1234567}\"",
            "\"\\u{d800}\"",
            "\"\\u{110000}\"",
            "\"\\u41\"",
            "\"\\u{41\"",
            "\"\\q\"",
            "\"a\" ",
            " \"a\"",
        ] {
            assert_eq!(debug_string(bad), None, "{bad}");
        }
        assert_eq!(debug_string("\"\\u{41}\\'\""), Some("A'".to_owned()));
        for bad in [
            "",
            "'",
            "''",
            "'ab'",
            "'''",
            "'\\'",
            "'a",
            "a'",
            "'\\u{d800}'",
            "'a' ",
        ] {
            assert_eq!(debug_char(bad), None, "{bad}");
        }
        assert_eq!(debug_char("'\\\"'"), Some('"'));
    }
}
