//! A template as the derive describes it ([`Item`]s: literal text and placeholders with
//! their kind and format spec), and the one description of each placeholder's *pattern*:
//! exactly the texts the server writes for that kind and spec.
//!
//! [`describe`] walks the items into a [`Sink`]. Two sinks read it: the regex text of the
//! catalogue ([`regex`]) and the program of the matcher (`vm.rs`), so the two cannot drift.
//! Both stay inside the subset of regex syntax that Rust's `regex`, Python's `re` and
//! JavaScript's `RegExp` (flags `su`) read alike: literal chars (only the syntax characters
//! `\^$.|?*+()[]{}` escaped), `.` (any char, under DOTALL), bracket classes of digits,
//! `[^"\\]`-style negations, `{n}` and `{n,}` counts, `?`, greedy `*`, lazy `*?` (strings
//! only), capturing `(...)` (one per placeholder occurrence) and non-capturing `(?:...)`
//! groups, `|`. No lookaround, backreference, named group or possessive form.
//!
//! sunor-errors-derive compiles this very file (a link: it cannot depend on this crate) and
//! reads each placeholder's pattern as a language, to find cases that could match one
//! message. So nothing here names `crate::`.

/// A piece of a template: literal text, or a placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// Literal text, unescaped (`{{` already `{`); never empty.
    Lit(&'static str),
    /// A placeholder.
    Hole(Hole),
}

/// A placeholder: what its field is, and how the template writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hole {
    /// The field's kind.
    pub kind: Kind,
    /// The format spec.
    pub spec: Spec,
}

impl Hole {
    /// A placeholder of this kind and spec.
    pub const fn new(kind: Kind, spec: Spec) -> Hole {
        Hole { kind, spec }
    }
}

/// What the derive knows of a placeholder's field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An unsigned integer of this many bits (`usize`: 64).
    Uint(u8),
    /// A signed integer of this many bits (`isize`: 64).
    Int(u8),
    /// `bool`.
    Bool,
    /// `char`.
    Char,
    /// `String`.
    String,
    /// `f32` or `f64`: read with `FromStr`, checked by writing it again.
    Float,
    /// Any other type: read with `FromStr`, checked by writing it again.
    Other,
}

/// The alignment a spec asks for; `Default` is the type's own (numbers right, text left).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    /// No alignment written.
    Default,
    /// `<`: the padding is on the right.
    Left,
    /// `^`: half on each side, the odd one on the right.
    Center,
    /// `>`: the padding is on the left.
    Right,
}

/// The base an integer is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Radix {
    /// Display (`{n}`, `{n:?}`).
    Decimal,
    /// `{n:x}`.
    LowerHex,
    /// `{n:X}`.
    UpperHex,
    /// `{n:o}`.
    Octal,
    /// `{n:b}`.
    Binary,
}

impl Radix {
    /// The base.
    pub const fn base(self) -> u32 {
        match self {
            Radix::Decimal => 10,
            Radix::LowerHex | Radix::UpperHex => 16,
            Radix::Octal => 8,
            Radix::Binary => 2,
        }
    }

    /// The `#` prefix: `0x`, `0o`, `0b` (none for decimal).
    pub const fn prefix(self) -> &'static str {
        match self {
            Radix::Decimal => "",
            Radix::LowerHex | Radix::UpperHex => "0x",
            Radix::Octal => "0o",
            Radix::Binary => "0b",
        }
    }

    /// The value of digit `b` in this base (and case), if it is one.
    pub const fn digit(self, b: u8) -> Option<u32> {
        let value = match b {
            b'0'..=b'9' => (b - b'0') as u32,
            b'a'..=b'f' if matches!(self, Radix::LowerHex) => (b - b'a') as u32 + 10,
            b'A'..=b'F' if matches!(self, Radix::UpperHex) => (b - b'A') as u32 + 10,
            _ => return None,
        };
        if value < self.base() {
            Some(value)
        } else {
            None
        }
    }
}

