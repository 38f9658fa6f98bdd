//! What [`check_response`](super::check_response) reports: [`Violation`], its
//! [`ViolationKind`] and [`Severity`], and the whole [`Report`].

use std::fmt;

/// How bad a [`Violation`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Breaks the wire rules: clients may misread the response.
    Error,
    /// Allowed by the wire rules but worth a look (clients ignore it).
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What rule a [`Violation`] breaks.
///
/// Every kind is an [error](Severity::Error) except the [warnings](Severity::Warning)
/// [`RetryAfterOneSided`](Self::RetryAfterOneSided),
/// [`RetryAfterHttpDate`](Self::RetryAfterHttpDate) and
/// [`UnknownMember`](Self::UnknownMember).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// The status is not an error status (4xx or 5xx).
    StatusNotError,
    /// `Content-Type` is missing, repeated, or not JSON (`application/json` or a `+json`
    /// type; parameters such as `charset` are allowed).
    ContentTypeNotJson,
    /// The body is longer than [`ErrorBody::MAX_BODY_BYTES`](crate::ErrorBody::MAX_BODY_BYTES):
    /// clients do not read it.
    BodyTooLarge,
    /// The body is empty or not JSON text.
    BodyNotJson,
    /// The body is JSON but not an object.
    BodyNotObject,
    /// `code` or `message` is absent.
    MissingMember,
    /// `code`, `message` or `retry_after_seconds` has the wrong type or is out of range.
    InvalidMember,
    /// `code`, `message` or `retry_after_seconds` appears more than once.
    DuplicateMember,
    /// The body's `code` differs from the status.
    CodeMismatch,
    /// The message is empty or only whitespace.
    EmptyMessage,
    /// A 429 without a `Retry-After` header (the API documents it on every 429).
    MissingRetryAfter,
    /// `Retry-After` is not `delay-seconds` or an HTTP-date, or is repeated.
    RetryAfterUnparseable,
    /// The `Retry-After` header (`delay-seconds`) and `retry_after_seconds` are both present
    /// and do not say the same number of seconds.
    RetryAfterMismatch,
    /// The delay is given in one place only: a `Retry-After` header without
    /// `retry_after_seconds`, or `retry_after_seconds` without the header (a
    /// [warning](Severity::Warning): the errors page allows either, and clients take
    /// whichever is there; a 429 without the header is
    /// [`MissingRetryAfter`](Self::MissingRetryAfter) instead).
    RetryAfterOneSided,
    /// `Retry-After` is an HTTP-date, valid HTTP that cannot be compared with
    /// `retry_after_seconds` without the server's clock (a [warning](Severity::Warning):
    /// clients read it).
    RetryAfterHttpDate,
    /// Members other than `code`, `message` and `retry_after_seconds` (a
    /// [warning](Severity::Warning): clients ignore them).
    UnknownMember,
}

