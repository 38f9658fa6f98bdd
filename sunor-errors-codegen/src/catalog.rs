//! The catalogue as the generators read it: format 2 (`sunor_errors::catalog`), only what
//! another language needs. Unknown members are ignored, so a later minor addition to the
//! format does not break the generator.

use serde::Deserialize;

/// One error type's catalogue, format 2.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Catalog {
    /// Always 2.
    pub format: u32,
    /// The Rust type the catalogue describes (`"TaskError"`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether the type decodes (derives `FromErrorBody`).
    pub decodable: bool,
    /// The default retry policy, as numbers.
    pub policy: Policy,
    /// The cases, in the order decoding tries them.
    pub cases: Vec<Case>,
    /// The SHA-256 of the text read, in lower-case hex (set by [`Catalog::from_json`]).
    #[serde(skip)]
    pub(crate) sha256: String,
}

/// One body the type can produce.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Case {
    /// Stable identity (`"TaskError.InsufficientCredits"`).
    pub id: String,
    /// The Rust type of the case (a transparent variant's cases keep their own type).
    #[serde(rename = "type")]
    pub type_name: String,
    /// The variant, `None` for a struct.
    pub variant: Option<String>,
    /// The code (HTTP status).
    pub code: u16,
    /// The message template as written.
    pub message: String,
    /// The anchored regex of the whole message, one group per placeholder occurrence.
    pub pattern: String,
    /// Every field of the case, in declaration order.
    pub fields: Vec<Field>,
    /// Whether the pattern and the kinds alone decode the case.
    pub portable: bool,
    /// Whether the code is retryable.
    pub retryable: bool,
    /// The case's delay rule.
    pub retry_after: Option<RetryAfter>,
    /// Whether decoding produces this case.
    pub decodable: bool,
}

/// A field of a case.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Field {
    /// The field's name (`"available"`, or `"0"` for a tuple field).
    pub name: String,
    /// What kind of value it holds.
    pub kind: Kind,
    /// Integer width, for `uint` and `int`.
    #[serde(default)]
    pub bits: Option<u32>,
    /// The pattern's groups (1-based) that show it.
    #[serde(default)]
    pub groups: Vec<usize>,
    /// Where decoding takes it from: `"message"` (the default), `"retry_after"`, `"default"`.
    #[serde(default)]
    pub from: Option<String>,
    /// For a `retry_after` field: whether it is an `Option`, so that a body without a delay
    /// still decodes (the field then holds none). Absent means `false`.
    #[serde(default)]
    pub optional: bool,
}

/// A field's neutral kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// An unsigned integer of `bits` bits.
    Uint,
    /// A signed integer of `bits` bits.
    Int,
    /// Text.
    String,
    /// `true` or `false`.
    Bool,
    /// One Unicode scalar value.
    Char,
    /// A Rust type of the user's: not portable.
    Other,
}

impl Kind {
    /// The kind's name in the catalogue (`"uint"`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Uint => "uint",
            Kind::Int => "int",
            Kind::String => "string",
            Kind::Bool => "bool",
            Kind::Char => "char",
            Kind::Other => "other",
        }
    }
}

impl Field {
    /// Where decoding takes the field from: `"message"` when the catalogue does not say.
    pub(crate) fn source(&self) -> &str {
        self.from.as_deref().unwrap_or("message")
    }
}

/// A case's delay rule.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RetryAfter {
    /// Always this many seconds.
    Seconds(u64),
    /// From this field.
    Field(String),
}

/// The default retry policy's numbers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Policy {
    /// The codes a client retries.
    pub retryable_codes: Vec<u16>,
    /// Retries after the first attempt, at most.
    pub max_retries: u32,
    /// The exponential waits of a retryable error without a server delay.
    pub backoff: Backoff,
    /// A wait shorter than this is raised to it (with jitter up to `min_delay_jitter_high` times it).
    pub min_delay_seconds: f64,
    /// The top of the raised wait, as a multiple of `min_delay_seconds`.
    pub min_delay_jitter_high: f64,
    /// The wait of a 429 that says no delay.
    pub rate_limited_fallback_seconds: f64,
    /// A server delay above this gives up instead of waiting.
    pub max_retry_after_seconds: f64,
    /// The retry budget shared by a client.
    pub budget: Budget,
}

