//! The "large fleet" part (`--only fleet`): the map page signed in on a
//! whole customer's fleet, then live for ten refreshes, beside plain
//! Leaflet doing the same in the same run (fetch, `JSON.parse`, one canvas
//! `circleMarker` per vehicle, `setLatLng` on each marker at every refresh).
//! Both pages get the same instrumentation before their first script runs:
//! a `longtask` observer (the main thread's long tasks, from the browser
//! itself) and a short live interval in the served `config.json`.
//! Reported figures: sign-in → drawn; the longest task and the blocking
//! time (sum of task − 50 ms over long tasks) from the response's start to
//! the drawing and per refresh while live; memory (wasm + JS heap after a
//! forced collection) after drawing and after the refreshes.

use fleet_e2e::{Browser, Env};
use serde_json::{json, Value};

use super::{long_scripts, median, sim_points, sim_token, start_profile, stop_profile, Settings, Table, CONSOLE_VIEW};

/// The live interval both pages use (seconds): the shortest the app's
/// configuration accepts, so ten refreshes take about a minute, not the
/// default 30 s's five.
const EVERY_S: u32 = 5;

/// A long task: over 50 ms, as the Long Tasks API counts it.
const LONG_MS: f64 = 50.0;

/// "One frame" (60 Hz), which meets a ratio when plain Leaflet's own
/// longest task is under a frame (the issue's rule).
const FRAME_MS: f64 = 16.7;

/// Run on every new document of the benchmark's pages, before their own
/// scripts: records each long task, keeps every resource timing (the
/// answers' response start), and serves `config.json` with the live
/// interval set to `arguments` (the app's default stays 30 s; only this
/// browser sees the change).
fn instrument(every_s: u32) -> String {
    format!(
        r#"
window.__longtasks = [];
new PerformanceObserver((list) => {{ for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); }}).observe({{ type: 'longtask' }});
performance.setResourceTimingBufferSize(100000);
const fetched = window.fetch;
window.fetch = function (input, init) {{
  const url = typeof input === 'string' ? input : input.url;
  const answer = fetched.apply(this, arguments);
  if (!String(url).endsWith('/config.json')) return answer;
  return answer.then((r) => r.json().then((c) => {{
    c.map.refreshSeconds = {every_s};
    return new Response(JSON.stringify(c), {{ status: r.status, headers: {{ 'Content-Type': 'application/json' }} }});
  }}));
}};
"#
    )
}

/// The long tasks that overlap `[from, to)` (page clock, ms): the longest
/// and the blocking time (sum of the part over 50 ms), their count, and
/// where the longest one was: the page's last performance mark before it
/// and those during it (the console marks each step of an answer's way).
const LONG_TASKS_IN: &str = r#"
const [from, to] = arguments;
const tasks = window.__longtasks.filter(([s, d]) => s + d > from && s < to);
const [s, d] = tasks.reduce((m, t) => (t[1] > m[1] ? t : m), [0, 0]);
const marks = performance.getEntriesByType('mark');
const before = marks.filter((m) => m.startTime < s).pop();
const during = marks.filter((m) => m.startTime >= s && m.startTime <= s + d).map((m) => m.name);
const where = d ? `after ${before ? before.name : 'no mark'}` + (during.length ? `, during ${during.join(' ')}` : '') : '';
return [d, tasks.reduce((b, [, d]) => b + Math.max(0, d - 50), 0), tasks.length, where];
"#;

/// When the first `nearestVehicles` answer started arriving (page clock).
const NEAREST_RESPONSE_START: &str = r#"
const e = performance.getEntriesByType('resource').filter((r) => r.name.includes('nearestVehicles'));
return e.length ? e[0].responseStart : null;
"#;

/// Waits in the page (a cheap timer, not a WebDriver call per poll) until
/// the console has drawn answer number `arguments[0]` (0: the sign-in's,
/// then one per live refresh): that many `nearestVehicles` answers before
/// it in, every dot of the first one on the map (`arguments[1]`), and a
/// `map:drawn` mark after it. Up to 120 s; the mark's time, or null.
const CONSOLE_DRAWN: &str = r#"
const done = arguments[arguments.length - 1];
const [k, expected] = arguments, t0 = performance.now();
const check = () => {
  const answers = performance.getEntriesByType('resource').filter((r) => r.name.includes('nearestVehicles'));
  const markers = Number(document.querySelector('[data-test=map]').dataset.markers || 0);
  const drawn = answers.length > k && markers >= expected
    && performance.getEntriesByName('map:drawn').find((e) => e.startTime >= answers[k].responseEnd);
  if (drawn) done(drawn.startTime);
  else if (performance.now() - t0 > 120000) done(null); else setTimeout(check, 50);
};
check();
"#;