/// A format spec, as far as it changes the text: `[[fill]align][+][#][0][width]` and the
/// trait (`?`, `x`, `X`, `o`, `b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    /// The fill (`' '` unless written).
    pub fill: char,
    /// The alignment.
    pub align: Align,
    /// The width; `0` for none.
    pub width: u16,
    /// `0`: sign-aware zero padding (integers).
    pub zero: bool,
    /// `+`: a sign is always written.
    pub plus: bool,
    /// `#`: the `0x`/`0o`/`0b` prefix of a radix.
    pub alternate: bool,
    /// The base of an integer.
    pub radix: Radix,
    /// `?`: Debug (a quoted literal for `String` and `char`; Display for the others).
    pub debug: bool,
}

impl Spec {
    /// `{x}`.
    pub const PLAIN: Spec = Spec {
        fill: ' ',
        align: Align::Default,
        width: 0,
        zero: false,
        plus: false,
        alternate: false,
        radix: Radix::Decimal,
        debug: false,
    };

    /// A spec with every part given.
    #[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)]
    pub const fn new(
        fill: char,
        align: Align,
        width: u16,
        zero: bool,
        plus: bool,
        alternate: bool,
        radix: Radix,
        debug: bool,
    ) -> Spec {
        Spec {
            fill,
            align,
            width,
            zero,
            plus,
            alternate,
            radix,
            debug,
        }
    }

    /// The alignment that applies, `default` when none is written.
    pub const fn align_or(&self, default: Align) -> Align {
        match self.align {
            Align::Default => default,
            align => align,
        }
    }
}

/// Where a repetition applies: to one char or class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rep {
    One,
    /// `?`, greedy.
    Opt,
    /// `{n}`.
    Exactly(u16),
    /// `{n,}`, greedy.
    AtLeast(u16),
    /// `*`.
    Star,
    /// `*?`.
    LazyStar,
}

/// A set of chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `.` under DOTALL.
    Any,
    /// A digit of the radix.
    Digit(Radix),
    /// A digit of the radix but `0`.
    NonZero(Radix),
    /// Any char but this quote and `\`.
    Unquoted(char),
    /// The chars after `\` in a Debug escape but `u`: `0nrt'"\`.
    Escape,
}

impl Class {
    pub(crate) fn matches(self, c: char) -> bool {
        match self {
            Class::Any => true,
            Class::Digit(radix) => c.is_ascii() && radix.digit(c as u8).is_some(),
            Class::NonZero(radix) => c != '0' && c.is_ascii() && radix.digit(c as u8).is_some(),
            Class::Unquoted(quote) => c != quote && c != '\\',
            Class::Escape => matches!(c, '0' | 'n' | 'r' | 't' | '\'' | '"' | '\\'),
        }
    }
}

/// What a pattern is written into.
pub(crate) trait Sink {
    /// One char, repeated as `rep` says.
    fn char(&mut self, c: char, rep: Rep);
    /// One char of `class`, repeated as `rep` says.
    fn class(&mut self, class: Class, rep: Rep);
    /// A group: capture group `Some(k)` (from 0), or non-capturing.
    fn open(&mut self, capture: Option<u16>);
    /// The next alternative of the innermost group.
    fn alt(&mut self);
    fn close(&mut self);
    /// `(?:` ... `)*`: a non-capturing group repeated, greedy.
    fn open_star(&mut self);
    fn close_star(&mut self);
}

/// The pattern of a whole template, without its anchors: literals and one capture group per
/// placeholder, in order.
pub(crate) fn describe(items: &[Item], sink: &mut impl Sink) {
    let mut group = 0;
    for item in items {
        match item {
            Item::Lit(text) => {
                for c in text.chars() {
                    sink.char(c, Rep::One);
                }
            }
            Item::Hole(hole) => {
                sink.open(Some(group));
                hole_pattern(hole, sink);
                sink.close();
                group += 1;
            }
        }
    }
}

