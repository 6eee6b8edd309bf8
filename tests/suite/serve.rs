//! `jianbao serve` and `jianbao build --watch` through the real binary: what the preview serves
//! after edits, the live-reload events, errors shown and cleared, the HTTP rules, and a real
//! browser following the edits by itself.
//!
//! Every wait is bounded ([`WAIT`]); every started process is killed when its guard drops.

use std::io::{BufRead, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{SiteTest, copy_dir, repo_root};
use crate::tools::{header, http_get, http_request, run_node};

/// The longest any one thing may take before the test fails.
pub(crate) const WAIT: Duration = Duration::from_secs(30);
/// How long to watch for something that must not happen.
const SETTLE: Duration = Duration::from_millis(1500);

/// A running `jianbao` that keeps going until killed; killed on drop.
pub(crate) struct Running {
    child: Child,
    log: Arc<Mutex<String>>,
    /// The threads copying stdout and stderr into `log`; they end when the process does.
    readers: Vec<thread::JoinHandle<()>>,
}

impl Running {
    pub(crate) fn start(root: &Path, args: &[&str]) -> Running {
        Running::start_env(root, args, &[])
    }

    fn start_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jianbao"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(root)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jianbao");
        let log = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            readers.push(thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut log = log.lock().expect("log lock");
                    log.push_str(&line);
                    log.push('\n');
                }
            }));
        }
        Running {
            child,
            log,
            readers,
        }
    }

    /// Everything printed so far.
    pub(crate) fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }

    /// How often `needle` has been printed so far.
    fn count(&self, needle: &str) -> usize {
        self.log().matches(needle).count()
    }

    #[track_caller]
    pub(crate) fn wait_for_log(&self, needle: &str) -> String {
        wait_until(|| {
            let log = self.log();
            log.contains(needle).then_some(log)
        })
        .unwrap_or_else(|| panic!("no {needle:?} within {WAIT:?}:\n{}", self.log()))
    }

    /// Waits for the process to end by itself; then the log holds everything it printed (the
    /// reader threads may lag behind the exit on a busy machine, so they are joined).
    pub(crate) fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                for reader in self.readers.drain(..) {
                    let _ = reader.join();
                }
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `jianbao serve --port 0` on a site, with the URL it printed.
pub(crate) struct Preview {
    pub(crate) running: Running,
    pub(crate) base: String,
}

impl Preview {
    fn start(site: &SiteTest) -> Preview {
        Preview::start_with(&site.root, &["serve", "--port", "0"])
    }

    pub(crate) fn start_with(root: &Path, args: &[&str]) -> Preview {
        let running = Running::start(root, args);
        let log = running.wait_for_log("Preview at http://");
        let base = log
            .split("Preview at ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a URL after `Preview at`")
            .trim_end_matches('/')
            .to_string();
        Preview { running, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        http_get(&self.url(path))
    }

    fn text(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Polls `path` until `ready` holds for its status and text; returns the text.
    #[track_caller]
    pub(crate) fn wait_for(
        &self,
        path: &str,
        what: &str,
        ready: impl Fn(u16, &str) -> bool,
    ) -> String {
        let mut last = (0, String::new());
        wait_until(|| {
            last = self.text(path);
            ready(last.0, &last.1).then(|| last.1.clone())
        })
        .unwrap_or_else(|| {
            panic!(
                "{path}: {what} not seen within {WAIT:?}; last answer {}:\n{}\n--- log:\n{}",
                last.0,
                last.1,
                self.running.log()
            )
        })
    }

    fn events(&self) -> Events {
        Events::open(&self.base)
    }
}

/// Retries `check` every 50 ms until it gives a value or [`WAIT`] runs out.
pub(crate) fn wait_until<T>(mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// The live-reload event stream, read the way a browser's EventSource does.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(base: &str) -> Events {
        let authority = base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(authority).expect("connect to the event stream");
        stream.set_read_timeout(Some(WAIT)).expect("read timeout");
        write!(
            stream,
            "GET /__jianbao/events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send request");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let head = events.read_block();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.contains("Content-Type: text/event-stream; charset=utf-8"),
            "{head}"
        );
        let hello = events.read_block();
        assert!(hello.contains("event: hello"), "{hello}");
        events
    }

