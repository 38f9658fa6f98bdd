//! The catalogue as a contract between versions: the contract's `TaskError` held against its
//! checked-in snapshot, the JSON format, and what the snapshot check does with files (writes,
//! keeps, refuses, rewrites) and with corrupt ones.

use std::path::{Path, PathBuf};

use sunor_errors::catalog::{
    self, Catalog, MAX_SNAPSHOT_BYTES, SnapshotAction, SnapshotError, Update, check_snapshot,
};
use sunor_errors_tests::contract::TaskError;

/// Clients of every released version decode what this one sends. (`cargo test` runs in the
/// package's root: this is `tests/snapshots/` of the repository.)
#[test]
fn task_error_keeps_its_clients_working() {
    catalog::assert_compatible::<TaskError>("snapshots/task_error.catalog.json");
}

/// A directory of its own per test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "sunor-errors-catalog-{test}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Three releases of one service's `TaskError`, each in a module of its own: v1 sends the
/// 402 and a 429, v2 adds a 409, v3 drops the 429. The 402 they all send is written once.
macro_rules! task_error {
    ($($case:tt)*) => {
        #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
        pub(crate) enum TaskError {
            #[error_body(
                code = 402,
                message = "Insufficient credits: available {available}, required {required}"
            )]
            InsufficientCredits { available: u64, required: u64 },
            $($case)*
        }
    };
}

mod v1 {
    task_error! {
        #[error_body(code = 429, message = "Rate limit exceeded.")]
        RateLimited { #[error_body(retry_after)] seconds: u64 },
    }
}

mod v2 {
    task_error! {
        #[error_body(code = 429, message = "Rate limit exceeded.")]
        RateLimited { #[error_body(retry_after)] seconds: u64 },
        #[error_body(code = 409, message = "Task already running")]
        Running,
    }
}

mod v3 {
    task_error! {
        #[error_body(code = 409, message = "Task already running")]
        Running,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_json_format() {
    // The contract's `TaskError`, byte for byte: the committed snapshot (format 2).
    assert_eq!(
        Catalog::of::<TaskError>().to_json(),
        read(Path::new("snapshots/task_error.catalog.json"))
    );
    let json = Catalog::of::<v1::TaskError>().to_json();
    // Keys in their documented order, pretty-printed, a trailing newline.
    assert!(
        json.starts_with("{\n  \"format\": 2,\n  \"type\": \"TaskError\",\n  \"decodable\": true,\n  \"policy\": {\n"),
        "{json}"
    );
    assert!(json.ends_with("\n  ]\n}\n"), "{json}");
    assert!(
        json.contains(
            r#"    {
      "id": "TaskError.RateLimited",
      "type": "TaskError",
      "variant": "RateLimited",
      "code": 429,
      "message": "Rate limit exceeded.",
      "pattern": "^Rate limit exceeded\\.$",
      "fields": [
        {
          "name": "seconds",
          "kind": "uint",
          "bits": 64,
          "groups": [],
          "from": "retry_after"
        }
      ],
      "portable": true,
      "retryable": true,
      "retry_after": {
        "field": "seconds"
      },
      "decodable": true
    }
"#
        ),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["cases"][0],
        serde_json::json!({
            "id": "TaskError.InsufficientCredits",
            "type": "TaskError",
            "variant": "InsufficientCredits",
            "code": 402,
            "message": "Insufficient credits: available {available}, required {required}",
            "pattern": "^Insufficient credits: available (0|[1-9][0-9]*), required (0|[1-9][0-9]*)$",
            "fields": [
                {"name": "available", "kind": "uint", "bits": 64, "groups": [1]},
                {"name": "required", "kind": "uint", "bits": 64, "groups": [2]}
            ],
            "portable": true,
            "retryable": false,
            "retry_after": null,
            "decodable": true
        })
    );
    // Read back exactly, by `from_json` and by serde; the same text every time.
    for catalog in [
        Catalog::of::<TaskError>(),
        Catalog::of::<v1::TaskError>(),
        Catalog::of::<sunor_errors_tests::contract::UpstreamFailed>(),
    ] {
        let json = catalog.to_json();
        assert_eq!(Catalog::from_json(&json).as_ref(), Ok(&catalog));
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), catalog);
        assert_eq!(Catalog::from_json(&json).unwrap().to_json(), json);
    }
    // A fixed delay is its seconds; a struct has no variant, and its id is the type's name.
    // It does not derive `FromErrorBody`: not decodable.
    let json = Catalog::of::<Maintenance>().to_json();
    assert!(json.contains("\"variant\": null,\n"), "{json}");
    assert!(
        json.contains("\"retry_after\": {\n        \"seconds\": 600\n      },\n"),
        "{json}"
    );
    assert!(json.contains("\"id\": \"Maintenance\",\n"), "{json}");
    assert!(json.contains("\"type\": \"Maintenance\",\n"), "{json}");
    assert!(
        json.contains("\"decodable\": false,\n  \"policy\""),
        "{json}"
    );
    assert!(!json.contains("\"decodable\": true"), "{json}");
    // Serde reports what `from_json` does.
    let error = serde_json::from_str::<Catalog>(r#"{"format":1,"type":"E"}"#).unwrap_err();
    assert_eq!(error.to_string(), "catalogue: missing key \"cases\"");
}

#[derive(sunor_errors::IntoErrorBody)]
#[error_body(code = 503, message = "Down for maintenance", retry_after = 600)]
struct Maintenance;

#[test]
fn written_kept_compatible_breaking_accepted() {
    let dir = TempDir::new("lifecycle");
    // Directories on the way are made.
    let path = dir.path("snapshots/task_error.catalog.json");
    let shown = path.display().to_string();

    let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::IfMissing).unwrap();
    assert_eq!(report.action, SnapshotAction::Created);
    assert!(report.changes.is_empty() && report.up_to_date && report.is_noteworthy());
    assert_eq!(
        report.to_string(),
        format!("sunor-errors: wrote the error catalogue of TaskError to {shown}: commit it")
    );
    assert_eq!(read(&path), Catalog::of::<v1::TaskError>().to_json());

