use sunor_errors::IntoErrorBody;

// `log_cause` takes `true` or `false`, and nothing else.
#[derive(Debug, IntoErrorBody)]
#[error_body(code = 500, log_cause)]
struct Bare(std::io::Error);

#[derive(Debug, IntoErrorBody)]
enum Valued {
    #[error_body(code = 500, log_cause = "no")]
    Text,
    #[error_body(code = 500, log_cause = 0)]
    Number,
    #[error_body(code = 500, log_cause(false))]
    Called,
}

// About the type or a variant: not a field.
#[derive(Debug, IntoErrorBody)]
enum OnField {
    #[error_body(code = 500)]
    Io(#[error_body(log_cause = false)] std::io::Error),
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 500, log_cause = false, log_cause = true)]
struct Twice;

fn main() {
    let _ = Valued::Text.to_error_body();
    let _ = OnField::Io(std::io::Error::other("x")).to_error_body();
    let _ = Twice.to_error_body();
}
