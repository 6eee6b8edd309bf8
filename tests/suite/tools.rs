//! Helpers that let the integration tests use real external tools: the Nu
//! HTML Checker (vnu), xmllint, Chromium through `tests/browser/*.mjs`,
//! nginx, and a Python venv with feedparser.
//!
//! Everything is installed by `scripts/setup-test-tools.sh` (which
//! `scripts/test.sh` runs first) under `<repo>/tools`, or under the
//! directory named by the `JIANBAO_TOOLS` environment variable. A missing
//! tool makes the test panic with a message naming that script: tests fail,
//! they never skip.
//!
//! Servers bind 127.0.0.1 only, on ephemeral ports.

#![allow(dead_code)]

use std::collections::HashMap;
use std::env;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SETUP_HINT: &str = "run `bash scripts/setup-test-tools.sh` (or `bash scripts/test.sh`) to install the test tools, or point JIANBAO_TOOLS at a tools directory";

/// How long an external command (vnu, node, xmllint, python) may run.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);

// ---------------------------------------------------------------------------
// Locating tools
// ---------------------------------------------------------------------------

/// The repository root (the crate's manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `$JIANBAO_TOOLS`, else `<repo>/tools`.
pub fn tools_dir() -> PathBuf {
    match env::var_os("JIANBAO_TOOLS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("tools"),
    }
}

fn require_file(what: &str, path: PathBuf) -> PathBuf {
    if !path.is_file() {
        panic!("{what} not found at {}: {SETUP_HINT}", path.display());
    }
    path
}

/// Finds an executable: the first of `preferred` that exists, else `name`
/// on PATH, else in /usr/sbin, /usr/bin (PATH may lack sbin).
fn find_program(name: &str, preferred: &[&str]) -> Option<PathBuf> {
    let is_exe = |p: &Path| p.is_file();
    for p in preferred {
        let p = Path::new(p);
        if is_exe(p) {
            return Some(p.to_path_buf());
        }
    }
    let path_var = env::var_os("PATH").unwrap_or_default();
    let extra = [PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")];
    env::split_paths(&path_var)
        .chain(extra)
        .map(|dir| dir.join(name))
        .find(|p| is_exe(p))
}

fn require_program(name: &str, package: &str, preferred: &[&str]) -> PathBuf {
    find_program(name, preferred)
        .unwrap_or_else(|| panic!("`{name}` not found (Debian package {package}): {SETUP_HINT}"))
}

/// The Nu HTML Checker jar from the npm package `vnu-jar`.
pub fn vnu_jar() -> PathBuf {
    require_file(
        "vnu.jar",
        tools_dir().join("node/node_modules/vnu-jar/build/dist/vnu.jar"),
    )
}

/// The sitemaps.org 0.9 `urlset` schema shipped by the npm package `sitemap`.
pub fn sitemap_xsd() -> PathBuf {
    require_file(
        "sitemap.xsd",
        tools_dir().join("node/node_modules/sitemap/schema/sitemap.xsd"),
    )
}

/// `tests/browser/NAME`; also checks that playwright-core is installed.
pub fn node_script(name: &str) -> PathBuf {
    require_file(
        "playwright-core",
        tools_dir().join("node/node_modules/playwright-core/package.json"),
    );
    let script = repo_root().join("tests/browser").join(name);
    if !script.is_file() {
        panic!("browser script {} does not exist", script.display());
    }
    script
}

/// The Python of the test venv (with feedparser).
pub fn venv_python() -> PathBuf {
    require_file(
        "the test venv's python",
        tools_dir().join("venv/bin/python"),
    )
}

/// Debian's Chromium.
pub fn chromium() -> PathBuf {
    require_program("chromium", "chromium", &["/usr/bin/chromium"])
}

/// nginx (usually /usr/sbin/nginx).
pub fn nginx() -> PathBuf {
    require_program("nginx", "nginx-light", &["/usr/sbin/nginx"])
}

/// java (to run vnu.jar).
pub fn java() -> PathBuf {
    require_program("java", "default-jre-headless", &[])
}

/// xmllint.
pub fn xmllint() -> PathBuf {
    require_program("xmllint", "libxml2-utils", &[])
}

/// pdftotext, to read a printed page's PDF back as text.
pub fn pdftotext() -> PathBuf {
    require_program("pdftotext", "poppler-utils", &[])
}

/// exiftool (writes the photo fixtures' metadata, reads the outputs back).
pub fn exiftool() -> PathBuf {
    require_program("exiftool", "libimage-exiftool-perl", &[])
}

/// node.
pub fn node() -> PathBuf {
    require_program("node", "nodejs", &[])
}

// ---------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------

/// The result of an external command.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` with no stdin, capturing stdout and stderr, killing it after
/// `timeout`. Panics if it cannot start or times out.
pub fn run_command(cmd: &mut Command, timeout: Duration) -> Output {
    let desc = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {desc}: {e}; {SETUP_HINT}"));
    let out = child.stdout.take().map(read_in_thread);
    let err = child.stderr.take().map(read_in_thread);
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{desc} did not finish within {timeout:?}");
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("waiting for {desc}: {e}"),
        }
    };
    let join = |h: Option<JoinHandle<Vec<u8>>>| {
        h.map(|h| String::from_utf8_lossy(&h.join().unwrap_or_default()).into_owned())
            .unwrap_or_default()
    };
    Output {
        status,
        stdout: join(out),
        stderr: join(err),
    }
}

