//! The built site served by a real nginx with the project's own config.

use crate::plain_host::PlainHost;
use crate::process::{free_port, GroupChild};
use crate::{repo_root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Debian's libnginx-mod-http-brotli-filter and -static (installed by
/// scripts/setup): on-the-fly brotli, and the build's precompressed `.br`.
const BROTLI_MODULES: [&str; 2] = [
    "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so",
    "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
];

/// Where the release build lives; `scripts/test` builds it before the tests.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("NTTMART_DIST").map(PathBuf::from).unwrap_or_else(|| repo_root().join("dist"))
}

/// The built file in `dist/<dir>` (`""`: the top) whose name starts with
/// `prefix` and ends with `suffix`, as a path relative to `dist/`: hashed
/// names change with every build (`split_cart-0b1b95b3e480dd1b.wasm`).
pub fn dist_file(dir: &str, prefix: &str, suffix: &str) -> Result<String> {
    let name = std::fs::read_dir(dist_dir().join(dir))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .ok_or_else(|| format!("no {dir}/{prefix}*{suffix} in dist"))?;
    Ok(if dir.is_empty() { name } else { format!("{dir}/{name}") })
}

/// A copy of the build, optionally altered (a broken feed, a missing file),
/// served on a free loopback port until dropped.
pub struct Site {
    pub port: u16,
    root: tempfile::TempDir,
    _conf: tempfile::TempDir,
    nginx: Option<GroupChild>,
    plain: Option<PlainHost>,
}

/// The staff's whole feed, which the kiosk reads.
pub const WHOLE_FEED: &str = "catalog.json";
/// The index feed the storefront reads (`nttmart_domain::detail`).
pub const INDEX_FEED: &str = "katalog/index.json";
const INDEX_FEED_BR: &str = "katalog/index.json.br";

/// Changes to make to the copy of `dist/` before serving it.
#[derive(Default)]
pub struct SiteBuilder {
    replace: Vec<(String, Vec<u8>)>,
    remove: Vec<String>,
    server_rules: Vec<String>,
}

impl SiteBuilder {
    pub fn with_file(mut self, path: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.replace.push((path.to_string(), contents.into()));
        self
    }

    pub fn without_file(mut self, path: &str) -> Self {
        self.remove.push(path.to_string());
        self
    }

    /// Publishes `feed` as the feed: the staff's catalog.json and the index
    /// the storefront reads (a whole feed is a valid index feed), so a test
    /// feed reaches the storefront and the kiosk alike. The build's `.br`
    /// copy of the index goes, or nginx would go on serving it.
    pub fn with_feed(self, feed: impl Into<Vec<u8>>) -> Self {
        let feed = feed.into();
        self.with_file(WHOLE_FEED, feed.clone()).with_file(INDEX_FEED, feed).without_file(INDEX_FEED_BR)
    }

    /// Serves the site with no feed at all.
    pub fn without_feed(self) -> Self {
        self.without_file(WHOLE_FEED).without_file(INDEX_FEED).without_file(INDEX_FEED_BR)
    }

    /// Serves the site without the folder `path` and everything in it.
    pub fn without_dir(self, path: &str) -> Self {
        self.without_file(path)
    }

    /// Serves index.html with a per-attempt feed timeout of `ms` instead of
    /// the shipped 15 s (its `nttmart-feed-timeout-ms` meta).
    pub fn with_feed_timeout_ms(self, ms: u32) -> Result<Self> {
        self.with_index_meta("nttmart-feed-timeout-ms", 15000, ms)
    }

    /// Serves index.html with boot.js's readiness watchdog waiting `ms` for
    /// the app to start before reloading, instead of the shipped 45 s (its
    /// `nttmart-ready-timeout-ms` meta).
    pub fn with_ready_timeout_ms(self, ms: u32) -> Result<Self> {
        self.with_index_meta("nttmart-ready-timeout-ms", 45000, ms)
    }

