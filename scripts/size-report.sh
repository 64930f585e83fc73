#!/usr/bin/env bash
# Where the first visit's bytes are (issue 36): builds the release twice with
# function names kept, the split app and its `--features unsplit` twin from
# the same sources, and prints, from twiggy, the main module's and each
# route's top contributors by crate and by function, what each shared chunk
# adds and which routes load it, and the split's cost against the unsplit
# build (scripts/size-report.py says how each figure is measured).
#
#   scripts/size-report.sh              # both builds (~15 min on 2 cores), then the report
#   scripts/size-report.sh --no-build   # the report from the last builds
#   scripts/size-report.sh > docs/size-report.md
#
# A developer's tool, not part of scripts/test.sh: it needs twiggy
# (`cargo install --locked twiggy`) beside the tools setup.sh installs.
# Builds go to target/size-report/, never to dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
for tool in twiggy brotli trunk wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null || { echo "size-report.sh: $tool missing (twiggy: cargo install --locked twiggy)" >&2; exit 2; }
done
out="target/size-report"
target_dir="${CARGO_TARGET_DIR:-target}"

if [[ "${1:-}" != "--no-build" ]]; then
  # The split build, as production's but with names (scripts/split-wasm.sh).
  FLEET_WASM_NAMES=1 trunk build --release --config Trunk.toml --dist "$out/split" >&2
  # The same sources in one module: cargo, wasm-bindgen and wasm-opt as
  # split-wasm.sh runs them, without the split (it has no split point).
  cargo build --release --target wasm32-unknown-unknown --features unsplit --bin fleet-console >&2
  rm -rf "$out/unsplit"
  wasm-bindgen --target web --no-typescript --out-dir "$out/unsplit" --out-name fleet-console \
    "$target_dir/wasm32-unknown-unknown/release/fleet-console.wasm"
  # As split-wasm.sh does to each module; the relocations' sections make
  # wasm-opt warn, and the report drops them from its sizes.
  wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --strip-target-features --strip-producers \
    "$out/unsplit/fleet-console_bg.wasm" -o "$out/unsplit/fleet-console_bg.wasm" 2>/dev/null
fi
[[ -f "$out/split/index.html" && -f "$out/unsplit/fleet-console_bg.wasm" ]] || {
  echo "size-report.sh: no builds in $out (run without --no-build)" >&2
  exit 1
}
# The commit built, as split-wasm.sh recorded it (not HEAD: --no-build may
# report an older build).
built=$(python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(b["commit"][:7] + (" with uncommitted changes" if b["dirty"] else ""))' "$out/split/build-info.json")
echo "# Size report"
echo
echo "Built from commit $built; reported on $(date -u '+%Y-%m-%d %H:%M UTC') by \`scripts/size-report.sh\`."
echo
python3 scripts/size-report.py "$out/split" "$out/unsplit"
