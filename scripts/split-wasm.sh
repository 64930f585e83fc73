#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml, [[hooks]]): cuts the app's wasm into a
# main module and one chunk per lazily loaded page, which Trunk 0.21 cannot
# do by itself (trunk#1022). It replaces the module Trunk staged:
#
#   1. wasm-split-cli reads cargo's own output (linked with --emit-relocs,
#      see .cargo/config.toml) and writes the main module, one `split_*`
#      module per page (`lazy_page!` in src/lib.rs), `chunk_*` modules shared
#      by several, and the loader `__wasm_split.js`;
#   2. wasm-bindgen generates the JS glue for the main module, keeping the
#      exports the chunks link against (--keep-lld-exports);
#   3. in release, wasm-opt -Oz runs on every module (Trunk's own wasm-opt
#      is off in index.html: it would only optimise the unsplit module);
#      FLEET_WASM_NAMES=1 keeps function names, for a CPU profile that
#      names Rust functions (the benchmark's BENCH_DECODE_PROFILE);
#   4. every file gets a content hash in its name, like Trunk's own, so the
#      edge can cache them for ever and a tab left open over a deploy never
#      mixes modules of two builds; index.html's integrity hashes are redone;
#   5. index.html gets the script that fetches the opened page's modules
#      with the HTML (scripts/page-preload.py).
#
# Trunk sets TRUNK_PROFILE and TRUNK_STAGING_DIR; the working directory is
# the repository.
set -euo pipefail
profile="${TRUNK_PROFILE:?run by trunk as a post_build hook}"
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
target_dir="${CARGO_TARGET_DIR:-target}"
input="$target_dir/wasm32-unknown-unknown/$profile/fleet-console.wasm"
[[ -f "$input" ]] || { echo "split-wasm.sh: $input missing" >&2; exit 1; }

# Trunk's names: fleet-console-<hash>.js and fleet-console-<hash>_bg.wasm.
glue=$(cd "$staging" && ls fleet-console-*.js | head -n1)
name="${glue%.js}"
[[ -f "$staging/${name}_bg.wasm" ]] || { echo "split-wasm.sh: no ${name}_bg.wasm in $staging" >&2; exit 1; }

work="$target_dir/wasm-split/$profile"
rm -rf "$work"
mkdir -p "$work/split" "$work/out"
wasm-split-cli --target web --out-name "$name" "$input" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-dir "$work/out" --out-name "$name" "$work/split/$name.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
for module in "$work/split"/*.wasm; do
  [[ "$(basename "$module")" == "$name.wasm" ]] || cp "$module" "$work/out/"
done
if [[ "$profile" == release ]]; then
  for module in "$work/out"/*.wasm; do
    # The splitter's name sections carry a subsection wasm-opt does not know
    # (one warning per module); the names are dropped anyway (kept, without
    # that subsection, with FLEET_WASM_NAMES). The producers and target
    # features sections are for tools, not browsers: ~200 bytes in each of
    # ~40 modules, 3-4 KB gzip on every first visit (measured, issue 36).
    wasm-opt -Oz ${FLEET_WASM_NAMES:+-g} --enable-bulk-memory --enable-nontrapping-float-to-int \
      --strip-target-features --strip-producers "$module" -o "$module" 2>/dev/null
  done
fi

hash16() { sha256sum "$1" | cut -c1-16; }
# Split modules first: the loader names them, and the glue names the loader.
for module in "$work/out"/*.wasm; do
  base=$(basename "$module" .wasm)
  [[ "$base" == "${name}_bg" ]] && continue
  hashed="$base-$(hash16 "$module")"
  mv "$module" "$work/out/$hashed.wasm"
  sed -i "s|\"\\./$base\\.wasm\"|\"./$hashed.wasm\"|" "$work/out/__wasm_split.js"
done
loader="__wasm_split-$(hash16 "$work/out/__wasm_split.js")"
mv "$work/out/__wasm_split.js" "$work/out/$loader.js"
# Only the ES imports: the import module the wasm itself names stays as is.
sed -i "s|^\\(import .* from \"\\)\\./__wasm_split\\.js\"|\\1./$loader.js\"|" "$work/out/$name.js"

rm -f "$staging/$name.js" "$staging/${name}_bg.wasm"
cp "$work/out"/*.js "$work/out"/*.wasm "$staging/"
if [[ -d "$work/out/snippets" ]]; then
  cp -r "$work/out/snippets" "$staging/"
fi

# index.html preloads the glue and the main module with integrity hashes.
python3 - "$staging" "$name" <<'PY'
import base64, hashlib, re, sys
staging, name = sys.argv[1:]
path = f"{staging}/index.html"
html = open(path).read()
for file in (f"{name}.js", f"{name}_bg.wasm"):
    digest = hashlib.sha384(open(f"{staging}/{file}", "rb").read()).digest()
    sri = "sha384-" + base64.b64encode(digest).decode()
    html = re.sub(r'(href="[^"]*' + re.escape(file) + r'"[^>]*integrity=")[^"]*"', r"\g<1>" + sri + '"', html)
open(path, "w").write(html)
PY
# …and starts fetching the opened page's modules with the HTML.
python3 scripts/page-preload.py "$staging" "$loader.js"
# What this build is, for the edge's scripts: render.sh and edge.sh serve
# only a release build of the checked-out commit (a `trunk serve` build in
# dist/ would otherwise pass for production).
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
dirty=false
[[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && dirty=true
printf '{"profile":"%s","commit":"%s","dirty":%s}\n' "$profile" "$commit" "$dirty" >"$staging/build-info.json"
echo "split-wasm.sh: $(ls "$work/out"/*.wasm | wc -l) wasm modules ($profile)"