/// The pattern of one placeholder: a list of alternatives (`sink.alt()` between them).
pub(crate) fn hole_pattern(hole: &Hole, s: &mut impl Sink) {
    let spec = &hole.spec;
    match hole.kind {
        Kind::Uint(_) | Kind::Int(_) => number(hole, s),
        Kind::Bool => {
            let mut alts = Alts::default();
            for word in ["true", "false"] {
                alts.next(s);
                padded(spec, Align::Left, word.len(), s, |s| s.text(word));
            }
        }
        Kind::Char if spec.debug => quoted('\'', false, s),
        Kind::Char => padded(spec, Align::Left, 1, s, |s| s.class(Class::Any, Rep::One)),
        Kind::String if spec.debug => quoted('"', true, s),
        Kind::String | Kind::Other => s.class(Class::Any, Rep::LazyStar),
        Kind::Float => float(spec, s),
    }
}

/// Separates alternatives: nothing before the first.
#[derive(Default)]
struct Alts {
    started: bool,
}

impl Alts {
    fn next(&mut self, s: &mut impl Sink) {
        if self.started {
            s.alt();
        }
        self.started = true;
    }
}

fn text(text: &str, s: &mut impl Sink) {
    for c in text.chars() {
        s.char(c, Rep::One);
    }
}

/// `fill{left} inner fill{right}` for a value of `len` chars shorter than the width (else
/// `inner` alone), with the padding `Formatter::pad` writes.
fn padded(
    spec: &Spec,
    default: Align,
    len: usize,
    s: &mut impl Sink,
    inner: impl Fn(&mut dyn SinkDyn),
) {
    let width = usize::from(spec.width);
    if len >= width {
        inner(&mut Dyn(s));
        return;
    }
    let (left, right) = padding(spec.align_or(default), width - len);
    if left > 0 {
        s.char(spec.fill, Rep::Exactly(left));
    }
    inner(&mut Dyn(s));
    if right > 0 {
        s.char(spec.fill, Rep::Exactly(right));
    }
}

/// The fill chars before and after a value, for `pad` of them in all.
pub(crate) fn padding(align: Align, pad: usize) -> (u16, u16) {
    let (left, right) = match align {
        Align::Left | Align::Default => (0, pad),
        Align::Right => (pad, 0),
        Align::Center => (pad / 2, pad - pad / 2),
    };
    (sat(left), sat(right))
}

fn sat(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// An object-safe view of a sink, for the closures of `padded`.
pub(crate) trait SinkDyn {
    fn char(&mut self, c: char, rep: Rep);
    fn class(&mut self, class: Class, rep: Rep);
}

struct Dyn<'s, S>(&'s mut S);

impl<S: Sink> SinkDyn for Dyn<'_, S> {
    fn char(&mut self, c: char, rep: Rep) {
        self.0.char(c, rep);
    }
    fn class(&mut self, class: Class, rep: Rep) {
        self.0.class(class, rep);
    }
}

impl dyn SinkDyn + '_ {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            self.char(c, Rep::One);
        }
    }
}

/// The signs an integer placeholder may start with: `""`, `"+"`, `"-"`.
pub(crate) fn signs(hole: &Hole) -> &'static [&'static str] {
    let negative = matches!(hole.kind, Kind::Int(_)) && hole.spec.radix == Radix::Decimal;
    match (negative, hole.spec.plus) {
        (false, false) => &[""],
        (false, true) => &["+"],
        (true, false) => &["", "-"],
        (true, true) => &["+", "-"],
    }
}

/// The `#` prefix that applies.
pub(crate) fn prefix(spec: &Spec) -> &'static str {
    if spec.alternate {
        spec.radix.prefix()
    } else {
        ""
    }
}

