//! The layering ARCHITECTURE.md promises, checked on the sources: the vendor
//! layer and the domain hold data, never wording (no translations, no
//! formatting), and the wire codes of vendor enums live in `src/vendors/`.
#![cfg(not(target_arch = "wasm32"))]

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
