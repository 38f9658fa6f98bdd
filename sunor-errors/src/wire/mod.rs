//! The wire rules of the error body, in one place.
//!
//! `{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}`: compact JSON,
//! members in this order, `retry_after_seconds` left out when absent. To change the body,
//! start here:
//!
//! | file | rule |
//! |---|---|
//! | `mod.rs` | the members: their names and order ([`Member`]) |
//! | `code.rs` | `code` on the wire: a JSON integer in `400..=599` |
//! | `writer.rs` | writing: `write_json`, `to_json_vec`, `Serialize` (byte-identical) |
//! | `strict.rs` | strict reading: one serde visitor for [`ErrorBody`](crate::ErrorBody) and [`ErrorBodyRef`](crate::ErrorBodyRef) |
//! | `borrowed.rs` | [`ErrorBodyRef`](crate::ErrorBodyRef), the strict parse that borrows its message |
//! | `tolerant.rs` | what a client reads as a JSON body at all (size bound, first byte) |
//! | `check.rs` | the conformance reading: what a response's status, `Content-Type`, body and `Retry-After` say, every fact at once ([`conformance`](crate::conformance) judges them) |
//! | `media_type.rs` | which `Content-Type` is JSON |
//! | `schema.rs` | the JSON Schema, and where it and the parser differ |

pub(crate) mod borrowed;
pub(crate) mod check;
mod code;
pub(crate) mod media_type;
pub mod schema;
pub(crate) mod strict;
pub(crate) mod tolerant;
mod writer;

/// A member of the body, in wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Member {
    Code,
    Message,
    RetryAfterSeconds,
}

impl Member {
    /// Every member, in the order they are written.
    pub(crate) const ALL: [Member; 3] = [Member::Code, Member::Message, Member::RetryAfterSeconds];

    /// The member's name on the wire.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Member::Code => "code",
            Member::Message => "message",
            Member::RetryAfterSeconds => "retry_after_seconds",
        }
    }

    /// Whether a body must have it (`retry_after_seconds` may be left out).
    pub(crate) const fn is_required(self) -> bool {
        matches!(self, Member::Code | Member::Message)
    }

    /// The member a name stands for; `None` for an unknown member (which readers ignore).
    // Inlined: it runs once per member of every parsed body.
    #[inline]
    pub(crate) fn from_name(name: &[u8]) -> Option<Member> {
        match name {
            b"code" => Some(Member::Code),
            b"message" => Some(Member::Message),
            b"retry_after_seconds" => Some(Member::RetryAfterSeconds),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Member;

    #[test]
    fn names_round_trip_in_wire_order() {
        let names: Vec<&str> = Member::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(names, ["code", "message", "retry_after_seconds"]);
        for member in Member::ALL {
            assert_eq!(Member::from_name(member.name().as_bytes()), Some(member));
        }
        assert_eq!(Member::from_name(b"Code"), None);
        assert_eq!(Member::from_name(b"retry_after"), None);
    }
}
