//! A type's list of the bodies it can produce, for docs, OpenAPI and conformance tests; and
//! that list as a contract between versions, so that a new version of an error type is
//! checked against the clients of the old one.
//!
//! [`IntoErrorBody::error_catalog`] lists an error type's cases ([`ErrorDescriptor`]s, one
//! per variant, a `transparent` variant's type listing its own). A server and its clients
//! upgrade separately: a client built against one version decodes
//! ([`FromErrorBody`](crate::FromErrorBody)) the bodies of another. To keep that working,
//! check the catalogue into the repository as JSON and hold every new version against it in
//! a `#[test]`:
//!
//! ```no_run
//! # #[cfg(feature = "derive")]
//! # #[derive(sunor_errors::IntoErrorBody)]
//! # enum TaskError { #[error_body(code = 404, message = "Task not found")] TaskNotFound }
//! # #[cfg(feature = "derive")]
//! #[test]
//! fn error_catalogue_keeps_clients_working() {
//!     sunor_errors::catalog::assert_compatible::<TaskError>("tests/snapshots/task_error.catalog.json");
//! }
//! # fn main() {}
//! ```
//!
//! The first run writes the file (commit it); later runs fail on a breaking change, with
//! one line per change and how to accept it, and pass on compatible ones.
//!
//! # What breaks clients
//!
//! Cases are paired by type and variant name ([`Catalog::changes_since`]).
//!
//! | change | breaking? |
//! |---|---|
//! | a case removed | yes |
//! | a case's code changed | yes |
//! | a decodable case's message reads differently: a literal, a format spec (`{n}` to `{n:>5}`), a placeholder added, removed or shown once more | yes |
//! | a decodable case's placeholders swapped (`{a} of {b}` to `{b} of {a}`: fields filled wrongly) | yes |
//! | a decodable case's placeholder type changed (`u64` to `u32`) | yes |
//! | a case no longer decodable | yes |
//! | a case's retry delay removed | yes |
//! | a case added (a new code, or a new message under a known one) | no |
//! | a case now decodable | no |
//! | a retry delay added, or changed (`60 s` to `30 s`, fixed to from a field) | no |
//! | a placeholder renamed (`{a}` to `{b}`): the message reads the same | no |
//! | a variant or type renamed, its wire form (code, message shape, types, delay) the same | no |
//! | the message, placeholders or types of a case that is not decodable | no: no client decodes it |
//!
//! The message is compared as a decoder reads it: literal text and format specs, with each
//! placeholder's name replaced by which field it shows.
//!
//! # The JSON format
//!
//! [`Catalog::to_json`] (or [`to_json`]) writes format 1, and [`Catalog::from_json`] (or
//! serde, `Catalog` is `Deserialize`) reads it back: keys in this order, two-space
//! indentation, a trailing newline, cases in declaration order, the same bytes for the same
//! catalogue. A later format gets a new number; this version refuses what it cannot read.
//!
//! ```json
//! {
//!   "format": 1,
//!   "type": "TaskError",
//!   "cases": [
//!     {
//!       "type": "TaskError",
//!       "variant": "InsufficientCredits",
//!       "code": 402,
//!       "message": "Insufficient credits: available {available}, required {required}",
//!       "templated": true,
//!       "placeholders": [
//!         {
//!           "name": "available",
//!           "type": "u64"
//!         },
//!         {
//!           "name": "required",
//!           "type": "u64"
//!         }
//!       ],
//!       "retry_after": null,
//!       "decodable": true
//!     }
//!   ]
//! }
//! ```
//!
//! | key | value |
//! |---|---|
//! | `format` | `1` ([`FORMAT`]) |
//! | `type` | the type checked, without module path |
//! | `cases[].type`, `cases[].variant` | the type that answers the case, its variant (`null` for a struct) |
//! | `cases[].code` | the status, `400..=599` |
//! | `cases[].message` | the message as written: a template (`{name}`, `{{` for a brace) when `templated`, else the text sent |
//! | `cases[].placeholders` | each placeholder in order: its `name` and its field's `type` as written |
//! | `cases[].retry_after` | `null` (no delay), seconds (always that delay), or `"from_field"` |
//! | `cases[].decodable` | whether `#[derive(FromErrorBody)]` decodes the case |

mod change;
mod compare;
mod json;
mod snapshot;
mod template;

pub use crate::descriptor::{ErrorDescriptor, Placeholder, RetryAfterHint};
pub use change::{Change, ChangeKind, Changes};
pub use json::{Case, CasePlaceholder, Catalog, FORMAT, InvalidCatalog};
pub use snapshot::{
    MAX_SNAPSHOT_BYTES, SnapshotAction, SnapshotError, SnapshotReport, UPDATE_ENV, Update,
    assert_compatible, check_snapshot,
};

use crate::IntoErrorBody;

/// `T`'s catalogue as JSON ([`Catalog::of`], then [`Catalog::to_json`]).
///
/// ```
/// # #[cfg(feature = "derive")] {
/// #[derive(sunor_errors::IntoErrorBody)]
/// #[error_body(code = 409, message = "Task already running")]
/// struct Running;
///
/// assert_eq!(sunor_errors::catalog::to_json::<Running>(), r#"{
///   "format": 1,
///   "type": "Running",
///   "cases": [
///     {
///       "type": "Running",
///       "variant": null,
///       "code": 409,
///       "message": "Task already running",
///       "templated": false,
///       "placeholders": [],
///       "retry_after": null,
///       "decodable": true
///     }
///   ]
/// }
/// "#);
/// # }
/// ```
pub fn to_json<T: IntoErrorBody>() -> String {
    Catalog::of::<T>().to_json()
}
