#!/usr/bin/env bash
# The published crates as crates.io gets them: `cargo package`, unpack each `.crate` into a
# scratch workspace, and run `cargo test` there. It catches a file the package leaves out
# (a README a doctest includes, a fixture a test reads) and a test that reads the
# repository around the crate.
#
# The unpacked crates depend on each other by version, as from crates.io; `[patch]` points
# those at the unpacked copies. The repository's Cargo.lock pins every other dependency, and
# the repository's target folder is shared, so only the three crates themselves build again.
#
# Usage: scripts/test-packages.sh [cargo test options...]   (e.g. --all-features)
set -euo pipefail
cd "$(dirname "$0")/.."

published=(sunor-errors sunor-errors-derive sunor-errors-codegen)
target=$(cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
version=$(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "sunor-errors"))')

# `cargo test` below builds every crate: `--no-verify` skips building them once more here.
args=()
for crate in "${published[@]}"; do args+=(-p "$crate"); done
# --allow-dirty: run by hand, it packages the working tree (CI runs on a clean clone).
cargo package --no-verify --allow-dirty --locked "${args[@]}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
members=""
patches=""
for crate in "${published[@]}"; do
    tar xzf "$target/package/$crate-$version.crate" -C "$scratch"
    members+="\"$crate-$version\", "
    patches+="$crate = { path = \"$crate-$version\" }"$'\n'
done

# The same profiles as the repository's, so the dependencies already built are reused.
profiles=$(python3 - <<'EOF'
import tomllib
def dump(prefix, table):
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if scalars:
        print(f"[{prefix}]")
        for key, value in scalars.items():
            print(f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value)}")
    for key, value in table.items():
        if isinstance(value, dict):
            name = f'"{key}"' if not key.replace("-", "").replace("_", "").isalnum() else key
            dump(f"{prefix}.{name}", value)
with open("Cargo.toml", "rb") as f:
    dump("profile", tomllib.load(f).get("profile", {}))
EOF
)

cat >"$scratch/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = [$members]

[patch.crates-io]
$patches
$profiles
EOF
cp Cargo.lock "$scratch/"

echo "testing the packages unpacked in $scratch:"
cat "$scratch/Cargo.toml"
# No --locked: cargo drops the lock's entries for the repository's other packages.
(cd "$scratch" && CARGO_TARGET_DIR="$target" cargo test --workspace "$@")
