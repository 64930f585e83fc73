//! The layering ARCHITECTURE.md promises, checked on the sources: the vendor
//! layer and the domain hold data, never wording (no translations, no
//! formatting), and the wire codes of vendor enums live in `src/vendors/`.
//! And the sizes a reader can hold in their head: no function over 120
//! lines, no file over 330 (its trailing tests aside), no sibling modules
//! importing each other in a cycle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            out.push((path.display().to_string(), text));
        }
    }
}

fn files_under(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut out);
    assert!(!out.is_empty(), "no sources under {dir}");
    out
}

#[test]
fn vendors_and_domain_do_not_word_anything() {
    for dir in ["src/vendors", "src/domain"] {
        for (path, text) in files_under(dir) {
            for word in ["crate::i18n", "crate::format", "td_string!", "t_string!"] {
                assert!(!text.contains(word), "{path} uses {word}: the UI words data, not {dir}");
            }
        }
    }
}

#[test]
fn wire_codes_are_declared_by_the_vendor_modules_only() {
    for (path, text) in files_under("src").into_iter().filter(|(p, _)| !p.contains("/vendors/")) {
        assert!(!text.contains("wire_codes!("), "{path} declares wire codes outside src/vendors/");
    }
}

/// The page a file under `src/pages/` belongs to (`map` for
/// `src/pages/map/results.rs` and for `src/pages/connections.rs`'s sibling
/// `src/pages/map.rs`), or `None` for `src/pages/mod.rs`.
fn page_of(path: &str) -> Option<String> {
    let rest = path.split("/src/pages/").nth(1)?;
    let first = rest.split('/').next()?.trim_end_matches(".rs");
    (first != "mod").then(|| first.to_string())
}

#[test]
fn pages_reach_each_other_only_through_links() {
    let files = files_under("src/pages");
    let pages: Vec<String> = files.iter().filter_map(|(p, _)| page_of(p)).collect();
    for (path, text) in &files {
        let Some(own) = page_of(path) else { continue };
        for other in pages.iter().filter(|p| **p != own) {
            let import = format!("pages::{other}");
            assert!(!text.contains(&import), "{path} uses {import}: link to it (crate::links), do not import it");
        }
    }
    // The app shell reaches a page only through its lazily loaded route.
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    for line in lib.lines().filter(|l| l.contains("pages::")) {
        let declared = line.trim() == "pub mod pages;";
        assert!(
            declared || line.starts_with("lazy_page!("),
            "src/lib.rs reaches into a page outside lazy_page!: {line}"
        );
    }
}

#[test]
fn performance_marks_are_a_leaf() {
    let perf = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/perf.rs")).expect("perf.rs");
    assert!(
        !perf.contains("crate::"),
        "src/perf.rs imports the app: the benchmark's entry points go in bench_hooks.rs"
    );
}

// Sizes and cycles. The sources are rustfmt-formatted, so a block that opens
// at the end of a line closes on the first later line that is exactly its
// opening line's indentation and `}`: no parser is needed.

const MAX_FN_LINES: usize = 120;
const MAX_FILE_LINES: usize = 330;

/// A file's path from the crate root, e.g. `src/vendors/http.rs`.
fn relative(path: &str) -> &str {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).trim_start_matches('/')
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// The index of the line closing the block opened at the end of `lines[open]`.
fn closing_line(lines: &[&str], open: usize) -> Option<usize> {
    let close = format!("{}}}", indentation(lines[open]));
    (open + 1..lines.len()).find(|&j| lines[j] == close)
}

/// `text` without a trailing `#[cfg(test)] mod … { … }` block (or `mod …;`).
fn without_tests(text: &str) -> &str {
    let Some(start) = text.find("\n#[cfg(test)]\nmod ") else { return text };
    let block = &text[start + 1..];
    let lines: Vec<&str> = block.lines().collect();
    let end = match lines.get(1) {
        Some(l) if l.ends_with(';') => Some(1),
        Some(l) if l.ends_with('{') => closing_line(&lines, 1),
        _ => None,
    };
    match end {
        Some(end) if lines[end + 1..].iter().all(|l| l.trim().is_empty()) => &text[..start + 1],
        _ => text,
    }
}

/// Whether `line` begins a function (`pub(crate) async fn x(`…).
fn starts_fn(line: &str) -> bool {
    let qualifiers = ["const", "async", "unsafe", "extern", "\"C\"", "default"];
    match line.trim_start().split_once("fn ") {
        Some((before, _)) => {
            before.split_whitespace().all(|word| word.starts_with("pub") || qualifiers.contains(&word))
        }
        None => false,
    }
}

/// Each function of `text` with its length in lines, `#[cfg(test)]` modules left out.
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "#[cfg(test)]" && lines.get(i + 1).is_some_and(|l| l.trim_start().starts_with("mod ")) {
            let module = i + 1;
            i = if lines[module].ends_with('{') { closing_line(&lines, module).unwrap_or(module) } else { module } + 1;
            continue;
        }
        if starts_fn(line) {
            let name = line.split_once("fn ").map(|(_, rest)| rest).unwrap_or_default();
            let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // The signature ends at a `{` (a body), a `;` (a declaration) or a `}` (a one-line fn).
            let signature_end = (i..lines.len()).find(|&j| lines[j].trim_end().ends_with(['{', ';', '}']));
            let length = match signature_end {
                Some(j) if lines[j].trim_end().ends_with('{') => {
                    closing_line(&lines, i).map(|close| close - i + 1).unwrap_or(usize::MAX)
                }
                Some(j) => j - i + 1,
                None => usize::MAX,
            };
            found.push((name, length));
        }
        i += 1;
    }
    found
}

