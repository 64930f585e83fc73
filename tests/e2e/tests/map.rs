//! The nearest-vehicle map against the simulator.

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT, MOUSE_BUTTON_RIGHT};
use std::time::Duration;

use fleet_e2e::fixtures::{
    capture_downloads, first_download, is_listed, listed, listed_label, ocean_login, sim_fleet, sim_nearest,
    NEAREST_PATH,
};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

const NEAREST: &str = NEAREST_PATH;

/// The simulator's own answer for the search in the page's URL.
fn expected(env: &Env, query: &str, body: Value) -> Result<Vec<Value>, String> {
    sim_nearest(env, query, &body)
}

fn url_param(url: &str, key: &str) -> Option<String> {
    url.split(['?', '&']).find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_string))
}

async fn list_labels(b: &Browser) -> Result<Vec<String>, String> {
    // Read in one script, not element by element: the list is built anew
    // when the vehicle list arrives, and an element found before that is
    // gone by the time its text is asked for.
    let read = "return [...document.querySelectorAll('[data-test=nearest] .plate .label')].map((e) => e.innerText);";
    let labels = b.js(read, vec![]).await?;
    let labels = labels.as_array().ok_or_else(|| format!("the labels read as {labels}"))?;
    Ok(labels.iter().filter_map(|l| l.as_str().map(str::to_string)).collect())
}

/// The list shows these labels, in this order (plates replace descriptions
/// once the vehicle list has arrived).
async fn wait_labels(b: &Browser, want: &[String]) -> TestResult {
    poll_until("the listed plates", Duration::from_secs(10), || async {
        let labels = list_labels(b).await?;
        Ok(if labels == want { Ok(()) } else { Err(format!("{labels:?} instead of {want:?}")) })
    })
    .await
}

pub async fn wait_markers(b: &Browser, n: usize) -> TestResult {
    poll_until(&format!("{n} markers on the map"), Duration::from_secs(10), || async move {
        let m = b.wait_for("[data-test=map]").await?.attr("data-markers").await.map_err(|e| e.to_string())?;
        Ok(if m.as_deref() == Some(&n.to_string()) { Ok(()) } else { Err(format!("{m:?}")) })
    })
    .await
}

pub async fn click_the_map_then_search_shows_the_nearest_in_order(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    let before = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    // Click the map where there is no vehicle (a dot would select it): the
    // centre moves there and the search runs.
    let spot = crate::map_dots::empty_spot(b).await?;
    crate::map_dots::pointer(b, spot, true).await?;
    b.wait_url("the click sets a centre", |url| url != before && url.contains("lat=")).await?;
    b.fill("[data-test=radius]", "15").await?;
    b.click("[data-test=search]").await?;
    b.wait_text("[data-test=nearest-count]", "within 15 km", 20).await?;
    let url = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    let (lat, lon) = (url_param(&url, "lat").ok_or("no lat")?, url_param(&url, "lon").ok_or("no lon")?);
    let want = expected(
        env,
        &format!("radius=15&latitude={lat}&longitude={lon}"),
        json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    ensure(!want.is_empty(), "the simulator has nothing there; pick another click point")?;
    let mut want = want;
    want.sort_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)));
    let (want_labels, on_map) = listed(&want, &sim_fleet(env)?);
    b.wait_count("[data-test=nearest] li", want_labels.len()).await?;
    wait_labels(b, &want_labels).await?;
    wait_markers(b, on_map).await?;
    b.screenshot("map-results").await
}

