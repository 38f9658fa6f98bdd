//! `__catalog`: the type's cases as the catalogue lists them, written as a table (one string
//! literal per run of cases, the format of `sunor-errors/src/catalog/table.rs`), and each
//! transparent field's catalogue in its place.
//!
//! A case's entry also tells the decoding side: whether `#[derive(FromErrorBody)]` on the
//! type decodes the case (the decode `plan`, made here into a scratch `Ctxt`: this derive
//! does not report decoding mistakes; and whether the type derives it at all, `__decodes`),
//! the template's placeholders with their fields' types, the items of its pattern and every
//! field with where decoding takes it from: what the catalogue (format 2) writes.
//!
//! Why text: the deriving crate's compiler only stores a string literal, where an
//! expression per case (a descriptor built by `const fn`s, its slices promoted) was code
//! for it to type-check, borrow-check and keep on every incremental rebuild: about a fifth
//! of rustc's instructions on a 50-variant enum (BENCHMARKS.md, "Compile time").
//! `Catalog::of` reads the table when it is asked for, at run time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::{LitStr, Type};

use crate::ctxt::Ctxt;
use crate::delay::Hint;
use crate::fmt::Piece;
use crate::frame::{Paths, append, unraw};
use crate::kind::{Kind as FieldKind, kind, type_text};
use crate::pattern::{Align, Radix, Spec};
use crate::plan::{self, How, Message, Part, Source};
use crate::spec::Shape;
use crate::valid::{Kind, ValidCase};

/// The body of `__catalog`, case by case in declaration order.
pub(crate) struct Catalog {
    /// The type's name, as its cases give it.
    type_name: LitStr,
    /// The statements so far: tables pushed, inner catalogues appended.
    body: TokenStream,
    /// The table of the cases since the last inner catalogue.
    run: String,
    /// Whether a case of `run` is decodable if the type is.
    run_decodes: bool,
    /// Whether any is: `__decodes` is asked, once.
    decodes: bool,
}

