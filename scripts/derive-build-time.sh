#!/usr/bin/env bash
# Build time of the proc-macro crate itself: sunor-errors-derive against thiserror-impl, one
# job at a time, in one build.
#
# A scratch crate (outside the repository) depends on `thiserror-impl = "=2.0.21"` and on this
# workspace's `sunor-errors-derive` by path; each run is `cargo clean` then
# `CARGO_INCREMENTAL=0 cargo build -j1 --timings` (no incremental codegen units for the path
# dependency: both crates build as a registry crate does), and the two crates' durations are
# read from cargo's timing report (UNIT_DATA). Both are measured in the same build, so the
# per-run ratio holds on a shared machine where absolute times drift.
#
# Usage: scripts/derive-build-time.sh [RUNS] [DERIVE_DIR]
#   RUNS default 5; DERIVE_DIR default this workspace's sunor-errors-derive (another
#   checkout's, to compare two commits). KEEP=1 keeps the scratch crate.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
derive=$(cd "${2:-$repo/sunor-errors-derive}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sunor-derive-build-time.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "keeping $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_RUSTFLAGS

mkdir -p "$work/src"
cat >"$work/Cargo.toml" <<EOF
[package]
name = "derive-build-time"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
thiserror-impl = "=2.0.21"
sunor-errors-derive = { path = "$derive" }

[workspace]
EOF
echo 'fn main() {}' >"$work/src/main.rs"
# The workspace's lock file: the same syn, quote and proc-macro2 as the workspace builds.
cp "$repo/Cargo.lock" "$work/Cargo.lock"

cd "$work"
cargo fetch -q
derive_times=()
thiserror_times=()
for _ in $(seq "$runs"); do
    cargo clean -q
    CARGO_INCREMENTAL=0 cargo build -q -j1 --timings
    report=$(ls -t target/cargo-timings/cargo-timing-*.html | head -n 1)
    data=$(sed -n '/const UNIT_DATA = \[/,/^\];/p' "$report" | sed '1s/.*= //; $s/;$//')
    derive_times+=("$(jq -r '.[] | select(.name == "sunor-errors-derive") | .duration' <<<"$data")")
    thiserror_times+=("$(jq -r '.[] | select(.name == "thiserror-impl") | .duration' <<<"$data")")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

ratios=()
for i in "${!derive_times[@]}"; do
    ratios+=("$(awk -v a="${derive_times[$i]}" -v b="${thiserror_times[$i]}" 'BEGIN { printf "%.2f", a / b }')")
done
echo "$runs runs, -j1, CARGO_INCREMENTAL=0; $(rustc --version)"
echo "sunor-errors-derive ($derive): median $(median "${derive_times[@]}") s, range $(range "${derive_times[@]}") s"
echo "thiserror-impl 2.0.21: median $(median "${thiserror_times[@]}") s, range $(range "${thiserror_times[@]}") s"
echo "per-run ratio: median $(median "${ratios[@]}")x, range $(range "${ratios[@]}")x"
echo "runs (derive/thiserror-impl s): $(for i in "${!derive_times[@]}"; do printf '%s/%s ' "${derive_times[$i]}" "${thiserror_times[$i]}"; done)"
