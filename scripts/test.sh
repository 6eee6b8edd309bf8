#!/usr/bin/env bash
# The single "run all tests" command: installs/checks the test tools, then
# runs every cargo test target and the doc tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash "$ROOT/scripts/setup-test-tools.sh"

# The Rust integration tests (tests/suite/tools.rs) find the tools here.
export JIANBAO_TOOLS="$ROOT/tools"

locked=()
if [ -f "$ROOT/Cargo.lock" ]; then
    locked=(--locked)
fi

started=$SECONDS
echo "==> [$(date +%T)] cargo test --all-targets ${locked[*]}"
echo "    (a first run compiles everything: about 11 minutes on 2 cores, with a quiet minute or two"
echo "    while the largest test binaries link; then each test prints a line as it finishes, the"
echo "    browser, validator and server tests taking a few seconds each)"
cargo test --all-targets "${locked[@]}"
echo "==> [$(date +%T)] cargo test --all-targets done in $((SECONDS - started)) s"

# Doc tests exist only for library targets; `cargo test --doc` errors out on
# a binary-only package, so run it only when there is a lib.
meta="$(cargo metadata --no-deps --format-version 1 "${locked[@]}")"
if grep -Eq '"kind":\[[^]]*"(lib|rlib|proc-macro)"' <<<"$meta"; then
    echo "==> cargo test --doc ${locked[*]}"
    cargo test --doc "${locked[@]}"
else
    echo "==> cargo test --doc skipped: the package has no library target"
fi
