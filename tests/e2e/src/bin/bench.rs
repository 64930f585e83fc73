//! Benchmark (prints figures; not a pass/fail test), in headless Chromium on
//! a release build: the driver tree at ≥ 10,000 nodes and the map with
//! 5,000 vehicles.
//! `cargo run -p fleet-e2e --release --bin bench -- [runs]`

use std::time::Duration;

use fleet_e2e::{Env, Options};
use serde_json::{json, Value};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64) * 0.95) as usize).or(v.last()).copied().unwrap_or(f64::NAN)
}

/// Runs `action` (JS), lets the app's pending reactive updates run (a
/// MessageChannel task comes after them), forces layout, and returns the
/// elapsed time: script + DOM + style + layout, without idle frame time.
const TIMED: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
(new Function(arguments[0]))();
const ch = new MessageChannel();
ch.port1.onmessage = () => { void document.body.offsetHeight; done(performance.now() - t0); };
ch.port2.postMessage(0);
"#;

const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const el = document.querySelector('[data-test=tree]');
const frames = []; let last = performance.now(); let n = 0;
function step(now) {
  frames.push(now - last); last = now; el.scrollTop += 150; n++;
  if (n < 150) requestAnimationFrame(step); else done(frames.slice(2));
}
requestAnimationFrame((t) => { last = t; requestAnimationFrame(step); });
"#;

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    // 6,250 vehicles: 5,000 belong to the demo login's customer.
    let sim_args = ["--drivers", "2000", "--vehicles", "6250"].map(String::from).to_vec();
    let env = match Env::start_with(Options { sim_args, release: true }) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("benchmark environment failed: {e}");
            std::process::exit(1);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let report = rt.block_on(async {
        let tree = tree_bench(&env, runs).await?;
        let map = map_bench(&env, runs).await?;
        Ok::<Value, String>(json!({ "tree": tree, "map": map }))
    });
    match report {
        Ok(report) => {
            let path = fleet_e2e::repo_root().join("target/bench.json");
            let _ = std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap_or_default());
            println!("(written to {})", path.display());
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}

async fn tree_bench(env: &Env, runs: usize) -> Result<Value, String> {
    let mut first_screen = Vec::new();
    let mut build = Vec::new();
    let mut expand_all = Vec::new();
    let mut keystroke = Vec::new();
    let mut frames = Vec::new();
    let mut nodes = 0.0;
    for _ in 0..runs {
        let b = env.browser().await?;
        b.goto("/drivers").await?;
        b.wait_for("[data-test=tree] [role=treeitem]").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let fs = b.client.execute("const d = performance.getEntriesByName('tree:data')[0], f = performance.getEntriesByName('tree:first-screen')[0]; return d && f ? f.startTime - d.startTime : null;", vec![]).await.map_err(|e| e.to_string())?;
        first_screen.push(fs.as_f64().unwrap_or(f64::NAN));
        let bt = b.client.execute("const d = performance.getEntriesByName('tree:data')[0], f = performance.getEntriesByName('tree:built')[0]; return d && f ? f.startTime - d.startTime : null;", vec![]).await.map_err(|e| e.to_string())?;
        build.push(bt.as_f64().unwrap_or(f64::NAN));
        let t = b.client.execute_async(TIMED, vec![json!("document.querySelector('[data-test=expand-all]').click()")]).await.map_err(|e| e.to_string())?;
        expand_all.push(t.as_f64().unwrap_or(f64::NAN));
        let h = b.client.execute("return document.querySelector('.tree-canvas').getBoundingClientRect().height / 34;", vec![]).await.map_err(|e| e.to_string())?;
        nodes = h.as_f64().unwrap_or(0.0);
        let scroll = b.client.execute_async(SCROLL, vec![]).await.map_err(|e| e.to_string())?;
        frames.extend(scroll.as_array().into_iter().flatten().filter_map(Value::as_f64));
        let t = b
            .client
            .execute_async(TIMED, vec![json!("const i = document.querySelector('[data-test=tree-search]'); i.value = 'drv-0012'; i.dispatchEvent(new Event('input', { bubbles: true }));")])
            .await
            .map_err(|e| e.to_string())?;
        keystroke.push(t.as_f64().unwrap_or(f64::NAN));
        b.finish().await?;
    }
    let report = json!({
        "nodes": nodes,
        "runs": runs,
        "first_screen_ms": median(first_screen.clone()),
        "of_which_tree_build_ms": median(build.clone()),
        "expand_all_ms": median(expand_all.clone()),
        "filter_keystroke_ms": median(keystroke.clone()),
        "scroll_frame_median_ms": median(frames.clone()),
        "scroll_frame_p95_ms": p95(frames.clone()),
    });
    println!("Driver tree, {nodes:.0} nodes when fully expanded, median of {runs} runs (release build, headless Chromium):");
    println!("  data → first screen   {:>7.1} ms   (target ≤ 50; of which building the node arena {:.1} ms)", median(first_screen), median(build));
    println!("  expand all            {:>7.1} ms   (target ≤ 100)", median(expand_all));
    println!("  one filter keystroke  {:>7.1} ms   (target ≤ 16)", median(keystroke));
    println!("  scroll frame          {:>7.1} ms median, {:.1} ms p95 over {} frames", median(frames.clone()), p95(frames.clone()), frames.len());
    Ok(report)
}

