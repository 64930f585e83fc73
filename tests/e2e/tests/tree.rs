//! The driver tree against the simulator: expand to a socket, search,
//! deep link, not found, keyboard, text rendering, malformed subtree.

use std::time::Duration;

use fantoccini::{key::Key, Locator};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

use crate::vendor_layer::TREE_PATH;
use fleet_e2e::fixtures::{listed, ocean_login, sim_fleet, sim_nearest, EMABLER_AUTH};

fn first_driver_with_tags(group: &Value) -> Option<Value> {
    for u in group["users"].as_array().into_iter().flatten() {
        if u["tags"].as_array().is_some_and(|t| !t.is_empty())
            && u["chargerGroups"].as_array().is_some_and(|g| !g.is_empty())
        {
            return Some(u.clone());
        }
    }
    group["subgroups"].as_array().into_iter().flatten().find_map(first_driver_with_tags)
}

async fn key(b: &Browser, k: Key) -> TestResult {
    let el = b.client.active_element().await.map_err(|e| e.to_string())?;
    el.send_keys(&char::from(k).to_string()).await.map_err(|e| e.to_string())
}

async fn focused_label(b: &Browser) -> Result<String, String> {
    let el = b.client.active_element().await.map_err(|e| e.to_string())?;
    el.find(Locator::Css(".label")).await.map_err(|e| e.to_string())?.text().await.map_err(|e| e.to_string())
}

/// The focused row's label once it is one `ok` accepts. The tree moves the
/// DOM focus after the rows at the new position are rendered (a task
/// later), so the key's answer is waited for, not read at once.
async fn focus_settles(b: &Browser, what: &str, ok: impl Fn(&str) -> bool) -> Result<String, String> {
    poll_until(what, Duration::from_secs(5), || async {
        let label = focused_label(b).await.unwrap_or_default();
        Ok(if ok(&label) { Ok(label) } else { Err(label) })
    })
    .await
}

pub async fn expand_a_site_down_to_a_socket(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
    let site = &tree["userGroups"][0];
    let driver = first_driver_with_tags(site).ok_or("no driver with chargers")?;
    let charger = &driver["chargerGroups"][0]["chargers"][0];
    let socket = &charger["sockets"][0];
    b.goto(&format!("/drivers/{}", driver["externalId"].as_str().unwrap_or_default())).await?;
    // The deep link opened the way to the driver; open the rest by clicking.
    b.wait_text("[data-test=details]", driver["name"].as_str().unwrap_or_default(), 20).await?;
    let driver_key = format!("driver:{}", driver["id"]);
    let group_key = format!("chargergroup:{driver_key}:{}", driver["chargerGroups"][0]["id"]);
    let charger_key = format!("charger:{}", charger["chargerId"].as_str().unwrap_or_default());
    for key in [&driver_key, &group_key, &charger_key] {
        b.click(&format!("[data-key=\"{key}\"] .toggle")).await?;
    }
    b.click(&format!("[data-key=\"{charger_key}\"] .label")).await?;
    let socket_key = format!("socket:{}:{}", charger["chargerId"].as_str().unwrap_or_default(), socket["id"]);
    let row = b.text(&format!("[data-key=\"{socket_key}\"]")).await?;
    let status = socket["status"].as_str().unwrap_or_default();
    ensure(row.contains(status), format!("socket row {row:?} lacks status {status}"))?;
    let details = b.text("[data-test=sockets]").await?;
    ensure(details.contains(status), "socket status not in the charger details")?;
    b.screenshot("drivers-tree").await?;
    // Every kind, a charger group's included, fits its column in both
    // languages (a longer one would run into the label).
    for lang in ["en", "fr"] {
        b.js(&format!("localStorage.setItem('fleet-console.language', '{lang}'); location.reload();"), vec![]).await?;
        b.wait_for(&format!("html[lang={lang}] [data-key=\"{group_key}\"]")).await?;
        let overflowing = b
            .js("return [...document.querySelectorAll('.tree-row .kind')].filter(k => k.scrollWidth > k.clientWidth).map(k => k.textContent);", vec![])
            .await?;
        ensure(overflowing.as_array().is_some_and(Vec::is_empty), format!("{lang}: kinds cut: {overflowing}"))?;
    }
    Ok(())
}