/// Plain Leaflet: the page a JavaScript team would write first, on the
/// console's origin (its not-found page, for Leaflet's files and the same
/// proxy): sign in, fetch the same search, `JSON.parse`, one canvas
/// `circleMarker` per listed vehicle with a position, on a map of the
/// console's size and view. Leaflet's files load first, untimed. Returns
/// [sign-in fetch start, drawn (two frames later), markers].
const PLAIN_SIGN_IN: &str = r#"
const [view, query, done] = arguments;
const loaded = (tag, attrs) => new Promise((resolve, reject) => {
  const e = document.createElement(tag);
  Object.assign(e, attrs); e.onload = resolve; e.onerror = reject;
  document.head.appendChild(e);
});
const base = '/vendors/ocean/';
const json = { 'Content-Type': 'application/json' };
const frames = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
Promise.all([loaded('link', { rel: 'stylesheet', href: '/leaflet.css' }), loaded('script', { src: '/leaflet.js' })]).then(async () => {
  document.body.replaceChildren();
  const div = document.createElement('div');
  div.style.width = view.width + 'px'; div.style.height = view.height + 'px';
  document.body.appendChild(div);
  const map = L.map(div, { preferCanvas: true, center: view.center, zoom: view.zoom });
  await frames();
  const t0 = performance.now();
  const login = await fetch(base + 'auth/authenticate2', { method: 'POST', headers: json, body: JSON.stringify({ login: 'demo', password: 'demo' }) });
  const token = (await login.json()).token;
  const search = () => fetch(base + 'vehicule_engin/nearestVehicles?' + query, { method: 'POST', headers: { ...json, 'X-AUTH-TOKEN': token }, body: JSON.stringify({ computeMode: 'VOL_OISEAU', radiusUnit: 'KM' }) }).then((r) => r.text()).then((t) => JSON.parse(t));
  const shown = (v) => v.vehicle && v.vehicle.suppressionLogique !== true && v.address && typeof v.address.latitude === 'number';
  const markers = new Map();
  const group = L.featureGroup();
  const first = (await search()).filter(shown);
  for (const v of first) {
    markers.set(v.vehicle.id, L.circleMarker([v.address.latitude, v.address.longitude], { radius: 6, color: '#ffffff', weight: 1.5, fillColor: '#b42318', fillOpacity: 0.9 }).addTo(group));
  }
  group.addTo(map);
  await frames();
  const drawn = performance.now();
  // Live: the same search again `every` s after the last one was drawn, each
  // marker moved with setLatLng (a new vehicle gets a marker), `count` times.
  window.__plainRefreshes = 0;
  window.__plainLive = (every, count) => {
    const tick = async () => {
      for (const v of (await search()).filter(shown)) {
        const m = markers.get(v.vehicle.id);
        if (m) m.setLatLng([v.address.latitude, v.address.longitude]);
        else markers.set(v.vehicle.id, L.circleMarker([v.address.latitude, v.address.longitude], { radius: 6 }).addTo(group));
      }
      await frames();
      window.__plainRefreshes++;
      if (window.__plainRefreshes < count) setTimeout(tick, every * 1000);
    };
    setTimeout(tick, every * 1000);
  };
  // One marker per item, as the console draws one dot per item (an id
  // listed twice moves one marker at a refresh).
  done([t0, drawn, first.length]);
}).catch((e) => done(String(e)));
"#;

/// Waits in the page until plain Leaflet's refresh count passes `arguments[0]`.
const PLAIN_REFRESHED_AFTER: &str = r#"
const done = arguments[arguments.length - 1];
const at = arguments[0], t0 = performance.now();
const check = () => {
  if (window.__plainRefreshes > at) done(window.__plainRefreshes);
  else if (performance.now() - t0 > 120000) done(null); else setTimeout(check, 100);
};
check();
"#;

/// Memory after a forced collection: [JS heap used, wasm memory] (bytes);
/// the wasm memory is 0 on a page without the app.
pub(super) async fn memory(b: &Browser) -> Result<(f64, f64), String> {
    b.cdp("HeapProfiler.collectGarbage", json!({})).await?;
    let heap = b.cdp("Runtime.getHeapUsage", json!({})).await?["usedSize"].as_f64().unwrap_or(f64::NAN);
    Ok((heap, wasm_memory(b).await?))
}

