//! The vehicles' canvas on the map (`src/pages/map/dots`): what a click or a
//! hover hits, before and after a pan. Where each vehicle should be is asked
//! of Leaflet itself (`L.CRS.EPSG3857`), not of the console's projection.

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use std::time::Duration;

use crate::map::wait_markers;
use fleet_e2e::fixtures::{is_listed, listed_label, ocean_login, sim_fleet, sim_nearest, NEAREST_PATH};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

/// Where Leaflet puts each `[lat, lon]` on the canvas as last drawn, as an
/// offset from the map container's centre (WebDriver's origin for element
/// offsets), plus the container's half width and height.
const PROJECT: &str = r#"
const points = arguments[0];
// WebDriver offsets are from the centre of the element's visible part: show all of it.
document.querySelector('.leaflet-container').scrollIntoView({ block: 'center' });
const canvas = document.querySelector('[data-test=vehicle-dots]');
const [zoom, ox, oy] = canvas.dataset.view.split(' ').map(Number);
const c = canvas.getBoundingClientRect();
const m = document.querySelector('.leaflet-container').getBoundingClientRect();
const at = points.map(([lat, lon]) => {
  const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), zoom);
  return [p.x - ox + c.left - (m.left + m.width / 2), p.y - oy + c.top - (m.top + m.height / 2)];
});
return { at, half: [m.width / 2, m.height / 2], view: canvas.dataset.view };
"#;

struct Projected {
    at: Vec<(f64, f64)>,
    half: (f64, f64),
    view: String,
}

async fn project(b: &Browser, points: &[(f64, f64)]) -> Result<Projected, String> {
    let arg: Vec<Value> = points.iter().map(|(lat, lon)| json!([lat, lon])).collect();
    let r = b.client.execute(PROJECT, vec![json!(arg)]).await.map_err(|e| e.to_string())?;
    let pair = |v: &Value| (v[0].as_f64().unwrap_or(f64::NAN), v[1].as_f64().unwrap_or(f64::NAN));
    Ok(Projected {
        at: r["at"].as_array().ok_or("no positions")?.iter().map(pair).collect(),
        half: pair(&r["half"]),
        view: r["view"].as_str().unwrap_or_default().to_string(),
    })
}

/// A vehicle the user can click unambiguously: well inside the map (clear of
/// the zoom buttons, the attribution and the centre pin) and farther than a
/// dot's width from every nearer vehicle, whose dot would be drawn over it.
fn clickable(p: &Projected, centre: (f64, f64)) -> Option<usize> {
    let (hw, hh) = p.half;
    (0..p.at.len()).find(|&k| {
        let (x, y) = p.at[k];
        let inside = x > -hw + 60.0 && x < hw - 30.0 && y > -hh + 90.0 && y < hh - 30.0;
        let off_pin = (x - centre.0).abs() > 20.0 || !(centre.1 - 50.0..centre.1 + 10.0).contains(&y);
        let alone = p.at[..k].iter().all(|(a, b)| (a - x).hypot(b - y) >= 16.0);
        inside && off_pin && alone
    })
}

/// Of these offsets from the map's centre, the first with no dot within
/// 12 px (read off the canvas's pixels): a click there is on the map itself.
const EMPTY_SPOT: &str = r#"
const canvas = document.querySelector('[data-test=vehicle-dots]');
if (!canvas || !canvas.dataset.view) return null;
document.querySelector('.leaflet-container').scrollIntoView({ block: 'center' });
const c = canvas.getBoundingClientRect(), m = document.querySelector('.leaflet-container').getBoundingClientRect();
const ctx = canvas.getContext('2d');
for (const [x, y] of arguments[0]) {
  const cx = m.left + m.width / 2 + x - c.left, cy = m.top + m.height / 2 + y - c.top;
  const d = ctx.getImageData(cx - 12, cy - 12, 24, 24).data;
  if (!d.some((v, i) => i % 4 === 3 && v > 0)) return [x, y];
}
return null;
"#;

