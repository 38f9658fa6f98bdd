//! Exact decoding over generated templates: literals that a value can also contain (`-`,
//! digits, spaces, the other placeholders' texts), holes of every kind beside each other,
//! padded and hex specs. For every message a template renders:
//!
//! - the split of the core matcher (`__private::Pattern`, what the derive runs) reads into
//!   values that render the same message;
//! - when the message has exactly one split (counted by brute force over the item sequence),
//!   those values are the ones rendered;
//! - the fast path and the Pike VM agree, and so does Rust's `regex` crate run on the
//!   catalogue's pattern text (`Pattern::regex`), on the message and on near misses of it.

use std::fmt::{Binary, Debug, Display, LowerHex, UpperHex};

use proptest::prelude::*;
use regex::RegexBuilder;
use sunor_errors::__private::{
    Align, Hole, Item, Kind, Pattern, Radix, Spec, boolean, character, debug_char, debug_string,
    int,
};

/// The specs generated, as written in a template.
const SPECS: &[&str] = &[
    "", "?", "+", ">5", "<4", "^6", "05", "#x", "x", "X", "#b", "*>7",
];

/// The kinds generated.
#[derive(Clone, Copy, Debug, PartialEq)]
enum K {
    U8,
    U32,
    U64,
    I8,
    I64,
    Bool,
    Char,
    Str,
}

/// A value of one of the kinds.
#[derive(Clone, Debug, PartialEq)]
enum V {
    U8(u8),
    U32(u32),
    U64(u64),
    I8(i8),
    I64(i64),
    Bool(bool),
    Char(char),
    Str(String),
}

impl K {
    fn core(self) -> Kind {
        match self {
            K::U8 => Kind::Uint(8),
            K::U32 => Kind::Uint(32),
            K::U64 => Kind::Uint(64),
            K::I8 => Kind::Int(8),
            K::I64 => Kind::Int(64),
            K::Bool => Kind::Bool,
            K::Char => Kind::Char,
            K::Str => Kind::String,
        }
    }

    /// The specs the derive accepts on this kind.
    fn accepts(self, spec: &str) -> bool {
        match self {
            K::U8 | K::U32 | K::U64 | K::I8 | K::I64 => true,
            K::Bool | K::Char => matches!(spec, "" | "?" | ">5" | "<4" | "^6" | "*>7"),
            K::Str => matches!(spec, "" | "?"),
        }
    }
}

/// The core's description of a spec (what the derive emits for it).
fn spec(text: &str) -> Spec {
    let mut spec = Spec::PLAIN;
    match text {
        "" => {}
        "?" => spec.debug = true,
        "+" => spec.plus = true,
        ">5" => (spec.align, spec.width) = (Align::Right, 5),
        "<4" => (spec.align, spec.width) = (Align::Left, 4),
        "^6" => (spec.align, spec.width) = (Align::Center, 6),
        "05" => (spec.zero, spec.width) = (true, 5),
        "#x" => (spec.alternate, spec.radix) = (true, Radix::LowerHex),
        "x" => spec.radix = Radix::LowerHex,
        "X" => spec.radix = Radix::UpperHex,
        "#b" => (spec.alternate, spec.radix) = (true, Radix::Binary),
        "*>7" => (spec.fill, spec.align, spec.width) = ('*', Align::Right, 7),
        other => panic!("{other}"),
    }
    spec
}

/// What the core emits for `{x:?}` on anything but a string or char: Display.
fn core_spec(kind: K, text: &str) -> Spec {
    let mut spec = spec(text);
    if !matches!(kind, K::Str | K::Char) {
        spec.debug = false;
    }
    spec
}

fn int_text<T: Display + Debug + LowerHex + UpperHex + Binary>(v: T, spec: &str) -> String {
    match spec {
        "" => format!("{v}"),
        "?" => format!("{v:?}"),
        "+" => format!("{v:+}"),
        ">5" => format!("{v:>5}"),
        "<4" => format!("{v:<4}"),
        "^6" => format!("{v:^6}"),
        "05" => format!("{v:05}"),
        "#x" => format!("{v:#x}"),
        "x" => format!("{v:x}"),
        "X" => format!("{v:X}"),
        "#b" => format!("{v:#b}"),
        "*>7" => format!("{v:*>7}"),
        other => panic!("{other}"),
    }
}

