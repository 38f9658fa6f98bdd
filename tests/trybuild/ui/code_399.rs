use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 399, message = "Not an error")]
    Redirect,
}

fn main() {
    let _ = ApiError::Redirect.to_error_body();
}
