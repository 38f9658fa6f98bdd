//! The default message of each error code: the one table of them. `ErrorCode::default_message`
//! reads it, and so does the derive, which needs the text at compile time (to compare a
//! variant without `message` with its siblings, and for the catalogue) but cannot depend on
//! this crate: `sunor-errors-derive/src/default_messages.rs` is a link to this file, and
//! `cargo package` copies it into both crates.
//!
//! The API's documented wording where it has one (500, 502, 429), otherwise the reason
//! phrase in sentence case; "Client error" or "Server error" for unassigned codes.

/// The message a body of `code` (in 400..=599) carries when none is given.
pub(crate) const fn default_message(code: u16) -> &'static str {
    match code {
        400 => "Bad request",
        401 => "Unauthorized",
        402 => "Payment required",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        407 => "Proxy authentication required",
        408 => "Request timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length required",
        412 => "Precondition failed",
        413 => "Payload too large",
        414 => "URI too long",
        415 => "Unsupported media type",
        416 => "Range not satisfiable",
        417 => "Expectation failed",
        418 => "I'm a teapot",
        421 => "Misdirected request",
        422 => "Unprocessable entity",
        423 => "Locked",
        424 => "Failed dependency",
        425 => "Too early",
        426 => "Upgrade required",
        428 => "Precondition required",
        429 => "Rate limit exceeded.",
        431 => "Request header fields too large",
        451 => "Unavailable for legal reasons",
        500 => "Internal server error",
        501 => "Not implemented",
        502 => "Upstream provider error",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        505 => "HTTP version not supported",
        506 => "Variant also negotiates",
        507 => "Insufficient storage",
        508 => "Loop detected",
        510 => "Not extended",
        511 => "Network authentication required",
        code if code < 500 => "Client error",
        _ => "Server error",
    }
}
