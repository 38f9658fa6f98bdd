// Adjacent placeholders whose types make the split unique compile, and decode.
#![deny(warnings, unused_qualifications)]

use sunor_errors::{ErrorBody, FromErrorBody, IntoErrorBody};

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Flags {
    // A bool's text ends where it ends.
    #[error_body(code = 400, message = "{flag}{rest}")]
    Leading { flag: bool, rest: String },
    // ... and starts where it starts.
    #[error_body(code = 401, message = "{rest}{flag}")]
    Trailing { rest: String, flag: bool },
    // One char, then a number.
    #[error_body(code = 402, message = "{0}{1}")]
    Unit(char, u64),
    // A Debug string is quoted; a number cannot start with `"`.
    #[error_body(code = 403, message = "{0}{1:?}{2}")]
    Quoted(u32, String, bool),
    // Hex digits have no `x`: the second `0x` is where the second number starts.
    #[error_body(code = 404, message = "{0:#x}{1:#x}")]
    Hex(u8, u16),
}

fn main() {
    for value in [
        Flags::Leading { flag: true, rest: "false alarm".into() },
        Flags::Trailing { rest: "true".into(), flag: false },
        Flags::Unit('7', 42),
        Flags::Quoted(12, "say \"hi\"".into(), true),
        Flags::Hex(0x10, 0xbeef),
    ] {
        let body: ErrorBody = value.to_error_body();
        assert_eq!(Flags::from_error_body(&body), Some(value));
    }
}
