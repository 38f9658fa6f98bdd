//! How a placeholder's text is read back: from its field's type (as far as the derive can
//! tell it from the source) and its format spec, the parser the generated code calls, and
//! the language of the texts that parser can accept (for the ambiguity questions), or why
//! it cannot be decoded exactly.

use crate::automaton::{Re, any, any_but, set};
pub(crate) use crate::kind::{Kind, kind, type_text};

/// A format spec, `[[fill]align][sign]['#']['0'][width]['.' precision]type`.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) struct Spec {
    pub(crate) fill: Option<char>,
    pub(crate) align: Option<Align>,
    pub(crate) plus: bool,
    pub(crate) minus: bool,
    pub(crate) alternate: bool,
    pub(crate) zero: bool,
    pub(crate) width: Option<usize>,
    pub(crate) precision: Option<usize>,
    pub(crate) ty: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// The alignment `c` writes, if it is one.
fn align(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '^' => Some(Align::Center),
        '>' => Some(Align::Right),
        _ => None,
    }
}

/// Parsed from the front: each part is taken off `rest` in turn.
pub(crate) fn parse_spec(spec: &str) -> Result<Spec, String> {
    let mut out = Spec::default();
    let mut rest = spec;
    let mut chars = rest.chars();
    let (first, second) = (chars.next(), chars.next());
    if let (Some(fill), Some(c)) = (first, second)
        && let Some(a) = align(c)
    {
        out.fill = Some(fill);
        out.align = Some(a);
        rest = &rest[fill.len_utf8() + 1..];
    } else if let Some(c) = first
        && let Some(a) = align(c)
    {
        out.align = Some(a);
        rest = &rest[1..];
    }
    if let Some(after) = rest.strip_prefix('+') {
        out.plus = true;
        rest = after;
    } else if let Some(after) = rest.strip_prefix('-') {
        out.minus = true;
        rest = after;
    }
    if let Some(after) = rest.strip_prefix('#') {
        out.alternate = true;
        rest = after;
    }
    if let Some(after) = rest.strip_prefix('0') {
        out.zero = true;
        rest = after;
    }
    out.width = number(&mut rest)?;
    if let Some(after) = rest.strip_prefix('.') {
        rest = after;
        out.precision = number(&mut rest)?;
        if out.precision.is_none() {
            return Err(format!(
                "invalid format spec `{spec}`: `.` without a precision"
            ));
        }
    }
    if !matches!(
        rest,
        "" | "?" | "x?" | "X?" | "x" | "X" | "o" | "b" | "e" | "E" | "p"
    ) {
        return Err(format!("invalid format spec `{spec}`"));
    }
    out.ty = rest.to_owned();
    Ok(out)
}

/// The decimal number at the front of `rest`, taken off it; `None` if there is none.
fn number(rest: &mut &str) -> Result<Option<usize>, String> {
    let digits = rest.as_bytes();
    let mut at = 0;
    let mut value: usize = 0;
    while at < digits.len() && digits[at].is_ascii_digit() {
        let Some(next) = value.checked_mul(10) else {
            return Err("a width or precision too large".into());
        };
        let Some(next) = next.checked_add(usize::from(digits[at] - b'0')) else {
            return Err("a width or precision too large".into());
        };
        value = next;
        at += 1;
    }
    *rest = &rest[at..];
    Ok(if at > 0 { Some(value) } else { None })
}

/// How the generated code reads a placeholder's text.
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) enum Parser {
    /// The field's `FromStr` (`DecodeDisplay`), on the text as it is.
    FromStr,
    /// A Rust string literal, as `{s:?}` writes a `String`.
    DebugString,
    /// A Rust char literal, as `{c:?}` writes a `char`.
    DebugChar,
    /// An integer in base 16, 8 or 2.
    Radix {
        radix: u32,
        upper: bool,
        plus: bool,
        prefix: bool,
    },
    /// The padding taken off first, then `inner` (`FromStr` or `Radix`) on the value.
    Padded {
        fill: char,
        align: Align,
        width: usize,
        inner: Box<Parser>,
    },
    /// A char with a width: its place in the text is known from the width.
    PaddedChar {
        fill: char,
        align: Align,
        width: usize,
    },
}

