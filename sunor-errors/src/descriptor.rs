//! What an error type lists for its catalogue: [`Listed`] runs of cases, each the
//! derive's table or [`ErrorDescriptor`]s (one body an error type can produce, listed by
//! hand as 0.1.0 code did). Derive plumbing, reached through `__private` (and, deprecated,
//! `catalog::ErrorDescriptor`, public in 0.1.0): the reader's form is the
//! [`catalog`](crate::catalog)'s [`Case`](crate::catalog::Case). A leaf of its own, so that
//! [`IntoErrorBody`](crate::IntoErrorBody), which lists them, and the
//! [`catalog`](crate::catalog), which reads them through it, do not import each other.

use crate::ErrorCode;
use crate::decode::{Item, Kind};

/// A run of a type's catalogue, as its hook `IntoErrorBody::__catalog` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    /// Descriptors: what `IntoErrorBody::error_catalog` lists (by hand; the derive writes
    /// a table).
    Descriptors(Vec<ErrorDescriptor>),
    /// The derive's table of some of the type's cases in declaration order (the format is
    /// `catalog/table.rs`'s): one string literal, which the deriving crate's compiler only
    /// stores, where a descriptor per case was code for it to check (the derive's
    /// incremental rebuild is a measured target). A case the table marks decodable is
    /// decodable if the type `decodes` too.
    Table {
        /// The type's name, without path.
        type_name: &'static str,
        /// Whether the type implements `FromErrorBody` (`IntoErrorBody::__decodes`).
        decodes: bool,
        /// The cases.
        table: &'static str,
    },
}

impl Listed {
    /// A run of the derive's table.
    pub const fn table(type_name: &'static str, decodes: bool, table: &'static str) -> Listed {
        Listed::Table {
            type_name,
            decodes,
            table,
        }
    }
}

/// One body an error type can produce, as `#[derive(IntoErrorBody)]` described it in
/// 0.1.0: what the hook [`IntoErrorBody::error_catalog`](crate::IntoErrorBody::error_catalog)
/// of a hand-written impl lists, and what [`Catalog::of`](crate::catalog::Catalog::of)
/// reads into a [`Case`](crate::catalog::Case). Not public API: read a type's catalogue
/// with `Catalog::of::<T>()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorDescriptor {
    /// The Rust type that produces it (`"TaskError"`).
    pub type_name: &'static str,
    /// The enum variant, `None` for a struct.
    pub variant: Option<&'static str>,
    /// The code (HTTP status).
    pub code: ErrorCode,
    /// The message as written: a literal, a template such as `"Task {id} not found"`, or
    /// the code's default message.
    pub message: &'static str,
    /// Whether `message` is a template whose placeholders are filled per value.
    pub templated: bool,
    /// Whether, and how, the body carries a retry delay.
    pub retry_after: RetryAfterHint,
    /// Whether `#[derive(FromErrorBody)]` on this type decodes such a body back into this
    /// case: every field is read from the message or the delay, or filled by its
    /// `default`, and the case is not `skip_decode`. `false` from [`ErrorDescriptor::new`].
    pub decodable: bool,
    /// The fields the template shows, one per placeholder in the order they appear (a field
    /// named twice is listed twice); empty for a message without placeholders.
    pub placeholders: &'static [PlaceholderDescriptor],
    /// The case's stable id, `#[error_body(id = "...")]`; `None`: `Type.Variant` (`Type`
    /// for a struct).
    pub id: Option<&'static str>,
    /// The template as the derive describes it (its pattern): empty when not given.
    items: &'static [Item],
    /// Every field of the case, in declaration order: empty when not given.
    fields: &'static [FieldDescriptor],
}

impl ErrorDescriptor {
    /// A descriptor with these fields, not decodable and without placeholders (see
    /// [`with_decoding`](ErrorDescriptor::with_decoding)).
    pub const fn new(
        type_name: &'static str,
        variant: Option<&'static str>,
        code: ErrorCode,
        message: &'static str,
        templated: bool,
        retry_after: RetryAfterHint,
    ) -> ErrorDescriptor {
        ErrorDescriptor {
            type_name,
            variant,
            code,
            message,
            templated,
            retry_after,
            decodable: false,
            placeholders: &[],
            id: None,
            items: &[],
            fields: &[],
        }
    }

