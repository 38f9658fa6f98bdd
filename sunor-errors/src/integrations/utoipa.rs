//! OpenAPI documents with [utoipa](https://docs.rs/utoipa) (feature `utoipa`): the
//! `ErrorBody` schema component and an error type's documented responses.
//!
//! - [`ErrorBody`] implements [`utoipa::ToSchema`] (component name `"ErrorBody"`); its
//!   schema is read from the one of [`crate::schema`], keyword for keyword.
//! - [`error_responses`] turns the cases of a catalogue
//!   ([`Catalog::of::<T>()`](Catalog::of), filled by the derive) into one OpenAPI response
//!   per code: a description listing the messages, an
//!   example per variant, and a `Retry-After` header where a variant carries a delay. So an
//!   endpoint's documented errors come from the same source as its behaviour.
//! - [`ErrorResponses<E>`] is the same as a [`utoipa::IntoResponses`] type, for
//!   `#[utoipa::path(responses(...))]`.
//!
//! The responses reference the schema as `#/components/schemas/ErrorBody`: register it in
//! the document's components (`components(schemas(ErrorBody))` with the derive, or
//! [`ComponentsBuilder::schema_from::<ErrorBody>()`](utoipa::openapi::ComponentsBuilder::schema_from)).
//!
//! ```
//! # #[cfg(feature = "derive")] {
//! use sunor_errors::catalog::Catalog;
//! use sunor_errors::utoipa::error_responses;
//! use sunor_errors::IntoErrorBody;
//!
//! #[derive(IntoErrorBody)]
//! enum TaskError {
//!     #[error_body(code = 404, message = "Task not found")]
//!     TaskNotFound,
//!     #[error_body(code = 429, message = "Rate limit exceeded.")]
//!     RateLimited { #[error_body(retry_after)] seconds: u64 },
//! }
//!
//! let responses = error_responses(&Catalog::of::<TaskError>().cases);
//! assert_eq!(responses.keys().collect::<Vec<_>>(), ["404", "429"]);
//! let json = serde_json::to_value(&responses["429"])?;
//! assert_eq!(json["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody");
//! assert_eq!(json["headers"]["Retry-After"]["schema"]["type"], "integer");
//! assert!(serde_json::to_value(&responses["404"])?.get("headers").is_none());
//! # }
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Ref, Schema, Type};
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder};

use crate::catalog::{Case, Catalog, RetryAfterHint};
use crate::{ErrorBody, ErrorCode, IntoErrorBody};

/// The component name of the [`ErrorBody`] schema: `"ErrorBody"`.
pub const ERROR_BODY_SCHEMA_NAME: &str = "ErrorBody";

/// The delay shown in an example when a variant takes it from a field: the API's own
/// documented 429 example uses 60 seconds.
///
/// Hidden: only the generated examples need it (public since 0.1.0, kept for that reason).
#[doc(hidden)]
pub const EXAMPLE_RETRY_AFTER_SECONDS: u64 = 60;

impl utoipa::PartialSchema for ErrorBody {
    /// The schema of [`crate::schema`], read from it (without `$schema` and `$id`, which
    /// belong to a schema document, not to a component).
    fn schema() -> RefOr<Schema> {
        let mut schema = crate::schema::error_body_schema();
        if let Some(document) = schema.as_object_mut() {
            document.remove("$schema");
            document.remove("$id");
        }
        match serde_json::from_value(schema) {
            Ok(schema) => RefOr::T(schema),
            // The shipped schema is a constant read back by the tests below; this arm cannot
            // be reached.
            Err(e) => panic!("the shipped error body schema is not an OpenAPI schema: {e}"),
        }
    }
}

impl utoipa::ToSchema for ErrorBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed(ERROR_BODY_SCHEMA_NAME)
    }
}

/// One OpenAPI response per code of `cases` (a [`Catalog`]'s, or several catalogues' cases
/// together), keyed by status (`"404"`), in code order.
///
/// Each response:
/// - has a description: the status's reason phrase, then every distinct message of that
///   code (templates marked, with the variants that produce them);
/// - has `application/json` content referencing the `ErrorBody` schema component, with one
///   example per distinct message (a template's example shows the template itself; a delay
///   taken from a field shows 60 seconds, the API's own documented example);
/// - declares a `Retry-After` header when any case of that code carries a delay.
///
/// Identical cases (the same variant listed twice, e.g. through `transparent`) are listed
/// once. No case gives no response.
pub fn error_responses(cases: &[Case]) -> BTreeMap<String, RefOr<Response>> {
    let mut by_code: BTreeMap<ErrorCode, Vec<&Case>> = BTreeMap::new();
    for case in cases {
        let group = by_code.entry(case.code).or_default();
        if !group.contains(&case) {
            group.push(case);
        }
    }
    by_code
        .into_iter()
        .map(|(code, group)| (code.as_u16().to_string(), response(code, &group).into()))
        .collect()
}

