//! Live results: the map's search runs again by itself and marks what
//! changed; the simulator's world moves only when the test advances its
//! clock. And one vehicle across vendors: the map links to the Vehizen
//! groups that hold it, the group editor back to the map.

use std::time::Duration;

use fleet_e2e::fixtures::{
    is_listed, listed_label, ocean_login, pinned_ids, sim_fleet, sim_group, sim_nearest, EMABLER_AUTH,
};
use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};
use serde_json::{json, Value};

use crate::vendor_layer::TREE_PATH;

const LYON: &str = "lat=45.76400&lon=4.83570&radius=12&mode=crow";

async fn no_axe_violation(b: &Browser, what: &str) -> TestResult {
    let found = b.axe_violations().await?;
    ensure(found.is_empty(), format!("axe on {what}: {found:?}"))
}

/// Selects the nearest-list row with this label, as a click on it does.
pub async fn select_in_list(b: &Browser, label: &str) -> TestResult {
    let picked = b
        .js(
            "const row = [...document.querySelectorAll('[data-test=nearest] li')]
               .find(li => li.querySelector('.label').textContent === arguments[0]);
             if (!row) return false; row.querySelector('button').click(); return true;",
            vec![json!(label)],
        )
        .await?;
    ensure(picked == json!(true), format!("{label} is not in the list"))
}

pub async fn a_live_refresh_marks_moved_vehicles_and_keeps_the_selection(b: &Browser, env: &Env) -> TestResult {
    b.goto(&format!("/map?{LYON}")).await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    // A dispatcher starts from an address: the search runs there.
    b.fill("[data-test=address]", "rue pasteur lyon").await?;
    b.click("[data-test=address-options] [role=option]").await?;
    let url = b.wait_url("the search at the address", |u| u.contains("lat=") && !u.contains(LYON)).await?;
    let param = |k: &str| url.split(['?', '&']).find_map(|kv| kv.strip_prefix(&format!("{k}="))).map(str::to_string);
    let (lat, lon) = (param("lat").ok_or("no lat")?, param("lon").ok_or("no lon")?);
    b.wait_text("[data-test=live-status]", "updated", 10).await?;
    // The closest vehicle that is driving: it moves at the next tick and,
    // this close to the centre, stays in the circle.
    let fleet = sim_fleet(env)?;
    let body = json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"});
    let answer = sim_nearest(env, &format!("radius=12&latitude={lat}&longitude={lon}"), &body)?;
    let driving = answer
        .iter()
        .filter(|v| is_listed(v, &fleet) && v["etatMobile"] == "EN_MOUVEMENT")
        .min_by(|a, b| a["distance"].as_f64().unwrap_or(0.0).total_cmp(&b["distance"].as_f64().unwrap_or(0.0)))
        .ok_or("no driving vehicle near Lyon")?;
    let label = listed_label(driving, &fleet);
    select_in_list(b, &label).await?;
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
    no_axe_violation(b, "the marked results").await?;

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
    b.screenshot("drivers-refresh").await?;
    no_axe_violation(b, "the refreshed tree").await
}

/// Letters and digits, upper case: how the console compares plates.
fn plate_key(p: &str) -> String {
    p.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase()
}

/// Follows an in-app link the way a click on one does (the router handles
/// it: no reload, so what the tab has read stays in memory).
async fn follow(b: &Browser, href: &str) -> TestResult {
    b.js(
        "const a = document.createElement('a'); a.href = arguments[0]; document.body.append(a); a.click(); a.remove();",
        vec![json!(href)],
    )
    .await
    .map(|_| ())
}

pub async fn a_vehicle_links_to_its_vehizen_groups_and_back_to_the_map(b: &Browser, env: &Env) -> TestResult {
    // A pinned group's vehicle that Ocean also knows (matched by plate, as
    // the simulator writes some without their VIN), with a position.
    let fleet = sim_fleet(env)?;
    let body = json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"});
    let everywhere = sim_nearest(env, "radius=1000&latitude=46.5&longitude=3", &body)?;
    let mut pick = None;
    'groups: for id in pinned_ids()? {
        let group = sim_group(env, &id)?;
        for gv in group["Vehicles"].as_array().into_iter().flatten() {
            let Some(plate) = gv["LicencePlate"].as_str().map(plate_key) else { continue };
            let found = everywhere.iter().find(|o| {
                let record = fleet.iter().find(|r| r["vehicle"]["id"] == o["vehicle"]["id"]);
                let ocean_plate = record.and_then(|r| r["vehicle"]["immatriculation"].as_str()).map(plate_key);
                is_listed(o, &fleet)
                    && ocean_plate.as_deref() == Some(plate.as_str())
                    && o["address"]["latitude"].is_number()
            });
            if let Some(o) = found {
                pick =
                    Some((id.clone(), group["Name"].as_str().unwrap_or_default().to_string(), gv.clone(), o.clone()));
                break 'groups;
            }
        }
    }
    let (group_id, group_name, group_vehicle, ocean) = pick.ok_or("no pinned group holds an Ocean vehicle")?;
    let label = listed_label(&ocean, &fleet);
    let (lat, lon) =
        (ocean["address"]["latitude"].as_f64().unwrap_or(0.0), ocean["address"]["longitude"].as_f64().unwrap_or(0.0));

    // The Groups page reads the pinned groups; the map is reached in-app.
    b.goto("/groups").await?;
    b.wait_text("[data-test=pinned-groups]", &group_name, 20).await?;
    follow(b, &format!("/map?lat={lat:.5}&lon={lon:.5}&radius=2&mode=crow")).await?;
    ocean_login(b).await?;
    b.wait_text("[data-test=fleet-status]", "Plates from", 20).await?;
    select_in_list(b, &label).await?;
    b.wait_text("[data-test=vehicle-groups]", &group_name, 10).await?;
    b.screenshot("map-vehicle-groups").await?;
    no_axe_violation(b, "the vehicle's groups").await?;
    b.click("[data-test=vehicle-groups] a").await?;
    b.wait_path("the group's page", |p| p == format!("/groups/{group_id}")).await?;
    ensure(b.text("[data-test=group-name]").await? == group_name, "another group opened")?;

    // Back in the group: that vehicle's details offer the map, where it comes first.
    let gv_label = group_vehicle["LicencePlate"].as_str().unwrap_or_default().to_string();
    let opened = b
        .js(
            "const row = [...document.querySelectorAll('[data-test=group-vehicles] tbody tr')]
               .find(tr => tr.querySelector('.plate') && tr.querySelector('.plate').textContent === arguments[0]);
             if (!row) return false; row.querySelector('.actions button').click(); return true;",
            vec![json!(gv_label)],
        )
        .await?;
    ensure(opened == json!(true), format!("{gv_label} is not in the group's table"))?;
    // Above the form's sticky save bar.
    b.wait_for("[data-test=show-on-map]").await?;
    b.js("document.querySelector('[data-test=show-on-map]').scrollIntoView({ block: 'center' });", vec![]).await?;
    b.click("[data-test=show-on-map]").await?;
    b.wait_path("the map", |p| p == "/map").await?;
    poll_until("the vehicle first in the list", Duration::from_secs(15), || async {
        let first = b.text("[data-test=nearest] li .label").await.unwrap_or_default();
        Ok(if first == label { Ok(()) } else { Err(format!("first is {first:?}, not {label:?}")) })
    })
    .await
}

pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        a_live_refresh_marks_moved_vehicles_and_keeps_the_selection,
        a_tree_refresh_highlights_changed_sockets_and_keeps_the_selection,
        a_vehicle_links_to_its_vehizen_groups_and_back_to_the_map,
    ]
}