pub async fn empty_spot(b: &Browser) -> Result<(f64, f64), String> {
    let candidates: Vec<Value> = [(60, 40), (-90, 70), (120, -40), (-130, -20), (40, 110), (150, 90), (-60, 130)]
        .iter()
        .map(|(x, y)| json!([x, y]))
        .collect();
    poll_until("a spot of the map without a vehicle", Duration::from_secs(10), || {
        let candidates = candidates.clone();
        async move {
            let r = b.client.execute(EMPTY_SPOT, vec![json!(candidates)]).await.map_err(|e| e.to_string())?;
            Ok(match (r[0].as_f64(), r[1].as_f64()) {
                (Some(x), Some(y)) => Ok((x, y)),
                _ => Err("every candidate spot has a vehicle".to_string()),
            })
        }
    })
    .await
}

pub async fn pointer(b: &Browser, at: (f64, f64), click: bool) -> TestResult {
    let map = b.wait_for(".leaflet-container").await?;
    let mut actions = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: map,
        duration: Some(Duration::from_millis(50)),
        x: at.0.round() as i64,
        y: at.1.round() as i64,
    });
    if click {
        actions = actions
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    }
    b.client.perform_actions(actions).await.map_err(|e| e.to_string())
}

/// Waits until the map stands still: the dots' view unchanged for 600 ms
/// (the fit to the answer animates its zoom).
pub async fn settled(b: &Browser) -> TestResult {
    let view = || async {
        let v = b
            .client
            .execute(
                "const c = document.querySelector('[data-test=vehicle-dots]'); return c ? c.dataset.view || '' : '';",
                vec![],
            )
            .await;
        v.map(|v| v.as_str().unwrap_or_default().to_string()).map_err(|e| e.to_string())
    };
    poll_until("the map to stand still", Duration::from_secs(10), || async {
        let first = view().await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let second = view().await?;
        Ok(if !first.is_empty() && first == second { Ok(()) } else { Err(format!("{first} then {second}")) })
    })
    .await
}

/// Opens a search around Paris and returns the listed vehicles that have a
/// position, in the list's order, with their labels.
async fn search_paris(b: &Browser, env: &Env) -> Result<Vec<(String, (f64, f64))>, String> {
    b.goto("/map?lat=48.85660&lon=2.35220&radius=30&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 10).await?;
    let mut want = sim_nearest(
        env,
        "radius=30&latitude=48.8566&longitude=2.3522",
        &json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    want.sort_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)));
    let fleet = sim_fleet(env)?;
    let shown: Vec<(String, (f64, f64))> = want
        .iter()
        .filter(|v| is_listed(v, &fleet))
        .filter_map(|v| {
            let a = &v["address"];
            Some((listed_label(v, &fleet), (a["latitude"].as_f64()?, a["longitude"].as_f64()?)))
        })
        .collect();
    ensure(shown.len() >= 5, format!("only {} vehicles around Paris", shown.len()))?;
    wait_markers(b, shown.len()).await?;
    settled(b).await?;
    Ok(shown)
}

async fn wait_selected(b: &Browser, label: &str) -> TestResult {
    let popup = b.wait_text(".leaflet-popup [data-test=popup] strong", label, 10).await?;
    ensure(popup == label, format!("the popup shows {popup:?}, not {label:?}"))
}

