//! The perimeter, tried as an attacker would: writes decided on the path
//! nginx routes (never the raw bytes), only allow-listed headers and query
//! parameters reaching a vendor, password guessing stopped, sessions that
//! end when idle. Real nginx, real LemonLDAP::NG, the simulator's request
//! log as the proof of what arrived.

use std::time::{Duration, Instant};

use crate::edge_auth::{group_body, same_origin, GROUPS};
use fleet_e2e::edge::{password, Edge, Response, BRUTE_FORCE_LOCK_TIMES, EDITOR, NOBODY, OTHER_VIEWER, VIEWER};
use fleet_e2e::fixtures::pinned_ids;
use fleet_e2e::{ensure, Browser, Env, TestResult};
use serde_json::Value;

/// LemonLDAP::NG's PE_WAIT: "wait before trying again".
const PE_WAIT: i64 = 86;
/// LemonLDAP::NG's PE_BADCREDENTIALS.
const PE_BADCREDENTIALS: i64 = 5;
/// Wrong passwords before the lock (render.sh's LLNG_BRUTE_FORCE_MAX_FAILED default).
const MAX_FAILED: usize = 3;

/// An editor's group write with an X-Forwarded-For of the test's choosing:
/// the audit lines it added (one, when it passed).
fn audited_write_forwarded_for(edge: &Edge, cookie: &str, body: &str, client: &str) -> Result<Vec<Value>, String> {
    let before = edge.audit_lines()?.len();
    let headers = [("Cookie", cookie), ("Sec-Fetch-Site", "same-origin"), ("X-Forwarded-For", client)];
    let saved = edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &headers, body)?;
    ensure(saved.status == 200, format!("a write with X-Forwarded-For {client}: {}", saved.status))?;
    edge.audit_lines_since(before, 1)
}

/// Every other spelling of the group write path that an attacker could
/// hope nginx decodes to it, or that slips past a byte-for-byte rule.
fn write_path_spellings() -> Vec<String> {
    let mut spellings = Vec::new();
    // Each letter and digit percent-encoded, upper- and lower-case hex.
    for (i, c) in GROUPS.char_indices().filter(|(_, c)| c.is_ascii_alphanumeric()) {
        let (head, tail) = (&GROUPS[..i], &GROUPS[i + 1..]);
        spellings.push(format!("{head}%{:02X}{tail}", c as u8));
        spellings.push(format!("{head}%{:02x}{tail}", c as u8));
    }
    spellings.extend(
        [
            // Case.
            "/vendors/vehizen/api/v2/customergroup",
            "/vendors/vehizen/api/v2/CUSTOMERGROUP",
            "/vendors/vehizen/api/v2/customerGroup",
            "/Vendors/vehizen/api/v2/CustomerGroup",
            "/vendors/Vehizen/api/V2/CustomerGroup",
            // Doubled slashes, dot segments, a trailing slash.
            "//vendors/vehizen/api/v2/CustomerGroup",
            "/vendors//vehizen/api/v2/CustomerGroup",
            "/vendors/vehizen/api/v2//CustomerGroup",
            "/vendors/vehizen/./api/v2/CustomerGroup",
            "/vendors/vehizen/api/v2/./CustomerGroup",
            "/./vendors/vehizen/api/v2/CustomerGroup",
            "/vendors/vehizen/api/x/../v2/CustomerGroup",
            "/vendors/vehizen/api/v2/CustomerGroup/",
            "/vendors/vehizen/api/v2/CustomerGroup/.",
            "/vendors/vehizen/api/v2/CustomerGroup%2F",
            "/vendors/vehizen/api/v2%2FCustomerGroup",
            // Path parameters.
            "/vendors/vehizen/api/v2/CustomerGroup;",
            "/vendors/vehizen/api/v2/CustomerGroup;x=1",
            "/vendors/vehizen;x/api/v2/CustomerGroup",
            "/vendors/vehizen/api/v2/CustomerGroup%3Bx",
            // Query strings.
            "/vendors/vehizen/api/v2/CustomerGroup?",
            "/vendors/vehizen/api/v2/CustomerGroup?x=/../",
            "/vendors/vehizen/api/v2/CustomerGroup?x=1",
            // Other byte tricks.
            "/vendors/vehizen/api/v2/CustomerGroup%00",
            "/vendors/vehizen/api/v2/CustomerGroup%20",
            "/vendors/vehizen/api/v2/CustomerGroup#x",
            "/vendors/vehizen/api/v2/Customer%2547roup",
            "/vendors/vehizen/api/v2/CustomerGroup\\",
        ]
        .map(String::from),
    );
    // Upper- and lower-case hex are the same bytes for most characters.
    let mut seen = std::collections::HashSet::new();
    spellings.retain(|s| seen.insert(s.clone()));
    spellings
}