/// A right-click offers "Search from here" without searching yet; Escape
/// closes it; choosing it searches there, and Back returns to the search
/// before.
pub async fn right_click_offers_search_from_here(b: &Browser, env: &Env) -> TestResult {
    let link = "/map?lat=45.76400&lon=4.83570&radius=12&mode=crow";
    b.goto(link).await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    crate::map_dots::settled(b).await?;
    let before = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    let spot = crate::map_dots::empty_spot(b).await?;
    let right_click = || async {
        let map = b.wait_for(".leaflet-container").await?;
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: map,
                duration: Some(Duration::from_millis(50)),
                x: spot.0.round() as i64,
                y: spot.1.round() as i64,
            })
            .then(PointerAction::Down { button: MOUSE_BUTTON_RIGHT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_RIGHT });
        b.client.perform_actions(actions).await.map_err(|e| e.to_string())
    };
    right_click().await?;
    b.wait_text("[data-test=search-from-here]", "Search from here", 10).await?;
    let focused = b.js("return document.activeElement?.dataset.test ?? '';", vec![]).await?;
    ensure(focused == "search-from-here", format!("the menu's button has not the focus: {focused}"))?;
    poll_until("the menu faded in", Duration::from_secs(5), || async {
        let o = b.js("return getComputedStyle(document.querySelector('[data-test=map-menu]').closest('.leaflet-popup')).opacity;", vec![]).await?;
        Ok(if o == "1" { Ok(()) } else { Err(format!("opacity {o}")) })
    })
    .await?;
    b.screenshot("map-search-from-here").await?;
    let now = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    ensure(now == before, "a right-click alone must not search")?;

    let active = b.client.active_element().await.map_err(|e| e.to_string())?;
    active.send_keys(&char::from(fantoccini::key::Key::Escape).to_string()).await.map_err(|e| e.to_string())?;
    poll_until("Escape closes the menu", Duration::from_secs(5), || async {
        Ok(if b.count("[data-test=map-menu]").await? == 0 { Ok(()) } else { Err("still open".to_string()) })
    })
    .await?;

    right_click().await?;
    b.click("[data-test=search-from-here]").await?;
    let url = b.wait_url("the menu sets a centre", |url| url != before && url.contains("lat=")).await?;
    poll_until("the menu closes once chosen", Duration::from_secs(5), || async {
        let n = b.count("[data-test=map-menu]").await?;
        Ok(if n == 0 { Ok(()) } else { Err(format!("{n} menus open")) })
    })
    .await?;
    let (lat, lon) = (url_param(&url, "lat").ok_or("no lat")?, url_param(&url, "lon").ok_or("no lon")?);
    ensure(url_param(&url, "radius").as_deref() == Some("12"), "the radius was not kept")?;
    let want = expected(
        env,
        &format!(
            "radius=12&latitude={}&longitude={}",
            lat.parse::<f64>().map_err(|_| "lat")?,
            lon.parse::<f64>().map_err(|_| "lon")?
        ),
        json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    let (labels, _) = listed(&want, &sim_fleet(env)?);
    b.wait_count("[data-test=nearest] li", labels.len()).await?;
    b.client.back().await.map_err(|e| e.to_string())?;
    b.wait_url("Back returns to the search before", |url| url == before).await.map(|_| ())
}

pub async fn by_road_shows_etas_and_at_most_limit(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=48.85660&lon=2.35220&radius=20&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    b.click("[data-test=mode-road]").await?;
    let limit = b.wait_for("[data-test=limit]").await?;
    limit.select_by_value("3").await.map_err(|e| e.to_string())?;
    b.click("[data-test=search]").await?;
    b.wait_text("[data-test=nearest-count]", "by road", 20).await?;
    // Three answered; a logically deleted one among them is not listed.
    let answer = expected(
        env,
        "radius=20&latitude=48.8566&longitude=2.3522&resultsLimit=3",
        json!({"computeMode": "PAR_ROUTE", "radiusUnit": "KM"}),
    )?;
    ensure(answer.len() == 3, format!("the simulator answered {} by road", answer.len()))?;
    let shown = listed(&answer, &sim_fleet(env)?).0.len();
    b.wait_count("[data-test=nearest] li", shown).await?;
    let etas = b.client.find_all(fantoccini::Locator::Css("[data-test=eta]")).await.map_err(|e| e.to_string())?;
    ensure(etas.len() == shown, format!("{} ETAs shown", etas.len()))?;
    for e in etas {
        let t = e.text().await.map_err(|e| e.to_string())?;
        ensure(t.contains("min") && t.contains("ETA"), format!("ETA text {t:?}"))?;
    }
    let sent = env.requests(NEAREST)?;
    let last = sent.last().ok_or("no search")?;
    ensure(last["query"].as_str().is_some_and(|q| q.contains("resultsLimit=3")), "resultsLimit not sent")?;
    ensure(last["body"].as_str().is_some_and(|q| q.contains("PAR_ROUTE")), "mode not sent")?;
    b.screenshot("map-by-road").await
}

