//! HTTPS for the edge suite's byte-for-byte requests: [`exchange`] is
//! `edge::raw_request`'s TCP round trip over TLS, trusting only the run's
//! throw-away CA (`scripts/tls-ca.sh OUT_DIR NAME...` writes `ca.crt`,
//! `server.crt`, `server.key` and `server.spki` there), never the system's
//! roots. (Chromium trusts the same CA through an NSS database:
//! `crate::trust_ca_in_browsers`.)

use std::{
    io::{self, Read, Write},
    net::TcpStream,
    path::Path,
    sync::Arc,
    time::Duration,
};

use rustls::{
    pki_types::{pem::PemObject, CertificateDer, ServerName},
    ClientConfig, ClientConnection, RootCertStore, StreamOwned,
};

/// How long one read or write may wait, as `edge::raw_request` allows.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A client configuration that trusts the certificates in `ca_pem` and
/// nothing else: rustls' safe defaults (TLS 1.2 and 1.3) with the ring
/// provider, no ALPN (so HTTP/1.1), no client certificate.
pub fn client_config(ca_pem: &Path) -> Result<Arc<ClientConfig>, String> {
    let what = |e: &dyn std::fmt::Display| format!("CA file {}: {e}", ca_pem.display());
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_pem).map_err(|e| what(&e))? {
        roots.add(cert.map_err(|e| what(&e))?).map_err(|e| what(&e))?;
    }
    if roots.is_empty() {
        return Err(what(&"no certificate in it"));
    }
    let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// One request over TLS on a fresh connection to `127.0.0.1:port`: the
/// handshake with SNI `server_name` (a DNS name such as `console.localhost`;
/// an IP address is checked against the certificate's IP names and sends no
/// SNI), the server's certificate verified against `ca_pem` only, then
/// `request` written byte for byte and everything read until the server
/// closes (so the request should say `Connection: close`). A close without
/// TLS close_notify, as nginx may do, ends the answer like one with it.
pub fn exchange(port: u16, server_name: &str, ca_pem: &Path, request: &[u8]) -> Result<Vec<u8>, String> {
    let name = ServerName::try_from(server_name.to_owned()).map_err(|e| format!("server name {server_name:?}: {e}"))?;
    let mut conn = ClientConnection::new(client_config(ca_pem)?, name).map_err(|e| e.to_string())?;
    let at = format!("{server_name} at 127.0.0.1:{port}");
    let mut sock = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("{at}: {e}"))?;
    sock.set_read_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;
    sock.set_write_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;
    // The handshake on its own, for its errors to say so (an untrusted or
    // misnamed certificate: "invalid peer certificate: UnknownIssuer").
    while conn.is_handshaking() {
        conn.complete_io(&mut sock).map_err(|e| format!("TLS handshake with {at}: {e}"))?;
    }
    let mut tls = StreamOwned::new(conn, sock);
    tls.write_all(request).and_then(|()| tls.flush()).map_err(|e| format!("{at}: sending: {e}"))?;
    let mut raw = Vec::new();
    match tls.read_to_end(&mut raw) {
        // rustls reports a TCP close without close_notify as UnexpectedEof;
        // what was read before it is in `raw` (read_to_end keeps it).
        Ok(_) => Ok(raw),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(raw),
        Err(e) => Err(format!("{at}: reading after {} bytes: {e}", raw.len())),
    }
}

#[cfg(test)]
mod tests {
    use std::{
        fs,
        net::TcpListener,
        path::PathBuf,
        process::{Child, Command, Stdio},
        thread,
        time::Instant,
    };

    use super::*;

    const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: console.localhost\r\nConnection: close\r\n\r\n";

    /// A temporary directory and the nginx started in it: both gone when
    /// the test ends, failed or not.
    struct Scratch {
        dir: PathBuf,
        nginx: Option<Child>,
    }

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("fleet-tls-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            Scratch { dir, nginx: None }
        }

        /// `scripts/tls-ca.sh` into `<dir>/<name>` (`key`: TLS_CA_KEY, ec
        /// or rsa): that directory.
        fn ca(&self, name: &str, key: &str, names: &[&str]) -> PathBuf {
            let out = self.dir.join(name);
            let made = Command::new("bash")
                .arg(crate::repo_root().join("scripts/tls-ca.sh"))
                .arg(&out)
                .args(names)
                .env("TLS_CA_KEY", key)
                .output()
                .expect("bash runs");
            assert!(made.status.success(), "tls-ca.sh: {}", String::from_utf8_lossy(&made.stderr));
            out
        }

