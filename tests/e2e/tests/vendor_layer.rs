//! The vendor layer under faults injected at the simulator: timeouts,
//! retries, malformed data and an expired Ocean session.

use fleet_e2e::fixtures::{ocean_login, ocean_login_with, OCEAN_PASSWORD};
use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::json;

pub const TREE_PATH: &str = "/emabler/api/v2/cpo/authorised-users";

pub async fn hanging_get_ends_in_a_timeout_message(b: &Browser, env: &Env) -> TestResult {
    env.fault(json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "hang" } }))?;
    b.goto("/drivers").await?;
    b.wait_for("[role=status]").await?;
    let error = b.wait_text("[data-test=error] .sentence", "did not answer within 15 seconds", 30).await?;
    ensure(error.starts_with("eMabler"), format!("unexpected message: {error}"))?;
    // A timeout is not retried: exactly one request reached the simulator.
    ensure(env.requests(TREE_PATH)?.len() == 1, "a timed-out GET was retried")?;
    b.screenshot("drivers-timeout").await
}

pub async fn unavailable_then_ok_succeeds_after_a_retry(b: &Browser, env: &Env) -> TestResult {
    env.fault(json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "status", "status": 503, "body": "Service Unavailable", "content_type": "text/plain" } }))?;
    b.goto("/drivers").await?;
    b.wait_for("[data-test=tree-stats]").await?;
    let n = env.requests(TREE_PATH)?.len();
    ensure(n == 2, format!("expected the 503 and one retry, saw {n} requests"))
}

pub async fn malformed_tree_item_keeps_the_rest_with_a_warning(b: &Browser, env: &Env) -> TestResult {
    let tree = json!({
        "userGroups": [
            { "isSpare": false, "id": 1, "groupName": "Dépôt Lyon", "groupType": 0, "externalId": "S1", "subgroups": "here list of subsites",
              "users": [
                { "id": 10, "name": "Camille Martin", "externalId": "DRV-10", "tags": [], "chargerGroups": [], "chargers": [] },
                "garbage",
                { "id": 11, "name": "Hugo Petit", "externalId": "DRV-11", "tags": [], "chargerGroups": [], "chargers": [] }
              ] }
        ],
        "spareUsers": [ { "id": 12, "name": "Léa Roux", "externalId": "DRV-12" } ]
    });
    env.fault(json!({ "path": TREE_PATH, "method": "GET", "times": 1, "action": { "kind": "status", "status": 200, "body": tree.to_string() } }))?;
    b.goto("/drivers").await?;
    let stats = b.text("[data-test=tree-stats]").await?;
    ensure(stats.contains("3 drivers"), format!("siblings lost: {stats}"))?;
    ensure(b.text("[data-test=tree]").await?.contains("Dépôt Lyon"), "site missing")?;
    let notice = b.text("[data-test=decode-notice] summary").await?;
    ensure(notice.contains("2 records from eMabler could not be read"), format!("notice: {notice}"))?;
    b.click("[data-test=decode-notice] summary").await?;
    let details = b.text("[data-test=decode-notice]").await?;
    ensure(
        details.contains("$.userGroups[0].users[1]") && details.contains("$.userGroups[0].subgroups"),
        format!("details: {details}"),
    )?;
    b.screenshot("drivers-decode-warning").await
}

pub async fn expired_ocean_token_leads_to_login_then_data(b: &Browser, env: &Env) -> TestResult {
    b.goto("/connections").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=entities] li").await?;
    // The vendor now refuses the token, as it does after 12 hours.
    env.fault(json!({ "path": "/ocean/restapi/vehicule_engin/nearestVehicles", "times": 1,
        "action": { "kind": "status", "status": 401, "body": "{\"status\":401,\"message\":\"Jeton expiré : veuillez vous authentifier à nouveau.\"}" } }))?;
    b.click("header nav a[href='/map']").await?;
    let why = b.text("[data-test=session-ended]").await?;
    ensure(why.contains("Jeton expiré"), format!("no reason shown: {why}"))?;
    b.screenshot("map-session-expired").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    let searches = env.requests("/ocean/restapi/vehicule_engin/nearestVehicles")?.len();
    ensure(searches == 2, format!("expected the refused search and one replay, saw {searches}"))
}

