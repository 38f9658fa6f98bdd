//! Snapshot files: a catalogue checked into a repository, and a `#[test]` that holds the
//! current one against it.

use std::error::Error as StdError;
use std::ffi::OsStr;
use std::fmt;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use super::{Catalog, Changes, InvalidCatalog};
use crate::IntoErrorBody;
use crate::log_safe::Escaped;

/// The environment variable that [`assert_compatible`] reads: `1` writes the snapshot
/// whatever changed (accepting the changes), `0` never writes one, unset or `auto` writes
/// one only where none exists (unless `CI` is set).
pub const UPDATE_ENV: &str = "SUNOR_ERRORS_UPDATE_SNAPSHOTS";

/// The largest snapshot file read (4 MiB; a catalogue of a thousand cases takes about
/// 300 KiB).
pub const MAX_SNAPSHOT_BYTES: u64 = 4 * 1024 * 1024;

/// Whether [`check_snapshot`] may write the snapshot file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Update {
    /// Write a snapshot where none exists; compare with one that does. The default, as
    /// insta does.
    IfMissing,
    /// Never write: a missing snapshot is an error. The default when `CI` is set.
    Never,
    /// Write the current catalogue whatever changed, breaking changes included: how a
    /// change is accepted.
    Always,
}

impl Update {
    /// From [`UPDATE_ENV`] (`1` or `always`: [`Always`](Update::Always); `0` or `no`:
    /// [`Never`](Update::Never); unset, empty or `auto`: [`IfMissing`](Update::IfMissing), or
    /// `Never` when the `CI` variable is set and not `false` or `0`). Another value is an
    /// error.
    pub fn from_env() -> Result<Update, SnapshotError> {
        let update = std::env::var_os(UPDATE_ENV);
        let ci = std::env::var_os("CI");
        Update::from_values(update.as_deref(), ci.as_deref())
    }

    fn from_values(update: Option<&OsStr>, ci: Option<&OsStr>) -> Result<Update, SnapshotError> {
        let on_ci = ci.is_some_and(|ci| !ci.is_empty() && ci != "false" && ci != "0");
        match update.map(|value| value.to_str()) {
            Some(Some("1" | "always")) => Ok(Update::Always),
            Some(Some("0" | "no")) => Ok(Update::Never),
            None | Some(Some("" | "auto")) if on_ci => Ok(Update::Never),
            None | Some(Some("" | "auto")) => Ok(Update::IfMissing),
            Some(value) => Err(SnapshotError::Env {
                value: value.unwrap_or("<not UTF-8>").to_owned(),
            }),
        }
    }
}

/// What [`check_snapshot`] did to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotAction {
    /// Left as it was.
    Kept,
    /// Written where there was none (or, under [`Update::Always`], over a file that was not
    /// a catalogue).
    Created,
    /// Rewritten with the current catalogue ([`Update::Always`]).
    Updated,
}

/// The outcome of a [`check_snapshot`] that passed. Its `Display` is what
/// [`assert_compatible`] prints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SnapshotReport {
    /// The snapshot file.
    pub path: PathBuf,
    /// The type whose catalogue it holds.
    pub type_name: String,
    /// What changed since the snapshot (accepted when `action` is
    /// [`Updated`](SnapshotAction::Updated)); empty for a new snapshot.
    pub changes: Changes,
    /// What was done to the file.
    pub action: SnapshotAction,
    /// Whether the file now holds exactly what [`Catalog::to_json`] writes; `false` for a
    /// kept snapshot in an older order or layout.
    pub up_to_date: bool,
}

impl SnapshotReport {
    /// Whether there is anything to tell: a file written, a change, a stale layout.
    pub fn is_noteworthy(&self) -> bool {
        self.action != SnapshotAction::Kept || !self.changes.is_empty() || !self.up_to_date
    }
}

