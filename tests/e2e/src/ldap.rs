//! The edge suite's directory: Debian's OpenLDAP (`slapd`) on a free
//! loopback port, with a configuration (`slapd.conf`) and an mdb database of
//! its own in a temporary directory, seeded with `slapadd` before it starts.
//! Nothing under `/etc/ldap` or `/var/lib/ldap` is read or written except
//! the schema files.
//!
//! `dc=fleet,dc=test`:
//! - `cn=admin`: the rootdn (the directory's administrator; [`Directory::add_member`]
//!   and [`Directory::remove_member`] write as it);
//! - `cn=fleet-reader`: the read-only service account LemonLDAP::NG binds as
//!   to search (`LLNG_LDAP_BIND_DN`, its password in `bind_password_file`);
//! - `ou=people`: [`PEOPLE`], each with the password [`password`]`(uid)`;
//! - `ou=groups`: `groupOfNames` `cn=fleet-editors` (dwho) and
//!   `cn=fleet-viewers` (rtyler, msmith); jharkness is in neither. Each
//!   group also names [`PLACEHOLDER_MEMBER`] (no entry, nobody signs in as
//!   it): `groupOfNames` must have a member, so every person can be taken out.
//!
//! Access: anyone may read the root DSE and the schema; a password is only
//! used to bind (nobody reads it, not even the service account); the
//! service account reads everything else, a person reads their own entry.
//!
//! With [`TlsFiles`], slapd offers StartTLS with that certificate: clients
//! use `ldap+tls://` (LL::NG) or `ldapsearch -ZZ` with `LDAPTLS_CACERT`.