pub async fn deep_link_reproduces_the_search_after_reload(b: &Browser, env: &Env) -> TestResult {
    let link = "/map?lat=45.76400&lon=4.83570&radius=12&mode=crow";
    let want = expected(
        env,
        "radius=12&latitude=45.764&longitude=4.8357",
        json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    let shown = listed(&want, &sim_fleet(env)?).0.len();
    b.goto(link).await?;
    ensure(b.value("[data-test=lat]").await? == "45.76400", "latitude not restored from the URL")?;
    ocean_login(b).await?;
    b.wait_count("[data-test=nearest] li", shown).await?;
    b.client.refresh().await.map_err(|e| e.to_string())?;
    // The token lived in memory: sign in again, same search, same answer.
    ocean_login(b).await?;
    b.wait_count("[data-test=nearest] li", shown).await?;
    ensure(b.value("[data-test=radius]").await? == "12", "radius not restored")?;
    let first = want
        .iter()
        .min_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)))
        .ok_or("empty")?;
    let closest = listed_label(first, &sim_fleet(env)?);
    poll_until("the closest vehicle first", Duration::from_secs(10), || async {
        let labels = list_labels(b).await?;
        Ok(if labels.first() == Some(&closest) { Ok(()) } else { Err(format!("{labels:?}, want {closest} first")) })
    })
    .await
}

pub async fn dragging_the_centre_reruns_the_search(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=48.85660&lon=2.35220&radius=10&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    let before = env.requests(NEAREST)?.len();
    let pin = b.wait_for(".leaflet-marker-icon").await?;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: pin, duration: None, x: 0, y: 0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy { duration: Some(std::time::Duration::from_millis(100)), x: 10, y: 8 })
        .then(PointerAction::MoveBy { duration: Some(std::time::Duration::from_millis(200)), x: 70, y: 52 })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    b.client.perform_actions(drag).await.map_err(|e| e.to_string())?;
    poll_until("dragging the centre searches again", Duration::from_secs(6), || async move {
        let searches = env.requests(NEAREST)?.len();
        Ok(if searches > before { Ok(()) } else { Err(format!("{searches} searches")) })
    })
    .await?;
    let url = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    ensure(!url.contains("lat=48.85660&lon=2.35220"), format!("centre did not move: {url}"))
}