impl ViolationKind {
    /// Every kind, in the order [`check_response`](super::check_response) reports them (a
    /// slice: the enum may grow).
    pub const ALL: &'static [ViolationKind] = &[
        ViolationKind::StatusNotError,
        ViolationKind::ContentTypeNotJson,
        ViolationKind::BodyTooLarge,
        ViolationKind::BodyNotJson,
        ViolationKind::BodyNotObject,
        ViolationKind::MissingMember,
        ViolationKind::InvalidMember,
        ViolationKind::DuplicateMember,
        ViolationKind::CodeMismatch,
        ViolationKind::EmptyMessage,
        ViolationKind::MissingRetryAfter,
        ViolationKind::RetryAfterUnparseable,
        ViolationKind::RetryAfterMismatch,
        ViolationKind::RetryAfterOneSided,
        ViolationKind::RetryAfterHttpDate,
        ViolationKind::UnknownMember,
    ];

    /// How bad it is: [`Severity::Warning`] for
    /// [`RetryAfterOneSided`](Self::RetryAfterOneSided),
    /// [`RetryAfterHttpDate`](Self::RetryAfterHttpDate) and
    /// [`UnknownMember`](Self::UnknownMember), [`Severity::Error`] for every other kind.
    pub const fn severity(self) -> Severity {
        match self {
            ViolationKind::RetryAfterOneSided
            | ViolationKind::RetryAfterHttpDate
            | ViolationKind::UnknownMember => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether this kind means the body is not a valid error body (per the schema and the
    /// strict deserialiser), rather than a rule about status, headers or values.
    ///
    /// ```
    /// use sunor_errors::conformance::ViolationKind;
    /// assert!(ViolationKind::BodyNotJson.is_invalid_body());
    /// assert!(!ViolationKind::EmptyMessage.is_invalid_body());
    /// ```
    pub const fn is_invalid_body(self) -> bool {
        matches!(
            self,
            ViolationKind::BodyTooLarge
                | ViolationKind::BodyNotJson
                | ViolationKind::BodyNotObject
                | ViolationKind::MissingMember
                | ViolationKind::InvalidMember
                | ViolationKind::DuplicateMember
        )
    }

    /// A stable kebab-case name: `"code-mismatch"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ViolationKind::StatusNotError => "status-not-error",
            ViolationKind::ContentTypeNotJson => "content-type-not-json",
            ViolationKind::BodyTooLarge => "body-too-large",
            ViolationKind::BodyNotJson => "body-not-json",
            ViolationKind::BodyNotObject => "body-not-object",
            ViolationKind::MissingMember => "missing-member",
            ViolationKind::InvalidMember => "invalid-member",
            ViolationKind::DuplicateMember => "duplicate-member",
            ViolationKind::CodeMismatch => "code-mismatch",
            ViolationKind::EmptyMessage => "empty-message",
            ViolationKind::MissingRetryAfter => "missing-retry-after",
            ViolationKind::RetryAfterUnparseable => "retry-after-unparseable",
            ViolationKind::RetryAfterMismatch => "retry-after-mismatch",
            ViolationKind::RetryAfterOneSided => "retry-after-one-sided",
            ViolationKind::RetryAfterHttpDate => "retry-after-http-date",
            ViolationKind::UnknownMember => "unknown-member",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way a response breaks the wire rules: its [kind](ViolationKind) and one human line.
///
/// `Display` shows the severity, the kind and the message:
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use sunor_errors::conformance::{self, ViolationKind};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "application/json".parse()?);
/// let violations = conformance::check_response(
///     StatusCode::NOT_FOUND,
///     &headers,
///     br#"{"code":400,"message":"Task not found"}"#,
/// )
/// .unwrap_err();
/// assert_eq!(violations.len(), 1);
/// assert_eq!(violations[0].kind(), ViolationKind::CodeMismatch);
/// assert_eq!(
///     violations[0].to_string(),
///     "error[code-mismatch]: the body's code is 400 but the status is 404"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Parts of the response quoted in the message are escaped and cut short, so a hostile
/// response cannot forge log lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Violation {
    kind: ViolationKind,
    message: String,
}

impl Violation {
    pub(super) fn new(kind: ViolationKind, message: String) -> Violation {
        Violation { kind, message }
    }

    /// The rule it breaks.
    pub const fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// How bad it is (the kind's [severity](ViolationKind::severity)).
    pub const fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// Whether it is an [error](Severity::Error) (not a warning).
    pub const fn is_error(&self) -> bool {
        matches!(self.kind.severity(), Severity::Error)
    }

    /// What is wrong, one line, without the severity and kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity(), self.kind, self.message)
    }
}

impl std::error::Error for Violation {}

/// Everything [`inspect_response`](super::inspect_response) found in one response, warnings
/// included, in a fixed order (status, headers, body, then the rules between them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    pub(crate) fn push(&mut self, kind: ViolationKind, message: String) {
        self.violations.push(Violation::new(kind, message));
    }

    /// Every violation, errors and warnings.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Every violation, errors and warnings.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> + '_ {
        self.violations.iter().filter(|v| v.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> + '_ {
        self.violations.iter().filter(|v| !v.is_error())
    }

    /// Whether there is at least one error: the response does not conform.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Whether nothing at all was found, not even a warning.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }

    /// The kinds found, in report order.
    pub fn kinds(&self) -> Vec<ViolationKind> {
        self.violations.iter().map(Violation::kind).collect()
    }

    /// `Ok(())` when there is no error (warnings alone pass); otherwise every violation,
    /// warnings included: what [`check_response`](super::check_response) returns.
    pub fn into_result(self) -> Result<(), Vec<Violation>> {
        if self.has_errors() {
            Err(self.violations)
        } else {
            Ok(())
        }
    }
}

/// One violation per line; nothing when the report is clean.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}