    /// Reads up to the next empty line.
    fn read_block(&mut self) -> String {
        let mut block = String::new();
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("the event stream stayed open and sent something in time");
            assert!(n > 0, "the event stream closed; got {block:?}");
            if line.trim_end().is_empty() {
                if block.is_empty() {
                    continue;
                }
                return block;
            }
            block.push_str(&line);
        }
    }

    /// Reads `build` events until one satisfies `wanted`, within [`WAIT`].
    fn wait_for_build(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            let block = self.read_block();
            if let Some(data) = block.strip_prefix("event: build\ndata: ") {
                let data = data.trim_end().to_string();
                if wanted(&data) {
                    return data;
                }
                seen.push(data);
            }
        }
        panic!("no such build event within {WAIT:?}; saw {seen:#?}");
    }

    /// The data of the next `build` event, skipping pings.
    fn next_build(&mut self) -> String {
        self.wait_for_build(|_| true)
    }
}

/// The served page without the reload script the preview adds.
fn without_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let start = text
        .rfind("<script src=\"/__jianbao/reload.js\"")
        .expect("the reload script is injected");
    let end = start + text[start..].find("</script>").expect("closed") + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

fn page_template(marker: &str) -> String {
    let page = std::fs::read_to_string(repo_root().join("templates/page.html"))
        .expect("the built-in page template");
    page.replacen(
        "{% block main %}",
        &format!("{{% block main %}}<p>{marker}</p>"),
        1,
    )
}

#[test]
fn edits_adds_renames_deletes_and_template_changes_are_served_like_a_fresh_build() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let mut events = preview.events();
    let tea = site.root.join("content/news/tea.md");

    let original = std::fs::read_to_string(&tea).expect("tea.md");
    std::fs::write(&tea, original.clone() + "\n新加的一句话。\n").expect("edit");
    preview.wait_for("/news/tea/", "the edited body", |s, t| {
        s == 200 && t.contains("新加的一句话")
    });
    let event = events.next_build();
    assert!(
        event.contains("\"targets\":[") && event.contains("news/tea/index.html"),
        "{event}"
    );
    assert!(
        !event.contains("\"index.html\""),
        "the home page did not change: {event}"
    );

    // A tab showing the 404 page for a URL listens for the page that would answer it.
    let (status, missing) = preview.text("/news/new/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("&quot;news/new/index.html&quot;"),
        "{missing}"
    );
    site.write(
        "content/news/new.md",
        "---\ntitle: 新增的文章\ndate: 2025-04-01\n---\n新文章。\n",
    );
    preview.wait_for("/news/", "the added page in the list", |s, t| {
        s == 200 && t.contains("新增的文章")
    });
    preview.wait_for("/news/new/", "the added page", |s, _| s == 200);
    events.wait_for_build(|event| event.contains("\"news/new/index.html\""));

    let visit = site.root.join("content/news/visit.md");
    std::fs::rename(&visit, site.root.join("content/news/visit-renamed.md")).expect("rename");
    preview.wait_for("/news/visit-renamed/", "the renamed page", |s, _| s == 200);
    preview.wait_for("/news/visit/", "the old URL gone", |s, t| {
        s == 404 && t.contains("<main")
    });

    std::fs::remove_file(site.root.join("content/news/meeting.md")).expect("delete");
    preview.wait_for("/news/meeting/", "the deleted page gone", |s, _| s == 404);
    for list in ["/", "/news/", "/news/page/2/", "/archive/"] {
        let (_, text) = preview.text(list);
        assert!(
            !text.contains("村民大会"),
            "{list} still lists the deleted page"
        );
    }

    // A templates/ folder made after the start is watched too: the second edit inside it counts.
    site.write("templates/page.html", page_template("模板标记一"));
    preview.wait_for("/news/tea/", "the new template", |_, t| {
        t.contains("模板标记一")
    });
    site.write("templates/page.html", page_template("模板标记二"));
    preview.wait_for("/news/tea/", "the edited template", |_, t| {
        t.contains("模板标记二")
    });

    let options = jianbao::BuildOptions {
        root: site.root.clone(),
        base_url: Some(format!("{}/", preview.base)),
        ..jianbao::BuildOptions::default()
    };
    let (fresh, _) = jianbao::build_to_memory(&options).expect("the edited site builds");
    for (target, bytes) in &fresh {
        let (status, _, served) = preview.get(&format!("/{target}"));
        assert_eq!(status, 200, "{target}");
        let served = if target.ends_with(".html") {
            without_script(&served)
        } else {
            served
        };
        assert!(
            served[..] == bytes[..],
            "{target} differs from a fresh build"
        );
    }
    assert!(
        !site.root.join("public").exists(),
        "the preview never writes the output folder"
    );
}

