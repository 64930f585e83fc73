//! Saved means saved: the group editor against a Vehizen that disagrees.
//! It accepts a PUT but keeps the vehicles left out, lists two rows with
//! one `VehicleId`, or lists a vehicle without one (`/__sim/vehizen/…`).
//! Each test checks what the PUT carried, what the page says after saving,
//! and what it offers next.

use fleet_e2e::fixtures::sim_group;
use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::{json, Value};

const GROUPS: &str = "/vehizen/api/v2/CustomerGroup";
const ROWS: &str = "[data-test=group-vehicles] tbody tr:not(.details-row)";

/// The seeded group only these tests edit (they may rename it).
fn shuttles(env: &Env) -> Result<String, String> {
    let list = env.sim_json("/__sim/groups", &[])?;
    let found =
        list.as_array().into_iter().flatten().find(|g| g["name"].as_str().is_some_and(|n| n.starts_with("Navettes")));
    found.and_then(|g| g["id"].as_str()).map(str::to_string).ok_or_else(|| format!("no “Navettes…” group in {list}"))
}

fn vehicles(group: &Value) -> Vec<Value> {
    group["Vehicles"].as_array().cloned().unwrap_or_default()
}

fn plate_of(v: &Value) -> &str {
    v["LicencePlate"].as_str().unwrap_or_default()
}

/// The one PUT this test made, as Vehizen received it.
fn only_put(env: &Env) -> Result<Value, String> {
    let puts: Vec<Value> = env.requests(GROUPS)?.into_iter().filter(|r| r["method"] == "PUT").collect();
    ensure(puts.len() == 1, format!("expected one PUT, got {}", puts.len()))?;
    serde_json::from_str(puts[0]["body"].as_str().unwrap_or_default()).map_err(|e| format!("PUT body: {e}"))
}

fn sim_post(env: &Env, path: &str, body: Value) -> Result<Value, String> {
    let (status, text) = env.sim_send("POST", path, &[], &body)?;
    ensure((200..300).contains(&status), format!("POST {path}: {status} {text}"))?;
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn ignore_removals(env: &Env, on: bool) -> TestResult {
    sim_post(env, "/__sim/vehizen/quirks", json!({ "ignoreRemovals": on })).map(|_| ())
}

/// Clicks "Remove" on the row showing `plate`.
async fn remove_row(b: &Browser, plate: &str) -> TestResult {
    let script = "for (const tr of document.querySelectorAll('[data-test=group-vehicles] tbody tr')) {
        const cell = tr.querySelector('td.plate'), button = tr.querySelector('[data-test=remove-vehicle]');
        if (cell && button && cell.textContent.trim() === arguments[0]) { button.click(); return true; }
    } return false;";
    ensure(b.js(script, vec![json!(plate)]).await? == json!(true), format!("no removable row shows {plate}"))
}

/// The table's plates, as shown.
async fn shown_plates(b: &Browser) -> Result<Vec<String>, String> {
    let list = b.js("return [...document.querySelectorAll('[data-test=group-vehicles] td.plate')].map(c => c.textContent.trim());", vec![]).await?;
    Ok(list.as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect())
}

async fn shows(b: &Browser, css: &str) -> Result<bool, String> {
    Ok(b.count(css).await? > 0)
}

async fn open(b: &Browser, id: &str, rows: usize) -> TestResult {
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_count(ROWS, rows).await
}

async fn saved(b: &Browser) -> Result<String, String> {
    let name = b.value("#group-name-input").await?;
    b.wait_text("[data-test=toasts]", &format!("“{name}” saved"), 15).await
}

