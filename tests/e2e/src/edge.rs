//! The production edge under test: a release `dist/` served over HTTPS by
//! Debian's nginx with the configuration `deploy/nginx/render.sh` renders,
//! behind Debian's LemonLDAP::NG (people and groups in Debian's OpenLDAP,
//! over StartTLS; sessions in Redis), proxying to this run's simulator with
//! the simulator's demo keys standing in for real ones. The certificates
//! come from a CA made for the run (`scripts/tls-ca.sh`).

use std::{
    fs,
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

pub use crate::fixtures::{EMABLER_KEY, VEHIZEN_KEY, VEHIZEN_KEY_HEADER};
use crate::ldap::{write_secret, Directory, TlsFiles};
use crate::{free_port, repo_root, wait_until, Env};
use serde_json::Value;
use std::sync::Arc;

/// The directory's people ([`crate::ldap`]): dwho is in `fleet-editors`,
/// rtyler and msmith in `fleet-viewers`, jharkness in neither (the edge's
/// default rules: editors edit, viewers read, anyone else gets nothing).
pub const EDITOR: &str = "dwho";
pub const VIEWER: &str = "rtyler";
pub const OTHER_VIEWER: &str = "msmith";
pub const NOBODY: &str = "jharkness";
/// The suite's lock times after repeated wrong passwords (seconds, growing).
pub const BRUTE_FORCE_LOCK_TIMES: &str = "3, 6";

/// One production edge node: nginx and LemonLDAP::NG's FastCGI handler and
/// portal, rendered by `deploy/nginx/render.sh` into a temporary directory,
/// sessions in a Redis it shares with any other node of the same [`Redis`].
pub struct Edge {
    nginx: Option<Child>,
    llng: Option<Child>,
    pub url: String,
    pub port: u16,
    /// `console.localhost:<port>`: Chromium and curl resolve `*.localhost`.
    pub host: String,
    /// `auth.console.localhost:<port>`: LL::NG's portal on the same nginx.
    pub portal_host: String,
    /// The release build nginx serves.
    pub dist: PathBuf,
    /// The rendered configuration (holds the credentials): a temp dir.
    pub config_dir: PathBuf,
    pub audit_log: PathBuf,
    /// A viewer's session, for requests that only need to be signed in.
    viewer_cookie: String,
    /// The session store, when this node started it (dropped after nginx
    /// and LL::NG have stopped).
    own_redis: Option<Redis>,
    pub redis_port: u16,
    /// What every node of this run shares: the certificates, the directory.
    pub shared: Arc<Shared>,
    /// Plain HTTP's port (it only redirects to HTTPS).
    pub http_port: u16,
}

/// The run's CA and the edge's certificate (`scripts/tls-ca.sh`: ca.crt,
/// server.crt, server.key, server.spki), and its OpenLDAP directory.
pub struct Shared {
    pub pki: PathBuf,
    pub directory: Directory,
    pub dist: PathBuf,
    pub redis_port: u16,
    pub redis_password_file: PathBuf,
}

impl Drop for Shared {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.pki);
    }
}

impl Shared {
    pub fn ca(&self) -> PathBuf {
        self.pki.join("ca.crt")
    }
}

/// A directory person's password.
pub fn password(user: &str) -> String {
    crate::ldap::password(user)
}

/// The session store every edge node of a test run shares.
pub struct Redis {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
}

/// The session store's ACL user (the default user is off: nothing answers
/// without this user's password).
pub const REDIS_USER: &str = "llng";

impl Drop for Redis {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            stop(c);
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Redis {
    /// The file holding the ACL user's password (render.sh reads it).
    pub fn password_file(&self) -> PathBuf {
        self.dir.join("password")
    }

    pub fn start() -> Result<Redis, String> {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("fleet-e2e-redis-{}-{port}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let password = format!("redis-{}-{port}", std::process::id());
        write_secret(&dir.join("password"), &format!("{password}\n"))?;
        // The ACL in a file of its own, not on the command line (ps shows it).
        write_secret(
            &dir.join("redis.conf"),
            &format!("user default off\nuser {REDIS_USER} on >{password} ~* &* +@all\n"),
        )?;
        let child = Command::new("redis-server")
            .arg(dir.join("redis.conf"))
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start redis-server (scripts/setup.sh installs it): {e}"))?;
        let redis = Redis { child: Some(child), port, dir };
        wait_until("redis", Duration::from_secs(20), || TcpStream::connect(("127.0.0.1", port)).is_ok())?;
        Ok(redis)
    }
}

/// The live processes below `pid` (children, grandchildren…), read from
/// `/proc`: nginx's workers, LL::NG's FastCGI workers.
pub fn descendants(pid: u32) -> Vec<u32> {
    let parent_of = |p: u32| -> Option<u32> {
        let stat = fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        // "pid (comm) state ppid …": comm may hold spaces and parentheses.
        stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
    };
    let all: Vec<(u32, u32)> = fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| Some((p, parent_of(p)?)))
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(all.iter().filter(|(_, pp)| *pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    found.remove(0);
    found
}

/// Whether `pid` is a running process (a zombie, already ended, is not).
pub fn alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next().map(|s| s != "Z")))
        .unwrap_or(false)
}