#[test]
fn a_broken_save_shows_the_overlay_on_every_page_until_it_is_fixed() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let mut events = preview.events();
    let tea = site.root.join("content/news/tea.md");
    let original = std::fs::read_to_string(&tea).expect("tea.md");

    std::fs::write(
        &tea,
        original.replacen("title: 茶叶合作社带动增收", "title: [<没有闭合>", 1),
    )
    .expect("break");
    let page = preview.wait_for("/news/tea/", "the overlay", |_, t| {
        t.contains("id=\"jianbao-overlay\"")
    });
    assert!(
        page.contains("content/news/tea.md:"),
        "the overlay names the file and line"
    );
    assert!(
        page.contains("主要做法"),
        "the last good page stays under the overlay"
    );
    assert!(
        !page.contains("[<没有闭合>"),
        "the excerpt is escaped: {page}"
    );
    let (_, home) = preview.text("/");
    assert!(
        home.contains("id=\"jianbao-overlay\""),
        "every page carries the overlay"
    );
    let event = events.next_build();
    assert!(
        event.contains("\"overlay\":\"<div id=\\\"jianbao-overlay\\\""),
        "{event}"
    );
    preview.running.wait_for_log("error");

    std::fs::write(&tea, &original).expect("fix");
    preview.wait_for("/news/tea/", "the overlay gone", |s, t| {
        s == 200 && !t.contains("jianbao-overlay")
    });
    let event = events.next_build();
    assert!(event.contains("\"overlay\":null"), "{event}");
}

#[test]
fn a_stylesheet_edit_swaps_styles_without_a_reload() {
    let site = SiteTest::fixture("build/basic");
    let css = std::fs::read(repo_root().join("static/css/jianbao.css")).expect("theme css");
    site.write("static/css/jianbao.css", &css);
    let preview = Preview::start(&site);
    let mut events = preview.events();
    site.write(
        "static/css/jianbao.css",
        [css.as_slice(), b"\nbody { color: #123; }\n"].concat(),
    );
    let event = events.next_build();
    assert!(
        event.contains("\"stylesheets\":true") && event.contains("\"targets\":[]"),
        "{event}"
    );
    let (status, headers, body) = preview.get("/css/jianbao.css");
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/css; charset=utf-8")
    );
    assert!(String::from_utf8_lossy(&body).ends_with("body { color: #123; }\n"));
}

