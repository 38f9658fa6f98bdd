//! A two-word `Cow<'static, str>` for error messages.
//!
//! `std::borrow::Cow<'static, str>` takes three words; this takes two, which is what keeps
//! [`ErrorBody`](crate::ErrorBody) at 32 bytes so that `Result<T, ErrorBody>` stays cheap to
//! return. A borrowed message is a `&'static str` (capacity 0); an owned one is a `String`
//! whose length and capacity both fit in 32 bits. Owned messages are never re-allocated on
//! the way in: a `String` from `format!` is kept as it is.

use std::borrow::Cow;
use std::fmt;
use std::ptr::NonNull;

/// The longest message kept, in bytes (4 GiB - 1); longer ones are cut at a char boundary.
pub(crate) const MAX_LEN: usize = u32::MAX as usize;

pub(crate) struct Message {
    ptr: NonNull<u8>,
    len: u32,
    // 0: `ptr` is a `&'static str` (or dangling for ""); otherwise the owned `String`'s capacity.
    cap: u32,
}

// SAFETY: a `Message` is either a `&'static str` or a uniquely owned `String`; both are
// `Send` and `Sync`, and `Message` gives out only shared `&str` borrows of them.
unsafe impl Send for Message {}
// SAFETY: see `Send` above.
unsafe impl Sync for Message {}

impl Message {
    pub(crate) const fn from_static(s: &'static str) -> Message {
        let s = truncate(s);
        Message {
            // SAFETY: a slice's pointer is never null.
            ptr: unsafe { NonNull::new_unchecked(s.as_ptr().cast_mut()) },
            len: s.len() as u32,
            cap: 0,
        }
    }

    #[inline]
    pub(crate) fn from_string(mut s: String) -> Message {
        // One check on the hot path: `len <= capacity`, so a capacity in 1..=MAX_LEN needs
        // neither truncating nor shrinking.
        if s.capacity().wrapping_sub(1) >= MAX_LEN {
            if s.capacity() == 0 {
                return Message::from_static("");
            }
            if s.len() > MAX_LEN {
                let keep = truncate(&s).len();
                s.truncate(keep);
            }
            s.shrink_to_fit();
        }
        let mut s = std::mem::ManuallyDrop::new(s);
        Message {
            // SAFETY: a `String`'s pointer is never null.
            ptr: unsafe { NonNull::new_unchecked(s.as_mut_ptr()) },
            len: s.len() as u32,
            cap: s.capacity() as u32,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // SAFETY: `ptr` and `len` come from a live `&'static str` or from the `String` this
        // value owns, and were never changed since.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                self.ptr.as_ptr(),
                self.len as usize,
            ))
        }
    }

    /// The message as a `Cow`, without copying an owned message.
    pub(crate) fn into_cow(self) -> Cow<'static, str> {
        let this = std::mem::ManuallyDrop::new(self);
        if this.cap == 0 {
            // SAFETY: a borrowed message is a `&'static str` (or "" for a dangling pointer).
            let s: &'static str = unsafe {
                std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                    this.ptr.as_ptr(),
                    this.len as usize,
                ))
            };
            Cow::Borrowed(s)
        } else {
            // SAFETY: the parts are those of the `String` this value owned; ownership moves
            // back out and `this` is not dropped.
            Cow::Owned(unsafe {
                String::from_raw_parts(this.ptr.as_ptr(), this.len as usize, this.cap as usize)
            })
        }
    }
}

// The longest prefix of `s` that fits in `MAX_LEN` and ends on a char boundary.
const fn truncate(s: &str) -> &str {
    if s.len() <= MAX_LEN {
        return s;
    }
    let mut end = MAX_LEN;
    // A UTF-8 continuation byte is 0b10xx_xxxx.
    while end > 0 && (s.as_bytes()[end] as i8) < -0x40 {
        end -= 1;
    }
    match s.split_at_checked(end) {
        Some((head, _)) => head,
        None => "",
    }
}

impl Drop for Message {
    fn drop(&mut self) {
        if self.cap != 0 {
            // SAFETY: `cap != 0` means these are the parts of a `String` this value owns.
            drop(unsafe {
                String::from_raw_parts(self.ptr.as_ptr(), self.len as usize, self.cap as usize)
            });
        }
    }
}

impl Clone for Message {
    fn clone(&self) -> Message {
        if self.cap == 0 {
            Message {
                ptr: self.ptr,
                len: self.len,
                cap: 0,
            }
        } else {
            Message::from_string(self.as_str().to_owned())
        }
    }
}

impl From<Cow<'static, str>> for Message {
    fn from(cow: Cow<'static, str>) -> Message {
        match cow {
            Cow::Borrowed(s) => Message::from_static(s),
            Cow::Owned(s) => Message::from_string(s),
        }
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_words() {
        assert_eq!(std::mem::size_of::<Message>(), 16);
        assert_eq!(std::mem::size_of::<Option<Message>>(), 16);
    }

    #[test]
    fn borrowed_and_owned_round_trip() {
        let m = Message::from_static("Task not found");
        assert_eq!(m.as_str(), "Task not found");
        assert!(matches!(
            m.clone().into_cow(),
            Cow::Borrowed("Task not found")
        ));

        let mut owned = String::with_capacity(64);
        owned.push_str("Insufficient credits: available 3, required 10");
        let ptr = owned.as_ptr();
        let m = Message::from_string(owned);
        assert_eq!(m.as_str(), "Insufficient credits: available 3, required 10");
        let copy = m.clone();
        assert_ne!(copy.as_str().as_ptr(), ptr);
        match m.into_cow() {
            Cow::Owned(s) => {
                // the very same allocation comes back out, capacity included
                assert_eq!(s.as_ptr(), ptr);
                assert_eq!(s.capacity(), 64);
            }
            Cow::Borrowed(_) => panic!("owned message came back borrowed"),
        }
        assert_eq!(
            copy.as_str(),
            "Insufficient credits: available 3, required 10"
        );
    }

    #[test]
    fn empty_strings() {
        assert_eq!(Message::from_string(String::new()).as_str(), "");
        assert_eq!(Message::from_string(String::with_capacity(8)).as_str(), "");
        assert_eq!(Message::from_static("").as_str(), "");
        assert_eq!(Message::from(Cow::Owned(String::from("x"))).as_str(), "x");
    }

    #[test]
    fn truncate_keeps_char_boundaries() {
        assert_eq!(truncate("héllo"), "héllo");
    }
}