/// A charger's details offer the map search around it, through the map's
/// URL: the search runs there, and Back returns to the tree.
pub async fn vehicles_near_a_charger_open_the_map_search_there(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
    let driver = first_driver_with_tags(&tree["userGroups"][0]).ok_or("no driver with chargers")?;
    let charger = &driver["chargerGroups"][0]["chargers"][0];
    let at = &charger["locationInfo"];
    let (lat, lon) = (at["latitude"].as_f64().ok_or("no latitude")?, at["longitude"].as_f64().ok_or("no longitude")?);
    let (lat, lon) = (format!("{lat:.5}"), format!("{lon:.5}"));
    let external_id = driver["externalId"].as_str().unwrap_or_default();
    b.goto(&format!("/drivers/{external_id}")).await?;
    b.wait_text("[data-test=details]", driver["name"].as_str().unwrap_or_default(), 20).await?;
    let driver_key = format!("driver:{}", driver["id"]);
    b.click(&format!("[data-key=\"{driver_key}\"] .toggle")).await?;
    b.click(&format!("[data-key=\"chargergroup:{driver_key}:{}\"] .toggle", driver["chargerGroups"][0]["id"])).await?;
    b.click(&format!("[data-key=\"charger:{}\"] .label", charger["chargerId"].as_str().unwrap_or_default())).await?;
    b.wait_text("[data-test=vehicles-near]", "Vehicles near this charger", 10).await?;
    let href = b.wait_for("[data-test=vehicles-near]").await?.attr("href").await.map_err(|e| e.to_string())?;
    let want = format!("/map?lat={lat}&lon={lon}&radius=10&mode=crow");
    ensure(href.as_deref() == Some(want.as_str()), format!("link {href:?}, want {want}"))?;
    b.screenshot("drivers-vehicles-near").await?;

    b.click("[data-test=vehicles-near]").await?;
    b.wait_path("the map", |p| p == "/map").await?;
    ensure(b.value("[data-test=lat]").await? == lat, "latitude not taken from the charger")?;
    ensure(b.value("[data-test=lon]").await? == lon, "longitude not taken from the charger")?;
    ocean_login(b).await?;
    let (lat_f, lon_f): (f64, f64) = (lat.parse().map_err(|_| "lat")?, lon.parse().map_err(|_| "lon")?);
    let nearest = sim_nearest(
        env,
        &format!("radius=10&latitude={lat_f}&longitude={lon_f}"),
        &json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    let shown = listed(&nearest, &sim_fleet(env)?).0.len();
    ensure(shown > 0, "the simulator has no vehicle near this charger: pick another")?;
    b.wait_count("[data-test=nearest] li", shown).await?;
    b.client.back().await.map_err(|e| e.to_string())?;
    b.wait_path("back to the driver", |p| p == format!("/drivers/{external_id}")).await.map(|_| ())
}

pub async fn search_by_id_tag_reveals_the_driver_with_ancestors(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
    let site = &tree["userGroups"][1];
    let driver = first_driver_with_tags(site).ok_or("no driver with tags")?;
    let tag = driver["tags"][0]["idTag"].as_str().unwrap_or_default().to_string();
    b.goto("/drivers").await?;
    b.fill("[data-test=tree-search]", &tag).await?;
    b.wait_text("[data-test=match-count]", "1 match", 10).await?;
    let match_row = b.text("[role=treeitem].match").await?;
    ensure(match_row.contains(&tag), format!("match row {match_row:?}"))?;
    let ancestors = b.text("[data-test=tree]").await?;
    let driver_name = driver["name"].as_str().unwrap_or_default();
    ensure(
        ancestors.contains(driver_name) && ancestors.contains(site["groupName"].as_str().unwrap_or_default()),
        "ancestors not kept visible",
    )?;
    ensure(b.count("[role=treeitem].ancestor").await? >= 2, "ancestors not greyed")?;
    b.screenshot("drivers-search").await
}

pub async fn external_id_deep_link_selects_the_driver(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/drivers/DRV-000042").await?;
    let selected = b.wait_for("[role=treeitem][aria-selected=true]").await?;
    let key = selected.attr("data-key").await.map_err(|e| e.to_string())?.unwrap_or_default();
    ensure(key == "driver:100041", format!("selected {key}"))?;
    ensure(b.text("[data-test=details]").await?.contains("DRV-000042"), "details not shown")?;
    // Reload: still selected, the way to it still open.
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_for("[role=treeitem][aria-selected=true][data-key=\"driver:100041\"]").await.map(|_| ())
}

/// While the tree loads, the page's frame is there with its tools disabled
/// and a loading status; a deep link whose driver is found before the tree
/// arrives is still revealed when it does.
pub async fn the_tree_loads_inside_its_frame(b: &Browser, env: &Env) -> TestResult {
    let delay = json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "delay", "ms": 2500 } });
    env.fault(delay)?;
    b.goto("/drivers/DRV-000042").await?;
    let status = b.text("[data-test=tree-loading]").await?;
    ensure(status.contains("Loading the driver tree"), format!("loading status: {status:?}"))?;
    let search = b.wait_for("[data-test=tree-search]").await?;
    let disabled = |e: fantoccini::elements::Element| async move {
        e.attr("disabled").await.map_err(|e| e.to_string()).map(|d| d.is_some())
    };
    ensure(disabled(search).await?, "search usable before the tree is there")?;
    ensure(disabled(b.wait_for("[data-test=expand-all]").await?).await?, "expand all usable while loading")?;
    ensure(b.count("[role=treeitem]").await? == 0, "rows before the tree")?;
    b.screenshot("drivers-loading").await?;
    // The driver's own call answered first: the tree, when it comes, opens
    // the way to it and selects it.
    let selected = b.wait_for("[role=treeitem][aria-selected=true]").await?;
    let key = selected.attr("data-key").await.map_err(|e| e.to_string())?.unwrap_or_default();
    ensure(key == "driver:100041", format!("selected {key}"))?;
    ensure(b.count("[data-test=tree-loading]").await? == 0, "loading status left behind")?;
    ensure(!disabled(b.wait_for("[data-test=tree-search]").await?).await?, "search still disabled")?;
    ensure(b.text("[data-test=tree-stats]").await?.contains("drivers"), "no figures")
}