/// The parser for a placeholder `{name:spec}` on a field of `kind` (named `ty` in errors),
/// or why it cannot be decoded exactly.
pub(crate) fn parser(kind: Kind, ty: &str, name: &str, spec: &Spec) -> Result<Parser, String> {
    let int = matches!(kind, Kind::Unsigned | Kind::Signed(_));
    let shown = format!("`{{{name}:{}}}`", spec_text(spec));
    let base = match spec.ty.as_str() {
        "p" => {
            return Err(format!(
                "{shown} writes an address, which cannot be read back into a value; use `{{{name}}}`"
            ));
        }
        "x" | "X" | "o" | "b" | "x?" | "X?" if int => Parser::Radix {
            radix: match spec.ty.as_bytes()[0] {
                b'x' | b'X' => 16,
                b'o' => 8,
                _ => 2,
            },
            upper: spec.ty.starts_with('X'),
            plus: spec.plus,
            prefix: spec.alternate,
        },
        "x" | "X" | "o" | "b" | "x?" | "X?" => {
            return Err(format!(
                "{shown} on a field of type `{ty}`: only integer fields are decoded from a hexadecimal, octal or binary placeholder"
            ));
        }
        "e" | "E" if kind == Kind::Float => Parser::FromStr,
        "e" | "E" => {
            return Err(format!(
                "{shown} on a field of type `{ty}`: the exponent form is only decoded for floats; use `{{{name}}}`"
            ));
        }
        "?" => match kind {
            Kind::String | Kind::Char => {
                if spec.fill.is_some()
                    || spec.align.is_some()
                    || spec.plus
                    || spec.minus
                    || spec.zero
                    || spec.width.is_some()
                    || spec.precision.is_some()
                {
                    return Err(format!(
                        "{shown} on a field of type `{ty}`: only `{{{name}:?}}` (a Rust literal) is decoded; a width, fill, sign or precision there is not"
                    ));
                }
                return Ok(if kind == Kind::String {
                    Parser::DebugString
                } else {
                    Parser::DebugChar
                });
            }
            // Their Debug is their Display.
            Kind::Unsigned | Kind::Signed(_) | Kind::Float | Kind::Bool => Parser::FromStr,
            Kind::Other => {
                return Err(format!(
                    "Debug output of `{ty}` has no parser: {shown} cannot be decoded; use `{{{name}}}` (Display + FromStr)"
                ));
            }
        },
        _ => Parser::FromStr,
    };
    flags(kind, ty, name, &shown, spec, base)
}

/// The flags of a spec on top of the base parser: what they do to the text, or why that
/// cannot be undone.
fn flags(
    kind: Kind,
    ty: &str,
    name: &str,
    shown: &str,
    spec: &Spec,
    base: Parser,
) -> Result<Parser, String> {
    let int = matches!(kind, Kind::Unsigned | Kind::Signed(_));
    let plain = spec.fill.is_none()
        && spec.align.is_none()
        && !spec.plus
        && !spec.minus
        && !spec.alternate
        && !spec.zero
        && spec.width.is_none()
        && spec.precision.is_none();
    if matches!(kind, Kind::Other) || (kind == Kind::String && spec.ty.is_empty()) {
        if plain {
            return Ok(base);
        }
        let why = if spec.precision.is_some() {
            "a precision truncates the text"
        } else if spec.width.is_some() {
            "its padding cannot be told apart from its own text"
        } else {
            "a flag may change what its `Display` writes"
        };
        return Err(format!(
            "{shown} on a field of type `{ty}` cannot be decoded: {why}; only `{{{name}}}` is read back (with `FromStr`)"
        ));
    }
    if spec.precision.is_some() && !int {
        let why = if kind == Kind::Float {
            "rounds the number"
        } else {
            "truncates the text"
        };
        return Err(format!(
            "{shown} on a field of type `{ty}`: a precision {why}, so the value cannot be read back exactly"
        ));
    }
    if spec.zero && !int {
        let why = if kind == Kind::Float {
            "it pads `inf` and `NaN` with zeros too (`00inf`)"
        } else {
            "zero padding is only decoded on integers"
        };
        return Err(format!("{shown} on a field of type `{ty}`: {why}"));
    }
    if spec.plus && matches!(kind, Kind::Bool | Kind::Char) {
        return Err(format!(
            "{shown} on a field of type `{ty}`: a sign has no meaning for it; remove `+`"
        ));
    }
    // Integers: the `0` flag pads with zeros after the sign, which parsing takes as they are.
    let Some(width) = spec.width else {
        return Ok(base);
    };
    if spec.zero {
        return Ok(base);
    }
    if kind == Kind::Char {
        return Ok(Parser::PaddedChar {
            fill: spec.fill.unwrap_or(' '),
            align: spec.align.unwrap_or(Align::Left),
            width,
        });
    }
    let fill = spec.fill.unwrap_or(' ');
    // The fill must not be a character the value's text can start or end with.
    let clash = match (&base, kind) {
        (Parser::Radix { .. }, _) => fill.is_ascii_alphanumeric() || fill == '+',
        (_, Kind::Bool) => fill.is_alphabetic(),
        (_, Kind::Float) => fill.is_alphanumeric() || matches!(fill, '+' | '-' | '.'),
        _ => fill.is_ascii_digit() || matches!(fill, '+' | '-'),
    };
    if clash {
        return Err(format!(
            "{shown} on a field of type `{ty}`: the fill `{fill}` cannot be told apart from the value's own characters; use another fill{}",
            if int { " or the `0` flag" } else { "" }
        ));
    }
    let default_align = if kind == Kind::Bool {
        Align::Left
    } else {
        Align::Right
    };
    Ok(Parser::Padded {
        fill,
        align: spec.align.unwrap_or(default_align),
        width,
        inner: Box::new(base),
    })
}

