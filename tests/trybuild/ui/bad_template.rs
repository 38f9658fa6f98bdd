use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 400, message = "Missing {fields")]
    Unclosed { fields: String },
    #[error_body(code = 400, message = "Use {} here")]
    Empty(String),
    #[error_body(code = 400, message = "Stray } brace")]
    Stray,
}

fn main() {
    let _ = ApiError::Stray.to_error_body();
}
