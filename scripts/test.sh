#!/usr/bin/env bash
# Runs every test: native unit and property tests, component tests in
# headless Chromium, a release build, and the end-to-end suite (simulator +
# trunk serve + Chromium). Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Each step says what it is; the next one (or the end) says how long it took.
started=$(date +%s)
step="" step_start=$started
took() { [[ -z "$step" ]] || printf '    %s: %d s\n' "$step" $(($(date +%s) - step_start)); }
say() {
    took
    step="${*%%[:(]*}" step_start=$(date +%s)
    step="${step% }"
    printf '\033[1m==> %s\033[0m\n' "$*"
}

say "gates: cargo fmt, leptosfmt, clippy (no warnings)"
cargo fmt --all --check
leptosfmt --check src tests/components.rs >/dev/null || { leptosfmt --check src tests/components.rs | grep -v '^✅'; exit 1; }
cargo clippy --quiet --workspace --all-targets --features fleet-console/bench -- -D warnings

say "native tests (app logic, simulator, the CSP check)"
cargo test --quiet -p fleet-console -p fleet-sim

say "component tests in headless Chromium (wasm-bindgen-test)"
# `unsplit`: the test runner loads one module; it cannot load split chunks.
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p fleet-console --target wasm32-unknown-unknown --test components --features unsplit

say "release build (trunk build --release)"
trunk build --release --config Trunk.toml
ls -l dist/*.wasm dist/*.js | awk '{ print "    " $5 "  " $9 }'

say "end-to-end tests (headless Chromium, simulator through the proxy)"
cargo test --quiet -p fleet-e2e
echo "    screenshots: tests/e2e/screenshots/"

say "benchmark smoke (one run, small scale: the benchmark still works; budgets not enforced)"
cargo run --quiet -p fleet-e2e --bin bench -- --smoke
took
echo "    all steps: $(($(date +%s) - started)) s"
