//! How a placeholder's text is read back: from its field's type (as far as the derive can
//! tell it from the source) and its format spec, its `Shape` (the reader the generated code
//! calls and the spec it describes to `sunor_errors::__private`), and the language of exactly
//! the texts it accepts (for the ambiguity check between cases: the pattern sunor-errors
//! matches with, read from its own `pattern.rs`), or why it cannot be decoded exactly.

use crate::automaton::{self, Re, Set};
pub(crate) use crate::kind::{Kind, kind, type_text};
use crate::pattern::{self, Align, Class, Radix, Rep, Sink};

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

/// How the generated code reads a placeholder's text (`sunor_errors::__private`'s readers).
#[derive(Clone, Copy)]
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) enum Read {
    /// `int::<T>`: an integer by its shape.
    Int,
    /// `boolean`.
    Bool,
    /// `character`.
    Char,
    /// The text itself.
    String,
    /// `debug_string`: a Rust string literal, as `{s:?}` writes a `String`.
    DebugString,
    /// `debug_char`: a Rust char literal, as `{c:?}` writes a `char`.
    DebugChar,
    /// `FromStr`, then the value written again with the spec must give the same text
    /// (floats, types of the user's).
    Rendered,
}

/// How a placeholder is read, and what the generated code describes to
/// `sunor_errors::__private` (only what changes its text).
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) struct Shape {
    pub(crate) read: Read,
    /// sunor-errors' own spec: the generated code writes it, and `language` reads it.
    pub(crate) spec: pattern::Spec,
}

/// The widest padded placeholder decoded: its pattern lists each shorter length.
const MAX_WIDTH: usize = 64;

/// How a placeholder `{name:spec}` on a field of `kind` (named `ty` in errors) is read, or
/// why it cannot be decoded exactly.
pub(crate) fn shape(kind: Kind, ty: &str, name: &str, spec: &Spec) -> Result<Shape, String> {
    let int = matches!(kind, Kind::Unsigned(_) | Kind::Signed(_));
    let shown = format!("`{{{name}:{}}}`", spec_text(spec));
    let mut radix = Radix::Decimal;
    let read = match spec.ty.as_str() {
        "p" => {
            return Err(format!(
                "{shown} writes an address, which cannot be read back into a value; use `{{{name}}}`"
            ));
        }
        "x" | "X" | "o" | "b" | "x?" | "X?" if int => {
            radix = match spec.ty.as_bytes()[0] {
                b'x' => Radix::LowerHex,
                b'X' => Radix::UpperHex,
                b'o' => Radix::Octal,
                _ => Radix::Binary,
            };
            Read::Int
        }
        "x" | "X" | "o" | "b" | "x?" | "X?" => {
            return Err(format!(
                "{shown} on a field of type `{ty}`: only integer fields are decoded from a hexadecimal, octal or binary placeholder"
            ));
        }
        "e" | "E" if kind == Kind::Float => Read::Rendered,
        "e" | "E" => {
            return Err(format!(
                "{shown} on a field of type `{ty}`: the exponent form is only decoded for floats; use `{{{name}}}`"
            ));
        }
        "?" if matches!(kind, Kind::String | Kind::Char) => {
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
            if kind == Kind::String {
                Read::DebugString
            } else {
                Read::DebugChar
            }
        }
        "?" if kind == Kind::Other => {
            return Err(format!(
                "Debug output of `{ty}` has no parser: {shown} cannot be decoded; use `{{{name}}}` (Display + FromStr)"
            ));
        }
        // Their Debug is their Display.
        _ => match kind {
            Kind::Unsigned(_) | Kind::Signed(_) => Read::Int,
            Kind::Bool => Read::Bool,
            Kind::Char => Read::Char,
            Kind::String => Read::String,
            Kind::Float | Kind::Other => Read::Rendered,
        },
    };
    flags(kind, ty, name, &shown, spec)?;
    let width = match spec.width {
        Some(width) if width > MAX_WIDTH && kind != Kind::Float => {
            return Err(format!(
                "{shown} on a field of type `{ty}`: a width over {MAX_WIDTH} is not decoded; use a smaller one"
            ));
        }
        Some(width) => u16::try_from(width).unwrap_or(u16::MAX),
        None => 0,
    };
    Ok(Shape {
        read,
        spec: pattern::Spec {
            fill: spec.fill.unwrap_or(' '),
            align: spec.align.unwrap_or(Align::Default),
            width,
            zero: spec.zero,
            plus: spec.plus,
            alternate: spec.alternate,
            radix,
            debug: matches!(read, Read::DebugString | Read::DebugChar),
        },
    })
}