#[test]
fn editor_leftovers_do_not_rebuild_and_a_checkout_rebuilds_once() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let running = &preview.running;
    for leftover in [
        "content/news/.tea.md.swp",
        "content/news/4913",
        "content/news/~$报告.docx",
        "content/news/.~lock.统计.xlsx#",
        "content/news/tea.md___jb_tmp___",
        "content/.DS_Store",
        "content/news/tea.md~",
    ] {
        site.write(leftover, "x");
    }
    thread::sleep(SETTLE);
    assert_eq!(running.count("changed:"), 0, "{}", running.log());

    // vim's rename-on-save: the old file becomes the backup, a new one is written, the backup goes.
    let tea = site.root.join("content/news/tea.md");
    let backup = site.root.join("content/news/tea.md~");
    std::fs::rename(&tea, &backup).expect("rename to backup");
    std::fs::write(
        &tea,
        "---\ntitle: 改名保存\ndate: 2025-03-01\n---\n正文。\n",
    )
    .expect("write");
    std::fs::remove_file(&backup).expect("remove backup");
    preview.wait_for("/news/tea/", "the saved page", |_, t| {
        t.contains("改名保存")
    });
    thread::sleep(SETTLE);
    assert_eq!(running.count("rebuilt"), 1, "{}", running.log());

    // A checkout that writes 200 files at once is one rebuild.
    for i in 0..200 {
        site.write(
            &format!("content/notices/n{i:03}.md"),
            format!("---\ntitle: 通知{i}\ndate: 2025-01-01\n---\n正文。\n"),
        );
    }
    preview.wait_for("/notices/n199/", "the last checked-out page", |s, _| {
        s == 200
    });
    thread::sleep(SETTLE);
    assert_eq!(running.count("rebuilt"), 2, "{}", running.log());
}

#[test]
fn requests_cannot_leave_the_site() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let authority = preview.base.trim_start_matches("http://").to_string();
    for target in [
        "/../../../../etc/passwd",
        "/news/../../site.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5csite.yaml",
        "/%5c%5cserver%5cshare",
        "//etc/passwd",
        "/etc/passwd",
        "/%00",
        "/index.html%00.css",
        "/content/news/tea.md",
        "/site.yaml",
        "/..\\..\\site.yaml",
        "http://example.com/etc/passwd",
    ] {
        let (status, body) = raw_request(&authority, &format!("GET {target} HTTP/1.1"));
        assert!(matches!(status, 400 | 403 | 404), "{target}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{target}: {body}"
        );
    }
    let (status, _) = raw_request(&authority, "POST / HTTP/1.1");
    assert_eq!(status, 405);
}

/// Sends one request as written and returns the status and body.
fn raw_request(authority: &str, request_line: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        stream,
        "{request_line}\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}

#[test]
fn responses_have_types_redirects_head_and_the_sites_404_page() {
    let site = SiteTest::fixture("build/basic");
    let files: &[(&str, &str)] = &[
        ("files/通知.pdf", "application/pdf"),
        (
            "files/表.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "files/表.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("img/a.png", "image/png"),
        ("img/a.jpg", "image/jpeg"),
        ("img/a.gif", "image/gif"),
        ("img/a.svg", "image/svg+xml"),
        ("img/a.webp", "image/webp"),
        ("favicon.ico", "image/x-icon"),
        ("js/a.js", "text/javascript; charset=utf-8"),
        ("data/a.json", "application/json; charset=utf-8"),
        ("data/a.xml", "application/xml; charset=utf-8"),
    ];
    for (path, _) in files {
        site.write(&format!("static/{path}"), "bytes");
    }
    let preview = Preview::start(&site);
    for (path, content_type) in files {
        let (status, headers, _) = preview.get(&format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            header(&headers, "content-type"),
            Some(*content_type),
            "{path}"
        );
    }
    let (status, headers, body) =
        preview.get("/notices/%E5%85%B3%E4%BA%8E%E5%9F%B9%E8%AE%AD%E7%9A%84%E9%80%9A%E7%9F%A5/");
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&headers, "cache-control"), Some("no-store"));
    assert!(String::from_utf8_lossy(&body).contains("请按时参加"));
    let (status, _, _) = preview.get("/notices/关于培训的通知/");
    assert_eq!(
        status, 200,
        "raw Chinese is encoded by the client and decodes the same"
    );

    let (status, headers, body) = http_request("HEAD", &preview.url("/news/"));
    assert_eq!(status, 200);
    assert!(body.is_empty());
    let (_, _, full) = preview.get("/news/");
    assert_eq!(
        header(&headers, "content-length"),
        Some(full.len().to_string().as_str())
    );

    let (status, headers, _) = preview.get("/news");
    assert_eq!(status, 301);
    assert_eq!(header(&headers, "location"), Some("/news/"));
    let (status, headers, _) =
        preview.get("/notices/%E5%85%B3%E4%BA%8E%E5%9F%B9%E8%AE%AD%E7%9A%84%E9%80%9A%E7%9F%A5?x=1");
    assert_eq!(status, 301);
    assert_eq!(
        header(&headers, "location"),
        Some("/notices/%E5%85%B3%E4%BA%8E%E5%9F%B9%E8%AE%AD%E7%9A%84%E9%80%9A%E7%9F%A5/?x=1")
    );

    let (status, text) = preview.text("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        text.contains("页面不存在") && text.contains("/__jianbao/reload.js"),
        "{text}"
    );
}