/// Exponential backoff with jitter.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Backoff {
    /// The first wait.
    pub base_seconds: f64,
    /// Each wait is the previous one times this.
    pub factor: f64,
    /// No wait is longer.
    pub max_seconds: f64,
    /// The jitter's name (`"additive"`).
    pub jitter: String,
    /// The jittered wait lies in `[jitter_low × d, jitter_high × d]`.
    pub jitter_low: f64,
    /// See `jitter_low`.
    pub jitter_high: f64,
}

/// The retry budget (token bucket).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Budget {
    /// The bucket's size.
    pub max_tokens: f64,
    /// What a success earns.
    pub token_ratio: f64,
    /// What a retry costs.
    pub retry_cost: f64,
    /// Retries run only while more than this share of the bucket is left.
    pub threshold: f64,
}

/// One setting of a [`Policy`], as [`Policy::settings`] lists them.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Setting<'a> {
    /// Codes (HTTP statuses).
    Codes(&'a [u16]),
    /// A count.
    Count(u32),
    /// Seconds, or a factor or share.
    Number(f64),
    /// A name.
    Name(&'a str),
}

impl Policy {
    /// Every setting of the policy under its catalogue name (`backoff.base_seconds`: a
    /// member of `backoff`), in the catalogue's order: the one list `Catalog::from_json`
    /// checks and each generator writes out.
    pub(crate) fn settings(&self) -> [(&'static str, Setting<'_>); 16] {
        use Setting::{Codes, Count, Name, Number};
        let (backoff, budget) = (&self.backoff, &self.budget);
        [
            ("retryable_codes", Codes(&self.retryable_codes)),
            ("max_retries", Count(self.max_retries)),
            ("backoff.base_seconds", Number(backoff.base_seconds)),
            ("backoff.factor", Number(backoff.factor)),
            ("backoff.max_seconds", Number(backoff.max_seconds)),
            ("backoff.jitter", Name(&backoff.jitter)),
            ("backoff.jitter_low", Number(backoff.jitter_low)),
            ("backoff.jitter_high", Number(backoff.jitter_high)),
            ("min_delay_seconds", Number(self.min_delay_seconds)),
            ("min_delay_jitter_high", Number(self.min_delay_jitter_high)),
            (
                "rate_limited_fallback_seconds",
                Number(self.rate_limited_fallback_seconds),
            ),
            (
                "max_retry_after_seconds",
                Number(self.max_retry_after_seconds),
            ),
            ("budget.max_tokens", Number(budget.max_tokens)),
            ("budget.token_ratio", Number(budget.token_ratio)),
            ("budget.retry_cost", Number(budget.retry_cost)),
            ("budget.threshold", Number(budget.threshold)),
        ]
    }
}

/// A catalogue that could not be read.
#[derive(Debug)]
pub struct InvalidCatalog(pub(crate) String);

impl std::fmt::Display for InvalidCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid catalogue: {}", self.0)
    }
}

impl std::error::Error for InvalidCatalog {}

impl Catalog {
    /// Reads a format-2 catalogue.
    pub fn from_json(text: &str) -> Result<Catalog, InvalidCatalog> {
        let mut catalog: Catalog =
            serde_json::from_str(text).map_err(|e| InvalidCatalog(e.to_string()))?;
        if catalog.format != 2 {
            return Err(InvalidCatalog(format!(
                "format {} (this generator reads format 2; write the catalogue anew with `Catalog::to_json`)",
                catalog.format
            )));
        }
        crate::check::check(&catalog)?;
        catalog.sha256 = crate::check::sha256_hex(text.as_bytes());
        Ok(catalog)
    }

    /// The SHA-256 of the catalogue's text, in lower-case hex: generated modules name it
    /// in their header, so a module can be traced to the file it came from.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}