/// As a signed-in viewer, with a same-origin JSON body, every spelling of
/// the write path is refused and nothing reaches Vehizen; an editor too
/// gets nothing through but the canonical spelling (the write location
/// refuses any other with 400 before the sign-in is asked).
pub fn edge_decides_writes_on_the_routed_path(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.get(2).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let origin = edge.url.clone();
    let viewer = edge.sign_in_as(VIEWER)?;
    let editor = edge.sign_in_as(EDITOR)?;
    let spellings = write_path_spellings();
    ensure(spellings.len() >= 65, format!("only {} distinct spellings", spellings.len()))?;

    env.clear_request_log()?;
    let mut passed = Vec::new();
    let mut tried = 0;
    for (who, cookie) in [("viewer", &viewer), ("editor", &editor)] {
        let headers = same_origin(cookie, &origin);
        for path in &spellings {
            for method in ["PUT", "POST"] {
                let r = edge.request(&format!("{method} {path} HTTP/1.1"), &edge.host, &headers, &body)?;
                tried += 1;
                if (200..300).contains(&r.status) {
                    passed.push(format!("{who}: {method} {path} → {}", r.status));
                }
            }
        }
    }
    ensure(passed.is_empty(), format!("writes through another spelling: {passed:#?}"))?;
    let arrived = env.requests("/vehizen/")?;
    ensure(arrived.is_empty(), format!("{} of {tried} refused writes reached Vehizen: {arrived:#?}", arrived.len()))?;

    // The canonical spelling: the viewer is refused by the sign-in's rule,
    // the editor's write passes (so the refusals above are not "all fail").
    let send = |c: &str| edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &same_origin(c, &origin), &body);
    let refused = send(&viewer)?;
    ensure(
        refused.status == 403 && refused.header("x-fleet-edge") == "role-required",
        format!("viewer's canonical PUT: {} {:?}", refused.status, refused.header("x-fleet-edge")),
    )?;
    ensure(env.requests("/vehizen/")?.is_empty(), "the viewer's canonical PUT reached Vehizen")?;
    let saved = send(&editor)?;
    ensure(saved.status == 200, format!("editor's canonical PUT: {} {}", saved.status, saved.text()))?;
    ensure(env.requests("/vehizen/")?.len() == 1, "the editor's PUT did not reach Vehizen")?;
    // No trusted proxy here: a client's X-Forwarded-For does not change
    // who the audit log names.
    let lines = audited_write_forwarded_for(edge, &editor, &body, "203.0.113.66")?;
    ensure(
        lines.len() == 1 && lines[0]["client"] == "127.0.0.1" && lines[0]["user"] == EDITOR,
        format!("the write with a client's own X-Forwarded-For is logged as {lines:?}"),
    )
}

/// The sign-in handler itself decides on the method and on the path nginx
/// routes (not on the raw request line): a viewer's POST anywhere is
/// refused by its default rule, even where nginx has no method check of its
/// own; an editor's passes; a viewer's read-only POST to Ocean's nearest
/// search, spelled with a percent-encoded letter, is recognised as that
/// search (a rule on the raw bytes would not match it).
pub fn edge_sign_in_rules_see_the_method_and_the_routed_path(edge: &Edge, env: &Env) -> TestResult {
    let viewer = edge.sign_in_as(VIEWER)?;
    let editor = edge.sign_in_as(EDITOR)?;
    // /auth/me takes any method in nginx: only the handler's rule decides.
    for (who, cookie, want) in [("viewer", &viewer, 403), ("editor", &editor, 200)] {
        for method in ["POST", "DELETE", "PATCH"] {
            let r = edge.request(&format!("{method} /auth/me HTTP/1.1"), &edge.host, &[("Cookie", cookie)], "{}")?;
            ensure(r.status == want, format!("{who}'s {method} /auth/me: {} (expected {want})", r.status))?;
        }
        let r = edge.request("GET /auth/me HTTP/1.1", &edge.host, &[("Cookie", cookie)], "")?;
        ensure(r.status == 200, format!("{who}'s GET /auth/me: {}", r.status))?;
    }

    // On a node of its own: the Ocean sign-in it needs spends a token of a
    // per-address bucket that edge_limits_ocean_sign_ins_and_strips_cors
    // expects full on the main node.
    let node = edge.start_sibling(env, "rules", &[])?;
    let viewer = node.viewer_cookie().to_string();
    env.clear_request_log()?;
    let search = nearest_search(&node, &viewer, "nearest%56ehicles")?;
    ensure(search.status == 200, format!("a viewer's nearest search (encoded letter): {}", search.status))?;
    ensure(env.requests("/ocean/restapi/vehicule_engin/nearestVehicles")?.len() == 1, "the search did not reach Ocean")
}

/// Ocean's nearest search (a POST that reads) as `cookie`'s user, after
/// their own Ocean sign-in; `operation` is the last path segment's spelling.
fn nearest_search(edge: &Edge, cookie: &str, operation: &str) -> Result<Response, String> {
    let token = ocean_token(edge, cookie)?;
    edge.request(
        &format!("POST /vendors/ocean/vehicule_engin/{operation}?radius=10&latitude=48.85&longitude=2.35 HTTP/1.1"),
        &edge.host,
        &[("Cookie", cookie), ("X-AUTH-TOKEN", &token)],
        r#"{"computeMode":"VOL_OISEAU","radiusUnit":"KM"}"#,
    )
}

fn ocean_token(edge: &Edge, cookie: &str) -> Result<String, String> {
    let r = edge.request(
        "POST /vendors/ocean/auth/authenticate2 HTTP/1.1",
        &edge.host,
        &[("Cookie", cookie)],
        r#"{"login":"demo","password":"demo"}"#,
    )?;
    let json: Value = serde_json::from_slice(&r.body).map_err(|e| format!("Ocean sign-in {}: {e}", r.status))?;
    json["token"]
        .as_str()
        .or_else(|| json["value"].as_str())
        .map(str::to_string)
        .or_else(|| Some(r.header("x-auth-token").to_string()).filter(|t| !t.is_empty()))
        .ok_or(format!("no Ocean token in {} {json}", r.status))
}

