use sunor_errors::{FromErrorBody, IntoErrorBody};

#[derive(Debug)]
struct Model(String);

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Model {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Model(s.to_owned()))
    }
}

#[derive(Debug, IntoErrorBody, FromErrorBody)]
enum InputError {
    #[error_body(code = 400, message = "Unknown model {0:?}")]
    UnknownModel(Model),
    #[error_body(code = 401, message = "Bad key {0:.3}")]
    BadKey(String),
    #[error_body(code = 402, message = "Bad name {0:>10}")]
    BadName(String),
    #[error_body(code = 403, message = "Ratio {0:.2}")]
    Ratio(f64),
    #[error_body(code = 404, message = "Seed {0:0>5}")]
    Seed(u32),
    #[error_body(code = 405, message = "Big {0:e}")]
    Big(u64),
    #[error_body(code = 406, message = "Padded model {0:>8}")]
    PaddedModel(Model),
    #[error_body(code = 407, message = "Float {0:08}")]
    Float(f64),
}

fn main() {}
