//! [`Change`] and [`Changes`]: what differs between two versions of a catalogue, each change
//! breaking for clients or not, each shown on one line.

use std::fmt;

use crate::log_safe::Escaped;

/// The most bytes of one value (a message, a name) that a change line shows.
const MAX_SHOWN: usize = 512;

/// What kind of difference a [`Change`] is. Which kinds break clients is in the table of
/// the [module docs](super#what-breaks-clients).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A case is gone (always breaking).
    Removed,
    /// A new case.
    Added,
    /// A case whose variant or type was renamed, its id (and wire form) unchanged.
    Renamed,
    /// A case whose id changed, its wire form unchanged (always breaking: clients of other
    /// languages name cases by id).
    IdChanged,
    /// The catalogue's type was renamed.
    TypeRenamed,
    /// A case answers with another code (always breaking).
    CodeChanged,
    /// A case's message reads differently: a literal, a format spec, a placeholder added,
    /// removed or repeated (breaking when the case was decodable).
    MessageChanged,
    /// Placeholders renamed only: the message reads the same.
    PlaceholdersRenamed,
    /// Placeholders that swapped places, so a decoder would fill the wrong fields
    /// (breaking when the case was decodable).
    PlaceholdersReordered,
    /// A placeholder's field type changed (breaking when the case was decodable).
    PlaceholderTypeChanged,
    /// A decodable case that no longer is (always breaking).
    NoLongerDecodable,
    /// A case that decoding now produces.
    NowDecodable,
    /// A case whose body no longer carries a retry delay (always breaking).
    RetryAfterRemoved,
    /// A case whose body now carries a retry delay.
    RetryAfterAdded,
    /// A case whose retry delay comes from elsewhere or has another fixed value.
    RetryAfterChanged,
}

/// One difference between an old catalogue and a new one.
///
/// Its `Display` is one line naming the case and both values; see
/// [`Catalog::changes_since`](super::Catalog::changes_since) for an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    kind: ChangeKind,
    breaking: bool,
    case: String,
    placeholder: Option<String>,
    old: Option<String>,
    new: Option<String>,
}

impl Change {
    pub(crate) fn new(kind: ChangeKind, breaking: bool, case: String) -> Change {
        Change {
            kind,
            breaking,
            case,
            placeholder: None,
            old: None,
            new: None,
        }
    }

    pub(crate) fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    pub(crate) fn placeholder(mut self, name: Option<String>) -> Change {
        self.placeholder = name;
        self
    }

    /// What kind of change it is.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// Whether a client built against the old catalogue may fail to decode (or misread)
    /// bodies of the new one, or the reverse.
    pub fn is_breaking(&self) -> bool {
        self.breaking
    }

    /// The case it is about (`"TaskError::InsufficientCredits"`; its old name when it was
    /// renamed), or the old type name for [`ChangeKind::TypeRenamed`].
    pub fn case(&self) -> &str {
        &self.case
    }

    /// The value before, as the line shows it (`Some("402")`), when there was one.
    pub fn before(&self) -> Option<&str> {
        self.old.as_deref()
    }

    /// The value after, as the line shows it, when there is one.
    pub fn after(&self) -> Option<&str> {
        self.new.as_deref()
    }
}

fn text(s: &str) -> Escaped<'_> {
    Escaped::text(s, MAX_SHOWN)
}

fn quoted(s: &str) -> Escaped<'_> {
    Escaped::quoted(s.as_bytes(), MAX_SHOWN)
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let old = self.old.as_deref().unwrap_or("");
        let new = self.new.as_deref().unwrap_or("");
        if self.kind == ChangeKind::TypeRenamed {
            return write!(f, "type renamed: {} -> {}", text(old), text(new));
        }
        write!(f, "{}: ", text(&self.case))?;
        match self.kind {
            ChangeKind::Removed => write!(f, "removed (was {})", text(old)),
            ChangeKind::Added => write!(f, "added: {}", text(new)),
            ChangeKind::Renamed => write!(f, "renamed to {}, same id", text(new)),
            ChangeKind::IdChanged => write!(f, "id {} -> {}", text(old), text(new)),
            ChangeKind::CodeChanged => write!(f, "code {} -> {}", text(old), text(new)),
            ChangeKind::MessageChanged => {
                write!(f, "message {} -> {}", quoted(old), quoted(new))
            }
            ChangeKind::PlaceholdersRenamed => {
                write!(f, "placeholders renamed: {} -> {}", text(old), text(new))
            }
            ChangeKind::PlaceholdersReordered => write!(
                f,
                "placeholders swapped: {} -> {} (a decoder would fill the wrong fields)",
                text(old),
                text(new)
            ),
            ChangeKind::PlaceholderTypeChanged => match &self.placeholder {
                Some(name) => write!(
                    f,
                    "placeholder {{{}}} type {} -> {}",
                    text(name),
                    text(old),
                    text(new)
                ),
                None => write!(f, "placeholder types ({}) -> ({})", text(old), text(new)),
            },
            ChangeKind::NoLongerDecodable => f.write_str("no longer decodable"),
            ChangeKind::NowDecodable => f.write_str("now decodable"),
            ChangeKind::RetryAfterRemoved => {
                write!(f, "retry delay removed (was {})", text(old))
            }
            ChangeKind::RetryAfterAdded => write!(f, "retry delay added: {}", text(new)),
            ChangeKind::RetryAfterChanged => {
                write!(f, "retry delay {} -> {}", text(old), text(new))
            }
            ChangeKind::TypeRenamed => Ok(()),
        }
    }
}

/// Every [`Change`] between two catalogues, in order: the old catalogue's cases first, then
/// the cases added.
///
/// Its `Display` lists the breaking changes, then the others, one per line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    changes: Vec<Change>,
}

impl Changes {
    pub(crate) fn from_vec(changes: Vec<Change>) -> Changes {
        Changes { changes }
    }

    /// Whether any change breaks clients.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// The changes that break clients.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.is_breaking())
    }

    /// Every change.
    pub fn iter(&self) -> std::slice::Iter<'_, Change> {
        self.changes.iter()
    }

    /// How many changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = &'a Change;
    type IntoIter = std::slice::Iter<'a, Change>;

    fn into_iter(self) -> Self::IntoIter {
        self.changes.iter()
    }
}

impl IntoIterator for Changes {
    type Item = Change;
    type IntoIter = std::vec::IntoIter<Change>;

    fn into_iter(self) -> Self::IntoIter {
        self.changes.into_iter()
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return f.write_str("no changes");
        }
        let mut first = true;
        for (breaking, title) in [(true, "breaking"), (false, "compatible")] {
            let count = self.iter().filter(|c| c.is_breaking() == breaking).count();
            if count == 0 {
                continue;
            }
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            let s = if count == 1 { "" } else { "s" };
            write!(f, "{count} {title} change{s}:")?;
            for change in self.iter().filter(|c| c.is_breaking() == breaking) {
                write!(f, "\n  {change}")?;
            }
        }
        Ok(())
    }
}