pub async fn clicking_a_dot_selects_its_vehicle_and_choosing_one_marks_it_on_the_map(
    b: &Browser,
    env: &Env,
) -> TestResult {
    let shown = search_paris(b, env).await?;
    let points: Vec<(f64, f64)> = shown.iter().map(|(_, p)| *p).collect();
    let p = project(b, &points).await?;
    let centre = project(b, &[(48.8566, 2.3522)]).await?.at[0];
    let k = clickable(&p, centre).ok_or("no vehicle can be clicked alone")?;
    pointer(b, p.at[k], true).await?;
    wait_selected(b, &shown[k].0).await?;
    if k < 100 {
        let row = b.text("[data-test=nearest] li.selected .plate .label").await?;
        ensure(row == shown[k].0, format!("the list selected {row:?}, not {:?}", shown[k].0))?;
    }
    ensure(b.client.current_url().await.map_err(|e| e.to_string())?.as_str().contains("lat=48.85660"), "a search ran")?;
    // The reverse: a row chosen in the list is marked where the vehicle is.
    let j = (0..shown.len().min(100)).find(|&j| j != k).ok_or("one vehicle only")?;
    b.click(&format!("[data-test=nearest] li:nth-child({}) button", j + 1)).await?;
    wait_selected(b, &shown[j].0).await?;
    let mark = b
        .client
        .execute(
            "const r = document.querySelector('path.vehicle-selected').getBoundingClientRect(), m = document.querySelector('.leaflet-container').getBoundingClientRect(); return [r.left + r.width / 2 - (m.left + m.width / 2), r.top + r.height / 2 - (m.top + m.height / 2)];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let (x, y) = (mark[0].as_f64().unwrap_or(f64::NAN), mark[1].as_f64().unwrap_or(f64::NAN));
    let (wx, wy) = p.at[j];
    ensure((x - wx).abs() <= 2.0 && (y - wy).abs() <= 2.0, format!("marked at ({x}, {y}), vehicle at ({wx}, {wy})"))?;
    b.screenshot("map-dots-selected").await
}

pub async fn hovering_a_dot_shows_its_vehicles_as_text(b: &Browser, env: &Env) -> TestResult {
    // Three vehicles on one spot (the nearest's name is markup), one apart.
    let evil = "<img src=x onerror=window.__xss=1>";
    let item = |id: i64, lat: f64, lon: f64, distance: i64, description: &str| {
        json!({
            "address": { "latitude": lat, "longitude": lon, "address": "1 rue X", "town": "Paris" },
            "distance": distance, "duration": null, "eta": null, "etatMobile": "ARRET",
            "gmtPos": "2026-11-22T08:00:00.000Z", "immobilisationState": "UNLOCKED",
            "vehicle": { "id": id, "description": description, "categorie": "VL" }
        })
    };
    let body = json!([
        item(9_000_001, 48.86, 2.36, 900, evil),
        item(9_000_002, 48.86, 2.36, 910, "Kangoo – Tournée A"),
        item(9_000_003, 48.86, 2.36, 920, "Kangoo – Tournée B"),
        item(9_000_004, 48.85, 2.33, 1_800, "Master – Tournée C"),
    ]);
    env.fault(json!({ "path": NEAREST_PATH, "times": 1, "action": { "kind": "status", "status": 200, "body": body.to_string() } }))?;
    b.goto("/map?lat=48.85660&lon=2.35220&radius=5&mode=crow").await?;
    ocean_login(b).await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 10).await?;
    wait_markers(b, 4).await?;
    settled(b).await?;
    let p = project(b, &[(48.86, 2.36)]).await?;
    pointer(b, p.at[0], false).await?;
    let card = b.wait_text(".leaflet-tooltip [data-test=hover-card]", "2 more vehicles here", 10).await?;
    ensure(card.contains(evil), format!("the card reads {card:?}"))?;
    ensure(b.count(".leaflet-tooltip img, .leaflet-tooltip script").await? == 0, "vendor text became an element")?;
    // The list follows the hover: the nearest of the three.
    let row = b.text("[data-test=nearest] li.hovered .plate .label").await?;
    ensure(row == evil, format!("hovered row {row:?}"))?;
    b.screenshot("map-dots-hover").await?;
    // Away from every dot, the card goes.
    pointer(b, (p.at[0].0 - 40.0, p.at[0].1 - 40.0), false).await?;
    poll_until("the card to close", Duration::from_secs(5), || async {
        Ok(if b.count("[data-test=hover-card]").await? == 0 { Ok(()) } else { Err("still open".to_string()) })
    })
    .await?;
    let xss = b.client.execute("return typeof window.__xss;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(xss == json!("undefined"), format!("window.__xss is {xss}"))
}

pub async fn after_a_pan_a_click_still_hits_the_right_vehicle(b: &Browser, env: &Env) -> TestResult {
    let shown = search_paris(b, env).await?;
    let points: Vec<(f64, f64)> = shown.iter().map(|(_, p)| *p).collect();
    let before = project(b, &points).await?;
    // Drag the map 120 px left and 70 px up, as a user would.
    let map = b.wait_for(".leaflet-container").await?;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: map, duration: None, x: 100, y: 60 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(300)), x: -60, y: -35 })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(300)), x: -60, y: -35 })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    b.client.perform_actions(drag).await.map_err(|e| e.to_string())?;
    poll_until("the dots drawn again for the new view", Duration::from_secs(5), || async {
        let p = project(b, &points).await?;
        Ok(if p.view != before.view { Ok(p) } else { Err(p.view) })
    })
    .await?;
    settled(b).await?;
    let after = project(b, &points).await?;
    // Up and to the left, by the drag and whatever inertia Leaflet adds.
    let (dx, dy) = (after.at[0].0 - before.at[0].0, after.at[0].1 - before.at[0].1);
    ensure(dx < -100.0 && dy < -50.0, format!("the map moved by ({dx}, {dy})"))?;
    ensure(b.client.current_url().await.map_err(|e| e.to_string())?.as_str().contains("lat=48.85660"), "a search ran")?;
    let centre = project(b, &[(48.8566, 2.3522)]).await?.at[0];
    let k = clickable(&after, centre).ok_or("no vehicle can be clicked alone")?;
    pointer(b, after.at[k], true).await?;
    wait_selected(b, &shown[k].0).await
}