pub async fn a_removal_vehizen_ignores_is_named_and_stays_unsaved(b: &Browser, env: &Env) -> TestResult {
    let id = shuttles(env)?;
    let read = vehicles(&sim_group(env, &id)?);
    let gone = read.iter().find(|v| v["VehicleId"].is_string()).map(|v| plate_of(v).to_string()).ok_or("no vehicle")?;
    ignore_removals(env, true)?;
    open(b, &id, read.len()).await?;
    remove_row(b, &gone).await?;
    env.clear_request_log()?;
    b.click("[data-test=save]").await?;
    let told = b.wait_text("[data-test=not-kept]", "still lists", 15).await?;
    // The PUT left it out, and carried every other item as read.
    let expected: Vec<&Value> = read.iter().filter(|v| plate_of(v) != gone).collect();
    ensure(vehicles(&only_put(env)?).iter().collect::<Vec<_>>() == expected, "the PUT is not the list shown")?;
    // The page names what Vehizen did not keep, and never says saved.
    let sentence = format!("Vehizen accepted the save but still lists {gone} in this group.");
    ensure(told.contains(&sentence), format!("not named: {told}"))?;
    ensure(!b.text("[data-test=toasts]").await?.contains("” saved"), "a “saved” toast was shown")?;
    // Offered next: the removal, still to do, and the ways on.
    ensure(!shown_plates(b).await?.contains(&gone), "the draft lost the removal")?;
    ensure(b.text(".form-actions").await?.contains("Unsaved changes"), "not marked unsaved")?;
    for offer in ["undo-remove", "try-again", "take-theirs", "move-elsewhere"] {
        ensure(shows(b, &format!("[data-test={offer}]")).await?, format!("{offer} is not offered"))?;
    }
    b.screenshot("group-not-kept").await?;
    // Vehizen's copy: the vehicle is back, nothing is pending.
    b.click("[data-test=take-theirs]").await?;
    b.wait_count(ROWS, read.len()).await?;
    ensure(!shows(b, "[data-test=undo-remove]").await? && !shows(b, "[data-test=not-kept]").await?, "stale controls")?;
    ensure(!b.text(".form-actions").await?.contains("Unsaved changes"), "still marked unsaved")?;
    // Again, and once Vehizen keeps removals, "Try again" saves it.
    remove_row(b, &gone).await?;
    b.click("[data-test=save]").await?;
    b.wait_text("[data-test=not-kept]", "still lists", 15).await?;
    ignore_removals(env, false)?;
    b.click("[data-test=try-again]").await?;
    saved(b).await?;
    ensure(!vehicles(&sim_group(env, &id)?).iter().any(|v| plate_of(v) == gone), "Vehizen still holds it")?;
    b.wait_count(ROWS, read.len() - 1).await?;
    ensure(
        !shows(b, "[data-test=undo-remove]").await? && !shows(b, "[data-test=not-kept]").await?,
        "stale controls after saving",
    )?;
    // Or move it instead: the other group opens with this one as the source.
    ignore_removals(env, true)?;
    let next = b
        .js(
            "for (const tr of document.querySelectorAll('[data-test=group-vehicles] tbody tr'))
        if (tr.querySelector('[data-test=remove-vehicle]')) return tr.querySelector('td.plate').textContent.trim();
        return null;",
            vec![],
        )
        .await?;
    let next = next.as_str().ok_or("no removable vehicle left")?.to_string();
    remove_row(b, &next).await?;
    b.click("[data-test=save]").await?;
    b.wait_text("[data-test=not-kept]", &next, 15).await?;
    let target = b.js("return document.querySelector('[data-test=move-target]').value;", vec![]).await?;
    let target = target.as_str().unwrap_or_default().to_string();
    b.click("[data-test=move-open]").await?;
    b.wait_url("the group to move it to", |u| u.ends_with(&format!("/groups/{target}?from={id}"))).await?;
    b.wait_text("[data-test=candidates]", &next, 15).await.map(|_| ())
}

