//! Placeholders with a width (`{n:>5}`, `{b:*^9}`, `{c:3}`): the fill taken off again.
//!
//! `Formatter` pads a value shorter than the width with the fill character, counted in
//! chars: on the right (`<`), on the left (`>`), or both (`^`, the odd one on the right).
//! The derive only allows a fill that cannot be the first or last character of the value's
//! own text (a space before a number, never a digit), so taking off every fill character on
//! the padded side gives back exactly the value's text.

/// The alignment of a padded placeholder (the default depends on the type: numbers `>`,
/// text `<`; the derive passes the one that applies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `<`: the padding is on the right.
    Left,
    /// `^`: half on each side, the odd one on the right.
    Center,
    /// `>`: the padding is on the left.
    Right,
}

/// The value's text inside `text`, written with this fill, alignment and width.
pub fn unpad(text: &str, fill: char, align: Align, width: usize) -> Option<&str> {
    let chars = text.chars().count();
    if chars > width {
        // Longer than the width: written without padding.
        return Some(text);
    }
    if chars < width {
        return None;
    }
    let inner = match align {
        Align::Left => text.trim_end_matches(fill),
        Align::Right => text.trim_start_matches(fill),
        Align::Center => {
            let start = text.trim_start_matches(fill);
            let inner = start.trim_end_matches(fill);
            let left = chars - start.chars().count();
            let right = start.chars().count() - inner.chars().count();
            if left != (left + right) / 2 {
                return None;
            }
            inner
        }
    };
    // No padded type writes an empty value.
    (!inner.is_empty()).then_some(inner)
}

/// The char written with this fill, alignment and width (`{c:>3}`): its place is known from
/// the width alone, so any fill works, even the char itself.
pub fn unpad_char(text: &str, fill: char, align: Align, width: usize) -> Option<char> {
    let chars = text.chars().count();
    if chars != width.max(1) {
        return None;
    }
    let pad = chars - 1;
    let at = match align {
        Align::Left => 0,
        Align::Center => pad / 2,
        Align::Right => pad,
    };
    let mut value = None;
    for (i, c) in text.chars().enumerate() {
        if i == at {
            value = Some(c);
        } else if c != fill {
            return None;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for n in [0i64, 7, -7, 12_345, -12_345, i64::MIN] {
            let text = format!("{n:>5}");
            assert_eq!(unpad(&text, ' ', Align::Right, 5), Some(&*n.to_string()));
            let text = format!("{n:*<6}");
            assert_eq!(unpad(&text, '*', Align::Left, 6), Some(&*n.to_string()));
            for width in 0..12 {
                let text = format!("{n:_^width$}");
                assert_eq!(
                    unpad(&text, '_', Align::Center, width),
                    Some(&*n.to_string()),
                    "{text}"
                );
            }
        }
        assert_eq!(unpad("true ", ' ', Align::Left, 5), Some("true"));
    }

    #[test]
    fn wrong_padding_is_no_match() {
        assert_eq!(unpad("   7", ' ', Align::Right, 5), None);
        assert_eq!(unpad("     ", ' ', Align::Right, 5), None);
        // Not padded on the left: the value's parser sees (and refuses) the trailing blanks.
        assert_eq!(unpad("7    ", ' ', Align::Right, 5), Some("7    "));
        assert_eq!(unpad(" 7   ", ' ', Align::Center, 5), None);
        assert_eq!(unpad("  7  ", ' ', Align::Center, 5), Some("7"));
        assert_eq!(unpad(" 12 ", ' ', Align::Center, 4), Some("12"));
        assert_eq!(unpad("  12", ' ', Align::Center, 4), None);
    }

    #[test]
    fn chars_round_trip_with_any_fill() {
        for width in 0..6 {
            assert_eq!(
                unpad_char(&format!("{:<width$}", 'x'), ' ', Align::Left, width),
                Some('x')
            );
            assert_eq!(
                unpad_char(&format!("{:*>width$}", '*'), '*', Align::Right, width),
                Some('*')
            );
            assert_eq!(
                unpad_char(&format!("{:-^width$}", 'é'), '-', Align::Center, width),
                Some('é')
            );
        }
        assert_eq!(unpad_char("x  ", ' ', Align::Left, 2), None);
        assert_eq!(unpad_char("xy ", ' ', Align::Left, 3), None);
        assert_eq!(unpad_char("", ' ', Align::Left, 0), None);
    }
}
