//! One route table (`src/routes.rs`): the router in `src/lib.rs`, whose
//! `path!()` needs literals, and the nav follow it, or this fails.
//! (`scripts/page-preload.py` reads the table itself.)
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

use fleet_console::routes::ROUTES;

fn source(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("source file")
}

/// The text between `start` and the next `end` after it, in each line.
fn between<'a>(line: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = line.find(start)? + start.len();
    Some(&line[from..from + line[from..].find(end)?])
}

/// `GroupRoute` → `group`, as `lazy_page!` names the route's chunk.
fn chunk_name(route: &str) -> String {
    let mut name = String::new();
    for (i, c) in route.trim_end_matches("Route").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

#[test]
fn the_router_follows_the_route_table() {
    let lib = source("src/lib.rs");
    let mut router = BTreeSet::new();
    for line in lib.lines().filter(|l| l.contains("<Route path=path!(")) {
        let path = between(line, "path!(\"", "\")").expect("a literal path");
        let page = match between(line, "Lazy::<", ">::new()") {
            Some(route) => chunk_name(route),
            // `/` redirects to the groups.
            None if line.contains("<Redirect path=\"/groups\"") => "groups".to_string(),
            None => panic!("a route that is neither a lazy page nor the redirect: {line}"),
        };
        router.insert((path.to_string(), page));
    }
    let table: BTreeSet<(String, String)> = ROUTES.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
    assert_eq!(router, table, "src/lib.rs's <Routes> and src/routes.rs's ROUTES differ");
    // Each page of the table has its lazily loaded route.
    for (_, page) in ROUTES {
        let declared = lib.lines().filter_map(|l| between(l, "lazy_page!(", " =>")).any(|r| chunk_name(r) == *page);
        assert!(declared, "no lazy_page! for the page {page}");
    }
}

#[test]
fn the_nav_links_to_routes_of_the_table() {
    let nav = source("src/components/nav.rs");
    let links: Vec<&str> = nav.lines().filter_map(|l| between(l, "<A href=\"", "\"")).collect();
    assert!(links.len() >= 4, "the nav's links not found: {links:?}");
    for link in links {
        assert!(ROUTES.iter().any(|(p, _)| *p == link), "the nav links to {link}, not in src/routes.rs");
    }
}

#[test]
fn chunk_names_are_those_of_lazy_page() {
    assert_eq!(chunk_name("NewGroupRoute"), "new_group");
    assert_eq!(chunk_name("MapRoute"), "map");
}