    /// Changes the value of index.html's `<meta name>` from `shipped` to
    /// `value`, on top of any change made to index.html before.
    fn with_index_meta(self, name: &str, shipped: u32, value: u32) -> Result<Self> {
        let index = match self.replace.iter().rev().find(|(path, _)| path == "index.html") {
            Some((_, contents)) => String::from_utf8(contents.clone())?,
            None => std::fs::read_to_string(dist_dir().join("index.html"))?,
        };
        let meta = |v: u32| format!(r#"<meta name="{name}" content="{v}">"#);
        if !index.contains(&meta(shipped)) {
            return Err(format!("index.html has no {name} meta of {shipped}").into());
        }
        let tuned = index.replace(&meta(shipped), &meta(value));
        Ok(self.with_file("index.html", tuned))
    }

    /// While the file `flag` exists in the site root, serves the feed at
    /// `bytes_per_second`: a phone on a dying connection, whose feed
    /// download stalls after the headers.
    pub fn with_slow_feed_when(self, flag: &str, bytes_per_second: u32) -> Self {
        self.with_slow_files_when(flag, r"^/(catalog\.json|katalog/index\.json)$", bytes_per_second)
    }

    /// While the file `flag` exists in the site root, serves every path
    /// matching the regular expression `uri` at `bytes_per_second` (1: a
    /// download that stalls after the headers and never ends). A request
    /// keeps the rate it started with. (nginx's `if` cannot combine two
    /// conditions, hence the two-letter variable, one per rule.)
    pub fn with_slow_files_when(mut self, flag: &str, uri: &str, bytes_per_second: u32) -> Self {
        let var = format!("nttmart_slow{}", self.server_rules.len());
        self.server_rules.push(format!(
            "set ${var} \"\"; \
             if ($uri ~ {uri}) {{ set ${var} F; }} \
             if (-f $document_root/{flag}) {{ set ${var} \"${{{var}}}S\"; }} \
             if (${var} = FS) {{ set $limit_rate {bytes_per_second}; }}"
        ));
        self
    }

    /// While the file `flag` exists in the site root, answers `path` with
    /// HTTP `status`: a server or gateway failing for a moment.
    pub fn failing_when(mut self, flag: &str, path: &str, status: u16) -> Self {
        self.server_rules.push(format!(
            "location = {path} {{ if (-f $document_root/{flag}) {{ return {status}; }} try_files $uri =404; }}"
        ));
        self
    }

    /// Serves the copy on the plainest static host (`PlainHost`) instead
    /// of nginx with the site's rules. Server rules (slow or failing files)
    /// need nginx and are refused.
    pub fn start_plain(self) -> Result<Site> {
        if !self.server_rules.is_empty() {
            return Err("a plain static host has no server rules".into());
        }
        let root = self.copy()?;
        let host = PlainHost::start(root.path())?;
        let conf = tempfile::Builder::new().prefix("nttmart-plain-").tempdir()?;
        Ok(Site { port: host.port, root, _conf: conf, nginx: None, plain: Some(host) })
    }

    /// A copy of the build with this builder's changes.
    fn copy(&self) -> Result<tempfile::TempDir> {
        let dist = dist_dir();
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "{} has no index.html: run `trunk build --release --offline` (scripts/test does)",
                dist.display()
            )
            .into());
        }
        let root = tempfile::Builder::new().prefix("nttmart-site-").tempdir()?;
        copy_dir(&dist, root.path())?;
        for (path, contents) in &self.replace {
            let target = root.path().join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, contents)?;
        }
        for path in &self.remove {
            let path = root.path().join(path);
            if path.is_dir() {
                std::fs::remove_dir_all(path)?;
            } else {
                std::fs::remove_file(path)?;
            }
        }
        make_world_readable(root.path())?;
        Ok(root)
    }

    pub fn start(self) -> Result<Site> {
        let root = self.copy()?;
        let conf = tempfile::Builder::new().prefix("nttmart-nginx-").tempdir()?;
        let port = free_port();
        let site_rules = repo_root().join("deploy/nginx/nttmart-site.conf");
        let server = format!(
            "server {{\n\
               listen 127.0.0.1:{port};\n\
               root {root};\n\
               {extra}\n\
               include {rules};\n\
             }}",
            root = root.path().display(),
            rules = site_rules.display(),
            extra = self.server_rules.join("\n"),
        );
        let nginx = run_nginx(conf.path(), &server, &[port])?;
        Ok(Site { port, root, _conf: conf, nginx: Some(nginx), plain: None })
    }
}

