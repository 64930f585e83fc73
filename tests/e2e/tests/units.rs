//! Distances in a unit Ocean does not publish. The simulator answers in
//! metres, then (a test-only fault) in whole kilometres, as a real Ocean
//! might; the console infers which from the results' positions, lists the
//! same true distances either way, and the Connections page says which unit
//! is in force and why.

use std::time::Duration;

use fleet_e2e::fixtures::{is_listed, ocean_login, sim_fleet, sim_nearest, NEAREST_PATH};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::json;

const CENTRE: (f64, f64) = (45.764, 4.8357);
const LYON: &str = "/map?lat=45.76400&lon=4.83570&radius=12&mode=crow";

/// Great-circle distance in metres (the simulator's and the console's sphere).
fn crow_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().clamp(0.0, 1.0).asin()
}

/// How the English list writes metres ("850 m", "2.0 km").
fn shown(m: f64) -> String {
    if m < 1000.0 {
        format!("{} m", m.round())
    } else {
        format!("{:.1} km", m / 1000.0)
    }
}

/// The distances the list shows, sorted (ties may be listed in any order),
/// read in one go: the list is drawn again when the plates arrive.
async fn listed_distances(b: &Browser) -> Result<Vec<String>, String> {
    let script = "return [...document.querySelectorAll('[data-test=nearest] li .num')].map(e => e.textContent);";
    let cells = b.js(script, vec![]).await?;
    let mut out: Vec<String> =
        cells.as_array().into_iter().flatten().map(|c| c.as_str().unwrap_or_default().to_string()).collect();
    out.sort();
    Ok(out)
}

async fn wait_distances(b: &Browser, what: &str, mut want: Vec<String>) -> TestResult {
    want.sort();
    poll_until(what, Duration::from_secs(20), || async {
        let got = listed_distances(b).await?;
        Ok(if got == want { Ok(()) } else { Err(format!("{got:?} instead of {want:?}")) })
    })
    .await
}

pub async fn distances_in_kilometres_are_inferred_and_named(b: &Browser, env: &Env) -> TestResult {
    // The simulator's own answer, in metres (before any fault).
    let query = "radius=12&latitude=45.76400&longitude=4.83570";
    let want = sim_nearest(env, query, &json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}))?;
    let fleet = sim_fleet(env)?;
    let metres: Vec<f64> =
        want.iter().filter(|v| is_listed(v, &fleet)).filter_map(|v| v["distance"].as_f64()).collect();
    ensure(metres.iter().filter(|m| **m >= 1500.0).count() >= 3, "too few results kilometres away")?;
    // Its distances are the positions' crow-flies distances.
    for v in want.iter().filter(|v| v["address"]["latitude"].is_number()) {
        let at = (v["address"]["latitude"].as_f64().unwrap_or(0.0), v["address"]["longitude"].as_f64().unwrap_or(0.0));
        let (d, crow) = (v["distance"].as_f64().unwrap_or(-1.0), crow_m(CENTRE, at));
        ensure((d - crow).abs() < 5.0, format!("the simulator says {d} m for a vehicle {crow:.0} m away"))?;
    }

    b.goto(LYON).await?;
    ocean_login(b).await?;
    wait_distances(b, "the distances in metres", metres.iter().map(|m| shown(*m)).collect()).await?;
    b.click("header nav a[href='/connections']").await?;
    b.wait_text("[data-test=distance-unit]", "Distances: metres, inferred from the last answer", 20).await?;

    // The same vehicles, their distances now in whole kilometres.
    let scale = json!({"kind": "scale", "distance": 0.001, "round": true});
    env.fault(json!({"path": NEAREST_PATH, "times": 50, "action": scale}))?;
    b.client.back().await.map_err(|e| e.to_string())?;
    let km: Vec<String> = metres.iter().map(|m| shown((m / 1000.0).round() * 1000.0)).collect();
    ensure(km.iter().any(|t| t.ends_with(".0 km")), format!("no vehicle kilometres away: {km:?}"))?;
    wait_distances(b, "the distances read as kilometres", km).await?;
    // The rows kilometres away, beside their dots, for the screenshot.
    b.js(
        "document.querySelector('[data-test=nearest] li:nth-child(3)').scrollIntoView({block: 'center'}); return true;",
        vec![],
    )
    .await?;
    b.screenshot("units-km-map").await?;
    b.click("header nav a[href='/connections']").await?;
    let said =
        b.wait_text("[data-test=distance-unit]", "Distances: kilometres, inferred from the last answer", 20).await?;
    ensure(said.contains("m as the crow flies"), format!("the ratio is not said: {said}"))?;
    b.wait_text("[data-test=duration-unit]", "seconds, from the configuration", 5).await?;
    b.screenshot("units-km-connections").await
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![distances_in_kilometres_are_inferred_and_named]
}
