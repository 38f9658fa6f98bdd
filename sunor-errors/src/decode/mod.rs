//! What the code of `#[derive(FromErrorBody)]` calls at run time: matching a message against
//! a template's literal parts, and reading each placeholder's text back into its field.
//! Not public API (reached through `__private`); the rules are documented on the derive.
//!
//! Nothing here panics or allocates, except the `String` a Debug string literal decodes to;
//! every function is linear in the text it reads.

mod literal;
mod pad;
mod radix;
mod split;

use std::str::FromStr;

pub use literal::{debug_char, debug_string};
pub use pad::{Align, unpad, unpad_char};
pub use radix::{Radix, radix};
pub use split::{Dfa, MAX_STATES, Split, split};

/// The text after a template's leading literal.
#[inline]
pub fn strip_prefix<'t>(text: &'t str, literal: &str) -> Option<&'t str> {
    text.strip_prefix(literal)
}

/// The text before a template's trailing literal.
#[inline]
pub fn strip_suffix<'t>(text: &'t str, literal: &str) -> Option<&'t str> {
    text.strip_suffix(literal)
}

/// The text before the first occurrence of a literal between two placeholders, and the
/// text after it.
#[inline]
pub fn split_first<'t>(text: &'t str, literal: &str) -> Option<(&'t str, &'t str)> {
    text.split_once(literal)
}

/// A field read from a `{field}` placeholder: its `FromStr`, on exactly the placeholder's
/// text (no trimming). A private trait, so that a type without `FromStr` gets a message
/// about placeholders rather than about a generic bound.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded from a message placeholder: it does not implement `FromStr`",
    label = "this field's type has no `FromStr`",
    note = "#[derive(FromErrorBody)] reads a `{{field}}` placeholder back with `FromStr`; implement it, or mark the field `#[error_body(default)]` (filled by `Default`) or the variant `#[error_body(skip_decode)]`"
)]
pub trait DecodeDisplay: Sized {
    /// The value whose `Display` is `text`, as its `FromStr` reads it.
    fn decode_display(text: &str) -> Option<Self>;
}

impl<T: FromStr> DecodeDisplay for T {
    #[inline]
    fn decode_display(text: &str) -> Option<T> {
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_display() {
        assert_eq!(strip_prefix("Task 7", "Task "), Some("7"));
        assert_eq!(strip_prefix("Tusk 7", "Task "), None);
        assert_eq!(strip_suffix("7 left", " left"), Some("7"));
        assert_eq!(split_first("a, b, c", ", "), Some(("a", "b, c")));
        assert_eq!(split_first("a b", ", "), None);
        assert_eq!(u64::decode_display("42"), Some(42));
        assert_eq!(u64::decode_display("+42"), Some(42));
        assert_eq!(u64::decode_display(" 42"), None);
        assert_eq!(u8::decode_display("256"), None);
        assert_eq!(String::decode_display(" any "), Some(" any ".to_owned()));
    }
}