fn read_in_thread<R: Read + Send + 'static>(mut r: R) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// Validates a file or a whole directory (one JVM start) with vnu:
/// `java -jar vnu.jar --errors-only --skip-non-html --format gnu PATH`.
/// Returns the error lines, empty when everything is valid.
pub fn vnu_check(path: &Path) -> Vec<String> {
    assert!(
        path.exists(),
        "vnu_check: {} does not exist",
        path.display()
    );
    let jar = vnu_jar();
    let out = run_command(
        Command::new(java())
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
            .arg(path),
        COMMAND_TIMEOUT,
    );
    let lines: Vec<String> = out
        .stderr
        .lines()
        .chain(out.stdout.lines())
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    if !out.status.success() && lines.is_empty() {
        panic!(
            "vnu failed without reporting errors ({}): {}",
            out.status, out.stderr
        );
    }
    if out.status.success() {
        // Exit 0 means valid; anything printed is informational.
        return Vec::new();
    }
    lines
}

/// Validates `xml` against the XSD `xsd` with `xmllint --noout --nonet
/// --schema`. Returns the error lines, empty when it validates.
pub fn xmllint_schema(xml: &Path, xsd: &Path) -> Vec<String> {
    let out = run_command(
        Command::new(xmllint())
            .args(["--noout", "--nonet", "--schema"])
            .arg(xsd)
            .arg(xml),
        COMMAND_TIMEOUT,
    );
    if out.status.success() {
        return Vec::new();
    }
    let lines: Vec<String> = out
        .stderr
        .lines()
        .chain(out.stdout.lines())
        .filter(|l| !l.trim().is_empty() && !l.ends_with(" fails to validate"))
        .map(str::to_owned)
        .collect();
    if lines.is_empty() {
        vec![format!("xmllint failed ({})", out.status)]
    } else {
        lines
    }
}

/// Runs `node tests/browser/SCRIPT ARGS...` (with JIANBAO_TOOLS set).
/// Returns (success, stdout followed by stderr). Each result of
/// `axe.mjs`/`screenshot.mjs` is a JSON line starting with `{` on stdout.
pub fn run_node(script: &str, args: &[&str]) -> (bool, String) {
    let script = node_script(script);
    chromium();
    let out = run_command(
        Command::new(node())
            .arg(&script)
            .args(args)
            .env("JIANBAO_TOOLS", tools_dir())
            .current_dir(repo_root()),
        COMMAND_TIMEOUT,
    );
    let mut text = out.stdout;
    if !out.stderr.is_empty() {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&out.stderr);
    }
    (out.status.success(), text)
}