/// The production server blocks (`SiteBuilder::start_production`).
pub struct Production {
    /// Port 80's stand-in: the certificate authority's challenge and the
    /// redirect to HTTPS.
    pub http_port: u16,
    /// Port 443's stand-in: the shop over HTTPS and HTTP/2.
    pub https_port: u16,
    /// The certificate authority's web root (`/var/www/letsencrypt`).
    pub acme_root: PathBuf,
    _root: tempfile::TempDir,
    _conf: tempfile::TempDir,
    _nginx: GroupChild,
}

impl SiteBuilder {
    /// deploy/nginx/nttmart.conf as it is, but for what only the real host
    /// has: its ports (two free ones on the loopback), its certificate (a
    /// throwaway self-signed one), the certificate authority's web root and
    /// the release link (this copy of the site). Every one of those lines
    /// must be found, so a renamed directive fails here instead of leaving
    /// something else under test.
    pub fn start_production(self) -> Result<Production> {
        let root = self.copy()?;
        let conf = tempfile::Builder::new().prefix("nttmart-nginx-").tempdir()?;
        let c = conf.path();
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout"])
            .arg(c.join("key.pem"))
            .arg("-out")
            .arg(c.join("cert.pem"))
            .stderr(std::process::Stdio::null())
            .status()?;
        if !made.success() {
            return Err("openssl could not make a test certificate".into());
        }
        let acme_root = c.join("acme");
        std::fs::create_dir_all(acme_root.join(".well-known/acme-challenge"))?;
        make_world_readable(&acme_root)?;
        let http_port = free_port();
        let https_port = std::iter::repeat_with(free_port).find(|&p| p != http_port).unwrap_or(http_port);
        let site_rules = repo_root().join("deploy/nginx/nttmart-site.conf");
        let production = std::fs::read_to_string(repo_root().join("deploy/nginx/nttmart.conf"))?;
        let replacements = [
            ("listen 80;", format!("listen 127.0.0.1:{http_port};")),
            ("listen 443 ssl http2;", format!("listen 127.0.0.1:{https_port} ssl http2;")),
            ("ssl_certificate /etc/", format!("ssl_certificate {};", c.join("cert.pem").display())),
            ("ssl_certificate_key /etc/", format!("ssl_certificate_key {};", c.join("key.pem").display())),
            ("root /var/www/letsencrypt;", format!("root {};", acme_root.display())),
            ("root /srv/nttmart/live;", format!("root {};", root.path().display())),
            ("include /etc/nginx/nttmart-site.conf;", format!("include {};", site_rules.display())),
        ];
        let mut found = [false; 7];
        let mut servers = String::new();
        for line in production.lines() {
            let line = line.trim();
            // The loopback has no IPv6 guarantee here; the IPv4 lines are tested.
            if line.starts_with("listen [::]:") {
                continue;
            }
            match replacements.iter().position(|(from, _)| line.starts_with(from)) {
                Some(i) => {
                    found[i] = true;
                    servers.push_str(&replacements[i].1);
                }
                None => servers.push_str(line),
            }
            servers.push('\n');
        }
        if let Some(i) = found.iter().position(|f| !f) {
            return Err(format!("deploy/nginx/nttmart.conf has no line `{}…`", replacements[i].0).into());
        }
        let nginx = run_nginx(c, &servers, &[https_port, http_port])?;
        Ok(Production { http_port, https_port, acme_root, _root: root, _conf: conf, _nginx: nginx })
    }
}

impl Site {
    pub fn builder() -> SiteBuilder {
        SiteBuilder::default()
    }

    /// The unaltered release build.
    pub fn start() -> Result<Site> {
        SiteBuilder::default().start()
    }

