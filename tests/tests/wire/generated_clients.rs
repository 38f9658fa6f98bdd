//! The generated Python and TypeScript modules committed in `clients/` are what
//! `sunor-errors-codegen` writes now for the committed catalogues. A repository check, not a
//! test of the generator (that lives in `sunor-errors-codegen`, which is tested from its
//! `.crate` too, where `clients/` does not exist).

use std::path::Path;

use sunor_errors_codegen::{Catalog, python, typescript};

/// Fails unless `module` (repository-relative) is what `language` writes for `catalogue`.
fn assert_up_to_date(language: &str, catalogue: &str, module: &str) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let text = std::fs::read_to_string(root.join(catalogue)).expect("the catalogue");
    let catalog = Catalog::from_json(&text).expect("a format-2 catalogue");
    let generated = match language {
        "python" => python::generate(&catalog),
        _ => typescript::generate(&catalog),
    };
    let committed = std::fs::read_to_string(root.join(module)).expect("the committed module");
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "{module} differs from the generator's output from line {} on; write it anew with\n  \
             cargo run -p sunor-errors-codegen -- {language} {catalogue} -o {module}",
            line + 1
        );
    }
}

#[test]
fn the_python_module_is_what_the_generator_writes() {
    assert_up_to_date(
        "python",
        "sunor-errors-codegen/tests/fixtures/task_error.v2.json",
        "clients/python/sunor_errors_client.py",
    );
}

#[test]
fn the_typescript_module_is_what_the_generator_writes() {
    assert_up_to_date(
        "typescript",
        "sunor-errors-codegen/tests/fixtures/task_error.v2.json",
        "clients/typescript/sunor_errors_client.ts",
    );
}

#[test]
fn the_typescript_test_module_of_every_kind_is_what_the_generator_writes() {
    assert_up_to_date(
        "typescript",
        "sunor-errors-codegen/tests/fixtures/kinds.v2.json",
        "clients/typescript/tests/fixtures/kinds_client.ts",
    );
}