impl fmt::Display for SnapshotReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, name) = (self.path.display(), Escaped::text(&self.type_name, 128));
        match self.action {
            SnapshotAction::Created => write!(
                f,
                "sunor-errors: wrote the error catalogue of {name} to {path}: commit it"
            ),
            SnapshotAction::Updated if self.changes.is_empty() => write!(
                f,
                "sunor-errors: rewrote {path} with the error catalogue of {name} (no change clients see)"
            ),
            SnapshotAction::Updated => write!(
                f,
                "sunor-errors: updated {path} with the error catalogue of {name}, accepting:\n{}",
                self.changes
            ),
            SnapshotAction::Kept if !self.changes.is_empty() => write!(
                f,
                "sunor-errors: the error catalogue of {name} changed since {path}, compatibly:\n{}\n\
                 To record the changes, rerun with {UPDATE_ENV}=1 and commit {path}.",
                self.changes
            ),
            SnapshotAction::Kept if !self.up_to_date => write!(
                f,
                "sunor-errors: {path} holds the error catalogue of {name} in another order or \
                 layout: rerun with {UPDATE_ENV}=1 to rewrite it"
            ),
            SnapshotAction::Kept => write!(
                f,
                "sunor-errors: the error catalogue of {name} matches {path}"
            ),
        }
    }
}

/// Why [`check_snapshot`] failed: what [`assert_compatible`] panics with.
#[derive(Debug)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The catalogue breaks clients built against the snapshot.
    Breaking {
        /// The snapshot file.
        path: PathBuf,
        /// The type whose catalogue it is.
        type_name: String,
        /// Every change, the breaking ones and the others.
        changes: Changes,
    },
    /// No snapshot, and [`Update::Never`].
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The snapshot is longer than [`MAX_SNAPSHOT_BYTES`].
    TooLarge {
        /// The snapshot file.
        path: PathBuf,
    },
    /// The snapshot is not a catalogue this version reads.
    Invalid {
        /// The snapshot file.
        path: PathBuf,
        /// What is wrong in it.
        error: InvalidCatalog,
    },
    /// The snapshot could not be read.
    Read {
        /// The snapshot file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The snapshot could not be written.
    Write {
        /// The snapshot file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Two cases of the catalogue share one id (two types reached through `transparent`
    /// variants): clients could not tell them apart. Give one an `#[error_body(id = "...")]`.
    DuplicateId {
        /// The id.
        id: String,
    },
    /// [`UPDATE_ENV`] holds a value [`Update::from_env`] does not know.
    Env {
        /// The value.
        value: String,
    },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Breaking {
                path,
                type_name,
                changes,
            } => write!(
                f,
                "the error catalogue of {} breaks clients built against {}:\n{changes}\n\
                 If the break is intended (every client upgraded first, or a new major \
                 version), accept it: rerun with {UPDATE_ENV}=1 and commit {}.",
                Escaped::text(type_name, 128),
                path.display(),
                path.display()
            ),
            SnapshotError::Missing { path } => write!(
                f,
                "no error catalogue snapshot at {}, and none is written here ({UPDATE_ENV}=0 \
                 or CI is set): run the test with {UPDATE_ENV}=1 and commit the file",
                path.display()
            ),
            SnapshotError::TooLarge { path } => write!(
                f,
                "the catalogue snapshot {} is over {MAX_SNAPSHOT_BYTES} bytes: not one this \
                 crate wrote",
                path.display()
            ),
            SnapshotError::Invalid { path, error } => write!(
                f,
                "the catalogue snapshot {} is not valid: {error}. Restore it from version \
                 control, or rewrite it with {UPDATE_ENV}=1",
                path.display()
            ),
            SnapshotError::Read { path, source } => write!(
                f,
                "cannot read the catalogue snapshot {}: {source}",
                path.display()
            ),
            SnapshotError::Write { path, source } => write!(
                f,
                "cannot write the catalogue snapshot {}: {source}",
                path.display()
            ),
            SnapshotError::DuplicateId { id } => write!(
                f,
                "two cases of the error catalogue have the id {}: give one of them its own \
                 with #[error_body(id = \"...\")]",
                Escaped::quoted(id.as_bytes(), 128)
            ),
            SnapshotError::Env { value } => write!(
                f,
                "{UPDATE_ENV}={}: expected 1 (write the snapshot), 0 (never write it) or auto",
                Escaped::quoted(value.as_bytes(), 64)
            ),
        }
    }
}

