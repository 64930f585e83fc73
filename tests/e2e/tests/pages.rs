//! Every page renders in headless Chromium with data that came through the
//! proxy from the simulator. Run: `cargo test -p fleet-e2e -- --test-threads=1`.

mod a11y;
mod edge;
mod edge_auth;
mod groups;
mod map;
mod tree;
mod vendor_layer;

use std::sync::{Arc, Mutex};
use a11y::*;
use edge::*;
use edge_auth::*;
use groups::*;
use map::*;
use tree::*;
use vendor_layer::*;

use fleet_e2e::edge::Edge;
use fleet_e2e::{ensure, repo_root, run_browser_test, run_browser_test_at, run_browser_test_signed_in, Browser, Env, TestResult};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

pub(crate) const VEHIZEN_KEY: (&str, &str) = ("X-Vehizen-Key", "demo-vehizen-key");
const EMABLER_KEY: (&str, &str) = ("x-api-key", "demo-emabler-key");

pub(crate) fn shipped_config() -> Result<Value, String> {
    let text = std::fs::read_to_string(repo_root().join("public/config.json")).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

pub(crate) fn pinned_ids() -> Result<Vec<String>, String> {
    Ok(shipped_config()?["vendors"]["vehizen"]["pinnedGroups"]
        .as_array()
        .ok_or("pinnedGroups missing")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect())
}

/// The simulator's group, read directly (not through the app).
pub(crate) fn sim_group(env: &Env, id: &str) -> Result<Value, String> {
    env.sim_json(&format!("/vehizen/api/v2/CustomerGroup/{id}"), &[VEHIZEN_KEY])
}

pub(crate) async fn ocean_login(b: &Browser) -> TestResult {
    b.fill("input[name=login]", "demo").await?;
    b.fill("input[name=password]", "demo").await?;
    b.click("form.login button[type=submit]").await
}

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
    let plates: Vec<String> = g["Vehicles"].as_array().ok_or("no vehicles")?.iter().filter_map(|v| v["LicencePlate"].as_str().map(str::to_string)).collect();
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
    let tree = env.sim_json("/emabler/api/v2/cpo/authorised-users", &[EMABLER_KEY])?;
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
    let (status, body) = env.sim_send("POST", "/ocean/restapi/auth/authenticate2", &[], &serde_json::json!({"login": "demo", "password": "demo"}))?;
    ensure(status == 200, format!("sim login: {status}"))?;
    let token: Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    let token = token["token"].as_str().ok_or("no token")?.to_string();
    let centre = &shipped_config()?["map"]["center"];
    let path = format!("/ocean/restapi/vehicule_engin/nearestVehicles?radius=10&latitude={}&longitude={}", centre["lat"], centre["lon"]);
    let (_, body) = env.sim_send("POST", &path, &[("X-AUTH-TOKEN", &token)], &serde_json::json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}))?;
    let expected: Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    let expected = expected.as_array().ok_or("not a list")?;
    ensure(!expected.is_empty(), "simulator has no vehicle near the configured centre")?;

    b.goto("/map").await?;
    b.wait_for(".leaflet-container").await?;
    ocean_login(b).await?;
    b.wait_count("[data-test=nearest] li", expected.len()).await?;
    let list = b.text("[data-test=nearest]").await?;
    let closest = expected[0]["vehicle"]["description"].as_str().ok_or("no label")?;
    ensure(list.starts_with(closest), format!("closest vehicle {closest} not first: {list}"))?;
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
    ensure(oc.contains("Signed in as demo"), format!("Ocean: {oc}"))?;
    b.screenshot("connections").await
}

