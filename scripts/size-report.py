#!/usr/bin/env python3
"""Where the first visit's bytes are: the report of scripts/size-report.sh.

    size-report.py DIST_DIR [UNSPLIT_DIR]

DIST_DIR is a release build whose modules kept their function names
(FLEET_WASM_NAMES=1, see scripts/split-wasm.sh); UNSPLIT_DIR, if given,
holds the `--features unsplit` build of the same commit (one module and
its glue). Sizes are those of each file as shipped: a module's names (and
the unsplit build's relocations) are dropped before it is compressed with
gzip -9 and brotli -q 11, the levels deploy/nginx/precompress.sh uses.
Contributors are twiggy's shallow sizes, before compression, names
excluded.

A route's modules are the ones index.html preloads for it (the `pages`
table scripts/page-preload.py writes), so this report and the browser
agree on what a first visit fetches.
"""
import collections
import csv
import glob
import io
import json
import os
import re
import subprocess
import sys

TOP = 15


def compressed(data):
    """(raw, gzip -9, brotli -q 11) sizes of bytes as nginx's copies hold them."""
    gz = len(subprocess.run(["gzip", "-9", "-n", "-c"], input=data, capture_output=True, check=True).stdout)
    br = len(subprocess.run(["brotli", "-q", "11", "-c"], input=data, capture_output=True, check=True).stdout)
    return len(data), gz, br


def leb128(data, at):
    """An unsigned LEB128 number at `at`: (value, where it ends)."""
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if byte < 0x80:
            return value, at
        shift += 7


def shipped(path):
    """The file's bytes as shipped: a module without the custom sections a
    named build adds (`name`) or the link step leaves (`linking`, `reloc.*`,
    which wasm-split-cli consumes and the unsplit build keeps)."""
    data = open(path, "rb").read()
    if not path.endswith(".wasm"):
        return data
    out, at = bytearray(data[:8]), 8
    while at < len(data):
        section = data[at]
        size, body = leb128(data, at + 1)
        end = body + size
        if section == 0:
            length, name_at = leb128(data, body)
            name = data[name_at : name_at + length].decode("utf-8", "replace")
            if name == "name" or name == "linking" or name.startswith("reloc."):
                at = end
                continue
        out += data[at:end]
        at = end
    return bytes(out)


def items(path):
    """twiggy's items of one module: (name, shallow bytes), names excluded."""
    run = subprocess.run(["twiggy", "top", "--format", "csv", path], capture_output=True, text=True)
    if run.returncode != 0:
        # A module with data only (no code section): twiggy refuses it.
        return [("data segment (a module without code)", compressed(shipped(path))[0])]
    text = run.stdout
    rows = csv.DictReader(io.StringIO(text))
    dropped = ("names\" subsection", "custom section 'linking'", "custom section 'reloc.")
    return [(r["Name"], int(r["ShallowSize"])) for r in rows if not any(d in r["Name"] for d in dropped)]


def crate_of(name):
    """The crate an item belongs to: the first path segment of its name, the
    trait's crate for `<T as Trait>::f` when T is a generic or a primitive,
    or what kind of item it is."""
    if "indirect_call_shim" in name:
        return "[split: shims to the main module]"
    if name.startswith("import __wasm_split"):
        return "[split: imports of the main module]"
    if name.startswith("__wasm_split_"):
        # The split point's entry: the page's view, with what was inlined into it.
        return "fleet_console"
    if name.startswith("data segment"):
        return "[data segments]"
    if name.startswith("import "):
        return "[imports from JS]"
    if name.startswith("code["):
        return "[functions without a name: glue wasm-bindgen or wasm-opt made]"
    if "::" not in name:
        header = re.match(r"(wasm magic bytes|custom section|\w+ section headers|elem\[|type\[|table\[|global\[|export )", name)
        return "[wasm: headers, tables, custom sections]" if header else "[no path: libm, wasm-bindgen exports and shims]"
    path = re.sub(r"\[[0-9a-f]{16}\]", "", name)
    trait = re.match(r"<(&?(?:mut |dyn |const )?)(\w+)(?:<[^>]*>)? as ([\w:]+)", path)
    if trait and "::" not in trait.group(2):
        path = trait.group(3)
    crate = re.split(r"::|<| ", path.lstrip("<&*[( ").removeprefix("mut ").removeprefix("dyn "), maxsplit=1)[0]
    return crate or "[other]"