pub async fn popup_shows_vendor_label_as_text(b: &Browser, env: &Env) -> TestResult {
    let evil = "<img src=x onerror=window.__xss=1>";
    let item = json!([{
        "address": { "latitude": 48.86, "longitude": 2.36, "address": evil, "town": "Paris" },
        "distance": 900, "duration": null, "eta": null, "etatMobile": "ARRET", "gmtPos": "2026-11-22T08:00:00.000Z",
        "immobilisationState": "UNLOCKED", "vehicle": { "id": 1, "description": evil, "categorie": "VL" },
        "driver": { "individu": { "prenomInd": evil, "nomInd": "X" } }
    }]);
    env.fault(
        json!({ "path": NEAREST, "times": 1, "action": { "kind": "status", "status": 200, "body": item.to_string() } }),
    )?;
    b.goto("/map?lat=48.85660&lon=2.35220&radius=5&mode=crow").await?;
    ocean_login(b).await?;
    // Once the vehicle list is in (the list is drawn again with it).
    b.wait_text("[data-test=fleet-status]", "Plates from", 10).await?;
    b.click("[data-test=nearest] li button").await?;
    let popup = b.wait_text(".leaflet-popup [data-test=popup]", evil, 10).await?;
    ensure(popup.contains(evil), format!("popup text {popup:?}"))?;
    ensure(b.count(".leaflet-popup img, [data-test=nearest] img").await? == 0, "vendor text became an element")?;
    let xss = b.client.execute("return typeof window.__xss;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(xss == json!("undefined"), format!("window.__xss is {xss}"))
}

pub async fn empty_result_offers_to_widen(b: &Browser, _env: &Env) -> TestResult {
    // The middle of the Bay of Biscay: no vehicle within 5 km.
    b.goto("/map?lat=45.50000&lon=-4.00000&radius=5&mode=crow").await?;
    ocean_login(b).await?;
    let text = b.text("[data-test=no-results]").await?;
    ensure(text.contains("No vehicle within 5 km"), format!("empty state: {text}"))?;
    b.click("[data-test=widen]").await?;
    b.wait_path("widened", |p| p == "/map").await?;
    let url = b.client.current_url().await.map_err(|e| e.to_string())?.to_string();
    ensure(url.contains("radius=10"), format!("not widened: {url}"))?;
    // Back steps through searches.
    b.client.back().await.map_err(|e| e.to_string())?;
    b.wait_text("[data-test=no-results]", "within 5 km", 10).await.map(|_| ())
}

/// The test fleet's largest answer (every vehicle, ~600 KB) cut in half by
/// the vendor: a sentence, nothing half-drawn, and the retry reads the
/// whole answer. (Every way of cutting a list into chunks is tested
/// natively, in `vendors/list_stream`.)
pub async fn a_cut_answer_is_an_error_and_the_retry_reads_it_all(b: &Browser, env: &Env) -> TestResult {
    let want = most_of_france(env)?;
    env.fault(json!({ "path": NEAREST, "times": 1, "action": { "kind": "malformed" } }))?;
    b.goto("/map?lat=46.60000&lon=2.50000&radius=500&mode=crow").await?;
    ocean_login(b).await?;
    let text = b.text("[data-test=error] .sentence").await?;
    ensure(text.contains("Ocean sent an answer the console could not read"), format!("error: {text}"))?;
    let markers = b.wait_for("[data-test=map]").await?.attr("data-markers").await.map_err(|e| e.to_string())?;
    ensure(markers.as_deref().unwrap_or("0") == "0", format!("drawn from a cut answer: {markers:?}"))?;
    b.screenshot("map-cut-answer").await?;
    b.click("[data-test=error] button").await?;
    let fleet = sim_fleet(env)?;
    let drawn = want.iter().filter(|v| is_listed(v, &fleet) && v["address"]["latitude"].is_number()).count();
    wait_markers(b, drawn).await
}

/// A search is a POST by Ocean's contract, but it changes nothing: after a
/// 502 it is sent again, and the map is drawn as if nothing happened.
pub async fn a_search_is_retried_after_a_bad_gateway(b: &Browser, env: &Env) -> TestResult {
    let want = most_of_france(env)?;
    let fleet = sim_fleet(env)?;
    let drawn = want.iter().filter(|v| is_listed(v, &fleet) && v["address"]["latitude"].is_number()).count();
    env.clear_request_log()?;
    let bad_gateway = json!({ "kind": "status", "status": 502, "body": "Bad Gateway", "content_type": "text/plain" });
    env.fault(json!({ "path": NEAREST, "method": "POST", "times": 1, "action": bad_gateway }))?;
    b.goto("/map?lat=46.60000&lon=2.50000&radius=500&mode=crow").await?;
    ocean_login(b).await?;
    wait_markers(b, drawn).await?;
    let searches = env.requests(NEAREST)?.iter().filter(|r| r["method"] == "POST").count();
    ensure(searches == 2, format!("expected the 502 and one retry, saw {searches} searches"))
}

/// One odd vehicle in the answer (wrong types, not an object) costs only
/// itself: the others are listed, and the notice says which were left out.
pub async fn odd_results_are_left_out_with_a_warning(b: &Browser, env: &Env) -> TestResult {
    let mut list = expected(
        env,
        "radius=10&latitude=48.8566&longitude=2.3522",
        json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    let fleet = sim_fleet(env)?;
    list.retain(|v| is_listed(v, &fleet));
    list.truncate(3);
    ensure(list.len() == 3, format!("{} vehicles near Paris", list.len()))?;
    // The second: an address that is a list (a derived struct would read it
    // as its fields in order); then a string instead of a vehicle.
    list[1]["address"] = json!([48.85, 2.35]);
    list.insert(2, json!("garbage"));
    let body = Value::Array(list).to_string();
    env.fault(json!({ "path": NEAREST, "times": 1, "action": { "kind": "status", "status": 200, "body": body } }))?;
    b.goto("/map?lat=48.85660&lon=2.35220&radius=10&mode=crow").await?;
    ocean_login(b).await?;
    let count = b.text("[data-test=nearest-count]").await?;
    ensure(count.starts_with("3 vehicles"), format!("count: {count}"))?;
    let notice = b.text("[data-test=decode-notice] summary").await?;
    ensure(notice.contains("2 records from Ocean could not be read"), format!("notice: {notice}"))?;
    b.click("[data-test=decode-notice] summary").await?;
    let details = b.text("[data-test=decode-notice]").await?;
    ensure(details.contains("$[1].address") && details.contains("$[2]"), format!("details: {details}"))
}

/// A long answer says how far it has come, and Cancel stops it: the results
/// shown before stay, and nothing of the cancelled answer is drawn.
pub async fn a_long_answer_shows_its_progress_and_can_be_cancelled(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=48.85660&lon=2.35220&radius=10&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 10).await?;
    let markers =
        || async { b.wait_for("[data-test=map]").await?.attr("data-markers").await.map_err(|e| e.to_string()) };
    let (before, labels) = (markers().await?, list_labels(b).await?);
    ensure(!labels.is_empty(), "no vehicle near Paris to begin with")?;
    // Most of France (~700 KB), 16 KB every 150 ms: several seconds.
    let trickle = json!({ "kind": "trickle", "bytes": 16384, "every_ms": 150 });
    env.fault(json!({ "path": NEAREST, "method": "POST", "times": 1, "action": trickle }))?;
    b.fill("[data-test=radius]", "500").await?;
    b.click("[data-test=search]").await?;
    let progress = b.wait_text("[data-test=search-progress]", "so far", 10).await?;
    ensure(progress.starts_with("Receiving vehicles: ") && progress.contains(" KB)"), format!("progress: {progress}"))?;
    b.screenshot("map-receiving").await?;
    b.click("[data-test=cancel-search]").await?;
    b.wait_text("[data-test=search-cancelled]", "Search cancelled", 5).await?;
    // Long enough for the rest of the answer to have arrived, had it not been stopped.
    tokio::time::sleep(Duration::from_secs(2)).await;
    ensure(b.count("[data-test=search-progress]").await? == 0, "still receiving after Cancel")?;
    let after = markers().await?;
    ensure(after == before, format!("markers {before:?} before, {after:?} after the cancel"))?;
    let now = list_labels(b).await?;
    ensure(now == labels, format!("the list changed: {now:?} instead of {labels:?}"))
}

/// The simulator's answer for the search of `/map?lat=46.6&lon=2.5&radius=500`,
/// nearest first, as the console lists it.
fn most_of_france(env: &Env) -> Result<Vec<Value>, String> {
    let mut want = expected(
        env,
        "radius=500&latitude=46.6&longitude=2.5",
        json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    want.sort_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)));
    Ok(want)
}