pub async fn of_two_rows_sharing_a_vehicle_id_the_one_clicked_is_removed(b: &Browser, env: &Env) -> TestResult {
    let id = shuttles(env)?;
    // Twice: the row added last with the shared id clicked, then the first.
    for (copy_of, twin_plate, remove_twin) in [(0, "HX-101-AA", true), (1, "HX-102-AA", false)] {
        let path = format!("/__sim/vehizen/groups/{id}/odd-vehicles");
        let twin = sim_post(env, &path, json!({ "plate": twin_plate, "sharedId": true, "copyOf": copy_of }))?;
        let read = vehicles(&sim_group(env, &id)?);
        let sharing: Vec<&str> = read.iter().filter(|v| v["VehicleId"] == twin["VehicleId"]).map(plate_of).collect();
        ensure(sharing.len() == 2, format!("rows sharing the twin's id: {sharing:?}"))?;
        let gone = if remove_twin { twin_plate } else { sharing[0] }.to_string();
        open(b, &id, read.len()).await?;
        remove_row(b, &gone).await?;
        env.clear_request_log()?;
        b.click("[data-test=save]").await?;
        saved(b).await?;
        // Exactly the row clicked was left out; its twin went back as read.
        let expected: Vec<&Value> = read.iter().filter(|v| plate_of(v) != gone).collect();
        ensure(vehicles(&only_put(env)?).iter().collect::<Vec<_>>() == expected, "the PUT is not the list shown")?;
        let held: Vec<String> = vehicles(&sim_group(env, &id)?).iter().map(|v| plate_of(v).to_string()).collect();
        ensure(
            !held.contains(&gone) && sharing.iter().all(|p| *p == gone || held.iter().any(|h| h == p)),
            format!("Vehizen holds {held:?}"),
        )?;
        // Saved, and nothing stale offered.
        ensure(!shown_plates(b).await?.contains(&gone), "still shown")?;
        ensure(
            !shows(b, "[data-test=undo-remove]").await? && !shows(b, "[data-test=not-kept]").await?,
            "stale controls",
        )?;
        ensure(!b.text(".form-actions").await?.contains("Unsaved changes"), "still marked unsaved")?;
    }
    Ok(())
}

pub async fn a_vehicle_without_a_vehicle_id_is_shown_read_only_and_written_back(b: &Browser, env: &Env) -> TestResult {
    let id = shuttles(env)?;
    let odd = sim_post(
        env,
        &format!("/__sim/vehizen/groups/{id}/odd-vehicles"),
        json!({ "plate": "HX-303-CC", "sharedId": false, "copyOf": 1 }),
    )?;
    ensure(
        odd.get("VehicleId").is_none() && odd.as_object().is_some_and(|o| o.len() > 20),
        format!("not a full record without an id: {odd}"),
    )?;
    let read = vehicles(&sim_group(env, &id)?);
    // Shown among the others, not counted as unreadable.
    open(b, &id, read.len()).await?;
    ensure(shown_plates(b).await?.iter().any(|p| p == "HX-303-CC"), "not shown")?;
    ensure(!b.text(".page").await?.contains("could not be read"), "counted as unreadable")?;
    let note = b.text("[data-test=read-only-note]").await?;
    ensure(
        note.contains("no valid Vehizen vehicle id") && note.contains("cannot be moved or removed"),
        format!("note: {note}"),
    )?;
    let row_offers = b
        .js(
            "for (const tr of document.querySelectorAll('[data-test=group-vehicles] tbody tr')) {
        if (tr.querySelector('td.plate')?.textContent.trim() === 'HX-303-CC')
            return [!!tr.querySelector('[data-test=remove-vehicle]'), !!tr.querySelector('[data-test=read-only]')];
    } return null;",
            vec![],
        )
        .await?;
    ensure(row_offers == json!([false, true]), format!("the row offers {row_offers}"))?;
    b.fill("[data-test=vehicle-filter]", "HX-303").await?;
    b.wait_count(ROWS, 1).await?;
    b.screenshot("group-read-only-vehicle").await?;
    b.fill("[data-test=vehicle-filter]", "").await?;
    // A rename writes it back exactly as read.
    let name = format!("Navettes aéroport {}", std::process::id());
    b.fill("#group-name-input", &name).await?;
    b.click("[data-test=save]").await?;
    saved(b).await?;
    let put = only_put(env)?;
    ensure(vehicles(&put) == read, "the PUT did not carry every vehicle as read")?;
    ensure(vehicles(&sim_group(env, &id)?).contains(&odd), "Vehizen no longer lists it")?;
    ensure(shown_plates(b).await?.iter().any(|p| p == "HX-303-CC"), "no longer shown after saving")?;
    ensure(shows(b, "[data-test=read-only-note]").await?, "the note went")
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        of_two_rows_sharing_a_vehicle_id_the_one_clicked_is_removed,
        a_vehicle_without_a_vehicle_id_is_shown_read_only_and_written_back,
        a_removal_vehizen_ignores_is_named_and_stays_unsaved,
    ]
}