/// Ends a server and everything it started: SIGTERM to the master (nginx's
/// stops its workers, LL::NG's process manager its own), waiting for it; if
/// it does not end, SIGKILL. Workers that outlived their master (orphaned by
/// a master that had to be killed) are killed by pid, so none is left.
fn stop(child: &mut Child) {
    let family = descendants(child.id());
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let mut ended = false;
    for _ in 0..100 {
        ended = matches!(child.try_wait(), Ok(Some(_)));
        if ended {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !ended {
        let _ = child.kill();
        let _ = child.wait();
    }
    let left: Vec<String> = family.iter().filter(|p| alive(**p)).map(u32::to_string).collect();
    if !left.is_empty() {
        let _ = Command::new("kill").arg("-KILL").args(&left).status();
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        for c in [self.nginx.as_mut(), self.llng.as_mut()].into_iter().flatten() {
            stop(c);
        }
        let _ = fs::remove_dir_all(&self.config_dir);
    }
}

/// The run's certificates: a CA and one certificate for the console's and
/// the portal's names (and 127.0.0.1, for the directory's StartTLS), made
/// by the script the local edge of docs/deploying.md uses. The CA and the leaf are
/// world-readable (LL::NG, as www-data, verifies the directory with ca.crt).
fn make_pki() -> Result<PathBuf, String> {
    // Named like the run's other temporary files, so Env's drop sweeps it
    // even when a later step of the start fails.
    let dir = std::env::temp_dir().join(format!("fleet-e2e-{}-pki", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let made = Command::new("bash")
        .arg(repo_root().join("scripts/tls-ca.sh"))
        .arg(&dir)
        .args(["console.localhost", "auth.console.localhost", "127.0.0.1"])
        .output()
        .map_err(|e| format!("cannot run tls-ca.sh: {e}"))?;
    if !made.status.success() {
        return Err(format!("tls-ca.sh failed: {}", String::from_utf8_lossy(&made.stderr)));
    }
    use std::os::unix::fs::PermissionsExt;
    for (path, mode) in [(dir.clone(), 0o755), (dir.join("ca.crt"), 0o644), (dir.join("server.crt"), 0o644)] {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// Whether `dist/` is a release build of this very tree (as the test
/// command makes just before the suite): then it is copied, not built again.
fn release_of_this_tree(root: &Path) -> bool {
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(root).output().ok();
    let Some(head) = git(&["rev-parse", "HEAD"]).filter(|o| o.status.success()) else { return false };
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let clean = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|o| o.status.success() && o.stdout.is_empty());
    let info = fs::read_to_string(root.join("dist/build-info.json")).unwrap_or_default();
    clean && info == format!("{{\"profile\":\"release\",\"commit\":\"{head}\",\"dirty\":false}}\n")
}

/// The release bundle nginx serves (once per run): `dist/` when it is this
/// tree's release build, else built here.
pub fn build_dist() -> Result<PathBuf, String> {
    let root = repo_root();
    let dist = root.join("target/edge-dist");
    let logs = root.join("target/e2e-logs");
    fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    if release_of_this_tree(&root) {
        let _ = fs::remove_dir_all(&dist);
        let copied = Command::new("cp").arg("-a").arg(root.join("dist")).arg(&dist).status();
        if copied.is_ok_and(|s| s.success()) {
            return precompress(&root, dist);
        }
    }
    let log = |name: &str| fs::File::create(logs.join(name)).map(Stdio::from).map_err(|e| e.to_string());
    let built = crate::tool("trunk")
        .args(["build", "--release", "--config", "Trunk.toml", "--dist"])
        .arg(&dist)
        .current_dir(&root)
        .stdout(log("edge-build.log")?)
        .stderr(log("edge-build.err.log")?)
        .status()
        .map_err(|e| format!("cannot run trunk build: {e}"))?;
    if !built.success() {
        return Err("trunk build --release failed (target/e2e-logs/edge-build.err.log)".into());
    }
    precompress(&root, dist)
}

fn precompress(root: &Path, dist: PathBuf) -> Result<PathBuf, String> {
    let pre = Command::new("bash")
        .arg(root.join("deploy/nginx/precompress.sh"))
        .arg(&dist)
        .output()
        .map_err(|e| format!("cannot run precompress.sh: {e}"))?;
    if !pre.status.success() {
        return Err(format!("precompress.sh failed: {}", String::from_utf8_lossy(&pre.stderr)));
    }
    Ok(dist)
}

impl Edge {
    /// Builds the release bundle and starts one node on its own Redis.
    pub fn start(env: &Env) -> Result<Edge, String> {
        let dist = build_dist()?;
        let redis = Redis::start()?;
        let pki = make_pki()?;
        crate::trust_ca_in_browsers(&pki.join("ca.crt"), &format!("fleet-e2e-{}", std::process::id()))?;
        let tls = TlsFiles { cert: pki.join("server.crt"), key: pki.join("server.key"), ca: pki.join("ca.crt") };
        let directory = match Directory::start(Some(&tls)) {
            Ok(d) => d,
            Err(e) => {
                let _ = fs::remove_dir_all(&pki);
                return Err(e);
            }
        };
        let shared = Arc::new(Shared {
            pki,
            directory,
            dist,
            redis_port: redis.port,
            redis_password_file: redis.password_file(),
        });
        let mut edge = Edge::start_node(env, shared, "a", &[])?;
        edge.own_redis = Some(redis);
        Ok(edge)
    }

    /// Another node of the same run (same sessions, directory and CA).
    pub fn start_sibling(&self, env: &Env, name: &str, overrides: &[(&str, &str)]) -> Result<Edge, String> {
        Edge::start_node(env, self.shared.clone(), name, overrides)
    }

    /// Renders and starts one node (nginx + LL::NG) serving the run's
    /// `dist`, its sessions in the run's Redis, with render.sh variables of
    /// the test's own in `overrides` (they replace the suite's defaults).
    fn start_node(env: &Env, shared: Arc<Shared>, name: &str, overrides: &[(&str, &str)]) -> Result<Edge, String> {
        let dist = shared.dist.clone();
        let redis_port = shared.redis_port;
        let root = repo_root();
        let logs = root.join("target/e2e-logs");
        fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        let log = |file: &str| {
            fs::File::create(logs.join(format!("edge-{name}-{file}"))).map(Stdio::from).map_err(|e| e.to_string())
        };

        let port = free_port();
        let http_port = free_port();
        let config_dir = std::env::temp_dir().join(format!("fleet-e2e-edge-{}-{port}", std::process::id()));
        let _ = fs::remove_dir_all(&config_dir);
        fs::create_dir_all(&config_dir).map_err(|e| e.to_string())?;
        let host = format!("console.localhost:{port}");
        let portal_host = format!("auth.console.localhost:{port}");
        let audit_log = logs.join(format!("edge-{name}-audit.log"));
        let _ = fs::remove_file(&audit_log);
        // From here on, whatever fails drops the node: its processes are
        // stopped and its rendered files removed.
        let mut edge = Edge {
            nginx: None,
            llng: None,
            url: format!("https://{host}"),
            port,
            host: host.clone(),
            portal_host: portal_host.clone(),
            dist: dist.clone(),
            config_dir: config_dir.clone(),
            audit_log: audit_log.clone(),
            viewer_cookie: String::new(),
            own_redis: None,
            redis_port,
            shared: shared.clone(),
            http_port,
        };
        let key_file = config_dir.join("vehizen.key");
        write_secret(&key_file, &format!("{VEHIZEN_KEY}\n"))?;
        let root_user = running_as_root();
        let sim = &env.sim_url;
        let mut render = Command::new("bash");
        render
            .arg(root.join("deploy/nginx/render.sh"))
            .env("VEHIZEN_URL", format!("{sim}/vehizen/"))
            .env("VEHIZEN_KEY_HEADER", VEHIZEN_KEY_HEADER)
            // One key from a file, one from the environment: both ways work.
            .env("VEHIZEN_KEY_FILE", &key_file)
            .env("EMABLER_URL", format!("{sim}/emabler/api/v2/cpo/"))
            .env("EMABLER_KEY", EMABLER_KEY)
            .env("OCEAN_URL", format!("{sim}/ocean/restapi/"))
            .env("GEOCODER_URL", format!("{sim}/geocoder/"))
            .env("FLEET_DIST", &dist)
            // The suite builds the working tree, committed or not.
            .env("FLEET_ALLOW_DIRTY_BUILD", "1")
            .env("FLEET_SERVER_NAME", "console.localhost")
            .env("FLEET_PUBLIC_ORIGIN", format!("https://{host}"))
            .env("FLEET_LISTEN", format!("127.0.0.1:{port}"))
            .env("FLEET_HTTP_LISTEN", format!("127.0.0.1:{http_port}"))
            .env("FLEET_TLS_CERT", shared.pki.join("server.crt"))
            .env("FLEET_TLS_KEY", shared.pki.join("server.key"))
            .env("FLEET_OUT", &config_dir)
            .env("FLEET_ERROR_LOG", logs.join(format!("edge-{name}-nginx.error.log")))
            .env("FLEET_ACCESS_LOG", logs.join(format!("edge-{name}-nginx.access.log")))
            .env("FLEET_AUDIT_LOG", &audit_log)
            .env("LLNG_PORTAL_URL", format!("https://{portal_host}/"))
            .env("LLNG_COOKIE_DOMAIN", "console.localhost")
            // The directory, over StartTLS verified against the run's CA;
            // the editor and viewer rules are render.sh's defaults.
            .env("LLNG_AUTH_BACKEND", "LDAP")
            .env("LLNG_LDAP_SERVER", format!("ldap+tls://127.0.0.1:{}", shared.directory.port))
            .env("LLNG_LDAP_BASE", &shared.directory.base)
            .env("LLNG_LDAP_BIND_DN", &shared.directory.bind_dn)
            .env("LLNG_LDAP_BIND_PASSWORD_FILE", &shared.directory.bind_password_file)
            .env("LLNG_LDAP_GROUP_BASE", &shared.directory.group_base)
            .env("LLNG_LDAP_CA_FILE", shared.ca())
            // The suite signs in often from one address: the portal's limit
            // is tested on a node of its own (edge_perimeter.rs). Lock times
            // short enough to wait out in a test.
            .env("FLEET_PORTAL_RATE", "600r/m")
            .env("FLEET_PORTAL_BURST", "200")
            .env("LLNG_BRUTE_FORCE_LOCK_TIMES", BRUTE_FORCE_LOCK_TIMES)
            .env("LLNG_SESSIONS", "redis")
            .env("LLNG_REDIS_SERVER", format!("127.0.0.1:{redis_port}"))
            .env("LLNG_REDIS_USER", REDIS_USER)
            .env("LLNG_REDIS_PASSWORD_FILE", &shared.redis_password_file)
            .env_remove("VEHIZEN_KEY");
        for (k, v) in overrides {
            render.env(k, v);
        }
        // Started as root (CI containers), nginx would run its workers as
        // "nobody", who cannot read the build tree; LL::NG refuses root and
        // runs as www-data.
        if root_user {
            render.env("FLEET_USER", "root");
        }
        let rendered = render.output().map_err(|e| format!("cannot run render.sh: {e}"))?;
        if !rendered.status.success() {
            return Err(format!("render.sh failed: {}", String::from_utf8_lossy(&rendered.stderr)));
        }

        let state = config_dir.join("llng-state");
        // As docs/deploying.md starts them: under umask 077 (pid files, sessions,
        // caches readable by their owner only).
        let mut llng = umask_077("llng-fastcgi-server");
        llng.env("LLNG_DEFAULTCONFFILE", config_dir.join("lemonldap-ng.ini"))
            .arg("--foreground")
            .arg("-s")
            .arg(state.join("llng-fastcgi.sock"))
            .arg("-p")
            .arg(state.join("llng.pid"))
            .args(["-n", "2"]);
        if root_user {
            llng.args(["-u", "www-data", "-g", "www-data"]);
        }
        edge.llng =
            Some(llng.stdout(log("llng.log")?).stderr(log("llng.err.log")?).spawn().map_err(|e| {
                format!("cannot start llng-fastcgi-server (scripts/setup.sh installs lemonldap-ng): {e}")
            })?);
        edge.nginx = Some(
            umask_077("nginx")
                .arg("-c")
                .arg(config_dir.join("nginx.conf"))
                .args(["-g", "daemon off;"])
                .stdout(log("nginx.log")?)
                .stderr(log("nginx.err.log")?)
                .spawn()
                .map_err(|e| format!("cannot start nginx: {e}"))?,
        );
        // Ready when the handler answers through nginx: 401 without a session.
        wait_until("nginx + LL::NG", Duration::from_secs(30), || {
            edge.anonymous("GET /auth/me HTTP/1.1", &[]).is_ok_and(|r| r.status == 401)
        })?;
        edge.viewer_cookie = edge.sign_in_as(VIEWER)?;
        Ok(edge)
    }

    /// Every process of this node: nginx's master and workers, LL::NG's
    /// manager and workers.
    pub fn processes(&self) -> Vec<u32> {
        [self.nginx.as_ref(), self.llng.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|c| [vec![c.id()], descendants(c.id())].concat())
            .collect()
    }

    /// Signs in through the portal as a browser would (its form, with the
    /// CSRF token it hands out) and returns the session cookie
    /// (`lemonldap=...`).
    pub fn sign_in_as(&self, user: &str) -> Result<String, String> {
        self.sign_in(user, &password(user))
    }

    /// [`Edge::sign_in_as`] with a password of the test's choosing.
    pub fn sign_in(&self, user: &str, password: &str) -> Result<String, String> {
        match self.try_sign_in(user, password)? {
            (Some(cookie), _) => Ok(cookie),
            (None, answer) => Err(format!("sign-in as {user} refused: {answer}")),
        }
    }

    /// One attempt through the portal's form: the session cookie if it
    /// opened one, and the portal's JSON answer (`result`, `error`: its
    /// PE_* code) or, when it did not answer JSON, its status and text.
    pub fn try_sign_in(&self, user: &str, password: &str) -> Result<(Option<String>, Value), String> {
        let answer = self.portal_post(user, password, "application/json")?;
        let cookie = answer
            .headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next())
            .find(|c| c.starts_with("lemonldap=") && c.len() > "lemonldap=".len())
            .map(str::to_string);
        let json: Value = serde_json::from_slice(&answer.body)
            .unwrap_or_else(|_| serde_json::json!({"status": answer.status, "text": answer.text()}));
        let opened = json["result"] == 1;
        Ok((cookie.filter(|_| opened), json))
    }

    /// The portal's form posted as a browser does (with the CSRF token its
    /// page hands out), asking for `accept` (JSON, or the HTML page).
    pub fn portal_post(&self, user: &str, password: &str, accept: &str) -> Result<Response, String> {
        let form = self.request("GET / HTTP/1.1", &self.portal_host, &[], "")?;
        let html = form.text();
        let token =
            html.split("name=\"token\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).ok_or_else(|| {
                format!(
                    "no CSRF token on the portal page ({}): {}",
                    form.status,
                    html.chars().take(300).collect::<String>()
                )
            })?;
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("user", user)
            .append_pair("password", password)
            .append_pair("token", token)
            .finish();
        self.request_with_type(
            "POST / HTTP/1.1",
            &self.portal_host,
            &[("Accept", accept)],
            "application/x-www-form-urlencoded",
            &body,
        )
    }

    /// Signs out through this node's portal.
    pub fn sign_out(&self, cookie: &str) -> Result<Response, String> {
        self.request("GET /?logout=1 HTTP/1.1", &self.portal_host, &[("Cookie", cookie)], "")
    }

    /// A viewer's session cookie (signed in at start).
    pub fn viewer_cookie(&self) -> &str {
        &self.viewer_cookie
    }

    /// A GET as a signed-in viewer's browser would send it, with extra
    /// headers (a `Cookie` among them is sent beside the session's).
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
        let extra = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("cookie")).map(|(_, v)| *v);
        let cookie = match extra {
            Some(c) => format!("{}; {c}", self.viewer_cookie),
            None => self.viewer_cookie.clone(),
        };
        let mut all: Vec<(&str, &str)> =
            headers.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("cookie")).copied().collect();
        all.push(("Cookie", &cookie));
        self.request(&format!("GET {path} HTTP/1.1"), &self.host, &all, "")
    }

    /// Any request line to the console's host with no session at all.
    pub fn anonymous(&self, request_line: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
        let body = if request_line.starts_with("POST") || request_line.starts_with("PUT") { "{}" } else { "" };
        self.request(request_line, &self.host, headers, body)
    }

    /// Any request line, Host and body (sent as JSON), byte for byte (no
    /// client-side normalisation of `..` or `//`, which curl or a URL type
    /// would do).
    pub fn request(
        &self,
        request_line: &str,
        host: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Response, String> {
        self.request_with_type(request_line, host, headers, "application/json", body)
    }

    pub fn request_with_type(
        &self,
        request_line: &str,
        host: &str,
        headers: &[(&str, &str)],
        content_type: &str,
        body: &str,
    ) -> Result<Response, String> {
        let bytes = request_bytes(request_line, host, headers, content_type, body);
        // The TLS name: the Host's own when it is one of the edge's names,
        // else the console's (a foreign Host is then nginx's to refuse).
        let name = host.split(':').next().unwrap_or_default();
        let sni = if name.ends_with("console.localhost") { name } else { "console.localhost" };
        let raw = crate::tls::exchange(self.port, sni, &self.shared.ca(), &bytes)
            .map_err(|e| format!("{request_line}: {e}"))?;
        Response::parse(&raw)
            .ok_or_else(|| format!("{request_line}: unreadable answer {:?}", String::from_utf8_lossy(&raw)))
    }

    /// A request over plain HTTP (the edge's port that only redirects).
    pub fn plain_request(&self, request_line: &str, host: &str) -> Result<Response, String> {
        raw_request(self.http_port, request_line, host, &[], "", "")
    }

    /// The audit log's lines after the first `before`, once there are
    /// `want` of them (nginx writes a request's line at its very end, which
    /// may come after the client has read the answer), or after 3 s, what
    /// is there.
    pub fn audit_lines_since(&self, before: usize, want: usize) -> Result<Vec<Value>, String> {
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        loop {
            let lines: Vec<Value> = self.audit_lines()?.into_iter().skip(before).collect();
            if lines.len() >= want || std::time::Instant::now() > deadline {
                return Ok(lines);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The audit log's lines, parsed.
    pub fn audit_lines(&self) -> Result<Vec<serde_json::Value>, String> {
        let text = fs::read_to_string(&self.audit_log).unwrap_or_default();
        text.lines().map(|l| serde_json::from_str(l).map_err(|e| format!("audit line {l:?}: {e}"))).collect()
    }
}

/// One request on a fresh loopback connection to `port`, byte for byte as
/// given (`Connection: close`; the body sent as `content_type`).
pub fn raw_request(
    port: u16,
    request_line: &str,
    host: &str,
    headers: &[(&str, &str)],
    content_type: &str,
    body: &str,
) -> Result<Response, String> {
    let bytes = request_bytes(request_line, host, headers, content_type, body);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    stream.write_all(&bytes).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| format!("{request_line}: {e}"))?;
    Response::parse(&raw)
        .ok_or_else(|| format!("{request_line}: unreadable answer {:?}", String::from_utf8_lossy(&raw)))
}

/// One HTTP/1.1 request, byte for byte as given (`Connection: close`).
fn request_bytes(request_line: &str, host: &str, headers: &[(&str, &str)], content_type: &str, body: &str) -> Vec<u8> {
    let mut head = format!("{request_line}\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.push_str(body);
    head.into_bytes()
}

/// `program` started through `sh` with umask 077 (`exec`: the child's pid
/// is the program's own).
/// (`sh` starts whatever it is given: a program missing from `PATH` is
/// named by `command -v` before `exec`, so it fails at once, in the log.)
fn umask_077(program: &str) -> Command {
    let mut c = Command::new("sh");
    c.args([
        "-c",
        "command -v \"$0\" >/dev/null || { echo \"$0 not installed (scripts/setup.sh installs it)\" >&2; exit 127; }; umask 077 && exec \"$0\" \"$@\"",
        program,
    ]);
    c
}

fn running_as_root() -> bool {
    // No libc dependency for one call: the effective uid is in /proc.
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0")))
        .unwrap_or(false)
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Option<Response> {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..split]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body)?;
        }
        Some(Response { status, headers, body })
    }

    /// The header's value (the first, if repeated), or "".
    pub fn header(&self, name: &str) -> &str {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn header_count(&self, name: &str) -> usize {
        let name = name.to_ascii_lowercase();
        self.headers.iter().filter(|(k, _)| *k == name).count()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).ok()?.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
