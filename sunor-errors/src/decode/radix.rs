//! Integers written in another base (`{h:x}`, `{h:#X}`, `{h:o}`, `{h:08b}`), read back
//! exactly: the digits of the case the spec writes, the `0x`/`0o`/`0b` prefix when `#`
//! asks for it, a `+` when the `+` flag does, any number of leading zeros (zero padding).
//! A signed type is written as its two's complement: it is read as its unsigned counterpart
//! and cast, which gives back the exact value.

/// An integer type a radix placeholder can be decoded into.
pub trait Radix: Sized {
    /// The value of `digits` (non-empty, each a digit of `radix` in the given case).
    fn from_digits(digits: &[u8], radix: u32, upper: bool) -> Option<Self>;
}

/// The integer written as `text` by a radix spec: `radix` 16, 8 or 2; `upper` for `X`;
/// `plus` for the `+` flag; `prefix` for `#`.
#[inline]
pub fn radix<T: Radix>(text: &str, radix: u32, upper: bool, plus: bool, prefix: bool) -> Option<T> {
    let mut text = text;
    if plus {
        text = text.strip_prefix('+')?;
    }
    if prefix {
        let prefix = match radix {
            16 => "0x",
            8 => "0o",
            _ => "0b",
        };
        text = text.strip_prefix(prefix)?;
    }
    if text.is_empty() {
        return None;
    }
    T::from_digits(text.as_bytes(), radix, upper)
}

fn digit(byte: u8, radix: u32, upper: bool) -> Option<u32> {
    let value = match byte {
        b'0'..=b'9' => u32::from(byte - b'0'),
        b'a'..=b'f' if !upper => u32::from(byte - b'a') + 10,
        b'A'..=b'F' if upper => u32::from(byte - b'A') + 10,
        _ => return None,
    };
    (value < radix).then_some(value)
}

macro_rules! radix_ints {
    ($($unsigned:ty => $signed:ty),*) => {$(
        impl Radix for $unsigned {
            #[inline]
            fn from_digits(digits: &[u8], radix: u32, upper: bool) -> Option<Self> {
                let mut value: $unsigned = 0;
                for &byte in digits {
                    let d = digit(byte, radix, upper)?;
                    // Leading zeros (padding) never overflow; a value past the type is no match.
                    value = value
                        .checked_mul(radix as $unsigned)?
                        .checked_add(d as $unsigned)?;
                }
                Some(value)
            }
        }

        impl Radix for $signed {
            #[inline]
            fn from_digits(digits: &[u8], radix: u32, upper: bool) -> Option<Self> {
                // The two's complement bits, as `{:x}` of a signed integer writes them.
                <$unsigned as Radix>::from_digits(digits, radix, upper).map(|bits| bits as $signed)
            }
        }
    )*};
}
radix_ints!(u8 => i8, u16 => i16, u32 => i32, u64 => i64, u128 => i128, usize => isize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_round_trips() {
        for n in [0u32, 1, 7, 255, 256, 0xdead_beef, u32::MAX] {
            assert_eq!(
                radix::<u32>(&format!("{n:x}"), 16, false, false, false),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:X}"), 16, true, false, false),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:#x}"), 16, false, false, true),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:#X}"), 16, true, false, true),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:o}"), 8, false, false, false),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:#o}"), 8, false, false, true),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:b}"), 2, false, false, false),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:#034b}"), 2, false, false, true),
                Some(n)
            );
            assert_eq!(
                radix::<u32>(&format!("{n:+012x}"), 16, false, true, false),
                Some(n)
            );
        }
        for n in [i64::MIN, -1, 0, 1, i64::MAX] {
            assert_eq!(
                radix::<i64>(&format!("{n:x}"), 16, false, false, false),
                Some(n)
            );
            assert_eq!(
                radix::<i64>(&format!("{n:#b}"), 2, false, false, true),
                Some(n)
            );
        }
        assert_eq!(
            radix::<i128>(&format!("{:X}", i128::MIN), 16, true, false, false),
            Some(i128::MIN)
        );
    }

    #[test]
    fn near_misses_are_no_match() {
        assert_eq!(radix::<u8>("ff", 16, true, false, false), None);
        assert_eq!(radix::<u8>("FF", 16, false, false, false), None);
        assert_eq!(radix::<u8>("100", 16, false, false, false), None);
        assert_eq!(radix::<u8>("", 16, false, false, false), None);
        assert_eq!(radix::<u8>("0x", 16, false, false, true), None);
        assert_eq!(radix::<u8>("ff", 16, false, false, true), None);
        assert_eq!(radix::<u8>("0Xff", 16, false, false, true), None);
        assert_eq!(radix::<u8>("+ff", 16, false, false, false), None);
        assert_eq!(radix::<u8>("-1", 16, false, false, false), None);
        assert_eq!(radix::<u8>("8", 8, false, false, false), None);
        assert_eq!(radix::<u8>("2", 2, false, false, false), None);
        assert_eq!(radix::<u8>(" 1", 2, false, false, false), None);
        assert_eq!(
            radix::<u8>(&"0".repeat(10_000), 2, false, false, false),
            Some(0)
        );
    }
}
