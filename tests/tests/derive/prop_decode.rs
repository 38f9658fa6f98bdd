//! Properties of `#[derive(FromErrorBody)]`: the round trip
//! `T::from_error_body(&v.to_error_body()) == Some(v)`, over the contract's `TaskError` (its
//! decodable values: the fields that are never sent hold what decoding fills them with) and
//! over templates with leading, trailing and adjacent placeholders and format specs; and,
//! for any body at all, no panic and a decoded value that re-encodes to a body decoding to
//! the same value.

use proptest::prelude::*;
use sunor_errors::{ErrorBody, FromErrorBody, IntoErrorBody};
use sunor_errors_tests::contract::{AuthError, TaskError, unsent_cause};

use crate::support::strategies::body_of;

/// The contract's `TaskError` values that a body can carry in full, as a `Clone` recipe
/// (proptest clones its values; an `io::Error` cannot be). `Auth(InvalidKey)` is left out:
/// its body is `InvalidApiKey`'s, which decoding prefers (own cases first).
#[derive(Debug, Clone)]
enum Recipe {
    MissingFields(String),
    InvalidApiKey,
    InsufficientCredits(u64, u64),
    TaskNotFound,
    RateLimited(u64),
    Internal,
    Auth(bool),
}

impl Recipe {
    fn build(&self) -> TaskError {
        match self {
            Recipe::MissingFields(fields) => TaskError::MissingFields {
                fields: fields.clone(),
            },
            Recipe::InvalidApiKey => TaskError::InvalidApiKey,
            Recipe::InsufficientCredits(available, required) => TaskError::InsufficientCredits {
                available: *available,
                required: *required,
            },
            // What decoding fills the unsent fields with.
            Recipe::TaskNotFound => TaskError::TaskNotFound(String::new()),
            Recipe::RateLimited(seconds) => TaskError::RateLimited { seconds: *seconds },
            Recipe::Internal => TaskError::Internal(unsent_cause()),
            Recipe::Auth(true) => TaskError::Auth(AuthError::MissingKey),
            Recipe::Auth(false) => TaskError::Auth(AuthError::Disabled),
        }
    }
}

fn task_error() -> impl Strategy<Value = Recipe> {
    prop_oneof![
        any::<String>().prop_map(Recipe::MissingFields),
        Just(Recipe::InvalidApiKey),
        (any::<u64>(), any::<u64>()).prop_map(|(a, r)| Recipe::InsufficientCredits(a, r)),
        Just(Recipe::TaskNotFound),
        any::<u64>().prop_map(Recipe::RateLimited),
        Just(Recipe::Internal),
        any::<bool>().prop_map(Recipe::Auth),
    ]
}