pub async fn after_a_zoom_the_dots_are_redrawn_where_the_vehicles_are(b: &Browser, env: &Env) -> TestResult {
    let shown = search_paris(b, env).await?;
    let points: Vec<(f64, f64)> = shown.iter().map(|(_, p)| *p).collect();
    let before = project(b, &points).await?;
    let zoom_of = |view: &str| view.split(' ').next().and_then(|z| z.parse::<f64>().ok());
    b.click(".leaflet-control-zoom-in").await?;
    let after = poll_until("the dots drawn again at the next zoom", Duration::from_secs(5), || async {
        let p = project(b, &points).await?;
        Ok(if zoom_of(&p.view) == zoom_of(&before.view).map(|z| z + 1.0) { Ok(p) } else { Err(p.view) })
    })
    .await?;
    // Zooming in about the centre doubles every offset from it.
    let (x0, y0) = before.at[0];
    let (x1, y1) = after.at[0];
    ensure((x1 - 2.0 * x0).abs() <= 2.0 && (y1 - 2.0 * y0).abs() <= 2.0, format!("({x0}, {y0}) became ({x1}, {y1})"))?;
    let transform = b
        .client
        .execute("return document.querySelector('[data-test=vehicle-dots]').style.transform;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    ensure(transform.as_str().is_some_and(|t| t.ends_with("scale(1)")), format!("left scaled: {transform}"))?;
    let centre = project(b, &[(48.8566, 2.3522)]).await?.at[0];
    let k = clickable(&after, centre).ok_or("no vehicle can be clicked alone")?;
    pointer(b, after.at[k], true).await?;
    wait_selected(b, &shown[k].0).await
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        clicking_a_dot_selects_its_vehicle_and_choosing_one_marks_it_on_the_map,
        hovering_a_dot_shows_its_vehicles_as_text,
        after_a_pan_a_click_still_hits_the_right_vehicle,
        after_a_zoom_the_dots_are_redrawn_where_the_vehicles_are,
    ]
}
