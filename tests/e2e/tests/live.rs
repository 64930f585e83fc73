//! Live results: the map's search runs again by itself and marks what
//! changed; the simulator's world moves only when the test advances its clock.

use std::time::Duration;

use fleet_e2e::fixtures::{is_listed, listed_label, ocean_login, sim_fleet, sim_nearest, EMABLER_AUTH};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

use crate::vendor_layer::TREE_PATH;

const LYON: &str = "lat=45.76400&lon=4.83570&radius=12&mode=crow";

pub async fn a_live_refresh_marks_moved_vehicles_and_keeps_the_selection(b: &Browser, env: &Env) -> TestResult {
    b.goto(&format!("/map?{LYON}")).await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    b.wait_text("[data-test=live-status]", "updated", 10).await?;
    // The closest vehicle that is driving: it moves at the next tick and,
    // this close to the centre, stays in the circle.
    let fleet = sim_fleet(env)?;
    let body = json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"});
    let answer = sim_nearest(env, "radius=12&latitude=45.76400&longitude=4.83570", &body)?;
    let driving = answer
        .iter()
        .filter(|v| is_listed(v, &fleet) && v["etatMobile"] == "EN_MOUVEMENT")
        .min_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)))
        .ok_or("no driving vehicle near Lyon")?;
    let label = listed_label(driving, &fleet);
    // Select it from the list.
    let picked = b
        .js(
            "const row = [...document.querySelectorAll('[data-test=nearest] li')]
               .find(li => li.querySelector('.label').textContent === arguments[0]);
             if (!row) return false; row.querySelector('button').click(); return true;",
            vec![json!(label)],
        )
        .await?;
    ensure(picked == json!(true), format!("{label} is not in the list"))?;
    b.wait_text("[data-test=nearest] li.selected .label", &label, 5).await?;
    ensure(b.count("[data-test=changed]").await? == 0, "marks before any refresh")?;

    // Every 5 s, then the world moves on one tick.
    b.js(
        "const s = document.querySelector('[data-test=refresh-every]'); s.value = '5';
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await?;
    env.clear_request_log()?;
    env.advance_clock(1)?;
    b.wait_text("[data-test=live-changes]", "moved", 20).await?;
    let searches = env.requests(fleet_e2e::fixtures::NEAREST_PATH)?.len();
    ensure(searches >= 1, "the refresh did not ask Ocean again")?;
    // Marked in the list, still selected, same place in the URL (no new search).
    b.wait_text("[data-test=nearest] li.selected .label", &label, 5).await?;
    let selected = b.text("[data-test=nearest] li.selected").await?;
    ensure(selected.contains("moved"), format!("the selected vehicle is not marked as moved: {selected}"))?;
    ensure(b.path().await?.starts_with("/map"), "the refresh navigated away")?;
    ensure(b.count("[data-test=popup]").await? == 1, "the selected vehicle's popup closed")?;
    b.screenshot("map-live").await?;

    // Paused: nothing more is asked for, and the status says so.
    b.click("[data-test=live-toggle]").await?;
    b.wait_text("[data-test=live-status]", "Paused", 5).await?;
    env.clear_request_log()?;
    tokio::time::sleep(Duration::from_secs(7)).await;
    let during_pause = env.requests(fleet_e2e::fixtures::NEAREST_PATH)?.len();
    ensure(during_pause == 0, format!("{during_pause} searches while paused"))?;
    // Resumed: the next refresh comes, and with the world still, nothing is marked.
    b.click("[data-test=live-toggle]").await?;
    poll_until("a refresh after resuming", Duration::from_secs(15), || async {
        let n = env.requests(fleet_e2e::fixtures::NEAREST_PATH)?.len();
        Ok(if n > 0 { Ok(()) } else { Err("no search yet".to_string()) })
    })
    .await?;
    poll_until("the marks to clear", Duration::from_secs(10), || async {
        let n = b.count("[data-test=changed]").await?;
        Ok(if n == 0 { Ok(()) } else { Err(format!("{n} rows still marked")) })
    })
    .await
}