#[derive(Debug, Clone, PartialEq, IntoErrorBody, FromErrorBody)]
enum Shapes {
    // A leading placeholder: everything before the suffix.
    #[error_body(code = 400, message = "{0} is not a task type")]
    Leading(String),
    // A trailing one: everything after the prefix.
    #[error_body(code = 401, message = "Invalid key {0}")]
    Trailing(String),
    // Between literals: up to the first ": " (the value must not contain it).
    #[error_body(code = 402, message = "{name}: {detail}")]
    Between { name: String, detail: String },
    // Adjacent, split by the types.
    #[error_body(code = 403, message = "{flag}{rest}")]
    FlagRest { flag: bool, rest: String },
    #[error_body(code = 405, message = "<{0:?}{1}{2:#x}>")]
    QuotedFlagHex(String, bool, u32),
    #[error_body(code = 404, message = "{0}{1}")]
    CharNumber(char, i64),
    #[error_body(code = 406, message = "{0}{1:?}")]
    TextChar(String, char),
    // Format specs (the padded bool is fenced by `|`: its padding is made of spaces).
    #[error_body(code = 407, message = "[{0:>8}] {1:+} {2:?} |{3:^9}| {4:08b} {5:X}")]
    Specs(i32, f64, char, bool, u8, i128),
    #[error_body(code = 408, message = "{0} of {1} (retry in {2} s)")]
    Numbers(u128, i8, #[error_body(retry_after)] u16),
}

/// Whether `text` followed by `literal` has its first `literal` at the end: what a
/// placeholder's text needs before a literal found at its first occurrence.
fn ends_at_first(text: &str, literal: &str) -> bool {
    format!("{text}{literal}").find(literal) == Some(text.len())
}

fn shapes() -> impl Strategy<Value = Shapes> {
    let text = prop_oneof![
        any::<String>(),
        "[a-z:\" \\\\'\n]{0,12}",
        Just(String::new())
    ];
    let float = prop_oneof![
        any::<f64>().prop_filter("NaN is not equal to itself", |f| !f.is_nan()),
        Just(f64::INFINITY),
        Just(-0.0),
        Just(0.1),
    ];
    prop_oneof![
        text.clone().prop_map(Shapes::Leading),
        text.clone().prop_map(Shapes::Trailing),
        (text.clone(), text.clone())
            .prop_filter("the name ends at the first \": \"", |(n, _)| ends_at_first(
                n, ": "
            ))
            .prop_map(|(name, detail)| Shapes::Between { name, detail }),
        (any::<bool>(), text.clone()).prop_map(|(flag, rest)| Shapes::FlagRest { flag, rest }),
        (any::<char>(), any::<i64>()).prop_map(|(c, n)| Shapes::CharNumber(c, n)),
        (text.clone(), any::<bool>(), any::<u32>())
            .prop_map(|(s, b, h)| Shapes::QuotedFlagHex(s, b, h)),
        (text, any::<char>()).prop_map(|(s, c)| Shapes::TextChar(s, c)),
        (
            any::<i32>(),
            float,
            any::<char>(),
            any::<bool>(),
            any::<u8>(),
            any::<i128>()
        )
            .prop_map(|(a, b, c, d, e, f)| Shapes::Specs(a, b, c, d, e, f)),
        (any::<u128>(), any::<i8>(), any::<u16>()).prop_map(|(a, b, c)| Shapes::Numbers(a, b, c)),
    ]
}

/// Any body, often one of `Shapes`' with a few chars changed.
fn any_body() -> impl Strategy<Value = ErrorBody> {
    let message = prop_oneof![
        any::<String>(),
        shapes().prop_map(|s| s.to_error_body().message().to_owned()),
        (shapes(), any::<prop::sample::Index>(), any::<char>()).prop_map(|(s, at, c)| {
            let mut chars: Vec<char> = s.to_error_body().message().chars().collect();
            if !chars.is_empty() {
                let i = at.index(chars.len());
                chars[i] = c;
            }
            chars.into_iter().collect()
        }),
    ];
    body_of(400..=410, message)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn task_error_round_trips(task in task_error()) {
        let value = task.build();
        let body = value.to_error_body();
        let decoded = TaskError::from_error_body(&body);
        // `TaskError` holds an io::Error, which is not PartialEq: compared by Debug.
        prop_assert_eq!(format!("{decoded:?}"), format!("{:?}", Some(&value)));
        // And through the wire, as a client reads it.
        let response = body.to_http_response();
        let received = ErrorBody::from_http_response(&response).unwrap();
        prop_assert_eq!(format!("{:?}", received.decode::<TaskError>()), format!("{:?}", Some(&value)));
    }

    #[test]
    fn templates_round_trip(value in shapes()) {
        let body = value.to_error_body();
        prop_assert_eq!(Shapes::from_error_body(&body), Some(value), "{:?}", body.message());
    }

    #[test]
    fn any_body_decodes_to_a_value_that_re_encodes_to_itself(body in any_body()) {
        if let Some(value) = body.decode::<Shapes>() {
            let again = value.to_error_body();
            prop_assert_eq!(again.decode::<Shapes>(), Some(value));
            prop_assert_eq!(again.code(), body.code());
        }
        if let Some(value) = body.decode::<TaskError>() {
            let again = value.to_error_body();
            prop_assert_eq!(format!("{:?}", again.decode::<TaskError>()), format!("{:?}", Some(&value)));
        }
    }
}
