//! End-to-end harness: starts the vendor simulator, `trunk serve` (whose
//! proxies point at that simulator) and ChromeDriver on free loopback ports,
//! then gives each test a fresh headless Chromium session.
//!
//! Browser console errors and wasm panics fail a test: after each test the
//! browser log is read and any SEVERE entry from JavaScript or the console
//! API is an error. Failed resource loads ("network" source) are not: tests
//! provoke vendor errors on purpose and the map tiles are offline here.

use std::{
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{wd::Capabilities, Client, ClientBuilder, Locator};

pub mod edge;
pub mod fixtures;
pub mod ldap;
pub mod tls;
use serde_json::{json, Value};

pub type TestResult = Result<(), String>;

/// A browser test: registered by its file's `tests()` with [`browser_tests!`].
pub type BrowserTest =
    for<'a> fn(&'a Browser, &'a Env) -> std::pin::Pin<Box<dyn std::future::Future<Output = TestResult> + 'a>>;

/// `browser_tests![a, b]`: each async `fn(&Browser, &Env) -> TestResult`
/// with its name, for the harness (`tests/pages.rs`) to run.
#[macro_export]
macro_rules! browser_tests {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), (|b, e| Box::pin($name(b, e))) as $crate::BrowserTest)),*]
    };
}

/// `PATH` with the tools the setup installs in front (`node_modules/.bin`
/// for wasm-opt, `~/.cargo/bin` for trunk and wasm-bindgen): the harness
/// finds them without the scripts' environment.
pub fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![repo_root().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.extend(std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default());
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command for a tool the setup installs, found through [`tool_path`].
pub fn tool(name: &str) -> Command {
    let mut c = Command::new(name);
    c.env("PATH", tool_path());
    c
}

/// Polls `probe` every 100 ms until it yields a value or `timeout` passes;
/// the error names `what` and the last thing seen.
pub async fn poll_until<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Result<T, String>, String>>,
{
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < timeout {
        match probe().await? {
            Ok(found) => return Ok(found),
            Err(seen) => last = seen,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{what} within {timeout:?}; last seen: {last}"))
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("../.."))
}

pub fn screenshots_dir() -> PathBuf {
    repo_root().join("tests/e2e/screenshots")
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}

pub(crate) fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) -> TestResult {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("{what} not ready after {timeout:?}"))
}

/// An HTTP client that returns 4xx/5xx answers instead of failing on them.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// A response's text, up to 1 GB (ureq stops at 10 MB by default; the
/// benchmark's 50,000-vehicle answers are 100 MB).
fn body_text(r: &mut ureq::http::Response<ureq::Body>) -> Result<String, String> {
    r.body_mut().with_config().limit(1 << 30).read_to_string().map_err(|e| e.to_string())
}

fn get_text(url: &str) -> Option<(u16, String)> {
    let mut r = agent().get(url).call().ok()?;
    let status = r.status().as_u16();
    Some((status, r.body_mut().read_to_string().ok()?))
}

/// The running simulator, app server and WebDriver; killed on drop.
pub struct Env {
    children: Vec<Child>,
    pub sim_url: String,
    pub app_url: String,
    pub webdriver_url: String,
}

impl Drop for Env {
    fn drop(&mut self) {
        // A browser that a failed step left open (the benchmark stops at its
        // first error, before `finish`): its Chromium would outlive
        // ChromeDriver. Each of this process's profiles is named after it.
        let mine = format!("fleet-e2e-{}-", std::process::id());
        let _ = Command::new("pkill").args(["-f", &format!("user-data-dir=\\S*{mine}")]).status();
        if let Ok(dir) = fs::read_dir(std::env::temp_dir()) {
            for entry in dir.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&mine)) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = fs::remove_file(repo_root().join("Trunk.e2e.toml"));
    }
}

/// How to run the environment: the tests use the defaults; the benchmark
/// asks for a release build and a simulator at scale.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub sim_args: Vec<String>,
    pub release: bool,
}

impl Env {
    pub fn start() -> Result<Env, String> {
        Env::start_with(Options::default())
    }