/// Headers that a vendor's framework might act on, sent by the client on
/// allowed paths: none reaches the simulator; neither does a request with
/// a query parameter its operation does not take.
pub fn edge_forwards_only_allow_listed_headers_and_parameters(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let hostile = [
        ("X-HTTP-Method-Override", "DELETE"),
        ("X-Method-Override", "DELETE"),
        ("X-Forwarded-For", "203.0.113.7"),
        ("X-Forwarded-Host", "evil.example"),
        ("X-Real-IP", "203.0.113.7"),
        ("Forwarded", "for=203.0.113.7"),
        ("X-Original-URL", "/admin"),
        ("X-Rewrite-URL", "/admin"),
        ("X-Custom-IP-Authorization", "127.0.0.1"),
        ("Accept-Language", "fr-FR"),
    ];
    env.clear_request_log()?;
    for path in [
        format!("/vendors/vehizen/api/v2/CustomerGroup/{group}"),
        "/vendors/emabler/authorised-users".into(),
        "/vendors/ocean/mobility/v1/entities?customerId=1001".into(),
        "/vendors/geocoder/search?q=lyon&limit=2".into(),
    ] {
        let r = edge.get(&path, &hostile)?;
        ensure(r.status < 500 && r.status != 400, format!("{path}: {}", r.status))?;
    }
    let log = env.requests("/")?;
    ensure(log.len() == 4, format!("expected 4 forwarded requests: {log:#?}"))?;
    let allowed = [
        "host",
        "accept",
        "accept-language",
        "content-type",
        "content-length",
        "connection",
        "x-auth-token",
        "x-api-key",
        &fleet_e2e::edge::VEHIZEN_KEY_HEADER.to_ascii_lowercase(),
    ];
    for r in &log {
        let names: Vec<String> = r["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h[0].as_str().map(str::to_ascii_lowercase))
            .collect();
        let extra: Vec<&String> = names.iter().filter(|n| !allowed.contains(&n.as_str())).collect();
        ensure(
            extra.is_empty(),
            format!("{}: headers beyond the allow-list reached the vendor: {extra:?}", r["path"]),
        )?;
        ensure(names.iter().any(|n| n == "accept-language"), format!("{}: Accept-Language was dropped", r["path"]))?;
    }

    // Query parameters: each operation's own, nothing else.
    env.clear_request_log()?;
    let refused = [
        format!("/vendors/vehizen/api/v2/CustomerGroup/{group}?x=1"),
        "/vendors/emabler/authorised-users?debug=1".into(),
        "/vendors/ocean/mobility/v1/entities?customerId=1001&debug=1".into(),
        "/vendors/ocean/mobility/v1/entities?x=/../".into(),
        "/vendors/ocean/vehicule_engin/vehicles?customerId=1001&customerId=1002%26admin=1".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=AB-123-CD&debug=1".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=AB-123-CD;x=1".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=AB%0D%0AX-Evil:%201".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=%00".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=".into(),
        "/vendors/ocean/vehicule_engin/vehicles?immatriculation=A&immatriculation=B".into(),
        "/vendors/ocean/vehicule_engin/vehicles?customerId=*".into(),
        "/vendors/ocean/mobility/v1/entities?customerId=1,2".into(),
        "/vendors/geocoder/search?q=lyon&callback=x".into(),
        "/vendors/geocoder/reverse?lat=45.7&lon=4.8&q=x".into(),
    ];
    for path in &refused {
        let r = edge.get(path, &[])?;
        ensure(r.status == 400, format!("{path}: {} (an unknown parameter must be refused)", r.status))?;
    }
    let arrived = env.requests("/")?;
    ensure(arrived.is_empty(), format!("refused parameters reached the simulator: {arrived:#?}"))?;
    // The operations' own parameters pass, as the console sends them.
    let ok = edge
        .get("/vendors/geocoder/search?q=rue%20pasteur%20lyon&limit=6&lat=45.76412&lon=4.83570&index=address", &[])?;
    ensure(ok.status == 200, format!("the console's own search: {}", ok.status))?;
    let arrived = env.requests("/geocoder/search")?;
    ensure(
        arrived.len() == 1 && arrived[0]["query"].as_str().is_some_and(|q| q.contains("index=address")),
        format!("the search's query did not arrive intact: {arrived:?}"),
    )?;
    // The details panel's read of one vehicle by plate, as the console encodes it.
    let by_plate = "customerId=1001&immatriculation=%C3%89T-12%203";
    let r = edge.get(&format!("/vendors/ocean/vehicule_engin/vehicles?{by_plate}"), &[])?;
    ensure(r.status != 400 && r.status < 500, format!("the console's read by plate: {}", r.status))?;
    let arrived = env.requests("/ocean/restapi/vehicule_engin/vehicles")?;
    ensure(
        arrived.len() == 1 && arrived[0]["query"].as_str() == Some(by_plate),
        format!("the read by plate did not arrive intact: {arrived:?}"),
    )
}

/// 20 wrong passwords in a row lock the account: the right one is then
/// refused, and the portal says why (in the browser: "Your account is
/// locked"); another account is not affected; after the lock time the
/// right password opens the console.
pub async fn edge_locks_an_account_after_repeated_wrong_passwords(b: &Browser, edge: &Edge) -> TestResult {
    let target = OTHER_VIEWER;
    for i in 0..20 {
        let (cookie, answer) = edge.try_sign_in(target, &format!("guess-{i}"))?;
        ensure(cookie.is_none(), format!("guess {i} opened a session"))?;
        // The first failures are plain; from the lock on, a wrong guess is
        // answered exactly as the right password is ("wait"): the lock
        // tells a guesser nothing about the guess.
        let want = if i < MAX_FAILED { PE_BADCREDENTIALS } else { PE_WAIT };
        ensure(answer["error"] == want, format!("guess {i}: {answer} (expected error {want})"))?;
    }
    let locked_at = Instant::now();
    let (cookie, answer) = edge.try_sign_in(target, &password(target))?;
    ensure(cookie.is_none(), "the right password opened a session during the lock")?;
    ensure(answer["error"] == PE_WAIT, format!("the portal does not say to wait: {answer}"))?;

    b.goto("/groups").await?;
    b.wait_host("auth.console.localhost").await?;
    b.wait_for("input[name=user]").await?;
    b.submit_portal_form(target, &password(target)).await?;
    b.wait_text("body", "locked", 10).await?;
    ensure(b.host().await?.starts_with("auth.console.localhost"), "the locked account left the portal")?;
    b.screenshot("edge-portal-locked").await?;

    let other = edge.sign_in_as(VIEWER);
    ensure(other.is_ok(), format!("another account was locked too: {other:?}"))?;

    // The longest of the suite's lock times since the last wrong guess.
    let longest: u64 = BRUTE_FORCE_LOCK_TIMES.split(',').filter_map(|t| t.trim().parse().ok()).max().unwrap_or(0);
    tokio::time::sleep(Duration::from_secs(longest + 2).saturating_sub(locked_at.elapsed())).await;
    // The locked page offers only "Go to portal": start over from the console.
    b.goto("/groups").await?;
    b.wait_host("auth.console.localhost").await?;
    b.wait_for("input[name=user]").await?;
    b.submit_portal_form(target, &password(target)).await?;
    b.wait_host(&edge.host).await?;
    b.wait_path("back on the console after the lock", |p| p == "/groups").await?;
    b.wait_for("[data-test=signed-in-name]").await?;
    Ok(())
}

/// The portal's POSTs are limited per client address (FLEET_PORTAL_RATE,
/// on a node of its own with a limit of 10 a minute, burst 5); reading the
/// portal's page is not.
pub fn edge_limits_sign_ins_per_address(edge: &Edge, env: &Env) -> TestResult {
    let node =
        edge.start_sibling(env, "portal-limit", &[("FLEET_PORTAL_RATE", "10r/m"), ("FLEET_PORTAL_BURST", "5")])?;
    // The node signed a viewer in at start: one POST of the burst spent.
    let mut statuses = Vec::new();
    for i in 0..12 {
        let r = node.request_with_type(
            "POST / HTTP/1.1",
            &node.portal_host,
            &[("Accept", "application/json")],
            "application/x-www-form-urlencoded",
            &format!("user=nobody&password=guess-{i}"),
        )?;
        statuses.push(r.status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    ensure(limited >= 5, format!("12 rapid sign-ins from one address: {statuses:?}"))?;
    ensure(statuses[0] != 429, format!("the first sign-in was limited: {statuses:?}"))?;
    let page = node.request("GET / HTTP/1.1", &node.portal_host, &[], "")?;
    ensure(page.status == 200, format!("the portal's page under the POST limit: {}", page.status))
}

/// A session that sees no request for LLNG_INACTIVITY_TIMEOUT (5 s on a
/// node of its own) ends, well before its absolute timeout; one that is
/// used every second meanwhile goes on.
pub fn edge_ends_idle_sessions(edge: &Edge, env: &Env) -> TestResult {
    let node = edge.start_sibling(env, "idle", &[("LLNG_INACTIVITY_TIMEOUT", "5")])?;
    let idle = node.viewer_cookie().to_string();
    let busy = node.sign_in_as(EDITOR)?;
    let me = |c: &str| node.request("GET /auth/me HTTP/1.1", &node.host, &[("Cookie", c)], "").map(|r| r.status);
    ensure(me(&idle)? == 200, "the session does not work at first")?;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(8) {
        let status = me(&busy)?;
        ensure(status == 200, format!("a session in use ended after {:?}: {status}", start.elapsed()))?;
        std::thread::sleep(Duration::from_secs(1));
    }
    let status = me(&idle)?;
    ensure(status == 401, format!("a session idle for 8 s (timeout 5 s) still answers {status}"))
}

/// Behind a trusted load balancer (FLEET_TRUSTED_PROXIES, on a node of its
/// own), the audit log names the client its X-Forwarded-For names; on the
/// suite's main node, with none, the same header is ignored
/// (edge_decides_writes_on_the_routed_path).
pub fn edge_names_the_proxied_client_behind_a_trusted_proxy(edge: &Edge, env: &Env) -> TestResult {
    let node = edge.start_sibling(env, "realip", &[("FLEET_TRUSTED_PROXIES", "127.0.0.1")])?;
    let group = pinned_ids()?.get(4).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let editor = node.sign_in_as(EDITOR)?;
    let lines = audited_write_forwarded_for(&node, &editor, &body, "203.0.113.9")?;
    ensure(
        lines.len() == 1 && lines[0]["client"] == "203.0.113.9" && lines[0]["user"] == EDITOR,
        format!("the audit line does not name the proxied client: {lines:?}"),
    )
}

/// A write whose body could make the audit log name one group while
/// Vehizen acts on another is refused (400) before it is forwarded: an
/// escaped `"\u0049d"`, a second top-level `Id`, `Id` not first, a PUT
/// without `Id`, a body that is not a JSON object. The audit log records
/// each refusal; the same body written plainly passes and is named.
pub fn edge_refuses_writes_that_name_their_group_ambiguously(edge: &Edge, env: &Env) -> TestResult {
    let ids = pinned_ids()?;
    let (group, other) = (ids.get(1).cloned().ok_or("no pinned group")?, ids.get(5).cloned().ok_or("six pinned")?);
    let body = group_body(env, &group)?;
    let plain_id = format!("\"Id\":\"{group}\"");
    ensure(
        body.trim_start().starts_with(&format!("{{{plain_id}")),
        format!("the group's body does not begin with {plain_id}"),
    )?;
    let rest = body.trim_start().trim_start_matches('{').trim_start_matches(plain_id.as_str());
    let without_close = body.trim_end().trim_end_matches('}');
    let cases: Vec<(&str, &str, String)> = vec![
        ("an escaped Id naming another group", "PUT", format!("{{\"\\u0049d\":\"{other}\"{rest}")),
        ("an escaped Id, a create", "POST", format!("{{\"I\\u0064\":\"{other}\"{rest}")),
        ("a second top-level Id", "PUT", format!("{without_close},\"Id\":\"{other}\"}}")),
        ("a second id in lower case", "PUT", format!("{without_close},\"id\":\"{other}\"}}")),
        ("an upper-case ID first", "PUT", format!("{{\"ID\":\"{group}\"{rest}")),
        ("an escaped second Id", "PUT", format!("{without_close},\"\\u0049\\u0064\":\"{other}\"}}")),
        ("Id not first", "PUT", format!("{{\"Zz\":1,{plain_id}{rest}")),
        ("a PUT without Id", "PUT", format!("{{\"Zz\":1{rest}")),
        ("an Id that is not a GUID", "PUT", format!("{{\"Id\":\"{other}x\"{rest}")),
        ("not JSON", "PUT", format!("{body}}}")),
        ("an array", "PUT", format!("[{body}]")),
    ];
    let editor = edge.sign_in_as(EDITOR)?;
    let headers = [("Cookie", editor.as_str()), ("Sec-Fetch-Site", "same-origin")];
    env.clear_request_log()?;
    let before = edge.audit_lines()?.len();
    for (what, method, text) in &cases {
        let r = edge.request(&format!("{method} {GROUPS} HTTP/1.1"), &edge.host, &headers, text)?;
        ensure(r.status == 400, format!("{what}: {} {} (expected 400)", r.status, r.text()))?;
    }
    let arrived = env.requests("/vehizen/")?;
    ensure(arrived.is_empty(), format!("ambiguous writes reached Vehizen: {} of {}", arrived.len(), cases.len()))?;
    let ok = edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &headers, &body)?;
    ensure(ok.status == 200, format!("the plain body: {}", ok.status))?;
    let audit = edge.audit_lines_since(before, cases.len() + 1)?;
    let refused = audit.iter().filter(|l| l["status"] == "400" && l["user"] == EDITOR).count();
    ensure(refused == cases.len(), format!("{refused} refusals in the audit log for {} refused writes", cases.len()))?;
    ensure(
        audit.iter().all(|l| l["group"] != other.as_str()),
        "the audit log names the group an ambiguous body pointed at",
    )?;
    ensure(
        audit.iter().any(|l| l["status"] == "200" && l["group"] == group.as_str()),
        "the plain write's audit line does not name its group",
    )?;
    // An id in upper case is the same group: the audit log names it in
    // lower case, as Vehizen does, so one search finds every write.
    let before = edge.audit_lines()?.len();
    let upper = body.replacen(&group, &group.to_uppercase(), 1);
    let ok = edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &headers, &upper)?;
    ensure(ok.status == 200, format!("the write with an upper-case id: {}", ok.status))?;
    let lines = edge.audit_lines_since(before, 1)?;
    ensure(
        lines.len() == 1 && lines[0]["group"] == group.to_lowercase().as_str(),
        format!("the upper-case id's audit line: {lines:?}"),
    )
}

/// nginx's own gate, without the sign-in's rules: on a node whose SSO
/// accepts every signed-in request (as a forward-auth service that only
/// checks sessions would), a viewer's write is still refused, because the
/// answer's role is not "editor", and never arrives; Ocean's read-only
/// POST still passes; an editor's write passes.
pub fn edge_forwards_no_write_without_the_editor_role(edge: &Edge, env: &Env) -> TestResult {
    let overlay = edge.config_dir.with_extension("accept-all.json");
    let rules = serde_json::json!({ "locationRules": {
        "console.localhost": { "default": "accept" },
        "auth.console.localhost": { "default": "accept" },
    }});
    std::fs::write(&overlay, rules.to_string()).map_err(|e| e.to_string())?;
    let node = edge.start_sibling(env, "gate", &[("LLNG_CONF_OVERLAY", &overlay.display().to_string())]);
    let _ = std::fs::remove_file(&overlay);
    let node = node?;
    let group = pinned_ids()?.get(2).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let viewer = node.sign_in_as(VIEWER)?;
    let editor = node.sign_in_as(EDITOR)?;
    env.clear_request_log()?;
    for method in ["PUT", "POST"] {
        let headers = [("Cookie", viewer.as_str()), ("Sec-Fetch-Site", "same-origin")];
        let r = node.request(&format!("{method} {GROUPS} HTTP/1.1"), &node.host, &headers, &body)?;
        ensure(
            r.status == 403 && r.header("x-fleet-edge") == "role-required",
            format!("a viewer's {method} past an accept-all SSO: {} {:?}", r.status, r.header("x-fleet-edge")),
        )?;
    }
    ensure(env.requests("/vehizen/")?.is_empty(), "a viewer's write passed nginx's gate")?;
    let search = nearest_search(&node, &viewer, "nearestVehicles")?;
    ensure(search.status == 200, format!("a viewer's nearest search through the gate: {}", search.status))?;
    let headers = [("Cookie", editor.as_str()), ("Sec-Fetch-Site", "same-origin")];
    let saved = node.request(&format!("PUT {GROUPS} HTTP/1.1"), &node.host, &headers, &body)?;
    ensure(saved.status == 200, format!("an editor's write through the gate: {}", saved.status))
}

/// The SSO cookie: Secure (the portal is https), HttpOnly, and SameSite
/// said explicitly.
pub fn edge_session_cookie_is_http_only_and_same_site(edge: &Edge, _env: &Env) -> TestResult {
    let answer = edge.portal_post(VIEWER, &password(VIEWER), "application/json")?;
    let cookie = answer
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.clone())
        .find(|v| v.starts_with("lemonldap=") && !v.starts_with("lemonldap=;"))
        .ok_or(format!("no session cookie: {:?}", answer.headers))?;
    let attrs = cookie.to_ascii_lowercase();
    ensure(attrs.contains("httponly"), format!("not HttpOnly: {cookie}"))?;
    // The portal is https: the cookie never travels in clear.
    ensure(attrs.split(';').any(|a| a.trim() == "secure"), format!("not Secure: {cookie}"))?;
    ensure(attrs.contains("samesite=lax") || attrs.contains("samesite=strict"), format!("no SameSite: {cookie}"))
}