/// The sources under `src/` that are not a `tests.rs` file.
fn app_sources() -> Vec<(String, String)> {
    files_under("src").into_iter().filter(|(p, _)| !p.ends_with("/tests.rs")).collect()
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let mut long = Vec::new();
    for (path, text) in app_sources() {
        for (name, length) in functions(&text) {
            if length > MAX_FN_LINES {
                long.push(format!("{} fn {name}: {length} lines", relative(&path)));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines (split them up):\n{}", long.join("\n"));
}

#[test]
fn no_file_is_longer_than_330_lines() {
    let mut long = Vec::new();
    for (path, text) in files_under("src") {
        let length = without_tests(&text).lines().count();
        if length > MAX_FILE_LINES {
            long.push(format!("{}: {length} lines", relative(&path)));
        }
    }
    long.sort();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines, tests aside (split them by job):\n{}",
        long.join("\n")
    );
}

/// A module among its siblings: `dir` is its parent's directory (`src/pages`),
/// `name` its own (`map` for `src/pages/map.rs` and for `src/pages/map/mod.rs`).
struct Module {
    dir: String,
    name: String,
    text: String,
}

fn modules() -> Vec<Module> {
    let mut modules = Vec::new();
    for (path, text) in app_sources() {
        let rel = relative(&path).trim_end_matches(".rs").to_string();
        let (dir, name) = match rel.rsplit_once('/') {
            Some((dir, "mod")) => dir.rsplit_once('/').expect("a mod.rs under src/"),
            Some((dir, name)) => (dir, name),
            None => continue,
        };
        if !(dir == "src" && ["lib", "main"].contains(&name)) {
            modules.push(Module { dir: dir.to_string(), name: name.to_string(), text });
        }
    }
    modules
}

/// The module names `text` reaches through `prefix` (`super::`, or
/// `crate::pages::`): `prefix` + `x`, and each first name of `prefix` + `{x::…, y}`.
fn names_after(text: &str, prefix: &str) -> Vec<String> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut names = Vec::new();
    let code = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        // `super::super::x`, `my_crate::x`: not a sibling of this module.
        if rest.starts_with("super::") || code[..at].ends_with(|c: char| is_name(c) || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut item_start) = (0, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && is_name(c) => {
                        names.push(group[i..].chars().take_while(|c| is_name(*c)).collect());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            names.push(rest.chars().take_while(|c| is_name(*c)).collect());
        }
    }
    names
}

/// Who uses whom among siblings, as `dir/name` → `dir/name`.
type Uses = BTreeMap<String, Vec<String>>;

/// Every elementary cycle through `start` that goes on from `path`, each
/// found once: from its first module in sorted order.
fn cycles_from(start: &str, path: &mut Vec<String>, uses: &Uses, out: &mut Vec<String>) {
    let last = path.last().cloned().unwrap_or_default();
    for next in uses.get(&last).into_iter().flatten() {
        if next == start {
            out.push(format!("{} -> {start}", path.join(" -> ")));
        } else if next.as_str() > start && !path.contains(next) {
            path.push(next.clone());
            cycles_from(start, path, uses, out);
            path.pop();
        }
    }
}

#[test]
fn sibling_modules_do_not_import_each_other_in_a_cycle() {
    let modules = modules();
    let mut uses = Uses::new();
    for m in &modules {
        let crate_path = m.dir.strip_prefix("src").unwrap_or_default().replace('/', "::");
        let text = without_tests(&m.text);
        let mut used = names_after(text, "super::");
        used.extend(names_after(text, &format!("crate{crate_path}::")));
        let siblings = modules.iter().filter(|s| s.dir == m.dir && s.name != m.name && used.contains(&s.name));
        let key = format!("{}/{}", m.dir, m.name);
        uses.entry(key).or_default().extend(siblings.map(|s| format!("{}/{}", s.dir, s.name)));
    }
    let mut cycles = Vec::new();
    for start in uses.keys() {
        cycles_from(start, &mut vec![start.clone()], &uses, &mut cycles);
    }
    assert!(cycles.is_empty(), "sibling modules import each other in a cycle:\n{}", cycles.join("\n"));
}

#[test]
fn the_scanners_read_rustfmt_output() {
    let text = "fn one() -> u8 { 1 }\n\nimpl X {\n    pub(crate) async fn two(\n        a: u8,\n    ) -> u8 {\n        a\n    }\n    fn three(&self);\n}\n\n#[cfg(test)]\nmod tests {\n    fn four() {}\n}\n";
    let found: Vec<(String, usize)> = functions(text);
    assert_eq!(found, [("one".to_string(), 1), ("two".to_string(), 5), ("three".to_string(), 1)]);
    assert_eq!(without_tests(text), &text[..text.find("#[cfg(test)]").unwrap_or_default()]);
    let uses = "use super::{a::X, b, c::{d, e}};\nuse crate::pages::f;\n// super::g\nsuper::super::h();";
    assert_eq!(names_after(uses, "super::"), ["a", "b", "c"]);
    assert_eq!(names_after(uses, "crate::pages::"), ["f"]);
}