async fn wrong_ocean_password_shows_the_vendor_error(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/connections").await?;
    b.fill("input[name=login]", "demo").await?;
    b.fill("input[name=password]", "wrong").await?;
    b.click("form.login button[type=submit]").await?;
    let error = b.text("form.login [data-test=error] .sentence").await?;
    ensure(error.contains("credentials") && error.contains("Identifiant ou mot de passe incorrect"), format!("error: {error}"))?;
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
        entry["headers"].as_array()?.iter().find(|h| h[0].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name))).and_then(|h| h[1].as_str().map(str::to_string))
    };
    let mut seen = (0, 0);
    for entry in log {
        let path = entry["path"].as_str().unwrap_or_default();
        ensure(header(entry, "cookie").is_none(), format!("cookie reached the simulator on {path}"))?;
        if path.starts_with("/vehizen/") {
            seen.0 += 1;
            ensure(header(entry, VEHIZEN_KEY.0).as_deref() == Some(VEHIZEN_KEY.1), format!("no Vehizen key on {path}"))?;
        }
        if path.starts_with("/emabler/") {
            seen.1 += 1;
            ensure(header(entry, EMABLER_KEY.0).as_deref() == Some(EMABLER_KEY.1), format!("no eMabler key on {path}"))?;
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
        let (status, _) = env.sim_get(&path, &[("X-Vehizen-Key", "wrong"), ("x-api-key", "wrong"), ("X-AUTH-TOKEN", "wrong")])?;
        ensure(status == 401, format!("{path} with wrong credentials: {status}"))?;
    }
    Ok(())
}

type BrowserTest = for<'a> fn(&'a Browser, &'a Env) -> std::pin::Pin<Box<dyn std::future::Future<Output = TestResult> + 'a>>;

macro_rules! browser_tests {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), (|b, e| Box::pin($name(b, e))) as BrowserTest)),*]
    };
}