/// The rendered files: secrets and the sign-in's configuration readable by
/// their owner (and the handler's group) only; only the no-access page is
/// world-readable.
pub fn edge_rendered_files_are_private(edge: &Edge, _env: &Env) -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let mut open = Vec::new();
    // (path, whether others can reach it: every directory above lets them through)
    let mut stack = vec![(edge.config_dir.clone(), true)];
    let mut seen = 0;
    while let Some((path, reachable)) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mode = meta.permissions().mode() & 0o777;
        let public = path.components().any(|c| c.as_os_str() == "public");
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).map_err(|e| e.to_string())? {
                stack.push((entry.map_err(|e| e.to_string())?.path(), reachable && mode & 0o001 != 0));
            }
        } else if meta.file_type().is_file() && reachable {
            seen += 1;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            // The harness's own key file is not render.sh's.
            if !public && name != "vehizen.key" && mode & 0o007 != 0 {
                open.push(format!("{} {:o}", path.display(), mode));
            }
        }
    }
    ensure(seen >= 10, format!("only {seen} rendered files"))?;
    // Run as root (CI), the sign-in's configuration is root's and readable
    // by the handler's group only (www-data, as it runs).
    if std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false) {
        use std::os::unix::fs::MetadataExt;
        let www = std::fs::read_to_string("/etc/group")
            .ok()
            .and_then(|g| {
                g.lines().find(|l| l.starts_with("www-data:")).and_then(|l| l.split(':').nth(2)?.parse::<u32>().ok())
            })
            .ok_or("no www-data group")?;
        for name in ["lemonldap-ng.ini", "llng-conf/lmConf-1.json"] {
            let m = std::fs::metadata(edge.config_dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
            ensure(
                m.uid() == 0 && m.gid() == www && m.mode() & 0o777 == 0o640,
                format!(
                    "{name}: owner {} group {} mode {:o} (expected root, www-data, 640)",
                    m.uid(),
                    m.gid(),
                    m.mode() & 0o777
                ),
            )?;
        }
    }
    ensure(open.is_empty(), format!("rendered files readable by others: {open:#?}"))?;
    let upstream = std::fs::metadata(edge.config_dir.join("vehizen-upstream.conf")).map_err(|e| e.to_string())?;
    ensure(upstream.permissions().mode() & 0o077 == 0, "a vendor key file is readable beyond its owner")
}

