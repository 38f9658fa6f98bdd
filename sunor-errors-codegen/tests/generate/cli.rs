//! The binary: `-o`, standard output, and what it says for a command line or a catalogue it
//! cannot use.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sunor-errors-codegen");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/task_error.v2.json")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sunor-errors-codegen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn writes_to_the_file_named_by_o_or_to_standard_output() {
    let fixture = fixture();
    let fixture = fixture.to_str().unwrap();
    let out = scratch("module.py");
    let written = run(&["python", fixture, "-o", out.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert_eq!((written.stdout.len(), written.stderr.len()), (0, 0));
    let printed = run(&["python", fixture]);
    assert!(printed.status.success());
    let module = std::fs::read(&out).unwrap();
    assert_eq!(printed.stdout, module);
    let text = std::fs::read_to_string(fixture).unwrap();
    let expected = sunor_errors_codegen::python::generate(
        &sunor_errors_codegen::Catalog::from_json(&text).unwrap(),
    );
    assert_eq!(module, expected.as_bytes());
}

#[test]
fn command_line_mistakes_exit_2_with_the_usage() {
    let usage = "usage: sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]";
    let fixture = fixture();
    let fixture = fixture.to_str().unwrap();
    for args in [
        &[][..],
        &["python"],
        &["python", fixture, "-o"],
        &["python", fixture, "--out", "x"],
        &["python", fixture, "-o", "x", "y"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            format!("sunor-errors-codegen: {usage}\n"),
            "{args:?}"
        );
    }
    let output = run(&["rust", fixture]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("sunor-errors-codegen: unknown language \"rust\"\n{usage}\n")
    );
    let help = run(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8(help.stdout).unwrap().contains(usage));
}

fn fails_with(catalogue: &str, expected: &str) {
    let path = scratch("catalogue.json");
    std::fs::write(&path, catalogue).unwrap();
    let path = path.to_str().unwrap();
    let output = run(&["python", path, "-o", scratch("never.py").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{catalogue}");
    assert_eq!(
        stderr(&output),
        format!("sunor-errors-codegen: {path}: {expected}\n")
    );
}

#[test]
fn a_catalogue_it_cannot_use_is_refused_with_every_problem() {
    let missing = run(&["python", "/nonexistent/catalogue.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing)
            .starts_with("sunor-errors-codegen: cannot read /nonexistent/catalogue.json: "),
        "{}",
        stderr(&missing)
    );
    fails_with(
        "{\"format\": 2,",
        "invalid catalogue: EOF while parsing a value at line 1 column 13",
    );
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    let mut old = good.clone();
    old["format"] = 1.into();
    fails_with(
        &old.to_string(),
        "invalid catalogue: format 1 (this generator reads format 2; write the catalogue anew with `Catalog::to_json`)",
    );
    let mut bad = good.clone();
    bad["cases"][1]["id"] = "TaskError.MissingFields".into();
    bad["cases"][2]["fields"][0]["bits"] = 0.into();
    bad["cases"][2]["fields"][1]["groups"] = serde_json::json!([3]);
    bad["cases"][3]["pattern"] = "Task not found".into();
    bad["cases"][4]["retry_after"] = serde_json::json!({"field": "secs"});
    bad["cases"][5]["code"] = 600.into();
    bad["policy"]["backoff"]["jitter"] = "random".into();
    bad["policy"]["budget"]["threshold"] = (-1).into();
    fails_with(
        &bad.to_string(),
        "invalid catalogue: 8 problems:\n  \
         policy.budget.threshold: -1 is not a number in 0..=2^53\n  \
         policy.backoff.jitter: unknown jitter \"random\" (one of none, additive, full, equal, decorrelated)\n  \
         case 1 (\"TaskError.MissingFields\"): the id is used by an earlier case\n  \
         case 2 (\"TaskError.InsufficientCredits\"), field \"available\": an integer needs bits in 1..=128, not Some(0)\n  \
         case 2 (\"TaskError.InsufficientCredits\"), field \"required\": group 3 is not one of the pattern's 2 groups\n  \
         case 3 (\"TaskError.TaskNotFound\"): the pattern is not anchored (`^...$`)\n  \
         case 4 (\"TaskError.RateLimited\"): retry_after names no field \"secs\"\n  \
         case 5 (\"TaskError.Internal\"): code 600 is not in 400..=599",
    );
    let mut unknown = good;
    unknown["cases"][0]["fields"][0]["kind"] = "float".into();
    fails_with(
        &unknown.to_string(),
        "invalid catalogue: unknown variant `float`, expected one of `uint`, `int`, `string`, `bool`, `char`, `other` at line 1 column 77",
    );
}
