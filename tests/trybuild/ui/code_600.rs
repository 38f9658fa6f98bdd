use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 600)]
struct Beyond;

fn main() {
    let _ = Beyond.to_error_body();
}
