//! `Catalog::of::<T>()`, the one way to read a type's catalogue: what it makes of a
//! catalogue listed by hand as 0.1.0 code listed it (with the `catalog::ErrorDescriptor`
//! that 0.1.0 made public, now a deprecated alias of derive plumbing).

mod listed_by_hand {
    // 0.1.0 code, unchanged: it still compiles, with a deprecation warning.
    #![allow(deprecated)]

    use sunor_errors::catalog::{Catalog, ErrorDescriptor, RetryAfterHint};
    use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

    struct Overloaded;

    impl IntoErrorBody for Overloaded {
        fn error_code(&self) -> ErrorCode {
            ErrorCode::SERVICE_UNAVAILABLE
        }

        fn to_error_body(&self) -> ErrorBody {
            ErrorBody::from_code(self.error_code()).with_retry_after_seconds(5)
        }

        fn error_catalog() -> Vec<ErrorDescriptor> {
            vec![ErrorDescriptor::new(
                "Overloaded",
                None,
                ErrorCode::SERVICE_UNAVAILABLE,
                "Service unavailable",
                false,
                RetryAfterHint::Fixed(5),
            )]
        }
    }

    #[test]
    fn a_catalogue_listed_by_hand_is_read_as_cases() {
        let listed = Overloaded::error_catalog();
        assert_eq!(
            (listed[0].code, listed[0].message, listed[0].retry_after),
            (
                ErrorCode::SERVICE_UNAVAILABLE,
                "Service unavailable",
                RetryAfterHint::Fixed(5)
            )
        );

        let catalog = Catalog::of::<Overloaded>();
        assert_eq!(catalog.type_name, "Overloaded");
        assert!(!catalog.decodable);
        let case = &catalog.cases[0];
        assert_eq!(
            (case.id.as_str(), case.name()),
            ("Overloaded", "Overloaded".to_owned())
        );
        assert_eq!(case.pattern.as_deref(), Some("^Service unavailable$"));
        assert_eq!(case.retry_after, RetryAfterHint::Fixed(5));
        assert!(case.retryable && !case.decodable && !case.portable);
        assert!(case.fields.is_empty() && case.placeholders.is_empty());
        assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
    }
}
