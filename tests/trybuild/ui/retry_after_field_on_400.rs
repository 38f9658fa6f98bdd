use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 400)]
enum ApiError {
    #[error_body(message = "Bad request")]
    BadRequest {
        #[error_body(retry_after)]
        seconds: u64,
    },
}

fn main() {
    let _ = ApiError::BadRequest { seconds: 1 }.to_error_body();
}