fn text_text<T: Display + Debug>(v: T, spec: &str) -> String {
    match spec {
        "" => format!("{v}"),
        "?" => format!("{v:?}"),
        ">5" => format!("{v:>5}"),
        "<4" => format!("{v:<4}"),
        "^6" => format!("{v:^6}"),
        "*>7" => format!("{v:*>7}"),
        other => panic!("{other}"),
    }
}

/// The value written as the template writes it: Rust's own formatting.
fn render(value: &V, spec: &str) -> String {
    match value {
        V::U8(v) => int_text(*v, spec),
        V::U32(v) => int_text(*v, spec),
        V::U64(v) => int_text(*v, spec),
        V::I8(v) => int_text(*v, spec),
        V::I64(v) => int_text(*v, spec),
        V::Bool(v) => text_text(*v, spec),
        V::Char(v) => text_text(*v, spec),
        V::Str(v) => text_text(v, spec),
    }
}

/// A placeholder's text read back as the generated code reads it.
fn read(kind: K, spec_text: &str, text: &str) -> Option<V> {
    let spec = core_spec(kind, spec_text);
    Some(match kind {
        K::U8 => V::U8(int(text, &spec)?),
        K::U32 => V::U32(int(text, &spec)?),
        K::U64 => V::U64(int(text, &spec)?),
        K::I8 => V::I8(int(text, &spec)?),
        K::I64 => V::I64(int(text, &spec)?),
        K::Bool => V::Bool(boolean(text, &spec)?),
        K::Char if spec.debug => V::Char(debug_char(text)?),
        K::Char => V::Char(character(text, &spec)?),
        K::Str if spec.debug => V::Str(debug_string(text)?),
        K::Str => V::Str(text.to_owned()),
    })
}

/// Whether `text` is in the placeholder's pattern (which does not know the bits: an integer
/// is read at 128 bits).
fn in_pattern(kind: K, spec_text: &str, text: &str) -> bool {
    let spec = core_spec(kind, spec_text);
    match kind {
        K::U8 | K::U32 | K::U64 => int::<u128>(text, &spec).is_some(),
        K::I8 | K::I64 => int::<i128>(text, &spec).is_some(),
        _ => read(kind, spec_text, text).is_some(),
    }
}

#[derive(Clone, Debug)]
enum Piece {
    Lit(String),
    Hole(K, &'static str),
}

/// The splits of `message` by `pieces` (at most `limit`), by trying every end of every
/// placeholder's text.
fn splits<'m>(
    pieces: &[Piece],
    message: &'m str,
    limit: usize,
    found: &mut Vec<Vec<&'m str>>,
    so_far: &mut Vec<&'m str>,
) {
    if found.len() >= limit {
        return;
    }
    let Some((first, rest)) = pieces.split_first() else {
        if message.is_empty() {
            found.push(so_far.clone());
        }
        return;
    };
    match first {
        Piece::Lit(lit) => {
            if let Some(after) = message.strip_prefix(lit.as_str()) {
                splits(rest, after, limit, found, so_far);
            }
        }
        Piece::Hole(kind, spec) => {
            for end in (0..=message.len()).filter(|&i| message.is_char_boundary(i)) {
                let text = &message[..end];
                if in_pattern(*kind, spec, text) {
                    so_far.push(text);
                    splits(rest, &message[end..], limit, found, so_far);
                    so_far.pop();
                }
            }
        }
    }
}

fn leak_items(pieces: &[Piece]) -> &'static [Item] {
    let items: Vec<Item> = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Lit(text) => Item::Lit(Box::leak(text.clone().into_boxed_str())),
            Piece::Hole(kind, spec) => Item::Hole(Hole::new(kind.core(), core_spec(*kind, spec))),
        })
        .collect();
    Box::leak(items.into_boxed_slice())
}

