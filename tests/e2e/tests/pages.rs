//! The end-to-end suite's harness (`main`) and its page tests: every page
//! renders in headless Chromium with data that came through the proxy from
//! the simulator. Each other file registers its own tests (`tests()`).
//! Run: `cargo test -p fleet-e2e` (the tests run one at a time).

mod a11y;
mod address;
mod edge;
mod edge_auth;
mod edge_perimeter;
mod groups;
mod live;
mod map;
mod map_delta;
mod map_dots;
mod saved;
mod split;
mod tree;
mod units;
mod vendor_layer;

use std::sync::{Arc, Mutex};

use fleet_e2e::edge::Edge;
use fleet_e2e::fixtures::{
    listed, ocean_login, ocean_login_with, pinned_ids, shipped_config, sim_fleet, sim_group, sim_nearest, EMABLER_AUTH,
    OCEAN_LOGIN, VEHIZEN_AUTH,
};
use fleet_e2e::{
    browser_tests, ensure, run_browser_test, run_browser_test_at, run_browser_test_signed_in, Browser, BrowserTest,
    Env, TestResult,
};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

async fn groups_page_lists_pinned_groups(b: &Browser, env: &Env) -> TestResult {
    let ids = pinned_ids()?;
    b.goto("/groups").await?;
    b.wait_count("[data-test=pinned-groups] li", ids.len()).await?;
    let text = b.text("[data-test=pinned-groups]").await?;
    for id in &ids {
        let g = sim_group(env, id)?;
        let name = g["Name"].as_str().ok_or("group without name")?;
        let count = g["Vehicles"].as_array().map_or(0, Vec::len);
        ensure(text.contains(name), format!("pinned list lacks {name:?}: {text}"))?;
        ensure(text.contains(&format!("{count} vehicles")), format!("{name}: {count} vehicles not shown"))?;
    }
    b.screenshot("groups").await
}

async fn group_page_by_deep_link_and_reload(b: &Browser, env: &Env) -> TestResult {
    let id = pinned_ids()?.get(1).cloned().ok_or("need two pinned groups")?;
    let g = sim_group(env, &id)?;
    let name = g["Name"].as_str().ok_or("no name")?.to_string();
    let plates: Vec<String> = g["Vehicles"]
        .as_array()
        .ok_or("no vehicles")?
        .iter()
        .filter_map(|v| v["LicencePlate"].as_str().map(str::to_string))
        .collect();
    b.goto(&format!("/groups/{id}")).await?;
    for round in ["first load", "after reload"] {
        ensure(b.text("[data-test=group-name]").await? == name, format!("{round}: wrong group name"))?;
        b.wait_count("[data-test=group-vehicles] tbody tr", plates.len()).await?;
        let table = b.text("[data-test=group-vehicles]").await?;
        for p in &plates {
            ensure(table.contains(p.as_str()), format!("{round}: plate {p} missing"))?;
        }
        b.client.refresh().await.map_err(|e| e.to_string())?;
    }
    b.screenshot("group").await
}

async fn invalid_group_id_is_refused_without_a_request(b: &Browser, env: &Env) -> TestResult {
    b.goto("/groups").await?;
    b.wait_for("[data-test=pinned-groups]").await?;
    env.clear_request_log()?;
    b.fill("#group-id", "not-a-guid").await?;
    b.click(".inline-form button[type=submit]").await?;
    let error = b.text("#group-id-error").await?;
    ensure(error.contains("GUID"), format!("inline error missing: {error:?}"))?;
    let log = env.sim_json("/__sim/requests", &[])?;
    ensure(log.as_array().is_some_and(Vec::is_empty), format!("a request was sent: {log}"))?;
    b.screenshot("groups-invalid-id").await
}

fn count_drivers(v: &Value) -> usize {
    let users = v["users"].as_array().map_or(0, Vec::len);
    users + v["subgroups"].as_array().into_iter().flatten().map(count_drivers).sum::<usize>()
}

