//! The production edge (deploy/nginx) in front of the simulator: headers,
//! allow-lists, credentials, rate limit, and the bundle's secrets.

use fleet_e2e::edge::{Edge, Response, EMABLER_KEY, VEHIZEN_KEY, VEHIZEN_KEY_HEADER};
use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::json;

use fleet_e2e::fixtures::pinned_ids;

/// Every response kind carries the same security headers.
fn check_security_headers(what: &str, r: &Response) -> TestResult {
    let csp = r.header("content-security-policy");
    for needed in [
        "default-src 'none'",
        "script-src 'self' 'nonce-",
        "'wasm-unsafe-eval'",
        "style-src 'self';",
        "img-src 'self' data: https://tile.openstreetmap.org;",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        ensure(csp.contains(needed), format!("{what}: CSP lacks {needed:?}: {csp:?}"))?;
    }
    for banned in ["unsafe-inline", "'unsafe-eval'", "*"] {
        ensure(!csp.contains(banned), format!("{what}: CSP allows {banned}: {csp:?}"))?;
    }
    ensure(
        r.header("strict-transport-security").starts_with("max-age=63072000"),
        format!("{what}: HSTS {:?}", r.header("strict-transport-security")),
    )?;
    ensure(r.header("x-content-type-options") == "nosniff", format!("{what}: nosniff missing"))?;
    ensure(
        r.header("referrer-policy") == "strict-origin-when-cross-origin",
        format!("{what}: Referrer-Policy missing"),
    )?;
    ensure(r.header("x-frame-options") == "DENY", format!("{what}: X-Frame-Options missing"))?;
    ensure(
        r.header_count("content-security-policy") == 1,
        format!("{what}: CSP sent {} times", r.header_count("content-security-policy")),
    )
}

fn hashed_file(edge: &Edge, suffix: &str) -> Result<String, String> {
    std::fs::read_dir(&edge.dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with(suffix) && n.starts_with("fleet-console-"))
        .ok_or(format!("no *{suffix} in {}", edge.dist.display()))
}

pub fn edge_sets_headers_on_every_kind_of_response(edge: &Edge, _env: &Env) -> TestResult {
    let wasm = hashed_file(edge, "_bg.wasm")?;
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;

    let index = edge.get("/", &[])?;
    ensure(index.status == 200, format!("/: {}", index.status))?;
    check_security_headers("/", &index)?;
    ensure(
        index.header("cache-control") == "no-store",
        format!("/: Cache-Control {:?}", index.header("cache-control")),
    )?;
    // The nonce placeholder was replaced by the nonce the policy names.
    let html = index.text();
    let nonce = index
        .header("content-security-policy")
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or_default()
        .to_string();
    ensure(nonce.len() >= 32, format!("nonce {nonce:?} too short"))?;
    ensure(
        html.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")),
        "inline module script lacks the header's nonce",
    )?;
    ensure(!html.contains("TRUNK NONCE"), "placeholder left in index.html")?;
    let again = edge.get("/", &[])?;
    ensure(!again.header("content-security-policy").contains(&nonce), "the nonce repeats between responses")?;

    let deep = edge.get("/drivers/some-driver", &[])?;
    ensure(deep.status == 200 && deep.text().contains("_bg.wasm"), format!("SPA route: {}", deep.status))?;
    check_security_headers("SPA route", &deep)?;

    let config = edge.get("/config.json", &[])?;
    ensure(
        config.status == 200 && config.header("cache-control") == "no-store",
        format!("config.json: {} {:?}", config.status, config.header("cache-control")),
    )?;

    let asset = edge.get(&format!("/{wasm}"), &[("Accept-Encoding", "gzip")])?;
    ensure(asset.status == 200, format!("wasm: {}", asset.status))?;
    check_security_headers("hashed asset", &asset)?;
    ensure(
        asset.header("cache-control") == "private, max-age=31536000, immutable",
        format!("wasm Cache-Control {:?}", asset.header("cache-control")),
    )?;
    ensure(
        asset.header("content-type") == "application/wasm",
        format!("wasm type {:?}", asset.header("content-type")),
    )?;
    ensure(
        asset.header("content-encoding") == "gzip",
        format!("wasm not gzipped: {:?}", asset.header("content-encoding")),
    )?;
    let size = std::fs::metadata(edge.dist.join(&wasm)).map_err(|e| e.to_string())?.len() as usize;
    ensure(asset.body.len() < size / 2, format!("gzip body {} of {size} bytes", asset.body.len()))?;
    // Brotli when Debian's module is installed (scripts/setup.sh installs it).
    if std::path::Path::new("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so").exists() {
        let br = edge.get(&format!("/{wasm}"), &[("Accept-Encoding", "br")])?;
        ensure(
            br.header("content-encoding") == "br",
            format!("brotli module present but {:?}", br.header("content-encoding")),
        )?;
    }

    let missing = edge.get("/fleet-console-0123456789abcdef.js", &[])?;
    ensure(missing.status == 404, format!("missing asset: {}", missing.status))?;
    check_security_headers("404", &missing)?;

    let refused = edge.get("/vendors/ocean/restapi/anything", &[])?;
    ensure(refused.status == 404, format!("unknown vendor path: {}", refused.status))?;
    check_security_headers("vendor 404", &refused)?;

    let api = edge.get(&format!("/vendors/vehizen/api/v2/CustomerGroup/{group}"), &[])?;
    ensure(api.status == 200, format!("API: {} {}", api.status, api.text()))?;
    check_security_headers("API", &api)?;
    ensure(api.header("cache-control") == "no-store", format!("API Cache-Control {:?}", api.header("cache-control")))?;
    Ok(())
}

