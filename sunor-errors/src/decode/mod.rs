//! What the code of `#[derive(FromErrorBody)]` calls at run time: a template's pattern, the
//! split of a message by it, and each placeholder's text read back into its field.
//! Not public API (reached through `__private`); the rules are documented on the derive.
//!
//! - `pattern.rs`: the template as data ([`Item`]s), and the one description of each
//!   placeholder's pattern, written as regex text (the catalogue) or as a program (`vm.rs`).
//! - `vm.rs`: the split the regex takes, by a Pike VM, or by a byte search when the split is
//!   forced.
//! - `read.rs`: the readers, each accepting exactly what its field's spec writes.
//!
//! Nothing here panics, recurses or allocates for a typical template (a `String` field
//! allocates its own text); time is linear in the message for a given template.

mod literal;
mod pattern;
mod read;
mod vm;

use std::str::FromStr;

pub use pattern::{Align, Hole, Item, Kind, Radix, Spec, regex};
pub use read::{
    Int, boolean, character, debug_char, debug_string, int, renders, string, trim_fill,
};
pub use vm::{Pattern, STACK_INSTS, STACK_SLOTS};

/// A field read from a `{field}` placeholder with its `FromStr`, on exactly the
/// placeholder's text (no trimming); the generated code then checks that the value is
/// written back as that text ([`renders`]). A private trait, so that a type without
/// `FromStr` gets a message about placeholders rather than about a generic bound.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded from a message placeholder: it does not implement `FromStr`",
    label = "this field's type has no `FromStr`",
    note = "#[derive(FromErrorBody)] reads a `{{field}}` placeholder back with `FromStr`; implement it, or mark the field `#[error_body(default)]` (filled by `Default`) or the variant `#[error_body(skip_decode)]`"
)]
pub trait DecodeDisplay: Sized {
    /// The value that `FromStr` reads from `text`.
    fn decode_display(text: &str) -> Option<Self>;
}

impl<T: FromStr> DecodeDisplay for T {
    #[inline]
    fn decode_display(text: &str) -> Option<T> {
        text.parse().ok()
    }
}