pub async fn unknown_external_id_says_driver_not_found(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/drivers").await?;
    b.fill("[data-test=driver-lookup]", "NO-SUCH-DRIVER").await?;
    b.click(".lookup button[type=submit]").await?;
    let text = b.text("[data-test=driver-not-found]").await?;
    ensure(
        text.contains("Driver not found for this customer") && text.contains("NO-SUCH-DRIVER"),
        format!("message: {text}"),
    )?;
    ensure(b.path().await? == "/drivers/NO-SUCH-DRIVER", "lookup not in the URL")?;
    b.screenshot("drivers-not-found").await
}

pub async fn keyboard_alone_walks_the_tree(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/drivers").await?;
    b.click("[data-test=collapse-all]").await?;
    let first = b.wait_for("[role=treeitem]").await?;
    first.click().await.map_err(|e| e.to_string())?;
    let top = focused_label(b).await?;
    key(b, Key::Right).await?; // expand
    if let Err(e) = b.wait_for("[role=treeitem][aria-level=\"2\"]").await {
        let active = b
            .client
            .execute("return document.activeElement.outerHTML.slice(0, 300);", vec![])
            .await
            .map_err(|e| e.to_string())?;
        return Err(format!("{e}; active: {active}"));
    }
    key(b, Key::Right).await?; // to first child
    focus_settles(b, "Right moving into the children", |l| !l.is_empty() && l != top).await?;
    key(b, Key::Left).await?; // back to parent
    focus_settles(b, "Left returning to the parent", |l| l == top).await?;
    key(b, Key::Left).await?; // collapse
    ensure(b.count("[role=treeitem][aria-level=\"2\"]").await? == 0, "Left did not collapse")?;
    key(b, Key::End).await?;
    focus_settles(b, "End reaching the last row", |l| l == "Drivers without a site").await?;
    key(b, Key::Home).await?;
    focus_settles(b, "Home reaching the first row", |l| l == top).await?;
    let el = b.client.active_element().await.map_err(|e| e.to_string())?;
    el.send_keys("*").await.map_err(|e| e.to_string())?;
    let open = b.count("[role=treeitem][aria-level=\"1\"][aria-expanded=true]").await?;
    ensure(open >= 4, format!("* opened {open} top-level nodes"))?;
    key(b, Key::Enter).await?;
    ensure(b.text("[data-test=details]").await?.contains(&top), "Enter did not select")?;
    // Type-ahead: "d" jumps to the next label starting with D.
    let el = b.client.active_element().await.map_err(|e| e.to_string())?;
    el.send_keys("d").await.map_err(|e| e.to_string())?;
    focus_settles(b, "type-ahead moving to a label starting with D", |l| l.to_lowercase().starts_with('d')).await?;
    Ok(())
}

