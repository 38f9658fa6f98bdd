//! What the targets check of any body they end with (included by path).

use sunor_errors::ErrorBody;

/// `Display` is bounded and free of control characters, whatever the message.
pub fn assert_display_is_safe(body: &ErrorBody) {
    let shown = body.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(
        shown.len() <= ErrorBody::MAX_DISPLAY_BYTES + 64,
        "{}",
        shown.len()
    );
}
