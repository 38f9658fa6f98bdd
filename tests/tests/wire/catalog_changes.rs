//! `Catalog::changes_since` on a table of old/new pairs: every kind of change, whether it
//! breaks clients, and its exact line.

use sunor_errors::ErrorCode;
use sunor_errors::catalog::{Case, Catalog, ChangeKind, RetryAfterHint};
use sunor_errors_tests::contract::TaskError;

type Edit = fn(&mut Catalog, &mut Catalog);
/// Each change expected: its kind, whether it breaks clients, its line.
type Expected = Vec<(ChangeKind, bool, &'static str)>;

fn case<'a>(catalog: &'a mut Catalog, variant: &str) -> &'a mut Case {
    catalog
        .cases
        .iter_mut()
        .find(|case| case.variant.as_deref() == Some(variant))
        .unwrap_or_else(|| panic!("no case {variant}"))
}

/// Each change from `old` to `new`, as its line.
fn change_lines(new: &Catalog, old: &Catalog) -> Vec<String> {
    new.changes_since(old)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn code(code: u16) -> ErrorCode {
    ErrorCode::from_u16(code).unwrap()
}

// A copy of `from` under another variant name and code.
fn added(catalog: &mut Catalog, from: &str, variant: &str, status: u16, message: &str) {
    let mut new = case(catalog, from).clone();
    new.id = format!("{}.{variant}", new.type_name);
    new.variant = Some(variant.to_owned());
    new.code = code(status);
    new.message = message.to_owned();
    catalog.cases.push(new);
}

const CREDITS: &str = "InsufficientCredits";

/// Renames the credits case's placeholder `from` to `to`, in its message and in its list.
fn rename_placeholder(catalog: &mut Catalog, from: &str, to: &str) {
    let credits = case(catalog, CREDITS);
    credits.message = credits
        .message
        .replace(&format!("{{{from}}}"), &format!("{{{to}}}"));
    for placeholder in &mut credits.placeholders {
        if placeholder.name == from {
            placeholder.name = to.to_owned();
        }
    }
}

/// The credits case of `catalog`, its message now `message`.
fn credits_saying<'a>(catalog: &'a mut Catalog, message: &str) -> &'a mut Case {
    let credits = case(catalog, CREDITS);
    credits.message = message.to_owned();
    credits
}