/// An integer: for each sign, the prefix, then the digits: no leading zero (`0` alone is
/// zero) and never `-0`; zero padding (`0` flag) or fill padding up to the width.
fn number(hole: &Hole, s: &mut impl Sink) {
    let spec = &hole.spec;
    let radix = spec.radix;
    let prefix = prefix(spec);
    let width = usize::from(spec.width);
    let mut alts = Alts::default();
    let head = |sign: &str, s: &mut dyn SinkDyn| {
        s.text(sign);
        s.text(prefix);
    };
    for sign in signs(hole) {
        let fixed = sign.len() + prefix.len();
        let negative = *sign == "-";
        if spec.zero && width > fixed + 1 {
            // Zero padding: exactly `k` digits (leading zeros allowed, not all zero after
            // `-`), or more without a leading zero.
            let k = width - fixed;
            if negative {
                for zeros in 0..k {
                    alts.next(s);
                    head(sign, &mut Dyn(s));
                    if zeros > 0 {
                        s.char('0', Rep::Exactly(sat(zeros)));
                    }
                    s.class(Class::NonZero(radix), Rep::One);
                    if k - 1 - zeros > 0 {
                        s.class(Class::Digit(radix), Rep::Exactly(sat(k - 1 - zeros)));
                    }
                }
            } else {
                alts.next(s);
                head(sign, &mut Dyn(s));
                s.class(Class::Digit(radix), Rep::Exactly(sat(k)));
            }
            alts.next(s);
            head(sign, &mut Dyn(s));
            s.class(Class::NonZero(radix), Rep::One);
            s.class(Class::Digit(radix), Rep::AtLeast(sat(k)));
            continue;
        }
        // As long as the width or longer: unpadded.
        let min = width.saturating_sub(fixed).max(1);
        if min == 1 {
            if !negative {
                alts.next(s);
                head(sign, &mut Dyn(s));
                s.char('0', Rep::One);
            }
            alts.next(s);
            head(sign, &mut Dyn(s));
            s.class(Class::NonZero(radix), Rep::One);
            s.class(Class::Digit(radix), Rep::Star);
        } else {
            alts.next(s);
            head(sign, &mut Dyn(s));
            s.class(Class::NonZero(radix), Rep::One);
            s.class(Class::Digit(radix), Rep::AtLeast(sat(min - 1)));
        }
    }
    if spec.zero || width == 0 {
        return;
    }
    // Shorter than the width: each length, padded with the fill.
    for len in (1..width).rev() {
        for sign in signs(hole) {
            let fixed = sign.len() + prefix.len();
            if len <= fixed {
                continue;
            }
            let digits = len - fixed;
            let negative = *sign == "-";
            alts.next(s);
            padded(spec, Align::Right, len, s, |s| {
                head(sign, s);
                if digits == 1 && !negative {
                    s.class(Class::Digit(radix), Rep::One);
                } else {
                    s.class(Class::NonZero(radix), Rep::One);
                    if digits > 1 {
                        s.class(Class::Digit(radix), Rep::Exactly(sat(digits - 1)));
                    }
                }
            });
        }
    }
}

/// A float as Rust writes one (Display, Debug, `e`, `E`), or more: `[+-]?(inf|NaN|d+(.d+)?
/// ([eE]-?d+)?)`, with any run of the fill on the padded side(s). Decoding checks the value
/// by writing it again.
fn float(spec: &Spec, s: &mut impl Sink) {
    let width = spec.width > 0;
    let align = spec.align_or(Align::Right);
    if width && matches!(align, Align::Right | Align::Center) {
        s.char(spec.fill, Rep::Star);
    }
    s.open(None);
    s.char('+', Rep::One);
    s.alt();
    s.char('-', Rep::One);
    s.alt();
    s.close();
    s.open(None);
    text("inf", s);
    s.alt();
    text("NaN", s);
    s.alt();
    s.class(Class::Digit(Radix::Decimal), Rep::AtLeast(1));
    s.open(None);
    s.char('.', Rep::One);
    s.class(Class::Digit(Radix::Decimal), Rep::AtLeast(1));
    s.alt();
    s.close();
    s.open(None);
    s.open(None);
    s.char('e', Rep::One);
    s.alt();
    s.char('E', Rep::One);
    s.close();
    s.char('-', Rep::Opt);
    s.class(Class::Digit(Radix::Decimal), Rep::AtLeast(1));
    s.alt();
    s.close();
    s.close();
    if width && matches!(align, Align::Left | Align::Center) {
        s.char(spec.fill, Rep::Star);
    }
}

