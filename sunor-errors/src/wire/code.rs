//! `code` on the wire: a JSON integer in `400..=599`, nothing else (not `400.0`, not `"400"`).

use std::fmt;

use crate::ErrorCode;

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.as_u16())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_u64(CodeVisitor)
    }
}

// Accepts integers only: a float such as 400.0 or a string "400" is a type error.
struct CodeVisitor;

const EXPECTED: &str = "an HTTP error status code, an integer in 400..=599";

impl serde::de::Visitor<'_> for CodeVisitor {
    type Value = ErrorCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    #[inline]
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ErrorCode, E> {
        ErrorCode::from_u64(v)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &EXPECTED))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ErrorCode, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Signed(v),
                &EXPECTED,
            )),
        }
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<ErrorCode, E> {
        self.visit_wide(u64::try_from(v).ok())
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<ErrorCode, E> {
        self.visit_wide(u64::try_from(v).ok())
    }
}

impl CodeVisitor {
    // A 128-bit integer, `None` when it does not fit in 64 bits.
    fn visit_wide<E: serde::de::Error>(self, v: Option<u64>) -> Result<ErrorCode, E> {
        use serde::de::Visitor as _;
        match v {
            Some(v) => self.visit_u64(v),
            None => Err(E::invalid_value(
                serde::de::Unexpected::Other("a 128-bit integer"),
                &EXPECTED,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ErrorCode;

    #[test]
    fn serde_number() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::TOO_MANY_REQUESTS).unwrap(),
            "429"
        );
        assert_eq!(
            serde_json::from_str::<ErrorCode>("429").unwrap(),
            ErrorCode::TOO_MANY_REQUESTS
        );
        let cases = [
            (
                "99",
                "invalid value: integer `99`, expected an HTTP error status code, an integer in 400..=599",
            ),
            (
                "600",
                "invalid value: integer `600`, expected an HTTP error status code, an integer in 400..=599",
            ),
            (
                "-1",
                "invalid value: integer `-1`, expected an HTTP error status code, an integer in 400..=599",
            ),
            (
                "400.0",
                "invalid type: floating point `400.0`, expected an HTTP error status code, an integer in 400..=599",
            ),
            (
                "\"400\"",
                "invalid type: string \"400\", expected an HTTP error status code, an integer in 400..=599",
            ),
            (
                "null",
                "invalid type: null, expected an HTTP error status code, an integer in 400..=599",
            ),
        ];
        for (json, message) in cases {
            let err = serde_json::from_str::<ErrorCode>(json).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{message} at line 1 column {}", json.len())
            );
        }
        assert!(serde_json::from_str::<ErrorCode>("18446744073709551616").is_err());
    }
}