def kind_of(crate):
    """Coarse kinds for comparing the split with the unsplit build."""
    if crate.startswith("[split"):
        return "split: imports and shims"
    if crate == "[data segments]":
        return "data segments"
    if crate.startswith("[wasm") or crate == "[imports from JS]":
        return "wasm: headers, tables, other"
    return "functions"


def kb(n):
    return f"{n / 1000:.1f}"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def top(all_items, total):
    by_crate = collections.Counter()
    by_function = collections.Counter()
    for name, size in all_items:
        by_crate[crate_of(name)] += size
        by_function[re.sub(r"::h[0-9a-f]{16}$|\[[0-9a-f]{16}\]", "", name)] += size
    crates = table(
        ["crate", "bytes", "%"],
        [(c, s, f"{100 * s / total:.1f}") for c, s in by_crate.most_common(TOP)],
    )
    functions = table(
        ["function or item", "bytes"],
        [("`" + f.replace("|", "\\|")[:140] + "`", s) for f, s in by_function.most_common(TOP)],
    )
    return f"By crate (of {total} bytes, before compression):\n\n{crates}\n\nBy function:\n\n{functions}\n"


def main():
    dist = sys.argv[1]
    unsplit = sys.argv[2] if len(sys.argv) > 2 else None
    html = open(os.path.join(dist, "index.html")).read()
    found = re.search(r"const pages = (\{.*?\});", html)
    if not found:
        sys.exit("size-report.py: no `pages` table in index.html (not a split build?)")
    pages = json.loads(found.group(1))
    files = sorted(
        os.path.basename(f)
        for ext in ("wasm", "js", "css")
        for f in glob.glob(os.path.join(dist, "*." + ext))
        if not os.path.basename(f).startswith("leaflet")
    )
    sizes = {f: compressed(shipped(os.path.join(dist, f))) for f in files}
    main_module = next(f for f in files if f.startswith("fleet-console-") and f.endswith("_bg.wasm"))
    # What every first visit loads before any page module: the main module,
    # its JS glue, the split loader it imports, the stylesheet.
    base = [f for f in files if not f.endswith(".wasm") or f == main_module]
    named = {f: items(os.path.join(dist, f)) for f in files if f.endswith(".wasm")}

    def sums(names):
        return tuple(sum(sizes[f][i] for f in names) for i in range(3))

    print("Bytes as shipped (names stripped): raw, gzip -9, brotli -q 11; KB = 1,000 bytes. Leaflet aside.\n")
    print("## First visits\n")
    rows = [("every page: main module, JS glue, loader, CSS", *map(kb, sums(base)), "", "")]
    for page, modules in sorted(pages.items()):
        own = sums(modules)
        whole = sums(base + modules)
        # What compressing the page's modules as one file would give: the
        # most that merging them could save, before any module overhead.
        one = compressed(b"".join(shipped(os.path.join(dist, m)) for m in modules))
        rows.append(
            (
                f"/{page}: {len(modules)} modules of its own",
                *map(kb, own),
                f"{kb(whole[1])} / {kb(whole[2])}",
                f"{kb(one[1])} / {kb(one[2])}",
            )
        )
    everything = sums(files)
    modules = sum(f.endswith(".wasm") for f in files)
    rows.append((f"whole app: {modules} wasm modules, JS, CSS", *map(kb, everything), "", ""))
    header = ["what", "raw KB", "gzip KB", "brotli KB", "first visit gzip / brotli KB", "its modules as one file"]
    print(table(header, rows))
    print("\n## Files every page loads\n")
    print(table(["file", "raw KB", "gzip KB", "brotli KB"], [(f, *map(kb, sizes[f])) for f in base]))

    print(f"\n## The main module\n\n{top(named[main_module], sum(s for _, s in named[main_module]))}")
    for page, modules in sorted(pages.items()):
        route_items = [i for m in modules for i in named[m]]
        print(f"## /{page}: its own module and chunks\n\n{top(route_items, sum(s for _, s in route_items))}")

    print("## Shared chunks\n")
    print("What each `chunk_*` module adds, and the routes that load it (a chunk every route loads")
    print("could be in the main module; chunks loaded by the same routes could be one).\n")
    sharers = collections.defaultdict(list)
    for page, modules in pages.items():
        for m in modules:
            sharers[m].append(page)
    chunks = sorted((f for f in files if f.startswith("chunk_")), key=lambda f: -sizes[f][1])
    rows = []
    for f in chunks:
        who = sorted(sharers.get(f, []))
        rows.append((f.split("-")[0], *map(kb, sizes[f]), len(who), ", ".join(who) or "none (loaded by another chunk)"))
    print(table(["chunk", "raw KB", "gzip KB", "brotli KB", "routes", "shared by"], rows))
    groups = collections.defaultdict(list)
    for f in chunks:
        groups[tuple(sorted(sharers.get(f, [])))].append(f)
    print("\nChunks grouped by the routes that load them:\n")
    rows = []
    for who, members in sorted(groups.items(), key=lambda g: -len(g[1])):
        small = sum(sizes[f][1] < 1000 for f in members)
        rows.append((", ".join(who) or "none", len(members), small, *map(kb, sums(members)[1:])))
    print(table(["routes", "chunks", "of them under 1 KB gzip", "gzip KB", "brotli KB"], rows))

    print("\n## What the split adds\n")
    overhead = collections.Counter()
    seen = collections.defaultdict(list)
    for module, module_items in named.items():
        for name, size in module_items:
            crate = crate_of(name)
            if crate.startswith("[split") or crate.startswith("[wasm"):
                overhead[crate] += size
            elif "::" in name and crate not in ("[data segments]", "[imports from JS]"):
                seen[name].append((module, size))
    twice = {n: m for n, m in seen.items() if len({x for x, _ in m}) > 1}
    twice_bytes = sum(sum(s for _, s in m[1:]) for m in twice.values())
    rows = [(k, v) for k, v in overhead.most_common()]
    rows.append((f"functions found in more than one module ({len(twice)})", twice_bytes))
    print(table(["item, over every module (before compression)", "bytes"], rows))
    if twice:
        worst = sorted(twice.items(), key=lambda t: -sum(s for _, s in t[1][1:]))[:TOP]
        print("\nThe largest functions found in more than one module:\n")
        print(table(["function", "modules", "bytes"], [(f"`{n[:120]}`", len(m), m[0][1]) for n, m in worst]))
    if unsplit:
        unsplit_files = sorted(
            f for ext in ("wasm", "js") for f in glob.glob(os.path.join(unsplit, "*." + ext))
        )
        css = [f for f in base if f.endswith(".css")]
        one = tuple(
            sum(compressed(shipped(f))[i] for f in unsplit_files) + sum(sizes[c][i] for c in css) for i in range(3)
        )
        print("\n## Split against unsplit (`--features unsplit`, the same commit)\n")
        unsplit_items = [i for f in unsplit_files if f.endswith(".wasm") for i in items(f)]
        kinds = collections.Counter()
        for name, size in unsplit_items:
            kinds[("unsplit", kind_of(crate_of(name)))] += size
        for module_items in named.values():
            for name, size in module_items:
                kinds[("split", kind_of(crate_of(name)))] += size
        print("Before compression, by kind of item:\n")
        print(
            table(
                ["kind", "unsplit bytes", "split bytes (every module)", "difference"],
                [
                    (k, kinds[("unsplit", k)], kinds[("split", k)], kinds[("split", k)] - kinds[("unsplit", k)])
                    for k in ("functions", "data segments", "split: imports and shims", "wasm: headers, tables, other")
                ],
            )
        )
        # Where the functions differ: cross-module calls the optimiser can no
        # longer inline or merge, and the page views (in the unsplit build,
        # inside leptos_router's Lazy::choose; here, each split's export).
        crates = collections.Counter()
        for module_items in [unsplit_items] + list(named.values()):
            sign = -1 if module_items is unsplit_items else 1
            for name, size in module_items:
                if kind_of(crate_of(name)) == "functions":
                    crates[crate_of(name)] += sign * size
        rows = sorted(crates.items(), key=lambda c: -abs(c[1]))[:10]
        print("\nFunctions by crate, split minus unsplit (the ten largest differences):\n")
        print(table(["crate", "bytes"], rows))
        print("\nAs shipped:\n")
        print(
            table(
                ["build", "raw KB", "gzip KB", "brotli KB"],
                [
                    ("unsplit: one module, its JS glue, CSS", *map(kb, one)),
                    ("split: the whole app", *map(kb, everything)),
                    ("split ÷ unsplit", *(f"{a / b:.3f}" for a, b in zip(everything, one))),
                ],
            )
        )


main()