/// A directory user in neither group: signed in, but every path of the
/// console answers 403, pages with the edge's no-access page, and nothing
/// is asked of a vendor.
pub fn edge_refuses_a_directory_user_in_neither_group(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    let cookie = edge.sign_in_as(NOBODY)?;
    env.clear_request_log()?;
    let page = edge.request("GET /groups HTTP/1.1", &edge.host, &[("Cookie", &cookie)], "")?;
    ensure(page.status == 403, format!("a page for someone in no group: {}", page.status))?;
    ensure(page.text().contains("no access to the fleet console"), format!("no-access page: {}", page.text()))?;
    ensure(page.text().contains("?logout=1"), "the no-access page offers no sign-out")?;
    for path in [
        "/auth/me".to_string(),
        "/config.json".into(),
        format!("{GROUPS}/{group}"),
        "/vendors/emabler/authorised-users".into(),
        "/vendors/geocoder/search?q=lyon".into(),
    ] {
        let r = edge.request(&format!("GET {path} HTTP/1.1"), &edge.host, &[("Cookie", &cookie)], "")?;
        ensure(r.status == 403, format!("{path} for someone in no group: {}", r.status))?;
    }
    let r = edge.request(
        "POST /vendors/ocean/auth/authenticate2 HTTP/1.1",
        &edge.host,
        &[("Cookie", &cookie)],
        r#"{"login":"demo","password":"demo"}"#,
    )?;
    ensure(r.status == 403, format!("Ocean sign-in for someone in no group: {}", r.status))?;
    let arrived = env.requests("/")?;
    ensure(arrived.is_empty(), format!("calls for someone in no group reached the simulator: {arrived:#?}"))
}