pub async fn malformed_subtree_and_html_names_render_safely(b: &Browser, env: &Env) -> TestResult {
    let evil = "<img src=x onerror=window.__xss=1>";
    let tree = json!({
        "userGroups": [
            { "isSpare": false, "id": 1, "groupName": "Site sain", "subgroups": [
                { "isSpare": false, "id": 2, "groupName": "Sous-site", "subgroups": [], "users": [
                    { "id": 20, "name": evil, "externalId": "DRV-XSS", "tags": "here the list of tags", "chargerGroups": [], "chargers": [] } ] } ],
              "users": [ { "id": 21, "name": "Camille Martin", "externalId": "DRV-21" } ] }
        ],
        "spareUsers": []
    });
    env.fault(json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "status", "status": 200, "body": tree.to_string() } }))?;
    b.goto("/drivers").await?;
    b.fill("[data-test=tree-search]", "img").await?;
    let row = b.text("[role=treeitem].match").await?;
    ensure(row.contains(evil), format!("name not shown as text: {row:?}"))?;
    ensure(b.count("[data-test=tree] img").await? == 0, "vendor text became an element")?;
    let xss = b.client.execute("return typeof window.__xss;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(xss == json!("undefined"), format!("window.__xss is {xss}"))?;
    ensure(b.text("[data-test=decode-notice] summary").await?.contains("1 record"), "no warning for the bad field")?;
    ensure(b.text("[data-test=tree-stats]").await?.contains("2 drivers"), "rest of the tree lost")
}

/// This file's browser tests, in the order they run.
/// A slow tree says how much of it has arrived; Cancel stops it and says
/// so, and "Refresh" reads it again.
pub async fn a_slow_tree_shows_its_progress_and_can_be_cancelled(b: &Browser, env: &Env) -> TestResult {
    let trickle = json!({ "kind": "trickle", "bytes": 8192, "every_ms": 200 });
    env.fault(json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": trickle }))?;
    b.goto("/drivers").await?;
    let progress = b.wait_text("[data-test=tree-loading]", "so far", 10).await?;
    ensure(
        progress.starts_with("Receiving the driver tree: ") && progress.contains(" KB so far"),
        format!("{progress:?}"),
    )?;
    b.click("[data-test=cancel-reading]").await?;
    b.wait_text("[data-test=tree-cancelled]", "Reading cancelled", 5).await?;
    ensure(b.count("[role=treeitem]").await? == 0, "rows from a cancelled reading")?;
    b.screenshot("drivers-cancelled").await?;
    b.click("[data-test=refresh-tree]").await?;
    b.wait_for("[data-test=tree-stats]").await?;
    ensure(b.count("[data-test=tree-cancelled]").await? == 0, "still says cancelled")?;
    ensure(b.count("[role=treeitem]").await? > 0, "no rows after reading again")
}

/// The rows on screen, in order: [index (from the row's place), key].
const ROWS_SHOWN: &str = r#"
return [...document.querySelectorAll('[data-test=tree] [role=treeitem]')]
  .filter((r) => !r.hidden)
  .map((r) => [Math.round(parseFloat(r.style.top) / 34), r.dataset.key])
  .sort((a, b) => a[0] - b[0]);
"#;

/// The rows on screen: their places run without a gap, and none repeats a key.
async fn rows_shown(b: &Browser) -> Result<Vec<(u64, String)>, String> {
    let v = b.js(ROWS_SHOWN, vec![]).await?;
    let rows: Vec<(u64, String)> = v
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (r[0].as_u64().unwrap_or(u64::MAX), r[1].as_str().unwrap_or_default().to_string()))
        .collect();
    let places: Vec<u64> = rows.iter().map(|r| r.0).collect();
    ensure(places.windows(2).all(|w| w[1] == w[0] + 1), format!("rows not contiguous: {places:?}"))?;
    let mut keys: Vec<&String> = rows.iter().map(|r| &r.1).collect();
    keys.sort();
    keys.dedup();
    ensure(keys.len() == rows.len(), "a row shown twice")?;
    Ok(rows)
}

