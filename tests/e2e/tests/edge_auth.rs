//! The production edge's sign-in perimeter: real nginx, real LemonLDAP::NG
//! (people and groups in OpenLDAP), sessions in a real Redis, over HTTPS,
//! headless Chromium. Nothing is
//! mocked; the simulator's request log proves what reached a "vendor".

use std::time::Duration;

use fleet_e2e::edge::{alive, password, Edge, EDITOR, OTHER_VIEWER, VIEWER};
use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::{json, Value};

use fleet_e2e::fixtures::{pinned_ids, VEHIZEN_AUTH};

pub(crate) const GROUPS: &str = "/vendors/vehizen/api/v2/CustomerGroup";

/// Headers of the console's own write, as Chromium sends them.
pub(crate) fn same_origin<'a>(cookie: &'a str, origin: &'a str) -> [(&'a str, &'a str); 3] {
    [("Cookie", cookie), ("Sec-Fetch-Site", "same-origin"), ("Origin", origin)]
}

pub(crate) fn group_body(env: &Env, id: &str) -> Result<String, String> {
    // As sent (not re-serialised): the audit log reads the leading "Id".
    let (status, body) = env.sim_get(&format!("/vehizen/api/v2/CustomerGroup/{id}"), &[VEHIZEN_AUTH])?;
    ensure(status == 200, format!("simulator group {id}: {status}"))?;
    Ok(body)
}

/// Every path of the console, and every vendor operation with every method,
/// without a session (and with a forged one): never a 2xx, nothing reaches
/// the simulator. nginx's `return` runs before `auth_request`, so every
/// location that answers by itself is in this list.
pub fn edge_refuses_everything_without_a_session(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let wasm = std::fs::read_dir(&edge.dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with("_bg.wasm"))
        .ok_or("no wasm in the bundle")?;
    let paths = vec![
        "/".to_string(),
        "/index.html".into(),
        "/groups".into(),
        "/config.json".into(),
        format!("/{wasm}"),
        "/leaflet/leaflet.css".into(),
        "/auth/me".into(),
        "/_fleet_auth".into(),
        "/vendors/".into(),
        "/vendors/nothing".into(),
        format!("{GROUPS}/{group}"),
        GROUPS.into(),
        "/vendors/emabler/authorised-users".into(),
        "/vendors/emabler/authorised-users/external-id/DRV-1".into(),
        "/vendors/ocean/auth/authenticate2".into(),
        "/vendors/ocean/mobility/v1/entities".into(),
        "/vendors/ocean/vehicule_engin/vehicles".into(),
        "/vendors/ocean/vehicule_engin/nearestVehicles".into(),
        "/vendors/ocean/vehicule_engin/nearestVehicles?radius=10&latitude=48.8&longitude=2.3".into(),
        "/vendors/geocoder/search?q=rue%20pasteur%20lyon".into(),
        "/vendors/geocoder/reverse?lat=45.76&lon=4.83".into(),
    ];
    env.clear_request_log()?;
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &paths {
        for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"] {
            for cookie in [None, Some("lemonldap=0000000000000000000000000000000000000000000000000000000000000000")] {
                let mut headers = vec![("Sec-Fetch-Site", "same-origin")];
                if let Some(c) = cookie {
                    headers.push(("Cookie", c));
                }
                let line = format!("{method} {path} HTTP/1.1");
                let r = edge.anonymous(&line, &headers)?;
                checked += 1;
                if (200..300).contains(&r.status)
                    || (300..400).contains(&r.status) && !r.header("location").contains(&edge.portal_host)
                {
                    failures.push(format!(
                        "{line} (cookie: {}) → {} {:?}",
                        cookie.is_some(),
                        r.status,
                        r.header("location")
                    ));
                }
            }
        }
    }
    ensure(failures.is_empty(), format!("answered without a session: {failures:#?}"))?;
    ensure(checked >= 200, format!("only {checked} requests checked"))?;
    // The console's pages send a browser to the portal, with the way back.
    let page = edge.anonymous("GET /groups/abc?x=1 HTTP/1.1", &[])?;
    ensure(
        page.status == 302 && page.header("location").starts_with(&format!("https://{}/?url=", edge.portal_host)),
        format!("page without a session: {} {:?}", page.status, page.header("location")),
    )?;
    // A call gets the edge's own answer, which the app recognises.
    let call = edge.anonymous(&format!("GET {GROUPS}/{group} HTTP/1.1"), &[])?;
    ensure(
        call.status == 401 && call.header("x-fleet-edge") == "sign-in-required",
        format!("call without a session: {} {:?}", call.status, call.header("x-fleet-edge")),
    )?;
    let arrived = env.requests("/")?;
    ensure(
        arrived.is_empty(),
        format!("{} requests without a session reached the simulator: {arrived:?}", arrived.len()),
    )
}

