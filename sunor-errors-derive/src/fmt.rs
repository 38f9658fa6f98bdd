//! Message templates: `"Insufficient credits: available {available}, required {required}"`.
//!
//! A template is split into literal text and placeholders (`{field}`, `{0}`, with an optional
//! format spec such as `{x:?}` or `{n:>5}`; `{{` and `}}` are literal braces). The derive then
//! either emits the unescaped text as a `&'static str` (no placeholder: no allocation) or
//! rewrites the template into a `format_args!` string whose placeholders name the bindings
//! of the generated `match` arm.

/// What a placeholder names.
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) enum Arg {
    /// `{field}`: a named field.
    Named(String),
    /// `{0}`: a tuple field.
    Index(usize),
}

impl Arg {
    /// The local the generated code binds the field to, and the rewritten placeholder uses.
    pub(crate) fn binding(&self) -> String {
        match self {
            Arg::Named(name) => format!("__field_{name}"),
            Arg::Index(index) => format!("__field{index}"),
        }
    }
}

/// The formatting trait a placeholder uses, from the last character of its spec (as
/// thiserror reads it): the bound a generic field needs.
#[derive(Clone, Copy)]
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) enum Trait {
    Display,
    Debug,
    LowerHex,
    UpperHex,
    Octal,
    Binary,
    LowerExp,
    UpperExp,
    Pointer,
}

impl Trait {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Trait::Display => "Display",
            Trait::Debug => "Debug",
            Trait::LowerHex => "LowerHex",
            Trait::UpperHex => "UpperHex",
            Trait::Octal => "Octal",
            Trait::Binary => "Binary",
            Trait::LowerExp => "LowerExp",
            Trait::UpperExp => "UpperExp",
            Trait::Pointer => "Pointer",
        }
    }

    fn of_spec(spec: &str) -> Trait {
        match spec.chars().next_back() {
            Some('?') => Trait::Debug,
            Some('x') => Trait::LowerHex,
            Some('X') => Trait::UpperHex,
            Some('o') => Trait::Octal,
            Some('b') => Trait::Binary,
            Some('e') => Trait::LowerExp,
            Some('E') => Trait::UpperExp,
            Some('p') => Trait::Pointer,
            _ => Trait::Display,
        }
    }
}

/// `{arg:spec}`.
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) struct Placeholder {
    pub(crate) arg: Arg,
    /// The format spec after `:`, without it (`""` when there is none).
    pub(crate) spec: String,
    pub(crate) bound: Trait,
}

#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) enum Piece {
    /// Text, unescaped (`{{` already turned into `{`).
    Text(String),
    Hole(Placeholder),
}

/// A parsed message template.
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub(crate) struct Template {
    pub(crate) pieces: Vec<Piece>,
    /// The template as written (the catalogue shows it).
    pub(crate) source: String,
}

impl Template {
    /// Parses a template; the error is a message for the user.
    pub(crate) fn parse(template: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = template;
        while let Some(at) = brace(rest) {
            text.push_str(&rest[..at]);
            let brace = rest.as_bytes()[at];
            rest = &rest[at + 1..];
            if brace == b'}' {
                if let Some(after) = rest.strip_prefix('}') {
                    text.push('}');
                    rest = after;
                    continue;
                }
                return Err("unmatched `}` in `message`; write `}}` for a literal brace".into());
            }
            if let Some(after) = rest.strip_prefix('{') {
                text.push('{');
                rest = after;
                continue;
            }
            let Some(end) = find(rest, b'}') else {
                return Err("unclosed `{` in `message`; write `{{` for a literal brace".into());
            };
            let inner = &rest[..end];
            rest = &rest[end + 1..];
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Hole(placeholder(inner)?));
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template {
            pieces,
            source: template.to_owned(),
        })
    }

    /// The placeholders, in order.
    #[cfg(test)]
    pub(crate) fn placeholders(&self) -> Vec<&Placeholder> {
        let mut out = Vec::new();
        for piece in &self.pieces {
            if let Piece::Hole(hole) = piece {
                out.push(hole);
            }
        }
        out
    }

    /// The message itself when the template has no placeholder (escapes undone).
    pub(crate) fn as_static(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Hole(_) => return None,
            }
        }
        Some(out)
    }

    /// The capacity `format!` reserves for this template before writing it (std's
    /// `Arguments::estimated_capacity`), so that a derived message allocates as `format!` does:
    /// the literal text's length `L` without placeholders; with them `2 * L`, or nothing when
    /// the template starts with a placeholder and `L < 16`.
    pub(crate) fn estimated_capacity(&self) -> usize {
        let mut literal = 0usize;
        let mut placeholders = false;
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => literal = literal.saturating_add(text.len()),
                Piece::Hole(_) => placeholders = true,
            }
        }
        if !placeholders {
            literal
        } else if matches!(self.pieces.first(), Some(Piece::Hole(_))) && literal < 16 {
            0
        } else {
            literal.saturating_mul(2)
        }
    }

    /// The `format_args!` string: text re-escaped, each placeholder renamed to its binding.
    pub(crate) fn rewrite(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => {
                    for c in text.chars() {
                        match c {
                            '{' => out.push_str("{{"),
                            '}' => out.push_str("}}"),
                            c => out.push(c),
                        }
                    }
                }
                Piece::Hole(hole) => {
                    out.push('{');
                    out.push_str(&hole.arg.binding());
                    if !hole.spec.is_empty() {
                        out.push(':');
                        out.push_str(&hole.spec);
                    }
                    out.push('}');
                }
            }
        }
        out
    }
}

