use sunor_errors::IntoErrorBody;

// A framework no hook exists for.
#[derive(Debug, IntoErrorBody)]
#[error_body(rocket)]
enum Unknown {
    #[error_body(code = 404)]
    NotFound,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(axum = true)]
enum Valued {
    #[error_body(code = 404)]
    NotFound,
}

// The key is about the whole type: not on a variant.
#[derive(Debug, IntoErrorBody)]
enum OnVariant {
    #[error_body(code = 404, axum)]
    NotFound,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 404, axum, axum)]
struct Twice;

fn main() {
    let _ = Unknown::NotFound.to_error_body();
    let _ = Valued::NotFound.to_error_body();
    let _ = OnVariant::NotFound.to_error_body();
    let _ = Twice.to_error_body();
}
