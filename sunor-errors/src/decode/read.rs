//! Each placeholder's text read back into its field, exactly: a reader accepts only a text
//! of the placeholder's pattern (`pattern.rs`) that its field's type can hold, so that
//! whatever it reads is written back as the same text. Integers, `bool`s and `char`s are
//! checked by their shape (sign, prefix, digits, padding); Debug literals, floats and types
//! of the user's are parsed, then written again with their spec into a writer that compares
//! as it goes ([`renders`]), without allocating.

use std::fmt;

use super::literal;
use super::pattern::{Align, Radix, Spec, padding};

/// The value's text inside `text`, padded as `spec` pads it (`default` is the type's own
/// alignment): the fill must be exactly where and as long as `Formatter::pad` writes it.
/// Zero padding is left in (the number's reader checks it).
fn unpad<'t>(text: &'t str, spec: &Spec, default: Align) -> Option<&'t str> {
    let width = usize::from(spec.width);
    if width == 0 || spec.zero {
        return Some(text);
    }
    let fill = spec.fill;
    let align = spec.align_or(default);
    let start = match align {
        Align::Left | Align::Default => text,
        Align::Right | Align::Center => text.trim_start_matches(fill),
    };
    let core = match align {
        Align::Right => start,
        _ => start.trim_end_matches(fill),
    };
    let len = core.chars().count();
    if len == 0 {
        return None;
    }
    if len >= width {
        return (core.len() == text.len()).then_some(core);
    }
    let left = text[..text.len() - start.len()].chars().count();
    let right = start[core.len()..].chars().count();
    let (want_left, want_right) = padding(align, width - len);
    (left == usize::from(want_left) && right == usize::from(want_right)).then_some(core)
}

/// A float's text without the fill of its padded side(s), for its `FromStr` (the value is
/// then checked by writing it again, padding included).
#[inline]
pub fn trim_fill<'t>(text: &'t str, spec: &Spec) -> &'t str {
    if spec.width == 0 {
        return text;
    }
    match spec.align_or(Align::Right) {
        Align::Left | Align::Default => text.trim_end_matches(spec.fill),
        Align::Right => text.trim_start_matches(spec.fill),
        Align::Center => text.trim_matches(spec.fill),
    }
}

/// An integer type a placeholder reads.
pub trait Int: Sized + Copy {
    /// Whether it is signed.
    const SIGNED: bool;
    /// The value of these digits (each a digit of `radix`, the first maybe `0`), negated if
    /// `negative` (a signed type in decimal); a signed type in another base is read as
    /// its two's complement bits. `None` past the type's range.
    fn from_digits(negative: bool, digits: &[u8], radix: Radix) -> Option<Self>;
}

macro_rules! ints {
    ($($unsigned:ty => $signed:ty),*) => {$(
        impl Int for $unsigned {
            const SIGNED: bool = false;
            #[inline]
            fn from_digits(negative: bool, digits: &[u8], radix: Radix) -> Option<Self> {
                if negative {
                    return None;
                }
                let base = radix.base() as $unsigned;
                let mut value: $unsigned = 0;
                for &b in digits {
                    let d = radix.digit(b)? as $unsigned;
                    value = value.checked_mul(base)?.checked_add(d)?;
                }
                Some(value)
            }
        }

        impl Int for $signed {
            const SIGNED: bool = true;
            #[inline]
            fn from_digits(negative: bool, digits: &[u8], radix: Radix) -> Option<Self> {
                let magnitude = <$unsigned as Int>::from_digits(false, digits, radix)?;
                if radix != Radix::Decimal {
                    // The two's complement bits, as `{:x}` of a signed integer writes them.
                    return Some(magnitude as $signed);
                }
                if !negative {
                    return <$signed>::try_from(magnitude).ok();
                }
                // Down to MIN, whose magnitude is one past MAX.
                if magnitude == 0 || magnitude > (<$signed>::MAX as $unsigned) + 1 {
                    return None;
                }
                Some((magnitude as $signed).wrapping_neg())
            }
        }
    )*};
}
ints!(u8 => i8, u16 => i16, u32 => i32, u64 => i64, u128 => i128, usize => isize);