fn main() {
    let args = Arguments::from_args();
    let env = match Env::start() {
        Ok(env) => Arc::new(env),
        Err(e) => {
            eprintln!("e2e environment failed to start: {e}\n(see target/e2e-logs/)");
            std::process::exit(1);
        }
    };
    let mut trials: Vec<Trial> = browser_tests![
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
        hanging_get_ends_in_a_timeout_message,
        unavailable_then_ok_succeeds_after_a_retry,
        malformed_tree_item_keeps_the_rest_with_a_warning,
        expired_ocean_token_leads_to_login_then_data,
        repeated_refusal_ends_at_the_login_form,
        sign_out_clears_the_session,
        create_group_is_held_by_the_simulator_and_shown_at_its_url,
        move_vehicles_between_groups_and_save_exact_membership,
        refusals_show_errors_and_keep_the_input,
        reload_mid_edit_offers_and_restores_the_draft,
        double_click_on_save_sends_exactly_one_post,
        reset_after_put_applied_says_outcome_unknown_and_rereads,
        vendor_strings_render_as_text,
        exported_csv_neutralises_formulas,
        expand_a_site_down_to_a_socket,
        search_by_id_tag_reveals_the_driver_with_ancestors,
        external_id_deep_link_selects_the_driver,
        unknown_external_id_says_driver_not_found,
        keyboard_alone_walks_the_tree,
        malformed_subtree_and_html_names_render_safely,
        click_the_map_then_search_shows_the_nearest_in_order,
        by_road_shows_etas_and_at_most_limit,
        deep_link_reproduces_the_search_after_reload,
        dragging_the_centre_reruns_the_search,
        popup_shows_vendor_label_as_text,
        empty_result_offers_to_widen,
        axe_finds_no_violation_in_the_light_theme,
        axe_finds_no_violation_in_the_dark_theme,
        help_shortcuts_and_first_steps,
        narrow_layout_keeps_tree_and_map_usable,
        system_theme_follows_the_os,
        switching_language_formats_dates_and_distances,
    ]
    .into_iter()
    .map(|(name, test)| {
        let env = env.clone();
        Trial::test(name, move || {
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
    trials.push(Trial::test("simulator_refuses_calls_without_credentials", move || {
        simulator_refuses_calls_without_credentials(&sim_env).map_err(Failed::from)
    }));

    // The production edge: started by the first test that needs it.
    let edge: Arc<Mutex<Option<Result<Arc<Edge>, String>>>> = Arc::default();
    let edge_for = |env: &Env, cell: &Mutex<Option<Result<Arc<Edge>, String>>>| -> Result<Arc<Edge>, String> {
        let mut slot = cell.lock().map_err(|e| e.to_string())?;
        slot.get_or_insert_with(|| Edge::start(env).map(Arc::new)).clone()
    };
    // The smoke: each page shows simulator data through nginx, under its
    // CSP, signed in as a viewer (reading needs no more).
    let smoke: Vec<(&str, BrowserTest)> = browser_tests![
        groups_page_lists_pinned_groups,
        drivers_page_shows_the_tree,
        map_page_searches_after_ocean_login,
        connections_page_checks_each_vendor,
        edge_pages_load_with_zero_csp_violations,
    ];
    for (name, test) in smoke {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(Trial::test(format!("edge_{}", name.trim_start_matches("edge_")), move || {
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
    type EdgeBrowserTest = for<'a> fn(&'a Browser, &'a Edge) -> std::pin::Pin<Box<dyn std::future::Future<Output = TestResult> + 'a>>;
    let portal: Vec<(&str, EdgeBrowserTest)> = vec![
        ("edge_sign_in_through_the_portal_as_a_viewer", |b, e| Box::pin(edge_sign_in_through_the_portal_as_a_viewer(b, e))),
        ("edge_sign_out_mid_edit_keeps_the_draft", |b, e| Box::pin(edge_sign_out_mid_edit_keeps_the_draft(b, e))),
    ];
    for (name, test) in portal {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(Trial::test(name, move || {
            let served = edge_for(&env, &edge)?;
            let inner = served.clone();
            run_browser_test_at(&env, &served.url, |b| async move {
                let r = test(&b, &inner).await;
                (b, r)
            })
            .map_err(Failed::from)
        }));
    }
    // The Ocean sign-in limit runs last: its burst empties this address's
    // bucket for a minute.
    let plain: Vec<(&str, fn(&Edge, &Env) -> TestResult)> = vec![
        ("edge_sets_headers_on_every_kind_of_response", edge_sets_headers_on_every_kind_of_response),
        ("edge_refuses_traversal_foreign_methods_paths_and_hosts", edge_refuses_traversal_foreign_methods_paths_and_hosts),
        ("edge_injects_credentials_and_strips_client_ones", edge_injects_credentials_and_strips_client_ones),
        ("edge_keeps_upstream_redirects_and_cookies_from_the_browser", edge_keeps_upstream_redirects_and_cookies_from_the_browser),
        ("edge_rate_limits_bursts_with_429", edge_rate_limits_bursts_with_429),
        ("edge_refuses_everything_without_a_session", edge_refuses_everything_without_a_session),
        ("edge_enforces_roles_and_records_writes", edge_enforces_roles_and_records_writes),
        ("edge_refuses_forged_writes", edge_refuses_forged_writes),
        ("edge_nodes_share_sessions_through_redis", edge_nodes_share_sessions_through_redis),
        ("edge_render_refuses_unsafe_values", render_refuses_unsafe_values),
        ("edge_limits_ocean_sign_ins_and_strips_cors", edge_limits_ocean_sign_ins_and_strips_cors),
        ("bundle_holds_no_credentials", bundle_holds_no_credentials),
    ];
    for (name, test) in plain {
        let (env, edge) = (env.clone(), edge.clone());
        trials.push(Trial::test(name, move || {
            let served = edge_for(&env, &edge)?;
            env.reset()?;
            test(&served, &env).map_err(Failed::from)
        }));
    }

    let conclusion = libtest_mimic::run(&args, trials);
    // Stop nginx before the simulator and the rest.
    if let Ok(mut slot) = edge.lock() {
        slot.take();
    }
    drop(env);
    conclusion.exit();
}