async fn drivers_page_shows_the_tree(b: &Browser, env: &Env) -> TestResult {
    let tree = env.sim_json("/emabler/api/v2/cpo/authorised-users", &[EMABLER_AUTH])?;
    let drivers = tree["userGroups"].as_array().ok_or("no userGroups")?.iter().map(count_drivers).sum::<usize>()
        + tree["spareUsers"].as_array().map_or(0, Vec::len);
    ensure(drivers > 0, "simulator tree has no drivers")?;
    b.goto("/drivers").await?;
    let stats = b.text("[data-test=tree-stats]").await?;
    ensure(stats.contains(&format!("{drivers} drivers")), format!("expected {drivers} drivers in {stats:?}"))?;
    let first_site = tree["userGroups"][0]["groupName"].as_str().ok_or("no site name")?;
    ensure(b.text("[data-test=tree]").await?.contains(first_site), "first site not listed")?;
    b.screenshot("drivers").await
}

async fn map_page_searches_after_ocean_login(b: &Browser, env: &Env) -> TestResult {
    // Expected answer, asked of the simulator directly.
    let centre = &shipped_config()?["map"]["center"];
    let query = format!("radius=10&latitude={}&longitude={}", centre["lat"], centre["lon"]);
    let expected = sim_nearest(env, &query, &serde_json::json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}))?;
    ensure(!expected.is_empty(), "simulator has no vehicle near the configured centre")?;

    b.goto("/map").await?;
    b.wait_for(".leaflet-container").await?;
    ocean_login(b).await?;
    let (labels, _) = listed(&expected, &sim_fleet(env)?);
    b.wait_count("[data-test=nearest] li", labels.len()).await?;
    let closest = labels.first().ok_or("nothing listed")?.clone();
    b.wait_text("[data-test=nearest] li:first-child .plate", &closest, 10).await?;
    b.screenshot("map").await
}

async fn connections_page_checks_each_vendor(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/connections").await?;
    let vz = b.text("[data-test=vendor-vehizen] [data-test=status]").await?;
    ensure(vz.starts_with("Answers"), format!("Vehizen: {vz}"))?;
    let em = b.text("[data-test=vendor-emabler] [data-test=status]").await?;
    ensure(em.contains("drivers"), format!("eMabler: {em}"))?;
    ocean_login(b).await?;
    b.wait_count("[data-test=entities] li", 4).await?;
    let oc = b.text("[data-test=vendor-ocean] [data-test=status]").await?;
    ensure(oc.contains(&format!("Signed in as {OCEAN_LOGIN}")), format!("Ocean: {oc}"))?;
    b.screenshot("connections").await
}

async fn wrong_ocean_password_shows_the_vendor_error(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/connections").await?;
    ocean_login_with(b, OCEAN_LOGIN, "wrong").await?;
    let error = b.text("form.login [data-test=error] .sentence").await?;
    ensure(
        error.contains("credentials") && error.contains("Identifiant ou mot de passe incorrect"),
        format!("error: {error}"),
    )?;
    let password = b.wait_for("input[name=password]").await?.prop("value").await.map_err(|e| e.to_string())?;
    ensure(password.as_deref() == Some(""), "password kept in the form after the call")?;
    b.screenshot("connections-login-error").await
}

async fn unknown_address_shows_not_found_and_nav_works(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/no/such/page").await?;
    ensure(b.text("h1").await? == "Page not found", "no not-found page")?;
    b.screenshot("not-found").await?;
    b.click("header nav a[href='/drivers']").await?;
    b.wait_for("[data-test=tree-stats]").await?;
    let url = b.client.current_url().await.map_err(|e| e.to_string())?;
    ensure(url.path() == "/drivers", format!("navigation went to {url}"))
}

