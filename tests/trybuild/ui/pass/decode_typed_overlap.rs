// The ambiguity check is judged on the typed patterns: a `u8` placeholder is digits, so
// "Missing {n} fields" and "Missing all fields" cannot match one message.
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody};

#[derive(Debug, PartialEq, FromErrorBody)]
enum Missing {
    #[error_body(code = 400, message = "Missing {n} fields")]
    Some { n: u8 },
    #[error_body(code = 400, message = "Missing all fields")]
    All,
}

fn main() {
    let body = ErrorBody::new(ErrorCode::BAD_REQUEST, "Missing all fields");
    assert_eq!(body.decode(), Some(Missing::All));
    let body = ErrorBody::new(ErrorCode::BAD_REQUEST, "Missing 3 fields");
    assert_eq!(body.decode(), Some(Missing::Some { n: 3 }));
}
