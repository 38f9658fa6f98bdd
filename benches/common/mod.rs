//! Fixtures shared by the benches: the 402 body of the API's error page and the plain serde
//! struct of the same shape that a user would otherwise write.

#![allow(dead_code, unreachable_pub)] // each bench uses a part

use serde::{Deserialize, Serialize};

/// The 402 body from the API's error page.
pub const MESSAGE_402: &str = "Insufficient credits: available 3, required 10";
pub const JSON_402: &[u8] =
    br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;

/// What a user would write without this crate: a plain derive of the same shape.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PlainBody {
    pub code: u16,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

impl PlainBody {
    pub fn payment_required() -> PlainBody {
        PlainBody {
            code: 402,
            message: MESSAGE_402.to_owned(),
            retry_after_seconds: None,
        }
    }
}

/// A 2 KiB HTML page as a proxy sends it for a 502 (nginx style, padded with comments).
pub fn html_502_page() -> Vec<u8> {
    let mut page = String::from(
        "<!DOCTYPE html>\r\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
         <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n",
    );
    let filler = "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";
    let end = "</body>\r\n</html>\r\n";
    while page.len() + filler.len() + end.len() <= 2048 {
        page.push_str(filler);
    }
    while page.len() + end.len() < 2048 {
        page.push(' ');
    }
    page.push_str(end);
    assert_eq!(page.len(), 2048);
    page.into_bytes()
}
