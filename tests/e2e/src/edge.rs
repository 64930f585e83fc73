//! The production edge under test: a release `dist/` served by Debian's nginx
//! with the configuration `deploy/nginx/render.sh` renders, proxying to this
//! run's simulator with the simulator's demo keys standing in for real ones.

use std::{
    fs,
    io::{Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::{free_port, repo_root, wait_until, Env};

/// The credentials the edge injects; none may appear in the bundle.
pub const VEHIZEN_KEY_HEADER: &str = "X-Vehizen-Key";
pub const VEHIZEN_KEY: &str = "demo-vehizen-key";
pub const EMABLER_KEY: &str = "demo-emabler-key";

pub struct Edge {
    nginx: Child,
    pub url: String,
    pub port: u16,
    /// The release build nginx serves.
    pub dist: PathBuf,
    /// The rendered configuration (holds the credentials).
    pub config_dir: PathBuf,
}

impl Drop for Edge {
    fn drop(&mut self) {
        let _ = self.nginx.kill();
        let _ = self.nginx.wait();
    }
}

impl Edge {
    /// Builds the release bundle, renders the configuration and starts nginx.
    pub fn start(env: &Env) -> Result<Edge, String> {
        let root = repo_root();
        let dist = root.join("target/edge-dist");
        let config_dir = root.join("target/edge-nginx");
        let logs = root.join("target/e2e-logs");
        fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        let log = |name: &str| fs::File::create(logs.join(name)).map(Stdio::from).map_err(|e| e.to_string());

        let built = Command::new("trunk")
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

        let pre = Command::new("bash")
            .arg(root.join("deploy/nginx/precompress.sh"))
            .arg(&dist)
            .output()
            .map_err(|e| format!("cannot run precompress.sh: {e}"))?;
        if !pre.status.success() {
            return Err(format!("precompress.sh failed: {}", String::from_utf8_lossy(&pre.stderr)));
        }

        let port = free_port();
        let _ = fs::remove_dir_all(&config_dir);
        let sim = &env.sim_url;
        let mut render = Command::new("bash");
        render
            .arg(root.join("deploy/nginx/render.sh"))
            .env("VEHIZEN_URL", format!("{sim}/vehizen/"))
            .env("VEHIZEN_KEY_HEADER", VEHIZEN_KEY_HEADER)
            .env("VEHIZEN_KEY", VEHIZEN_KEY)
            .env("EMABLER_URL", format!("{sim}/emabler/api/v2/cpo/"))
            .env("EMABLER_KEY", EMABLER_KEY)
            .env("OCEAN_URL", format!("{sim}/ocean/restapi/"))
            .env("FLEET_DIST", &dist)
            .env("FLEET_SERVER_NAME", "127.0.0.1")
            .env("FLEET_LISTEN", format!("127.0.0.1:{port}"))
            .env("FLEET_OUT", &config_dir)
            .env("FLEET_ERROR_LOG", logs.join("edge-nginx.error.log"))
            .env("FLEET_ACCESS_LOG", logs.join("edge-nginx.access.log"));
        // Started as root (CI containers), nginx would run its workers as
        // "nobody", who cannot read the build tree.
        if running_as_root() {
            render.env("FLEET_USER", "root");
        }
        let rendered = render.output().map_err(|e| format!("cannot run render.sh: {e}"))?;
        if !rendered.status.success() {
            return Err(format!("render.sh failed: {}", String::from_utf8_lossy(&rendered.stderr)));
        }

        let nginx = Command::new("nginx")
            .arg("-c")
            .arg(config_dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(log("edge-nginx.log")?)
            .stderr(log("edge-nginx.err.log")?)
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        let edge = Edge { nginx, url: format!("http://127.0.0.1:{port}"), port, dist, config_dir };
        wait_until("nginx", Duration::from_secs(20), || edge.get("/", &[]).is_ok_and(|r| r.status == 200))?;
        Ok(edge)
    }

    /// A GET as a browser would send it, with extra headers.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
        self.request(&format!("GET {path} HTTP/1.1"), "127.0.0.1", headers, "")
    }

    /// Any request line, Host and body, sent byte for byte (no client-side
    /// normalisation of `..` or `//`, which curl or a URL type would do).
    pub fn request(&self, request_line: &str, host: &str, headers: &[(&str, &str)], body: &str) -> Result<Response, String> {
        let mut head = format!("{request_line}\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        head.push_str(body);
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
        stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).map_err(|e| format!("{request_line}: {e}"))?;
        Response::parse(&raw).ok_or_else(|| format!("{request_line}: unreadable answer {:?}", String::from_utf8_lossy(&raw)))
    }
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