/// The spec as the user wrote it (for messages): rebuilt, since the derive keeps it parsed.
fn spec_text(spec: &Spec) -> String {
    let mut out = String::new();
    if let Some(fill) = spec.fill {
        out.push(fill);
    }
    if let Some(align) = spec.align {
        out.push(match align {
            Align::Left => '<',
            Align::Center => '^',
            Align::Right => '>',
        });
    }
    if spec.plus {
        out.push('+');
    }
    if spec.minus {
        out.push('-');
    }
    if spec.alternate {
        out.push('#');
    }
    if spec.zero {
        out.push('0');
    }
    if let Some(width) = spec.width {
        out.push_str(&width.to_string());
    }
    if let Some(precision) = spec.precision {
        out.push('.');
        out.push_str(&precision.to_string());
    }
    out.push_str(&spec.ty);
    out
}

/// The texts `parser` can accept on a field of `kind`, or more: a padded placeholder, a
/// float or a type of the user's may be any text.
pub(crate) fn language(kind: Kind, parser: &Parser) -> Re {
    match parser {
        Parser::FromStr => match kind {
            Kind::Unsigned => Re::cat(Re::opt(Re::lit("+")), digits(10, false)),
            Kind::Signed(_) => Re::cat(
                Re::opt(Re::Set(set(&[('+', '+'), ('-', '-')]))),
                digits(10, false),
            ),
            Kind::Bool => Re::alt(Re::lit("true"), Re::lit("false")),
            Kind::Char => Re::Set(any()),
            Kind::Float | Kind::String | Kind::Other => Re::any_text(),
        },
        // `"`, then chars but `"` and `\` or escapes, then `"`.
        Parser::DebugString => delimited(
            "\"",
            Re::star(Re::alt(
                Re::Set(any_but(&['"', '\\'])),
                Re::cat(Re::lit("\\"), Re::Set(any())),
            )),
            "\"",
        ),
        // A char but `'` and `\`, an escape, or `\u{...}` in either case, in `'`.
        Parser::DebugChar => delimited(
            "'",
            Re::alt(
                Re::alt(
                    Re::Set(any_but(&['\'', '\\'])),
                    Re::cat(Re::lit("\\"), Re::Set(any_but(&['u']))),
                ),
                Re::alt(
                    delimited("\\u{", digits(16, false), "}"),
                    delimited("\\u{", digits(16, true), "}"),
                ),
            ),
            "'",
        ),
        Parser::Radix {
            radix,
            upper,
            plus,
            prefix,
        } => {
            let mut items = Vec::new();
            if *plus {
                items.push(Re::lit("+"));
            }
            if *prefix {
                items.push(Re::lit(match radix {
                    16 => "0x",
                    8 => "0o",
                    _ => "0b",
                }));
            }
            items.push(digits(*radix, *upper));
            Re::Cat(items)
        }
        Parser::Padded { .. } | Parser::PaddedChar { .. } => Re::any_text(),
    }
}

