use sunor_errors::FromErrorBody;

#[derive(Debug, FromErrorBody)]
enum ApiError {
    #[error_body(code = 400, message = "Missing {what}")]
    Missing { what: String },
    #[error_body(code = 400, message = "Missing fields: {fields}")]
    MissingFields { fields: String },
    // Judged on the typed patterns: a `u64` is digits, a `String` any text; both variants
    // really produce "Task 0 not found".
    #[error_body(code = 404, message = "Task {0} not found")]
    TaskNotFound(u64),
    #[error_body(code = 404, message = "Task {name} not found")]
    NamedTaskNotFound { name: String },
    // A fixed message that a template also matches.
    #[error_body(code = 409, message = "Task {id} is {state}")]
    Conflict { id: u64, state: String },
    #[error_body(code = 409, message = "Task 7 is running")]
    Running,
    // No overlap: different literal ends.
    #[error_body(code = 422, message = "Seed {0} too large")]
    SeedTooLarge(u32),
    #[error_body(code = 422, message = "Seed {0} too small")]
    SeedTooSmall(u32),
    // `skip_decode` and `transparent` cases are not compared.
    #[error_body(code = 400, message = "Missing fields: model", skip_decode)]
    MissingModel,
    #[error_body(transparent)]
    Other(sunor_errors::ErrorBody),
}

fn main() {}