#[test]
fn a_port_in_use_is_explained() {
    let site = SiteTest::fixture("build/basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let mut running = Running::start(&site.root, &["serve", "--port", &port]);
    let status = running.wait_exit(WAIT).expect("serve gives up at once");
    assert!(!status.success());
    let log = running.log();
    assert!(
        log.contains(&format!("port {port} is already in use")) && log.contains("--port 0"),
        "{log}"
    );
}

#[test]
fn binding_every_address_warns_and_ctrl_c_stops_cleanly() {
    let site = SiteTest::fixture("build/basic");
    let mut preview =
        Preview::start_with(&site.root, &["serve", "--port", "0", "--bind", "0.0.0.0"]);
    assert!(
        preview.base.starts_with("http://127.0.0.1:"),
        "{}",
        preview.base
    );
    let log = preview
        .running
        .wait_for_log("visible to others on the network");
    assert!(log.contains("warning"), "{log}");
    let (status, _) = preview.text("/");
    assert_eq!(status, 200);

    let pid = preview.running.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let status = preview
        .running
        .wait_exit(WAIT)
        .expect("Ctrl-C ends the preview");
    assert!(status.success(), "{status}");
    preview.running.wait_for_log("stopped.");
}

#[test]
fn open_starts_the_browser_and_a_failure_is_only_a_warning() {
    let site = SiteTest::fixture("build/basic");
    // A stand-in `xdg-open` that records its argument and fails, as on a server without a desktop.
    let bin = tempfile::tempdir().expect("temp dir");
    let opened = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\nexit 3\n", opened.display()),
    )
    .expect("write xdg-open");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut running = Running::start_env(
        &site.root,
        &["serve", "--port", "0", "--open"],
        &[("PATH", &path)],
    );
    let log = running.wait_for_log("could not open a browser");
    let url = log
        .split("Preview at ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the preview URL");
    let recorded = std::fs::read_to_string(&opened).expect("xdg-open was run");
    assert_eq!(recorded.trim(), url);
    assert!(
        running.wait_exit(Duration::from_millis(300)).is_none(),
        "the preview keeps running"
    );
}

#[test]
fn saving_a_data_file_redraws_its_charts_and_downloads() {
    let site = SiteTest::fixture("figures/site");
    let preview = Preview::start(&site);
    let (_, before) = preview.text("/reports/figures/");
    assert!(before.contains("1,480"), "{before}");
    // Saved as Excel would, with 桃源村's 2024 income changed: the card, the bar chart, the
    // download and the 工作成效 page built from the same file all follow.
    let csv = std::fs::read_to_string(site.root.join("data/income.csv")).expect("income.csv");
    site.write("data/income.csv", csv.replace("\"1,480\"", "\"1,666\""));
    preview.wait_for("/reports/figures/", "the redrawn chart", |s, t| {
        s == 200 && t.contains("<span class=\"card-number\">1,666</span>")
    });
    let (_, page) = preview.text("/reports/figures/");
    assert!(
        page.contains(">1,666</text>") && !page.contains(">1,480</text>"),
        "the bar chart's value label follows the data:\n{page}"
    );
    let (status, download) = preview.text("/data/income.csv");
    assert!(status == 200 && download.contains(",1666,"), "{download}");
    // A bad save shows where it is wrong, and fixing it redraws again.
    site.write("data/income.csv", csv.replace("\"1,480\"", "待统计"));
    preview.wait_for("/reports/figures/", "the error overlay", |_, t| {
        t.contains("data/income.csv")
    });
    site.write("data/income.csv", &csv);
    preview.wait_for("/reports/figures/", "the original figure again", |s, t| {
        s == 200 && t.contains("<span class=\"card-number\">1,480</span>")
    });
}