impl StdError for SnapshotError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SnapshotError::Read { source, .. } | SnapshotError::Write { source, .. } => {
                Some(source)
            }
            SnapshotError::Invalid { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Holds `catalog` against the snapshot file at `path`: the non-panicking core of
/// [`assert_compatible`], with the update mode given instead of read from the environment.
///
/// - No file: written unless [`Update::Never`] ([`SnapshotAction::Created`]).
/// - A file: compared ([`Catalog::changes_since`]). Breaking changes are an error unless
///   [`Update::Always`], which rewrites the file (only when its text differs) and reports
///   what it accepted. Compatible changes pass and leave the file as it is.
/// - A file that is not a catalogue (corrupt, another format): an error saying where,
///   unless `Update::Always`, which writes the catalogue over it (`Created`). A file over
///   [`MAX_SNAPSHOT_BYTES`] is an error, always.
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::catalog::{Catalog, ChangeKind, SnapshotAction, SnapshotError, Update, check_snapshot};
///
/// mod v1 {
///     #[derive(sunor_errors::IntoErrorBody)]
///     pub enum TaskError {
///         #[error_body(code = 404, message = "Task not found")]
///         TaskNotFound,
///     }
/// }
/// mod v2 {
///     #[derive(sunor_errors::IntoErrorBody)]
///     pub enum TaskError {
///         #[error_body(code = 410, message = "Task not found")]
///         TaskNotFound,
///     }
/// }
///
/// let dir = std::env::temp_dir().join(format!("sunor-errors-doc-{}", std::process::id()));
/// let path = dir.join("task_error.catalog.json");
/// let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::IfMissing)?;
/// assert_eq!(report.action, SnapshotAction::Created);
///
/// let Err(SnapshotError::Breaking { changes, .. }) =
///     check_snapshot(&Catalog::of::<v2::TaskError>(), &path, Update::IfMissing)
/// else {
///     panic!("404 -> 410 breaks clients");
/// };
/// assert_eq!(changes.to_string(), "1 breaking change:\n  TaskError::TaskNotFound: code 404 -> 410");
///
/// // Accepting it rewrites the file.
/// let report = check_snapshot(&Catalog::of::<v2::TaskError>(), &path, Update::Always)?;
/// assert_eq!(report.action, SnapshotAction::Updated);
/// assert_eq!(std::fs::read_to_string(&path)?, Catalog::of::<v2::TaskError>().to_json());
/// std::fs::remove_dir_all(&dir)?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_snapshot(
    catalog: &Catalog,
    path: impl AsRef<Path>,
    update: Update,
) -> Result<SnapshotReport, SnapshotError> {
    let path = path.as_ref();
    if let Some(id) = catalog.duplicate_id() {
        return Err(SnapshotError::DuplicateId { id: id.to_owned() });
    }
    let json = catalog.to_json();
    let report = |changes, action, up_to_date| SnapshotReport {
        path: path.to_owned(),
        type_name: catalog.type_name.clone(),
        changes,
        action,
        up_to_date,
    };
    let Some(text) = read(path)? else {
        if update == Update::Never {
            return Err(SnapshotError::Missing {
                path: path.to_owned(),
            });
        }
        write(path, &json)?;
        return Ok(report(Changes::default(), SnapshotAction::Created, true));
    };
    let old = text
        .as_deref()
        .map_err(Clone::clone)
        .and_then(Catalog::from_json);
    let changes = match (old, update) {
        (Ok(old), _) => catalog.changes_since(&old),
        // Accepting the catalogue replaces what was not one, as if there were none.
        (Err(_), Update::Always) => {
            write(path, &json)?;
            return Ok(report(Changes::default(), SnapshotAction::Created, true));
        }
        (Err(error), _) => {
            return Err(SnapshotError::Invalid {
                path: path.to_owned(),
                error,
            });
        }
    };
    let up_to_date = text.as_deref() == Ok(json.as_str());
    if update == Update::Always {
        if up_to_date {
            return Ok(report(changes, SnapshotAction::Kept, true));
        }
        write(path, &json)?;
        return Ok(report(changes, SnapshotAction::Updated, true));
    }
    if changes.is_breaking() {
        return Err(SnapshotError::Breaking {
            path: path.to_owned(),
            type_name: catalog.type_name.clone(),
            changes,
        });
    }
    Ok(report(changes, SnapshotAction::Kept, up_to_date))
}

