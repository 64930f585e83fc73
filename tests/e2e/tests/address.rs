//! The map's address box against the simulator's geocoder: suggestions as
//! you type, the keyboard, the search at the chosen address, the address
//! under the centre, and a geocoder that fails.

use std::time::Duration;

use fleet_e2e::fixtures::ocean_login;
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

/// The simulator's own suggestions for `q` near the search's centre, as
/// the app asks for them.
fn sim_suggestions(env: &Env, q: &str, near: &str) -> Result<Vec<Value>, String> {
    let q = q.replace(' ', "%20");
    let answer = env.sim_json(&format!("/geocoder/search?q={q}&limit=6&{near}&index=address"), &[])?;
    Ok(answer["features"].as_array().cloned().unwrap_or_default())
}

async fn options(b: &Browser) -> Result<Vec<String>, String> {
    let v = b
        .js("return [...document.querySelectorAll('[data-test=address-options] [role=option]')].map(o => o.textContent);", vec![])
        .await?;
    Ok(v.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect())
}

async fn key(b: &Browser, k: fantoccini::key::Key) -> TestResult {
    let el = b.wait_for("[data-test=address]").await?;
    el.send_keys(&char::from(k).to_string()).await.map_err(|e| e.to_string())
}

pub async fn typing_an_address_suggests_and_choosing_one_searches_there(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=45.76400&lon=4.83570&radius=12&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    // Nearest to the current centre first.
    let want = sim_suggestions(env, "rue pasteur lyon", "lat=45.76400&lon=4.83570")?;
    ensure(want.len() >= 2, format!("the gazetteer has {} such addresses", want.len()))?;
    let labels: Vec<String> =
        want.iter().filter_map(|f| f["properties"]["label"].as_str().map(str::to_string)).collect();
    b.fill("[data-test=address]", "rue pasteur lyon").await?;
    poll_until("the suggestions", Duration::from_secs(10), || async {
        let shown = options(b).await?;
        Ok(if shown == labels { Ok(()) } else { Err(format!("{shown:?} instead of {labels:?}")) })
    })
    .await?;
    let expanded = b.wait_for("[data-test=address]").await?.attr("aria-expanded").await.map_err(|e| e.to_string())?;
    ensure(expanded.as_deref() == Some("true"), "the combobox does not say it is expanded")?;
    // Down twice: the second suggestion is the active descendant; Enter picks it.
    key(b, fantoccini::key::Key::Down).await?;
    key(b, fantoccini::key::Key::Down).await?;
    let active =
        b.wait_for("[data-test=address]").await?.attr("aria-activedescendant").await.map_err(|e| e.to_string())?;
    ensure(active.as_deref() == Some("address-option-1"), format!("active descendant {active:?}"))?;
    b.screenshot("map-address-suggestions").await?;
    key(b, fantoccini::key::Key::Enter).await?;
    let point = &want[1]["geometry"]["coordinates"];
    let (lon, lat) = (point[0].as_f64().ok_or("lon")?, point[1].as_f64().ok_or("lat")?);
    let url =
        b.wait_url("the search at the chosen address", |u| u.contains(&format!("lat={lat:.5}&lon={lon:.5}"))).await?;
    ensure(b.value("[data-test=address]").await? == labels[1], "the box does not show the chosen address")?;
    ensure(b.count("[data-test=address-options]:not([hidden])").await? == 0, "the suggestions stay open")?;
    // The address under the new centre is the chosen one (reverse lookup).
    b.wait_text("[data-test=centre-address]", &labels[1], 10).await?;
    b.wait_for("[data-test=nearest] li").await?;
    ensure(url.contains("radius="), "the search lost its radius")?;
    b.screenshot("map-address-search").await?;

    // A click on the map moves the centre there: the address under it follows.
    let spot = crate::map_dots::empty_spot(b).await?;
    crate::map_dots::pointer(b, spot, true).await?;
    let moved = b.wait_url("the click's search", |u| u != url && u.contains("lat=")).await?;
    let param = |k: &str| moved.split(['?', '&']).find_map(|kv| kv.strip_prefix(&format!("{k}="))).map(str::to_string);
    let (lat, lon) = (param("lat").ok_or("no lat")?, param("lon").ok_or("no lon")?);
    let under = env.sim_json(&format!("/geocoder/reverse?lat={lat}&lon={lon}&limit=1"), &[])?;
    let label = under["features"][0]["properties"]["label"].as_str().ok_or("the gazetteer has nothing there")?;
    ensure(label != labels[1], "the click landed on the same address")?;
    b.wait_text("[data-test=centre-address]", label, 10).await.map(|_| ())
}

pub async fn unknown_addresses_say_so_and_a_failing_geocoder_leaves_coordinates(b: &Browser, env: &Env) -> TestResult {
    b.goto("/map?lat=45.76400&lon=4.83570&radius=12&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    b.fill("[data-test=address]", "zzqx nowhere").await?;
    b.wait_text("[data-test=address-status]", "No address found", 10).await?;
    ensure(options(b).await?.is_empty(), "suggestions for an unknown address")?;

    env.fault(json!({"path": "/geocoder/search", "times": 10, "action": {"kind": "status", "status": 500, "body": "{\"code\":500,\"message\":\"internal\"}"}}))?;
    b.fill("[data-test=address]", "rue pasteur lyon").await?;
    b.wait_text("[data-test=address-status]", "Address search is unavailable", 10).await?;
    b.screenshot("map-address-failed").await?;
    // Coordinates still search.
    b.fill("[data-test=lat]", "45.75").await?;
    b.click("[data-test=search]").await?;
    b.wait_url("a typed search", |u| u.contains("lat=45.75000")).await?;
    b.wait_for("[data-test=nearest] li").await.map(|_| ())
}

pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        typing_an_address_suggests_and_choosing_one_searches_there,
        unknown_addresses_say_so_and_a_failing_geocoder_leaves_coordinates,
    ]
}
