//! Headers as the tests write and read them: a `HeaderMap` from `(name, value)` text, and a
//! response's headers back as owned text pairs to compare whole.

use http::{HeaderMap, HeaderName, HeaderValue};

/// A map of `pairs`, appended in order (a name given twice holds both values).
pub fn header_map<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            (
                HeaderName::from_bytes(name.as_ref().as_bytes()).unwrap(),
                HeaderValue::from_str(value.as_ref()).unwrap(),
            )
        })
        .collect()
}

/// Owned `(name, value)` pairs of `list`, to compare with `header_pairs`.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// Every header of `headers` as text, in the order they stand (values must be text).
pub fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect()
}

/// `header_pairs` sorted, without `date` (which a real server sets to the clock).
pub fn sorted_header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut pairs = header_pairs(headers);
    pairs.retain(|(name, _)| name != "date");
    pairs.sort();
    pairs
}