/// Panics unless `T`'s catalogue is compatible with the snapshot at `path`: for a `#[test]`
/// that keeps clients of older versions working. Breaking changes fail with one line each
/// and how to accept them; compatible changes pass, printed (with how to record them) on
/// the test's output. Where no snapshot exists it is written, as insta does (not when `CI`
/// is set); [`UPDATE_ENV`]`=1` rewrites it, accepting every change.
///
/// `path` is relative to the current directory, which `cargo test` sets to the package's
/// root (in a workspace, the member's directory): `"tests/snapshots/task_error.catalog.json"`
/// is in the package's `tests/` directory.
/// See [`check_snapshot`] for the rules and the [module docs](super) for what breaks clients.
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::catalog::{self, Catalog};
///
/// #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
/// enum TaskError {
///     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
///     InsufficientCredits { available: u64, required: u64 },
/// }
///
/// # let dir = std::env::temp_dir().join(format!("sunor-errors-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// # let path = dir.join("task_error.catalog.json");
/// # std::fs::write(&path, Catalog::of::<TaskError>().to_json())?;
/// // In a #[test]: `catalog::assert_compatible::<TaskError>("tests/snapshots/task_error.catalog.json");`
/// catalog::assert_compatible::<TaskError>(&path);
/// # std::fs::remove_dir_all(&dir)?;
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
#[track_caller]
pub fn assert_compatible<T: IntoErrorBody>(path: impl AsRef<Path>) {
    let checked =
        Update::from_env().and_then(|update| check_snapshot(&Catalog::of::<T>(), path, update));
    match checked {
        Ok(report) if report.is_noteworthy() => eprintln!("{report}"),
        Ok(_) => {}
        Err(error) => panic!("{error}"),
    }
}

// The file's text (`Err` when it is not UTF-8), or `None` when there is no file.
fn read(path: &Path) -> Result<Option<Result<String, InvalidCatalog>>, SnapshotError> {
    let read_error = |source| SnapshotError::Read {
        path: path.to_owned(),
        source,
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(read_error(error)),
    };
    let mut bytes = Vec::new();
    file.take(MAX_SNAPSHOT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_SNAPSHOT_BYTES {
        return Err(SnapshotError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(Some(String::from_utf8(bytes).map_err(|_| {
        InvalidCatalog::new("not UTF-8 text".to_owned())
    })))
}

fn write(path: &Path, json: &str) -> Result<(), SnapshotError> {
    let write_error = |source| SnapshotError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    std::fs::write(path, json).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_from_the_environment() {
        let ok = |update: Option<&str>, ci: Option<&str>| {
            Update::from_values(update.map(OsStr::new), ci.map(OsStr::new)).ok()
        };
        assert_eq!(ok(None, None), Some(Update::IfMissing));
        assert_eq!(ok(Some(""), None), Some(Update::IfMissing));
        assert_eq!(ok(Some("auto"), None), Some(Update::IfMissing));
        assert_eq!(ok(None, Some("true")), Some(Update::Never));
        assert_eq!(ok(Some("auto"), Some("1")), Some(Update::Never));
        assert_eq!(ok(None, Some("false")), Some(Update::IfMissing));
        assert_eq!(ok(None, Some("0")), Some(Update::IfMissing));
        assert_eq!(ok(None, Some("")), Some(Update::IfMissing));
        assert_eq!(ok(Some("1"), Some("true")), Some(Update::Always));
        assert_eq!(ok(Some("always"), None), Some(Update::Always));
        assert_eq!(ok(Some("0"), None), Some(Update::Never));
        assert_eq!(ok(Some("no"), None), Some(Update::Never));
        let error = Update::from_values(Some(OsStr::new("yes\n")), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"SUNOR_ERRORS_UPDATE_SNAPSHOTS="yes\n": expected 1 (write the snapshot), 0 (never write it) or auto"#
        );
    }
}