// ---------------------------------------------------------------------------
// Temporary directories and ports
// ---------------------------------------------------------------------------

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path =
                env::temp_dir().join(format!("jianbao-{tag}-{}-{n}-{nanos}", std::process::id()));
            match fs::create_dir(&path) {
                Ok(()) => return TempDir { path },
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => panic!("cannot create {}: {e}", path.display()),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// A port on 127.0.0.1 that was free a moment ago (bind port 0, release).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot bind 127.0.0.1:0")
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Percent-encodes what may not appear raw in a URL (non-ASCII such as
/// Chinese, spaces, controls, `"<>\^`{|}`), keeping `/ ? # % & =` etc.
pub fn encode_url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes into bytes (a malformed escape is kept as is).
pub fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn join_url(base: &str, prefix: &str, path: &str) -> String {
    let full = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{prefix}{path}")
    };
    format!("{base}{}", encode_url_path(&full))
}

// ---------------------------------------------------------------------------
// StaticServer: a tiny std-only HTTP server for a directory
// ---------------------------------------------------------------------------

/// Serves a directory over HTTP/1.1 on 127.0.0.1 (ephemeral port) from a
/// background thread: GET and HEAD, percent-decoded paths (UTF-8, e.g.
/// Chinese), `index.html` for directories (a directory without a trailing
/// slash is redirected with 301), `Content-Type` by extension with
/// `; charset=utf-8` for text types, 404 for missing files. Every response
/// closes the connection. Stops when dropped.
pub struct StaticServer {
    port: u16,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<(String, String, u16)>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        assert!(
            root.is_dir(),
            "StaticServer: {} is not a directory",
            root.display()
        );
        let root = root
            .canonicalize()
            .unwrap_or_else(|e| panic!("canonicalize {}: {e}", root.display()));
        let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local_addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, log, root) = (stop.clone(), log.clone(), root.clone());
            thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let (root, log) = (root.clone(), log.clone());
                    thread::spawn(move || {
                        let _ = serve_connection(stream, &root, &log);
                    });
                }
            })
        };
        StaticServer {
            port,
            root,
            stop,
            log,
            thread: Some(thread),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `http://127.0.0.1:PORT` + `path` (a leading `/` is added when
    /// missing); non-ASCII characters are percent-encoded.
    pub fn url(&self, path: &str) -> String {
        join_url(&format!("http://127.0.0.1:{}", self.port), "/", path)
    }

    /// The requests served so far: (method, raw path, status).
    pub fn requests(&self) -> Vec<(String, String, u16)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept().
        let _ =
            TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The Content-Type for a file name, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn serve_connection(
    mut stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<(String, String, u16)>>,
) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // a wake-up or preconnect that sent nothing
    }
    // Skip the headers (the body of GET/HEAD is ignored).
    let mut header_bytes = 0usize;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line)?;
        header_bytes += n;
        if n == 0 || line == "\r\n" || line == "\n" || header_bytes > 64 * 1024 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let head = method == "HEAD";

    let (status, headers, body) = if method != "GET" && !head {
        error_response(405, "Method Not Allowed")
    } else {
        respond(root, &target)
    };
    if let Ok(mut l) = log.lock() {
        l.push((method, target, status));
    }
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in &headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(out.as_bytes())?;
    if !head {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

type Response = (u16, Vec<(String, String)>, Vec<u8>);

fn error_response(status: u16, text: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status}</title></head><body><h1>{status} {text}</h1></body></html>\n"
    );
    (
        status,
        vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body.into_bytes(),
    )
}