use std::{
    fs,
    io::Write,
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::{free_port, wait_until};

/// The directory's people: uid and common name (`cn`). Each has
/// `mail` `<uid>@fleet.test` and the password [`password`]`(uid)`.
pub const PEOPLE: [(&str, &str); 4] =
    [("dwho", "Doctor Who"), ("rtyler", "Rose Tyler"), ("msmith", "Mickey Smith"), ("jharkness", "Jack Harkness")];

/// The groups (`cn` below `group_base`) and their people at start.
pub const GROUPS: [(&str, &[&str]); 2] = [("fleet-editors", &["dwho"]), ("fleet-viewers", &["rtyler", "msmith"])];

/// A member every group keeps (a DN with no entry): `groupOfNames` requires
/// at least one `member`.
pub const PLACEHOLDER_MEMBER: &str = "cn=nobody,dc=fleet,dc=test";

const BASE: &str = "dc=fleet,dc=test";

/// A person's password (never their login).
pub fn password(uid: &str) -> String {
    format!("{uid}-pw-2026")
}

/// The server certificate slapd offers on StartTLS (for 127.0.0.1 and
/// localhost), its private key and the CA that signed it (PEM files).
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

/// A running slapd: stopped (SIGTERM, then SIGKILL) and its temporary
/// directory removed on drop.
pub struct Directory {
    child: Option<Child>,
    pub port: u16,
    /// `ldap://127.0.0.1:<port>` (StartTLS on the same port when started
    /// with [`TlsFiles`]: `ldap+tls://127.0.0.1:<port>` for LL::NG).
    pub url: String,
    /// `dc=fleet,dc=test`.
    pub base: String,
    /// `ou=people,dc=fleet,dc=test`.
    pub people_base: String,
    /// `ou=groups,dc=fleet,dc=test`.
    pub group_base: String,
    /// The read-only service account: `cn=fleet-reader,dc=fleet,dc=test`.
    pub bind_dn: String,
    /// A file holding the service account's password (mode 600).
    pub bind_password_file: PathBuf,
    /// The rootdn: `cn=admin,dc=fleet,dc=test`.
    pub admin_dn: String,
    /// A file holding the rootdn's password (mode 600), for `ldapmodify -y`.
    pub admin_password_file: PathBuf,
    /// When slapd takes StartTLS (only), the CA its clients verify it with.
    tls_ca: Option<PathBuf>,
    /// The configuration, database and log (`slapd.log`): a temp dir.
    pub dir: PathBuf,
}

impl Drop for Directory {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            stop(c);
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// SIGTERM and up to 10 s for slapd to close its database; then SIGKILL.
fn stop(child: &mut Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    for _ in 0..100 {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A tool from `/usr/sbin` (slapd, slapadd, slappasswd) by its full path:
/// a normal user's `PATH` usually lacks `/usr/sbin`.
fn sbin(name: &str) -> Command {
    let full = Path::new("/usr/sbin").join(name);
    if full.exists() {
        Command::new(full)
    } else {
        Command::new(name)
    }
}

/// An ldap-utils client that reads no `ldap.conf` / `.ldaprc`: the
/// machine's and the user's settings stay out of the tests. (Not
/// LDAPNOINIT, which would also ignore the LDAPTLS_* variables below.)
pub fn ldap_tool(name: &str) -> Command {
    let mut c = Command::new(name);
    c.env("LDAPCONF", "/dev/null").env("LDAPRC", "fleet-e2e-no-ldaprc");
    c
}

/// A path as a quoted `slapd.conf` argument.
fn quoted(path: &Path) -> Result<String, String> {
    let s = path.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display()))?;
    if s.contains(['"', '\\', '\n']) {
        return Err(format!("{s:?}: slapd.conf cannot carry this path"));
    }
    Ok(format!("\"{s}\""))
}

/// Writes a secret file, readable by its owner only (the harness's test
/// secrets: passwords, keys, configurations that hold them).
pub fn write_secret(path: &Path, text: &str) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

/// `{SSHA}` hash of a password, by `slappasswd`.
fn ssha(password: &str) -> Result<String, String> {
    let out = sbin("slappasswd")
        .args(["-h", "{SSHA}", "-s", password])
        .output()
        .map_err(|e| format!("cannot run slappasswd (scripts/setup.sh installs slapd): {e}"))?;
    let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || !hash.starts_with("{SSHA}") {
        return Err(format!("slappasswd failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(hash)
}

/// The last lines of a log, for an error message.
fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

impl Directory {
    /// Writes the configuration and the seed, loads it with `slapadd`,
    /// starts slapd in the foreground on a free port and waits until the
    /// service account can bind.
    pub fn start(tls: Option<&TlsFiles>) -> Result<Directory, String> {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("fleet-e2e-ldap-{}-{port}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("db")).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut directory = Directory {
            child: None,
            port,
            url: format!("ldap://127.0.0.1:{port}"),
            base: BASE.into(),
            people_base: format!("ou=people,{BASE}"),
            group_base: format!("ou=groups,{BASE}"),
            bind_dn: format!("cn=fleet-reader,{BASE}"),
            bind_password_file: dir.join("bind.password"),
            admin_dn: format!("cn=admin,{BASE}"),
            admin_password_file: dir.join("admin.password"),
            tls_ca: tls.map(|t| t.ca.clone()),
            dir,
        };
        directory.configure(tls)?;
        directory.seed()?;
        directory.launch()?;
        Ok(directory)
    }

    /// A person's DN: `uid=<uid>,ou=people,dc=fleet,dc=test`.
    pub fn user_dn(&self, uid: &str) -> String {
        format!("uid={uid},{}", self.people_base)
    }

    /// A group's DN: `cn=<cn>,ou=groups,dc=fleet,dc=test`.
    pub fn group_dn(&self, group_cn: &str) -> String {
        format!("cn={group_cn},{}", self.group_base)
    }

    fn configure(&self, tls: Option<&TlsFiles>) -> Result<(), String> {
        let d = &self.dir;
        let admin_password = "fleet-admin-pw-2026";
        write_secret(&self.admin_password_file, admin_password)?;
        write_secret(&self.bind_password_file, "fleet-reader-pw-2026")?;
        let mut conf = String::from("# The e2e edge suite's directory (tests/e2e/src/ldap.rs).\n");
        for schema in ["core", "cosine", "inetorgperson", "nis"] {
            conf.push_str(&format!("include /etc/ldap/schema/{schema}.schema\n"));
        }
        conf.push_str(&format!(
            "pidfile {}\nargsfile {}\n",
            quoted(&d.join("slapd.pid"))?,
            quoted(&d.join("slapd.args"))?
        ));
        conf.push_str("modulepath /usr/lib/ldap\nmoduleload back_mdb\n");
        if let Some(t) = tls {
            for (key, file) in
                [("TLSCACertificateFile", &t.ca), ("TLSCertificateFile", &t.cert), ("TLSCertificateKeyFile", &t.key)]
            {
                if !file.is_file() {
                    return Err(format!("{key} {} not found", file.display()));
                }
                conf.push_str(&format!("{key} {}\n", quoted(file)?));
            }
            // Nothing but StartTLS: a plain bind or search is refused
            // ("confidentiality required"), so LL::NG's ldap+tls:// is what
            // the suite proves, not a fallback to clear text.
            conf.push_str("security tls=1\n");
        }
        conf.push_str(&format!(
            "
database mdb
maxsize 67108864
suffix \"{base}\"
rootdn \"{admin}\"
rootpw {root_hash}
directory {db}
index objectClass eq
index uid,cn,member eq

access to dn.base=\"\" by * read
access to dn.base=\"cn=Subschema\" by * read
access to attrs=userPassword
    by anonymous auth
    by * none
access to *
    by dn.exact=\"{reader}\" read
    by self read
    by * none
",
            base = self.base,
            admin = self.admin_dn,
            root_hash = ssha(admin_password)?,
            db = quoted(&d.join("db"))?,
            reader = self.bind_dn,
        ));
        write_secret(&d.join("slapd.conf"), &conf)
    }

    fn seed(&self) -> Result<(), String> {
        let base = &self.base;
        let mut ldif = format!(
            "dn: {base}\nobjectClass: dcObject\nobjectClass: organization\ndc: fleet\no: Fleet console tests\n\n\
             dn: {reader}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: fleet-reader\n\
             description: LemonLDAP::NG's read-only search account\nuserPassword: {reader_hash}\n\n\
             dn: {people}\nobjectClass: organizationalUnit\nou: people\n\n\
             dn: {groups}\nobjectClass: organizationalUnit\nou: groups\n\n",
            reader = self.bind_dn,
            reader_hash = ssha(&fs::read_to_string(&self.bind_password_file).map_err(|e| e.to_string())?)?,
            people = self.people_base,
            groups = self.group_base,
        );
        for (uid, cn) in PEOPLE {
            let (given, sn) = cn.split_once(' ').unwrap_or((cn, cn));
            ldif.push_str(&format!(
                "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {cn}\ngivenName: {given}\nsn: {sn}\n\
                 mail: {uid}@fleet.test\nuserPassword: {hash}\n\n",
                dn = self.user_dn(uid),
                hash = ssha(&password(uid))?,
            ));
        }
        for (group, members) in GROUPS {
            ldif.push_str(&format!("dn: {}\nobjectClass: groupOfNames\ncn: {group}\n", self.group_dn(group)));
            ldif.push_str(&format!("member: {PLACEHOLDER_MEMBER}\n"));
            for uid in members {
                ldif.push_str(&format!("member: {}\n", self.user_dn(uid)));
            }
            ldif.push('\n');
        }
        let seed = self.dir.join("seed.ldif");
        fs::write(&seed, ldif).map_err(|e| e.to_string())?;
        let out = sbin("slapadd")
            .arg("-f")
            .arg(self.dir.join("slapd.conf"))
            .arg("-l")
            .arg(&seed)
            .output()
            .map_err(|e| format!("cannot run slapadd (scripts/setup.sh installs slapd): {e}"))?;
        if !out.status.success() {
            return Err(format!("slapadd failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(())
    }

    fn launch(&mut self) -> Result<(), String> {
        let log_path = self.dir.join("slapd.log");
        let log = fs::File::create(&log_path).map_err(|e| e.to_string())?;
        // "-d 0": in the foreground, no debug output; no "-u": as root it
        // stays root (its files are root's), as a user it runs as that user.
        let child = sbin("slapd")
            .args(["-d", "0", "-h", &format!("ldap://127.0.0.1:{}/", self.port), "-f"])
            .arg(self.dir.join("slapd.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start slapd (scripts/setup.sh installs slapd): {e}"))?;
        let mut child = child;
        let port = self.port;
        let mut exited = None;
        let ready = wait_until("slapd", Duration::from_secs(20), || {
            if let Ok(Some(status)) = child.try_wait() {
                exited = Some(status);
                return true;
            }
            TcpStream::connect(("127.0.0.1", port)).is_ok() && self.whoami_as(&self.bind_dn, None).is_ok()
        });
        let failed = match (exited, ready) {
            (Some(status), _) => Some(format!("slapd ended at start ({status})")),
            (None, Err(e)) => Some(e),
            (None, Ok(())) => None,
        };
        if let Some(e) = failed {
            stop(&mut child);
            return Err(format!("{e}: {}", tail(&log_path)));
        }
        self.child = Some(child);
        Ok(())
    }

    /// An ldap-utils client on this directory with a simple bind, over
    /// StartTLS (required, `-ZZ`) verified against the run's CA when the
    /// directory has TLS.
    fn client(&self, name: &str) -> Command {
        let mut c = ldap_tool(name);
        c.args(["-x", "-H", &self.url]);
        if let Some(ca) = &self.tls_ca {
            c.arg("-ZZ").env("LDAPTLS_CACERT", ca);
        }
        c
    }

    /// `ldapwhoami` as `dn` with `password` (the service account's when
    /// `None`): the DN the server names, or its error.
    pub fn whoami_as(&self, dn: &str, password: Option<&str>) -> Result<String, String> {
        let mut c = self.client("ldapwhoami");
        c.args(["-D", dn]);
        match password {
            Some(p) => c.args(["-w", p]),
            None => c.arg("-y").arg(&self.bind_password_file),
        };
        let out =
            c.output().map_err(|e| format!("cannot run ldapwhoami (scripts/setup.sh installs ldap-utils): {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(format!("ldapwhoami as {dn}: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }

    /// Applies an LDIF change as the rootdn (`ldapmodify`).
    pub fn modify(&self, ldif: &str) -> Result<(), String> {
        let mut child = self
            .client("ldapmodify")
            .args(["-D", &self.admin_dn, "-y"])
            .arg(&self.admin_password_file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run ldapmodify (scripts/setup.sh installs ldap-utils): {e}"))?;
        child
            .stdin
            .take()
            .ok_or("ldapmodify: no stdin")?
            .write_all(ldif.as_bytes())
            .map_err(|e| format!("ldapmodify: {e}"))?;
        let out = child.wait_with_output().map_err(|e| format!("ldapmodify: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("ldapmodify failed: {}\n{ldif}", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }

    /// Adds `uid` to the group `group_cn` (an error if already in it).
    pub fn add_member(&self, group_cn: &str, uid: &str) -> Result<(), String> {
        self.modify(&format!(
            "dn: {}\nchangetype: modify\nadd: member\nmember: {}\n",
            self.group_dn(group_cn),
            self.user_dn(uid)
        ))
    }

    /// Takes `uid` out of the group `group_cn` (an error if not in it).
    /// LL::NG reads groups at sign-in: sessions opened before keep theirs.
    pub fn remove_member(&self, group_cn: &str, uid: &str) -> Result<(), String> {
        self.modify(&format!(
            "dn: {}\nchangetype: modify\ndelete: member\nmember: {}\n",
            self.group_dn(group_cn),
            self.user_dn(uid)
        ))
    }
}