/// A number: its digits and `;`. By hand: `write!` is `fmt` machinery, run unoptimized in
/// the user's build for every number of the table.
fn num(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let (mut n, mut at) = (n, digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
    out.push(';');
}

/// A count or a length, as a number.
fn count(out: &mut String, n: usize) {
    num(out, u64::try_from(n).unwrap_or(u64::MAX));
}

/// A string: its length in bytes, then itself.
fn text(out: &mut String, s: &str) {
    count(out, s.len());
    out.push_str(s);
}

fn flag(out: &mut String, on: bool, yes: char, no: char) {
    out.push(if on { yes } else { no });
}

fn field_kind(out: &mut String, kind: FieldKind) {
    match kind {
        FieldKind::Unsigned(bits) => {
            out.push('u');
            num(out, u64::from(bits));
        }
        FieldKind::Signed(bits) => {
            out.push('i');
            num(out, u64::from(bits));
        }
        FieldKind::String => out.push('s'),
        FieldKind::Bool => out.push('b'),
        FieldKind::Char => out.push('c'),
        FieldKind::Float => out.push('f'),
        FieldKind::Other => out.push('o'),
    }
}

fn shape(out: &mut String, shape: &Shape) {
    let spec = &shape.spec;
    if *spec == Spec::PLAIN {
        out.push('.');
        return;
    }
    out.push('x');
    text(out, spec.fill.encode_utf8(&mut [0; 4]));
    out.push(match spec.align {
        Align::Default => 'D',
        Align::Left => 'L',
        Align::Center => 'C',
        Align::Right => 'R',
    });
    num(out, u64::from(spec.width));
    for on in [spec.zero, spec.plus, spec.alternate, spec.debug] {
        flag(out, on, '1', '0');
    }
    out.push(match spec.radix {
        Radix::Decimal => 'd',
        Radix::LowerHex => 'x',
        Radix::UpperHex => 'X',
        Radix::Octal => 'o',
        Radix::Binary => 'b',
    });
}

impl Catalog {
    pub(crate) fn new(type_name: &LitStr) -> Catalog {
        Catalog {
            type_name: type_name.clone(),
            body: TokenStream::new(),
            run: String::new(),
            run_decodes: false,
            decodes: false,
        }
    }

    /// The entry of a case answering with its own code and message.
    pub(crate) fn push(
        &mut self,
        valid: &ValidCase<'_, '_>,
        code: u16,
        message: &str,
        templated: bool,
        hint: Hint,
    ) {
        let case = valid.case;
        let plan = plan::plan(&mut Ctxt::default(), valid);
        let matched = match &plan {
            Some(plan::Plan {
                how: How::Match(m), ..
            }) => Some(m),
            _ => None,
        };
        // `holes[n]` is the field of placeholder `n`.
        let holes: &[usize] = match &valid.kind {
            Kind::Code { placeholders, .. } => placeholders,
            Kind::Transparent(_) => &[],
        };
        let mut types = Vec::with_capacity(case.fields.len());
        for field in &case.fields {
            types.push(type_text(field.ty));
        }
        let out = &mut self.run;
        if case.is_variant {
            out.push('V');
            text(out, &unraw(case.ident));
        } else {
            out.push('S');
        }
        num(out, u64::from(code));
        text(out, message);
        flag(out, templated, 't', 'f');
        flag(out, matched.is_some(), 'd', 'n');
        self.run_decodes |= matched.is_some();
        match hint {
            Hint::None => out.push('N'),
            Hint::Fixed(seconds) => {
                out.push('F');
                num(out, seconds);
            }
            Hint::FromField => out.push('R'),
        }
        match &case.attrs.id {
            Some(crate::attr::Keyed {
                value: Some(id), ..
            }) => {
                out.push('I');
                text(out, &id.value());
            }
            _ => out.push('-'),
        }

        // The template's placeholders, each with its field's type.
        let mut n = 0;
        let mut entries = String::new();
        if let Some((template, _)) = &case.template {
            for piece in &template.pieces {
                let Piece::Hole(placeholder) = piece else {
                    continue;
                };
                text(&mut entries, &plan::arg_name(placeholder));
                text(&mut entries, &types[holes[n]]);
                n += 1;
            }
        }
        count(out, n);
        out.push_str(&entries);

        // The pattern's items: its texts and its holes.
        entries.clear();
        let mut n = 0;
        if let Some(m) = matched
            && let Message::Template(parts) = &m.message
        {
            for part in parts {
                match part {
                    Part::Text(literal) => {
                        entries.push('L');
                        text(&mut entries, literal);
                    }
                    Part::Hole(h) => {
                        let hole = &m.holes[*h];
                        entries.push('H');
                        field_kind(&mut entries, hole.kind);
                        shape(&mut entries, &hole.shape);
                    }
                }
                n += 1;
            }
        }
        count(out, n);
        out.push_str(&entries);

        // Every field, in declaration order (its kind follows from its type).
        count(out, case.fields.len());
        for (index, field) in case.fields.iter().enumerate() {
            match &field.member {
                syn::Member::Named(ident) => text(out, &unraw(ident)),
                syn::Member::Unnamed(index) => text(out, &index.index.to_string()),
            }
            field_kind(out, kind(field.ty));
            text(out, &types[index]);
            let mut shown = 0;
            for &of in holes {
                shown += usize::from(of == index);
            }
            count(out, shown);
            for (n, &of) in holes.iter().enumerate() {
                if of == index {
                    count(out, n + 1);
                }
            }
            out.push(match matched {
                Some(m) => match &m.sources[index] {
                    Source::Hole => 'p',
                    Source::Delay => 'r',
                    Source::Default(_) => 'd',
                },
                None if shown > 0 => 'p',
                None if field.attrs.retry_after.is_some() => 'r',
                None if field.attrs.default.is_some() => 'd',
                None => 'n',
            });
        }
    }

    /// A transparent field's catalogue.
    pub(crate) fn push_inner(&mut self, paths: &Paths, ty: &Type) {
        let private = &paths.private;
        self.end_run(paths);
        append(
            &mut self.body,
            quote!(<#ty as #private::IntoErrorBody>::__catalog(__out);),
        );
    }

    fn end_run(&mut self, paths: &Paths) {
        if self.run.is_empty() {
            return;
        }
        let private = &paths.private;
        let type_name = &self.type_name;
        let table = Literal::string(&std::mem::take(&mut self.run));
        let decodes = if std::mem::take(&mut self.run_decodes) {
            self.decodes = true;
            quote!(__decodes)
        } else {
            quote!(false)
        };
        append(
            &mut self.body,
            quote!(__out.push(#private::Listed::table(#type_name, #decodes, #table));),
        );
    }

    /// The body of `__catalog(__out: &mut Vec<Listed>)`.
    pub(crate) fn finish(mut self, paths: &Paths) -> TokenStream {
        self.end_run(paths);
        if !self.decodes {
            return self.body;
        }
        let private = &paths.private;
        let mut out = quote!(let __decodes = <Self as #private::IntoErrorBody>::__decodes(););
        append(&mut out, self.body);
        out
    }
}

#[cfg(test)]
mod tests {
    fn expand(input: syn::DeriveInput) -> String {
        crate::expand::derive(&input).to_string()
    }

    const P: &str = "__sunor_errors_private ::";

    #[test]
    fn a_case_is_its_code_message_delay_id_placeholders_pattern_and_fields() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 402, message = "available {available}", id = "E.Credits")]
                Credits { available: u64, #[error_body(default)] note: String },
                #[error_body(code = 429)]
                Limited(#[error_body(retry_after)] u64),
            }
        });
        let table = concat!(
            // Credits: templated, decodable, no delay, its id; one placeholder; the
            // pattern's text and hole; `available` from group 1, `note` from its default.
            "V7;Credits402;21;available {available}tdNI9;E.Credits",
            "1;9;available3;u64",
            "2;L10;available Hu64;.",
            "2;9;availableu64;3;u641;1;p4;notes6;String0;d",
            // Limited: the default message, decodable, the delay from field 0.
            "V7;Limited429;20;Rate limit exceeded.fdR-0;0;1;1;0u64;3;u640;r",
        );
        let expected = format!(
            "fn __catalog (__out : & mut {P} Vec < {P} Listed >) {{ \
             let __decodes = < Self as {P} IntoErrorBody > :: __decodes () ; \
             __out . push ({P} Listed :: table (\"E\" , __decodes , \"{table}\")) ; }}"
        );
        assert!(out.contains(&expected), "{expected}\n{out}");
    }

    #[test]
    fn a_transparent_case_lists_its_type_in_place() {
        let out = expand(syn::parse_quote! {
            enum E {
                #[error_body(code = 404)]
                A,
                #[error_body(transparent)]
                Inner(Other),
                #[error_body(code = 500)]
                B { detail: String },
            }
        });
        // `B` does not decode (`detail` comes from nowhere): its run does not ask.
        let expected = format!(
            "fn __catalog (__out : & mut {P} Vec < {P} Listed >) {{ \
             let __decodes = < Self as {P} IntoErrorBody > :: __decodes () ; \
             __out . push ({P} Listed :: table (\"E\" , __decodes , \"V1;A404;9;Not foundfdN-0;0;0;\")) ; \
             < Other as {P} IntoErrorBody > :: __catalog (__out) ; \
             __out . push ({P} Listed :: table (\"E\" , false , \
             \"V1;B500;21;Internal server errorfnN-0;0;1;6;details6;String0;n\")) ; }}"
        );
        assert!(out.contains(&expected), "{expected}\n{out}");
    }

    #[test]
    fn a_struct_and_a_padded_hole() {
        let out = expand(syn::parse_quote! {
            #[error_body(code = 400, message = "at {0:*^5x}")]
            struct S(u8);
        });
        assert!(
            out.contains(
                "\"S400;11;at {0:*^5x}tdN-1;1;02;u82;L3;at Hu8;x1;*C5;0000x1;1;0u8;2;u81;1;p\""
            ),
            "{out}"
        );
    }
}