/// The last node of a driver's subtree, depth first, as the tree orders it:
/// tags, charger groups (their subgroups, then chargers), then its own chargers.
fn last_key_below_driver(d: &Value) -> String {
    fn charger_last(c: &Value) -> String {
        let id = c["chargerId"].as_str().unwrap_or_default();
        match c["sockets"].as_array().and_then(|s| s.last()) {
            Some(s) => format!("socket:{id}:{}", s["id"]),
            None => format!("charger:{id}"),
        }
    }
    fn group_last(g: &Value, parent: &str) -> String {
        if let Some(c) = g["chargers"].as_array().and_then(|c| c.last()) {
            return charger_last(c);
        }
        format!("chargergroup:{parent}:{}", g["id"])
    }
    let key = format!("driver:{}", d["id"]);
    if let Some(c) = d["chargers"].as_array().and_then(|c| c.last()) {
        return charger_last(c);
    }
    if let Some(g) = d["chargerGroups"].as_array().and_then(|g| g.last()) {
        return group_last(g, &key);
    }
    match d["tags"].as_array().and_then(|t| t.last()) {
        Some(t) => format!("tag:{key}:{}", t["idTag"].as_str().unwrap_or_default()),
        None => key,
    }
}

/// The fixed row slots show the right rows: after a search, after "expand
/// all" and a scroll to the very end (the last node of the last driver
/// without a site), and after clearing the search. The row elements are
/// the same ones throughout: their contents change, they are not re-created.
pub async fn the_tree_filters_and_scrolls_to_the_right_rows(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
    b.goto("/drivers").await?;
    b.click("[data-test=collapse-all]").await?;
    b.wait_for("[role=treeitem]").await?;
    b.js("window.__slots = [...document.querySelectorAll('[data-test=tree] .tree-canvas > div')];", vec![]).await?;
    let collapsed = rows_shown(b).await?;
    b.fill("[data-test=tree-search]", "DRV-000042").await?;
    b.wait_text("[data-test=match-count]", "1 match", 10).await?;
    let matched = b
        .js("return [...document.querySelectorAll('[role=treeitem].match')].map((r) => r.dataset.key);", vec![])
        .await?;
    ensure(matched == json!(["driver:100041"]), format!("matches {matched}"))?;
    rows_shown(b).await?;
    // Emptied as the user would (WebDriver's fill with nothing sends no input event).
    let empty = "const i = document.querySelector('[data-test=tree-search]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));";
    b.js(empty, vec![]).await?;
    b.click("[data-test=expand-all]").await?;
    b.js("const t = document.querySelector('[data-test=tree]'); t.scrollTop = t.scrollHeight;", vec![]).await?;
    let last = tree["spareUsers"].as_array().and_then(|u| u.last()).ok_or("no driver without a site")?;
    let want = last_key_below_driver(last);
    let at_end = fleet_e2e::poll_until("the last row", Duration::from_secs(10), || async {
        Ok(match rows_shown(b).await {
            Ok(rows) if rows.last().is_some_and(|(_, key)| *key == want) => Ok(rows),
            Ok(rows) => Err(format!("{:?}", rows.last())),
            Err(e) => Err(e),
        })
    })
    .await?;
    let total =
        b.js("return document.querySelector('.tree-canvas').getBoundingClientRect().height / 34;", vec![]).await?;
    ensure(
        at_end.last().map(|r| r.0 as f64) == total.as_f64().map(|t| t - 1.0),
        format!("last row not at the end ({total})"),
    )?;
    b.screenshot("drivers-scrolled-to-end").await?;
    b.click("[data-test=collapse-all]").await?;
    b.js("document.querySelector('[data-test=tree]').scrollTop = 0;", vec![]).await?;
    fleet_e2e::poll_until("the first rows again, collapsed", Duration::from_secs(10), || async {
        Ok(match rows_shown(b).await {
            Ok(rows) if rows == collapsed => Ok(()),
            Ok(rows) => Err(format!("{rows:?}")),
            Err(e) => Err(e),
        })
    })
    .await?;
    // The viewport's height, measured at the first scroll, may add or take a
    // slot; the slots made first are still the ones on screen.
    let same = b.js("return window.__slots.length > 10 && window.__slots.every((s) => s.isConnected);", vec![]).await?;
    ensure(same == json!(true), "row elements were re-created")
}