/// An integer written with `spec`: the padding, the sign (`-` on a negative signed decimal,
/// `+` always under the `+` flag), the `#` prefix, then the digits of the radix in the case
/// written, without a leading zero unless zero padding put it there (exactly up to the
/// width), never `-0`.
#[inline]
pub fn int<T: Int>(text: &str, spec: &Spec) -> Option<T> {
    let text = unpad(text, spec, Align::Right)?;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut negative = false;
    match bytes.first() {
        Some(b'-') if T::SIGNED && spec.radix == Radix::Decimal => {
            negative = true;
            at = 1;
        }
        Some(b'+') if spec.plus => at = 1,
        _ if spec.plus => return None,
        _ => {}
    }
    if spec.alternate && spec.radix != Radix::Decimal {
        let prefix = spec.radix.prefix().as_bytes();
        if bytes.get(at..at + 2) != Some(prefix) {
            return None;
        }
        at += 2;
    }
    let digits = bytes.get(at..)?;
    if digits.is_empty() {
        return None;
    }
    let width = usize::from(spec.width);
    if spec.zero && width > 0 {
        // Zero padding: exactly the width when there is padding, no leading zero past it.
        if bytes.len() < width || (bytes.len() > width && digits[0] == b'0') {
            return None;
        }
    } else if digits.len() > 1 && digits[0] == b'0' {
        return None;
    }
    T::from_digits(negative, digits, spec.radix)
}