/// The directory's groups decide the role, at each sign-in: taken out of
/// fleet-editors (and put in fleet-viewers), dwho's next session views and
/// cannot write; put back, he writes again.
pub fn edge_role_follows_the_directory_groups(edge: &Edge, env: &Env) -> TestResult {
    let directory = &edge.shared.directory;
    let group = pinned_ids()?.get(3).cloned().ok_or("no pinned group")?;
    let body = group_body(env, &group)?;
    let origin = edge.url.clone();
    let role = |cookie: &str| -> Result<String, String> {
        let me = edge.request("GET /auth/me HTTP/1.1", &edge.host, &[("Cookie", cookie)], "")?;
        let me: Value = serde_json::from_slice(&me.body).map_err(|e| format!("/auth/me {}: {e}", me.status))?;
        Ok(me["role"].as_str().unwrap_or_default().to_string())
    };
    let write = |cookie: &str| -> Result<u16, String> {
        Ok(edge.request(&format!("PUT {GROUPS} HTTP/1.1"), &edge.host, &same_origin(cookie, &origin), &body)?.status)
    };
    let before = edge.sign_in_as(EDITOR)?;
    ensure(role(&before)? == "editor", "dwho does not start as an editor")?;

    directory.add_member("fleet-viewers", EDITOR)?;
    directory.remove_member("fleet-editors", EDITOR)?;
    let outcome = (|| -> TestResult {
        let demoted = edge.sign_in_as(EDITOR)?;
        ensure(role(&demoted)? == "viewer", "out of fleet-editors, dwho's new session is not a viewer's")?;
        env.clear_request_log()?;
        let status = write(&demoted)?;
        ensure(status == 403, format!("a demoted editor's write: {status}"))?;
        ensure(env.requests("/vehizen/")?.is_empty(), "a demoted editor's write reached Vehizen")
    })();
    // Put the directory back whatever happened, then prove writing returns.
    directory.add_member("fleet-editors", EDITOR)?;
    directory.remove_member("fleet-viewers", EDITOR)?;
    outcome?;
    let restored = edge.sign_in_as(EDITOR)?;
    ensure(role(&restored)? == "editor", "back in fleet-editors, dwho is not an editor")?;
    let status = write(&restored)?;
    ensure(status == 200, format!("the restored editor's write: {status}"))
}