/// A viewer reads; their write is refused by the edge and never arrives. An
/// editor's write passes and is recorded with their name.
pub fn edge_enforces_roles_and_records_writes(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.get(2).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let origin = edge.url.clone();
    let viewer = edge.sign_in_as(OTHER_VIEWER)?;
    let editor = edge.sign_in_as(EDITOR)?;

    let me = edge.request("GET /auth/me HTTP/1.1", &edge.host, &[("Cookie", &viewer)], "")?;
    let me: Value = serde_json::from_str(&me.text()).map_err(|e| format!("/auth/me: {e}: {}", me.text()))?;
    ensure(
        me["user"] == OTHER_VIEWER && me["role"] == "viewer" && me["name"] == "Mickey Smith",
        format!("viewer's /auth/me: {me}"),
    )?;
    let read = edge.request(&format!("GET {GROUPS}/{group} HTTP/1.1"), &edge.host, &[("Cookie", &viewer)], "")?;
    ensure(read.status == 200, format!("a viewer reads: {}", read.status))?;

    env.clear_request_log()?;
    let before = edge.audit_lines()?.len();
    for method in ["PUT", "POST"] {
        let r =
            edge.request(&format!("{method} {GROUPS} HTTP/1.1"), &edge.host, &same_origin(&viewer, &origin), &body)?;
        ensure(
            r.status == 403 && r.header("x-fleet-edge") == "role-required",
            format!("viewer's {method}: {} {:?}", r.status, r.header("x-fleet-edge")),
        )?;
    }
    let arrived = env.requests("/vehizen/")?;
    ensure(arrived.is_empty(), format!("a viewer's write reached Vehizen: {arrived:?}"))?;

    let me = edge.request("GET /auth/me HTTP/1.1", &edge.host, &[("Cookie", &editor)], "")?;
    ensure(
        me.text().contains("\"role\":\"editor\"") && me.text().contains("\"name\":\"Doctor Who\""),
        format!("editor's /auth/me: {}", me.text()),
    )?;
    let saved = edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &same_origin(&editor, &origin), &body)?;
    ensure(saved.status == 200, format!("editor's PUT: {} {}", saved.status, saved.text()))?;
    let puts = env.requests("/vehizen/api/v2/CustomerGroup")?;
    ensure(
        puts.len() == 1 && puts[0]["method"] == "PUT",
        format!("expected the editor's one PUT at Vehizen: {puts:?}"),
    )?;

    // The audit log: who, when, what, with which outcome.
    let lines = edge.audit_lines_since(before, 3)?;
    let refused: Vec<&Value> = lines.iter().filter(|l| l["status"] == "403").collect();
    ensure(refused.len() >= 2, format!("refused writes not recorded: {lines:?}"))?;
    let done = lines
        .iter()
        .rev()
        .find(|l| l["status"] == "200" && l["method"] == "PUT" && l["group"] == group.as_str())
        .ok_or(format!("the save is not in the audit log: {lines:?}"))?;
    ensure(
        done["user"] == EDITOR
            && done["role"] == "editor"
            && done["group"] == group.as_str()
            && done["path"] == GROUPS
            && done["vendor_status"] == "200",
        format!("audit line: {done}"),
    )?;
    let time = done["time"].as_str().unwrap_or_default();
    ensure(time.len() >= 20 && time.starts_with("20"), format!("audit time {time:?}"))
}

