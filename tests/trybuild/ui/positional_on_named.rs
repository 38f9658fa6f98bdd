use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 400, message = "Missing required fields: {0}")]
    MissingFields { fields: String },
}

fn main() {
    let _ = ApiError::MissingFields { fields: String::new() }.to_error_body();
}
