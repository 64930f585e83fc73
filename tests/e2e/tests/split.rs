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

/// How each wasm module and Leaflet's files were fetched so far, by file:
/// `link` for index.html's preload (scripts/page-preload.py), `fetch` or
/// `script` when the app asked first. A preload the app could not use (or
/// a preload script the CSP blocked) shows as a second entry or a `fetch`.
const INITIATORS: &str = r#"
const seen = {};
for (const e of performance.getEntriesByType('resource')) {
  const file = new URL(e.name).pathname.slice(1);
  if (/\.wasm$|^leaflet\./.test(file)) (seen[file] = seen[file] || []).push(e.initiatorType);
}
return seen;
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
        // A first visit: nothing of the previous round in the cache.
        b.cdp("Network.clearBrowserCache", json!({})).await?;
        b.goto(first).await?;
        b.wait_for(shows).await?;
        let fetched = b.js(ROUTE_CHUNKS, vec![]).await?;
        ensure(fetched == json!([chunk]), format!("{first} opened first fetched the chunks {fetched}"))?;
        let leaflet = b.js(LEAFLET_FETCHED, vec![]).await?;
        ensure(leaflet == json!(first == "/map"), format!("{first}: Leaflet fetched: {leaflet}"))?;
        // The page's own module and chunks (and Leaflet) came with the HTML,
        // once each; only the main module is the app's own fetch.
        let initiators = b.js(INITIATORS, vec![]).await?;
        let by_file = initiators.as_object().ok_or("no resource list")?;
        let own = by_file.iter().find(|(f, _)| f.starts_with(&format!("split___{chunk}_route_view_")));
        ensure(own.is_some_and(|(_, how)| *how == json!(["link"])), format!("{first}: fetched {initiators}"))?;
        let not_preloaded: Vec<_> = by_file
            .iter()
            .filter(|(f, how)| !f.starts_with("fleet-console-") && **how != json!(["link"]))
            .map(|(f, how)| format!("{f} {how}"))
            .collect();
        ensure(not_preloaded.is_empty(), format!("{first}: not preloaded, or fetched twice: {not_preloaded:?}"))?;
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