async fn proxy_injects_credentials_and_strips_cookies(b: &Browser, env: &Env) -> TestResult {
    b.goto("/groups").await?;
    b.client
        .execute("document.cookie = 'tracking=secret; path=/'; return document.cookie;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    env.clear_request_log()?;
    b.goto("/drivers").await?;
    b.wait_for("[data-test=tree-stats]").await?;
    b.goto("/groups").await?;
    b.wait_for("[data-test=pinned-groups]").await?;
    let log = env.sim_json("/__sim/requests", &[])?;
    let log = log.as_array().ok_or("log not a list")?;
    let header = |entry: &Value, name: &str| -> Option<String> {
        entry["headers"]
            .as_array()?
            .iter()
            .find(|h| h[0].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
            .and_then(|h| h[1].as_str().map(str::to_string))
    };
    let mut seen = (0, 0);
    for entry in log {
        let path = entry["path"].as_str().unwrap_or_default();
        ensure(header(entry, "cookie").is_none(), format!("cookie reached the simulator on {path}"))?;
        if path.starts_with("/vehizen/") {
            seen.0 += 1;
            ensure(
                header(entry, VEHIZEN_AUTH.0).as_deref() == Some(VEHIZEN_AUTH.1),
                format!("no Vehizen key on {path}"),
            )?;
        }
        if path.starts_with("/emabler/") {
            seen.1 += 1;
            ensure(
                header(entry, EMABLER_AUTH.0).as_deref() == Some(EMABLER_AUTH.1),
                format!("no eMabler key on {path}"),
            )?;
        }
    }
    ensure(seen.0 > 0 && seen.1 > 0, format!("expected Vehizen and eMabler requests, saw {seen:?}"))
}

/// Proves the console-error check can fail: an error logged by the page is
/// seen (and drained here, so this session still ends clean).
async fn console_errors_are_detected(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/groups").await?;
    b.wait_for("[data-test=pinned-groups]").await?;
    b.client.execute("console.error('probe: deliberate console error');", vec![]).await.map_err(|e| e.to_string())?;
    let errors = b.console_errors().await?;
    ensure(errors.iter().any(|e| e.contains("deliberate console error")), format!("not detected: {errors:?}"))
}

fn simulator_refuses_calls_without_credentials(env: &Env) -> TestResult {
    let id = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let checks = [
        format!("/vehizen/api/v2/CustomerGroup/{id}"),
        "/emabler/api/v2/cpo/authorised-users".to_string(),
        "/emabler/api/v2/cpo/authorised-users/external-id/DRV-000001".to_string(),
        "/ocean/restapi/mobility/v1/entities".to_string(),
        "/ocean/restapi/vehicule_engin/vehicles".to_string(),
    ];
    for path in checks {
        let (status, _) = env.sim_get(&path, &[])?;
        ensure(status == 401, format!("{path} without credentials: {status}"))?;
        let (status, _) =
            env.sim_get(&path, &[("X-Vehizen-Key", "wrong"), ("x-api-key", "wrong"), ("X-AUTH-TOKEN", "wrong")])?;
        ensure(status == 401, format!("{path} with wrong credentials: {status}"))?;
    }
    Ok(())
}

/// This file's browser tests (each other file registers its own).
fn tests() -> Vec<(&'static str, BrowserTest)> {
    browser_tests![
        groups_page_lists_pinned_groups,
        group_page_by_deep_link_and_reload,
        invalid_group_id_is_refused_without_a_request,
        drivers_page_shows_the_tree,
        map_page_searches_after_ocean_login,
        connections_page_checks_each_vendor,
        wrong_ocean_password_shows_the_vendor_error,
        unknown_address_shows_not_found_and_nav_works,
        proxy_injects_credentials_and_strips_cookies,
        console_errors_are_detected,
    ]
}

/// A test through the production edge, given the edge (and the simulator).
pub(crate) type EdgeTest = fn(&Edge, &Env) -> TestResult;
/// A browser test on the edge's portal, given the edge.
pub(crate) type PortalTest =
    for<'a> fn(&'a Browser, &'a Edge) -> std::pin::Pin<Box<dyn std::future::Future<Output = TestResult> + 'a>>;
/// The production edge, started by the first test that needs it.
type LazyEdge = Arc<Mutex<Option<Result<Arc<Edge>, String>>>>;

fn edge_for(env: &Env, cell: &LazyEdge) -> Result<Arc<Edge>, String> {
    let mut slot = cell.lock().map_err(|e| e.to_string())?;
    slot.get_or_insert_with(|| Edge::start(env).map(Arc::new)).clone()
}

/// Each test's time, slowest first, printed once the suite has run (the
/// slowest are where shared or shorter set-up pays).
static TIMES: std::sync::Mutex<Vec<(String, f64)>> = std::sync::Mutex::new(Vec::new());

/// A trial whose time goes to [`TIMES`].
fn timed(name: impl Into<String>, run: impl FnOnce() -> Result<(), Failed> + Send + 'static) -> Trial {
    let name = name.into();
    Trial::test(name.clone(), move || {
        let started = std::time::Instant::now();
        let outcome = run();
        if let Ok(mut times) = TIMES.lock() {
            times.push((name, started.elapsed().as_secs_f64()));
        }
        outcome
    })
}

fn print_times() {
    let Ok(mut times) = TIMES.lock() else { return };
    times.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = times.iter().map(|(_, t)| t).sum();
    println!("each test's time, slowest first ({} tests, {total:.0} s):", times.len());
    for (name, seconds) in times.iter() {
        println!("  {seconds:6.1} s  {name}");
    }
}

fn main() {
    let mut args = Arguments::from_args();
    // One simulator (faults, request log) and one edge serve every test, so
    // the tests run one at a time whatever `--test-threads` says: a plain
    // `cargo test --workspace` is as safe as the scripts' command.
    args.test_threads = Some(1);
    let env = match Env::start() {
        Ok(env) => Arc::new(env),
        Err(e) => {
            eprintln!("e2e environment failed to start: {e}\n(see target/e2e-logs/)");
            std::process::exit(1);
        }
    };
    let browser = [
        tests(),
        vendor_layer::tests(),
        groups::tests(),
        saved::tests(),
        tree::tests(),
        map::tests(),
        map_dots::tests(),
        map_delta::tests(),
        units::tests(),
        address::tests(),
        live::tests(),
        split::tests(),
        a11y::tests(),
    ]
    .concat();
    let mut trials: Vec<Trial> = browser
        .into_iter()
        .map(|(name, test)| {
            let env = env.clone();
            timed(name, move || {
                let inner = env.clone();
                run_browser_test(&env, |b| async move {
                    let r = test(&b, &inner).await;
                    (b, r)
                })
                .map_err(Failed::from)
            })
        })
        .collect();
    let sim_env = env.clone();
    trials.push(timed("simulator_refuses_calls_without_credentials", move || {
        simulator_refuses_calls_without_credentials(&sim_env).map_err(Failed::from)
    }));

    let edge: LazyEdge = Arc::default();
    // The smoke: pages of the other files, through nginx, under its CSP,
    // signed in as a viewer (reading needs no more).
    for (name, test) in edge::smoke_tests() {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(timed(format!("edge_{}", name.trim_start_matches("edge_")), move || {
            let served = edge_for(&env, &edge)?;
            let inner = env.clone();
            run_browser_test_signed_in(&env, &served, fleet_e2e::edge::VIEWER, |b| async move {
                let r = test(&b, &inner).await;
                (b, r)
            })
            .map_err(Failed::from)
        }));
    }
    // The sign-in itself, through the portal's form in the browser.
    for (name, test) in [edge_auth::portal_tests(), edge_perimeter::portal_tests()].concat() {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(timed(name, move || {
            let served = edge_for(&env, &edge)?;
            let inner = served.clone();
            run_browser_test_at(&env, &served.url, |b| async move {
                let r = test(&b, &inner).await;
                (b, r)
            })
            .map_err(Failed::from)
        }));
    }
    // edge_auth's list ends with the Ocean sign-in limit: its burst empties
    // this address's bucket for a minute.
    for (name, test) in [edge::tests(), edge_perimeter::tests(), edge_auth::tests()].concat() {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(timed(name, move || {
            let served = edge_for(&env, &edge)?;
            env.reset()?;
            test(&served, &env).map_err(Failed::from)
        }));
    }

    let conclusion = libtest_mimic::run(&args, trials);
    print_times();
    // Stop nginx before the simulator and the rest.
    if let Ok(mut slot) = edge.lock() {
        slot.take();
    }
    drop(env);
    conclusion.exit();
}
