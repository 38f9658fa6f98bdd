//! Prints each error body the sunor API documents, as a server sends it and as a client
//! reads and classifies it. (The full loopback server and client session replaces this.)

use sunor_errors::{ErrorBody, ErrorCode};

fn main() {
    let documented = [
        ErrorBody::new(
            ErrorCode::BAD_REQUEST,
            "Missing required fields: model, task_type, input",
        ),
        ErrorBody::new(ErrorCode::UNAUTHORIZED, "Invalid API key"),
        ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        ),
        ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found"),
        ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60),
        ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR),
        ErrorBody::from_code(ErrorCode::BAD_GATEWAY),
    ];
    for body in documented {
        let response = body.to_http_response();
        let read = ErrorBody::from_http_response(&response).expect("an error status");
        println!("HTTP {}", response.status());
        for (name, value) in response.headers() {
            println!("  {name}: {}", value.to_str().unwrap_or("<binary>"));
        }
        println!("  {}", String::from_utf8_lossy(response.body()));
        println!(
            "  -> {read}; retryable: {}; retry after: {:?}\n",
            read.is_retryable(),
            read.retry_after()
        );
    }
}