/// Pans and zooms through Leaflet's keyboard handler for ~3 s and records
/// every frame's duration.
const PAN_ZOOM: &str = r#"
const done = arguments[arguments.length - 1];
const map = document.querySelector('.leaflet-container');
map.focus();
const key = (code) => { for (const type of ['keydown', 'keyup']) { const e = new KeyboardEvent(type, { bubbles: true }); Object.defineProperty(e, 'keyCode', { get: () => code }); map.dispatchEvent(e); } };
const codes = [39, 39, 40, 40, 187, 37, 37, 38, 38, 189, 39, 40, 187, 37, 38, 189];
let i = 0;
const timer = setInterval(() => key(codes[i++ % codes.length]), 180);
const frames = []; let last = performance.now();
const end = last + 3000;
function step(now) { frames.push(now - last); last = now; if (now < end) requestAnimationFrame(step); else { clearInterval(timer); done(frames.slice(1)); } }
requestAnimationFrame(step);
"#;

async fn map_bench(env: &Env, runs: usize) -> Result<Value, String> {
    let mut draw = Vec::new();
    let mut frames = Vec::new();
    let mut markers = 0.0;
    for _ in 0..runs {
        let b = env.browser().await?;
        b.goto("/map?lat=46.60000&lon=2.40000&radius=500&mode=crow").await?;
        b.fill("input[name=login]", "demo").await?;
        b.fill("input[name=password]", "demo").await?;
        b.click("form.login button[type=submit]").await?;
        let mut drawn = 0.0;
        for _ in 0..300 {
            let m = b.client.execute("return Number(document.querySelector('[data-test=map]').dataset.markers || 0);", vec![]).await.map_err(|e| e.to_string())?;
            drawn = m.as_f64().unwrap_or(0.0);
            if drawn >= 4000.0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        markers = drawn;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let t = b
            .client
            .execute("const r = performance.getEntriesByName('map:response'), d = performance.getEntriesByName('map:drawn'); return r.length && d.length ? d[d.length - 1].startTime - r[r.length - 1].startTime : null;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        draw.push(t.as_f64().unwrap_or(f64::NAN));
        let parts = b
            .client
            .execute("const g = (n) => { const e = performance.getEntriesByName(n); return e.length ? e[e.length - 1].startTime : NaN; }; return [g('map:markers-start') - g('map:response'), g('map:markers-done') - g('map:markers-start'), g('map:drawn') - g('map:markers-done')];", vec![])
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("    map draw split (before markers / adding markers / after): {parts}");
        let f = b.client.execute_async(PAN_ZOOM, vec![]).await.map_err(|e| e.to_string())?;
        frames.extend(f.as_array().into_iter().flatten().filter_map(Value::as_f64));
        b.finish().await?;
    }
    println!("Map, {markers:.0} vehicles in one search, median of {runs} runs:");
    println!("  response → all drawn  {:>7.1} ms   (target ≤ 150)", median(draw.clone()));
    println!("  pan/zoom frame        {:>7.1} ms median, {:.1} ms p95 over {} frames   (target ≤ 16.7)", median(frames.clone()), p95(frames.clone()), frames.len());
    Ok(json!({
        "vehicles": markers,
        "response_to_drawn_ms": median(draw),
        "pan_zoom_frame_median_ms": median(frames.clone()),
        "pan_zoom_frame_p95_ms": p95(frames),
    }))
}