/// Plain HTTP answers only a redirect to the same URL over HTTPS (no HSTS
/// on it: browsers ignore it there); another name gets 421.
pub fn edge_redirects_plain_http_to_https(edge: &Edge, _env: &Env) -> TestResult {
    let plain_host = format!("console.localhost:{}", edge.http_port);
    let r = edge.plain_request("GET /groups?x=1 HTTP/1.1", &plain_host)?;
    let want = format!("https://console.localhost:{}/groups?x=1", edge.port);
    ensure(
        r.status == 301 && r.header("location") == want,
        format!("plain http: {} {:?}", r.status, r.header("location")),
    )?;
    let portal = edge.plain_request("GET / HTTP/1.1", &format!("auth.console.localhost:{}", edge.http_port))?;
    ensure(
        portal.status == 301 && portal.header("location").starts_with("https://auth.console.localhost:"),
        format!("plain http portal: {} {:?}", portal.status, portal.header("location")),
    )?;
    let post = edge.plain_request(&format!("POST {GROUPS} HTTP/1.1"), &plain_host)?;
    ensure(post.status == 301, format!("a plain-http write: {}", post.status))?;
    let foreign = edge.plain_request("GET / HTTP/1.1", "evil.example")?;
    ensure(foreign.status == 421, format!("plain http, foreign host: {}", foreign.status))?;
    // Over HTTPS, HSTS is sent.
    let secure = edge.get("/", &[])?;
    ensure(secure.header("strict-transport-security").starts_with("max-age="), "no HSTS over https")
}

/// The session store answers nobody without its ACL user's password (the
/// edge's own sessions work through it: every test here signs in).
pub fn edge_session_store_needs_its_password(edge: &Edge, _env: &Env) -> TestResult {
    use std::io::{Read, Write};
    let ask = |command: &str| -> Result<String, String> {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", edge.redis_port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
        s.write_all(format!("{command}\r\nQUIT\r\n").as_bytes()).map_err(|e| e.to_string())?;
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        Ok(out)
    };
    let anonymous = ask("KEYS *")?;
    ensure(anonymous.starts_with("-NOAUTH"), format!("Redis without a password: {anonymous:?}"))?;
    let wrong = ask(&format!("AUTH {} not-the-password", fleet_e2e::edge::REDIS_USER))?;
    ensure(wrong.starts_with("-WRONGPASS"), format!("Redis with a wrong password: {wrong:?}"))?;
    let _ = edge.sign_in_as(VIEWER)?;
    Ok(())
}

/// The edge's TLS, as testssl.sh sees it (scripts/tls-check.sh): no
/// finding rated HIGH or CRITICAL beyond the ones a throw-away CA always
/// has (the script names each waiver). About a minute.
pub fn edge_tls_has_no_high_or_critical_finding(edge: &Edge, _env: &Env) -> TestResult {
    let out = std::process::Command::new("bash")
        .arg(fleet_e2e::repo_root().join("scripts/tls-check.sh"))
        .arg("--ca")
        .arg(edge.shared.ca())
        .arg(format!("127.0.0.1:{}", edge.port))
        .arg("console.localhost")
        .output()
        .map_err(|e| format!("cannot run tls-check.sh: {e}"))?;
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{report}");
    ensure(out.status.success(), format!("tls-check.sh: {report}{}", String::from_utf8_lossy(&out.stderr)))?;
    ensure(report.contains("TLS1.2 TLS1.3") && !report.contains("TLS1.1"), format!("protocols: {report}"))
}

/// Someone in neither group signs in through the portal and lands on the
/// edge's page that says they have no access, with a way to sign out.
pub async fn edge_shows_no_access_to_someone_in_no_group(b: &Browser, edge: &Edge) -> TestResult {
    b.goto("/groups").await?;
    b.wait_host("auth.console.localhost").await?;
    b.wait_for("input[name=user]").await?;
    b.submit_portal_form(NOBODY, &password(NOBODY)).await?;
    b.wait_host(&edge.host).await?;
    let text = b.wait_text("[data-test=no-access]", "neither", 10).await?;
    ensure(text.contains("viewers") && text.contains("editors"), format!("no-access page: {text}"))?;
    ensure(b.text("h1").await?.contains("no access to the fleet console"), "no heading says why")?;
    let sign_out = b.wait_for("[data-test=no-access-sign-out]").await?.attr("href").await.map_err(|e| e.to_string())?;
    ensure(sign_out.is_some_and(|h| h.contains("logout=1")), "the page offers no sign-out")?;
    ensure(b.count("nav").await? == 0, "the console's shell loaded for someone with no access")?;
    b.screenshot("edge-no-access").await
}

/// This file's tests through the portal in the browser.
pub fn portal_tests() -> Vec<(&'static str, crate::PortalTest)> {
    vec![
        ("edge_locks_an_account_after_repeated_wrong_passwords", |b, e| {
            Box::pin(edge_locks_an_account_after_repeated_wrong_passwords(b, e))
        }),
        ("edge_shows_no_access_to_someone_in_no_group", |b, e| {
            Box::pin(edge_shows_no_access_to_someone_in_no_group(b, e))
        }),
    ]
}

