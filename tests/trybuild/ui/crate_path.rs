use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
#[error_body(crate = 5)]
enum NotAString {
    #[error_body(code = 404)]
    NotFound,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(crate = "not a path!")]
enum NotAPath {
    #[error_body(code = 404)]
    NotFound,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 404, crate = "::sunor_errors", crate = "::sunor_errors")]
struct Twice;

#[derive(Debug, IntoErrorBody)]
enum OnVariant {
    #[error_body(code = 404, crate = "::sunor_errors")]
    NotFound,
}

fn main() {
    let _ = NotAString::NotFound.to_error_body();
    let _ = NotAPath::NotFound.to_error_body();
    let _ = Twice.to_error_body();
    let _ = OnVariant::NotFound.to_error_body();
}