/// The page's wasm memory (bytes), as it is: no collection asked for.
pub(super) async fn wasm_memory(b: &Browser) -> Result<f64, String> {
    let bytes = b.js("return window.wasmBindings ? window.wasmBindings.wasm_memory_bytes() : 0;", vec![]).await?;
    Ok(bytes.as_f64().unwrap_or(f64::NAN))
}

pub(super) async fn now(b: &Browser) -> Result<f64, String> {
    Ok(b.js("return performance.now();", vec![]).await?.as_f64().unwrap_or(f64::NAN))
}

/// [longest, blocking, count] of the long tasks in `[from, to)`; where the
/// longest was is printed, for the profile's reader.
pub(super) async fn long_tasks(b: &Browser, from: f64, to: f64, what: &str) -> Result<[f64; 3], String> {
    let v = b.js(LONG_TASKS_IN, vec![json!(from), json!(to)]).await?;
    let at = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    if let Some(place) = v[3].as_str().filter(|p| !p.is_empty()) {
        println!("  {what}: longest task {:.0} ms, {place}", at(0));
    }
    Ok([at(0), at(1), at(2)])
}

/// One page's figures in one run.
#[derive(Default)]
struct Figures {
    sign_in: Vec<f64>,
    /// Longest task and blocking time, response start → drawn.
    load_longest: Vec<f64>,
    load_blocking: Vec<f64>,
    /// While live: the longest task, the blocking time per refresh.
    live_longest: Vec<f64>,
    live_blocking: Vec<f64>,
    /// After drawing and after the refreshes: JS heap, wasm memory.
    heap: Vec<f64>,
    wasm: Vec<f64>,
    heap_after: Vec<f64>,
    wasm_after: Vec<f64>,
}

impl Figures {
    fn memory_mb(&self) -> (f64, f64, f64, f64) {
        let mb = |v: &Vec<f64>| median(v.clone()) / 1e6;
        (mb(&self.wasm), mb(&self.heap), mb(&self.wasm_after), mb(&self.heap_after))
    }
}

/// The instrumented browser: the long-task observer and the short live
/// interval are in place before the first page's scripts.
async fn instrumented(env: &Env) -> Result<Browser, String> {
    let b = env.browser().await?;
    long_scripts(&b).await?;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": instrument(EVERY_S) })).await?;
    Ok(b)
}

/// The console: sign in on the map with the whole customer in the circle,
/// wait for every dot and the vehicle list, then `refreshes` live
/// refreshes, the simulated world moving one tick before each.
/// Returns the console map's view, for plain Leaflet's page.
async fn console_run(env: &Env, expected: f64, refreshes: usize, f: &mut Figures) -> Result<Value, String> {
    let b = instrumented(env).await?;
    b.goto("/map?lat=46.60000&lon=2.40000&radius=500&mode=crow").await?;
    b.fill("input[name=login]", "demo").await?;
    b.fill("input[name=password]", "demo").await?;
    // BENCH_FLEET_PROFILE=path: a DevTools CPU profile from the sign-in to
    // the last refresh (with FLEET_WASM_NAMES=1, Rust function names), to
    // find what the longest tasks are made of.
    let profile = std::env::var("BENCH_FLEET_PROFILE").ok();
    if profile.is_some() {
        start_profile(&b, 200).await?;
    }
    let submitted = b
        .js("document.querySelector('form.login button[type=submit]').click(); return performance.now();", vec![])
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    let drawn = b.js_async(CONSOLE_DRAWN, vec![json!(0), json!(expected)]).await?.as_f64().unwrap_or(f64::NAN);
    if drawn.is_nan() {
        return Err(format!("the console did not draw its {expected} vehicles within 120 s"));
    }
    let every = b.value("[data-test=refresh-every]").await?;
    if every != EVERY_S.to_string() {
        return Err(format!("the live interval is {every:?} s, not the benchmark's {EVERY_S} s"));
    }
    let response = b.js(NEAREST_RESPONSE_START, vec![]).await?.as_f64().unwrap_or(f64::NAN);
    f.sign_in.push(drawn - submitted);
    let [longest, blocking, _] = long_tasks(&b, response, drawn, "console, first byte → drawn").await?;
    f.load_longest.push(longest);
    f.load_blocking.push(blocking);
    // The plates arrive with the vehicle list, read once the answer is in.
    b.wait_text("[data-test=fleet-status]", "Plates from", 180).await?;
    let (heap, wasm) = memory(&b).await?;
    f.heap.push(heap);
    f.wasm.push(wasm);
    let view = b.js(CONSOLE_VIEW, vec![]).await?;
    let live_from = now(&b).await?;
    // The wasm memory after each refresh: one peak reached early, or a climb.
    let mut climb = Vec::new();
    for i in 1..=refreshes {
        env.advance_clock(1)?;
        if b.js_async(CONSOLE_DRAWN, vec![json!(i), json!(0)]).await?.is_null() {
            return Err(format!("the console's live refresh {i} did not come within 120 s"));
        }
        climb.push(format!("{:.1}", wasm_memory(&b).await? / 1e6));
    }
    println!("  console: wasm memory after each refresh (MB): {}", climb.join(", "));
    let live_to = now(&b).await?;
    if let Some(path) = profile {
        stop_profile(&b, &path).await?;
    }
    let [longest, blocking, _] = long_tasks(&b, live_from, live_to, "console, live").await?;
    f.live_longest.push(longest);
    f.live_blocking.push(blocking / refreshes as f64);
    let (heap, wasm) = memory(&b).await?;
    f.heap_after.push(heap);
    f.wasm_after.push(wasm);
    b.finish().await?;
    Ok(view)
}

