use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited {
        #[error_body(retry_after)]
        seconds: String,
    },
}

fn main() {
    let _ = ApiError::RateLimited { seconds: String::new() }.to_error_body();
}
