//! Compile-fail cases of `#[derive(IntoErrorBody)]` and `#[derive(FromErrorBody)]` (the
//! `decode_*` ones): one per rule, each `.stderr` pointing at the user's token. Regenerate
//! with `TRYBUILD=overwrite cargo test -p sunor-errors-ui` and read the diff.
//!
//! The `.stderr` snapshots hold the compiler's own wording around our messages, which
//! changes between releases: they were made with rustc 1.95, and on any other compiler the
//! test is ignored, saying so (as thiserror and serde gate theirs), instead of failing.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the compile-fail snapshots are rustc 1.95's wording; run them on rustc 1.95"
)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/*.rs");
}
