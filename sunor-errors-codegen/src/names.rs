//! The names both generators give alike: a case's class, a status family's class, a name
//! made unique. What each language cannot take is its own: each generator reads the names
//! its runtime defines from the runtime's text and adds the globals the runtime uses.

use std::collections::HashSet;

use crate::Catalog;

/// One class name per portable decodable case, `None` for the others: the id with every
/// run of characters other than ASCII letters and digits taken out and the next letter
/// made upper case (`TaskError.InsufficientCredits` is `TaskErrorInsufficientCredits`),
/// `Case` before one that would start with a digit or be empty, and `_2`, `_3`, ... after
/// one in `taken` or given to an earlier case.
pub(crate) fn class_names(catalog: &Catalog, mut taken: HashSet<String>) -> Vec<Option<String>> {
    catalog
        .cases
        .iter()
        .map(|case| {
            if !(case.portable && case.decodable) {
                return None;
            }
            let mut base: String = case
                .id
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|part| !part.is_empty())
                .map(|part| part[..1].to_ascii_uppercase() + &part[1..])
                .collect();
            if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
                base.insert_str(0, "Case");
            }
            Some(unique(base, &mut taken))
        })
        .collect()
}

/// `base`, or `base_2`, `base_3`, ... (the first that is not in `taken`), now taken.
pub(crate) fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The runtime's class for an error of `code`, a case class's parent.
pub(crate) fn status_class(code: u16) -> &'static str {
    match code {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        402 => "PaymentRequiredError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500..=599 => "InternalServerError",
        _ => "SunorError",
    }
}

/// `snake_case` as `camelCase`.
pub(crate) fn camel_case(snake: &str) -> String {
    let mut parts = snake.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |name, part| match part.get(..1) {
        Some(head) => name + &head.to_ascii_uppercase() + &part[1..],
        None => name,
    })
}

/// `names` as owned strings, the start of a set of names taken.
pub(crate) fn taken<'a>(names: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_collide() {
        let mut used = taken(["SunorError"]);
        assert_eq!(unique("SunorError".to_owned(), &mut used), "SunorError_2");
        assert_eq!(unique("SunorError".to_owned(), &mut used), "SunorError_3");
        assert_eq!(unique("Other".to_owned(), &mut used), "Other");
    }

    #[test]
    fn camel_case_joins_the_words() {
        assert_eq!(
            camel_case("rate_limited_fallback_seconds"),
            "rateLimitedFallbackSeconds"
        );
        assert_eq!(camel_case("factor"), "factor");
    }
}
