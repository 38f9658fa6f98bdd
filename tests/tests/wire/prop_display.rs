//! Property: `Display` of any body is safe to log: no control or bidi characters, at most
//! `ErrorBody::MAX_DISPLAY_BYTES` bytes of (escaped) message plus a short summary, and
//! exactly the escaped message when it fits. `Debug` escapes them too.

use proptest::prelude::*;
use sunor_errors::{ErrorBody, ErrorCode};

// The longest prefix and summary: "API error 599: " and "… (4294967295 more bytes)".
const OVERHEAD: usize = 64;

// Independent of the crate: what must be escaped for a log line to be trusted.
fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn escaped(c: char) -> String {
    if dangerous(c) {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

fn message() -> impl Strategy<Value = String> {
    let costly = prop::sample::select(vec![
        '\u{1b}', '\n', '\u{202e}', '\u{9f}', 'a', 'é', '🎵', '\\', '\u{61c}', '\u{2066}',
    ]);
    prop_oneof![
        any::<String>(),
        // Long runs of what costs the most to escape, around the bound.
        proptest::collection::vec((costly, 1usize..300), 0..12).prop_map(|runs| {
            runs.into_iter()
                .map(|(c, n)| c.to_string().repeat(n))
                .collect()
        }),
        (1000usize..1100).prop_map(|n| "x".repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn display_is_bounded_and_escaped(code in 400u16..=599, message in message()) {
        let body = ErrorBody::new(ErrorCode::from_u16(code).unwrap(), message.clone());
        let shown = body.to_string();
        prop_assert!(!shown.chars().any(dangerous), "{:?}", shown);
        prop_assert!(shown.len() <= ErrorBody::MAX_DISPLAY_BYTES + OVERHEAD, "{}", shown.len());

        // Debug (for developers, unbounded) escapes the same characters.
        let debug = format!("{body:?}");
        prop_assert!(!debug.chars().any(dangerous), "{:?}", debug);

        let prefix = format!("API error {code}: ");
        let rest = shown.strip_prefix(&prefix).unwrap();
        let full: String = message.chars().map(escaped).collect();
        if full.len() <= ErrorBody::MAX_DISPLAY_BYTES {
            prop_assert_eq!(rest, full.as_str());
        } else {
            // The longest run of whole escaped chars that fits, then how much was left out.
            let mut kept = String::new();
            let mut consumed = 0;
            for c in message.chars() {
                let e = escaped(c);
                if kept.len() + e.len() > ErrorBody::MAX_DISPLAY_BYTES {
                    break;
                }
                kept.push_str(&e);
                consumed += c.len_utf8();
            }
            let expected = format!("{kept}… ({} more bytes)", message.len() - consumed);
            prop_assert_eq!(rest, expected.as_str());
        }
    }
}