#[test]
fn every_kind_of_change() {
    use ChangeKind::*;
    let table: Vec<(&str, Edit, Expected)> = vec![
        ("nothing", |_, _| {}, vec![]),
        (
            "a case removed",
            |_, new| {
                new.cases
                    .retain(|c| c.variant.as_deref() != Some("RateLimited"))
            },
            vec![(
                Removed,
                true,
                r#"TaskError::RateLimited: removed (was 429 "Rate limit exceeded.")"#,
            )],
        ),
        (
            "a case of a transparent variant's type removed",
            |_, new| {
                new.cases
                    .retain(|c| c.variant.as_deref() != Some("Disabled"))
            },
            vec![(
                Removed,
                true,
                r#"AuthError::Disabled: removed (was 403 "API key disabled")"#,
            )],
        ),
        (
            "a case with a new code",
            |_, new| added(new, "InvalidApiKey", "Teapot", 418, "I'm a teapot"),
            vec![(
                Added,
                false,
                r#"TaskError::Teapot: added: 418 "I'm a teapot""#,
            )],
        ),
        (
            "a case under a known code",
            |_, new| added(new, "InvalidApiKey", "KeyExpired", 401, "API key expired"),
            vec![(
                Added,
                false,
                r#"TaskError::KeyExpired: added: 401 "API key expired""#,
            )],
        ),
        (
            "a code changed",
            |_, new| case(new, CREDITS).code = code(403),
            vec![(
                CodeChanged,
                true,
                "TaskError::InsufficientCredits: code 402 -> 403",
            )],
        ),
        (
            "a literal of a template",
            |_, new| {
                credits_saying(new, "Insufficient credits: {available} of {required}");
            },
            vec![(
                MessageChanged,
                true,
                r#"TaskError::InsufficientCredits: message "Insufficient credits: available {available}, required {required}" -> "Insufficient credits: {available} of {required}""#,
            )],
        ),
        (
            "a fixed message",
            |_, new| case(new, "InvalidApiKey").message = "Invalid API key.".to_owned(),
            vec![(
                MessageChanged,
                true,
                r#"TaskError::InvalidApiKey: message "Invalid API key" -> "Invalid API key.""#,
            )],
        ),
        (
            "a format spec",
            |_, new| {
                credits_saying(
                    new,
                    "Insufficient credits: available {available:>5}, required {required}",
                );
            },
            vec![(
                MessageChanged,
                true,
                r#"TaskError::InsufficientCredits: message "Insufficient credits: available {available}, required {required}" -> "Insufficient credits: available {available:>5}, required {required}""#,
            )],
        ),
        (
            "a field shown twice instead of two",
            |_, new| rename_placeholder(new, "required", "available"),
            vec![(
                MessageChanged,
                true,
                r#"TaskError::InsufficientCredits: message "Insufficient credits: available {available}, required {required}" -> "Insufficient credits: available {available}, required {available}""#,
            )],
        ),
        (
            "a placeholder renamed",
            |_, new| rename_placeholder(new, "available", "balance"),
            vec![(
                PlaceholdersRenamed,
                false,
                "TaskError::InsufficientCredits: placeholders renamed: {available}, {required} -> {balance}, {required}",
            )],
        ),
        (
            "placeholders swapped",
            |_, new| {
                let credits = credits_saying(
                    new,
                    "Insufficient credits: available {required}, required {available}",
                );
                credits.placeholders.swap(0, 1);
            },
            vec![(
                PlaceholdersReordered,
                true,
                "TaskError::InsufficientCredits: placeholders swapped: {available}, {required} -> {required}, {available} (a decoder would fill the wrong fields)",
            )],
        ),
        (
            "a placeholder's type",
            |_, new| case(new, CREDITS).placeholders[1].ty = "u32".to_owned(),
            vec![(
                PlaceholderTypeChanged,
                true,
                "TaskError::InsufficientCredits: placeholder {required} type u64 -> u32",
            )],
        ),
        (
            "a placeholder list that lost an entry (hand-written descriptors)",
            |_, new| {
                case(new, CREDITS).placeholders.pop();
            },
            vec![(
                PlaceholderTypeChanged,
                true,
                "TaskError::InsufficientCredits: placeholder types (u64, u64) -> (u64)",
            )],
        ),
        (
            "a case no longer decodable",
            |_, new| case(new, "TaskNotFound").decodable = false,
            vec![(
                NoLongerDecodable,
                true,
                "TaskError::TaskNotFound: no longer decodable",
            )],
        ),
        (
            "a case now decodable",
            |old, _| case(old, "TaskNotFound").decodable = false,
            vec![(
                NowDecodable,
                false,
                "TaskError::TaskNotFound: now decodable",
            )],
        ),
        (
            "the message and types of a case no client decodes",
            |old, new| {
                for catalog in [old, new] {
                    case(catalog, CREDITS).decodable = false;
                }
                credits_saying(new, "Insufficient credits: {available} of {required}");
                case(new, "Internal").decodable = false;
                case(new, "Internal").message = "Something broke".to_owned();
            },
            vec![
                (
                    MessageChanged,
                    false,
                    r#"TaskError::InsufficientCredits: message "Insufficient credits: available {available}, required {required}" -> "Insufficient credits: {available} of {required}""#,
                ),
                (
                    NoLongerDecodable,
                    true,
                    "TaskError::Internal: no longer decodable",
                ),
                (
                    MessageChanged,
                    true,
                    r#"TaskError::Internal: message "Internal server error" -> "Something broke""#,
                ),
            ],
        ),
        (
            "a swap and a type change in a case no client decodes",
            |old, new| {
                for catalog in [old, new] {
                    case(catalog, CREDITS).decodable = false;
                }
                let credits = credits_saying(
                    new,
                    "Insufficient credits: available {required}, required {available}",
                );
                credits.placeholders.swap(0, 1);
                credits.placeholders[0].ty = "i64".to_owned();
            },
            vec![
                (
                    PlaceholdersReordered,
                    false,
                    "TaskError::InsufficientCredits: placeholders swapped: {available}, {required} -> {required}, {available} (a decoder would fill the wrong fields)",
                ),
                (
                    PlaceholderTypeChanged,
                    false,
                    "TaskError::InsufficientCredits: placeholder {required} type u64 -> i64",
                ),
            ],
        ),
        (
            "a retry delay removed",
            |_, new| case(new, "RateLimited").retry_after = RetryAfterHint::None,
            vec![(
                RetryAfterRemoved,
                true,
                "TaskError::RateLimited: retry delay removed (was from a field)",
            )],
        ),
        (
            "a fixed retry delay now from a field",
            |old, _| case(old, "RateLimited").retry_after = RetryAfterHint::Fixed(60),
            vec![(
                RetryAfterChanged,
                false,
                "TaskError::RateLimited: retry delay 60 s -> from a field",
            )],
        ),
        (
            "a retry delay added",
            |_, new| case(new, "Internal").retry_after = RetryAfterHint::Fixed(5),
            vec![(
                RetryAfterAdded,
                false,
                "TaskError::Internal: retry delay added: 5 s",
            )],
        ),
        (
            "a fixed retry delay changed",
            |old, new| {
                case(old, "Internal").retry_after = RetryAfterHint::Fixed(60);
                case(new, "Internal").retry_after = RetryAfterHint::Fixed(30);
            },
            vec![(
                RetryAfterChanged,
                false,
                "TaskError::Internal: retry delay 60 s -> 30 s",
            )],
        ),
        (
            "a fixed retry delay gone",
            |old, _| case(old, "Internal").retry_after = RetryAfterHint::Fixed(60),
            vec![(
                RetryAfterRemoved,
                true,
                "TaskError::Internal: retry delay removed (was 60 s)",
            )],
        ),
        (
            "a variant renamed, its id kept (`id = \"...\"`)",
            |_, new| case(new, "RateLimited").variant = Some("TooManyRequests".to_owned()),
            vec![(
                Renamed,
                false,
                "TaskError::RateLimited: renamed to TaskError::TooManyRequests, same id",
            )],
        ),
        (
            "a variant renamed with its id, the wire form the same: the id changed",
            |_, new| {
                let limited = case(new, "RateLimited");
                limited.variant = Some("TooManyRequests".to_owned());
                limited.id = "TaskError.TooManyRequests".to_owned();
            },
            vec![(
                IdChanged,
                true,
                "TaskError::RateLimited: id TaskError.RateLimited -> TaskError.TooManyRequests",
            )],
        ),
        (
            "an id changed alone",
            |_, new| case(new, CREDITS).id = "credits".to_owned(),
            vec![(
                IdChanged,
                true,
                "TaskError::InsufficientCredits: id TaskError.InsufficientCredits -> credits",
            )],
        ),
        (
            "a variant renamed and its code changed: gone, and a new one",
            |_, new| {
                let limited = case(new, "RateLimited");
                limited.variant = Some("TooManyRequests".to_owned());
                limited.id = "TaskError.TooManyRequests".to_owned();
                limited.code = code(503);
            },
            vec![
                (
                    Removed,
                    true,
                    r#"TaskError::RateLimited: removed (was 429 "Rate limit exceeded.")"#,
                ),
                (
                    Added,
                    false,
                    r#"TaskError::TooManyRequests: added: 503 "Rate limit exceeded.""#,
                ),
            ],
        ),
        (
            "a transparent variant's type renamed",
            |_, new| {
                for case in &mut new.cases {
                    if case.type_name == "AuthError" {
                        case.type_name = "KeyError".to_owned();
                    }
                }
            },
            vec![
                (
                    Renamed,
                    false,
                    "AuthError::MissingKey: renamed to KeyError::MissingKey, same id",
                ),
                (
                    Renamed,
                    false,
                    "AuthError::InvalidKey: renamed to KeyError::InvalidKey, same id",
                ),
                (
                    Renamed,
                    false,
                    "AuthError::Disabled: renamed to KeyError::Disabled, same id",
                ),
            ],
        ),
        (
            "the type renamed",
            |_, new| new.type_name = "ApiError".to_owned(),
            vec![(TypeRenamed, false, "type renamed: TaskError -> ApiError")],
        ),
        (
            "a template whose braces are all escapes, beside the same text sent as is",
            |old, new| {
                let old_case = case(old, "InvalidApiKey");
                old_case.message = "Invalid {{key}}".to_owned();
                old_case.templated = true;
                case(new, "InvalidApiKey").message = "Invalid {key}".to_owned();
            },
            vec![],
        ),
        (
            "a message with control characters shows them escaped",
            |_, new| case(new, "InvalidApiKey").message = "Invalid\nAPI key\u{1b}[2J".to_owned(),
            vec![(
                MessageChanged,
                true,
                r#"TaskError::InvalidApiKey: message "Invalid API key" -> "Invalid\nAPI key\u{1b}[2J""#,
            )],
        ),
    ];
    let base = Catalog::of::<TaskError>();
    for (name, edit, expected) in table {
        let (mut old, mut new) = (base.clone(), base.clone());
        edit(&mut old, &mut new);
        let changes = new.changes_since(&old);
        let seen: Vec<(ChangeKind, bool, String)> = changes
            .iter()
            .map(|change| (change.kind(), change.is_breaking(), change.to_string()))
            .collect();
        let expected: Vec<(ChangeKind, bool, String)> = expected
            .into_iter()
            .map(|(kind, breaking, line)| (kind, breaking, line.to_owned()))
            .collect();
        assert_eq!(seen, expected, "{name}");
        assert_eq!(
            changes.is_breaking(),
            expected.iter().any(|(_, breaking, _)| *breaking),
            "{name}"
        );
    }
}