/// A Debug literal: `q`, then (each char but `q` and `\`, or an escape) once (`char`) or any
/// number of times (`String`), then `q`. Decoding checks the value by writing it again.
fn quoted(quote: char, many: bool, s: &mut impl Sink) {
    s.char(quote, Rep::One);
    if many {
        s.open_star();
    } else {
        s.open(None);
    }
    s.class(Class::Unquoted(quote), Rep::One);
    s.alt();
    s.char('\\', Rep::One);
    s.open(None);
    s.class(Class::Escape, Rep::One);
    s.alt();
    s.char('u', Rep::One);
    s.char('{', Rep::One);
    s.class(Class::Digit(Radix::LowerHex), Rep::AtLeast(1));
    s.char('}', Rep::One);
    s.close();
    if many {
        s.close_star();
    } else {
        s.close();
    }
    s.char(quote, Rep::One);
}

/// Whether a placeholder's text can contain a char whose UTF-8 starts with byte `b`:
/// `false` only for integers and `bool`s, whose texts are made of a few ASCII chars.
pub(crate) const fn may_contain(hole: &Hole, b: u8) -> bool {
    let spec = &hole.spec;
    let fill = spec.width > 0 && !spec.zero && {
        let fill = spec.fill as u32;
        if fill < 0x80 {
            fill == b as u32
        } else {
            b >= 0x80
        }
    };
    if fill {
        return true;
    }
    match hole.kind {
        Kind::Uint(_) | Kind::Int(_) => {
            spec.radix.digit(b).is_some()
                || (b == b'-'
                    && matches!(hole.kind, Kind::Int(_))
                    && matches!(spec.radix, Radix::Decimal))
                || (b == b'+' && spec.plus)
                || (spec.alternate
                    && !matches!(spec.radix, Radix::Decimal)
                    && (b == b'0' || b == spec.radix.prefix().as_bytes()[1]))
        }
        Kind::Bool => matches!(b, b't' | b'r' | b'u' | b'e' | b'f' | b'a' | b'l' | b's'),
        _ => true,
    }
}

/// The regex text of a template: anchored, one capture group per placeholder occurrence.
pub fn regex(items: &[Item]) -> String {
    let mut out = Text {
        out: String::from("^"),
    };
    describe(items, &mut out);
    out.out.push('$');
    out.out
}

struct Text {
    out: String,
}

impl Text {
    fn rep(&mut self, rep: Rep) {
        match rep {
            Rep::One | Rep::Exactly(1) => {}
            Rep::Opt => self.out.push('?'),
            Rep::Exactly(n) => {
                self.out.push('{');
                self.out.push_str(&n.to_string());
                self.out.push('}');
            }
            Rep::AtLeast(1) => self.out.push('+'),
            Rep::AtLeast(n) => {
                self.out.push('{');
                self.out.push_str(&n.to_string());
                self.out.push_str(",}");
            }
            Rep::Star => self.out.push('*'),
            Rep::LazyStar => self.out.push_str("*?"),
        }
    }
}

/// A literal char, escaped where it is a syntax character of the three engines.
fn push_literal(out: &mut String, c: char) {
    if matches!(
        c,
        '\\' | '^' | '$' | '.' | '|' | '?' | '*' | '+' | '(' | ')' | '[' | ']' | '{' | '}'
    ) {
        out.push('\\');
    }
    out.push(c);
}

fn digits(radix: Radix, nonzero: bool) -> &'static str {
    match (radix, nonzero) {
        (Radix::Decimal, false) => "[0-9]",
        (Radix::Decimal, true) => "[1-9]",
        (Radix::LowerHex, false) => "[0-9a-f]",
        (Radix::LowerHex, true) => "[1-9a-f]",
        (Radix::UpperHex, false) => "[0-9A-F]",
        (Radix::UpperHex, true) => "[1-9A-F]",
        (Radix::Octal, false) => "[0-7]",
        (Radix::Octal, true) => "[1-7]",
        (Radix::Binary, false) => "[01]",
        (Radix::Binary, true) => "1",
    }
}