pub async fn plates_come_from_the_vehicle_list_and_details_from_its_record(b: &Browser, env: &Env) -> TestResult {
    // Most of France: the demo customer's private, deleted and plate-less vehicles are in it.
    b.goto("/map?lat=46.60000&lon=2.50000&radius=500&mode=crow").await?;
    ocean_login(b).await?;
    let want = most_of_france(env)?;
    let fleet = sim_fleet(env)?;
    let (labels, on_map) = listed(&want, &fleet);
    let deleted = want.len() - labels.len();
    let private = want.iter().filter(|v| is_listed(v, &fleet) && v["vehicle"]["privacyEnabled"] == true).count();
    ensure(deleted > 0 && private > 0, format!("{deleted} deleted, {private} private: the search proves nothing"))?;
    ensure(labels.iter().any(|l| l.starts_with("No plate")), "no plate-less vehicle in the search")?;
    // The first page of the list, by plate; the map, every listed vehicle with a position.
    let page: Vec<String> = labels.iter().take(100).cloned().collect();
    wait_labels(b, &page).await?;
    wait_markers(b, on_map).await?;
    let badges = want
        .iter()
        .filter(|v| is_listed(v, &fleet))
        .take(100)
        .filter(|v| v["vehicle"]["privacyEnabled"] == true)
        .count();
    ensure(b.count("[data-test=nearest] [data-test=private]").await? == badges, "private vehicles not marked")?;
    b.screenshot("map-plates").await?;
    // Details of the closest: its record, read by its plate.
    b.click("[data-test=nearest] li:first-child button").await?;
    let details = b.wait_text("[data-test=vehicle-details]", &labels[0], 10).await?;
    let first = want.iter().find(|v| is_listed(v, &fleet)).ok_or("nothing listed")?;
    let record = fleet.iter().find(|r| r["vehicle"]["id"] == first["vehicle"]["id"]).ok_or("not in the list")?;
    let fleet_number = record["vehicle"]["numeroParc"].as_str().unwrap_or_default();
    ensure(details.contains(fleet_number), format!("fleet number {fleet_number} not in the details: {details}"))?;
    // This test read the list once itself (sim_fleet); the console once too.
    let (lists, by_plate) = vehicle_reads(env)?;
    ensure(lists == 2, format!("the vehicle list is read once, not per vehicle: {lists} calls"))?;
    ensure(by_plate.len() == 1, format!("one record read by plate, not {by_plate:?}"))?;
    b.client
        .execute("document.querySelector('[data-test=vehicle-details]').scrollIntoView();", vec![])
        .await
        .map_err(|e| e.to_string())?;
    b.screenshot("map-details").await?;
    // Entities filter the results, through each vehicle's record.
    let entity = record["entite"]["id"].as_i64().ok_or("no entity")?;
    let of_entity = want
        .iter()
        .filter(|v| is_listed(v, &fleet))
        .filter(|v| fleet.iter().any(|r| r["vehicle"]["id"] == v["vehicle"]["id"] && r["entite"]["id"] == entity))
        .count();
    let filter = b.wait_for("[data-test=entity-filter]").await?;
    filter.select_by_value(&entity.to_string()).await.map_err(|e| e.to_string())?;
    b.wait_text("[data-test=nearest-count]", &format!("{of_entity} vehicles within"), 10).await?;
    ensure(of_entity < labels.len(), "the filter should leave some vehicles out")
}