    /// The same descriptor with its stable id (see [`id`](ErrorDescriptor::id)).
    #[must_use]
    pub const fn with_id(mut self, id: &'static str) -> ErrorDescriptor {
        self.id = Some(id);
        self
    }

    /// What `#[derive(IntoErrorBody)]` knows of the case's text and fields: the items of
    /// its template's pattern, and every field.
    #[must_use]
    pub const fn with_pattern(
        mut self,
        items: &'static [Item],
        fields: &'static [FieldDescriptor],
    ) -> ErrorDescriptor {
        self.items = items;
        self.fields = fields;
        self
    }

    /// The items of the template's pattern, if the derive gave them.
    pub(crate) fn items(&self) -> &'static [Item] {
        self.items
    }

    /// The fields, if the derive gave them.
    pub(crate) fn fields(&self) -> &'static [FieldDescriptor] {
        self.fields
    }

    /// The same descriptor with its decoding side: whether it is
    /// [`decodable`](ErrorDescriptor::decodable), and its template's
    /// [`placeholders`](ErrorDescriptor::placeholders).
    #[must_use]
    pub const fn with_decoding(
        mut self,
        decodable: bool,
        placeholders: &'static [PlaceholderDescriptor],
    ) -> ErrorDescriptor {
        self.decodable = decodable;
        self.placeholders = placeholders;
        self
    }
}

/// A placeholder of a message template, and the field it shows, as the derive describes it
/// (`__private::Placeholder`). Not public API: the catalogue's
/// [`Placeholder`](crate::catalog::Placeholder) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PlaceholderDescriptor {
    /// The name in the template: a field's name (`"available"`), or a tuple field's index
    /// (`"0"`).
    pub name: &'static str,
    /// The field's type as written in the source, tokens joined with no space except
    /// between two words (`"u64"`, `"Option<String>"`, `"&'static str"`).
    pub ty: &'static str,
}

impl PlaceholderDescriptor {
    /// A placeholder naming field `name` of type `ty`.
    pub const fn new(name: &'static str, ty: &'static str) -> PlaceholderDescriptor {
        PlaceholderDescriptor { name, ty }
    }
}

/// Whether a body carries `retry_after_seconds` (and so a `Retry-After` header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfterHint {
    /// Never.
    None,
    /// Always this many seconds.
    Fixed(u64),
    /// Taken from a field of the value (an `Option` field may leave it out).
    FromField,
}

impl RetryAfterHint {
    /// `true` unless [`RetryAfterHint::None`].
    pub const fn is_some(self) -> bool {
        !matches!(self, RetryAfterHint::None)
    }
}

/// A field of a case, as `#[derive(IntoErrorBody)]` describes it for the catalogue. Not
/// public API: the catalogue's [`Field`](crate::catalog::Field) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldDescriptor {
    /// The field's name (`"0"` for a tuple field).
    pub name: &'static str,
    /// What the derive knows of its type.
    pub kind: Kind,
    /// The type as written.
    pub rust_type: &'static str,
    /// The placeholder occurrences showing it, from 1, in order.
    pub groups: &'static [u16],
    /// Where decoding takes it from.
    pub from: FieldFrom,
}

impl FieldDescriptor {
    /// A field descriptor.
    pub const fn new(
        name: &'static str,
        kind: Kind,
        rust_type: &'static str,
        groups: &'static [u16],
        from: FieldFrom,
    ) -> FieldDescriptor {
        FieldDescriptor {
            name,
            kind,
            rust_type,
            groups,
            from,
        }
    }
}

/// Where decoding takes a field from. Not public API: the catalogue's
/// [`FieldSource`](crate::catalog::FieldSource) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldFrom {
    /// The placeholders of its groups.
    Placeholder,
    /// The body's retry delay.
    RetryAfter,
    /// Its `default`.
    Default,
    /// Nowhere: the case is not decodable.
    Nowhere,
}
