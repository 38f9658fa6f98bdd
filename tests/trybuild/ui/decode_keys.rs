use sunor_errors::{FromErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody, FromErrorBody)]
#[error_body(skip_decode)]
enum ApiError {
    #[error_body(code = 400, skip_decode = true)]
    Bad,
    #[error_body(code = 401, default)]
    Unauthorized,
    #[error_body(code = 402)]
    Payment(#[error_body(skip_decode)] u64),
    #[error_body(code = 403)]
    Forbidden(#[error_body(default = 5)] u64),
    #[error_body(code = 404)]
    NotFound(#[error_body(default = "not a path!")] u64),
    #[error_body(code = 405, message = "Method {0} not allowed")]
    Method(#[error_body(default)] String),
    #[error_body(code = 429)]
    Limited(#[error_body(retry_after, default)] u64),
    #[error_body(transparent)]
    Inner(#[error_body(default)] sunor_errors::ErrorBody),
    #[error_body(code = 409, skip_decode, skip_decode)]
    Twice,
}

fn main() {}
