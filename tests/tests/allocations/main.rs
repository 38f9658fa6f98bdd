//! Allocation counts and memory bounds, under the counting allocator of `support`.
//!
//! One test binary for the area; each module was a test file of its own.

#[path = "../support/mod.rs"]
mod support;

mod allocations;
mod derive_allocations;
mod hostile_memory;
