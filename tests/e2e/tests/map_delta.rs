//! A live refresh that moves exactly a tenth of the vehicles (the
//! simulator's test-only `/__sim/nudge`) and hides one: the map's dots and
//! the list mark exactly those that moved, the one hidden leaves both, and
//! the selected vehicle keeps its popup and its details' fields. The
//! harness fails the test on any console error, a CSP violation included.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use fleet_e2e::fixtures::{is_listed, listed_label, ocean_login, sim_fleet, sim_nearest};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

use crate::live::select_in_list;

const LYON: &str = "lat=45.76400&lon=4.83570&radius=12&mode=crow";
const SIM_QUERY: &str = "radius=12&latitude=45.76400&longitude=4.83570";

/// Each `[lat, lon]` where the dots' canvas was last drawn (device pixels),
/// and the colour there (`null` off the canvas).
const SAMPLE: &str = r#"
const points = arguments[0];
const canvas = document.querySelector('[data-test=vehicle-dots]');
const [zoom, ox, oy] = canvas.dataset.view.split(' ').map(Number);
const ratio = canvas.width / canvas.getBoundingClientRect().width;
const ctx = canvas.getContext('2d');
return points.map(([lat, lon]) => {
  const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), zoom);
  const x = Math.round((p.x - ox) * ratio), y = Math.round((p.y - oy) * ratio);
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return null;
  return [x, y, ...ctx.getImageData(x, y, 1, 1).data];
});
"#;

/// The dot colours (`dots/mod.rs`): a vehicle, one in privacy mode, one
/// moved or new since the previous answer.
const PLAIN: [u8; 3] = [0xb4, 0x23, 0x18];
const PRIVATE: [u8; 3] = [0x8a, 0x5a, 0x00];
const CHANGED: [u8; 3] = [0x1f, 0x5f, 0xd1];

/// What the canvas shows at a point: nothing, or a dot of one colour.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Seen {
    Nothing,
    Dot([u8; 3]),
}

/// A vehicle of the simulator's answer: id, label, position.
struct Vehicle {
    id: i64,
    label: String,
    at: Option<(f64, f64)>,
}

fn vehicles(answer: &[Value], fleet: &[Value]) -> Vec<Vehicle> {
    let at = |v: &Value| Some((v["address"]["latitude"].as_f64()?, v["address"]["longitude"].as_f64()?));
    answer
        .iter()
        .filter(|v| is_listed(v, fleet))
        .filter_map(|v| Some(Vehicle { id: v["vehicle"]["id"].as_i64()?, label: listed_label(v, fleet), at: at(v) }))
        .collect()
}

/// Pixel position and what is drawn there, for each point.
async fn sample(b: &Browser, points: &[(f64, f64)]) -> Result<Vec<Option<((f64, f64), Seen)>>, String> {
    let arg: Vec<Value> = points.iter().map(|(lat, lon)| json!([lat, lon])).collect();
    let r = b.js(SAMPLE, vec![json!(arg)]).await?;
    let read = |v: &Value| {
        let n = |i: usize| v.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
        let seen = match n(5) {
            a if a < 128.0 => Seen::Nothing,
            _ => Seen::Dot([n(2) as u8, n(3) as u8, n(4) as u8]),
        };
        Some(((n(0), n(1)), seen))
    };
    Ok(r.as_array().ok_or("no samples")?.iter().map(|v| if v.is_null() { None } else { read(v) }).collect())
}

/// The labels of the list's rows, and whether each is marked as changed.
async fn rows(b: &Browser) -> Result<Vec<(String, bool)>, String> {
    let r = b
        .js(
            "return [...document.querySelectorAll('[data-test=nearest] li')].map(li =>
               [li.querySelector('.label').textContent, !!li.querySelector('[data-test=changed]')]);",
            vec![],
        )
        .await?;
    let row = |v: &Value| (v[0].as_str().unwrap_or_default().to_string(), v[1] == json!(true));
    Ok(r.as_array().ok_or("no rows")?.iter().map(row).collect())
}

