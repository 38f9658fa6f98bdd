//! What the derive can tell of a field's type from the source: the types whose text it
//! reads back itself (integers, floats, `bool`, `char`, `String`), and the type as written,
//! for the catalogue.

use quote::ToTokens as _;
use syn::Type;

/// What the derive knows of a field's type: the types whose text it can read back itself.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
pub(crate) enum Kind {
    /// An unsigned integer of this many bits (`usize`: 64).
    Unsigned(u8),
    /// A signed integer of this many bits (`isize`: 64).
    Signed(u8),
    Float,
    Bool,
    Char,
    String,
    /// A type of the user's, a generic parameter, a reference, ...: only `FromStr`.
    Other,
}

/// The integer types and their bits.
const INTS: &[(&str, u8)] = &[
    ("8", 8),
    ("16", 16),
    ("32", 32),
    ("64", 64),
    ("128", 128),
    ("size", 64),
];

/// The kind of a type written as a primitive's name (`u64`, `std::primitive::u64`) or
/// `String` (`std::string::String`).
pub(crate) fn kind(ty: &Type) -> Kind {
    let Type::Path(path) = ty else {
        return Kind::Other;
    };
    let segments = &path.path.segments;
    let Some(last) = segments.last() else {
        return Kind::Other;
    };
    if path.qself.is_some() || !last.arguments.is_none() {
        return Kind::Other;
    }
    if let Some(first) = segments.first()
        && segments.len() > 1
        && !(first.ident == "std" || first.ident == "core" || first.ident == "alloc")
    {
        return Kind::Other;
    }
    let name = last.ident.to_string();
    match name.as_str() {
        "f32" | "f64" => Kind::Float,
        "bool" => Kind::Bool,
        "char" => Kind::Char,
        "String" => Kind::String,
        _ => {
            for &(suffix, bits) in INTS {
                if name.len() == suffix.len() + 1 && name.ends_with(suffix) {
                    if name.starts_with('u') {
                        return Kind::Unsigned(bits);
                    }
                    if name.starts_with('i') {
                        return Kind::Signed(bits);
                    }
                }
            }
            Kind::Other
        }
    }
}

/// A field type as written, for the catalogue: tokens joined with no space except between
/// two words (`Option<u64>`, `&'static str`).
pub(crate) fn type_text(ty: &Type) -> String {
    let mut out = String::new();
    write_tokens(&mut out, ty.to_token_stream(), &mut false);
    out
}

fn write_tokens(out: &mut String, tokens: proc_macro2::TokenStream, word: &mut bool) {
    use proc_macro2::{Delimiter, TokenTree};
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                *word = false;
                write_tokens(out, group.stream(), word);
                out.push_str(close);
                *word = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if *word {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                *word = true;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                *word = false;
            }
        }
    }
}
