#!/usr/bin/env bash
# Writes gzip (-9) and, when the `brotli` tool is installed, brotli (-q 11)
# copies next to each compressible file of a built dist/, once, at deploy
# time: nginx then serves them as they are (gzip_static, brotli_static)
# instead of compressing 1.3 MB of wasm on every first visit (~70 ms of CPU
# on the critical path, measured: 63-77 ms on the fly, under 5 ms
# precompressed). index.html stays uncompressed (nginx puts the CSP nonce
# into it per response), and so does config.json: it is edited in place
# without a rebuild, and a stale .gz copy would win over the edit.
#
#   deploy/nginx/precompress.sh dist/
set -euo pipefail
dist="${1:?usage: precompress.sh DIST_DIR}"
[[ -f "$dist/index.html" ]] || { echo "precompress.sh: $dist/index.html missing" >&2; exit 2; }
have_brotli=false
command -v brotli >/dev/null && have_brotli=true
count=0
while IFS= read -r -d '' f; do
  gzip -9 -k -n -f "$f"
  $have_brotli && brotli -q 11 -k -f "$f"
  count=$((count + 1))
done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' \) -print0)
echo "precompressed $count files in $dist (gzip$($have_brotli && echo ', brotli'))"
