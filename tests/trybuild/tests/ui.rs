//! Compile-fail cases of `#[derive(IntoErrorBody)]` and `#[derive(FromErrorBody)]` (the
//! `decode_*` ones): one per rule, each `.stderr` pointing at the user's token. Regenerate
//! with `TRYBUILD=overwrite cargo test --test ui` and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/*.rs");
}
