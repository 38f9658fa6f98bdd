//! What the test binaries share: the counting global allocator (each binary includes this
//! module, `#[path = "../support/mod.rs"] mod support;`, and so installs it), a scripted
//! loopback server, a recording `tracing` subscriber, the retry policy's oracle, header
//! helpers, a service's errors with hidden causes, requests to the task_api app and proptest
//! strategies.
//!
//! It counts per thread (so parallel tests do not disturb each other: allocations,
//! reallocations, live bytes and their peak) and for the whole process (live bytes and their
//! peak), and forwards every call to `System`.

#![allow(dead_code, unreachable_pub)]

pub mod causes;
pub mod headers;
pub mod retry_oracle;
pub mod scripted_server;
pub mod strategies;
pub mod task_api;
#[cfg(feature = "tracing")]
pub mod tracing_recorder;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static REALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

static PROCESS_LIVE: AtomicIsize = AtomicIsize::new(0);
static PROCESS_PEAK: AtomicIsize = AtomicIsize::new(0);
static PROCESS_ALLOCATED: AtomicUsize = AtomicUsize::new(0);

fn bump(counter: &'static std::thread::LocalKey<Cell<usize>>) {
    // try_with: an allocation during thread teardown must not panic.
    let _ = counter.try_with(|n| n.set(n.get() + 1));
}

fn track(delta: isize, fresh: usize) {
    // try_with: an allocation during thread teardown must not panic.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    let _ = ALLOCATED.try_with(|a| a.set(a.get() + fresh));
    let now = PROCESS_LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
    PROCESS_PEAK.fetch_max(now, Ordering::Relaxed);
    PROCESS_ALLOCATED.fetch_add(fresh, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATIONS);
        track(layout.size() as isize, layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is System's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATIONS);
        track(layout.size() as isize, layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize), 0);
        // SAFETY: `ptr` came from `System` through this allocator, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(&REALLOCATIONS);
        let delta = new_size as isize - layout.size() as isize;
        track(delta, delta.max(0) as usize);
        // SAFETY: as for `dealloc`, and `new_size` is valid per the caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What a closure cost this thread: the most bytes it held at once beyond what was live
/// before it started, the bytes it allocated in all, and how many allocations and
/// reallocations it made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub peak: usize,
    pub allocated: usize,
    pub allocations: usize,
    pub reallocations: usize,
}

/// Runs `f` and measures it; its result is returned (and so dropped outside the count).
pub fn thread_cost<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let allocated = ALLOCATED.with(Cell::get);
    let allocations = ALLOCATIONS.with(Cell::get);
    let reallocations = REALLOCATIONS.with(Cell::get);
    let out = std::hint::black_box(f());
    let cost = Cost {
        peak: (PEAK.with(Cell::get) - start).max(0) as usize,
        allocated: ALLOCATED.with(Cell::get) - allocated,
        allocations: ALLOCATIONS.with(Cell::get) - allocations,
        reallocations: REALLOCATIONS.with(Cell::get) - reallocations,
    };
    (out, cost)
}

/// Bytes live in the whole process now.
pub fn process_live() -> usize {
    PROCESS_LIVE.load(Ordering::Relaxed).max(0) as usize
}

/// The most bytes ever live at once in the whole process.
pub fn process_peak() -> usize {
    PROCESS_PEAK.load(Ordering::Relaxed).max(0) as usize
}