async fn detail_fields(b: &Browser) -> Result<Vec<String>, String> {
    let r = b
        .js("return [...document.querySelectorAll('[data-test=vehicle-details] dt')].map(d => d.textContent);", vec![])
        .await?;
    Ok(r.as_array().ok_or("no fields")?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
}

pub async fn a_refresh_moving_a_tenth_of_the_fleet_moves_exactly_those(b: &Browser, env: &Env) -> TestResult {
    b.goto(&format!("/map?{LYON}")).await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    b.wait_text("[data-test=live-status]", "updated", 10).await?;
    let fleet = sim_fleet(env)?;
    let body = json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"});
    let before = vehicles(&sim_nearest(env, SIM_QUERY, &body)?, &fleet);
    ensure(before.len() >= 20, format!("only {} vehicles around Lyon", before.len()))?;
    // The closest with a position is selected; the tenth closest is hidden.
    let located: Vec<&Vehicle> = before.iter().filter(|v| v.at.is_some()).collect();
    let selected = located.first().ok_or("no vehicle with a position")?.label.clone();
    let hidden = located.get(9).ok_or("no tenth vehicle")?;
    select_in_list(b, &selected).await?;
    b.wait_text("[data-test=nearest] li.selected .label", &selected, 5).await?;
    b.wait_for("[data-test=vehicle-details] dt").await?;
    // Once its full record is read.
    let fields = poll_until("the vehicle's record", Duration::from_secs(10), || async {
        let reading = b.count("[data-test=reading-record]").await?;
        Ok(if reading == 0 { Ok(detail_fields(b).await?) } else { Err("still reading".to_string()) })
    })
    .await?;

    b.js(
        "const s = document.querySelector('[data-test=refresh-every]'); s.value = '5';
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await?;
    let (status, text) =
        env.sim_send("POST", "/__sim/nudge", &[], &json!({ "every": 10, "north_m": 4000, "hide": [hidden.id] }))?;
    ensure(status == 200, format!("nudge: {status} {text}"))?;
    let after = vehicles(&sim_nearest(env, SIM_QUERY, &body)?, &fleet);
    let was: HashMap<i64, Option<(f64, f64)>> = before.iter().map(|v| (v.id, v.at)).collect();
    // Moved (by 4 km: many dots' widths at this zoom) or come into the
    // circle: marked; the others are not.
    let changed: HashSet<i64> =
        after.iter().filter(|v| was.get(&v.id).is_none_or(|at| *at != v.at)).map(|v| v.id).collect();
    let now: HashSet<i64> = after.iter().map(|v| v.id).collect();
    ensure(!now.contains(&hidden.id), "the simulator still sends the hidden vehicle")?;
    let tenth = !changed.is_empty() && changed.len() * 4 <= after.len();
    ensure(tenth, format!("{} of {} moved", changed.len(), after.len()))?;
    b.wait_text("[data-test=live-changes]", "moved", 20).await?;

    // The list: exactly the changed rows are marked, the hidden one is gone.
    let labels: HashMap<&str, i64> = after.iter().map(|v| (v.label.as_str(), v.id)).collect();
    let listed = rows(b).await?;
    ensure(listed.iter().any(|(_, marked)| *marked), "no row marked")?;
    for (label, marked) in &listed {
        let id = labels.get(label.as_str()).ok_or(format!("{label} is listed but not in the answer"))?;
        ensure(*marked == changed.contains(id), format!("{label}: marked {marked}, moved {}", changed.contains(id)))?;
    }
    ensure(listed.iter().all(|(l, _)| *l != hidden.label), format!("{} is still listed", hidden.label))?;
    let expected: Vec<&str> = after.iter().take(listed.len()).map(|v| v.label.as_str()).collect();
    let shown: Vec<&str> = listed.iter().map(|(l, _)| l.as_str()).collect();
    ensure(shown == expected, format!("the list is not the answer, closest first: {shown:?} vs {expected:?}"))?;
    // The map: the dots' count, and the colour under each vehicle that has no other within a dot's width.
    let located = after.iter().filter(|v| v.at.is_some()).count();
    crate::map::wait_markers(b, located).await?;
    dots_match(b, &before, &after, &changed).await?;

    // The selection, its popup and its details' fields are as they were.
    b.wait_text("[data-test=nearest] li.selected .label", &selected, 5).await?;
    ensure(b.count("[data-test=popup]").await? == 1, "the selected vehicle's popup closed")?;
    let popup = b.text("[data-test=popup]").await?;
    ensure(popup.contains(&selected), format!("the popup is not the selected vehicle's: {popup}"))?;
    poll_until("the details' fields as before", Duration::from_secs(5), || async {
        let again = detail_fields(b).await?;
        Ok(if again == fields { Ok(()) } else { Err(format!("{fields:?} → {again:?}")) })
    })
    .await?;
    b.screenshot("map-delta").await?;
    // The world as it was, for the tests after this one.
    let (status, _) =
        env.sim_send("POST", "/__sim/nudge", &[], &json!({ "every": 10, "north_m": -4000, "hide": [] }))?;
    ensure(status == 200, format!("nudge back: {status}"))
}

/// Under each vehicle alone in its spot: a "changed" dot if it moved, a
/// plain (or private) one if not, and nothing where the hidden one and the
/// moved ones were.
async fn dots_match(b: &Browser, before: &[Vehicle], after: &[Vehicle], changed: &HashSet<i64>) -> TestResult {
    let now: HashSet<i64> = after.iter().map(|v| v.id).collect();
    let mut points: Vec<(f64, f64)> = after.iter().filter_map(|v| v.at).collect();
    let moved_away = |v: &&Vehicle| !now.contains(&v.id) || changed.contains(&v.id);
    let left: Vec<(f64, f64)> = before.iter().filter(moved_away).filter_map(|v| v.at).collect();
    points.extend(&left);
    let all: Vec<(f64, f64)> = before.iter().chain(after).filter_map(|v| v.at).collect();
    poll_until("the dots to be drawn anew", Duration::from_secs(5), || async {
        let samples = sample(b, &points).await?;
        let everywhere = sample(b, &all).await?;
        let pixels: Vec<(f64, f64)> = everywhere.iter().flatten().map(|(p, _)| *p).collect();
        // Alone: no other vehicle (before or after) within a dot's width (15 CSS pixels).
        let alone = |p: (f64, f64)| pixels.iter().filter(|q| (q.0 - p.0).hypot(q.1 - p.1) < 20.0).count() <= 1;
        let located = after.iter().filter(|v| v.at.is_some());
        let (mut checked, mut wrong) = (0, Vec::new());
        for (v, s) in located.zip(&samples) {
            let Some((p, seen)) = s else { continue };
            if !alone(*p) {
                continue;
            }
            checked += 1;
            let ok = match changed.contains(&v.id) {
                true => *seen == Seen::Dot(CHANGED),
                false => *seen == Seen::Dot(PLAIN) || *seen == Seen::Dot(PRIVATE),
            };
            if !ok {
                wrong.push(format!("{} ({}): {seen:?}", v.label, changed.contains(&v.id)));
            }
        }
        for s in samples[samples.len() - left.len()..].iter().flatten() {
            if alone(s.0) && s.1 != Seen::Nothing {
                wrong.push(format!("a dot stayed where a vehicle left: {s:?}"));
            }
        }
        Ok(match (checked, wrong.is_empty()) {
            (0, _) => Err("no vehicle alone in its spot to check".to_string()),
            (_, true) => Ok(()),
            _ => Err(wrong.join("; ")),
        })
    })
    .await
}

pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![a_refresh_moving_a_tenth_of_the_fleet_moves_exactly_those]
}
