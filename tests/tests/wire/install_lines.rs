//! The install lines the README and the docs show name the version being released: every
//! `sunor-errors = "X.Y"` / `sunor-errors = { version = "X.Y", ... }` line is this
//! workspace's major.minor.

use std::path::Path;

const DOCUMENTS: &[&str] = &[
    "README.md",
    "sunor-errors/src/lib.rs",
    "sunor-errors-derive/README.md",
    "sunor-errors-codegen/README.md",
];

/// The version each `sunor-errors = ...` line of `text` asks for.
fn install_versions(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.trim_start_matches("//!").trim())
        .filter_map(|line| line.strip_prefix("sunor-errors = "))
        .filter_map(|rest| {
            let rest = rest.strip_prefix("{ version = ").unwrap_or(rest);
            let quoted = rest.strip_prefix('"')?;
            Some(quoted[..quoted.find('"')?].to_owned())
        })
        .collect()
}

#[test]
fn every_install_line_names_this_release() {
    let version = env!("CARGO_PKG_VERSION");
    let major_minor = version.rsplit_once('.').unwrap().0;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut lines = 0;
    for document in DOCUMENTS {
        let text = std::fs::read_to_string(root.join(document)).unwrap();
        for asked in install_versions(&text) {
            assert_eq!(asked, major_minor, "{document}: sunor-errors = \"{asked}\"");
            lines += 1;
        }
    }
    // The README and the crate docs each show the plain line and the one with features.
    assert!(lines >= 4, "only {lines} install lines found");
}

#[test]
fn install_lines_are_read_as_written() {
    assert_eq!(
        install_versions(
            "//! sunor-errors = \"0.2\"\nsunor-errors = { version = \"0.3\", features = [\"axum\"] }\nserde = \"1\""
        ),
        ["0.2", "0.3"]
    );
}