/// The first driver of the first site whose first charger group's first
/// charger is online (an offline charger's sockets never change).
fn driver_with_an_online_charger(group: &Value) -> Option<Value> {
    for u in group["users"].as_array().into_iter().flatten() {
        if u["chargerGroups"][0]["chargers"][0]["chargerStatus"] == "Online" {
            return Some(u.clone());
        }
    }
    group["subgroups"].as_array().into_iter().flatten().find_map(driver_with_an_online_charger)
}

fn charger_of(tree: &Value, driver_id: &Value) -> Option<Value> {
    fn find(group: &Value, id: &Value) -> Option<Value> {
        for u in group["users"].as_array().into_iter().flatten() {
            if &u["id"] == id {
                return Some(u["chargerGroups"][0]["chargers"][0].clone());
            }
        }
        group["subgroups"].as_array().into_iter().flatten().find_map(|g| find(g, id))
    }
    tree["userGroups"].as_array().into_iter().flatten().find_map(|g| find(g, driver_id))
}

pub async fn a_tree_refresh_highlights_changed_sockets_and_keeps_the_selection(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
    let driver = driver_with_an_online_charger(&tree["userGroups"][0]).ok_or("no driver with an online charger")?;
    let charger = &driver["chargerGroups"][0]["chargers"][0];
    let charger_id = charger["chargerId"].as_str().unwrap_or_default().to_string();
    b.goto(&format!("/drivers/{}", driver["externalId"].as_str().unwrap_or_default())).await?;
    b.wait_text("[data-test=details]", driver["name"].as_str().unwrap_or_default(), 20).await?;
    let driver_key = format!("driver:{}", driver["id"]);
    let group_key = format!("chargergroup:{driver_key}:{}", driver["chargerGroups"][0]["id"]);
    let charger_key = format!("charger:{charger_id}");
    for key in [&driver_key, &group_key, &charger_key] {
        b.click(&format!("[data-key=\"{key}\"] .toggle")).await?;
    }
    b.click(&format!("[data-key=\"{charger_key}\"] .label")).await?;
    b.wait_for(&format!("[data-key=\"{charger_key}\"][aria-selected=true]")).await?;
    ensure(b.text("[data-test=refresh-status]").await?.contains("Updated"), "no 'updated' time")?;

    // The world moves on until one of this charger's sockets changes.
    let mut changed = None;
    for _ in 0..200 {
        env.advance_clock(1)?;
        let now = env.sim_json(TREE_PATH, &[EMABLER_AUTH])?;
        let after = charger_of(&now, &driver["id"]).ok_or("the driver left the tree")?;
        let sockets = |c: &Value| c["sockets"].as_array().cloned().unwrap_or_default();
        changed =
            sockets(&after).into_iter().zip(sockets(charger)).find(|(a, b)| a["status"] != b["status"]).map(|(a, _)| a);
        if changed.is_some() {
            break;
        }
    }
    let socket = changed.ok_or("no socket of this charger changed in 200 ticks")?;
    let status = socket["status"].as_str().unwrap_or_default().to_string();
    b.click("[data-test=refresh-tree]").await?;
    b.wait_text("[data-test=refresh-status]", "changed", 20).await?;
    let socket_key = format!("socket:{charger_id}:{}", socket["id"]);
    let row = b.wait_for(&format!("[data-key=\"{socket_key}\"].changed")).await?;
    let text = row.text().await.map_err(|e| e.to_string())?;
    ensure(text.contains(&status), format!("the socket row {text:?} does not show {status}"))?;
    ensure(
        b.count(&format!("[data-key=\"{charger_key}\"].changed")).await? == 1,
        "the charger row is not highlighted",
    )?;
    // Expansion and selection are kept; the details show the new state.
    b.wait_for(&format!("[data-key=\"{charger_key}\"][aria-selected=true]")).await?;
    b.wait_text("[data-test=sockets]", &status, 5).await?;
    b.screenshot("drivers-refresh").await
}

pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        a_live_refresh_marks_moved_vehicles_and_keeps_the_selection,
        a_tree_refresh_highlights_changed_sockets_and_keeps_the_selection,
    ]
}
