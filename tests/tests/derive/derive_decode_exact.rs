//! Exact decoding (design.md, "Decoding"): a message decodes to the value whose own message it
//! is, split as the pattern's regex splits it; what no server writes for a placeholder does
//! not decode.

use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};

fn body(code: u16, message: &str) -> ErrorBody {
    ErrorBody::new(ErrorCode::from_u16(code).unwrap(), message.to_owned())
}

#[derive(Debug, Clone, PartialEq, IntoErrorBody, FromErrorBody)]
enum Exact {
    #[error_body(code = 400, message = "range {lo}-{hi} is empty")]
    Range { lo: i64, hi: i64 },
    #[error_body(code = 409, message = "{who} holds lock {id}")]
    Lock { who: String, id: u32 },
    #[error_body(code = 422, message = "Missing {n} fields")]
    Missing { n: u8 },
    #[error_body(code = 422, message = "Missing all fields")]
    MissingAll,
    #[error_body(code = 416, message = "checksum {n:#x}")]
    Checksum { n: u32 },
    #[error_body(code = 418, message = "{a}{b}")]
    Adjacent { a: u64, b: u64 },
}

/// The value, and the message it sends decodes back to it.
fn round_trip(value: &Exact) {
    let sent = value.to_error_body();
    assert_eq!(
        sent.decode::<Exact>().as_ref(),
        Some(value),
        "{:?}",
        sent.message()
    );
}

#[test]
fn the_issues_examples_decode() {
    let range = Exact::Range { lo: -5, hi: -3 };
    assert_eq!(range.to_error_body().message(), "range -5--3 is empty");
    round_trip(&range);
    for (lo, hi) in [(-1, 0), (0, -1), (i64::MIN, i64::MAX), (7, 7), (-10, 10)] {
        round_trip(&Exact::Range { lo, hi });
    }
    let lock = Exact::Lock {
        who: "bob holds lock".into(),
        id: 42,
    };
    assert_eq!(
        lock.to_error_body().message(),
        "bob holds lock holds lock 42"
    );
    round_trip(&lock);
    for who in ["", " ", "holds lock 1", "a holds lock b", "7"] {
        round_trip(&Exact::Lock {
            who: who.into(),
            id: 0,
        });
    }
    round_trip(&Exact::Missing { n: 255 });
    round_trip(&Exact::MissingAll);
    round_trip(&Exact::Checksum { n: 0x1f });
}

#[test]
fn near_misses_decode_to_none() {
    for (code, message) in [
        (422, "Missing +5 fields"),
        (422, "Missing 007 fields"),
        (422, "Missing 256 fields"),
        (422, "Missing -1 fields"),
        (422, "Missing 5 fields."),
        (422, "missing 5 fields"),
        (422, "Missing 5 Fields"),
        (422, "Missing  5 fields"),
        (422, "Missing all fields "),
        (416, "checksum 0x1F"),
        (416, "checksum 0X1f"),
        (416, "checksum 1f"),
        (416, "checksum 0x01f"),
        (416, "checksum 0x100000000"),
        (400, "range -0-1 is empty"),
        (400, "range +1-1 is empty"),
        (400, "range 1-1 is empty!"),
        (400, "range 9223372036854775808-1 is empty"),
        (409, "bob holds lock 042"),
        (409, "bob holds lock 4294967296"),
        (418, "1"),
        (418, "0x"),
    ] {
        assert_eq!(body(code, message).decode::<Exact>(), None, "{message:?}");
    }
    // The case with a placeholder is tried first; a number out of its range lets the next
    // case answer (none here: `Missing all fields` is another text).
    assert_eq!(
        body(422, "Missing 5 fields").decode::<Exact>(),
        Some(Exact::Missing { n: 5 })
    );
}

#[test]
fn several_splits_take_the_regexs() {
    // `{a}{b}` of two numbers: the first is greedy, as the pattern is written.
    assert_eq!(
        body(418, "111").decode::<Exact>(),
        Some(Exact::Adjacent { a: 11, b: 1 })
    );
    // Whatever the split, what decodes renders the same message.
    for message in ["10", "100", "1000", "01", "00", "123456"] {
        let decoded = body(418, message).decode::<Exact>().unwrap();
        assert_eq!(decoded.to_error_body().message(), message);
    }
}
