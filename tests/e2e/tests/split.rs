//! The wasm is split by route (scripts/split-wasm.sh): each page's code is a
//! chunk fetched when that page is first shown. Whichever page a fleet
//! manager opens first, on a fresh page, it loads only its own chunk, and
//! every other page then loads and renders inside the same app. Within the
//! map, what its first screen does not show (the vehicle details, the CSV
//! export, the address suggestions) is fetched only when used.

use std::time::Duration;

use fleet_e2e::fixtures::{capture_downloads, first_download, pinned_ids, OCEAN_LOGIN, OCEAN_PASSWORD};
use fleet_e2e::{browser_tests, ensure, poll_until, Browser, BrowserTest, Env, TestResult};
use serde_json::{json, Value};

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

/// Every wasm module fetched so far, once per fetch, in order.
const WASM_FETCHES: &str = r#"
return performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.slice(1))
  .filter((f) => f.endsWith('.wasm'));
"#;

/// The map's parts fetched on first use (`split_map_<part>-<hash>.wasm`,
/// src/on_demand.rs) among `fetched`, once per fetch, sorted.
fn parts(fetched: &Value) -> Vec<String> {
    let mut parts: Vec<String> = fetched
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str()?.strip_prefix("split_map_")?.split('-').next().map(str::to_string))
        .collect();
    parts.sort();
    parts
}

/// The Ocean sign-in, sent without the pointer: a WebDriver click would
/// leave the pointer where the list or the map is drawn next, and a
/// hovered vehicle rightly preloads the details.
async fn ocean_login_by_keyboard(b: &Browser) -> TestResult {
    b.fill("input[name=login]", OCEAN_LOGIN).await?;
    b.fill("input[name=password]", OCEAN_PASSWORD).await?;
    b.js("document.querySelector('form.login').requestSubmit(); return true;", vec![]).await.map(|_| ())
}

/// A first visit to the map downloads no module of the vehicle details,
/// the CSV export or the address suggestions, even once results are drawn
/// and the page is idle; using each fetches its module, once, and works.
async fn map_parts_are_fetched_on_first_use(b: &Browser, _env: &Env) -> TestResult {
    b.cdp("Network.clearBrowserCache", json!({})).await?;
    b.goto("/map?lat=45.76400&lon=4.83570&radius=12&mode=crow").await?;
    ocean_login_by_keyboard(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 20).await?;
    // Idle after the first draw: still nothing of the three parts.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let first = b.js(WASM_FETCHES, vec![]).await?;
    ensure(parts(&first).is_empty(), format!("fetched before any use: {first}"))?;

    // The details: a click on a row (no pointer, so no preload first).
    b.js("document.querySelector('[data-test=nearest] li button').click(); return true;", vec![]).await?;
    b.wait_for("[data-test=vehicle-details] h2").await?;
    ensure(parts(&b.js(WASM_FETCHES, vec![]).await?) == ["details"], "the details' module, once")?;

    // The export: the click saves the file once the module is here.
    capture_downloads(b).await?;
    b.click("[data-test=export-results]").await?;
    let csv = first_download(b).await?;
    let rows = csv.lines().count();
    let listed = b.count("[data-test=nearest] li").await?;
    // A header, then every vehicle (the list shows the first 100).
    ensure(listed > 0 && rows > listed, format!("{rows} CSV lines for {listed} vehicles listed: {csv:.200}"))?;
    ensure(parts(&b.js(WASM_FETCHES, vec![]).await?) == ["details", "export"], "the export's module, once")?;

    // The address box: suggestions listed.
    b.fill("[data-test=address]", "rue pasteur lyon").await?;
    poll_until("the suggestions", Duration::from_secs(10), || async {
        let n = b.count("[data-test=address-options] [role=option]").await?;
        Ok(if n > 0 { Ok(()) } else { Err("none listed".to_string()) })
    })
    .await?;
    let all = b.js(WASM_FETCHES, vec![]).await?;
    ensure(parts(&all) == ["address", "details", "export"], format!("the suggestions' module, once: {all}"))?;
    // Nothing fetched twice, the first visit's modules included.
    let files: Vec<&str> = all.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut once = files.clone();
    once.sort();
    once.dedup();
    ensure(once.len() == files.len(), format!("a module fetched twice: {all}"))
}

pub fn tests() -> Vec<(&'static str, BrowserTest)> {
    browser_tests![each_page_first_then_every_other, map_parts_are_fetched_on_first_use]
}