impl Sink for Text {
    fn char(&mut self, c: char, rep: Rep) {
        if let Rep::Exactly(0) = rep {
            return;
        }
        push_literal(&mut self.out, c);
        self.rep(rep);
    }

    fn class(&mut self, class: Class, rep: Rep) {
        if let Rep::Exactly(0) = rep {
            return;
        }
        match class {
            Class::Any => self.out.push('.'),
            Class::Digit(radix) => self.out.push_str(digits(radix, false)),
            Class::NonZero(radix) => self.out.push_str(digits(radix, true)),
            Class::Unquoted(quote) => {
                self.out.push_str("[^");
                self.out.push(quote);
                self.out.push_str("\\\\]");
            }
            Class::Escape => self.out.push_str("[0nrt'\"\\\\]"),
        }
        self.rep(rep);
    }

    fn open(&mut self, capture: Option<u16>) {
        self.out
            .push_str(if capture.is_some() { "(" } else { "(?:" });
    }

    fn alt(&mut self) {
        self.out.push('|');
    }

    fn close(&mut self) {
        self.out.push(')');
    }

    fn open_star(&mut self) {
        self.out.push_str("(?:");
    }

    fn close_star(&mut self) {
        self.out.push_str(")*");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hole(kind: Kind, spec: Spec) -> Item {
        Item::Hole(Hole::new(kind, spec))
    }

    #[test]
    fn regex_texts() {
        let items = [
            Item::Lit("Insufficient credits: available "),
            hole(Kind::Uint(64), Spec::PLAIN),
            Item::Lit(", required "),
            hole(Kind::Uint(64), Spec::PLAIN),
        ];
        assert_eq!(
            regex(&items),
            "^Insufficient credits: available (0|[1-9][0-9]*), required (0|[1-9][0-9]*)$"
        );
        assert_eq!(
            regex(&[
                Item::Lit("range "),
                hole(Kind::Int(64), Spec::PLAIN),
                Item::Lit("-"),
                hole(Kind::Int(64), Spec::PLAIN)
            ]),
            "^range (0|[1-9][0-9]*|-[1-9][0-9]*)-(0|[1-9][0-9]*|-[1-9][0-9]*)$"
        );
        assert_eq!(
            regex(&[hole(Kind::String, Spec::PLAIN), Item::Lit(" (a.b) {x}")]),
            "^(.*?) \\(a\\.b\\) \\{x\\}$"
        );
        let mut hex = Spec::PLAIN;
        hex.alternate = true;
        hex.radix = Radix::UpperHex;
        assert_eq!(
            regex(&[hole(Kind::Uint(8), hex)]),
            "^(0x0|0x[1-9A-F][0-9A-F]*)$"
        );
        let mut padded = Spec::PLAIN;
        padded.width = 3;
        assert_eq!(
            regex(&[hole(Kind::Int(8), padded)]),
            "^([1-9][0-9]{2,}|-[1-9][0-9]+| [1-9][0-9]| -[1-9]| {2}[0-9])$"
        );
        let mut zero = Spec::PLAIN;
        zero.width = 4;
        zero.zero = true;
        assert_eq!(
            regex(&[hole(Kind::Int(8), zero)]),
            "^([0-9]{4}|[1-9][0-9]{4,}|-[1-9][0-9]{2}|-0[1-9][0-9]|-0{2}[1-9]|-[1-9][0-9]{3,})$"
        );
        let mut debug = Spec::PLAIN;
        debug.debug = true;
        assert_eq!(
            regex(&[hole(Kind::String, debug)]),
            "^(\"(?:[^\"\\\\]|\\\\(?:[0nrt'\"\\\\]|u\\{[0-9a-f]+\\}))*\")$"
        );
        let mut bool5 = Spec::PLAIN;
        bool5.width = 5;
        bool5.fill = '*';
        assert_eq!(regex(&[hole(Kind::Bool, bool5)]), "^(true\\*|false)$");
    }
}