/// Plain Leaflet, the same search, view and refreshes (see [`PLAIN_SIGN_IN`]).
async fn plain_run(env: &Env, view: Value, expected: f64, refreshes: usize, f: &mut Figures) -> Result<(), String> {
    let r = instrumented(env).await?;
    r.goto("/plain-leaflet-reference").await?;
    r.wait_for("main").await?;
    let query = "radius=500&latitude=46.6&longitude=2.4";
    let t = r.js_async(PLAIN_SIGN_IN, vec![view, json!(query)]).await?;
    let at = |i: usize| t[i].as_f64().unwrap_or(f64::NAN);
    if at(2) < expected {
        return Err(format!("plain Leaflet drew {} of {expected} vehicles ({t})", at(2)));
    }
    f.sign_in.push(at(1) - at(0));
    let response = r.js(NEAREST_RESPONSE_START, vec![]).await?.as_f64().unwrap_or(f64::NAN);
    let [longest, blocking, _] = long_tasks(&r, response, at(1), "plain Leaflet, first byte → drawn").await?;
    f.load_longest.push(longest);
    f.load_blocking.push(blocking);
    let (heap, wasm) = memory(&r).await?;
    f.heap.push(heap);
    f.wasm.push(wasm);
    let live_from = now(&r).await?;
    r.js("window.__plainLive(arguments[0], arguments[1]);", vec![json!(EVERY_S), json!(refreshes)]).await?;
    for i in 0..refreshes {
        env.advance_clock(1)?;
        if r.js_async(PLAIN_REFRESHED_AFTER, vec![json!(i)]).await?.is_null() {
            return Err(format!("plain Leaflet's refresh {} did not come within 120 s", i + 1));
        }
    }
    let live_to = now(&r).await?;
    let [longest, blocking, _] = long_tasks(&r, live_from, live_to, "plain Leaflet, live").await?;
    f.live_longest.push(longest);
    f.live_blocking.push(blocking / refreshes as f64);
    let (heap, wasm) = memory(&r).await?;
    f.heap_after.push(heap);
    f.wasm_after.push(wasm);
    r.finish().await
}

/// The answers' sizes, as the simulator writes them: [nearest MB, bytes
/// per nearest item, items, vehicle list MB, bytes per record, records].
fn answer_sizes(env: &Env, token: &str) -> Result<[f64; 6], String> {
    let (status, near) = env.sim_send(
        "POST",
        "/ocean/restapi/vehicule_engin/nearestVehicles?radius=500&latitude=46.6&longitude=2.4",
        &[("X-AUTH-TOKEN", token)],
        &json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"}),
    )?;
    let items = serde_json::from_str::<Value>(&near).ok().and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0);
    let (status2, list) = env.sim_get("/ocean/restapi/vehicule_engin/vehicles", &[("X-AUTH-TOKEN", token)])?;
    let records = serde_json::from_str::<Value>(&list).ok().and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0);
    if status != 200 || status2 != 200 || items == 0 || records == 0 {
        return Err(format!("the simulator's answers: HTTP {status} ({items} items), {status2} ({records} records)"));
    }
    let (n, l) = (near.len() as f64, list.len() as f64);
    Ok([n / 1e6, n / items as f64, items as f64, l / 1e6, l / records as f64, records as f64])
}