/// Writes only as JSON from the console's own pages: another site's form
/// (cross-site, or form-encoded, or text/plain) gets 403 and never arrives.
pub fn edge_refuses_forged_writes(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.get(2).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let editor = edge.sign_in_as(EDITOR)?;
    env.clear_request_log()?;
    // What is tried, its request headers, its content type.
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "cross-site fetch",
            vec![("Cookie", &editor), ("Sec-Fetch-Site", "cross-site"), ("Origin", "http://evil.localhost")],
            "application/json",
        ),
        (
            "same-site, other origin",
            vec![("Cookie", &editor), ("Sec-Fetch-Site", "same-site"), ("Origin", "http://evil.console.localhost")],
            "application/json",
        ),
        (
            "no Sec-Fetch-Site, foreign Origin",
            vec![("Cookie", &editor), ("Origin", "http://evil.localhost")],
            "application/json",
        ),
        ("no Sec-Fetch-Site, no Origin", vec![("Cookie", &editor)], "application/json"),
        ("text/plain from the console", vec![("Cookie", &editor), ("Sec-Fetch-Site", "same-origin")], "text/plain"),
        (
            "a cross-site HTML form",
            vec![("Cookie", &editor), ("Sec-Fetch-Site", "cross-site"), ("Origin", "null")],
            "application/x-www-form-urlencoded",
        ),
        (
            "multipart form",
            vec![("Cookie", &editor), ("Sec-Fetch-Site", "same-origin")],
            "multipart/form-data; boundary=x",
        ),
    ];
    for (what, headers, content_type) in &cases {
        for method in ["POST", "PUT"] {
            let r = edge.request_with_type(
                &format!("{method} {GROUPS} HTTP/1.1"),
                &edge.host,
                headers,
                content_type,
                &body,
            )?;
            ensure(r.status == 403, format!("{what} ({method}): {} instead of 403", r.status))?;
        }
    }
    let arrived = env.requests("/")?;
    ensure(arrived.is_empty(), format!("forged writes reached the simulator: {arrived:?}"))?;
    // The same write, as the console sends it, passes (the refusals above are not just "any write fails").
    let origin = edge.url.clone();
    let ok = edge.request_with_type(
        &format!("PUT {GROUPS} HTTP/1.1"),
        &edge.host,
        &[("Cookie", &editor), ("Origin", &origin)],
        "application/json; charset=utf-8",
        &body,
    )?;
    ensure(ok.status == 200, format!("same-origin JSON by Origin: {}", ok.status))
}

/// A burst of Ocean sign-ins from one address gets 429 after a few, before
/// the other vendor calls' limit; a vendor's CORS grant never reaches the
/// browser.
pub fn edge_limits_ocean_sign_ins_and_strips_cors(edge: &Edge, env: &Env) -> TestResult {
    let cookie = edge.viewer_cookie().to_string();
    let login = json!({"login": "demo", "password": "wrong"}).to_string();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let r = edge.request(
            "POST /vendors/ocean/auth/authenticate2 HTTP/1.1",
            &edge.host,
            &[("Cookie", &cookie)],
            &login,
        )?;
        statuses.push(r.status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    ensure(statuses[0] != 429 && limited >= 3, format!("8 sign-ins in a row: {statuses:?}"))?;
    let reached = env.requests("/ocean/restapi/auth/authenticate2")?.len();
    ensure(reached <= 4, format!("{reached} of 8 sign-in attempts reached Ocean"))?;

    env.fault(json!({"path": "/ocean/restapi/mobility/v1/entities", "action": {"kind": "status", "status": 200, "body": "[]",
        "content_type": "application/json", "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Credentials", "true"],
        ["Access-Control-Expose-Headers", "X-AUTH-TOKEN"], ["X-Fleet-Edge", "sign-in-required"]]}}))?;
    let r = edge.get("/vendors/ocean/mobility/v1/entities", &[("Origin", "http://evil.localhost")])?;
    ensure(r.status == 200, format!("entities: {}", r.status))?;
    for h in ["access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers"] {
        ensure(r.header_count(h) == 0, format!("the vendor's {h} reached the browser"))?;
    }
    ensure(r.header_count("x-fleet-edge") == 0, "a vendor could forge the edge's sign-in header")?;

    // The CSP nonce is written into HTML only, never into a vendor's answer.
    let placeholder = "{{__TRUNK NONCE__}}";
    for content_type in ["application/json", "text/html"] {
        env.fault(json!({"path": "/ocean/restapi/mobility/v1/entities", "action": {"kind": "status", "status": 200,
            "body": format!("[{{\"label\":\"{placeholder}\"}}]"), "content_type": content_type}}))?;
        let r = edge.get("/vendors/ocean/mobility/v1/entities", &[])?;
        ensure(r.text().contains(placeholder), format!("a {content_type} vendor answer was rewritten: {}", r.text()))?;
    }
    Ok(())
}