/// [`error_responses`] of `E`'s [catalogue](Catalog::of).
pub fn error_responses_for<E: IntoErrorBody>() -> BTreeMap<String, RefOr<Response>> {
    error_responses(&Catalog::of::<E>().cases)
}

/// The documented error responses of `E`, as a [`utoipa::IntoResponses`] type:
/// `#[utoipa::path(get, path = "/tasks/{id}", responses((status = 200, body = Task), ErrorResponses<TaskError>))]`.
///
/// ```
/// use sunor_errors::utoipa::ErrorResponses;
/// use sunor_errors::ErrorCode;
/// use utoipa::IntoResponses;
///
/// // `ErrorCode`'s catalogue is empty: no documented response.
/// assert!(ErrorResponses::<ErrorCode>::responses().is_empty());
/// ```
pub struct ErrorResponses<E>(PhantomData<fn() -> E>);

impl<E> fmt::Debug for ErrorResponses<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ErrorResponses")
    }
}

impl<E: IntoErrorBody> utoipa::IntoResponses for ErrorResponses<E> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        error_responses_for::<E>()
    }
}

fn response(code: ErrorCode, group: &[&Case]) -> Response {
    let reason = code.status().canonical_reason().unwrap_or("Error");
    let mut description = format!("{reason}.\n");
    let mut messages: Vec<(&str, bool, Vec<String>)> = Vec::new();
    for d in group {
        // "TaskError::RateLimited", or "AuthError" for a struct.
        let origin = d.name();
        match messages
            .iter_mut()
            .find(|(m, t, _)| *m == d.message && *t == d.templated)
        {
            Some((_, _, origins)) => origins.push(origin),
            None => messages.push((&d.message, d.templated, vec![origin])),
        }
    }
    for (message, templated, origins) in &messages {
        let template = if *templated { "template; " } else { "" };
        description.push_str(&format!(
            "\n- `{}` ({template}{})",
            message.replace('`', "'"),
            origins.join(", ")
        ));
    }

    let mut names = BTreeSet::new();
    let examples: Vec<(String, ExampleBuilder)> = group
        .iter()
        .map(|d| {
            let mut name = d.name();
            let mut n = 2;
            while !names.insert(name.clone()) {
                name = format!("{} ({n})", d.name());
                n += 1;
            }
            let mut value = serde_json::json!({"code": code.as_u16(), "message": d.message});
            let mut summary = if d.templated {
                format!("{} (message template)", d.name())
            } else {
                d.name()
            };
            match d.retry_after {
                RetryAfterHint::None => {}
                RetryAfterHint::Fixed(seconds) => {
                    value["retry_after_seconds"] = seconds.into();
                }
                RetryAfterHint::FromField => {
                    value["retry_after_seconds"] = EXAMPLE_RETRY_AFTER_SECONDS.into();
                    summary.push_str(", delay set per error");
                }
            }
            let example = ExampleBuilder::new().summary(summary).value(Some(value));
            (name, example)
        })
        .collect();

    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(ERROR_BODY_SCHEMA_NAME)))
        .examples_from_iter(examples)
        .build();
    let mut builder = ResponseBuilder::new().content("application/json", content);

    let retrying: Vec<String> = group
        .iter()
        .filter(|d| d.retry_after.is_some())
        .map(|d| d.name())
        .collect();
    if !retrying.is_empty() {
        let who = if retrying.len() == group.len() {
            "Always sent".to_owned()
        } else {
            format!("Sent by {}", retrying.join(", "))
        };
        let header = HeaderBuilder::new()
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0u64)),
            ))
            .description(Some(format!(
                "Seconds to wait before retrying, the same as the body's `retry_after_seconds`. {who}."
            )))
            .build();
        builder = builder.header("Retry-After", header);
        description.push_str(
            "\n\nCarries a `Retry-After` header (seconds) and the same `retry_after_seconds`.",
        );
    }
    builder.description(description).build()
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    #[test]
    fn the_component_is_the_shipped_schema() {
        let component = serde_json::to_value(ErrorBody::schema()).unwrap();
        let mut shipped = crate::schema::error_body_schema();
        let document = shipped.as_object_mut().unwrap();
        assert!(document.remove("$schema").is_some() && document.remove("$id").is_some());
        assert_eq!(component, shipped);
    }
}