/// The flags of a spec: an error when what they do to the text cannot be undone.
fn flags(kind: Kind, ty: &str, name: &str, shown: &str, spec: &Spec) -> Result<(), String> {
    let int = matches!(kind, Kind::Unsigned(_) | Kind::Signed(_));
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
            return Ok(());
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
    if spec.width.is_none() || spec.zero || kind == Kind::Char {
        // Integers: the `0` flag pads with zeros after the sign. A char's place is known
        // from the width: any fill.
        return Ok(());
    }
    let fill = spec.fill.unwrap_or(' ');
    // The fill must not be a character the value's text can start or end with.
    let radix = !matches!(spec.ty.as_str(), "" | "?");
    let clash = match kind {
        _ if int && radix => fill.is_ascii_alphanumeric() || fill == '+',
        Kind::Bool => fill.is_alphabetic(),
        Kind::Float => fill.is_alphanumeric() || matches!(fill, '+' | '-' | '.'),
        _ => fill.is_ascii_digit() || matches!(fill, '+' | '-'),
    };
    if clash {
        return Err(format!(
            "{shown} on a field of type `{ty}`: the fill `{fill}` cannot be told apart from the value's own characters; use another fill{}",
            if int { " or the `0` flag" } else { "" }
        ));
    }
    Ok(())
}