#[test]
fn editing_a_reports_metrics_redraws_the_home_pages_figures_and_the_results_pages() {
    let site = SiteTest::fixture("figures/site");
    let preview = Preview::start(&site);
    let (_, home) = preview.text("/");
    assert!(
        home.contains("<span class=\"card-number\">1,120</span>"),
        "{home}"
    );
    // The newest report's income changes in its front matter only: the home page's card, the
    // village's 工作成效 page and the gathered dataset all follow.
    let file = "content/reports/shimen-2024.md";
    let report = std::fs::read_to_string(site.root.join(file)).expect("the report");
    site.write(file, report.replace("1,120 万元", "1,234 万元"));
    preview.wait_for("/", "the home page's new figure", |s, t| {
        s == 200 && t.contains("<span class=\"card-number\">1,234</span>")
    });
    let (_, village) = preview.text("/results/villages/%E7%9F%B3%E9%97%A8%E6%9D%91/");
    assert!(
        village.contains("1,234") && !village.contains("1,120"),
        "{village}"
    );
    let (_, results) = preview.text("/results/");
    assert!(results.contains("1,234"), "{results}");
    let (status, download) = preview.text("/data/metrics.csv");
    assert!(
        status == 200 && download.contains(",1234,万元"),
        "{download}"
    );
    // A new figure appears on the home page too.
    site.write(
        file,
        report.replace("  培训: 9 场\n", "  培训: 9 场\n  新增就业: 35 人\n"),
    );
    preview.wait_for("/", "the added figure", |s, t| {
        s == 200 && t.contains("<span class=\"card-name\">新增就业</span>")
    });
}

#[test]
fn polling_notices_edits_too() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start_with(&site.root, &["serve", "--port", "0", "--poll"]);
    preview.running.wait_for_log("polling content/");
    site.write(
        "content/news/polled.md",
        "---\ntitle: 轮询发现的文章\ndate: 2025-05-01\n---\n正文。\n",
    );
    preview.wait_for("/news/polled/", "the page found by polling", |s, _| {
        s == 200
    });
}

#[test]
fn build_watch_rebuilds_the_output_folder_and_keeps_it_on_errors() {
    let site = SiteTest::fixture("build/basic");
    let running = Running::start(&site.root, &["build", "--watch"]);
    running.wait_for_log("watching content/");
    let page = site.root.join("public/news/tea/index.html");
    let read = || std::fs::read_to_string(&page).unwrap_or_default();
    wait_until(|| read().contains("主要做法").then_some(())).expect("built");

    site.write(
        "content/news/tea.md",
        "---\ntitle: 监视模式\ndate: 2025-03-01\n---\n第二版。\n",
    );
    wait_until(|| read().contains("第二版").then_some(()))
        .unwrap_or_else(|| panic!("not rebuilt:\n{}", running.log()));
    assert!(
        !read().contains("/__jianbao/"),
        "built output never carries the reload script"
    );

    site.write("site.yaml", "title: [\n");
    running.wait_for_log("the previous output is unchanged");
    assert!(read().contains("第二版"), "a failed build keeps the output");
    let fixed = std::fs::read_to_string(crate::support::fixtures().join("build/basic/site.yaml"))
        .expect("fixture site.yaml");
    site.write("site.yaml", fixed);
    site.write(
        "content/news/tea.md",
        "---\ntitle: 监视模式\ndate: 2025-03-01\n---\n第三版。\n",
    );
    wait_until(|| read().contains("第三版").then_some(()))
        .unwrap_or_else(|| panic!("not rebuilt after the fix:\n{}", running.log()));
}

