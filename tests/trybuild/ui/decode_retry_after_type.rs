use sunor_errors::{FromErrorBody, IntoErrorBody};

// A reference can send a delay, not receive one.
#[derive(Debug, IntoErrorBody, FromErrorBody)]
#[error_body(code = 429)]
struct Limited(#[error_body(retry_after)] &'static u64);

fn main() {}