fn respond(root: &Path, target: &str) -> Response {
    let raw_path = target.split(['?', '#']).next().unwrap_or("");
    if !raw_path.starts_with('/') {
        return error_response(400, "Bad Request");
    }
    let Ok(decoded) = String::from_utf8(percent_decode(raw_path)) else {
        return error_response(400, "Bad Request");
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return error_response(400, "Bad Request");
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return error_response(403, "Forbidden");
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        if !raw_path.ends_with('/') {
            let query = &target[raw_path.len()..];
            let mut r = error_response(301, "Moved Permanently");
            r.1.push(("Location".into(), format!("{raw_path}/{query}")));
            return r;
        }
        file = file.join("index.html");
    }
    match fs::read(&file) {
        Ok(body) if file.is_file() => (
            200,
            vec![("Content-Type".into(), content_type(&file).into())],
            body,
        ),
        _ => error_response(404, "Not Found"),
    }
}

// ---------------------------------------------------------------------------
// Nginx: the real server, serving a directory under a URL prefix
// ---------------------------------------------------------------------------

/// A private nginx (`daemon off`, single process, config, pid, temp paths
/// and logs in a temp dir) on 127.0.0.1:PORT serving `root` at `prefix`
/// (`location /zcdt/ { alias ROOT/; }`), with Debian's `mime.types` and no
/// `charset` directive, as a stock Debian nginx would be. `/zcdt` redirects
/// to `/zcdt/`, other paths outside the prefix answer 404. Killed on drop.
pub struct Nginx {
    port: u16,
    prefix: String,
    child: Child,
    dir: TempDir,
}

impl Nginx {
    pub fn start(root: &Path, prefix: &str) -> Nginx {
        assert!(
            root.is_dir(),
            "Nginx: {} is not a directory",
            root.display()
        );
        let root = root
            .canonicalize()
            .unwrap_or_else(|e| panic!("canonicalize {}: {e}", root.display()));
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let nginx = nginx();
        let mut last_error = String::new();
        // The port is found by binding port 0 and releasing it: another
        // process may grab it in between, so try a few times.
        for _ in 0..5 {
            let dir = TempDir::new("nginx");
            let port = free_port();
            let conf = dir.path().join("nginx.conf");
            fs::write(&conf, nginx_config(dir.path(), &root, &prefix, port))
                .expect("write nginx.conf");
            let error_log = dir.path().join("error.log");
            let mut child = Command::new(&nginx)
                .arg("-e")
                .arg(&error_log)
                .arg("-p")
                .arg(dir.path())
                .arg("-c")
                .arg(&conf)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}; {SETUP_HINT}", nginx.display()));
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    last_error = format!(
                        "nginx exited with {status}: {}",
                        fs::read_to_string(&error_log).unwrap_or_default()
                    );
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Nginx {
                        port,
                        prefix,
                        child,
                        dir,
                    };
                }
                if Instant::now() >= deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_error = format!(
                        "nginx did not answer on 127.0.0.1:{port} within 10 s: {}",
                        fs::read_to_string(&error_log).unwrap_or_default()
                    );
                    break;
                }
                thread::sleep(Duration::from_millis(25));
            }
        }
        panic!("cannot start nginx: {last_error}");
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The prefix, normalised to `/name/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `http://127.0.0.1:PORT/prefix/`.
    pub fn base_url(&self) -> String {
        self.url("")
    }

    /// A URL on this server: `path` starting with `/` is taken from the
    /// host root (`url("/zcdt/a/")`), otherwise it is relative to the prefix
    /// (`url("a/")` is the same URL). Non-ASCII is percent-encoded.
    pub fn url(&self, path: &str) -> String {
        join_url(
            &format!("http://127.0.0.1:{}", self.port),
            &self.prefix,
            path,
        )
    }

    /// The access log so far (one line per request).
    pub fn access_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default()
    }

    /// The error log so far.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_quote(p: &Path) -> String {
    let s = p.to_string_lossy();
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn nginx_config(dir: &Path, root: &Path, prefix: &str, port: u16) -> String {
    let q = |name: &str| nginx_quote(&dir.join(name));
    let mime = Path::new("/etc/nginx/mime.types");
    let types = if mime.is_file() {
        format!("include {};", nginx_quote(mime))
    } else {
        "types { text/html html htm; text/css css; application/javascript js; \
         text/xml xml; application/json json; image/png png; image/jpeg jpg jpeg; \
         image/svg+xml svg; }"
            .to_owned()
    };
    let alias = nginx_quote(Path::new(&format!("{}/", root.display())));
    let bare_prefix = prefix.trim_end_matches('/');
    let redirect = if bare_prefix.is_empty() {
        String::new()
    } else {
        format!("        location = {bare_prefix} {{ return 301 {prefix}; }}\n")
    };
    let catch_all = if prefix == "/" {
        String::new()
    } else {
        "        location / { return 404; }\n".to_owned()
    };
    format!(
        "daemon off;
master_process off;
worker_processes 1;
pid {pid};
error_log {error_log} info;
events {{
    worker_connections 256;
}}
http {{
    {types}
    default_type application/octet-stream;
    access_log {access_log};
    client_body_temp_path {body};
    proxy_temp_path {proxy};
    fastcgi_temp_path {fastcgi};
    uwsgi_temp_path {uwsgi};
    scgi_temp_path {scgi};
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{redirect}{catch_all}        location {prefix} {{
            alias {alias};
            index index.html;
        }}
    }}
}}
",
        pid = q("nginx.pid"),
        error_log = q("error.log"),
        access_log = q("access.log"),
        body = q("client_body"),
        proxy = q("proxy"),
        fastcgi = q("fastcgi"),
        uwsgi = q("uwsgi"),
        scgi = q("scgi"),
    )
}

