//! The console's one route table: each path the router knows and the page
//! (wasm chunk) it shows. The router (`Console` in `lib.rs`, whose
//! `path!()` needs literals), the nav and `scripts/page-preload.py` (which
//! reads this table from this file) all follow it; `tests/route_table.rs` fails
//! when the router or the nav differ from it.

/// `(path pattern, page)`, first match wins: `:name` stands for one path
/// segment. The page is the route's chunk name (`lazy_page!(GroupRoute …)`
/// is `group`). `/` redirects to the groups, so it preloads their page.
pub const ROUTES: &[(&str, &str)] = &[
    ("/", "groups"),
    ("/groups", "groups"),
    ("/groups/new", "new_group"),
    ("/groups/:id", "group"),
    ("/drivers", "drivers"),
    ("/drivers/:external_id", "drivers"),
    ("/map", "map"),
    ("/connections", "connections"),
];

/// The page a path shows (its chunk name), or `None` where the router shows
/// "not found". Empty segments are ignored, as a trailing `/` is.
pub fn page_at(path: &str) -> Option<&'static str> {
    let here: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    ROUTES.iter().find_map(|(pattern, page)| {
        let wanted: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        let fits = wanted.len() == here.len() && wanted.iter().zip(&here).all(|(w, h)| w.starts_with(':') || w == h);
        fits.then_some(*page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_finds_its_page() {
        assert_eq!(page_at(""), Some("groups"));
        assert_eq!(page_at("/"), Some("groups"));
        assert_eq!(page_at("/groups/"), Some("groups"));
        assert_eq!(page_at("/groups/new"), Some("new_group"));
        assert_eq!(page_at("/groups/0b4f6c2e-1111-4c3a-9d7e-5f6a7b8c9d0e"), Some("group"));
        assert_eq!(page_at("/drivers/EXT-42"), Some("drivers"));
        assert_eq!(page_at("/map"), Some("map"));
        assert_eq!(page_at("/connections"), Some("connections"));
    }

    #[test]
    fn paths_the_router_does_not_know_find_none() {
        assert_eq!(page_at("/drivers/a/b"), None);
        assert_eq!(page_at("/mapx"), None);
        assert_eq!(page_at("/groups/new/x"), None);
    }
}
