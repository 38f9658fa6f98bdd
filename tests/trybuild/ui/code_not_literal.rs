use sunor_errors::IntoErrorBody;

const NOT_FOUND: u16 = 404;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = NOT_FOUND)]
    NotFound,
    #[error_body(code = "400")]
    Bad,
    #[error_body(code = 401u16)]
    Unauthorized,
}

fn main() {
    let _ = ApiError::NotFound.to_error_body();
}
