//! The default message of every error code, taken from the core crate
//! (`sunor_errors::ErrorCode::default_message`), so that a generated module words a body
//! built from a code alone as the Rust crate it was generated with does.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sunor_errors::ErrorCode;

/// `ErrorCode::default_message` for every code in 400..=599, as a table and two fallbacks.
#[derive(Debug)]
pub(crate) struct DefaultMessages {
    /// The codes with a message of their own, in order.
    pub(crate) named: Vec<(u16, &'static str)>,
    /// The message of every other 4xx code.
    pub(crate) client_error: &'static str,
    /// The message of every other 5xx code.
    pub(crate) server_error: &'static str,
}

impl DefaultMessages {
    /// The core crate's messages. A family's fallback is the message most of its codes
    /// share (the word for a code without a name: "Client error", "Server error"); every
    /// code whose message differs from its family's fallback is in `named`.
    pub(crate) fn of_core_crate() -> DefaultMessages {
        let client_error = most_common(400..=499);
        let server_error = most_common(500..=599);
        let named = (400..=599)
            .map(|code| (code, message(code)))
            .filter(|&(code, message)| {
                message
                    != if code < 500 {
                        client_error
                    } else {
                        server_error
                    }
            })
            .collect();
        DefaultMessages {
            named,
            client_error,
            server_error,
        }
    }
}

/// How a language writes the table ([`DefaultMessages::write`]): how a comment line
/// starts; the table's first line, its entries' indentation and its last line; a constant
/// (its name in capitals, a literal); a string literal.
#[derive(Clone, Copy)]
pub(crate) struct Syntax {
    pub(crate) comment: &'static str,
    pub(crate) table: [&'static str; 3],
    pub(crate) constant: fn(&str, &str) -> String,
    pub(crate) string: fn(&str) -> String,
}

impl DefaultMessages {
    /// The table and the two fallbacks (`CLIENT_ERROR_MESSAGE`, `SERVER_ERROR_MESSAGE`) as
    /// code, each line ended.
    pub(crate) fn write(&self, syntax: Syntax, out: &mut String) {
        let Syntax {
            comment,
            table: [first, indent, last],
            constant,
            string,
        } = syntax;
        let _ = writeln!(
            out,
            "{comment}The default messages (sunor-errors' `ErrorCode::default_message`): the API's\n\
             {comment}wording where it has one, else the reason phrase in sentence case.\n\
             {first}"
        );
        for &(code, message) in &self.named {
            let _ = writeln!(out, "{indent}{code}: {},", string(message));
        }
        let _ = writeln!(
            out,
            "{last}\n{comment}The message of every other 4xx code, and of every other 5xx code."
        );
        for (name, message) in [
            ("CLIENT_ERROR_MESSAGE", self.client_error),
            ("SERVER_ERROR_MESSAGE", self.server_error),
        ] {
            let _ = writeln!(out, "{}", constant(name, &string(message)));
        }
    }
}

fn message(code: u16) -> &'static str {
    match ErrorCode::from_u16(code) {
        Ok(code) => code.default_message(),
        Err(e) => unreachable!("{e}: only codes in 400..=599 are asked for"),
    }
}

// The message most codes of `codes` have (the first in text order on a tie).
fn most_common(codes: std::ops::RangeInclusive<u16>) -> &'static str {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for code in codes {
        *counts.entry(message(code)).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    counts
        .into_iter()
        .find(|&(_, count)| count == most)
        .map_or("", |(message, _)| message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_its_fallbacks_give_every_codes_message() {
        let messages = DefaultMessages::of_core_crate();
        assert_eq!(messages.client_error, "Client error");
        assert_eq!(messages.server_error, "Server error");
        assert!(messages.named.contains(&(429, "Rate limit exceeded.")));
        assert!(messages.named.contains(&(502, "Upstream provider error")));
        for code in 400..=599 {
            let looked_up = match messages.named.iter().find(|(named, _)| *named == code) {
                Some(&(_, message)) => message,
                None if code < 500 => messages.client_error,
                None => messages.server_error,
            };
            assert_eq!(looked_up, message(code), "{code}");
        }
    }
}
