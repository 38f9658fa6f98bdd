// Adjacent placeholders whose split is not unique compile too: a message with two splits
// takes the one the pattern's regex takes (numbers as written, greedy; strings lazy).
#![deny(warnings, unused_qualifications)]

use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody};

#[derive(Debug, PartialEq, FromErrorBody)]
enum ApiError {
    // "111" reads as 11 and 1.
    #[error_body(code = 400, message = "Bad range {a}{b}")]
    Range { a: u64, b: u64 },
    // A number followed by any text.
    #[error_body(code = 404, message = "Task {0}{1} not found")]
    TaskNotFound(u32, String),
}

// Three in a row.
#[derive(Debug, PartialEq, FromErrorBody)]
#[error_body(code = 422, message = "{flag}{first}{second}")]
struct Three {
    flag: bool,
    first: i32,
    second: u8,
}

fn main() {
    let body = ErrorBody::new(ErrorCode::BAD_REQUEST, "Bad range 111");
    assert_eq!(body.decode(), Some(ApiError::Range { a: 11, b: 1 }));
    let body = ErrorBody::new(ErrorCode::NOT_FOUND, "Task 12x not found");
    assert_eq!(body.decode(), Some(ApiError::TaskNotFound(12, "x".into())));
    let body = ErrorBody::new(ErrorCode::UNPROCESSABLE_ENTITY, "true-123");
    assert_eq!(body.decode(), Some(Three { flag: true, first: -12, second: 3 }));
}
