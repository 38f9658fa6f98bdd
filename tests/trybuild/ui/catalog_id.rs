use sunor_errors::{FromErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody, FromErrorBody)]
#[error_body(id = "ApiError")]
enum ApiError {
    #[error_body(code = 404, message = "Task not found", id = "ApiError.NotFound")]
    TaskNotFound,
    // Each id names one case.
    #[error_body(code = 410, message = "Task gone", id = "ApiError.NotFound")]
    TaskGone,
    #[error_body(code = 409, message = "Task busy", id = "")]
    Busy,
    #[error_body(code = 422, message = "Bad input", id = "bad input")]
    BadInput,
    // A transparent case's cases keep their own type's ids.
    #[error_body(transparent, id = "ApiError.Other")]
    Other(sunor_errors::ErrorBody),
}

fn main() {}
