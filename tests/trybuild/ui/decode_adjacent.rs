use sunor_errors::FromErrorBody;

#[derive(Debug, FromErrorBody)]
enum ApiError {
    // "111" reads as 1 and 11, or as 11 and 1.
    #[error_body(code = 400, message = "Bad range {a}{b}")]
    Range { a: u64, b: u64 },
    // A number followed by any text.
    #[error_body(code = 404, message = "Task {0}{1} not found")]
    TaskNotFound(u32, String),
}

// Three in a row: the bool ends where it ends, the two numbers do not.
#[derive(Debug, FromErrorBody)]
#[error_body(code = 422, message = "{flag}{first}{second}")]
struct Three {
    flag: bool,
    first: i32,
    second: u8,
}

fn main() {}