/// Raw requests nginx must answer itself, never forwarding them.
pub fn edge_refuses_traversal_foreign_methods_paths_and_hosts(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let cases: Vec<(String, &str, String)> = vec![
        (
            "traversal ../".into(),
            "127.0.0.1",
            "GET /vendors/ocean/../../ocean/restapi/mobility/v1/entities HTTP/1.1".into(),
        ),
        (
            "traversal out of a vendor".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/../../../vehizen/x HTTP/1.1".into(),
        ),
        (
            "encoded dots".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/%2e%2e%2fcpo HTTP/1.1".into(),
        ),
        ("encoded dots (upper case)".into(), "127.0.0.1", "GET /vendors/%2E%2E/etc/passwd HTTP/1.1".into()),
        (
            "encoded slash".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/a%2Fb HTTP/1.1".into(),
        ),
        ("double slash".into(), "127.0.0.1", "GET //vendors/vehizen/api/v2/CustomerGroup HTTP/1.1".into()),
        (
            "double slash inside".into(),
            "127.0.0.1",
            format!("GET /vendors/vehizen/api/v2//CustomerGroup/{group} HTTP/1.1"),
        ),
        (
            "encoded CR LF".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/x%0d%0aX-Evil:%201 HTTP/1.1".into(),
        ),
        ("encoded NUL".into(), "127.0.0.1", "GET /vendors/emabler/authorised-users/external-id/x%00 HTTP/1.1".into()),
        (
            "a way up for a Java backend".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/..; HTTP/1.1".into(),
        ),
        (
            "a path parameter".into(),
            "127.0.0.1",
            "GET /vendors/emabler/authorised-users/external-id/a%3Bx=1 HTTP/1.1".into(),
        ),
        (
            "absolute form after two spaces".into(),
            "127.0.0.1",
            format!("GET  https://console.localhost:{}/vendors/ocean/mobility/v1/entities HTTP/1.1", edge.port),
        ),
        ("asterisk form".into(), "127.0.0.1", "OPTIONS * HTTP/1.1".into()),
        ("TRACE".into(), "127.0.0.1", format!("TRACE /vendors/vehizen/api/v2/CustomerGroup/{group} HTTP/1.1")),
        ("DELETE".into(), "127.0.0.1", format!("DELETE /vendors/vehizen/api/v2/CustomerGroup/{group} HTTP/1.1")),
        ("GET where only POST/PUT".into(), "127.0.0.1", "GET /vendors/vehizen/api/v2/CustomerGroup HTTP/1.1".into()),
        ("POST where only GET".into(), "127.0.0.1", "POST /vendors/emabler/authorised-users HTTP/1.1".into()),
        (
            "GET on nearestVehicles".into(),
            "127.0.0.1",
            "GET /vendors/ocean/vehicule_engin/nearestVehicles HTTP/1.1".into(),
        ),
        ("undocumented path".into(), "127.0.0.1", "GET /vendors/vehizen/api/v2/Vehicle HTTP/1.1".into()),
        ("undocumented Ocean path".into(), "127.0.0.1", "GET /vendors/ocean/admin/users HTTP/1.1".into()),
        ("not a GUID".into(), "127.0.0.1", "GET /vendors/vehizen/api/v2/CustomerGroup/abc HTTP/1.1".into()),
        (
            "absolute form".into(),
            "127.0.0.1",
            format!("GET http://127.0.0.1:{}/vendors/ocean/mobility/v1/entities HTTP/1.1", edge.port),
        ),
        (
            "absolute form, other host".into(),
            "127.0.0.1",
            "GET http://evil.example/vendors/ocean/mobility/v1/entities HTTP/1.1".into(),
        ),
        ("foreign Host".into(), "evil.example", format!("GET /vendors/vehizen/api/v2/CustomerGroup/{group} HTTP/1.1")),
        ("static file, POST".into(), "127.0.0.1", "POST /index.html HTTP/1.1".into()),
    ];
    env.clear_request_log()?;
    let mut failures = Vec::new();
    // Signed in: the allow-list holds for people with a session too.
    let cookie = [("Cookie", edge.viewer_cookie())];
    for (what, host, line) in &cases {
        let body = if line.starts_with("POST") { "{}" } else { "" };
        let host = if *host == "127.0.0.1" { edge.host.as_str() } else { host };
        let r = edge.request(line, host, &cookie, body)?;
        if !(400..500).contains(&r.status) {
            failures.push(format!("{what}: {line} → {}", r.status));
        }
    }
    ensure(failures.is_empty(), format!("not refused: {failures:#?}"))?;
    let arrived = env.requests("/")?;
    ensure(arrived.is_empty(), format!("{} refused requests reached the simulator: {arrived:?}", arrived.len()))
}