/// The large-fleet part on `env`'s simulator; `scale` names the rows
/// (`smoke`, `50k`…). `refreshes` live refreshes per page and run.
pub async fn fleet(env: &Env, s: &Settings, table: &mut Table, scale: &str, refreshes: usize) -> Result<(), String> {
    let token = sim_token(env)?;
    let sizes = answer_sizes(env, &token)?;
    let sizes_text = format!(
        "nearest answer {:.1} MB, {:.0} items, {:.2} KB per item; vehicle list {:.1} MB, {:.0} records, {:.2} KB per record",
        sizes[0],
        sizes[2],
        sizes[1] / 1e3,
        sizes[3],
        sizes[5],
        sizes[4] / 1e3
    );
    println!("fleet {scale}: {sizes_text}");
    let (mut console, mut plain) = (Figures::default(), Figures::default());
    let mut drawn = 0.0;
    for _ in 0..s.runs {
        // Each run starts from the world as the last one left it.
        let expected = sim_points(env, &token)?.2.len() as f64;
        drawn = expected;
        let view = console_run(env, expected, refreshes, &mut console).await?;
        // The console's refreshes moved the world: some vehicles left the circle.
        let expected = sim_points(env, &token)?.2.len() as f64;
        plain_run(env, view, expected, refreshes, &mut plain).await?;
    }
    rows(table, scale, refreshes, drawn, &sizes_text, &console, &plain);
    Ok(())
}

/// The part's rows: each console figure with plain Leaflet's beside it.
fn rows(t: &mut Table, scale: &str, refreshes: usize, n: f64, sizes: &str, c: &Figures, p: &Figures) {
    let m = |v: &Vec<f64>| median(v.clone());
    let key = |k: &str| format!("fleet_{scale}_{k}");
    let name = format!("large fleet {scale} ({n:.0} vehicles drawn)");
    let refreshes = if refreshes == 1 { "1 refresh".to_string() } else { format!("{refreshes} refreshes") };
    t.add(
        &key("sign_in"),
        format!("{name}: sign-in → drawn"),
        m(&c.sign_in),
        "ms",
        format!("plain Leaflet, sign-in fetch → drawn: {:.0} ms; {sizes}", m(&p.sign_in)),
        Some(1000.0),
    );
    // "None after the response starts": no long task at all.
    t.add(
        &key("load_longest"),
        format!("{name}: longest main-thread task, response start → drawn"),
        m(&c.load_longest),
        "ms",
        format!("plain Leaflet: {:.0} ms", m(&p.load_longest)),
        Some(LONG_MS),
    );
    t.add(
        &key("load_blocking"),
        format!("{name}: blocking time, response start → drawn"),
        m(&c.load_blocking),
        "ms",
        format!("plain Leaflet: {:.0} ms", m(&p.load_blocking)),
        None,
    );
    t.add(
        &key("live_longest"),
        format!("{name}: longest main-thread task while live ({refreshes}, every {EVERY_S} s)"),
        m(&c.live_longest),
        "ms",
        format!("plain Leaflet: {:.0} ms", m(&p.live_longest)),
        Some(LONG_MS),
    );
    let (ref_blocking, ref_longest) = (m(&p.live_blocking), m(&p.live_longest));
    // ≤ 0.25× plain Leaflet's; one frame meets it when plain Leaflet's own
    // longest task is under a frame.
    let ratio_budget = if ref_longest < FRAME_MS { (0.25 * ref_blocking).max(FRAME_MS) } else { 0.25 * ref_blocking };
    t.add(
        &key("refresh_blocking"),
        format!("{name}: blocking time per live refresh"),
        m(&c.live_blocking),
        "ms",
        format!("plain Leaflet: {ref_blocking:.0} ms (budget 0.25× that)"),
        Some(ratio_budget),
    );
    let (wasm, heap, wasm_after, heap_after) = c.memory_mb();
    let (_, ref_heap, _, ref_heap_after) = p.memory_mb();
    t.add(
        &key("memory_drawn"),
        format!("{name}: memory after drawing (wasm + JS heap after a forced collection)"),
        wasm + heap,
        "MB",
        format!("wasm {wasm:.1} MB + JS {heap:.1} MB; plain Leaflet JS heap {ref_heap:.1} MB (budget 2× that)"),
        Some(2.0 * ref_heap),
    );
    let before = wasm + heap;
    t.add(
        &key("memory_growth"),
        format!("{name}: memory growth after {refreshes}"),
        ((wasm_after + heap_after) / before - 1.0) * 100.0,
        "%",
        format!(
            "wasm {wasm_after:.1} MB + JS {heap_after:.1} MB; plain Leaflet JS heap {ref_heap_after:.1} MB ({:+.1} %)",
            (ref_heap_after / ref_heap - 1.0) * 100.0
        ),
        Some(10.0),
    );
}