/// Two nodes, one Redis: a session opened through node A works on node B,
/// and a sign-out on B holds on A at once.
pub fn edge_nodes_share_sessions_through_redis(edge: &Edge, env: &Env) -> TestResult {
    let b = edge.start_sibling(env, "b", &[])?;
    let cookie = edge.sign_in_as(EDITOR)?;
    let me_on_b = b.request("GET /auth/me HTTP/1.1", &b.host, &[("Cookie", &cookie)], "")?;
    ensure(
        me_on_b.status == 200 && me_on_b.text().contains("\"user\":\"dwho\""),
        format!("node B does not know A's session: {} {}", me_on_b.status, me_on_b.text()),
    )?;

    let group = pinned_ids()?.get(3).cloned().ok_or("no pinned group")?;
    let read = b.request(&format!("GET {GROUPS}/{group} HTTP/1.1"), &b.host, &[("Cookie", &cookie)], "")?;
    ensure(read.status == 200, format!("read through B: {}", read.status))?;
    env.clear_request_log()?;
    let origin = b.url.clone();
    let saved = b.request(&format!("PUT {GROUPS} HTTP/1.1"), &b.host, &same_origin(&cookie, &origin), &read.text())?;
    ensure(saved.status == 200, format!("save through B: {} {}", saved.status, saved.text()))?;
    ensure(env.requests("/vehizen/api/v2/CustomerGroup")?.len() == 1, "B's save did not reach Vehizen")?;
    let audit = b.audit_lines_since(0, 1)?;
    ensure(audit.iter().any(|l| l["user"] == EDITOR && l["status"] == "200"), format!("B's audit log: {audit:?}"))?;

    let out = b.sign_out(&cookie)?;
    ensure(out.status < 400, format!("sign-out on B: {}", out.status))?;
    for (node, name) in [(edge, "A"), (&b, "B")] {
        let after = node.request("GET /auth/me HTTP/1.1", &node.host, &[("Cookie", &cookie)], "")?;
        ensure(
            after.status == 401,
            format!("node {name} still accepts the session after sign-out on B: {}", after.status),
        )?;
        let call = node.request(&format!("GET {GROUPS}/{group} HTTP/1.1"), &node.host, &[("Cookie", &cookie)], "")?;
        ensure(call.status == 401, format!("node {name}: a vendor call after sign-out: {}", call.status))?;
    }
    Ok(())
}

