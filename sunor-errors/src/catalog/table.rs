//! The derive's table of a type's cases: one string literal per run of cases (see
//! `descriptor::Listed::Table`), read here into the parts of each case. The derive writes it
//! (`sunor-errors-derive/src/catalog.rs`); the two crates are released together, the derive
//! pinned to this crate's version, so a table this crate cannot read is a bug in one of them.
//!
//! A table is its cases, one after another, each:
//!
//! | part | written as |
//! |---|---|
//! | variant | `V` and a string; `S` for a struct |
//! | code | a number |
//! | message | a string |
//! | templated, decodable | `t` or `f`; `d` (if the type decodes) or `n` |
//! | retry delay | `N` none, `F` and a number (fixed), `R` from a field |
//! | id | `I` and a string; `-` for the default |
//! | placeholders | a count, then each as two strings: name, type |
//! | pattern items | a count, then each `L` and a string (literal text), or `H`, a kind and a spec |
//! | fields | a count, then each: name (a string), kind, type (a string), a count and that many group numbers, source (`p` placeholders, `r` retry delay, `d` default, `n` nowhere) |
//!
//! A number is its decimal digits and `;`. A string is its length in bytes (a number) and
//! its bytes, not escaped. A kind is `u` or `i` and its bits (a number), or one of `s` (string),
//! `b` (bool), `c` (char), `f` (float), `o` (other). A spec is `.` for a plain `{x}`, or `x`,
//! the fill (a string), the alignment (`D`efault, `L`, `C`, `R`), the width (a number), four
//! flags (`0` or `1`: zero, plus, alternate, debug) and the radix (`d`, `x`, `X`, `o`, `b`).

use crate::ErrorCode;
use crate::decode::{Align, Hole, Item, Kind, Radix, Spec};
use crate::descriptor::{FieldFrom, RetryAfterHint};

/// One case of a table, its strings borrowed from it.
pub(super) struct TableCase {
    pub(super) variant: Option<&'static str>,
    pub(super) code: ErrorCode,
    pub(super) message: &'static str,
    pub(super) templated: bool,
    /// Decodable if the type decodes.
    pub(super) decodable: bool,
    pub(super) retry_after: RetryAfterHint,
    pub(super) id: Option<&'static str>,
    /// Name and type of each placeholder.
    pub(super) placeholders: Vec<(&'static str, &'static str)>,
    pub(super) items: Vec<Item>,
    pub(super) fields: Vec<TableField>,
}

/// One field of a [`TableCase`].
pub(super) struct TableField {
    pub(super) name: &'static str,
    pub(super) kind: Kind,
    pub(super) rust_type: &'static str,
    pub(super) groups: Vec<usize>,
    pub(super) from: FieldFrom,
}

/// The cases of `table`, in order; `Err` with the byte offset where it stops making sense.
pub(super) fn read(table: &'static str) -> Result<Vec<TableCase>, usize> {
    let mut reader = Reader { table, at: 0 };
    let mut cases = Vec::new();
    while reader.at < table.len() {
        match reader.case() {
            Some(case) => cases.push(case),
            None => return Err(reader.at),
        }
    }
    Ok(cases)
}

struct Reader {
    table: &'static str,
    at: usize,
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.table.as_bytes().get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn num(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        let mut digits = 0;
        loop {
            match self.byte()? {
                b';' if digits > 0 => return Some(n),
                b @ b'0'..=b'9' => {
                    n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                    digits += 1;
                }
                _ => return None,
            }
        }
    }

