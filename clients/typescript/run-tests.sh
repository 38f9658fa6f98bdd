#!/usr/bin/env bash
# The TypeScript client's whole check, as CI runs it: generates the module, installs the
# pinned TypeScript (npm ci), type-checks the module exactly as its contract says, compiles
# the tests to build/ (git ignores it), runs the unit tests, then the live tests against
# `task_api serve` and the browser test in headless Chromium (Debian's `chromium`; each test
# starts the server on a free port and stops it). Every step is bounded in time.
#
#   clients/typescript/run-tests.sh            # everything
#   SKIP_BROWSER=1 clients/typescript/run-tests.sh   # without Chromium (says so)
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd ../.. && pwd)

started=$SECONDS
last=$SECONDS
step() {
    printf '\n== %s (previous step %ds)\n' "$*" $((SECONDS - last))
    last=$SECONDS
}

step "the generated modules (clients/generate.sh; git ignores them)"
"$root/clients/generate.sh"

step "npm ci (typescript and @types/node, pinned in package-lock.json)"
timeout 300 npm ci --no-audit --no-fund

step "tsc --strict: the generated module alone, ES2020 + DOM, no emit"
# In a directory of its own: no node_modules/@types in sight, so the module is shown to need
# nothing but ES2020 and the DOM's fetch (the tests' @types/node would otherwise be loaded).
alone=$(mktemp -d)
cp sunor_errors_client.ts "$alone/"
(cd "$alone" && timeout 300 "$here/node_modules/.bin/tsc" --strict --target ES2020 --lib ES2020,DOM --noEmit \
    --noUncheckedIndexedAccess --exactOptionalPropertyTypes sunor_errors_client.ts)
rm -rf "$alone"

step "tsc: the module, its tests, the example loop and the browser page, to build/"
rm -rf build
timeout 300 npx tsc -p tsconfig.json

step "node --test: decode, retries, the vector runner"
timeout 300 node --test build/tests/

step "cargo build --example task_api (the server of the live and browser tests)"
# The workspace with every feature: the same build as the workspace's tests, so CI reuses it.
(cd "$root" && timeout 900 cargo build --locked --workspace --all-features --example task_api)
export TASK_API="${CARGO_TARGET_DIR:-$root/target}/debug/examples/task_api"
test -x "$TASK_API"

step "node --test: live, against task_api serve"
timeout 300 node --test build/live/

if [ "${SKIP_BROWSER:-0}" = "1" ]; then
    step "browser test NOT RUN (SKIP_BROWSER=1)"
else
    step "node --test: the browser test in headless Chromium"
    if ! command -v "${CHROMIUM:-chromium}" >/dev/null; then
        echo "no ${CHROMIUM:-chromium}: apt-get install -y chromium (or SKIP_BROWSER=1)" >&2
        exit 1
    fi
    timeout 300 node --experimental-websocket --test build/browser/
fi
printf '\n== TypeScript client: all steps passed in %ds (last step %ds)\n' $((SECONDS - started)) $((SECONDS - last))