        /// nginx on a free loopback port with `deploy/nginx/tls.conf.template`
        /// and `ca_dir`'s server certificate, answering 200 "ok": the port.
        fn nginx(&mut self, ca_dir: &Path) -> u16 {
            let dir = &self.dir;
            let tls = fs::read_to_string(crate::repo_root().join("deploy/nginx/tls.conf.template"))
                .expect("tls.conf.template")
                .replace("@@TLS_CERT@@", &ca_dir.join("server.crt").display().to_string())
                .replace("@@TLS_KEY@@", &ca_dir.join("server.key").display().to_string())
                .replace("@@OUT_DIR@@", &dir.display().to_string());
            fs::write(dir.join("tls.conf"), tls).unwrap();
            let port = crate::free_port();
            let d = dir.display();
            // One process (master_process off) that Child::kill ends whole.
            let conf = format!(
                "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
                 events {{ worker_connections 16; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  \
                 fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
                 server {{\n    listen 127.0.0.1:{port} ssl http2;\n    server_name console.localhost;\n    \
                 include {d}/tls.conf;\n    default_type text/plain;\n    location / {{ return 200 \"ok\"; }}\n  }}\n}}\n"
            );
            fs::write(dir.join("nginx.conf"), conf).unwrap();
            let child = Command::new("nginx")
                .arg("-p")
                .arg(dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .arg("-e")
                .arg(dir.join("error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("nginx runs (scripts/setup.sh --browser installs it)");
            let nginx = self.nginx.insert(child);
            let start = Instant::now();
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                let log = || fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                if let Ok(Some(status)) = nginx.try_wait() {
                    panic!("nginx exited ({status}): {}", log());
                }
                assert!(start.elapsed() < Duration::from_secs(10), "nginx not listening: {}", log());
                thread::sleep(Duration::from_millis(50));
            }
            port
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            if let Some(mut nginx) = self.nginx.take() {
                let _ = nginx.kill();
                let _ = nginx.wait();
            }
            let _ = fs::remove_dir_all(&self.dir);
        }
    }

    #[test]
    fn exchange_through_nginx_trusts_only_the_given_ca() {
        let mut s = Scratch::new("exchange");
        let ca = s.ca("ca", "ec", &["console.localhost", "127.0.0.1"]);
        let stranger = s.ca("stranger", "ec", &["console.localhost"]);
        let port = s.nginx(&ca);

        for name in ["console.localhost", "127.0.0.1"] {
            let raw = exchange(port, name, &ca.join("ca.crt"), REQUEST).unwrap();
            let text = String::from_utf8_lossy(&raw);
            assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{name}: {text}");
            assert!(text.ends_with("\r\n\r\nok"), "{name}: {text}");
        }

        // A CA that did not sign the server's certificate: refused.
        let refused = exchange(port, "console.localhost", &stranger.join("ca.crt"), REQUEST).unwrap_err();
        assert!(refused.contains("handshake") && refused.contains("UnknownIssuer"), "{refused}");
        // The server's certificate, not a CA: no root, refused too.
        let leaf_only = exchange(port, "console.localhost", &ca.join("server.crt"), REQUEST).unwrap_err();
        assert!(leaf_only.contains("handshake"), "{leaf_only}");
        // A name the certificate does not hold.
        let misnamed = exchange(port, "other.localhost", &ca.join("ca.crt"), REQUEST).unwrap_err();
        assert!(misnamed.contains("handshake") && misnamed.contains("not valid for name"), "{misnamed}");
    }

    /// A server that closes the TCP connection without close_notify after
    /// answering: the answer still comes back whole.
    #[test]
    fn exchange_keeps_the_answer_when_the_server_skips_close_notify() {
        let s = Scratch::new("eof");
        let ca = s.ca("ca", "ec", &["console.localhost"]);
        let cert = CertificateDer::from_pem_file(ca.join("server.crt")).unwrap();
        let key = rustls::pki_types::PrivateKeyDer::from_pem_file(ca.join("server.key")).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = thread::spawn(move || -> Result<Vec<u8>, String> {
            let (sock, _) = listener.accept().map_err(|e| e.to_string())?;
            sock.set_read_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;
            let conn = rustls::ServerConnection::new(Arc::new(config)).map_err(|e| e.to_string())?;
            let mut tls = StreamOwned::new(conn, sock);
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                let n = tls.read(&mut buf).map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
            }
            tls.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye").map_err(|e| e.to_string())?;
            tls.flush().map_err(|e| e.to_string())?;
            // Dropped here: the TCP connection closes, no close_notify sent.
            Ok(request)
        });
        let answer = exchange(port, "console.localhost", &ca.join("ca.crt"), REQUEST);
        let request = server.join().expect("server thread").expect("server side");
        assert_eq!(request, REQUEST);
        assert_eq!(String::from_utf8_lossy(&answer.unwrap()), "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye");
    }
}