/// `true` or `false`, padded as `spec` says.
#[inline]
pub fn boolean(text: &str, spec: &Spec) -> Option<bool> {
    match unpad(text, spec, Align::Left)? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// One char, padded as `spec` says: its place is known from the width alone, so any fill
/// works, even the char itself.
#[inline]
pub fn character(text: &str, spec: &Spec) -> Option<char> {
    let width = usize::from(spec.width).max(1);
    let mut chars = text.chars();
    let (left, _) = padding(spec.align_or(Align::Left), width - 1);
    let mut value = None;
    for i in 0..width {
        let c = chars.next()?;
        if i == usize::from(left) {
            value = Some(c);
        } else if c != spec.fill {
            return None;
        }
    }
    if chars.next().is_some() {
        return None;
    }
    value
}

/// A `String` placeholder's text, as it is.
#[inline]
pub fn string(text: &str) -> String {
    text.to_owned()
}

/// The `String` whose Debug literal (`{s:?}`) is exactly `text`.
pub fn debug_string(text: &str) -> Option<String> {
    let value = literal::debug_string(text)?;
    renders(text, format_args!("{value:?}")).then_some(value)
}

/// The `char` whose Debug literal (`{c:?}`) is exactly `text`.
pub fn debug_char(text: &str) -> Option<char> {
    let value = literal::debug_char(text)?;
    renders(text, format_args!("{value:?}")).then_some(value)
}

/// Whether `args` writes exactly `text`: compared piece by piece as it is written, nothing
/// allocated. A `Display` that fails is no match.
pub fn renders(text: &str, args: fmt::Arguments<'_>) -> bool {
    struct Compare<'t>(&'t str);
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, piece: &str) -> fmt::Result {
            match self.0.strip_prefix(piece) {
                Some(rest) => {
                    self.0 = rest;
                    Ok(())
                }
                None => Err(fmt::Error),
            }
        }
    }
    let mut compare = Compare(text);
    fmt::write(&mut compare, args).is_ok() && compare.0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(f: impl FnOnce(&mut Spec)) -> Spec {
        let mut spec = Spec::PLAIN;
        f(&mut spec);
        spec
    }

    #[test]
    fn integers_exactly() {
        let plain = Spec::PLAIN;
        assert_eq!(int::<u64>("42", &plain), Some(42));
        assert_eq!(int::<u64>("0", &plain), Some(0));
        for bad in [
            "+5",
            "007",
            "00",
            "",
            "-1",
            " 1",
            "1 ",
            "18446744073709551616",
            "１",
        ] {
            assert_eq!(int::<u64>(bad, &plain), None, "{bad}");
        }
        assert_eq!(int::<i8>("-128", &plain), Some(-128));
        assert_eq!(int::<i8>("127", &plain), Some(127));
        for bad in ["-0", "-129", "128", "+1", "--1", "-"] {
            assert_eq!(int::<i8>(bad, &plain), None, "{bad}");
        }
        let plus = spec(|s| s.plus = true);
        assert_eq!(int::<u8>("+0", &plus), Some(0));
        assert_eq!(int::<i8>("-5", &plus), Some(-5));
        assert_eq!(int::<u8>("5", &plus), None);
        let hex = spec(|s| {
            s.radix = Radix::LowerHex;
            s.alternate = true;
        });
        assert_eq!(int::<u8>("0x1f", &hex), Some(0x1f));
        assert_eq!(int::<i8>("0xff", &hex), Some(-1));
        for bad in ["0x1F", "1f", "0x", "0x01", "0X1f"] {
            assert_eq!(int::<u8>(bad, &hex), None, "{bad}");
        }
        let zero = spec(|s| {
            s.zero = true;
            s.width = 5;
        });
        assert_eq!(int::<i32>("-0042", &zero), Some(-42));
        assert_eq!(int::<i32>("00042", &zero), Some(42));
        assert_eq!(int::<i32>("123456", &zero), Some(123_456));
        for bad in ["0042", "042", "000042", "-0000", "42"] {
            assert_eq!(int::<i32>(bad, &zero), None, "{bad}");
        }
        let padded = spec(|s| {
            s.width = 5;
            s.fill = '*';
            s.align = Align::Center;
        });
        assert_eq!(int::<i32>("*-42*", &padded), Some(-42));
        assert_eq!(int::<i32>("-42**", &padded), None);
        assert_eq!(int::<i32>("**-42", &padded), None);
        assert_eq!(int::<i32>("-12345", &padded), Some(-12345));
        assert_eq!(int::<i32>("*-12345", &padded), None);
        for n in [0i64, 7, -7, 12_345, i64::MIN, i64::MAX] {
            assert_eq!(
                int::<i64>(
                    &format!("{n:_^9}"),
                    &spec(|s| {
                        s.width = 9;
                        s.fill = '_';
                        s.align = Align::Center
                    })
                ),
                Some(n)
            );
            assert_eq!(
                int::<i64>(
                    &format!("{n:+08}"),
                    &spec(|s| {
                        s.width = 8;
                        s.zero = true;
                        s.plus = true
                    })
                ),
                Some(n)
            );
            assert_eq!(
                int::<i64>(
                    &format!("{n:#b}"),
                    &spec(|s| {
                        s.radix = Radix::Binary;
                        s.alternate = true
                    })
                ),
                Some(n)
            );
        }
    }

    #[test]
    fn bools_chars_and_literals() {
        let five = spec(|s| s.width = 5);
        assert_eq!(boolean("true ", &five), Some(true));
        assert_eq!(boolean("false", &five), Some(false));
        assert_eq!(boolean(" true", &five), None);
        assert_eq!(boolean("true", &five), None);
        let three = spec(|s| {
            s.width = 3;
            s.fill = 'x';
            s.align = Align::Right;
        });
        assert_eq!(character("xxx", &three), Some('x'));
        assert_eq!(character("xxé", &three), Some('é'));
        assert_eq!(character("xéx", &three), None);
        assert_eq!(character("é", &Spec::PLAIN), Some('é'));
        assert_eq!(character("", &Spec::PLAIN), None);
        assert_eq!(character("ab", &Spec::PLAIN), None);
        assert_eq!(debug_string("\"a\\\"b\""), Some("a\"b".into()));
        // Debug writes `'` in a string as it is, and `\u{41}` as `A`.
        assert_eq!(debug_string("\"\\'\""), None);
        assert_eq!(debug_string("\"\\u{41}\""), None);
        assert_eq!(debug_char("'\"'"), Some('"'));
        assert_eq!(debug_char("'\\\"'"), None);
        assert!(renders("1.5", format_args!("{}", 1.5)));
        assert!(!renders("1.50", format_args!("{}", 1.5)));
        assert!(!renders("1.", format_args!("{}", 1.5)));
    }
}