#[test]
fn chromium_follows_edits_stylesheets_and_errors_by_itself() {
    let site = SiteTest::fixture("build/basic");
    let css = std::fs::read(repo_root().join("static/css/jianbao.css")).expect("theme css");
    site.write("static/css/jianbao.css", &css);
    let preview = Preview::start(&site);
    let url = preview.url("/news/tea/");
    let markdown = site.root.join("content/news/tea.md");
    let stylesheet = site.root.join("static/css/jianbao.css");
    let (ok, output) = run_node(
        "live_reload.mjs",
        &[&url, &path_arg(&markdown), &path_arg(&stylesheet)],
    );
    assert!(ok, "{output}\n--- serve log:\n{}", preview.running.log());
    eprintln!("{output}");
}

fn path_arg(path: &Path) -> String {
    path.to_str().expect("UTF-8 temp path").to_string()
}

/// Measures save-to-event latency on a copy of the repository's own sample site: ten edits,
/// each timed from the write to the arrival of its `build` event on the event stream (the
/// moment a browser would reload). Prints the median; fails only when it is absurd.
#[test]
fn reload_latency_on_the_sample_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    for part in ["content", "templates", "static"] {
        copy_dir(&repo_root().join(part), &root.join(part));
    }
    std::fs::copy(repo_root().join("site.yaml"), root.join("site.yaml")).expect("site.yaml");
    let preview = Preview::start_with(&root, &["serve", "--port", "0"]);
    let mut events = preview.events();
    let article: PathBuf = root.join("content/industry/shimen-tea-cooperative.md");
    let original = std::fs::read_to_string(&article).expect("article");
    let mut times = Vec::new();
    for i in 0..10 {
        let started = Instant::now();
        std::fs::write(&article, format!("{original}\n\n第 {i} 次修改。\n")).expect("edit");
        let event = events.next_build();
        times.push(started.elapsed());
        assert!(
            event.contains("shimen-tea-cooperative/index.html"),
            "{event}"
        );
    }
    times.sort();
    let median = (times[4] + times[5]) / 2;
    eprintln!("save-to-reload latency on the sample site: median {median:?}, all {times:?}");
    assert!(median < Duration::from_secs(3), "median {median:?}");
}

/// Sends `head` and returns the status the preview answers with.
fn status_for(authority: &str, head: &str) -> u16 {
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    stream.write_all(head.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"))
}

/// A page on another site can make the browser send requests to the preview under its own
/// name (DNS rebinding): only the preview's own names are answered.
#[test]
fn only_the_previews_own_host_names_are_answered() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let authority = preview.base.trim_start_matches("http://");
    let port = authority.rsplit(':').next().expect("a port");
    for (host, expected) in [
        (authority.to_string(), 200),
        (format!("localhost:{port}"), 200),
        ("localhost".to_string(), 200),
        (format!("[::1]:{port}"), 200),
        (format!("evil.example:{port}"), 403),
        ("evil.example".to_string(), 403),
        (format!("127.0.0.1.evil.example:{port}"), 403),
        (format!("10.1.2.3:{port}"), 403),
    ] {
        let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(status_for(authority, &head), expected, "Host: {host}");
    }
    assert_eq!(
        status_for(authority, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        400,
        "HTTP/1.1 without Host"
    );
}

/// A connection to the preview from source address `from` (any of 127.0.0.0/8 on Linux).
fn connect_from(from: &str, to: &str) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let to: std::net::SocketAddr = to.parse().expect("address");
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    let from: std::net::SocketAddr = format!("{from}:0").parse().expect("source");
    socket.bind(&from.into()).expect("bind the source address");
    socket.connect(&to.into()).expect("connect");
    socket.into()
}

/// Hundreds of clients trickling their request heads from another address used to fill the
/// connection cap, and the editor's browser got 503s for as long as they kept at it.
#[test]
fn slow_clients_elsewhere_cannot_lock_out_the_editors_browser() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let authority = preview.base.trim_start_matches("http://");
    let slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = connect_from("127.0.0.2", authority);
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            stream
        })
        .collect();
    for _ in 0..5 {
        let (status, _) = preview.text("/");
        assert_eq!(status, 200, "the editor's own request was refused");
    }
    drop(slow);
}

