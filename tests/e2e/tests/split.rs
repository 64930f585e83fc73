//! The wasm is split by route (scripts/split-wasm.sh): each page's code is a
//! chunk fetched when that page is first shown. Whichever page a fleet
//! manager opens first, on a fresh page, it loads only its own chunk, and
//! every other page then loads and renders inside the same app.

use fleet_e2e::fixtures::pinned_ids;
use fleet_e2e::{browser_tests, ensure, Browser, BrowserTest, Env, TestResult};
use serde_json::json;

/// Route chunks fetched so far: `split___<name>_route_view_…` → `<name>`.
const ROUTE_CHUNKS: &str = r#"
return performance.getEntriesByType('resource')
  .map((e) => (e.name.match(/\/split___([a-z_]+)_route_view_/) || [])[1])
  .filter(Boolean).sort();
"#;

/// Whether Leaflet's script was fetched (only the map page needs it).
const LEAFLET_FETCHED: &str =
    "return performance.getEntriesByType('resource').some((e) => e.name.endsWith('/leaflet.js'));";

/// A click on a link, as the user's would be: the router navigates in the
/// page (no reload), so the next page's chunk comes from the split loader.
const FOLLOW_LINK: &str = "const a = document.createElement('a'); a.href = arguments[0]; \
     document.body.appendChild(a); a.click(); a.remove();";

async fn each_page_first_then_every_other(b: &Browser, _env: &Env) -> TestResult {
    let id = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let group = format!("/groups/{id}");
    // (path, its chunk, something only that page shows)
    let pages = [
        ("/groups", "groups", "[data-test=pinned-groups]"),
        ("/groups/new", "new_group", "[data-test=group-form]"),
        (group.as_str(), "group", "[data-test=group-name]"),
        ("/drivers", "drivers", "[data-test=tree-stats]"),
        ("/map", "map", ".leaflet-container"),
        ("/connections", "connections", "[data-test=vendor-vehizen]"),
    ];
    for (first, chunk, shows) in pages {
        b.goto(first).await?;
        b.wait_for(shows).await?;
        let fetched = b.js(ROUTE_CHUNKS, vec![]).await?;
        ensure(fetched == json!([chunk]), format!("{first} opened first fetched the chunks {fetched}"))?;
        let leaflet = b.js(LEAFLET_FETCHED, vec![]).await?;
        ensure(leaflet == json!(first == "/map"), format!("{first}: Leaflet fetched: {leaflet}"))?;
        b.js("window.__samePage = true;", vec![]).await?;
        for (next, _, next_shows) in pages.iter().filter(|(p, ..)| *p != first) {
            b.js(FOLLOW_LINK, vec![json!(next)]).await?;
            b.wait_path(next, |p| p == *next).await?;
            b.wait_for(next_shows).await?;
        }
        let same = b.js("return window.__samePage === true;", vec![]).await?;
        ensure(same == json!(true), format!("from {first}: a navigation reloaded the page"))?;
        let fetched = b.js(ROUTE_CHUNKS, vec![]).await?;
        ensure(fetched.as_array().map_or(0, Vec::len) == pages.len(), format!("from {first}: chunks {fetched}"))?;
    }
    Ok(())
}

pub fn tests() -> Vec<(&'static str, BrowserTest)> {
    browser_tests![each_page_first_then_every_other]
}