/// Waits until the refresh bar says what the last refresh changed.
async fn refreshed(b: &Browser) -> TestResult {
    fleet_e2e::poll_until("the refresh", Duration::from_secs(30), || async {
        let status = b.text("[data-test=refresh-status]").await?;
        Ok(if status.contains("socket") || status.contains("Nothing changed") { Ok(()) } else { Err(status) })
    })
    .await
}

/// A refresh keeps the selection and the keyboard focus on the same rows
/// (found again by key), and the keyboard goes on from there.
pub async fn the_tree_keeps_keyboard_and_selection_over_a_refresh(b: &Browser, env: &Env) -> TestResult {
    b.goto("/drivers/DRV-000042").await?;
    b.wait_for("[role=treeitem][aria-selected=true][data-key=\"driver:100041\"]").await?;
    b.click("[data-key=\"driver:100041\"] .label").await?;
    key(b, Key::Down).await?;
    let focused_key = "return document.activeElement.dataset.key;";
    // The focus moves a task after the key (see `focus_settles`).
    let before = poll_until("Down moving the focus", Duration::from_secs(5), || async {
        let now = b.js(focused_key, vec![]).await?;
        Ok(if now != json!("driver:100041") && now.is_string() { Ok(now) } else { Err(now.to_string()) })
    })
    .await?;
    env.advance_clock(1)?;
    // A click from script: the keyboard focus stays in the tree, as with the automatic refresh.
    b.js("document.querySelector('[data-test=refresh-tree]').click();", vec![]).await?;
    refreshed(b).await?;
    b.wait_for("[role=treeitem][aria-selected=true][data-key=\"driver:100041\"]").await?;
    ensure(b.count("[role=treeitem][aria-selected=true]").await? == 1, "more than one row selected")?;
    let after = b.js(focused_key, vec![]).await?;
    ensure(after == before, format!("focus on {after}, was on {before}"))?;
    key(b, Key::Up).await?;
    poll_until("Up after the refresh focusing the driver", Duration::from_secs(5), || async {
        let up = b.js(focused_key, vec![]).await?;
        Ok(if up == json!("driver:100041") { Ok(()) } else { Err(up.to_string()) })
    })
    .await?;
    key(b, Key::Enter).await?;
    ensure(b.text("[data-test=details]").await?.contains("DRV-000042"), "Enter after the refresh")
}

/// While a refresh is on its way the tree shown stays and answers the
/// user (a search filters it at once); no task of the refresh holds the
/// main thread long.
pub async fn the_tree_takes_a_search_during_a_refresh(b: &Browser, env: &Env) -> TestResult {
    // How long its tasks are is the benchmark's figure (the tree part), not a
    // timed test: here the page must answer a search while the refresh is on
    // its way, and keep it once the new tree is shown.
    b.goto("/drivers").await?;
    b.wait_for("[role=treeitem]").await?;
    let delay = json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "delay", "ms": 5000 } });
    env.fault(delay)?;
    env.advance_clock(1)?;
    b.click("[data-test=refresh-tree]").await?;
    b.fill("[data-test=tree-search]", "DRV-000042").await?;
    b.wait_text("[data-test=match-count]", "1 match", 2).await?;
    ensure(b.count("[data-test=refresh-tree][disabled]").await? == 1, "the refresh was over before the search")?;
    refreshed(b).await?;
    ensure(b.text("[data-test=match-count]").await?.contains("1 match"), "the search was lost")
}

pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        expand_a_site_down_to_a_socket,
        vehicles_near_a_charger_open_the_map_search_there,
        search_by_id_tag_reveals_the_driver_with_ancestors,
        external_id_deep_link_selects_the_driver,
        the_tree_loads_inside_its_frame,
        unknown_external_id_says_driver_not_found,
        keyboard_alone_walks_the_tree,
        malformed_subtree_and_html_names_render_safely,
        a_slow_tree_shows_its_progress_and_can_be_cancelled,
        the_tree_filters_and_scrolls_to_the_right_rows,
        the_tree_keeps_keyboard_and_selection_over_a_refresh,
        the_tree_takes_a_search_during_a_refresh,
    ]
}