    pub fn start_with(options: Options) -> Result<Env, String> {
        let root = repo_root();
        let logs = root.join("target/e2e-logs");
        fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        fs::create_dir_all(screenshots_dir()).map_err(|e| e.to_string())?;
        let log = |name: &str| fs::File::create(logs.join(name)).map(Stdio::from).map_err(|e| e.to_string());

        // The benchmark times the simulator too: it gets an optimised build.
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "fleet-sim"])
            .args(if options.release { &["--release"][..] } else { &[][..] })
            .current_dir(&root)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("building fleet-sim failed".into());
        }

        let (sim_port, app_port, wd_port) = (free_port(), free_port(), free_port());
        let mut env = Env {
            children: Vec::new(),
            sim_url: format!("http://127.0.0.1:{sim_port}"),
            app_url: format!("http://127.0.0.1:{app_port}"),
            webdriver_url: format!("http://127.0.0.1:{wd_port}"),
        };

        env.children.push(
            Command::new(root.join(if options.release {
                "target/release/fleet-sim"
            } else {
                "target/debug/fleet-sim"
            }))
            // A still world: only a test that advances the clock moves it.
            .args(["--port", &sim_port.to_string(), "--live-every", "0"])
            .args(&options.sim_args)
            .stdout(log("sim.log")?)
            .stderr(log("sim.err.log")?)
            .spawn()
            .map_err(|e| format!("cannot start fleet-sim: {e}"))?,
        );
        let health = format!("{}/__sim/health", env.sim_url);
        wait_until("simulator", Duration::from_secs(30), || get_text(&health).is_some_and(|(s, _)| s == 200))?;

        // The development proxies, pointed at this run's simulator port.
        let trunk_toml = fs::read_to_string(root.join("Trunk.toml")).map_err(|e| e.to_string())?;
        let e2e_toml = trunk_toml
            .replace("127.0.0.1:8787", &format!("127.0.0.1:{sim_port}"))
            .replace("dist = \"dist\"", "dist = \"target/e2e-dist\"")
            // Build once: editing the tree during a run must not rebuild it.
            + "\n[watch]\nwatch = [\"Trunk.e2e.toml\"]\n";
        fs::write(root.join("Trunk.e2e.toml"), e2e_toml).map_err(|e| e.to_string())?;
        env.children.push(
            tool("trunk")
                .args(["serve", "--config", "Trunk.e2e.toml", "--port", &app_port.to_string(), "--no-autoreload"])
                // The benchmark's exports: this build serves tests and the
                // benchmark, never people (`dist/` is built without them).
                .args(["--features", "bench"])
                .args(if options.release { &["--release"][..] } else { &[][..] })
                .current_dir(&root)
                .stdout(log("trunk.log")?)
                .stderr(log("trunk.err.log")?)
                .spawn()
                .map_err(|e| format!("cannot start trunk serve: {e}"))?,
        );
        let index = format!("{}/", env.app_url);
        wait_until("trunk serve", Duration::from_secs(900), || {
            get_text(&index).is_some_and(|(s, body)| s == 200 && body.contains("_bg.wasm"))
        })?;

        // Chromium's certificate store: an NSS database in a HOME of the
        // run's own, empty at start; the edge adds its run's CA to it
        // (edge::Edge::start), so HTTPS to the edge is verified (names
        // included), never waved through.
        let home = browser_home();
        let nssdb = home.join(".pki/nssdb");
        fs::create_dir_all(&nssdb).map_err(|e| e.to_string())?;
        let made = Command::new("certutil")
            .arg("-d")
            .arg(format!("sql:{}", nssdb.display()))
            .args(["-N", "--empty-password"])
            .output()
            .map_err(|e| format!("cannot run certutil (scripts/setup.sh installs libnss3-tools): {e}"))?;
        if !made.status.success() {
            return Err(format!("certutil -N: {}", String::from_utf8_lossy(&made.stderr)));
        }
        env.children.push(
            tool("chromedriver")
                .env("HOME", &home)
                .arg(format!("--port={wd_port}"))
                .stdout(log("chromedriver.log")?)
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start chromedriver: {e}"))?,
        );
        let status_url = format!("{}/status", env.webdriver_url);
        wait_until("chromedriver", Duration::from_secs(30), || get_text(&status_url).is_some_and(|(s, _)| s == 200))?;
        Ok(env)
    }

    /// GET on the simulator itself (test-only routes, or direct vendor calls).
    pub fn sim_get(&self, path: &str, headers: &[(&str, &str)]) -> Result<(u16, String), String> {
        let mut req = agent().get(format!("{}{path}", self.sim_url));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut r = req.call().map_err(|e| e.to_string())?;
        let status = r.status().as_u16();
        Ok((status, body_text(&mut r)?))
    }

    pub fn sim_json(&self, path: &str, headers: &[(&str, &str)]) -> Result<Value, String> {
        let (status, body) = self.sim_get(path, headers)?;
        if status != 200 {
            return Err(format!("GET {path}: HTTP {status}: {body}"));
        }
        serde_json::from_str(&body).map_err(|e| format!("GET {path}: {e}"))
    }

    pub fn sim_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Result<(u16, String), String> {
        let url = format!("{}{path}", self.sim_url);
        let mut req = match method {
            "PUT" => agent().put(url),
            _ => agent().post(url),
        };
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut r = req.send_json(body).map_err(|e| e.to_string())?;
        let status = r.status().as_u16();
        Ok((status, body_text(&mut r)?))
    }

    /// Makes the next matching response(s) misbehave (see sim/src/control.rs).
    pub fn fault(&self, fault: Value) -> TestResult {
        let (status, body) = self.sim_send("POST", "/__sim/faults", &[], &fault)?;
        ensure(status == 201, format!("fault not accepted: {status} {body}"))
    }

    /// Moves the simulated world on by `ticks` (vehicles drive, sockets
    /// change state); it stands still otherwise in tests.
    pub fn advance_clock(&self, ticks: u64) -> TestResult {
        let (status, body) = self.sim_send("POST", "/__sim/clock", &[], &serde_json::json!({ "advance": ticks }))?;
        ensure(status == 200, format!("clock not advanced: {status} {body}"))
    }

    /// Requests the simulator received whose path starts with `prefix`.
    pub fn requests(&self, prefix: &str) -> Result<Vec<Value>, String> {
        let log = self.sim_json("/__sim/requests", &[])?;
        Ok(log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with(prefix)))
            .cloned()
            .collect())
    }

    /// No faults pending, an empty request log: each test starts clean.
    pub fn reset(&self) -> TestResult {
        agent().delete(format!("{}/__sim/faults", self.sim_url)).call().map_err(|e| e.to_string())?;
        agent().delete(format!("{}/__sim/vehizen/quirks", self.sim_url)).call().map_err(|e| e.to_string())?;
        self.clear_request_log()
    }

    pub fn clear_request_log(&self) -> TestResult {
        agent().delete(format!("{}/__sim/requests", self.sim_url)).call().map(|_| ()).map_err(|e| e.to_string())
    }

    /// A fresh headless Chromium with its own profile directory, on the app
    /// as `trunk serve` serves it.
    pub async fn browser(&self) -> Result<Browser, String> {
        self.browser_at(&self.app_url).await
    }

    /// The same, on the app served from `base_url` (e.g. the nginx edge).
    pub async fn browser_at(&self, base_url: &str) -> Result<Browser, String> {
        let profile = std::env::temp_dir().join(format!("fleet-e2e-{}-{}", std::process::id(), free_port()));
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,860", "--lang=en-GB",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        // "Leave with unsaved changes?" prompts are accepted, as a user would.
        caps.insert("unhandledPromptBehavior".into(), json!("accept"));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.webdriver_url)
            .await
            .map_err(|e| format!("new browser session: {e}"))?;
        Ok(Browser { client, app_url: base_url.to_string(), profile })
    }
}