// ---------------------------------------------------------------------------
// A minimal HTTP client
// ---------------------------------------------------------------------------

/// `GET url` over HTTP/1.1 with `Connection: close` (127.0.0.1 / localhost
/// only). Returns (status, headers with lower-cased names in order, body).
/// Redirects are not followed. Panics on connection errors.
pub fn http_get(url: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    http_request("GET", url)
}

/// Like [`http_get`] with another method (`HEAD` gives an empty body).
pub fn http_request(method: &str, url: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("http_get: only http:// URLs are supported: {url}"));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = path.split('#').next().unwrap_or("/");
    let (host, port_text) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => (&authority[..=i], authority[i + 1..].strip_prefix(':')),
            None => panic!("http_get: bad host in {url}"),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = port_text.map_or(80, |p| {
        p.parse::<u16>()
            .unwrap_or_else(|_| panic!("http_get: bad port in {url}"))
    });
    assert!(
        matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
        "http_get: only loopback hosts are allowed, not {host}"
    );
    let addr = if host == "[::1]" { "::1" } else { "127.0.0.1" };
    let mut stream = TcpStream::connect((addr, port))
        .unwrap_or_else(|e| panic!("http_get {url}: cannot connect: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set_read_timeout");
    let request = format!(
        "{method} {} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: jianbao-tests\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        encode_url_path(path)
    );
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("http_get {url}: write: {e}"));
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("http_get {url}: read: {e}"));

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("http_get {url}: no end of headers in response"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("http_get {url}: bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header_map: HashMap<&str, &str> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if method == "HEAD" {
        body.clear();
    } else if header_map
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body).unwrap_or_else(|| panic!("http_get {url}: bad chunked body"));
    } else if let Some(len) = header_map
        .get("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        assert!(
            body.len() >= len,
            "http_get {url}: body shorter ({}) than Content-Length {len}",
            body.len()
        );
        body.truncate(len);
    }
    (status, headers, body)
}

/// The value of a header (case-insensitive) from an [`http_get`] result.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}