#[test]
fn changes_display_breaking_first_and_count() {
    let old = Catalog::of::<TaskError>();
    let mut new = old.clone();
    added(&mut new, "InvalidApiKey", "Teapot", 418, "I'm a teapot");
    case(&mut new, CREDITS).code = code(403);
    case(&mut new, "Internal").retry_after = RetryAfterHint::Fixed(5);
    new.cases
        .retain(|c| c.variant.as_deref() != Some("RateLimited"));
    let changes = new.changes_since(&old);
    assert_eq!(
        changes.to_string(),
        "2 breaking changes:\n\
         \x20 TaskError::InsufficientCredits: code 402 -> 403\n\
         \x20 TaskError::RateLimited: removed (was 429 \"Rate limit exceeded.\")\n\
         2 compatible changes:\n\
         \x20 TaskError::Internal: retry delay added: 5 s\n\
         \x20 TaskError::Teapot: added: 418 \"I'm a teapot\""
    );
    assert_eq!(changes.len(), 4);
    assert_eq!(changes.breaking().count(), 2);
    let first = changes.iter().next().unwrap();
    assert_eq!(first.case(), "TaskError::InsufficientCredits");
    assert_eq!((first.before(), first.after()), (Some("402"), Some("403")));
    let removed = changes.breaking().nth(1).unwrap();
    assert_eq!(removed.before(), Some(r#"429 "Rate limit exceeded.""#));
    assert_eq!(removed.after(), None);

    let only_compatible = Catalog::of::<TaskError>();
    let mut renamed = only_compatible.clone();
    renamed.type_name = "ApiError".to_owned();
    let changes = renamed.changes_since(&only_compatible);
    assert!(!changes.is_breaking());
    assert_eq!(
        changes.to_string(),
        "1 compatible change:\n  type renamed: TaskError -> ApiError"
    );
    assert_eq!(
        only_compatible.changes_since(&only_compatible).to_string(),
        "no changes"
    );
}

// A type listed twice (two `transparent` variants of one type): the n-th with the n-th.
#[allow(dead_code)] // only their catalogues are read
mod twice {
    #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    pub(crate) enum AuthError {
        #[error_body(code = 401, message = "Missing key")]
        MissingKey,
    }

    #[derive(sunor_errors::IntoErrorBody)]
    pub(crate) enum Both {
        #[error_body(transparent)]
        Header(AuthError),
        #[error_body(transparent)]
        Query(AuthError),
    }

    pub(crate) mod v2 {
        #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
        pub(crate) enum AuthError {
            #[error_body(code = 401, message = "Missing x-api-key")]
            MissingKey,
        }

        #[derive(sunor_errors::IntoErrorBody)]
        pub(crate) enum Both {
            #[error_body(transparent)]
            Header(super::AuthError),
            #[error_body(transparent)]
            Query(AuthError),
        }
    }

    pub(crate) mod fewer {
        #[derive(sunor_errors::IntoErrorBody)]
        pub(crate) enum Both {
            #[error_body(transparent)]
            Header(super::AuthError),
        }
    }
}

#[test]
fn a_type_listed_twice_pairs_in_order() {
    let old = Catalog::of::<twice::Both>();
    assert_eq!(old.duplicate_id(), Some("AuthError.MissingKey"));
    assert_eq!(
        change_lines(&Catalog::of::<twice::v2::Both>(), &old),
        [r#"AuthError::MissingKey: message "Missing key" -> "Missing x-api-key""#]
    );
    assert_eq!(
        change_lines(&Catalog::of::<twice::fewer::Both>(), &old),
        [r#"AuthError::MissingKey: removed (was 401 "Missing key")"#]
    );
}

// Derived types, as a user compares two versions of their crate.
mod v1 {
    #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    pub(crate) enum Jobs {
        #[error_body(code = 404, message = "Job {0} not found")]
        NotFound(u64),
        #[error_body(code = 409, message = "Job {id} is {state}")]
        Conflict { id: u64, state: String },
        #[error_body(code = 503, message = "Busy", retry_after = 30)]
        Busy,
    }
}

mod v2 {
    #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    pub(crate) enum Jobs {
        // A named field now: the message reads the same.
        #[error_body(code = 404, message = "Job {job} not found")]
        NotFound { job: u64 },
        #[error_body(code = 409, message = "Job {id} is {state}")]
        Conflict { id: u32, state: String },
        #[error_body(code = 503, message = "Busy")]
        Overloaded {
            #[error_body(retry_after)]
            wait: Option<u64>,
        },
        #[error_body(code = 410, message = "Job {0} expired")]
        Expired(u64),
    }
}

#[test]
fn derived_versions() {
    let changes = Catalog::of::<v2::Jobs>().changes_since(&Catalog::of::<v1::Jobs>());
    assert_eq!(
        changes.to_string(),
        "2 breaking changes:\n\
         \x20 Jobs::Conflict: placeholder {id} type u64 -> u32\n\
         \x20 Jobs::Busy: removed (was 503 \"Busy\")\n\
         3 compatible changes:\n\
         \x20 Jobs::NotFound: placeholders renamed: {0} -> {job}\n\
         \x20 Jobs::Overloaded: added: 503 \"Busy\"\n\
         \x20 Jobs::Expired: added: 410 \"Job {0} expired\""
    );
}
