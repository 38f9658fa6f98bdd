#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, one after the other (libFuzzer, cargo-fuzz).
#   fuzz/run.sh [seconds per target, default 60] [target...]
# Needs `cargo install cargo-fuzz --locked`. Only stable Rust here: cargo-fuzz passes
# nightly-only flags (-Zsanitizer=address), so RUSTC_BOOTSTRAP=1 is set for this script alone.
# Each target starts from fuzz/seeds/<target> (committed, from fuzz/seed.py) and grows
# fuzz/corpus/<target> (ignored by git); crashes land in fuzz/artifacts/<target>.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(serde_parse from_http_parts retry_after retry_decide rate_limit decode)
fi

export RUSTC_BOOTSTRAP=1
# Default cargo-fuzz build: optimised, with debug assertions, overflow checks and
# AddressSanitizer (the crates forbid unsafe code; their dependencies do not).
for target in "${targets[@]}"; do
    cargo fuzz build "$target"
done

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    printf '\n== %s for %ss\n' "$target" "$seconds"
    # -rss_limit_mb: the targets allocate little; 2 GB catches a runaway allocation.
    cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1
done