pub fn edge_injects_credentials_and_strips_client_ones(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    env.clear_request_log()?;
    let client = [
        (VEHIZEN_KEY_HEADER, "client-chosen"),
        ("x-api-key", "client-chosen"),
        ("Cookie", "session=secret"),
        ("Authorization", "Bearer client"),
    ];
    let vz = edge.get(&format!("/vendors/vehizen/api/v2/CustomerGroup/{group}"), &client)?;
    ensure(vz.status == 200, format!("Vehizen with a client key: {}", vz.status))?;
    let em = edge.get("/vendors/emabler/authorised-users/external-id/nobody", &client)?;
    ensure(em.status == 404, format!("eMabler with a client key: {} (the simulator's 404 expected)", em.status))?;
    let oc = edge.get("/vendors/ocean/mobility/v1/entities", &client)?;
    ensure(oc.status == 401, format!("Ocean: {}", oc.status))?;
    // The geocoder: its own paths below the configured URL, the query kept.
    let geo = edge.get("/vendors/geocoder/search?q=rue%20pasteur%20lyon&limit=2", &client)?;
    ensure(geo.status == 200, format!("geocoder: {}", geo.status))?;
    let found: serde_json::Value = serde_json::from_slice(&geo.body).map_err(|e| format!("geocoder answer: {e}"))?;
    ensure(found["features"].as_array().is_some_and(|f| f.len() == 2), format!("geocoder answer {found}"))?;
    ensure(edge.get("/vendors/geocoder/reverse?lat=45.764&lon=4.8357", &client)?.status == 200, "reverse")?;

    let log = env.requests("/")?;
    ensure(log.len() == 5, format!("expected 5 forwarded requests, got {}", log.len()))?;
    ensure(
        log.iter().filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with("/geocoder/"))).count() == 2,
        "the geocoder's calls did not reach /geocoder/search and /geocoder/reverse",
    )?;
    let header = |r: &serde_json::Value, name: &str| -> Vec<String> {
        r["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|h| h[0].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
            .filter_map(|h| h[1].as_str().map(str::to_string))
            .collect()
    };
    for r in &log {
        let path = r["path"].as_str().unwrap_or_default();
        ensure(header(r, "cookie").is_empty(), format!("{path}: a cookie reached the vendor"))?;
        ensure(header(r, "authorization").is_empty(), format!("{path}: Authorization reached the vendor"))?;
        let (vz_key, em_key) = (header(r, VEHIZEN_KEY_HEADER), header(r, "x-api-key"));
        let (want_vz, want_em): (Vec<String>, Vec<String>) = if path.starts_with("/vehizen/") {
            (vec![VEHIZEN_KEY.into()], vec![])
        } else if path.starts_with("/emabler/") {
            (vec![], vec![EMABLER_KEY.into()])
        } else {
            (vec![], vec![])
        };
        ensure(
            vz_key == want_vz && em_key == want_em,
            format!("{path}: keys {vz_key:?} / {em_key:?}, expected {want_vz:?} / {want_em:?}"),
        )?;
    }
    Ok(())
}

