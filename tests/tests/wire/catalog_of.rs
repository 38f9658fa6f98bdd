//! `Catalog::of::<T>()`, the one way to read a type's catalogue: what it makes of a
//! catalogue listed by hand as 0.1.0 code listed it (with the `catalog::ErrorDescriptor`
//! that 0.1.0 made public, now a deprecated alias of derive plumbing), and of a pointer
//! (`Box`, `&`, `Arc`, `Rc`) to an error type: that type's catalogue, byte for byte.

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

mod pointers {
    use std::rc::Rc;
    use std::sync::Arc;

    use sunor_errors::catalog::Catalog;
    use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};
    use sunor_errors_tests::contract::{AuthError, TaskError, UpstreamFailed};

    /// `T`'s catalogue and the same through every pointer, as JSON.
    fn through_pointers<T: IntoErrorBody>() -> [String; 7] {
        [
            Catalog::of::<T>().to_json(),
            Catalog::of::<Box<T>>().to_json(),
            Catalog::of::<&T>().to_json(),
            Catalog::of::<Arc<T>>().to_json(),
            Catalog::of::<Rc<T>>().to_json(),
            Catalog::of::<&Box<T>>().to_json(),
            Catalog::of::<Arc<Box<T>>>().to_json(),
        ]
    }

    #[test]
    fn a_pointer_has_the_catalogue_of_what_it_points_to() {
        let [own, pointers @ ..] = through_pointers::<TaskError>();
        assert!(own.contains("\"type\": \"TaskError\",\n  \"decodable\": true,"));
        assert!(own.contains("\"id\": \"AuthError.Disabled\""));
        for json in pointers {
            assert_eq!(json, own);
        }
        assert_eq!(Catalog::of::<Box<TaskError>>(), Catalog::of::<TaskError>());

        // Not decodable, and a struct: the same through a pointer too.
        let [own, pointers @ ..] = through_pointers::<UpstreamFailed>();
        assert!(own.contains("\"type\": \"UpstreamFailed\",\n  \"decodable\": false,"));
        for json in pointers {
            assert_eq!(json, own);
        }
        // A generic type keeps its arguments in its name.
        let [own, pointers @ ..] = through_pointers::<Wrapped<u8>>();
        assert!(own.contains("\"type\": \"Wrapped<u8>\","));
        for json in pointers {
            assert_eq!(json, own);
        }
    }

    #[allow(dead_code)] // only its catalogue is read
    #[derive(Debug, IntoErrorBody)]
    enum Wrapped<T> {
        #[error_body(code = 404, message = "No {0}")]
        Missing(T),
    }

    // A `transparent` variant over a box lists the boxed type's cases, in place.
    #[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
    enum Boxed {
        #[error_body(code = 409, message = "Busy")]
        Busy,
        #[error_body(transparent)]
        Auth(Box<AuthError>),
    }

    #[test]
    fn a_transparent_box_lists_its_cases() {
        let ids: Vec<String> = Catalog::of::<Boxed>()
            .cases
            .into_iter()
            .map(|case| case.id)
            .collect();
        assert_eq!(
            ids,
            [
                "Boxed.Busy",
                "AuthError.MissingKey",
                "AuthError.InvalidKey",
                "AuthError.Disabled"
            ]
        );
        let body = Boxed::Auth(Box::new(AuthError::Disabled)).to_error_body();
        assert_eq!(
            Boxed::from_error_body(&body),
            Some(Boxed::Auth(Box::new(AuthError::Disabled)))
        );
    }

    fn answer<E: IntoErrorBody>(error: E) -> ErrorBody {
        error.to_error_body()
    }

    #[test]
    fn pointers_to_trait_objects_still_answer() {
        let error = AuthError::Disabled;
        let expected = ErrorBody::new(ErrorCode::FORBIDDEN, "API key disabled");
        let object: &dyn IntoErrorBody = &error;
        assert_eq!(answer(object), expected);
        let sendable: &(dyn IntoErrorBody + Send + Sync) = &error;
        assert_eq!(answer(sendable), expected);
        assert_eq!(answer::<&&dyn IntoErrorBody>(&object), expected);
        let boxed: Box<dyn IntoErrorBody> = Box::new(AuthError::Disabled);
        assert_eq!(answer(boxed), expected);
        let boxed: Box<dyn IntoErrorBody + Send> = Box::new(AuthError::Disabled);
        assert_eq!(answer(boxed), expected);
        let boxed: Box<dyn IntoErrorBody + Sync> = Box::new(AuthError::Disabled);
        assert_eq!(answer(boxed), expected);
        let boxed: Box<dyn IntoErrorBody + Send + Sync> = Box::new(AuthError::Disabled);
        assert_eq!(answer(&boxed), expected);
        assert_eq!(answer(boxed), expected);
        let shared: Arc<dyn IntoErrorBody + Send + Sync> = Arc::new(AuthError::Disabled);
        assert_eq!(answer(Arc::clone(&shared)), expected);
        let local: Rc<dyn IntoErrorBody> = Rc::new(AuthError::Disabled);
        assert_eq!(answer(local), expected);
        let cause = shared.error_cause().unwrap();
        assert_eq!(
            (cause.type_name, cause.variant),
            ("AuthError", Some("Disabled"))
        );

        // A trait object has no catalogue of its own.
        let catalog = Catalog::of::<Box<dyn IntoErrorBody + Send + Sync>>();
        assert_eq!(catalog.type_name, "Box<dyn IntoErrorBody + Send + Sync>");
        assert!(catalog.cases.is_empty() && !catalog.decodable);
    }
}