/// A head sent a byte at a time used to keep its connection for ever: every byte restarted the
/// idle timeout. The whole head now has a deadline.
#[test]
fn a_request_head_sent_a_byte_at_a_time_is_cut_off() {
    let site = SiteTest::fixture("build/basic");
    let preview = Preview::start(&site);
    let authority = preview.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nX-Slow: ")
        .expect("send the start");
    // 120 bytes, one every 250 ms: 30 s, three times the preview's 10 s deadline.
    let cut_off = (0..120).any(|_| {
        thread::sleep(Duration::from_millis(250));
        stream.write_all(b"a").is_err()
    });
    assert!(cut_off, "the preview kept a 30-second request head open");
}

/// The server's resident memory, from `/proc`.
fn resident_bytes(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc");
    let kib: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("VmRSS in /proc/PID/status");
    kib * 1024
}

/// Each download of a file used to copy it into a buffer of its own: ten downloads of a 200 MB
/// file took the preview to 1.9 GB. Eight slow downloads of a 64 MiB file now share its bytes.
#[test]
fn downloads_of_a_large_file_share_its_bytes() {
    const SIZE: usize = 64 << 20;
    let site = SiteTest::fixture("build/basic");
    let bytes: Vec<u8> = (0..SIZE).map(|i| (i * 7 % 251) as u8).collect();
    site.write("static/large.bin", &bytes);
    drop(bytes);
    let preview = Preview::start(&site);
    let authority = preview.base.trim_start_matches("http://").to_string();
    let pid = preview.running.child.id();
    let before = resident_bytes(pid);
    // Each download reads its response head and then stops reading: the server is left holding
    // the response's body while it waits to write the rest.
    let downloads: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = TcpStream::connect(&authority).expect("connect");
            stream.set_read_timeout(Some(WAIT)).expect("timeout");
            let head = format!("GET /large.bin HTTP/1.1\r\nHost: {authority}\r\n\r\n");
            stream.write_all(head.as_bytes()).expect("send");
            let mut first = [0u8; 64];
            let n = stream.read(&mut first).expect("read the response");
            assert!(first[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &first[..n]);
            stream
        })
        .collect();
    let during = resident_bytes(pid);
    drop(downloads);
    let grown = during.saturating_sub(before);
    assert!(
        grown < 2 * SIZE,
        "8 downloads of {SIZE} bytes grew the preview by {grown} bytes"
    );
}

/// The preview serves its first pages before the search index is made; a request for an index
/// file meanwhile waits for it rather than finding nothing, and the files are a build's.
#[test]
fn the_search_index_is_there_for_the_first_request_for_it() {
    let site = SiteTest::fixture("build/basic");
    // Enough text that the index takes a moment after the pages are served.
    for i in 0..1_500 {
        let body =
            format!("第{i}号工作简报：驻村工作队走访农户，落实茶叶合作社帮扶措施。\n").repeat(12);
        site.write(
            &format!("content/news/bulk-{i}.md"),
            format!("---\ntitle: 工作简报{i}\ndate: 2025-03-01\n---\n{body}"),
        );
    }
    let preview = Preview::start(&site);
    let (status, _, manifest) = preview.get("/search/manifest.js");
    assert_eq!(status, 200, "{}", preview.running.log());
    site.build().success();
    assert_eq!(
        manifest,
        std::fs::read(site.root.join("public/search/manifest.js")).unwrap()
    );
    let (status, _, docs) = preview.get("/search/docs.js");
    assert_eq!(status, 200);
    assert_eq!(
        docs,
        std::fs::read(site.root.join("public/search/docs.js")).unwrap()
    );
    // A file no build makes is still not found, at once.
    let started = Instant::now();
    assert_eq!(preview.get("/search/nothing-here.js").0, 404);
    assert!(started.elapsed() < Duration::from_secs(10));
}
