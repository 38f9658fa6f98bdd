// Every feature of the derive at once, in a strict crate.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::time::Duration;

use sunor_errors::catalog::Catalog;
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 503)]
enum Upstream {
    #[error_body(message = "Provider {0} is down", retry_after = 30)]
    Down(&'static str),
    #[error_body(code = 504, message = "Timed out after {secs:>5} s")]
    Timeout { secs: u32 },
    #[error_body(message = "Busy")]
    Busy {
        #[error_body(retry_after)]
        delay: Option<Duration>,
    },
    Unknown,
}

#[derive(Debug, IntoErrorBody)]
enum TaskError<T> {
    #[error_body(code = 400, message = "Missing {{required}} fields: {fields:?}")]
    MissingFields { fields: Vec<&'static str> },
    #[error_body(code = 404, message = "Task {0} not found")]
    TaskNotFound(T),
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited(#[error_body(retry_after)] u64),
    #[error_body(code = 500)]
    Internal,
    #[error_body(transparent)]
    Upstream(Upstream),
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 408)]
struct Slow(#[error_body(retry_after)] Duration);

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 403, message = "Forbidden")]
struct Forbidden;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 422, message = "Invalid {field}")]
struct Invalid {
    field: String,
}

fn main() {
    let errors: Vec<Box<dyn IntoErrorBody>> = vec![
        Box::new(TaskError::<u64>::MissingFields { fields: vec!["model"] }),
        Box::new(TaskError::TaskNotFound(7_u64)),
        Box::new(TaskError::<u64>::RateLimited(60)),
        Box::new(TaskError::<u64>::Internal),
        Box::new(TaskError::<u64>::Upstream(Upstream::Unknown)),
        Box::new(Upstream::Down("acme")),
        Box::new(Upstream::Timeout { secs: 1 }),
        Box::new(Upstream::Busy { delay: None }),
        Box::new(Slow(Duration::from_secs(1))),
        Box::new(Forbidden),
        Box::new(Invalid { field: "model".to_owned() }),
    ];
    let bodies: Vec<ErrorBody> = errors.iter().map(|e| e.to_error_body()).collect();
    assert_eq!(bodies[1].message(), "Task 7 not found");
    assert_eq!(bodies[4].code(), ErrorCode::SERVICE_UNAVAILABLE);
    assert_eq!(Catalog::of::<TaskError<u64>>().cases.len(), 4 + 4);
}