    /// A count of things that each take at least one byte: never more than are left, so a
    /// count cannot ask for a larger allocation than the table.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n <= self.table.len() - self.at).then_some(n)
    }

    fn str(&mut self) -> Option<&'static str> {
        let len = usize::try_from(self.num()?).ok()?;
        let end = self.at.checked_add(len)?;
        let text = self.table.get(self.at..end)?;
        self.at = end;
        Some(text)
    }

    fn flag(&mut self, yes: u8, no: u8) -> Option<bool> {
        match self.byte()? {
            b if b == yes => Some(true),
            b if b == no => Some(false),
            _ => None,
        }
    }

    fn case(&mut self) -> Option<TableCase> {
        let variant = match self.byte()? {
            b'V' => Some(self.str()?),
            b'S' => None,
            _ => return None,
        };
        let code = ErrorCode::from_u16(u16::try_from(self.num()?).ok()?).ok()?;
        let message = self.str()?;
        let templated = self.flag(b't', b'f')?;
        let decodable = self.flag(b'd', b'n')?;
        let retry_after = match self.byte()? {
            b'N' => RetryAfterHint::None,
            b'F' => RetryAfterHint::Fixed(self.num()?),
            b'R' => RetryAfterHint::FromField,
            _ => return None,
        };
        let id = match self.byte()? {
            b'I' => Some(self.str()?),
            b'-' => None,
            _ => return None,
        };
        let mut placeholders = Vec::with_capacity(self.count()?);
        for _ in 0..placeholders.capacity() {
            placeholders.push((self.str()?, self.str()?));
        }
        let mut items = Vec::with_capacity(self.count()?);
        for _ in 0..items.capacity() {
            items.push(match self.byte()? {
                b'L' => Item::Lit(self.str()?),
                b'H' => Item::Hole(Hole::new(self.kind()?, self.spec()?)),
                _ => return None,
            });
        }
        let mut fields = Vec::with_capacity(self.count()?);
        for _ in 0..fields.capacity() {
            let name = self.str()?;
            let kind = self.kind()?;
            let rust_type = self.str()?;
            let mut groups = Vec::with_capacity(self.count()?);
            for _ in 0..groups.capacity() {
                groups.push(usize::try_from(self.num()?).ok()?);
            }
            let from = match self.byte()? {
                b'p' => FieldFrom::Placeholder,
                b'r' => FieldFrom::RetryAfter,
                b'd' => FieldFrom::Default,
                b'n' => FieldFrom::Nowhere,
                _ => return None,
            };
            fields.push(TableField {
                name,
                kind,
                rust_type,
                groups,
                from,
            });
        }
        Some(TableCase {
            variant,
            code,
            message,
            templated,
            decodable,
            retry_after,
            id,
            placeholders,
            items,
            fields,
        })
    }

    fn kind(&mut self) -> Option<Kind> {
        Some(match self.byte()? {
            b'u' => Kind::Uint(u8::try_from(self.num()?).ok()?),
            b'i' => Kind::Int(u8::try_from(self.num()?).ok()?),
            b's' => Kind::String,
            b'b' => Kind::Bool,
            b'c' => Kind::Char,
            b'f' => Kind::Float,
            b'o' => Kind::Other,
            _ => return None,
        })
    }

    fn spec(&mut self) -> Option<Spec> {
        match self.byte()? {
            b'.' => return Some(Spec::PLAIN),
            b'x' => {}
            _ => return None,
        }
        let mut fill = self.str()?.chars();
        let (Some(fill), None) = (fill.next(), fill.next()) else {
            return None;
        };
        let align = match self.byte()? {
            b'D' => Align::Default,
            b'L' => Align::Left,
            b'C' => Align::Center,
            b'R' => Align::Right,
            _ => return None,
        };
        let width = u16::try_from(self.num()?).ok()?;
        let zero = self.flag(b'1', b'0')?;
        let plus = self.flag(b'1', b'0')?;
        let alternate = self.flag(b'1', b'0')?;
        let debug = self.flag(b'1', b'0')?;
        let radix = match self.byte()? {
            b'd' => Radix::Decimal,
            b'x' => Radix::LowerHex,
            b'X' => Radix::UpperHex,
            b'o' => Radix::Octal,
            b'b' => Radix::Binary,
            _ => return None,
        };
        Some(Spec::new(
            fill, align, width, zero, plus, alternate, radix, debug,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_part() {
        let table = "V7;Credits402;23;available {n} of {0:>3}tdF30;I9;E.Credits\
                     2;1;n3;u641;03;u32\
                     4;L10;available Hu64;.L4; of Hu32;x1; R3;0000d\
                     2;1;nu64;3;u641;1;p1;0u32;3;u321;2;p\
                     S500;21;Internal server errorfnN-0;0;0;";
        let cases = read(table).unwrap_or_else(|at| panic!("stops at {at}"));
        assert_eq!(cases.len(), 2);
        let c = &cases[0];
        assert_eq!(
            (c.variant, c.code, c.message, c.templated, c.decodable),
            (
                Some("Credits"),
                ErrorCode::PAYMENT_REQUIRED,
                "available {n} of {0:>3}",
                true,
                true
            )
        );
        assert_eq!(
            (c.retry_after, c.id),
            (RetryAfterHint::Fixed(30), Some("E.Credits"))
        );
        assert_eq!(c.placeholders, [("n", "u64"), ("0", "u32")]);
        let mut padded = Spec::PLAIN;
        padded.align = Align::Right;
        padded.width = 3;
        assert_eq!(
            c.items,
            [
                Item::Lit("available "),
                Item::Hole(Hole::new(Kind::Uint(64), Spec::PLAIN)),
                Item::Lit(" of "),
                Item::Hole(Hole::new(Kind::Uint(32), padded)),
            ]
        );
        let fields: Vec<_> = c
            .fields
            .iter()
            .map(|f| (f.name, f.kind, f.rust_type, f.groups.clone(), f.from))
            .collect();
        assert_eq!(
            fields,
            [
                ("n", Kind::Uint(64), "u64", vec![1], FieldFrom::Placeholder),
                ("0", Kind::Uint(32), "u32", vec![2], FieldFrom::Placeholder),
            ]
        );
        let s = &cases[1];
        assert_eq!(
            (s.variant, s.code, s.message, s.templated, s.decodable),
            (
                None,
                ErrorCode::INTERNAL_SERVER_ERROR,
                "Internal server error",
                false,
                false
            )
        );
        assert!(s.placeholders.is_empty() && s.items.is_empty() && s.fields.is_empty());
    }

    #[test]
    fn strings_are_not_escaped_and_may_hold_anything() {
        let cases = read("S400;10;a;b\n{{ é}fdN-0;0;0;").unwrap_or_else(|at| panic!("{at}"));
        assert_eq!(cases[0].message, "a;b\n{{ é}");
    }

    #[test]
    fn a_table_that_does_not_read_says_where() {
        // Cut anywhere, a valid table stops where it was cut or just before.
        let table = "V1;A402;3;abctdN-1;1;a3;u641;L1;x0;";
        assert!(read(table).is_ok());
        for cut in 1..table.len() {
            let Some(part) = table.get(..cut) else {
                continue;
            };
            assert!(read(part).is_err(), "{part:?}");
        }
        // A string that ends inside a character, a count past the table, a code out of
        // range, a number without digits or past u64.
        assert_eq!(read("S400;2;éfdN-0;0;0;").err(), None);
        assert!(read("S400;1;éfdN-0;0;0;").is_err());
        assert!(read("S400;1;afdN-999;").is_err());
        assert!(read("S399;1;afdN-0;0;0;").is_err());
        assert!(read("S;1;afdN-0;0;0;").is_err());
        assert!(read("S400;99999999999999999999;a").is_err());
    }
}
