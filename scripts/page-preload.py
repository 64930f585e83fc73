#!/usr/bin/env python3
"""Puts into index.html a small inline script that starts fetching the wasm
modules of the page being opened (its own module and the chunks it needs,
and Leaflet's files on /map) with the HTML, in parallel with the main
module, instead of once the main module has been compiled and run. Without
it the split made the map ready 72 ms later on loopback than the unsplit
build; on a slow link every first visit waited one more download.

Run by scripts/split-wasm.sh once the modules have their hashed names:

    page-preload.py STAGING_DIR LOADER_FILE

The routes are src/routes.rs's table, read from that file, as
`preload_first_page` in src/lib.rs reads it (and then finds the modules
already fetched); tests/e2e/tests/split.rs fails when a first visit fetches
another page's module.
"""
import json
import re
import sys

staging, loader = sys.argv[1:]
source = open(f"{staging}/{loader}").read()
chunks = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', source))
pages = {}
route_views = re.findall(
    r'export const __wasm_split_load___(\w+?)_route_view_\d+ = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
    r'const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]',
    source,
    re.S,
)
for page, own, deps in route_views:
    pages[page] = [own] + [chunks[d.strip()] for d in deps.split(",") if d.strip()]
table = open("src/routes.rs").read()
table = table[table.index("pub const ROUTES"):]
block = table[: table.index("];")]
routes = re.findall(r'\("(/[^"]*)", "(\w+)"\)', block)
if len(routes) != block.count("(\""):
    sys.exit("page-preload.py: an entry of src/routes.rs's ROUTES is not one (\"/path\", \"page\") tuple")
expected = {page for _, page in routes}
if not routes:
    sys.exit("page-preload.py: no routes read from src/routes.rs")
if set(pages) != expected:
    sys.exit(f"page-preload.py: the loader's pages are {sorted(pages)}, expected {sorted(expected)}")

script = """<script nonce="{{__TRUNK NONCE__}}">
// The opened page's modules load with the HTML (scripts/page-preload.py).
(() => {
  const pages = %s;
  // src/routes.rs's table and `page_at`: first match, `:x` is one segment.
  const routes = %s;
  const segments = (path) => path.split("/").filter(Boolean);
  const here = segments(location.pathname);
  const fits = ([pattern]) => {
    const wanted = segments(pattern);
    return wanted.length === here.length && wanted.every((w, i) => w.startsWith(":") || w === here[i]);
  };
  const page = (routes.find(fits) || [])[1];
  const files = (pages[page] || []).map((file) => ["fetch", file]);
  if (page === "map") files.push(["script", "leaflet.js"], ["style", "leaflet.css"]);
  for (const [as, file] of files) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = as;
    link.href = "/" + file;
    // As the module loader fetches them, so the preloaded answer is used.
    if (as === "fetch") link.crossOrigin = "anonymous";
    document.head.append(link);
  }
})();
</script>
""" % (json.dumps(pages, separators=(",", ":")), json.dumps(routes, separators=(",", ":")))

path = f"{staging}/index.html"
html = open(path).read()
if '<script type="module"' not in html:
    sys.exit("page-preload.py: no module script in index.html")
html = html.replace('<script type="module"', script + '<script type="module"', 1)
open(path, "w").write(html)