/// Literals drawn to collide with the values: signs, digits, blanks, the fill, `0x`, words.
fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("-".to_owned()),
        Just("--".to_owned()),
        Just("0".to_owned()),
        Just("1".to_owned()),
        Just(" ".to_owned()),
        Just(", ".to_owned()),
        Just("*".to_owned()),
        Just("0x".to_owned()),
        Just("true".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just(" holds lock ".to_owned()),
        "[-0-9 a-f*x'\"]{1,3}",
    ]
}

fn kind() -> impl Strategy<Value = K> {
    prop_oneof![
        Just(K::U8),
        Just(K::U32),
        Just(K::U64),
        Just(K::I8),
        Just(K::I64),
        Just(K::Bool),
        Just(K::Char),
        Just(K::Str),
    ]
}

fn hole() -> impl Strategy<Value = (K, &'static str)> {
    (kind(), prop::sample::select(SPECS))
        .prop_filter("a spec the derive accepts", |(k, s)| k.accepts(s))
}

/// A template: 1 to 3 placeholders, an optional literal before, between and after each.
fn template() -> impl Strategy<Value = Vec<Piece>> {
    (
        prop::option::of(literal()),
        prop::collection::vec((hole(), prop::option::of(literal())), 1..=3),
    )
        .prop_map(|(head, holes)| {
            let mut pieces = Vec::new();
            if let Some(head) = head {
                pieces.push(Piece::Lit(head));
            }
            for ((kind, spec), after) in holes {
                pieces.push(Piece::Hole(kind, spec));
                if let Some(after) = after {
                    pieces.push(Piece::Lit(after));
                }
            }
            pieces
        })
}

/// A value of `kind`: small and extreme numbers, strings made of the literals' chars.
fn value(kind: K) -> BoxedStrategy<V> {
    match kind {
        K::U8 => prop_oneof![0u8..12, any::<u8>()].prop_map(V::U8).boxed(),
        K::U32 => prop_oneof![0u32..12, any::<u32>()].prop_map(V::U32).boxed(),
        K::U64 => prop_oneof![0u64..12, any::<u64>()].prop_map(V::U64).boxed(),
        K::I8 => prop_oneof![-12i8..12, any::<i8>()].prop_map(V::I8).boxed(),
        K::I64 => prop_oneof![-12i64..12, any::<i64>()]
            .prop_map(V::I64)
            .boxed(),
        K::Bool => any::<bool>().prop_map(V::Bool).boxed(),
        K::Char => prop::sample::select(vec![
            '-', '0', '7', ' ', '*', 'x', '\'', '"', 'é', '\\', '\n',
        ])
        .prop_map(V::Char)
        .boxed(),
        K::Str => prop_oneof![
            Just(String::new()),
            "[-0-9 a-fx*'\"\\\\é]{0,6}",
            "(holds lock |true|-|0x| ){1,3}",
        ]
        .prop_map(V::Str)
        .boxed(),
    }
}

/// A template and values for its placeholders.
fn case() -> impl Strategy<Value = (Vec<Piece>, Vec<V>)> {
    template().prop_flat_map(|pieces| {
        let values: Vec<BoxedStrategy<V>> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Hole(kind, _) => Some(value(*kind)),
                Piece::Lit(_) => None,
            })
            .collect();
        (Just(pieces), values)
    })
}

fn holes(pieces: &[Piece]) -> Vec<(K, &'static str)> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Hole(kind, spec) => Some((*kind, *spec)),
            Piece::Lit(_) => None,
        })
        .collect()
}

fn message(pieces: &[Piece], values: &[V]) -> String {
    let mut out = String::new();
    let mut values = values.iter();
    for piece in pieces {
        match piece {
            Piece::Lit(text) => out.push_str(text),
            Piece::Hole(_, spec) => out.push_str(&render(values.next().unwrap(), spec)),
        }
    }
    out
}

