use sunor_errors::{FromErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody, FromErrorBody)]
enum TaskError {
    // The id is never sent: decoding cannot fill it.
    #[error_body(code = 404, message = "Task not found")]
    TaskNotFound(String),
    // Nor the source of a 500.
    #[error_body(code = 500)]
    Internal(std::io::Error),
    // A named field the template does not show.
    #[error_body(code = 409, message = "Task {id} is busy")]
    Busy { id: u64, owner: String },
}

#[derive(Debug, IntoErrorBody, FromErrorBody)]
#[error_body(code = 502)]
struct UpstreamFailed {
    provider: String,
}

fn main() {}