/// render.sh refuses every unsafe value, one at a time, before writing
/// anything an nginx would load.
pub fn render_refuses_unsafe_values(edge: &Edge, _env: &Env) -> TestResult {
    let root = fleet_e2e::repo_root();
    let out = std::env::temp_dir().join(format!("fleet-e2e-render-{}", std::process::id()));
    let good: Vec<(&str, String)> = vec![
        ("VEHIZEN_URL", "http://127.0.0.1:1/vehizen/".into()),
        ("VEHIZEN_KEY_HEADER", "X-Vehizen-Key".into()),
        ("VEHIZEN_KEY", "k1".into()),
        ("EMABLER_URL", "http://127.0.0.1:1/emabler/".into()),
        ("EMABLER_KEY", "k2".into()),
        ("OCEAN_URL", "http://127.0.0.1:1/ocean/".into()),
        ("FLEET_DIST", edge.dist.display().to_string()),
        ("FLEET_SERVER_NAME", "console.localhost".into()),
        ("FLEET_OUT", out.display().to_string()),
        ("LLNG_PORTAL_URL", "https://auth.console.localhost/".into()),
        ("LLNG_COOKIE_DOMAIN", "console.localhost".into()),
        ("LLNG_AUTH_BACKEND", "Demo".into()),
        ("FLEET_LISTEN", "127.0.0.1:8443".into()),
        // The suite's build is of the working tree (checked below without it).
        ("FLEET_ALLOW_DIRTY_BUILD", "1".into()),
        ("FLEET_HTTP_LISTEN", "127.0.0.1:8090".into()),
        ("FLEET_TLS_CERT", edge.shared.pki.join("server.crt").display().to_string()),
        ("FLEET_TLS_KEY", edge.shared.pki.join("server.key").display().to_string()),
        ("LLNG_STATE_DIR", out.join("state").display().to_string()),
    ];
    let run = |overrides: &[(&str, &str)], removed: &[&str]| -> Result<(i32, String), String> {
        let mut cmd = std::process::Command::new("bash");
        cmd.arg(root.join("deploy/nginx/render.sh")).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &good {
            if !removed.contains(k) {
                cmd.env(k, v);
            }
        }
        for (k, v) in overrides {
            cmd.env(k, v);
        }
        let o = cmd.output().map_err(|e| e.to_string())?;
        Ok((o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned()))
    };
    let (code, err) = run(&[], &[])?;
    ensure(code == 0, format!("the good values are refused: {err}"))?;
    let bad: Vec<(&str, &str)> = vec![
        ("VEHIZEN_KEY", "a$b"),
        ("EMABLER_KEY", "a;b"),
        ("VEHIZEN_KEY_HEADER", "X-Key: y"),
        ("VEHIZEN_URL", "http://host/$uri"),
        ("OCEAN_URL", "file:///etc/passwd"),
        ("FLEET_SERVER_NAME", "a.example; include /etc/shadow"),
        ("FLEET_OUT", "relative/dir"),
        ("FLEET_DIST", "/tmp/../etc"),
        ("FLEET_LISTEN", "8080; user root"),
        ("FLEET_ERROR_LOG", "/var/log/x.log; include /x"),
        ("FLEET_ACCESS_LOG", "/var/log/x log"),
        ("FLEET_AUDIT_LOG", "/var/log/${x}"),
        ("FLEET_MIME_TYPES", "/etc/nginx/mime.types;"),
        ("FLEET_CA_FILE", "/etc/ssl/x'y.crt"),
        ("FLEET_RUNTIME_DIR", "/tmp/a b"),
        ("FLEET_TILE_ORIGIN", "http://tiles.example"),
        ("FLEET_PUBLIC_ORIGIN", "https://console.example/$x"),
        ("FLEET_RATE", "10r/s burst=9"),
        ("FLEET_LOGIN_RATE", "5"),
        ("GEOCODER_URL", "file:///etc/passwd"),
        ("GEOCODER_SEARCH_PATH", "../admin"),
        ("GEOCODER_REVERSE_PATH", "reverse?x=1"),
        ("FLEET_GEOCODER_RATE", "40"),
        ("FLEET_GEOCODER_BURST", "20; x"),
        ("FLEET_USER", "root; daemon off"),
        ("FLEET_BROTLI_MODULE", "x.so"),
        ("LLNG_PORTAL_URL", "http://auth.console.localhost/$x"),
        ("LLNG_COOKIE_DOMAIN", "other.example"),
        ("LLNG_AUTH_BACKEND", "Nothing"),
        ("LLNG_EDITOR_RULE", "1; system('x') {"),
        ("LLNG_SESSIONS", "memory"),
        ("LLNG_SESSION_TIMEOUT", "soon"),
        ("LLNG_STATE_DIR", "state"),
        ("LLNG_USER", "www data"),
        ("VEHIZEN_KEY_FILE", "/nonexistent/key"),
        // TLS by default: plain http only for loopback names.
        ("FLEET_PUBLIC_ORIGIN", "http://console.localhost:8443"),
        // A name under .localhost is loopback to a browser, not to nginx's resolver.
        ("VEHIZEN_URL", "http://vendor.localhost/"),
        ("VEHIZEN_URL", "http://vehizen.example/"),
        ("OCEAN_URL", "http://10.0.0.7:8080/restapi/"),
        ("GEOCODER_URL", "http://data.geopf.fr/geocodage/"),
        ("FLEET_TLS_CERT", "/nonexistent/cert.pem"),
        ("FLEET_TLS_KEY", "/etc/hostname"),
        ("FLEET_HTTP_LISTEN", "80; return 200"),
        // Demo (password = login) only on loopback.
        ("FLEET_LISTEN", "0.0.0.0:8443"),
        ("FLEET_LISTEN", "443"),
        // Sessions and rules.
        ("LLNG_VIEWER_RULE", "1; system('x')"),
        ("LLNG_INACTIVITY_TIMEOUT", "999999"),
        ("LLNG_SAMESITE", "None"),
        ("LLNG_BRUTE_FORCE_LOCK_TIMES", "1; x"),
        ("LLNG_BRUTE_FORCE_MAX_FAILED", "0"),
        ("FLEET_PORTAL_RATE", "10"),
    ];
    let mut accepted = Vec::new();
    for (k, v) in &bad {
        let removed: &[&str] = if *k == "VEHIZEN_KEY_FILE" { &["VEHIZEN_KEY"] } else { &[] };
        let (code, err) = run(&[(k, v)], removed)?;
        if code != 2 || !err.contains("render.sh:") {
            accepted.push(format!("{k}={v:?}: exit {code} {err}"));
        }
    }
    // A directory or portal off loopback without TLS.
    let public = [
        ("FLEET_SERVER_NAME", "console.example.com"),
        ("LLNG_COOKIE_DOMAIN", "example.com"),
        ("FLEET_PUBLIC_ORIGIN", "https://console.example.com"),
        ("LLNG_PORTAL_URL", "https://auth.example.com/"),
        ("LLNG_AUTH_BACKEND", "LDAP"),
        ("LLNG_LDAP_SERVER", "ldaps://ldap.example.com"),
        ("LLNG_LDAP_BASE", "dc=example,dc=com"),
    ];
    let (code, err) = run(&public, &[])?;
    ensure(code == 0, format!("a public LDAP edge over TLS is refused: {err}"))?;
    for (k, v) in [
        ("LLNG_PORTAL_URL", "http://auth.example.com/"),
        ("LLNG_LDAP_SERVER", "ldap://ldap.example.com"),
        ("LLNG_LDAP_SERVER", "ldaps://ldap.example.com ldap://ldap2.example.com"),
    ] {
        let mut cased = public.to_vec();
        cased.retain(|(name, _)| name != &k);
        cased.push((k, v));
        let (code, err) = run(&cased, &[])?;
        if code != 2 || !err.contains("render.sh:") {
            accepted.push(format!("public edge, {k}={v:?}: exit {code} {err}"));
        }
    }
    // Only a release build of this commit.
    let fake = out.with_extension("dist");
    std::fs::create_dir_all(&fake).map_err(|e| e.to_string())?;
    std::fs::write(fake.join("index.html"), "<script nonce=\"{{__TRUNK NONCE__}}\"></script>")
        .map_err(|e| e.to_string())?;
    let head = std::fs::read_to_string(edge.dist.join("build-info.json")).map_err(|e| e.to_string())?;
    let commit = head.split("\"commit\":\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
    let dirty = format!("{{\"profile\":\"release\",\"commit\":\"{commit}\",\"dirty\":true}}");
    for (what, info) in [
        ("a build of uncommitted changes", dirty),
        ("a debug build", format!("{{\"profile\":\"debug\",\"commit\":\"{commit}\",\"dirty\":false}}")),
        (
            "another commit",
            "{\"profile\":\"release\",\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"dirty\":false}".into(),
        ),
        ("no build info", String::new()),
    ] {
        let _ = std::fs::remove_file(fake.join("build-info.json"));
        if !info.is_empty() {
            std::fs::write(fake.join("build-info.json"), info).map_err(|e| e.to_string())?;
        }
        let (code, err) = run(&[("FLEET_DIST", &fake.display().to_string())], &["FLEET_ALLOW_DIRTY_BUILD"])?;
        if code != 2 || !err.contains("render.sh:") {
            accepted.push(format!("{what}: exit {code} {err}"));
        }
    }
    let _ = std::fs::remove_dir_all(&fake);
    let (code, _) = run(&[], &["FLEET_OUT"])?;
    ensure(code == 2, "render.sh must not choose an output directory itself (it would land in the working tree)")?;
    let _ = std::fs::remove_dir_all(&out);
    ensure(accepted.is_empty(), format!("unsafe values accepted: {accepted:#?}"))
}

/// A new user's first visit: the portal, a wrong password, then the console
/// with their name; as a viewer, nothing offers to write.
pub async fn edge_sign_in_through_the_portal_as_a_viewer(b: &Browser, edge: &Edge) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    b.goto("/groups").await?;
    b.wait_host("auth.console.localhost").await?;
    b.wait_for("input[name=user]").await?;
    b.screenshot("edge-portal").await?;
    b.submit_portal_form(VIEWER, "not-the-password").await?;
    b.wait_for("input[name=user]").await?;
    let page = b.text("body").await?;
    ensure(b.host().await?.starts_with("auth.console.localhost"), "a wrong password left the portal")?;
    ensure(
        page.to_lowercase().contains("wrong")
            || page.to_lowercase().contains("incorrect")
            || page.contains("identifiant"),
        format!("no error on the portal: {page}"),
    )?;
    b.submit_portal_form(VIEWER, &password(VIEWER)).await?;
    b.wait_host(&edge.host).await?;
    b.wait_path("back on the page asked for", |p| p == "/groups").await?;
    ensure(b.text("[data-test=signed-in-name]").await? == "Rose Tyler", "the top bar does not name the viewer")?;
    ensure(b.text("[data-test=signed-in-role]").await?.contains("viewer"), "the top bar does not say viewer")?;
    b.wait_for("[data-test=sign-out]").await?;
    b.wait_for("[data-test=pinned-groups] li").await?;
    ensure(b.count("[data-test=new-group]").await? == 0, "a viewer is offered New group")?;
    ensure(
        b.text("[data-test=viewer-cannot-create]").await?.contains("viewer"),
        "no sentence says why New group is absent",
    )?;
    b.screenshot("edge-viewer-groups").await?;
    b.goto(&format!("/groups/{group}")).await?;
    b.wait_for("[data-test=group-vehicles] tbody tr").await?;
    let save = b.wait_for("[data-test=save]").await?;
    ensure(save.attr("disabled").await.map_err(|e| e.to_string())?.is_some(), "Save is enabled for a viewer")?;
    ensure(
        b.text("[data-test=viewer-cannot-save]").await?.contains("only editors"),
        "no sentence says why Save is off",
    )?;
    b.screenshot("edge-viewer-group").await
}

