use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body]
    Bare,
    #[error_body(code 404)]
    NoEquals,
    #[error_body(code = )]
    NoValue,
    #[error_body(code = 404, message = Task)]
    NotAString,
    #[error_body(code = 409, transparent = true)]
    Valued(String),
}

fn main() {
    let _ = ApiError::Bare.to_error_body();
}