    pub fn pgid(&self) -> u32 {
        self.nginx.as_ref().map_or(0, GroupChild::pgid)
    }

    /// Stops the server: the signal is gone. Requests fail at once
    /// (connection refused) rather than hang.
    pub fn stop(&mut self) {
        self.nginx = None;
        self.plain = None;
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Replaces a file while the site is being served (e.g. to fix a feed
    /// and then press "retry").
    pub fn write_file(&self, path: &str, contents: impl AsRef<[u8]>) -> Result {
        let target = self.root.path().join(path);
        std::fs::write(&target, contents)?;
        make_world_readable(&target)?;
        Ok(())
    }

    /// Publishes `feed` while the site is served, as `SiteBuilder::with_feed`
    /// does before.
    pub fn write_feed(&self, feed: impl AsRef<[u8]>) -> Result {
        self.write_file(WHOLE_FEED, &feed)?;
        self.write_file(INDEX_FEED, &feed)?;
        match std::fs::remove_file(self.root.path().join(INDEX_FEED_BR)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Publishes a new release as far as browsers can tell: the service
    /// worker's version becomes `version`.
    pub fn publish_release(&self, version: &str) -> Result {
        let worker = String::from_utf8(self.read_file("sw.js")?)?;
        let line = worker.lines().find(|l| l.starts_with("const VERSION = ")).ok_or("sw.js has no version")?;
        self.write_file("sw.js", worker.replace(line, &format!("const VERSION = \"{version}\";")))
    }

    pub fn remove_file(&self, path: &str) -> Result {
        std::fs::remove_file(self.root.path().join(path))?;
        Ok(())
    }

    pub fn read_file(&self, path: &str) -> Result<Vec<u8>> {
        Ok(std::fs::read(self.root.path().join(path))?)
    }
}

/// nginx in the foreground with `servers` (one or more `server` blocks) in
/// a minimal configuration of its own in `conf`, once it answers on every
/// one of `ports`.
fn run_nginx(conf: &Path, servers: &str, ports: &[u16]) -> Result<GroupChild> {
    let c = conf.display();
    // The site rules use brotli; Debian's nginx.conf loads the module
    // through modules-enabled, this minimal config has to load it itself.
    let brotli: String =
        BROTLI_MODULES.iter().filter(|m| Path::new(m).exists()).map(|m| format!("load_module {m};\n")).collect();
    let config = format!(
        "{brotli}worker_processes 1;\n\
         error_log {c}/error.log warn;\n\
         pid {c}/nginx.pid;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n\
           include /etc/nginx/mime.types;\n\
           default_type application/octet-stream;\n\
           access_log off;\n\
           client_body_temp_path {c}/body; proxy_temp_path {c}/proxy; fastcgi_temp_path {c}/fastcgi;\n\
           uwsgi_temp_path {c}/uwsgi; scgi_temp_path {c}/scgi;\n\
           {servers}\n\
         }}\n"
    );
    let conf_file = conf.join("nginx.conf");
    std::fs::write(&conf_file, config)?;
    let mut command = Command::new(nginx_binary());
    command
        .arg("-e")
        .arg(conf.join("error.log"))
        .arg("-p")
        .arg(conf)
        .arg("-c")
        .arg(&conf_file)
        .args(["-g", "daemon off;"]);
    let mut nginx = GroupChild::spawn("nginx", command)?;
    for &port in ports {
        nginx.wait_for_port(port, Duration::from_secs(10))?;
    }
    Ok(nginx)
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("nginx"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            // With its time, as `cp -a` or a publish keeps it: the pages
            // record catalog.json's Last-Modified (the app's check that the
            // index is not older than it), and a copy made now would look
            // like a catalog.json replaced by hand.
            let modified = entry.metadata()?.modified()?;
            std::fs::File::options().write(true).open(&target)?.set_modified(modified)?;
        }
    }
    Ok(())
}

/// nginx workers run as an unprivileged user; temp dirs are created 0700.
fn make_world_readable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)?;
    let mode = if meta.is_dir() { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)? {
            make_world_readable(&entry?.path())?;
        }
    }
    Ok(())
}