pub fn edge_rate_limits_bursts_with_429(edge: &Edge, _env: &Env) -> TestResult {
    let mut statuses = Vec::new();
    for _ in 0..120 {
        statuses.push(edge.get("/vendors/ocean/mobility/v1/entities", &[])?.status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    ensure(limited > 0, format!("120 back-to-back calls, none limited: {statuses:?}"))?;
    ensure(statuses[0] == 401, "the first call should reach Ocean (401 without a token)")?;
    let r = edge.get("/vendors/ocean/mobility/v1/entities", &[])?;
    if r.status == 429 {
        check_security_headers("429", &r)?;
    }
    // Wait out the burst so later tests start with a full bucket.
    std::thread::sleep(std::time::Duration::from_secs(5));
    Ok(())
}

pub fn edge_keeps_upstream_redirects_and_cookies_from_the_browser(edge: &Edge, env: &Env) -> TestResult {
    env.fault(json!({"path": "/ocean/restapi/mobility/v1/entities", "action": {"kind": "status", "status": 302,
        "body": "", "headers": [["Location", "https://evil.example/"]]}}))?;
    let r = edge.get("/vendors/ocean/mobility/v1/entities", &[])?;
    ensure(
        r.status == 502 && r.header("location").is_empty(),
        format!("upstream redirect reached the client: {} {:?}", r.status, r.header("location")),
    )?;
    check_security_headers("redirect refused", &r)?;

    env.fault(json!({"path": "/ocean/restapi/mobility/v1/entities", "action": {"kind": "status", "status": 200,
        "body": "[]", "content_type": "application/json", "headers": [["Set-Cookie", "vendor=1; Path=/"], ["Cache-Control", "max-age=3600"]]}}))?;
    let r = edge.get("/vendors/ocean/mobility/v1/entities", &[])?;
    ensure(r.status == 200, format!("status {}", r.status))?;
    ensure(r.header_count("set-cookie") == 0, "Set-Cookie passed to the browser")?;
    ensure(
        r.header("cache-control") == "no-store",
        format!("vendor's Cache-Control kept: {:?}", r.header("cache-control")),
    )
}

/// No configured credential may be anywhere in what browsers download.
pub fn bundle_holds_no_credentials(edge: &Edge, _env: &Env) -> TestResult {
    let mut files = vec![edge.dist.clone()];
    let mut checked = 0;
    let mut leaks = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).map_err(|e| e.to_string())? {
                files.push(entry.map_err(|e| e.to_string())?.path());
            }
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        checked += 1;
        for secret in [VEHIZEN_KEY, EMABLER_KEY] {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                leaks.push(format!("{secret} in {}", path.display()));
            }
        }
    }
    ensure(checked >= 5, format!("only {checked} files in the bundle"))?;
    ensure(leaks.is_empty(), format!("credentials in the bundle: {leaks:?}"))?;
    // And the check itself can fail: the rendered configuration does hold them.
    let upstream = std::fs::read_to_string(edge.config_dir.join("vehizen-upstream.conf")).map_err(|e| e.to_string())?;
    ensure(upstream.contains(VEHIZEN_KEY), "rendered configuration lacks the key the scan looks for")
}