/// The directory answers only over StartTLS with the run's CA: a plain
/// bind is refused ("confidentiality required") and a client trusting the
/// system's CAs cannot verify it, so the sign-ins every test makes through
/// LL::NG (ldap+tls://, LLNG_LDAP_CA_FILE) went over verified TLS.
pub fn edge_directory_is_reached_over_verified_tls_only(edge: &Edge, _env: &Env) -> TestResult {
    let d = &edge.shared.directory;
    let (dn, pw) = (d.user_dn(VIEWER), password(VIEWER));
    let whoami = |extra: &[&str], ca: &str| {
        fleet_e2e::ldap::ldap_tool("ldapwhoami")
            .env("LDAPTLS_CACERT", ca)
            .args(["-x", "-H", &d.url, "-D", &dn, "-w", &pw])
            .args(extra)
            .output()
            .map_err(|e| format!("ldapwhoami: {e}"))
    };
    let plain = whoami(&[], "/etc/ssl/certs/ca-certificates.crt")?;
    let said = String::from_utf8_lossy(&plain.stderr).to_lowercase();
    ensure(!plain.status.success() && said.contains("confidentiality"), format!("a plain bind: {said}"))?;
    let untrusted = whoami(&["-ZZ"], "/etc/ssl/certs/ca-certificates.crt")?;
    ensure(!untrusted.status.success(), "StartTLS verified against the system's CAs succeeded")?;
    let ca = edge.shared.ca();
    let verified = whoami(&["-ZZ"], ca.to_str().ok_or("CA path")?)?;
    ensure(
        verified.status.success(),
        format!("StartTLS with the run's CA: {}", String::from_utf8_lossy(&verified.stderr)),
    )
}

/// A read forwards no body: a GET that carries one (as a smuggling attempt
/// would) reaches the vendor without it.
pub fn edge_forwards_no_body_with_a_read(edge: &Edge, env: &Env) -> TestResult {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    env.clear_request_log()?;
    let smuggled = format!("PUT {GROUPS} HTTP/1.1\r\nHost: x\r\n\r\n{{\"Id\":\"{group}\"}}");
    let r = edge.request(
        &format!("GET {GROUPS}/{group} HTTP/1.1"),
        &edge.host,
        &[("Cookie", edge.viewer_cookie())],
        &smuggled,
    )?;
    ensure(r.status == 200, format!("a GET with a body: {}", r.status))?;
    let log = env.requests("/vehizen/")?;
    ensure(
        log.len() == 1 && log[0]["method"] == "GET" && log[0]["body"].as_str().is_some_and(str::is_empty),
        format!("the GET's body reached Vehizen: {log:?}"),
    )
}

/// LLNG_SESSIONS=file (the default, and scripts/edge.sh's): the handler
/// keeps sessions and its caches in its own state directory (created
/// under umask 077 with a numeric directory umask), and signing in works.
pub fn edge_signs_in_with_file_sessions(edge: &Edge, env: &Env) -> TestResult {
    let node = edge.start_sibling(env, "file-sessions", &[("LLNG_SESSIONS", "file")])?;
    let cookie = node.sign_in_as(EDITOR)?;
    let me = node.request("GET /auth/me HTTP/1.1", &node.host, &[("Cookie", &cookie)], "")?;
    ensure(
        me.status == 200 && me.text().contains("\"role\":\"editor\""),
        format!("/auth/me with a file session: {} {}", me.status, me.text()),
    )
}

/// This file's tests (no browser). Whatever needs another configuration, a
/// rate-limit bucket of its own or a lot of one runs on a sibling node.
pub fn tests() -> Vec<(&'static str, crate::EdgeTest)> {
    vec![
        ("edge_decides_writes_on_the_routed_path", edge_decides_writes_on_the_routed_path),
        (
            "edge_sign_in_rules_see_the_method_and_the_routed_path",
            edge_sign_in_rules_see_the_method_and_the_routed_path,
        ),
        (
            "edge_forwards_only_allow_listed_headers_and_parameters",
            edge_forwards_only_allow_listed_headers_and_parameters,
        ),
        (
            "edge_refuses_writes_that_name_their_group_ambiguously",
            edge_refuses_writes_that_name_their_group_ambiguously,
        ),
        ("edge_forwards_no_write_without_the_editor_role", edge_forwards_no_write_without_the_editor_role),
        ("edge_session_cookie_is_http_only_and_same_site", edge_session_cookie_is_http_only_and_same_site),
        ("edge_rendered_files_are_private", edge_rendered_files_are_private),
        ("edge_session_store_needs_its_password", edge_session_store_needs_its_password),
        ("edge_forwards_no_body_with_a_read", edge_forwards_no_body_with_a_read),
        ("edge_signs_in_with_file_sessions", edge_signs_in_with_file_sessions),
        ("edge_directory_is_reached_over_verified_tls_only", edge_directory_is_reached_over_verified_tls_only),
        ("edge_refuses_a_directory_user_in_neither_group", edge_refuses_a_directory_user_in_neither_group),
        ("edge_role_follows_the_directory_groups", edge_role_follows_the_directory_groups),
        ("edge_redirects_plain_http_to_https", edge_redirects_plain_http_to_https),
        ("edge_tls_has_no_high_or_critical_finding", edge_tls_has_no_high_or_critical_finding),
        ("edge_limits_sign_ins_per_address", edge_limits_sign_ins_per_address),
        ("edge_ends_idle_sessions", edge_ends_idle_sessions),
        ("edge_names_the_proxied_client_behind_a_trusted_proxy", edge_names_the_proxied_client_behind_a_trusted_proxy),
    ]
}
