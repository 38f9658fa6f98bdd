#!/usr/bin/env bash
# Writes the generated modules for the task_api contract (git ignores them: they are build
# output of sunor-errors-codegen, from the catalogue Rust writes for the contract):
#   clients/python/sunor_errors_client.py
#   clients/typescript/sunor_errors_client.ts
#   clients/typescript/tests/fixtures/kinds_client.ts   (every kind of field, for the tests)
# Run it before the Python or TypeScript checks (clients/README.md); CI does.
set -euo pipefail
cd "$(dirname "$0")/.."

fixtures=sunor-errors-codegen/tests/fixtures
generate() { cargo run -q --locked -p sunor-errors-codegen -- "$@"; }
generate python "$fixtures/task_error.v2.json" -o clients/python/sunor_errors_client.py
generate typescript "$fixtures/task_error.v2.json" -o clients/typescript/sunor_errors_client.ts
generate typescript "$fixtures/kinds.v2.json" -o clients/typescript/tests/fixtures/kinds_client.ts