/// The benchmark's entry points (`src/bench_hooks.rs`, cargo feature
/// `bench`) are in no file of the production bundle.
pub fn bundle_has_no_benchmark_exports(edge: &Edge, _env: &Env) -> TestResult {
    const EXPORTS: [&str; 4] =
        ["bench_decode_driver_tree", "bench_release_decoded", "bench_body_read", "wasm_memory_bytes"];
    let found_in = |dir: &std::path::Path| -> Result<Vec<String>, String> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let is_code = path.extension().is_some_and(|e| e == "js" || e == "wasm");
            if !is_code {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            for name in EXPORTS.iter().filter(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes())) {
                found.push(format!("{name} in {}", path.display()));
            }
        }
        Ok(found)
    };
    let in_production = found_in(&edge.dist)?;
    ensure(in_production.is_empty(), format!("benchmark exports in the production bundle: {in_production:?}"))?;
    // And the check itself can fail: the test build (`--features bench`) has them all.
    let test_build = found_in(&fleet_e2e::repo_root().join("target/e2e-dist"))?;
    ensure(test_build.len() >= EXPORTS.len(), format!("the test build's exports not found: {test_build:?}"))
}

/// The pages load under the production policy with no violation reported.
pub async fn edge_pages_load_with_zero_csp_violations(b: &Browser, _env: &Env) -> TestResult {
    let mut violations = Vec::new();
    for path in ["/groups", "/drivers", "/map", "/connections", "/no-such-page"] {
        b.goto(path).await?;
        b.wait_for("nav").await?;
        // The wasm app ran: its inline bootstrap script passed the nonce check.
        b.wait_for("main").await?;
        violations.extend(b.log_messages().await?.into_iter().filter(|m| m.contains("Content Security Policy")));
    }
    ensure(violations.is_empty(), format!("CSP violations: {violations:#?}"))
}

/// The other files' page tests, run again through the edge as a viewer.
pub fn smoke_tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    use crate::*;
    fleet_e2e::browser_tests![
        groups_page_lists_pinned_groups,
        drivers_page_shows_the_tree,
        map_page_searches_after_ocean_login,
        connections_page_checks_each_vendor,
        edge_pages_load_with_zero_csp_violations,
    ]
}

/// This file's tests of the edge itself (no browser).
pub fn tests() -> Vec<(&'static str, crate::EdgeTest)> {
    vec![
        ("edge_sets_headers_on_every_kind_of_response", edge_sets_headers_on_every_kind_of_response),
        (
            "edge_refuses_traversal_foreign_methods_paths_and_hosts",
            edge_refuses_traversal_foreign_methods_paths_and_hosts,
        ),
        ("edge_injects_credentials_and_strips_client_ones", edge_injects_credentials_and_strips_client_ones),
        (
            "edge_keeps_upstream_redirects_and_cookies_from_the_browser",
            edge_keeps_upstream_redirects_and_cookies_from_the_browser,
        ),
        ("edge_rate_limits_bursts_with_429", edge_rate_limits_bursts_with_429),
        ("bundle_holds_no_credentials", bundle_holds_no_credentials),
        ("bundle_has_no_benchmark_exports", bundle_has_no_benchmark_exports),
    ]
}
