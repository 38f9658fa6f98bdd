//! A message's shape: what a decoder matches, with the placeholders' names taken out.
//!
//! Two messages with one shape are read alike: the same literal text, the same format specs,
//! and the same placeholders shown more than once. Only the names may differ, so renaming
//! `{a}` to `{b}` keeps the shape while changing a literal, a spec or a repetition does not.

use std::collections::BTreeMap;

/// One piece of a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Piece {
    /// Literal text, unescaped (`{{` is `{`).
    Text(String),
    /// A placeholder: which of the message's distinct placeholders (by first occurrence) it
    /// shows, and its format spec as written (`""`, `"?"`, `">5"`).
    Slot { slot: usize, spec: String },
}

/// A message split into its shape and the names of its placeholders, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) shape: Vec<Piece>,
    /// Each placeholder's name, in order.
    pub(crate) names: Vec<String>,
    /// Each placeholder's slot, in order.
    slots: Vec<usize>,
}

/// Reads `message` as the derive writes a catalogue entry: a format string when `templated`,
/// else literal text. Total: a brace that opens no placeholder is text.
pub(crate) fn parse(message: &str, templated: bool) -> Parsed {
    let mut parsed = Parsed {
        shape: Vec::new(),
        names: Vec::new(),
        slots: Vec::new(),
    };
    // The slot of each name seen; an empty name (`{}`) is the next positional argument,
    // always a new slot.
    let mut named = BTreeMap::<&str, usize>::new();
    let mut distinct = 0;
    if !templated {
        push_text(&mut parsed.shape, message);
        return parsed;
    }
    let mut rest = message;
    while let Some(at) = rest.find(['{', '}']) {
        push_text(&mut parsed.shape, &rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            push_text(&mut parsed.shape, &tail[..1]);
            rest = after;
            continue;
        }
        // `{name:spec}`; a lone `}` or an unclosed `{` is text.
        match tail
            .strip_prefix('{')
            .and_then(|inner| inner.split_once('}'))
        {
            Some((inside, after)) if !inside.contains('{') => {
                let (name, spec) = inside.split_once(':').unwrap_or((inside, ""));
                let slot = match named.get(name) {
                    Some(&slot) => slot,
                    None => {
                        if !name.is_empty() {
                            named.insert(name, distinct);
                        }
                        distinct += 1;
                        distinct - 1
                    }
                };
                parsed.names.push(name.to_owned());
                parsed.slots.push(slot);
                parsed.shape.push(Piece::Slot {
                    slot,
                    spec: spec.to_owned(),
                });
                rest = after;
            }
            _ => {
                push_text(&mut parsed.shape, &tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    push_text(&mut parsed.shape, rest);
    parsed
}

fn push_text(shape: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match shape.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => shape.push(Piece::Text(text.to_owned())),
    }
}

/// Whether every name of both messages shows the same placeholder in each: `false` when
/// fields were swapped (`{a} of {b}` to `{b} of {a}`), not renamed.
pub(crate) fn same_slots(old: &Parsed, new: &Parsed) -> bool {
    let mut first = BTreeMap::<&str, usize>::new();
    for (name, &slot) in new.names.iter().zip(&new.slots) {
        first.entry(name).or_insert(slot);
    }
    old.names
        .iter()
        .zip(&old.slots)
        // Positional `{}`s have no name to keep.
        .all(|(name, slot)| name.is_empty() || first.get(name.as_str()).is_none_or(|s| s == slot))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_owned())
    }

    fn slot(slot: usize, spec: &str) -> Piece {
        Piece::Slot {
            slot,
            spec: spec.to_owned(),
        }
    }

    #[test]
    fn shapes() {
        let parsed = parse("Credits: {available}, {required:>5} of {available}", true);
        assert_eq!(
            parsed.shape,
            [
                text("Credits: "),
                slot(0, ""),
                text(", "),
                slot(1, ">5"),
                text(" of "),
                slot(0, "")
            ]
        );
        assert_eq!(parsed.names, ["available", "required", "available"]);
        // Escapes are text; a renamed field keeps the shape.
        assert_eq!(
            parse("{{{0:?}}} {x}", true).shape,
            parse("{{{a:?}}} {y}", true).shape
        );
        assert_eq!(parse("{{{0:?}}}", true).shape[0], text("{"));
        // Each `{}` is its own argument.
        assert_eq!(parse("{}{}", true).shape, [slot(0, ""), slot(1, "")]);
        // Not templated: all text.
        assert_eq!(parse("Use {x}", false).shape, [text("Use {x}")]);
        // Malformed braces are text, never a panic.
        for odd in ["{", "}", "a{b", "{a{b}", "}{", "{{{", "é{", "{é"] {
            let parsed = parse(odd, true);
            let rebuilt: String = parsed
                .shape
                .iter()
                .map(|piece| match piece {
                    Piece::Text(t) => t.clone(),
                    Piece::Slot { .. } => "#".to_owned(),
                })
                .collect();
            assert!(!rebuilt.is_empty(), "{odd}");
        }
        assert_eq!(parse("a{b", true).shape, [text("a{b")]);
        assert_eq!(parse("{a{b}", true).shape, [text("{a"), slot(0, "")]);
    }

    #[test]
    fn swaps_are_not_renames() {
        let old = parse("{a} of {b}", true);
        assert!(same_slots(&old, &parse("{x} of {b}", true)));
        assert!(same_slots(&old, &parse("{b2} of {a2}", true)));
        assert!(!same_slots(&old, &parse("{b} of {a}", true)));
        let positional = parse("{} of {}", true);
        assert!(same_slots(&positional, &positional));
        // `b` shows the third placeholder now.
        assert!(!same_slots(&old, &parse("{a} of {c}, {b}", true)));
    }
}