/// An editor's sign-in ends mid-edit (signed out in another tab): the save
/// meets the edge's "not signed in", the app offers to sign in again, and
/// after the portal the draft is offered on the same page.
pub async fn edge_sign_out_mid_edit_keeps_the_draft(b: &Browser, edge: &Edge) -> TestResult {
    let group = pinned_ids()?.get(5).cloned().ok_or("need six pinned groups")?;
    b.goto(&format!("/groups/{group}")).await?;
    b.wait_host("auth.console.localhost").await?;
    b.submit_portal_form(EDITOR, &password(EDITOR)).await?;
    b.wait_host(&edge.host).await?;
    b.wait_path("back on the group", |p| p.ends_with(&group)).await?;
    ensure(b.text("[data-test=signed-in-role]").await?.contains("editor"), "the top bar does not say editor")?;
    b.wait_for("#group-name-input").await?;
    let original = b.value("#group-name-input").await?;
    let edited = format!("{original} — edited before sign-out");
    b.fill("#group-name-input", &edited).await?;
    tokio::time::sleep(Duration::from_millis(900)).await; // autosave

    // Sign out in another tab, with the link the top bar offers.
    let sign_out = b
        .wait_for("[data-test=sign-out]")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no sign-out link")?;
    let console_tab = b.client.window().await.map_err(|e| e.to_string())?;
    let tab = b.client.new_window(true).await.map_err(|e| e.to_string())?;
    b.client.switch_to_window(tab.handle).await.map_err(|e| e.to_string())?;
    b.client.goto(&sign_out).await.map_err(|e| e.to_string())?;
    b.wait_for("body").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.client.close_window().await.map_err(|e| e.to_string())?;
    b.client.switch_to_window(console_tab).await.map_err(|e| e.to_string())?;

    b.click("[data-test=save]").await?;
    b.wait_for("[data-test=sign-in-again-banner]").await?;
    let error = b.text("[data-test=save-status]").await?;
    ensure(error.contains("sign-in has ended"), format!("the failed save does not say why: {error}"))?;
    ensure(b.value("#group-name-input").await? == edited, "the form lost the edit")?;
    b.screenshot("edge-sign-in-again").await?;
    b.click("[data-test=sign-in-again]").await?;
    b.wait_host("auth.console.localhost").await?;
    b.submit_portal_form(EDITOR, &password(EDITOR)).await?;
    b.wait_path("back on the group after signing in again", |p| p.ends_with(&group)).await?;
    b.wait_for("[data-test=draft-offer]").await?;
    b.click("[data-test=restore-draft]").await?;
    ensure(b.value("#group-name-input").await? == edited, "the draft did not survive the round trip")?;
    ensure(b.count("[data-test=sign-in-again-banner]").await? == 0, "the banner stays after signing in again")?;

    // The save itself, as the browser sends it (HTTP/2, through the body
    // check): it lands, and the audit log names the editor and the group.
    let before = edge.audit_lines()?.len();
    b.click("[data-test=save]").await?;
    b.wait_text("[data-test=toasts]", "saved", 15).await?;
    let lines = edge.audit_lines_since(before, 1)?;
    ensure(
        lines.iter().any(|l| l["status"] == "200" && l["user"] == EDITOR && l["group"] == group.as_str()),
        format!("the browser's save is not in the audit log as dwho's, naming {group}: {lines:?}"),
    )
}