/// The spec as the user wrote it (for messages): rebuilt, since the derive keeps it parsed.
fn spec_text(spec: &Spec) -> String {
    let mut out = String::new();
    if let Some(fill) = spec.fill {
        out.push(fill);
    }
    match spec.align {
        Some(Align::Left) => out.push('<'),
        Some(Align::Center) => out.push('^'),
        Some(Align::Right) => out.push('>'),
        Some(Align::Default) | None => {}
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

/// The placeholder as sunor-errors' `pattern.rs` has it (its spec is the shape's own).
pub(crate) fn hole(kind: Kind, shape: &Shape) -> pattern::Hole {
    let kind = match kind {
        Kind::Unsigned(bits) => pattern::Kind::Uint(bits),
        Kind::Signed(bits) => pattern::Kind::Int(bits),
        Kind::Float => pattern::Kind::Float,
        Kind::Bool => pattern::Kind::Bool,
        Kind::Char => pattern::Kind::Char,
        Kind::String => pattern::Kind::String,
        Kind::Other => pattern::Kind::Other,
    };
    pattern::Hole::new(kind, shape.spec)
}

/// Exactly the texts a placeholder of `kind` written as `shape` can have: its pattern in
/// `pattern.rs`, the one the generated code matches with, as a language.
pub(crate) fn language(kind: Kind, shape: &Shape) -> Re {
    let mut out = Language {
        seq: Vec::new(),
        alts: Vec::new(),
        outer: Vec::new(),
        sets: Vec::new(),
    };
    pattern::hole_pattern(&hole(kind, shape), &mut out);
    out.end()
}

/// A pattern's `Re`, built as `pattern.rs` walks it: the group being written (its
/// alternatives so far and the items of the current one), and the groups around it.
struct Language {
    seq: Vec<Re>,
    alts: Vec<Re>,
    /// Each group around: its items and its alternatives so far.
    outer: Vec<(Vec<Re>, Vec<Re>)>,
    /// The sets of the classes met so far: a pattern names a few, many times.
    sets: Vec<(Class, Set)>,
}

impl Language {
    /// One char of `set`, as many times as `rep` says. A lazy star is a star: laziness
    /// picks where a regex splits a text, not which texts it matches.
    fn push(&mut self, set: Set, rep: Rep) {
        let (n, star) = match rep {
            Rep::One => (1, false),
            Rep::Opt => {
                self.seq.push(Re::opt(Re::Set(set)));
                return;
            }
            Rep::Exactly(n) => (n, false),
            Rep::AtLeast(n) => (n, true),
            Rep::Star | Rep::LazyStar => (0, true),
        };
        for _ in 1..n {
            self.seq.push(Re::Set(set.clone()));
        }
        if star {
            if n > 0 {
                self.seq.push(Re::Set(set.clone()));
            }
            self.seq.push(Re::star(Re::Set(set)));
        } else if n > 0 {
            self.seq.push(Re::Set(set));
        }
    }

    /// The group being written, as one `Re`.
    fn end(&mut self) -> Re {
        let seq = Re::Cat(std::mem::take(&mut self.seq));
        if self.alts.is_empty() {
            return seq;
        }
        let mut alts = std::mem::take(&mut self.alts);
        alts.push(seq);
        Re::Alt(alts)
    }

    fn close_group(&mut self, star: bool) {
        let group = self.end();
        if let Some((seq, alts)) = self.outer.pop() {
            self.seq = seq;
            self.alts = alts;
        }
        self.seq.push(if star { Re::star(group) } else { group });
    }
}

impl Sink for Language {
    fn char(&mut self, c: char, rep: Rep) {
        self.push(automaton::single(c), rep);
    }

    fn class(&mut self, class: Class, rep: Rep) {
        for (known, set) in &self.sets {
            if *known == class {
                let set = set.clone();
                self.push(set, rep);
                return;
            }
        }
        let set = match class {
            Class::Any => automaton::any(),
            Class::Unquoted(quote) => automaton::any_but(&[quote, '\\']),
            // Classes of ASCII chars alone: read off `Class::matches`, not written again.
            Class::Digit(_) | Class::NonZero(_) | Class::Escape => {
                let mut set: Set = Vec::new();
                for b in 0..0x80u8 {
                    if class.matches(char::from(b)) {
                        let b = usize::from(b);
                        match set.last_mut() {
                            Some(last) if last.1 + 1 == b => last.1 = b,
                            _ => set.push((b, b)),
                        }
                    }
                }
                set
            }
        };
        self.sets.push((class, set.clone()));
        self.push(set, rep);
    }

    fn open(&mut self, _capture: Option<u16>) {
        let seq = std::mem::take(&mut self.seq);
        let alts = std::mem::take(&mut self.alts);
        self.outer.push((seq, alts));
    }

    fn alt(&mut self) {
        let seq = Re::Cat(std::mem::take(&mut self.seq));
        self.alts.push(seq);
    }

    fn close(&mut self) {
        self.close_group(false);
    }

    fn open_star(&mut self) {
        self.open(None);
    }

    fn close_star(&mut self) {
        self.close_group(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::Type;

    fn p(ty: &str, spec: &str) -> Result<Shape, String> {
        let ty: Type = syn::parse_str(ty).unwrap();
        shape(kind(&ty), &type_text(&ty), "x", &parse_spec(spec).unwrap())
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
            ("u64", Kind::Unsigned(64)),
            ("std::primitive::u8", Kind::Unsigned(8)),
            ("usize", Kind::Unsigned(64)),
            ("i32", Kind::Signed(32)),
            ("isize", Kind::Signed(64)),
            ("u7", Kind::Other),
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
    fn shapes_by_type_and_spec() {
        let read = |ty: &str, spec: &str| p(ty, spec).map(|shape| shape.read);
        assert_eq!(read("u64", ""), Ok(Read::Int));
        assert_eq!(read("u64", "?"), Ok(Read::Int));
        assert_eq!(read("u64", "05"), Ok(Read::Int));
        assert_eq!(read("String", ""), Ok(Read::String));
        assert_eq!(read("String", "?"), Ok(Read::DebugString));
        assert_eq!(read("char", "?"), Ok(Read::DebugChar));
        assert_eq!(read("char", "0>3"), Ok(Read::Char));
        assert_eq!(read("bool", "6"), Ok(Read::Bool));
        assert_eq!(read("f64", "e"), Ok(Read::Rendered));
        assert_eq!(read("Foo", ""), Ok(Read::Rendered));
        let hex = p("i8", "#010X").unwrap().spec;
        assert_eq!(
            (hex.radix, hex.alternate, hex.zero, hex.width),
            (Radix::UpperHex, true, true, 10)
        );
        assert_eq!(p("u64", "").unwrap().spec, pattern::Spec::PLAIN);
        assert!(!p("u64", "?").unwrap().spec.debug);
        assert!(p("u32", "*>65").unwrap_err().contains("a width over 64"));
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

    /// Whether `text` is in the language of `{x:spec}` on a field of type `ty`.
    fn accepts(ty: &str, spec: &str, text: &str) -> bool {
        let ty: Type = syn::parse_str(ty).unwrap();
        let shape = p(&type_text(&ty), spec).unwrap();
        crate::automaton::Nfa::new(&language(kind(&ty), &shape)).matches(text)
    }

    #[test]
    fn languages_are_exactly_what_rust_writes() {
        for n in [0i64, 1, -1, 9, -10, 255, -128, 1234, i64::MIN] {
            for (spec, text) in [
                ("", format!("{n}")),
                ("+", format!("{n:+}")),
                (">5", format!("{n:>5}")),
                ("*^7", format!("{n:*^7}")),
                ("05", format!("{n:05}")),
                ("+06", format!("{n:+06}")),
                ("#x", format!("{n:#x}")),
                ("X", format!("{n:X}")),
                ("#010b", format!("{n:#010b}")),
            ] {
                assert!(accepts("i64", spec, &text), "{spec} {text:?}");
            }
        }
        for (ty, spec, text) in [
            ("u8", "", "+5"),
            ("u8", "", "007"),
            ("u8", "", "-1"),
            ("i8", "", "-0"),
            ("i8", "05", "-0000"),
            ("i8", "05", "0042"),
            ("u8", "#x", "0x1F"),
            ("u8", "#x", "1f"),
            ("u8", ">3", "  1 "),
            ("u8", ">3", " 1"),
            ("bool", "6", " true "),
            ("char", "^3", "ab "),
        ] {
            assert!(!accepts(ty, spec, text), "{ty} {spec} {text:?}");
        }
        for (ty, spec, text) in [
            ("bool", "6", format!("{:6}", true)),
            ("bool", "*>6", format!("{:*>6}", false)),
            ("char", "^3", format!("{:^3}", 'x')),
            ("char", "?", format!("{:?}", '\'')),
            ("String", "?", format!("{:?}", "a\"b\n\u{7f}")),
            ("String", "", String::new()),
            ("f64", "e", format!("{:e}", -1.5e-7)),
            ("f64", ">9", format!("{:>9}", f64::NAN)),
        ] {
            assert!(accepts(ty, spec, &text), "{ty} {spec} {text:?}");
        }
    }
}
