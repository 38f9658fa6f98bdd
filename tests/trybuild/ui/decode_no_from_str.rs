use sunor_errors::{FromErrorBody, IntoErrorBody};

// Display, but no FromStr: the message shows it, decoding cannot read it back.
#[derive(Debug)]
struct Model(String);

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, IntoErrorBody, FromErrorBody)]
enum InputError {
    #[error_body(code = 400, message = "Unknown model {model}")]
    UnknownModel { model: Model },
    #[error_body(code = 422, message = "Unknown input {0}")]
    UnknownInput(&'static str),
}

fn main() {}