/// ChromeDriver's browser log (not part of W3C WebDriver, hence a raw command).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// A Chrome DevTools Protocol command through ChromeDriver (not W3C).
#[derive(Debug)]
struct Cdp(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

pub struct Browser {
    pub client: Client,
    app_url: String,
    profile: PathBuf,
}

impl Browser {
    pub async fn goto(&self, path: &str) -> TestResult {
        self.client.goto(&format!("{}{path}", self.app_url)).await.map_err(|e| format!("goto {path}: {e}"))
    }

    /// Waits for a CSS selector to appear (the app renders asynchronously).
    pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))
    }

    /// Waits until the element's text contains `needle` (for slow outcomes).
    pub async fn wait_text(&self, css: &str, needle: &str, secs: u64) -> Result<String, String> {
        poll_until(&format!("{css}: {needle:?} shown"), Duration::from_secs(secs), || async move {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            Ok(if text.contains(needle) { Ok(text) } else { Err(format!("{text:?}")) })
        })
        .await
    }

    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.wait_for(css).await?.text().await.map_err(|e| e.to_string())
    }

    /// Runs `script` in the page with `args` (`arguments`); its `return` value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client.execute(script, args).await.map_err(|e| e.to_string())
    }

    /// Runs `script` in the page with `args`; the value it passes to the
    /// callback that ends `arguments`.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client.execute_async(script, args).await.map_err(|e| e.to_string())
    }

    pub async fn count(&self, css: &str) -> Result<usize, String> {
        self.client.find_all(Locator::Css(css)).await.map(|v| v.len()).map_err(|e| e.to_string())
    }

    /// Polls until `css` matches exactly `n` elements.
    pub async fn wait_count(&self, css: &str, n: usize) -> TestResult {
        poll_until(&format!("{css}: {n} elements"), Duration::from_secs(20), || async move {
            let found = self.count(css).await?;
            Ok(if found == n { Ok(()) } else { Err(format!("{found} elements")) })
        })
        .await
    }

    pub async fn fill(&self, css: &str, value: &str) -> TestResult {
        let el = self.wait_for(css).await?;
        el.clear().await.map_err(|e| e.to_string())?;
        el.send_keys(value).await.map_err(|e| e.to_string())
    }

    pub async fn click(&self, css: &str) -> TestResult {
        self.wait_for(css).await?.click().await.map_err(|e| format!("click {css}: {e}"))
    }

    /// The path of the current URL.
    pub async fn path(&self) -> Result<String, String> {
        self.client.current_url().await.map(|u| u.path().to_string()).map_err(|e| e.to_string())
    }

    /// Polls until the current path satisfies `ok`.
    pub async fn wait_path(&self, what: &str, ok: impl Fn(&str) -> bool) -> Result<String, String> {
        let ok = &ok;
        poll_until(what, Duration::from_secs(20), || async move {
            let path = self.path().await?;
            Ok(if ok(&path) { Ok(path.clone()) } else { Err(path) })
        })
        .await
    }

    /// Polls until the current URL (path and query) satisfies `ok`.
    pub async fn wait_url(&self, what: &str, ok: impl Fn(&str) -> bool) -> Result<String, String> {
        let ok = &ok;
        poll_until(what, Duration::from_secs(20), || async move {
            let url = self.client.current_url().await.map_err(|e| e.to_string())?.to_string();
            Ok(if ok(&url) { Ok(url.clone()) } else { Err(url) })
        })
        .await
    }

    pub async fn value(&self, css: &str) -> Result<String, String> {
        let el = self.wait_for(css).await?;
        el.prop("value").await.map(|v| v.unwrap_or_default()).map_err(|e| e.to_string())
    }

    /// The host (and port) of the current URL: the console or the portal.
    pub async fn host(&self) -> Result<String, String> {
        let url = self.client.current_url().await.map_err(|e| e.to_string())?;
        Ok(format!("{}{}", url.host_str().unwrap_or_default(), url.port().map(|p| format!(":{p}")).unwrap_or_default()))
    }

    /// Polls until the browser is on the host starting with `prefix`.
    pub async fn wait_host(&self, prefix: &str) -> Result<String, String> {
        poll_until(&format!("on {prefix}…"), Duration::from_secs(20), || async move {
            let host = self.host().await?;
            Ok(if host.starts_with(prefix) { Ok(host.clone()) } else { Err(host) })
        })
        .await
    }

    /// Fills in and sends LemonLDAP::NG's portal form (the page must be on it).
    pub async fn submit_portal_form(&self, user: &str, password: &str) -> TestResult {
        self.fill("input[name=user]", user).await?;
        self.fill("input[name=password]", password).await?;
        self.click("form button[type=submit]").await
    }

    /// Puts a session cookie (`name=value`, from [`edge::Edge::sign_in`])
    /// into the browser for the console's host, as the portal would have
    /// (through CDP: WebDriver's own call refuses `*.localhost` domains).
    pub async fn use_session_cookie(&self, cookie: &str) -> TestResult {
        let (name, value) = cookie.split_once('=').ok_or("cookie without '='")?;
        let params =
            json!({ "name": name, "value": value, "url": format!("{}/", self.app_url), "path": "/", "httpOnly": true });
        let r = self.cdp("Network.setCookie", params).await.map_err(|e| format!("adding the session cookie: {e}"))?;
        ensure(r["success"] != json!(false), format!("the browser refused the session cookie: {r}"))
    }

    pub async fn screenshot(&self, name: &str) -> TestResult {
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        fs::write(screenshots_dir().join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }

    /// Runs axe-core (npm, from node_modules; injected through WebDriver, so
    /// the page's CSP does not apply to it) on the page as it is and returns
    /// one line per violation: rule, impact, help and up to 5 offending nodes.
    pub async fn axe_violations(&self) -> Result<Vec<String>, String> {
        static AXE: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
        let source = AXE
            .get_or_init(|| {
                fs::read_to_string(repo_root().join("node_modules/axe-core/axe.min.js"))
                    .map_err(|e| format!("axe-core not installed (npm ci): {e}"))
            })
            .clone()?;
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .map_err(|e| format!("injecting axe: {e}"))?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`)))
                   .catch((e) => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .map_err(|e| format!("running axe: {e}"))?;
        Ok(found.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }

    /// Makes the page see `prefers-color-scheme: <scheme>` ("light"/"dark"),
    /// as if the operating system had switched.
    pub async fn emulate_color_scheme(&self, scheme: &str) -> TestResult {
        let params = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
        self.cdp("Emulation.setEmulatedMedia", params).await.map(|_| ()).map_err(|e| format!("emulating {scheme}: {e}"))
    }

    /// One Chrome DevTools Protocol command (`Domain.method`), its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        let command = json!({ "cmd": cmd, "params": params });
        self.client.issue_cmd(Cdp(command)).await.map_err(|e| format!("{cmd}: {e}"))
    }

    /// Main-thread task time so far (ms), from the DevTools Performance domain.
    pub async fn task_time_ms(&self) -> Result<f64, String> {
        self.cdp("Performance.enable", json!({})).await?;
        let r = self.cdp("Performance.getMetrics", json!({})).await?;
        let metrics = r["metrics"].as_array().cloned().unwrap_or_default();
        let task = metrics.iter().find(|m| m["name"] == "TaskDuration").and_then(|m| m["value"].as_f64());
        task.map(|s| s * 1000.0).ok_or_else(|| "no TaskDuration metric".to_string())
    }

    /// Every browser log message since the last read (reading empties it).
    pub async fn log_messages(&self) -> Result<Vec<String>, String> {
        let log = self.client.issue_cmd(BrowserLog).await.map_err(|e| format!("reading browser log: {e}"))?;
        Ok(log
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect())
    }

    /// SEVERE browser log entries that are not failed resource loads.
    pub async fn console_errors(&self) -> Result<Vec<String>, String> {
        let log = self.client.issue_cmd(BrowserLog).await.map_err(|e| format!("reading browser log: {e}"))?;
        Ok(log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE" && e["source"] != "network")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect())
    }

    /// Ends the session; fails if the page logged errors or panicked.
    pub async fn finish(self) -> TestResult {
        let errors = self.console_errors().await;
        let _ = self.client.close().await;
        let _ = fs::remove_dir_all(&self.profile);
        match errors? {
            e if e.is_empty() => Ok(()),
            e => Err(format!("browser console errors: {e:#?}")),
        }
    }
}

/// Runs one async test body on its own runtime, with a browser it closes.
pub fn run_browser_test<F, Fut>(env: &Env, body: F) -> TestResult
where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = (Browser, TestResult)>,
{
    run_browser_test_at(env, &env.app_url, body)
}

/// [`run_browser_test`] on the app served from `base_url`.
pub fn run_browser_test_at<F, Fut>(env: &Env, base_url: &str, body: F) -> TestResult
where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = (Browser, TestResult)>,
{
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async {
        env.reset()?;
        let browser = env.browser_at(base_url).await?;
        let (browser, outcome) = body(browser).await;
        let finished = browser.finish().await;
        outcome.and(finished)
    })
}

/// [`run_browser_test`] through a production edge, signed in as `user`
/// (session cookie from the portal over HTTP, so the test starts on the
/// console; `edge_auth` tests the portal form itself).
pub fn run_browser_test_signed_in<F, Fut>(env: &Env, edge: &edge::Edge, user: &str, body: F) -> TestResult
where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = (Browser, TestResult)>,
{
    let cookie = edge.sign_in_as(user)?;
    run_browser_test_at(env, &edge.url, |b| async move {
        if let Err(e) = b.use_session_cookie(&cookie).await {
            return (b, Err(e));
        }
        body(b).await
    })
}

/// The browsers' HOME (their NSS certificate database): removed with the
/// run's other temporary files (its name starts like the profiles').
pub fn browser_home() -> PathBuf {
    std::env::temp_dir().join(format!("fleet-e2e-{}-home", std::process::id()))
}

/// Makes the run's browsers trust `ca_pem` for TLS servers (those started
/// after this call), through their NSS database.
pub fn trust_ca_in_browsers(ca_pem: &Path, nickname: &str) -> TestResult {
    let nssdb = browser_home().join(".pki/nssdb");
    let added = Command::new("certutil")
        .arg("-d")
        .arg(format!("sql:{}", nssdb.display()))
        .args(["-A", "-t", "C,,", "-n", nickname, "-i"])
        .arg(ca_pem)
        .output()
        .map_err(|e| format!("cannot run certutil: {e}"))?;
    ensure(added.status.success(), format!("certutil -A: {}", String::from_utf8_lossy(&added.stderr)))
}

pub fn ensure(cond: bool, what: impl Into<String>) -> TestResult {
    if cond {
        Ok(())
    } else {
        Err(what.into())
    }
}