    let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::IfMissing).unwrap();
    assert_eq!(report.action, SnapshotAction::Kept);
    assert!(!report.is_noteworthy());
    assert_eq!(
        report.to_string(),
        format!("sunor-errors: the error catalogue of TaskError matches {shown}")
    );

    // Additive: passes, says how to record it, leaves the file.
    let report = check_snapshot(&Catalog::of::<v2::TaskError>(), &path, Update::Never).unwrap();
    assert_eq!(report.action, SnapshotAction::Kept);
    assert_eq!(
        report.to_string(),
        format!(
            "sunor-errors: the error catalogue of TaskError changed since {shown}, compatibly:\n\
             1 compatible change:\n\
             \x20 TaskError::Running: added: 409 \"Task already running\"\n\
             To record the changes, rerun with SUNOR_ERRORS_UPDATE_SNAPSHOTS=1 and commit {shown}."
        )
    );
    assert_eq!(read(&path), Catalog::of::<v1::TaskError>().to_json());

    // Breaking: refused, whatever `Update` short of `Always`.
    for update in [Update::IfMissing, Update::Never] {
        let error = check_snapshot(&Catalog::of::<v3::TaskError>(), &path, update).unwrap_err();
        assert!(matches!(error, SnapshotError::Breaking { .. }));
        assert_eq!(
            error.to_string(),
            format!(
                "the error catalogue of TaskError breaks clients built against {shown}:\n\
                 1 breaking change:\n\
                 \x20 TaskError::RateLimited: removed (was 429 \"Rate limit exceeded.\")\n\
                 1 compatible change:\n\
                 \x20 TaskError::Running: added: 409 \"Task already running\"\n\
                 If the break is intended (every client upgraded first, or a new major version), \
                 accept it: rerun with SUNOR_ERRORS_UPDATE_SNAPSHOTS=1 and commit {shown}."
            )
        );
    }
    assert_eq!(read(&path), Catalog::of::<v1::TaskError>().to_json());

    // Accepted: rewritten, and what was accepted is said.
    let report = check_snapshot(&Catalog::of::<v3::TaskError>(), &path, Update::Always).unwrap();
    assert_eq!(report.action, SnapshotAction::Updated);
    assert_eq!(
        report.to_string(),
        format!(
            "sunor-errors: updated {shown} with the error catalogue of TaskError, accepting:\n\
             1 breaking change:\n\
             \x20 TaskError::RateLimited: removed (was 429 \"Rate limit exceeded.\")\n\
             1 compatible change:\n\
             \x20 TaskError::Running: added: 409 \"Task already running\""
        )
    );
    assert_eq!(read(&path), Catalog::of::<v3::TaskError>().to_json());
    // Nothing to write: kept.
    let report = check_snapshot(&Catalog::of::<v3::TaskError>(), &path, Update::Always).unwrap();
    assert_eq!(report.action, SnapshotAction::Kept);
    assert!(!report.is_noteworthy());
}

