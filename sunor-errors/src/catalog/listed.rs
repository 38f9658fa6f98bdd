//! How [`Catalog::of`] reads what a type lists (`IntoErrorBody::__catalog`): the derive's
//! tables ([`table`](super::table)) and descriptors listed by hand, each case made into a
//! [`Case`] by one rule.

use super::json::{Case, Catalog, Field, FieldKind, FieldSource, Placeholder};
use super::table::{self, TableCase};
use crate::decode::{Item, Kind, Spec, regex};
use crate::descriptor::{ErrorDescriptor, FieldFrom, Listed, RetryAfterHint};
use crate::{ErrorCode, IntoErrorBody};

impl Catalog {
    /// `T`'s catalogue, named after `T` without its module path: the cases
    /// `#[derive(IntoErrorBody)]` lists (a type that implements [`IntoErrorBody`] by hand
    /// has none). A [`Box`], a reference, an [`Arc`](std::sync::Arc) or an
    /// [`Rc`](std::rc::Rc) has the catalogue of the type it points to, name included.
    pub fn of<T: IntoErrorBody>() -> Catalog {
        let mut listed = Vec::new();
        T::__catalog(&mut listed);
        let mut cases = Vec::new();
        for run in &listed {
            match run {
                Listed::Descriptors(descriptors) => {
                    cases.extend(descriptors.iter().map(Case::from))
                }
                Listed::Table {
                    type_name,
                    decodes,
                    table,
                } => match table::read(table) {
                    Ok(table) => cases.extend(
                        table
                            .into_iter()
                            .map(|case| from_table(type_name, *decodes, case)),
                    ),
                    // The derive is pinned to this crate's version: a table it wrote that
                    // this crate cannot read is a bug, not input.
                    Err(at) => panic!(
                        "sunor-errors: the catalogue table of `{type_name}` does not read at byte {at}: \
                         sunor-errors and sunor-errors-derive are not the same version"
                    ),
                },
            }
        }
        Catalog {
            type_name: short_type_name(T::__type_name()),
            decodable: T::__decodes(),
            cases,
        }
    }
}

/// A case as both lists give it.
struct Parts<'a> {
    type_name: &'a str,
    variant: Option<&'a str>,
    code: ErrorCode,
    message: &'static str,
    templated: bool,
    retry_after: RetryAfterHint,
    decodable: bool,
    id: Option<&'a str>,
    placeholders: Vec<Placeholder>,
    /// The items of the template's pattern: empty when not given.
    items: &'a [Item],
    fields: Vec<Field>,
}

impl Parts<'_> {
    fn into_case(self) -> Case {
        let fixed = [Item::Lit(self.message)];
        let items: &[Item] = match (self.items, self.templated) {
            (items, _) if !items.is_empty() => items,
            (_, false) if !self.message.is_empty() => &fixed,
            (_, false) => &[],
            (_, true) => &[],
        };
        let pattern = (!items.is_empty() || !self.templated).then(|| regex(items));
        // Plain placeholders of neutral kinds: what a pattern and `int()` / `== "true"`
        // read in any language.
        let plain = items.iter().all(|item| match item {
            Item::Lit(_) => true,
            Item::Hole(hole) => {
                hole.spec == Spec::PLAIN
                    && matches!(
                        hole.kind,
                        Kind::Uint(_) | Kind::Int(_) | Kind::String | Kind::Bool | Kind::Char
                    )
            }
        });
        let portable = self.decodable && pattern.is_some() && plain;
        Case {
            id: match self.id {
                Some(id) => id.to_owned(),
                None => Case::default_id(self.type_name, self.variant),
            },
            type_name: self.type_name.to_owned(),
            variant: self.variant.map(str::to_owned),
            code: self.code,
            message: self.message.to_owned(),
            templated: self.templated,
            pattern,
            placeholders: self.placeholders,
            fields: self.fields,
            portable,
            retryable: self.code.is_retryable(),
            retry_after: self.retry_after,
            decodable: self.decodable,
        }
    }
}

fn placeholder(name: &str, ty: &str) -> Placeholder {
    Placeholder {
        name: name.to_owned(),
        ty: ty.to_owned(),
    }
}

fn field(name: &str, kind: Kind, rust_type: &str, groups: Vec<usize>, from: FieldFrom) -> Field {
    Field {
        name: name.to_owned(),
        kind: FieldKind::of(kind, rust_type),
        groups,
        from: match from {
            FieldFrom::Placeholder => FieldSource::Placeholders,
            FieldFrom::RetryAfter => FieldSource::RetryAfter,
            FieldFrom::Default => FieldSource::Default,
            FieldFrom::Nowhere => FieldSource::Nowhere,
        },
    }
}

fn from_table(type_name: &str, decodes: bool, case: TableCase) -> Case {
    Parts {
        type_name,
        variant: case.variant,
        code: case.code,
        message: case.message,
        templated: case.templated,
        retry_after: case.retry_after,
        decodable: case.decodable && decodes,
        id: case.id,
        placeholders: case
            .placeholders
            .iter()
            .map(|&(name, ty)| placeholder(name, ty))
            .collect(),
        items: &case.items,
        fields: case
            .fields
            .into_iter()
            .map(|f| field(f.name, f.kind, f.rust_type, f.groups, f.from))
            .collect(),
    }
    .into_case()
}

/// How [`Catalog::of`] reads descriptors listed by hand. Hidden with the descriptors
/// (derive plumbing; `catalog::ErrorDescriptor`, public in 0.1.0, is a deprecated alias).
#[doc(hidden)]
impl From<&ErrorDescriptor> for Case {
    fn from(d: &ErrorDescriptor) -> Case {
        Parts {
            type_name: d.type_name,
            variant: d.variant,
            code: d.code,
            message: d.message,
            templated: d.templated,
            retry_after: d.retry_after,
            decodable: d.decodable,
            id: d.id,
            placeholders: d
                .placeholders
                .iter()
                .map(|p| placeholder(p.name, p.ty))
                .collect(),
            items: d.items(),
            fields: d
                .fields()
                .iter()
                .map(|f| {
                    let groups = f.groups.iter().map(|&group| usize::from(group)).collect();
                    field(f.name, f.kind, f.rust_type, groups, f.from)
                })
                .collect(),
        }
        .into_case()
    }
}

/// `std::any::type_name` without module paths: `a::b::Foo<alloc::string::String>` is
/// `Foo<String>`.
fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut start = 0;
    for (i, c) in full.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            continue;
        }
        short.push_str(last_segment(&full[start..i]));
        short.push(c);
        start = i + c.len_utf8();
    }
    short.push_str(last_segment(&full[start..]));
    short
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_type_names() {
        for (full, short) in [
            ("sunor_errors_tests::contract::TaskError", "TaskError"),
            ("TaskError", "TaskError"),
            ("a::Wrap<alloc::string::String, u64>", "Wrap<String, u64>"),
            ("a::Pair<(b::X, &'static str)>", "Pair<(X, &'static str)>"),
            ("a::Arr<[u8; 4]>", "Arr<[u8; 4]>"),
            ("", ""),
        ] {
            assert_eq!(short_type_name(full), short, "{full}");
        }
    }
}
