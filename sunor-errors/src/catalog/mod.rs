//! A type's list of the bodies it can produce, for docs, OpenAPI and conformance tests; and
//! that list as a contract between versions, so that a new version of an error type is
//! checked against the clients of the old one.
//!
//! [`Catalog::of::<T>()`](Catalog::of) is the catalogue of an error type `T`: its
//! [`Case`]s, one per variant of a type that derives [`IntoErrorBody`](crate::IntoErrorBody)
//! (a `transparent` variant's type listing its own), with what a client in any language
//! needs to decode them. A server and its clients upgrade separately: a client built
//! against one version decodes ([`FromErrorBody`](crate::FromErrorBody)) the bodies of
//! another. To keep that working, check the catalogue into the repository as JSON and hold
//! every new version against it in a `#[test]`:
//!
//! ```no_run
//! # #[cfg(all(feature = "derive", feature = "testing"))]
//! # #[derive(sunor_errors::IntoErrorBody)]
//! # enum TaskError { #[error_body(code = 404, message = "Task not found")] TaskNotFound }
//! # #[cfg(all(feature = "derive", feature = "testing"))]
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
//! Cases are paired by id ([`Catalog::changes_since`]): `Type.Variant` (`Type` for a struct)
//! unless `#[error_body(id = "...")]` names it.
//!
//! | change | breaking? |
//! |---|---|
//! | a case removed | yes |
//! | a case's id changed (a variant renamed without `id = "..."`), its wire form the same | yes: clients of other languages name cases by id |
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
//! | a variant or type renamed, its id kept (`id = "..."`, or a `transparent` type renamed) | no |
//! | the message, placeholders or types of a case that is not decodable | no: no client decodes it |
//!
//! The message is compared as a decoder reads it: literal text and format specs, with each
//! placeholder's name replaced by which field it shows. `usize` and `u64` are one type on the
//! wire.
//!
//! # The JSON format
//!
//! [`Catalog::to_json`] writes format 2, and [`Catalog::from_json`] (or
//! serde, `Catalog` is `Deserialize`) reads it back, and reads format 1 (the snapshots
//! earlier versions wrote) too: a format-1 snapshot is compared with a format-2 catalogue as
//! it is (its cases get the ids `Type.Variant`), and [`check_snapshot`] reports it as in an
//! older layout until it is rewritten. Keys in the order below, two-space indentation, a
//! trailing newline, the same bytes for the same catalogue. A later format gets a new
//! number; this version refuses what it cannot read.
//!
//! ```json
//! {
//!   "format": 2,
//!   "type": "TaskError",
//!   "decodable": true,
//!   "policy": { "retryable_codes": [408, 429, 500, ...], "max_retries": 3, ... },
//!   "cases": [
//!     {
//!       "id": "TaskError.InsufficientCredits",
//!       "type": "TaskError",
//!       "variant": "InsufficientCredits",
//!       "code": 402,
//!       "message": "Insufficient credits: available {available}, required {required}",
//!       "pattern": "^Insufficient credits: available (0|[1-9][0-9]*), required (0|[1-9][0-9]*)$",
//!       "fields": [
//!         { "name": "available", "kind": "uint", "bits": 64, "groups": [1] },
//!         { "name": "required", "kind": "uint", "bits": 64, "groups": [2] }
//!       ],
//!       "portable": true,
//!       "retryable": false,
//!       "retry_after": null,
//!       "decodable": true
//!     }
//!   ]
//! }
//! ```
//!
//! | key | value |
//! |---|---|
//! | `format` | `2` ([`FORMAT`]) |
//! | `type` | the type checked, without module path |
//! | `decodable` | whether the type derives `FromErrorBody` (as its `IntoErrorBody` derive sees it: `false` for a hand-written `IntoErrorBody`, and for a generic type whose decoding needs bounds) |
//! | `policy` | the default retry policy as numbers: [below](#the-policy-block) |
//! | `cases` | every case, in the order decoding tries them: the type's own cases in declaration order, then each `transparent` variant's cases, recursively. For a body, the first case whose `code` and `pattern` match is the answer, in every language |
//! | `cases[].id` | the case's stable id |
//! | `cases[].type`, `cases[].variant` | the type that answers the case, its variant (`null` for a struct) |
//! | `cases[].code` | the status, `400..=599` |
//! | `cases[].message` | the message as written: a template (`{name}`, `{{` for a brace) when it has placeholders, else the text sent |
//! | `cases[].pattern` | the messages of the case, as a regex ([below](#patterns)); `null` when the derive cannot describe them (a case it cannot decode) |
//! | `cases[].fields` | every field of the case, in declaration order: `name` (`"0"` for a tuple field); `kind`: `uint` or `int` with `bits` (8 to 128; `usize` is 64), `string`, `bool`, `char`, or `other` with `rust_type` (floats too); `groups`: the capture groups showing it (from 1, one per placeholder occurrence: a field shown twice has two, holding the same text); `from`: absent for a field read from its groups, `"retry_after"` for the field the body's delay fills, `"default"` for one decoding fills with its `default`, `"none"` for one no decoding fills (the case is not decodable) |
//! | `cases[].portable` | whether the pattern and the kinds alone decode the case in any language: decodable, and every placeholder a plain `{x}` (or `{x:?}` of a number or `bool`) of a `uint`, `int`, `string`, `bool` or `char` field. A case with a padded, hexadecimal or Debug placeholder, or a field of another type, is decoded in Rust only (its pattern still matches it exactly) |
//! | `cases[].retryable` | whether the code is retryable ([`ErrorCode::is_retryable`](crate::ErrorCode::is_retryable)) |
//! | `cases[].retry_after` | `null` (no delay), `{"seconds": N}` (always that delay), or `{"field": "name"}` (from that field) |
//! | `cases[].decodable` | whether `#[derive(FromErrorBody)]` decodes the case (the type derives it, every field comes from the message, the delay or a `default`, and the case is not `skip_decode`) |
//!
//! # Patterns
//!
//! A case's `pattern` matches exactly the messages its values produce: each placeholder
//! accepts exactly the texts the server writes for its field and spec (an unsigned integer
//! `0|[1-9][0-9]*`, a signed one `0|[1-9][0-9]*|-[1-9][0-9]*`, a `bool` `true|false`, a
//! `char` one character, a `string` any text, lazily: `.*?`), widened exactly as the spec
//! widens the text (each length of a padded value below its width, zero padding, `0x`). It
//! is anchored (`^...$`), has one capture group per placeholder occurrence in order, and is
//! written in the subset of regex syntax that Rust's `regex`, Python's `re` and
//! JavaScript's `RegExp` read alike: literal characters (only `\^$.|?*+()[]{}` escaped),
//! `.`, bracket classes, `{n}` and `{n,}` counts, `?`, `*`, `+`, lazy `*?`, `(...)` and
//! `(?:...)` groups, `|`; no lookaround, backreference or named group. Run it with `.`
//! matching newlines too: Rust `RegexBuilder::new(p).dot_matches_new_line(true)`, Python
//! `re.fullmatch(p, message, re.S)`, JavaScript `new RegExp(p, "su")`. When a message
//! matches in more than one way, all three take the same split (leftmost first, the Perl
//! rule), the one the Rust decoder takes. A number's group still has to be read within its
//! `bits` (past them the case does not match, and the next case is tried).
//!
//! # The policy block
//!
//! `policy` holds the default retry policy (`RetryPolicy::default()` in a `Retrier::new`,
//! with its default [`RetryBudget`](crate::retry::RetryBudget)) as numbers, for the clients
//! other languages generate; the tests hold it against the Rust behaviour.
//!
//! | key | meaning |
//! |---|---|
//! | `retryable_codes` | every retryable code, ascending |
//! | `max_retries` | retries after the first attempt |
//! | `backoff.base_seconds`, `backoff.factor`, `backoff.max_seconds` | the wait before retry `n` (from 0) of a retryable error without a server delay: `min(base x factor^n, max)` |
//! | `backoff.jitter`, `backoff.jitter_low`, `backoff.jitter_high` | the jitter's name, and the bounds of the actual wait as multiples of that wait (`additive`: 1 to 1.5) |
//! | `min_delay_seconds`, `min_delay_jitter_high` | a shorter wait (a server delay of zero) is raised to between `min_delay_seconds` and `min_delay_jitter_high` times it |
//! | `rate_limited_fallback_seconds` | the wait of a 429 without a delay |
//! | `max_retry_after_seconds` | a server delay above this gives up instead of waiting |
//! | `budget.max_tokens`, `budget.token_ratio` | the client-wide bucket's size, and what each success earns back |
//! | `budget.retry_cost`, `budget.threshold` | what each retryable failure costs, and the share of the bucket above which retries stay on |

mod change;
mod compare;
mod json;
mod listed;
mod policy;
#[cfg(feature = "testing")]
mod snapshot;
mod table;
mod template;

pub use crate::descriptor::RetryAfterHint;
pub use change::{Change, ChangeKind, Changes};
pub use json::{Case, Catalog, FORMAT, Field, FieldKind, FieldSource, InvalidCatalog, Placeholder};
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub use snapshot::{
    MAX_SNAPSHOT_BYTES, SnapshotAction, SnapshotError, SnapshotReport, UPDATE_ENV, Update,
    assert_compatible, check_snapshot,
};

/// What `#[derive(IntoErrorBody)]` lists for each case, public here in 0.1.0. Now derive
/// plumbing: a type's catalogue is [`Catalog::of`], each case a [`Case`].
#[doc(hidden)]
#[deprecated(
    since = "0.2.0",
    note = "derive plumbing: read a type's catalogue with `Catalog::of::<T>()`, whose cases are `catalog::Case`"
)]
pub type ErrorDescriptor = crate::descriptor::ErrorDescriptor;