/// The offset of the first `{` or `}` in `text`. These searches go byte by byte (the chars
/// sought are ASCII): `str`'s pattern searchers are inlined into this crate, code of their
/// own to compile.
fn brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'{' || bytes[at] == b'}' {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The offset of the first `byte` (ASCII) in `text`.
fn find(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == byte {
            return Some(at);
        }
        at += 1;
    }
    None
}

fn placeholder(inner: &str) -> Result<Placeholder, String> {
    let (arg, spec) = match find(inner, b':') {
        Some(at) => (&inner[..at], &inner[at + 1..]),
        None => (inner, ""),
    };
    let arg = if arg.is_empty() {
        return Err(format!(
            "`{{{inner}}}` names no field; write `{{0}}` for a tuple field or `{{name}}` for a named one"
        ));
    } else if all_digits(arg) {
        match index(arg) {
            Some(index) => Arg::Index(index),
            None => return Err(format!("placeholder `{{{inner}}}`: index too large")),
        }
    } else if is_ident(arg) {
        Arg::Named(arg.strip_prefix("r#").unwrap_or(arg).to_owned())
    } else {
        return Err(format!(
            "invalid placeholder `{{{inner}}}`; expected `{{field}}`, `{{0}}` or one with a format spec like `{{field:?}}`"
        ));
    };
    // After a fill and alignment (where any char may stand, `*` and `$` too).
    let mut chars = spec.chars();
    let flags = match (chars.next(), chars.next()) {
        (Some(fill), Some('<' | '^' | '>')) => &spec[fill.len_utf8() + 1..],
        _ => spec,
    };
    if find(flags, b'$').is_some() || find(flags, b'*').is_some() {
        return Err(format!(
            "placeholder `{{{inner}}}`: width or precision taken from an argument (`$`, `.*`) is not supported; write the number"
        ));
    }
    Ok(Placeholder {
        arg,
        bound: Trait::of_spec(spec),
        spec: spec.to_owned(),
    })
}

fn all_digits(s: &str) -> bool {
    for &b in s.as_bytes() {
        if !b.is_ascii_digit() {
            return false;
        }
    }
    true
}

/// A tuple field's index.
fn index(digits: &str) -> Option<usize> {
    let n = parse_u64(digits)?;
    let Ok(index) = usize::try_from(n) else {
        return None;
    };
    Some(index)
}

/// Decimal digits as a `u64`; `None` if empty, not all digits, or too large. By hand, for
/// integer literals too: `str::parse` is generic code compiled into this crate.
pub(crate) fn parse_u64(digits: &str) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &b in digits.as_bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(value)
}

