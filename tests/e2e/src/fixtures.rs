//! What the tests share: the simulator's demo credentials, the shipped
//! configuration, and the steps many tests take (the Ocean sign-in, reading
//! the simulator directly).

use serde_json::{json, Value};

use crate::{ensure, repo_root, Browser, Env, TestResult};

/// The simulator's demo keys, which the proxies inject (none may appear in
/// the bundle).
pub const VEHIZEN_KEY_HEADER: &str = "X-Vehizen-Key";
pub const VEHIZEN_KEY: &str = "demo-vehizen-key";
pub const EMABLER_KEY_HEADER: &str = "x-api-key";
pub const EMABLER_KEY: &str = "demo-emabler-key";
/// The same, as a header for a direct request to the simulator.
pub const VEHIZEN_AUTH: (&str, &str) = (VEHIZEN_KEY_HEADER, VEHIZEN_KEY);
pub const EMABLER_AUTH: (&str, &str) = (EMABLER_KEY_HEADER, EMABLER_KEY);

/// The simulator's Ocean demo account.
pub const OCEAN_LOGIN: &str = "demo";
pub const OCEAN_PASSWORD: &str = "demo";

pub const NEAREST_PATH: &str = "/ocean/restapi/vehicule_engin/nearestVehicles";

/// `public/config.json`, as shipped.
pub fn shipped_config() -> Result<Value, String> {
    let text = std::fs::read_to_string(repo_root().join("public/config.json")).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The groups the shipped configuration pins on the Groups page.
pub fn pinned_ids() -> Result<Vec<String>, String> {
    Ok(shipped_config()?["vendors"]["vehizen"]["pinnedGroups"]
        .as_array()
        .ok_or("pinnedGroups missing")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect())
}

/// The simulator's group, read directly (not through the app).
pub fn sim_group(env: &Env, id: &str) -> Result<Value, String> {
    env.sim_json(&format!("/vehizen/api/v2/CustomerGroup/{id}"), &[VEHIZEN_AUTH])
}

/// An Ocean token from the simulator itself, for asking it the expected answer.
pub fn sim_ocean_token(env: &Env) -> Result<String, String> {
    let login = json!({ "login": OCEAN_LOGIN, "password": OCEAN_PASSWORD });
    let (status, body) = env.sim_send("POST", "/ocean/restapi/auth/authenticate2", &[], &login)?;
    ensure(status == 200, format!("sim login: {status}"))?;
    let token: Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    Ok(token["token"].as_str().ok_or("no token")?.to_string())
}

/// The simulator's own nearestVehicles answer for `query` and `body`.
pub fn sim_nearest(env: &Env, query: &str, body: &Value) -> Result<Vec<Value>, String> {
    let token = sim_ocean_token(env)?;
    let (status, text) = env.sim_send("POST", &format!("{NEAREST_PATH}?{query}"), &[("X-AUTH-TOKEN", &token)], body)?;
    ensure(status == 200, format!("sim answered {status}"))?;
    let list: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(list.as_array().cloned().unwrap_or_default())
}

/// Fills in and sends the console's Ocean sign-in form (on screen).
pub async fn ocean_login_with(b: &Browser, login: &str, password: &str) -> TestResult {
    b.fill("input[name=login]", login).await?;
    b.fill("input[name=password]", password).await?;
    b.click("form.login button[type=submit]").await
}

/// The same, with the demo account.
pub async fn ocean_login(b: &Browser) -> TestResult {
    ocean_login_with(b, OCEAN_LOGIN, OCEAN_PASSWORD).await
}

/// The demo customer's Ocean vehicle list, read from the simulator.
pub fn sim_fleet(env: &Env) -> Result<Vec<Value>, String> {
    let token = sim_ocean_token(env)?;
    let list = env.sim_json("/ocean/restapi/vehicule_engin/vehicles", &[("X-AUTH-TOKEN", &token)])?;
    Ok(list.as_array().cloned().unwrap_or_default())
}

/// Whether the console lists a nearest result: never a logically deleted one.
pub fn is_listed(item: &Value, fleet: &[Value]) -> bool {
    let record = fleet.iter().find(|r| r["vehicle"]["id"] == item["vehicle"]["id"]);
    item["vehicle"]["suppressionLogique"] != true && record.is_none_or(|r| r["vehicle"]["suppressionLogique"] != true)
}

/// What the console names a nearest result: the plate of its record in the
/// vehicle list (joined on `vehicle.id`), "No plate (…)" for a listed vehicle
/// without one, its description when it is not listed.
pub fn listed_label(item: &Value, fleet: &[Value]) -> String {
    let record = fleet.iter().find(|r| r["vehicle"]["id"] == item["vehicle"]["id"]);
    let description = item["vehicle"]["description"].as_str().unwrap_or_default();
    match (record, record.and_then(|r| r["vehicle"]["immatriculation"].as_str())) {
        (_, Some(plate)) => plate.to_string(),
        (Some(_), None) => format!("No plate ({description})"),
        (None, None) => description.to_string(),
    }
}

/// The labels the console lists for `nearest` (in that order), and how
/// many of them have a position to show on the map.
pub fn listed(nearest: &[Value], fleet: &[Value]) -> (Vec<String>, usize) {
    let shown: Vec<&Value> = nearest.iter().filter(|v| is_listed(v, fleet)).collect();
    let on_map = shown.iter().filter(|v| v["address"]["latitude"].is_number()).count();
    (shown.into_iter().map(|v| listed_label(v, fleet)).collect(), on_map)
}

/// From now on, keeps every Blob the page turns into a download URL
/// (injected through WebDriver, outside the page's CSP).
pub async fn capture_downloads(b: &Browser) -> TestResult {
    b.client
        .execute("window.__exports = []; const make = URL.createObjectURL; URL.createObjectURL = (blob) => { window.__exports.push(blob); return make(blob); }; return true;", vec![])
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The text of the first download since `capture_downloads` ("" if none
/// within 10 s: an export whose code is fetched on first use saves its file
/// once that code is here, a moment after the click).
pub async fn first_download(b: &Browser) -> Result<String, String> {
    let text = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const until = Date.now() + 10000;
             const look = () => { const b = window.__exports[0];
               if (b) b.text().then(done); else if (Date.now() > until) done(''); else setTimeout(look, 50); };
             look();",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(text.as_str().unwrap_or_default().to_string())
}