/// Reads of Ocean's vehicle list: how many whole lists, and the query of
/// each read of one plate's records.
fn vehicle_reads(env: &Env) -> Result<(usize, Vec<String>), String> {
    let reads = env.requests("/ocean/restapi/vehicule_engin/vehicles")?;
    let queries: Vec<String> = reads.iter().map(|r| r["query"].as_str().unwrap_or_default().to_string()).collect();
    let (by_plate, lists): (Vec<String>, Vec<String>) =
        queries.into_iter().partition(|q| q.contains("immatriculation="));
    Ok((lists.len(), by_plate))
}

/// The details panel reads the shown vehicle's full record by its plate,
/// once: shown again, it comes from the session's cache. A vehicle without
/// a plate shows its list entry and says why the rest is not there.
pub async fn a_vehicle_record_is_read_on_demand_once(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=46.60000&lon=2.50000&radius=500&mode=crow").await?;
    ocean_login(b).await?;
    let want = most_of_france(env)?;
    let fleet = sim_fleet(env)?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 20).await?;
    let page: Vec<String> = listed(&want, &fleet).0.into_iter().take(100).collect();
    wait_labels(b, &page).await?;
    let plated: Vec<&String> = page.iter().filter(|l| !l.starts_with("No plate")).take(2).collect();
    let plateless = page.iter().find(|l| l.starts_with("No plate")).ok_or("no plate-less vehicle on the first page")?;
    let [one, two] = plated[..] else { return Err("fewer than two plates on the first page".into()) };
    let record_of = |plate: &str| fleet.iter().find(|r| r["vehicle"]["immatriculation"] == plate).cloned();
    let fleet_number =
        |plate: &str| record_of(plate).map(|r| r["vehicle"]["numeroParc"].as_str().unwrap_or_default().to_string());
    env.clear_request_log()?;

    crate::live::select_in_list(b, one).await?;
    let number = fleet_number(one).ok_or("the first plate is not in the list")?;
    b.wait_text("[data-test=vehicle-details]", &number, 10).await?;
    let (_, by_plate) = vehicle_reads(env)?;
    ensure(by_plate.len() == 1 && by_plate[0].contains(&format!("immatriculation={one}")), format!("{by_plate:?}"))?;

    crate::live::select_in_list(b, two).await?;
    b.wait_text("[data-test=vehicle-details]", &fleet_number(two).ok_or("not in the list")?, 10).await?;
    crate::live::select_in_list(b, plateless).await?;
    let shown = b.wait_text("[data-test=record-not-shown]", "no plate", 10).await?;
    ensure(!shown.is_empty(), "nothing said about the missing record")?;
    // Back to the first: from the cache, no second read.
    crate::live::select_in_list(b, one).await?;
    let details = b.wait_text("[data-test=vehicle-details]", &number, 10).await?;
    ensure(details.contains(one.as_str()), format!("{one} not in the details: {details}"))?;
    let (lists, by_plate) = vehicle_reads(env)?;
    ensure(lists == 0, format!("the vehicle list was read again: {lists}"))?;
    ensure(by_plate.len() == 2, format!("each plate read once: {by_plate:?}"))
}