/// Stopping a node ends nginx's master and its workers, and LL::NG's
/// manager and its FastCGI workers: no process outlives the harness.
pub fn edge_stops_every_process_it_started(edge: &Edge, env: &Env) -> TestResult {
    let node = edge.start_sibling(env, "stop", &[])?;
    let started = node.processes();
    // Masters and at least one worker each.
    ensure(started.len() >= 4, format!("expected two masters and their workers, found {started:?}"))?;
    drop(node);
    let left: Vec<u32> = started.into_iter().filter(|p| alive(*p)).collect();
    ensure(left.is_empty(), format!("still running after the stop: {left:?}"))
}

/// The sign-in through the portal's form, in the browser.
pub fn portal_tests() -> Vec<(&'static str, crate::PortalTest)> {
    vec![
        ("edge_sign_in_through_the_portal_as_a_viewer", |b, e| {
            Box::pin(edge_sign_in_through_the_portal_as_a_viewer(b, e))
        }),
        ("edge_sign_out_mid_edit_keeps_the_draft", |b, e| Box::pin(edge_sign_out_mid_edit_keeps_the_draft(b, e))),
    ]
}

/// This file's tests of the sign-in (no browser); the Ocean sign-in limit
/// last, since its burst empties this address's bucket for a minute.
pub fn tests() -> Vec<(&'static str, crate::EdgeTest)> {
    vec![
        ("edge_refuses_everything_without_a_session", edge_refuses_everything_without_a_session),
        ("edge_enforces_roles_and_records_writes", edge_enforces_roles_and_records_writes),
        ("edge_refuses_forged_writes", edge_refuses_forged_writes),
        ("edge_nodes_share_sessions_through_redis", edge_nodes_share_sessions_through_redis),
        ("edge_stops_every_process_it_started", edge_stops_every_process_it_started),
        ("edge_render_refuses_unsafe_values", render_refuses_unsafe_values),
        ("edge_limits_ocean_sign_ins_and_strips_cors", edge_limits_ocean_sign_ins_and_strips_cors),
    ]
}