/// Each placeholder's text read back; `None` if one does not read.
fn read_all(holes: &[(K, &'static str)], texts: &[&str]) -> Option<Vec<V>> {
    holes
        .iter()
        .zip(texts)
        .map(|((kind, spec), text)| read(*kind, spec, text))
        .collect()
}

/// The Pike VM's split and what it reads as; checks that the `regex` crate on the
/// catalogue's pattern finds the same split, and that the fast path (which leaves checking
/// each text to its reader) reads the same values.
fn decode(
    pattern: &Pattern,
    holes: &[(K, &'static str)],
    message: &str,
) -> (Option<Vec<String>>, Option<Vec<V>>) {
    let n = pattern.holes();
    let mut vm = vec![""; n];
    let vm = pattern.split_vm(message, &mut vm).then_some(vm);
    let regex = RegexBuilder::new(&pattern.regex())
        .dot_matches_new_line(true)
        .build()
        .unwrap();
    let by_regex = regex.captures(message).map(|captures| {
        (1..=n)
            .map(|group| captures.get(group).unwrap().as_str())
            .collect::<Vec<_>>()
    });
    assert_eq!(
        vm,
        by_regex,
        "the regex crate on {} and {message:?}",
        pattern.regex()
    );
    let decoded = vm.as_ref().and_then(|texts| read_all(holes, texts));
    let mut fast = vec![""; n];
    let fast = pattern.split(message, &mut fast).then_some(fast);
    assert_eq!(
        fast.and_then(|texts| read_all(holes, &texts)),
        decoded,
        "the fast path on {message:?}"
    );
    (
        vm.map(|texts| texts.into_iter().map(str::to_owned).collect()),
        decoded,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_message_decodes_to_values_that_render_it((pieces, values) in case()) {
        let items = leak_items(&pieces);
        let pattern = Pattern::new(items);
        let holes = holes(&pieces);
        let message = message(&pieces, &values);
        let (texts, decoded) = decode(&pattern, &holes, &message);
        prop_assert!(texts.is_some(), "{:?} does not match {}", message, pattern.regex());
        if let Some(decoded) = &decoded {
            prop_assert_eq!(&self::message(&pieces, decoded), &message);
        }
        let mut found = Vec::new();
        splits(&pieces, &message, 2, &mut found, &mut Vec::new());
        prop_assert!(!found.is_empty(), "the rendered split is a split");
        if found.len() == 1 {
            prop_assert_eq!(decoded.as_ref(), Some(&values), "{:?} split as {:?}", message, texts);
        }
    }

    #[test]
    fn near_misses_agree_with_the_regex_crate(
        (pieces, values) in case(),
        at in any::<prop::sample::Index>(),
        edit in prop_oneof![Just("+"), Just("0"), Just(""), Just("F"), Just(" "), Just("-"), Just("x")],
        delete in any::<bool>(),
    ) {
        let pattern = Pattern::new(leak_items(&pieces));
        let holes = holes(&pieces);
        let message = message(&pieces, &values);
        let bounds: Vec<usize> = (0..=message.len()).filter(|&i| message.is_char_boundary(i)).collect();
        let i = bounds[at.index(bounds.len())];
        let mut near = message[..i].to_owned();
        near.push_str(edit);
        let rest = &message[i..];
        let skip = if delete { rest.chars().next().map_or(0, char::len_utf8) } else { 0 };
        near.push_str(&rest[skip..]);
        // Whatever it is, what decodes renders it.
        if let (_, Some(decoded)) = decode(&pattern, &holes, &near) {
            prop_assert_eq!(self::message(&pieces, &decoded), near);
        }
    }
}

#[test]
fn near_misses_of_single_placeholders_are_no_match() {
    for (kind, spec, text) in [
        (K::U8, "", "+5"),
        (K::U8, "", "007"),
        (K::U8, "", "256"),
        (K::U8, "#x", "0x1F"),
        (K::I8, "", "-0"),
        (K::I64, "05", "-0000"),
        (K::U32, ">5", "  42"),
        (K::Bool, "^6", "true  "),
        (K::Char, "*>7", "******"),
        (K::Str, "?", "\"\\u{41}\""),
    ] {
        assert_eq!(read(kind, spec, text), None, "{kind:?} {spec:?} {text:?}");
    }
}