/// One or more digits of `radix`.
fn digits(radix: u32, upper: bool) -> Re {
    Re::plus(match (radix, upper) {
        (16, false) => set(&[('0', '9'), ('a', 'f')]),
        (16, true) => set(&[('0', '9'), ('A', 'F')]),
        (8, _) => set(&[('0', '7')]),
        (2, _) => set(&[('0', '1')]),
        _ => set(&[('0', '9')]),
    })
}

/// `open`, `inner`, `close`.
fn delimited(open: &str, inner: Re, close: &str) -> Re {
    Re::cat(Re::cat(Re::lit(open), inner), Re::lit(close))
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::Type;

    fn p(ty: &str, spec: &str) -> Result<Parser, String> {
        let ty: Type = syn::parse_str(ty).unwrap();
        parser(kind(&ty), &type_text(&ty), "x", &parse_spec(spec).unwrap())
    }

    #[test]
    fn specs_parse() {
        let s = parse_spec("*^+#012.3x?").unwrap();
        assert_eq!(
            s,
            Spec {
                fill: Some('*'),
                align: Some(Align::Center),
                plus: true,
                minus: false,
                alternate: true,
                zero: true,
                width: Some(12),
                precision: Some(3),
                ty: "x?".into(),
            }
        );
        assert_eq!(parse_spec(">5").unwrap().width, Some(5));
        assert_eq!(parse_spec("<").unwrap().align, Some(Align::Left));
        assert_eq!(parse_spec("?<5").unwrap().fill, Some('?'));
        assert!(parse_spec("5q").is_err());
        assert!(parse_spec(".x").is_err());
    }

    #[test]
    fn kinds_and_type_text() {
        for (ty, k) in [
            ("u64", Kind::Unsigned),
            ("std::primitive::u8", Kind::Unsigned),
            ("i32", Kind::Signed("u32")),
            ("f64", Kind::Float),
            ("bool", Kind::Bool),
            ("char", Kind::Char),
            ("String", Kind::String),
            ("std::string::String", Kind::String),
            ("my::u64", Kind::Other),
            ("T", Kind::Other),
            ("&'static str", Kind::Other),
            ("Option<u64>", Kind::Other),
        ] {
            assert_eq!(kind(&syn::parse_str(ty).unwrap()), k, "{ty}");
        }
        for ty in [
            "u64",
            "Option<String>",
            "&'static str",
            "Vec<(u8, char)>",
            "[u8; 4]",
        ] {
            let parsed: Type = syn::parse_str(ty).unwrap();
            assert_eq!(type_text(&parsed), ty.replace(", ", ",").replace("; ", ";"));
        }
    }

    #[test]
    fn parsers_by_type_and_spec() {
        assert_eq!(p("u64", ""), Ok(Parser::FromStr));
        assert_eq!(p("u64", "?"), Ok(Parser::FromStr));
        assert_eq!(p("u64", "05"), Ok(Parser::FromStr));
        assert_eq!(p("String", "?"), Ok(Parser::DebugString));
        assert_eq!(p("char", "?"), Ok(Parser::DebugChar));
        assert_eq!(
            p("i8", "#010X"),
            Ok(Parser::Radix {
                radix: 16,
                upper: true,
                plus: false,
                prefix: true
            })
        );
        assert_eq!(
            p("u32", ">5"),
            Ok(Parser::Padded {
                fill: ' ',
                align: Align::Right,
                width: 5,
                inner: Box::new(Parser::FromStr)
            })
        );
        assert_eq!(
            p("bool", "6"),
            Ok(Parser::Padded {
                fill: ' ',
                align: Align::Left,
                width: 6,
                inner: Box::new(Parser::FromStr)
            })
        );
        assert_eq!(
            p("char", "0>3"),
            Ok(Parser::PaddedChar {
                fill: '0',
                align: Align::Right,
                width: 3
            })
        );
        for (ty, spec, needle) in [
            ("Foo", "?", "Debug output of `Foo` has no parser"),
            ("String", ".3", "a precision truncates"),
            ("String", ">5", "padding cannot be told apart"),
            ("f64", ".2", "rounds"),
            ("f64", "08", "00inf"),
            ("u64", "0>5", "the fill `0`"),
            ("u64", "p", "address"),
            ("u64", "e", "exponent"),
            ("String", "x", "only integer fields"),
            ("String", ">5?", "only `{x:?}`"),
            ("bool", "+", "sign"),
        ] {
            let error = p(ty, spec).unwrap_err();
            assert!(error.contains(needle), "{ty} {spec}: {error}");
        }
    }
}