/// The CSV holds every listed vehicle, in the list's order, named as listed
/// (the list itself shows 100 rows at a time).
pub async fn exported_csv_lists_every_vehicle_in_order(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=46.60000&lon=2.50000&radius=500&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 10).await?;
    let want = most_of_france(env)?;
    let (labels, _) = listed(&want, &sim_fleet(env)?);
    ensure(labels.len() > 100, format!("{} vehicles: fewer than a page", labels.len()))?;
    b.wait_for("[data-test=nearest] li").await?;
    capture_downloads(b).await?;
    b.click("[data-test=export-results]").await?;
    let csv = first_download(b).await?;
    // The first cell of each data row (plates and descriptions hold no comma).
    let first: Vec<String> =
        csv.lines().skip(1).map(|l| l.split(',').next().unwrap_or_default().trim_matches('"').to_string()).collect();
    ensure(
        first == labels,
        format!("{} rows exported for {} listed; first {:?}", first.len(), labels.len(), first.first()),
    )
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        click_the_map_then_search_shows_the_nearest_in_order,
        right_click_offers_search_from_here,
        by_road_shows_etas_and_at_most_limit,
        deep_link_reproduces_the_search_after_reload,
        dragging_the_centre_reruns_the_search,
        popup_shows_vendor_label_as_text,
        empty_result_offers_to_widen,
        plates_come_from_the_vehicle_list_and_details_from_its_record,
        a_vehicle_record_is_read_on_demand_once,
        exported_csv_lists_every_vehicle_in_order,
        a_cut_answer_is_an_error_and_the_retry_reads_it_all,
        a_search_is_retried_after_a_bad_gateway,
        odd_results_are_left_out_with_a_warning,
        a_long_answer_shows_its_progress_and_can_be_cancelled,
    ]
}