#[test]
fn a_missing_snapshot_under_never_is_an_error() {
    let dir = TempDir::new("never");
    let path = dir.path("task_error.catalog.json");
    let error = check_snapshot(&Catalog::of::<TaskError>(), &path, Update::Never).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "no error catalogue snapshot at {}, and none is written here \
             (SUNOR_ERRORS_UPDATE_SNAPSHOTS=0 or CI is set): run the test with \
             SUNOR_ERRORS_UPDATE_SNAPSHOTS=1 and commit the file",
            path.display()
        )
    );
    assert!(!path.exists());
}

#[test]
fn a_reordered_snapshot_is_kept_and_called_stale() {
    let dir = TempDir::new("stale");
    let path = dir.path("task_error.catalog.json");
    let mut reversed = Catalog::of::<v1::TaskError>();
    reversed.cases.reverse();
    std::fs::write(&path, reversed.to_json()).unwrap();
    let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::IfMissing).unwrap();
    assert_eq!(report.action, SnapshotAction::Kept);
    assert!(report.changes.is_empty() && !report.up_to_date && report.is_noteworthy());
    assert_eq!(
        report.to_string(),
        format!(
            "sunor-errors: {} holds the error catalogue of TaskError in another order or \
             layout: rerun with SUNOR_ERRORS_UPDATE_SNAPSHOTS=1 to rewrite it",
            path.display()
        )
    );
    let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::Always).unwrap();
    assert_eq!(report.action, SnapshotAction::Updated);
    assert_eq!(
        report.to_string(),
        format!(
            "sunor-errors: rewrote {} with the error catalogue of TaskError (no change clients see)",
            path.display()
        )
    );
    assert_eq!(read(&path), Catalog::of::<v1::TaskError>().to_json());
}

#[test]
fn corrupt_snapshots_are_clear_errors() {
    let dir = TempDir::new("corrupt");
    let path = dir.path("task_error.catalog.json");
    let json = Catalog::of::<v1::TaskError>().to_json();
    let shown = path.display().to_string();
    let invalid = |why: &str| {
        format!(
            "the catalogue snapshot {shown} is not valid: {why}. Restore it from version \
             control, or rewrite it with SUNOR_ERRORS_UPDATE_SNAPSHOTS=1"
        )
    };
    let cases: Vec<(Vec<u8>, String)> = vec![
        (
            json.as_bytes()[..json.len() / 2].to_vec(),
            invalid("not JSON: EOF while parsing an object at line 115 column 35"),
        ),
        (b"\xff\xfe{}".to_vec(), invalid("not UTF-8 text")),
        (
            json.replace("\"code\": 429", "\"code\": 200").into_bytes(),
            invalid("cases[1].code: expected an error code (400..=599), found 200"),
        ),
        (
            json.replace("\"format\": 2", "\"format\": 7").into_bytes(),
            invalid("format: 7 is newer than this sunor-errors reads (2): upgrade sunor-errors"),
        ),
        (
            // Deeper than serde_json's recursion limit: an error, not a stack overflow.
            "[".repeat(100_000).into_bytes(),
            invalid("not JSON: recursion limit exceeded at line 1 column 128"),
        ),
        (
            vec![b' '; MAX_SNAPSHOT_BYTES as usize + 1],
            format!(
                "the catalogue snapshot {shown} is over 4194304 bytes: not one this crate wrote"
            ),
        ),
    ];
    for (bytes, message) in cases {
        std::fs::write(&path, &bytes).unwrap();
        for update in [Update::IfMissing, Update::Never] {
            let error = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, update).unwrap_err();
            assert_eq!(error.to_string(), message);
        }
        // What the file holds is untouched.
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
    // Accepting the catalogue writes it over a corrupt file.
    std::fs::write(&path, "not a catalogue").unwrap();
    let report = check_snapshot(&Catalog::of::<v1::TaskError>(), &path, Update::Always).unwrap();
    assert_eq!(report.action, SnapshotAction::Created);
    assert_eq!(read(&path), json);

    // A directory where the file should be.
    let error =
        check_snapshot(&Catalog::of::<v1::TaskError>(), &dir.0, Update::IfMissing).unwrap_err();
    assert!(matches!(error, SnapshotError::Read { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(&format!(
            "cannot read the catalogue snapshot {}: ",
            dir.0.display()
        )),
        "{error}"
    );
}

#[test]
fn assert_compatible_passes_on_a_snapshot_it_matches() {
    let dir = TempDir::new("assert");
    let path = dir.path("task_error.catalog.json");
    std::fs::write(&path, Catalog::of::<v2::TaskError>().to_json()).unwrap();
    // Whatever the environment says, an identical catalogue passes and leaves the file.
    catalog::assert_compatible::<v2::TaskError>(&path);
    assert_eq!(read(&path), Catalog::of::<v2::TaskError>().to_json());
}