pub async fn repeated_refusal_ends_at_the_login_form(b: &Browser, env: &Env) -> TestResult {
    env.fault(json!({ "path": "/ocean/restapi/vehicule_engin/nearestVehicles", "times": 2,
        "action": { "kind": "status", "status": 401, "body": "{\"status\":401,\"message\":\"Jeton invalide.\"}" } }))?;
    b.goto("/map").await?;
    for _ in 0..2 {
        ocean_login(b).await?;
        b.wait_text("[data-test=session-ended]", "Jeton invalide", 20).await?;
    }
    // No loop: after two refusals, two searches, and the form waits for the user.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let searches = env.requests("/ocean/restapi/vehicule_engin/nearestVehicles")?.len();
    ensure(searches == 2, format!("expected 2 searches, saw {searches}"))?;
    ensure(b.count("input[name=password]").await? == 1, "login form not shown")
}

pub async fn sign_out_clears_the_session(b: &Browser, env: &Env) -> TestResult {
    b.goto("/connections").await?;
    ocean_login_with(b, "multi", OCEAN_PASSWORD).await?;
    // Ocean said the password expires in 5 days: the console says so.
    b.wait_text("[data-test=password-expiring]", "5 day", 10).await?;
    // A multi-customer login picks a customer from the configured list (not
    // from its entities); later calls carry its id, the entities call too.
    let picker = b.wait_for("[data-test=customer-picker]").await?;
    let offered = picker.text().await.map_err(|e| e.to_string())?;
    ensure(offered.contains("Groupe Santé Mobile (1002)"), format!("configured customers not offered: {offered}"))?;
    picker.select_by_value("1002").await.map_err(|e| e.to_string())?;
    b.wait_text("[data-test=customer]", "Groupe Santé Mobile (1002)", 10).await?;
    b.wait_count("[data-test=entities] li", 2).await?;
    let entities = env.requests("/ocean/restapi/mobility/v1/entities")?;
    let query = entities.last().and_then(|r| r["query"].as_str().map(str::to_string)).unwrap_or_default();
    ensure(query.starts_with("customerId=1002"), format!("entities asked without the customer: {query}"))?;
    b.screenshot("connections-multi-customer").await?;
    b.click("header nav a[href='/map']").await?;
    b.wait_for("[data-test=nearest-count]").await?;
    // The warning is the session's, on every page, until dismissed.
    b.wait_text("[data-test=password-expiring]", "5 day", 5).await?;
    b.click("[data-test=password-expiring] button").await?;
    ensure(b.count("[data-test=password-expiring]").await? == 0, "the warning cannot be dismissed")?;
    for path in ["/ocean/restapi/vehicule_engin/nearestVehicles", "/ocean/restapi/vehicule_engin/vehicles"] {
        let calls = env.requests(path)?;
        let query = calls.last().and_then(|r| r["query"].as_str().map(str::to_string)).unwrap_or_default();
        ensure(query.starts_with("customerId=1002"), format!("{path}: customerId not sent: {query}"))?;
    }
    // Nothing of the session may persist in browser storage.
    let stored = b
        .client
        .execute("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    let stored = stored.as_str().unwrap_or_default().to_string();
    let token = env.requests("/ocean/restapi/mobility")?.first().and_then(|r| {
        r["headers"].as_array()?.iter().find(|h| h[0] == "x-auth-token").and_then(|h| h[1].as_str().map(str::to_string))
    });
    let token = token.ok_or("no token seen at the simulator")?;
    ensure(!stored.contains(&token), "the Ocean token reached browser storage")?;
    b.click("header nav a[href='/connections']").await?;
    b.click("[data-test=vendor-ocean] button[type=button]").await?;
    b.wait_for("input[name=password]").await?;
    b.click("header nav a[href='/map']").await?;
    b.wait_for("input[name=password]").await?;
    ensure(b.count("[data-test=nearest] li").await? == 0, "results survived sign-out")
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        hanging_get_ends_in_a_timeout_message,
        unavailable_then_ok_succeeds_after_a_retry,
        malformed_tree_item_keeps_the_rest_with_a_warning,
        expired_ocean_token_leads_to_login_then_data,
        repeated_refusal_ends_at_the_login_form,
        sign_out_clears_the_session,
    ]
}