fn is_ident(s: &str) -> bool {
    let s = s.strip_prefix("r#").unwrap_or(s);
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    if s == "_" {
        return false;
    }
    for c in chars {
        if c != '_' && !c.is_alphanumeric() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hole(arg: Arg, spec: &str, bound: Trait) -> Piece {
        Piece::Hole(Placeholder {
            arg,
            spec: spec.to_owned(),
            bound,
        })
    }

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_owned())
    }

    fn named(s: &str) -> Arg {
        Arg::Named(s.to_owned())
    }

    #[test]
    fn plain_text_is_static() {
        let t = Template::parse("Task not found").unwrap();
        assert_eq!(t.pieces, [text("Task not found")]);
        assert_eq!(t.as_static().as_deref(), Some("Task not found"));
        assert_eq!(t.rewrite(), "Task not found");
        assert_eq!(
            Template::parse("").unwrap().as_static().as_deref(),
            Some("")
        );
    }

    #[test]
    fn escaped_braces_are_static_and_unescaped() {
        let t = Template::parse("use {{id}} and }} here").unwrap();
        assert_eq!(t.as_static().as_deref(), Some("use {id} and } here"));
        // re-escaped for format_args!
        assert_eq!(t.rewrite(), "use {{id}} and }} here");
        assert!(t.placeholders().is_empty());
    }

    #[test]
    fn named_and_positional_placeholders_are_renamed() {
        let t = Template::parse("available {available}, required {required}").unwrap();
        assert_eq!(
            t.pieces,
            [
                text("available "),
                hole(named("available"), "", Trait::Display),
                text(", required "),
                hole(named("required"), "", Trait::Display),
            ]
        );
        assert_eq!(t.as_static(), None);
        assert_eq!(
            t.rewrite(),
            "available {__field_available}, required {__field_required}"
        );
        let t = Template::parse("{0} and {1}").unwrap();
        assert_eq!(t.rewrite(), "{__field0} and {__field1}");
    }

    #[test]
    fn format_specs_are_kept_and_give_the_bound() {
        let t = Template::parse("{x:?}|{n:>5}|{h:#x}|{h:X}|{o:o}|{b:08b}|{e:e}|{e:E}|{p:p}|{d:x?}")
            .unwrap();
        let bounds: Vec<Trait> = t.placeholders().iter().map(|p| p.bound).collect();
        assert_eq!(
            bounds,
            [
                Trait::Debug,
                Trait::Display,
                Trait::LowerHex,
                Trait::UpperHex,
                Trait::Octal,
                Trait::Binary,
                Trait::LowerExp,
                Trait::UpperExp,
                Trait::Pointer,
                Trait::Debug,
            ]
        );
        assert_eq!(
            Template::parse("[{n:>5}] {x:?}").unwrap().rewrite(),
            "[{__field_n:>5}] {__field_x:?}"
        );
        // a fill may be `*` or `$`
        assert_eq!(
            Template::parse("{n:*^9}{n:$<3}").unwrap().rewrite(),
            "{__field_n:*^9}{__field_n:$<3}"
        );
        // a fill character that looks like a trait does not decide it
        assert_eq!(
            Template::parse("{n:?<5}").unwrap().pieces,
            [hole(named("n"), "?<5", Trait::Display)]
        );
    }

    #[test]
    fn capacity_is_what_format_reserves() {
        let capacity = |t: &str| Template::parse(t).unwrap().estimated_capacity();
        // No placeholder: the text's length (escapes undone).
        assert_eq!(capacity("Task not found"), 14);
        assert_eq!(capacity("{{x}}"), 3);
        assert_eq!(capacity(""), 0);
        // Placeholders: twice the literal text; specs add nothing.
        assert_eq!(capacity("Task {0} not found"), 2 * 15);
        assert_eq!(capacity("n={n:>8}"), 4);
        assert_eq!(capacity("{{{0}"), 2);
        // Starting with a placeholder: nothing under 16 literal bytes.
        assert_eq!(capacity("{0}"), 0);
        assert_eq!(capacity("{0}{1}"), 0);
        assert_eq!(capacity("{0} 123456789abcde"), 0);
        assert_eq!(capacity("{0} 123456789abcdef"), 2 * 16);

        // std's rule: a string reserved with our estimate and written grows exactly as
        // `format!`'s does.
        let n = 7;
        let long = "x".repeat(100);
        macro_rules! grows_as_format {
            ($template:literal) => {{
                use std::fmt::Write as _;
                let mut ours = String::with_capacity(capacity($template));
                ours.write_fmt(format_args!($template)).unwrap();
                let theirs = format!($template);
                assert_eq!(ours, theirs);
                assert_eq!(ours.capacity(), theirs.capacity(), $template);
            }};
        }
        grows_as_format!("Task {n} not found");
        grows_as_format!("{n}");
        grows_as_format!("{n}{long}");
        grows_as_format!("{n} 123456789abcde");
        grows_as_format!("{n} 123456789abcdef");
        grows_as_format!("x{long}");
        grows_as_format!("{{{n}}} {long}");
    }

    #[test]
    fn braces_next_to_placeholders() {
        let t = Template::parse("{{{id}}}").unwrap();
        assert_eq!(
            t.pieces,
            [text("{"), hole(named("id"), "", Trait::Display), text("}")]
        );
        assert_eq!(t.rewrite(), "{{{__field_id}}}");
    }

    #[test]
    fn raw_identifiers_name_the_field() {
        let t = Template::parse("{r#type}").unwrap();
        assert_eq!(t.pieces, [hole(named("type"), "", Trait::Display)]);
        assert_eq!(t.rewrite(), "{__field_type}");
    }

    #[test]
    fn unicode_text_and_names() {
        let t = Template::parse("é {größe} ✓").unwrap();
        assert_eq!(t.rewrite(), "é {__field_größe} ✓");
    }

    #[test]
    fn mistakes_are_reported() {
        for (bad, needle) in [
            ("oops }", "unmatched `}`"),
            ("oops {", "unclosed `{`"),
            ("oops {name", "unclosed `{`"),
            ("{}", "names no field"),
            ("{:?}", "names no field"),
            ("{a b}", "invalid placeholder"),
            ("{a-b}", "invalid placeholder"),
            ("{_}", "invalid placeholder"),
            ("{9x}", "invalid placeholder"),
            ("{n:>w$}", "not supported"),
            ("{n:.*}", "not supported"),
            ("{n:*^.*}", "not supported"),
            ("{n:$>w$}", "not supported"),
            ("{99999999999999999999999}", "too large"),
        ] {
            let error = Template::parse(bad).unwrap_err();
            assert!(error.contains(needle), "{bad:?}: {error}");
        }
    }
}
