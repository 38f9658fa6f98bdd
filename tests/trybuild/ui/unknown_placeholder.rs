use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 402, message = "Insufficient credits: available {available}, required {needed}")]
    InsufficientCredits { available: u64, required: u64 },
    #[error_body(code = 404, message = "Task {1} not found")]
    TaskNotFound(String),
}

fn main() {
    let _ = ApiError::TaskNotFound(String::new()).to_error_body();
}
