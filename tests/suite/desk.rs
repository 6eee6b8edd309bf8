//! `jianbao serve --edit`: the editing desk through the real binary over HTTP on 127.0.0.1 —
//! every refusal (token, Host, Origin, CSRF, type, size, paths), the overview, saving with
//! conflict detection, new pages and uploads, and Chromium driving the desk with axe checks.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::time::Instant;

use crate::serve::{Preview, Running, WAIT};
use crate::support::SiteTest;

/// A running `serve --edit` and the desk address it printed.
struct DeskRun {
    preview: Preview,
    /// `/__jianbao/desk/TOKEN/`
    prefix: String,
    authority: String,
}

impl DeskRun {
    fn start(site: &SiteTest) -> DeskRun {
        let preview = Preview::start_with(&site.root, &["serve", "--edit", "--port", "0"]);
        let log = preview.running.wait_for_log("Desk at http://");
        let url = log
            .split("Desk at ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a URL after `Desk at`")
            .to_string();
        let authority = preview.base.trim_start_matches("http://").to_string();
        let prefix = url
            .strip_prefix(&preview.base)
            .expect("the desk under the preview")
            .to_string();
        assert!(
            prefix.starts_with("/__jianbao/desk/") && prefix.len() > 40,
            "{prefix}"
        );
        let run = DeskRun {
            preview,
            prefix,
            authority,
        };
        run.page("");
        run
    }

    /// A desk page (`route` after the token) once the site has been read and checked: until the
    /// preview's first build its pages say "preparing", and during the first check they show the
    /// list without findings; either way they ask again.
    fn page(&self, route: &str) -> (u16, String) {
        let started = Instant::now();
        loop {
            let (status, page) = self.get(&format!("{}{route}", self.prefix), &[]);
            let waiting = [
                "id=\"preparing\"",
                "id=\"checking\"",
                "id=\"findings-pending\"",
            ];
            if !waiting.iter().any(|mark| page.contains(mark)) {
                return (status, page);
            }
            assert!(started.elapsed() < WAIT, "still preparing after {WAIT:?}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.authority)
    }

    /// The CSRF value the desk's pages carry.
    fn csrf(&self) -> String {
        let (status, page) = self.get(&self.prefix, &[]);
        assert_eq!(status, 200, "{page}");
        page.split("name=\"jianbao-csrf\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a CSRF meta tag")
            .to_string()
    }

    fn get(&self, target: &str, headers: &[(&str, &str)]) -> (u16, String) {
        request(&self.authority, "GET", target, headers, b"")
    }

    /// A write as the desk's own script sends it.
    fn post(&self, route: &str, csrf: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let origin = self.origin();
        let headers = [
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json"),
            ("X-Jianbao-CSRF", csrf),
        ];
        let target = format!("{}{route}", self.prefix);
        let (status, text) = request(
            &self.authority,
            "POST",
            &target,
            &headers,
            body.to_string().as_bytes(),
        );
        let json =
            serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({ "raw": text }));
        (status, json)
    }
}

impl DeskRun {
    /// A file sent as the desk's script sends uploads.
    fn send_file(&self, target: &str, csrf: &str, bytes: &[u8]) -> (u16, String) {
        let origin = self.origin();
        let headers = [
            ("Origin", origin.as_str()),
            ("Content-Type", "application/octet-stream"),
            ("X-Jianbao-CSRF", csrf),
        ];
        request(&self.authority, "POST", target, &headers, bytes)
    }
}

/// Sends one request (with `Connection: close`) and returns the status and the body.
fn request(
    authority: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {authority}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn read(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const TEA: &str = "content/news/tea/index.md";

#[test]
fn the_desk_answers_only_its_own_address_host_and_origin() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let (status, page) = desk.page("");
    assert_eq!(status, 200);
    assert!(page.contains("茶叶合作社带动增收"), "{page}");
    let token = desk
        .prefix
        .trim_start_matches("/__jianbao/desk/")
        .trim_end_matches('/');
    let wrong = format!(
        "/__jianbao/desk/{}/",
        token.chars().rev().collect::<String>()
    );
    for target in [
        "/__jianbao/desk/",
        "/__jianbao/desk",
        wrong.as_str(),
        "/__jianbao/desk/x/api/save",
    ] {
        let (status, body) = desk.get(target, &[]);
        assert_eq!(status, 403, "{target}: {body}");
        assert!(body.contains("口令") && body.contains("token"), "{body}");
    }
    let (status, _) = desk.get(&desk.prefix, &[("Host", "evil.example:80")]);
    assert_eq!(status, 403, "a foreign Host (DNS rebinding)");
    let (status, _) = desk.get(&desk.prefix, &[("Origin", "http://evil.example")]);
    assert_eq!(status, 403, "a foreign Origin");
    let (status, _) = desk.get(&desk.prefix, &[("Sec-Fetch-Site", "cross-site")]);
    assert_eq!(status, 403, "a cross-site fetch");
    let (status, _) = request(&desk.authority, "DELETE", &desk.prefix, &[], b"");
    assert_eq!(status, 405);
}

#[test]
fn writes_need_the_csrf_value_json_a_size_limit_and_paths_inside_content() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let before = read(&site, TEA);
    let save = serde_json::json!({ "file": TEA, "version": "x", "fields": {}, "body": "覆盖" });
    let target = format!("{}api/save", desk.prefix);
    let origin = desk.origin();
    let body = save.to_string();
    let refusals: Vec<(Vec<(&str, &str)>, u16)> = vec![
        (
            vec![("Origin", &origin), ("Content-Type", "application/json")],
            403,
        ),
        (
            vec![
                ("Origin", &origin),
                ("Content-Type", "application/json"),
                ("X-Jianbao-CSRF", "0000"),
            ],
            403,
        ),
        (
            vec![
                ("Content-Type", "application/json"),
                ("X-Jianbao-CSRF", &csrf),
            ],
            403,
        ),
        (
            vec![
                ("Origin", "http://evil.example"),
                ("Content-Type", "application/json"),
                ("X-Jianbao-CSRF", &csrf),
            ],
            403,
        ),
        (
            vec![
                ("Origin", &origin),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("X-Jianbao-CSRF", &csrf),
            ],
            415,
        ),
        (
            vec![
                ("Origin", &origin),
                ("Content-Type", "text/plain"),
                ("X-Jianbao-CSRF", &csrf),
            ],
            415,
        ),
    ];
    for (headers, expected) in refusals {
        let (status, answer) = request(&desk.authority, "POST", &target, &headers, body.as_bytes());
        assert_eq!(status, expected, "{headers:?}: {answer}");
    }
    assert_eq!(
        read(&site, TEA),
        before,
        "no refused write touched the file"
    );
    for file in [
        "content/../site.yaml",
        "content/news/../../site.yaml",
        "/etc/passwd",
        &site.root.join("site.yaml").display().to_string(),
        "site.yaml",
        "templates/page.html",
        "content\\news\\tea\\index.md",
    ] {
        let attempt =
            serde_json::json!({ "file": file, "version": "x", "fields": {}, "body": "x" });
        let (status, answer) = desk.post("api/save", &csrf, &attempt);
        assert_eq!(status, 422, "{file}: {answer}");
        let (status, answer) = desk.post("api/autosave", &csrf, &attempt);
        assert_eq!(status, 422, "autosave of {file}: {answer}");
        let upload = format!(
            "{}api/upload?file={}&name=a.png",
            desk.prefix,
            file.replace('/', "%2F")
        );
        let (status, _) = desk.send_file(&upload, &csrf, b"png");
        assert_eq!(status, 422, "upload beside {file}");
    }
    let (status, _) = desk.get("/__jianbao/desk/../../site.yaml", &[]);
    assert!(matches!(status, 400 | 403), "{status}");
    // 100 MB announced: refused from the head alone, with a message, before any byte is read.
    let upload = format!(
        "{}api/upload?file={}&name=big.jpg",
        desk.prefix,
        TEA.replace('/', "%2F")
    );
    let started = Instant::now();
    let (status, answer) = request(
        &desk.authority,
        "POST",
        &upload,
        &[
            ("Origin", &origin),
            ("Content-Type", "application/octet-stream"),
            ("X-Jianbao-CSRF", &csrf),
            ("Content-Length", "104857600"),
        ],
        b"",
    );
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer.contains("100 MB") && answer.contains("32 MB"),
        "{answer}"
    );
    assert!(started.elapsed() < WAIT);
    let (status, answer) = desk.send_file(&upload.replace("big.jpg", "evil.exe"), &csrf, b"MZ");
    assert_eq!(status, 422, "{answer}");
    assert!(!site.root.join("content/news/tea/evil.exe").exists());
}

#[test]
fn the_overview_shows_status_findings_and_filters() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let (_, page) = desk.page("");
    for expected in [
        "入户走访草稿",
        "草稿",
        "明年工作计划",
        "定时发布",
        "已发布",
        "错误",
    ] {
        assert!(page.contains(expected), "{expected} missing:\n{page}");
    }
    assert!(
        !page.contains(" selected>"),
        "no filter chosen by default:\n{page}"
    );
    let (_, drafts) = desk.page("?status=draft");
    assert!(
        drafts.contains("入户走访草稿") && !drafts.contains("茶叶合作社带动增收"),
        "{drafts}"
    );
    let (_, policies) = desk.page("?section=policies&lang=en");
    assert!(
        policies.contains("0 pages") && policies.contains("lang=\"en\""),
        "{policies}"
    );
}

#[test]
fn a_save_rewrites_the_fields_keeps_the_rest_and_refuses_a_file_changed_on_disk() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let (status, editor) = desk.page(&format!("edit?file={}", TEA.replace('/', "%2F")));
    assert_eq!(status, 200, "{editor}");
    let version = editor
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the version the editor opened")
        .to_string();
    assert!(
        editor.contains("第 11 行"),
        "the placeholder finding with its line:\n{editor}"
    );
    let save = serde_json::json!({
        "file": TEA,
        "version": version,
        "fields": { "type": "article", "title": "茶叶合作社带动 120 户增收", "author": "李明", "tags": "茶产业、合作社" },
        "body": "## 一、主要做法\n\n合作社今年带动 120 户增收。\n",
    });
    let (status, answer) = desk.post("api/save", &csrf, &save);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["findings"], serde_json::json!([]), "{answer}");
    let saved = read(&site, TEA);
    assert_eq!(
        saved,
        "---\n# 工作队办公室供稿\ntitle: 茶叶合作社带动 120 户增收\ndate: 2025-03-01\ntags: [茶产业, 合作社]\nvillages: [石门村]\nteam: 驻石门村工作队\nauthor: 李明\n---\n## 一、主要做法\n\n合作社今年带动 120 户增收。\n"
    );
    desk.preview
        .wait_for("/news/tea/", "the saved title", |_, html| {
            html.contains("带动 120 户增收")
        });
    // Someone else edits the file; the editor's next save (still at the old version) is refused.
    let theirs = saved.replace("李明", "王芳");
    std::fs::write(site.root.join(TEA), &theirs).unwrap();
    let stale = serde_json::json!({ "file": TEA, "version": answer["version"], "fields": {}, "body": "我的版本\n" });
    let (status, conflict) = desk.post("api/save", &csrf, &stale);
    assert_eq!(status, 409, "{conflict}");
    assert!(
        conflict["disk"].as_str().unwrap().contains("王芳"),
        "{conflict}"
    );
    assert_eq!(read(&site, TEA), theirs, "never overwritten silently");
    // Choosing to keep one's own version is a save at the version now on disk.
    let mine = serde_json::json!({ "file": TEA, "version": conflict["version"], "fields": {}, "body": "我的版本\n" });
    let (status, _) = desk.post("api/save", &csrf, &mine);
    assert_eq!(status, 200);
    assert!(read(&site, TEA).ends_with("---\n我的版本\n"));
    // Malformed input never reaches the file.
    let bad = serde_json::json!({ "file": TEA, "version": "0", "fields": {}, "body": "x" });
    assert_eq!(desk.post("api/save", &csrf, &bad).0, 409);
    let now = read(&site, TEA);
    let bad_date = serde_json::json!({ "file": TEA, "version": desk_version(&desk, TEA), "fields": { "date": "2025年3月1日" }, "body": "x" });
    let (status, answer) = desk.post("api/save", &csrf, &bad_date);
    assert_eq!(status, 422, "{answer}");
    assert_eq!(read(&site, TEA), now);
}

/// The version the editor would open `file` at now.
fn desk_version(desk: &DeskRun, file: &str) -> String {
    let (_, editor) = desk.page(&format!("edit?file={}", file.replace('/', "%2F")));
    editor
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a version")
        .to_string()
}

#[test]
fn new_pages_uploads_and_imports_land_in_bundles() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let new = serde_json::json!({ "section": "policies", "type": "policy", "title": "关于做好冬季防火工作的通知" });
    let (status, answer) = desk.post("api/new", &csrf, &new);
    assert_eq!(status, 201, "{answer}");
    let file = answer["file"].as_str().unwrap().to_string();
    assert!(
        file.starts_with("content/policies/") && file.ends_with("/index.md"),
        "{file}"
    );
    let text = read(&site, &file);
    assert!(
        text.contains("title: 关于做好冬季防火工作的通知\n")
            && text.contains("draft: true\ntype: policy\n"),
        "{text}"
    );
    assert_eq!(
        desk.post("api/new", &csrf, &new).0,
        422,
        "the same page twice"
    );
    let upload = format!(
        "{}api/upload?file={}&name={}",
        desk.prefix,
        file.replace('/', "%2F"),
        "%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.JPG"
    );
    let photo = small_jpeg(None);
    let (status, answer) = desk.send_file(&upload, &csrf, &photo);
    assert_eq!(status, 201, "{answer}");
    let bundle = Path::new(&file).parent().unwrap();
    let stored = site.root.join(bundle).join("images/现场-照片.jpg");
    assert_eq!(std::fs::read(&stored).unwrap(), photo);
    let (status, _) = desk.send_file(&upload, &csrf, &photo);
    assert_eq!(status, 201);
    assert!(
        site.root
            .join(bundle)
            .join("images/现场-照片-2.jpg")
            .exists(),
        "never replaced"
    );
    let docx = std::fs::read(crate::support::fixtures().join("import/docs/notice.docx")).unwrap();
    let import = format!("{}api/import?section=news&name=notice.docx", desk.prefix);
    let (status, answer) = desk.send_file(&import, &csrf, &docx);
    assert_eq!(status, 201, "{answer}");
    let imported: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let imported = imported["file"].as_str().unwrap();
    assert!(
        imported.starts_with("content/news/") && site.root.join(imported).is_file(),
        "{imported}"
    );
}

#[test]
fn edit_is_refused_on_an_address_others_can_reach() {
    let site = SiteTest::fixture("desk/site");
    let mut running = Running::start(
        &site.root,
        &["serve", "--edit", "--bind", "0.0.0.0", "--port", "0"],
    );
    let status = running
        .wait_exit(WAIT)
        .expect("serve --edit --bind 0.0.0.0 ends by itself");
    assert!(!status.success());
    let log = running.log();
    assert!(
        log.contains("loopback") && log.contains("--bind 0.0.0.0"),
        "{log}"
    );
    assert!(!log.contains("Preview at"), "{log}");
}

#[test]
fn without_edit_there_is_no_desk() {
    let site = SiteTest::fixture("desk/site");
    let preview = Preview::start_with(&site.root, &["serve", "--port", "0"]);
    let authority = preview.base.trim_start_matches("http://");
    let (status, _) = request(authority, "GET", "/__jianbao/desk/", &[], b"");
    assert_eq!(status, 404);
    let (status, _) = request(authority, "POST", "/__jianbao/desk/x/api/save", &[], b"{}");
    assert_eq!(status, 400, "a body the site never reads");
    assert!(!preview.running.log().contains("Desk at"));
}

#[test]
fn chromium_edits_saves_and_sees_the_preview_change_with_no_axe_violations() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let shots = crate::tools::TempDir::new("desk-shots");
    let url = format!("{}{}", desk.preview.base, desk.prefix);
    let docx = crate::support::fixtures().join("import/docs/notice.docx");
    let html = word_processor_html(&docx, shots.path());
    let (ok, out) = crate::tools::run_node(
        "desk.mjs",
        &[
            &url,
            &shots.path().display().to_string(),
            &docx.display().to_string(),
            &html.display().to_string(),
        ],
    );
    assert!(ok, "{out}\n--- log:\n{}", desk.preview.running.log());
    let saved = read(&site, TEA);
    assert!(
        saved.contains("title: 茶叶合作社带动 150 户增收\n"),
        "{saved}"
    );
    assert!(
        saved.contains("增收。\n\n## 二、下一步打算\n\n保存途中写的。没保存的一句。"),
        "{saved}"
    );
    assert!(
        !saved.contains("draft"),
        "an unticked flag is left out: {saved}"
    );
    assert!(
        !site
            .root
            .join(".jianbao/desk-autosave")
            .join(format!("{TEA}.json"))
            .exists(),
        "a save drops the autosave"
    );
    let policy = std::fs::read_dir(site.root.join("content/policies"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().join("index.md").is_file())
        .expect("the new policy bundle");
    let text = std::fs::read_to_string(policy.path().join("index.md")).unwrap();
    assert!(
        text.contains("policy:\n  发文字号: 青政发〔2026〕9号\n"),
        "{text}"
    );
    assert!(text.contains("review:\n  初审: 张三 20"), "{text}");
    let line = out
        .lines()
        .find(|l| l.starts_with('{'))
        .expect("the script's JSON line");
    let result: serde_json::Value = serde_json::from_str(line).unwrap();
    let dropped = result["droppedDocx"]
        .as_str()
        .expect("the dropped document's page");
    assert!(dropped.starts_with("content/news/"), "{dropped}");
    let bundle = site.root.join(dropped);
    let bundle = bundle.parent().unwrap();
    for photo in ["images/采茶.jpg", "images/茶园.jpg"] {
        let bytes = std::fs::read(bundle.join(photo)).unwrap();
        assert!(bytes.starts_with(&[0xff, 0xd8, 0xff]), "{photo} is a JPEG");
    }
    let page = std::fs::read_to_string(bundle.join("index.md")).unwrap();
    assert!(
        page.contains("![村民在茶园采茶](images/采茶.jpg)\n\n![茶园全景](images/茶园.jpg)\n"),
        "{page}"
    );
    assert!(page.contains("| 采茶户数 |  |"), "{page}");
    // The same document pasted as HTML from a word processor gets import's headings, in order.
    let pasted = result["pasted"].as_str().expect("the pasted Markdown");
    let headings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("##"))
            .map(str::to_string)
            .collect()
    };
    // The body is the imported document followed by the pasted one: both give the same headings.
    let expected = headings(&IMPORTED_NOTICE_HEADINGS.repeat(2));
    assert_eq!(headings(pasted), expected, "{pasted}");
    assert!(
        pasted.contains("全县在岗驻村第一书记和工作队员，共计86人。"),
        "{pasted}"
    );
    assert!(!pasted.contains("plain text must not be used"));
    assert!(
        page.contains("## 三、有关要求"),
        "the paste was saved: {page}"
    );
    if let Ok(dir) = std::env::var("JIANBAO_DESK_SHOTS") {
        crate::support::copy_dir(shots.path(), Path::new(&dir));
        std::fs::write(Path::new(&dir).join("result.json"), line).unwrap();
    }
}

#[test]
fn the_desk_pages_are_valid_html() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let pages = crate::tools::TempDir::new("desk-vnu");
    let edit = format!("edit?file={}", TEA.replace('/', "%2F"));
    for (name, route) in [
        ("overview", ""),
        ("overview-en", "?lang=en&status=draft"),
        ("edit", edit.as_str()),
        ("new", "new"),
        ("missing", "edit?file=content%2Fnope.md"),
    ] {
        let (_, html) = desk.page(route);
        std::fs::write(pages.path().join(format!("{name}.html")), html).unwrap();
    }
    let errors = crate::tools::vnu_check(pages.path());
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_page_moves_through_the_three_reviews_and_errors_need_a_recorded_reason() {
    let site = SiteTest::fixture("desk/site");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://test.example.gov.cn/\ncheck:\n  require_review: true\n",
    );
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let new = serde_json::json!({ "section": "news", "type": "article", "title": "秋季茶园管护" });
    let (_, answer) = desk.post("api/new", &csrf, &new);
    let file = answer["file"].as_str().unwrap().to_string();
    let save = serde_json::json!({ "file": file, "version": desk_version(&desk, &file), "fields": {}, "body": "管护 XXX 亩。\n" });
    let (status, answer) = desk.post("api/save", &csrf, &save);
    assert_eq!(status, 200, "{answer}");
    let mut version = answer["version"].as_str().unwrap().to_string();
    let step = |step: &str, name: &str, reason: &str, version: &str| {
        let request = serde_json::json!({ "file": file, "version": version, "step": step, "name": name, "reason": reason });
        desk.post("api/review", &csrf, &request)
    };
    let refused = [
        ("publish", "张三", "", "终审"),
        ("复审", "张三", "", "初审"),
        ("初审", " ", "", "姓名"),
    ];
    for (name, who, reason, says) in refused {
        let (status, answer) = step(name, who, reason, &version);
        assert_eq!(status, 422, "{name}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{answer}"
        );
    }
    for (name, who) in [("初审", "张三"), ("复审", "李四"), ("终审", "王五")] {
        let (status, answer) = step(name, who, "", &version);
        assert_eq!(status, 200, "{name}: {answer}");
        version = answer["version"].as_str().unwrap().to_string();
    }
    let (_, overview) = desk.page("?section=news");
    assert!(overview.contains("已终审"), "{overview}");
    let (status, answer) = step("publish", "王五", "", &version);
    assert_eq!(status, 422, "the placeholder is an error: {answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("1 个错误"),
        "{answer}"
    );
    assert!(read(&site, &file).contains("draft: true"));
    let (status, answer) = step("publish", "王五", "原文如此，领导已审定", &version);
    assert_eq!(status, 200, "{answer}");
    let text = read(&site, &file);
    assert!(!text.contains("draft:"), "{text}");
    for line in [
        "  初审: 张三 20",
        "  复审: 李四 20",
        "  终审: 王五 20",
        "理由：原文如此，领导已审定",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    // The build refuses the page published without review (the fixture's tea page) …
    site.run(&["build"])
        .failure()
        .stderr_has("review-missing")
        .stderr_has("news/tea/index.md");
    // … until its 终审 is recorded.
    let tea = read(&site, TEA).replacen(
        "title:",
        "review:\n  初审: 张三 2026-12-01 09:00\n  复审: 李四 2026-12-01 10:00\n  终审: 王五 2026-12-01 11:00\ntitle:",
        1,
    );
    site.write(TEA, tea);
    site.run(&["build"]).success();
}

#[test]
fn the_safe_fixes_are_one_request_away() {
    let site = SiteTest::fixture("desk/site");
    let tea = read(&site, TEA).replace(
        "合作社今年带动 XXX 户增收。",
        "合作社今年带动120户增收,效果明显;群众满意.",
    );
    site.write(TEA, &tea);
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let (_, editor) = desk.page(&format!("edit?file={}", TEA.replace('/', "%2F")));
    assert!(
        editor.contains("id=\"fix\"") && editor.contains("punctuation-halfwidth"),
        "{editor}"
    );
    let stale = serde_json::json!({ "file": TEA, "version": "0" });
    assert_eq!(desk.post("api/fix", &csrf, &stale).0, 409);
    assert_eq!(read(&site, TEA), tea);
    let request = serde_json::json!({ "file": TEA, "version": desk_version(&desk, TEA) });
    let (status, answer) = desk.post("api/fix", &csrf, &request);
    assert_eq!(status, 200, "{answer}");
    assert!(
        read(&site, TEA).contains("合作社今年带动120户增收，效果明显；群众满意。"),
        "{}",
        read(&site, TEA)
    );
    assert!(
        !answer["findings"]
            .to_string()
            .contains("punctuation-halfwidth"),
        "{answer}"
    );
    let (_, editor) = desk.page(&format!("edit?file={}", TEA.replace('/', "%2F")));
    assert!(!editor.contains("id=\"fix\""), "nothing left to fix");
}

/// The headings `jianbao import` writes for `notice.docx` (see `tests/fixtures/import/docs`).
const IMPORTED_NOTICE_HEADINGS: &str =
    "## 一、培训对象\n## 二、培训内容\n### （一）政策理论\n### （二）业务技能\n## 三、有关要求\n";

/// `docx` as the HTML a word processor puts on the clipboard: converted by LibreOffice (its
/// Writer HTML export), into `dir`.
fn word_processor_html(docx: &Path, dir: &Path) -> std::path::PathBuf {
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "html", "--outdir"])
        .arg(dir)
        .arg(docx)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join(".lo").display()
        ))
        .output()
        .expect(
            "soffice (libreoffice-writer-nogui) must be installed: run scripts/setup-test-tools.sh",
        );
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = dir.join(docx.file_stem().unwrap()).with_extension("html");
    assert!(html.is_file(), "no {}", html.display());
    html
}

/// A 64×48 JPEG as a camera writes it; with `xmp`, that packet in an APP1 segment after the
/// start marker (phones write the place a photo was taken there as well as in EXIF).
fn small_jpeg(xmp: Option<&str>) -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut jpeg = Vec::new();
    picture
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("encode a JPEG");
    let Some(xmp) = xmp else { return jpeg };
    let mut segment = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    segment.extend_from_slice(xmp.as_bytes());
    let length = u16::try_from(segment.len() + 2).expect("a short packet");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A phone's XMP packet with the GPS position of a household.
const GPS_XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="27,7.4074N" exif:GPSLongitude="109,39.2593E"/></rdf:RDF></x:xmpmeta>"#;

/// exiftool's output for `args` on `file`.
fn exiftool(args: &[&str], file: &Path) -> String {
    let out = crate::tools::run_command(
        std::process::Command::new(crate::tools::exiftool())
            .args(args)
            .arg(file),
        WAIT,
    );
    assert!(out.status.success(), "exiftool: {}", out.stderr);
    out.stdout
}

/// What a phone writes into a photo: the place (in EXIF and XMP), its make and orientation.
const PHONE_POSITION: [&str; 9] = [
    "-q",
    "-overwrite_original",
    "-EXIF:GPSLatitude=27.123456",
    "-EXIF:GPSLatitudeRef=N",
    "-EXIF:GPSLongitude=109.654321",
    "-EXIF:GPSLongitudeRef=E",
    "-XMP-exif:GPSLatitude=27.123456",
    "-Make=TestPhone",
    "-Orientation#=6",
];

/// Read back by exiftool, `photo` has no position and still its make and orientation.
#[track_caller]
fn assert_position_gone_rest_kept(photo: &Path) {
    let left = exiftool(
        &[
            "-a",
            "-G1",
            "-s",
            "-GPS*",
            "-XMP:all",
            "-Make",
            "-Orientation#",
        ],
        photo,
    );
    assert!(
        !left.contains("GPSLatitude") && !left.contains("GPSLongitude"),
        "{left}"
    );
    assert!(left.contains("TestPhone") && left.contains(": 6"), "{left}");
}

#[test]
fn an_uploaded_photo_is_read_as_the_build_reads_it_and_a_gps_position_is_told() {
    let site = SiteTest::fixture("desk/site");
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let upload = |name: &str, bytes: &[u8]| {
        let target = format!(
            "{}api/upload?file={}&name={name}",
            desk.prefix,
            TEA.replace('/', "%2F")
        );
        let (status, answer) = desk.send_file(&target, &csrf, bytes);
        let json: serde_json::Value =
            serde_json::from_str(&answer).unwrap_or_else(|_| panic!("{answer}"));
        (status, json)
    };
    let (status, answer) = upload("plain.jpg", &small_jpeg(None));
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["warning"], serde_json::Value::Null, "{answer}");
    let (status, answer) = upload("household.jpg", &small_jpeg(Some(GPS_XMP)));
    assert_eq!(status, 201, "{answer}");
    let note = answer["note"].as_str().expect("a note");
    assert!(
        note.contains("household.jpg")
            && note.contains("GPS")
            && note.contains("已从保存的照片中去掉"),
        "{note}"
    );
    let stored = std::fs::read(site.root.join("content/news/tea/images/household.jpg")).unwrap();
    assert!(!stored.windows(11).any(|w| w == b"GPSLatitude"));
    // A photo as a phone leaves it, EXIF and XMP written by exiftool: read back by exiftool,
    // the stored copy has no position and still has its camera and orientation.
    let phone = crate::tools::TempDir::new("desk-phone");
    let original = phone.path().join("phone.jpg");
    std::fs::write(&original, small_jpeg(None)).unwrap();
    exiftool(&PHONE_POSITION, &original);
    let written = exiftool(&["-a", "-G1", "-s", "-GPS*"], &original);
    assert!(
        written.contains("[GPS]") && written.contains("[XMP-exif]"),
        "{written}"
    );
    let (status, answer) = upload("phone.jpg", &std::fs::read(&original).unwrap());
    assert_eq!(status, 201, "{answer}");
    assert!(answer["note"].is_string(), "{answer}");
    assert_position_gone_rest_kept(&site.root.join("content/news/tea/images/phone.jpg"));
    // What the build would refuse is refused now, in its words, and nothing is written.
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend_from_slice(b"ftypheic");
    heic.extend_from_slice(&[0; 16]);
    let refused: [(&str, &[u8], &str); 2] = [
        ("iphone.jpg", &heic, "HEIC"),
        ("notes.png", b"not a picture at all", "不是能识别的图片"),
    ];
    for (name, bytes, says) in refused {
        let (status, answer) = upload(name, bytes);
        assert_eq!(status, 422, "{name}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(name) && message.contains(says),
            "{message}"
        );
        assert!(
            !site
                .root
                .join("content/news/tea/images")
                .join(name)
                .exists(),
            "{name} written"
        );
    }
    // A JPEG saved as .png is stored as the JPEG it is, and the person is told.
    let (status, answer) = upload("renamed.png", &small_jpeg(None));
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["name"], "images/renamed.jpg", "{answer}");
    let note = answer["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("renamed.png") && note.contains("JPEG") && note.contains("renamed.jpg"),
        "{note}"
    );
    let tea = site.root.join("content/news/tea/images");
    assert!(tea.join("renamed.jpg").is_file() && !tea.join("renamed.png").exists());
}

#[test]
fn a_gallery_survives_a_save_from_the_form() {
    let site = SiteTest::fixture("desk/site");
    let gallery = "---\ntitle: 青山村入户走访\ndate: 2025-06-01\nphotos:\n  - file: zoufang.jpg\n    alt: 工作队队员在脱贫户家中了解收入情况\n    caption: 6 月 1 日，工作队走访脱贫户\n  - file: chayuan.jpg\n    alt: 茶园里采茶的村民\nimages:\n  widths: [320, 640]\n---\n走访了重点户。\n";
    site.write("content/news/visit/index.md", gallery);
    for name in ["zoufang.jpg", "chayuan.jpg"] {
        site.write(&format!("content/news/visit/{name}"), small_jpeg(None));
    }
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let file = "content/news/visit/index.md";
    let (_, editor) = desk.page(&format!("edit?file={}", file.replace('/', "%2F")));
    assert!(
        editor.contains("相册") && editor.contains("工作队队员在脱贫户家中了解收入情况"),
        "the form tells of the gallery:\n{editor}"
    );
    let save = serde_json::json!({
        "file": file,
        "version": desk_version(&desk, file),
        "fields": { "type": "article", "title": "青山村入户走访记", "tags": "走访" },
        "body": "走访了 12 户重点户。\n",
    });
    let (status, answer) = desk.post("api/save", &csrf, &save);
    assert_eq!(status, 200, "{answer}");
    let expected = gallery
        .replace("title: 青山村入户走访\n", "title: 青山村入户走访记\n")
        .replace(
            "  widths: [320, 640]\n",
            "  widths: [320, 640]\ntags: [走访]\n",
        )
        .replace("走访了重点户。", "走访了 12 户重点户。");
    assert_eq!(read(&site, file), expected);
    // The gallery edited in the form: reordered, a description changed, a photo taken out.
    // A missing description or a photo not in the gallery is refused and nothing written.
    let gallery_save = |gallery: serde_json::Value| {
        let save = serde_json::json!({
            "file": file,
            "version": desk_version(&desk, file),
            "fields": { "type": "article" },
            "body": "走访了 12 户重点户。\n",
            "gallery": gallery,
        });
        desk.post("api/save", &csrf, &save)
    };
    for (gallery, says) in [
        (
            serde_json::json!([{ "file": "chayuan.jpg", "alt": "  " }]),
            "要写一句说明",
        ),
        (
            serde_json::json!([{ "file": "../secret.jpg", "alt": "秘密" }]),
            "相册里没有",
        ),
    ] {
        let (status, answer) = gallery_save(gallery);
        assert_eq!(status, 422, "{answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains(says),
            "{answer}"
        );
        assert_eq!(read(&site, file), expected);
    }
    let (status, answer) = gallery_save(serde_json::json!([
        { "file": "chayuan.jpg", "alt": "茶园里采茶的村民: 青山村", "caption": "" },
    ]));
    assert_eq!(status, 200, "{answer}");
    let regallery = expected.replace(
        "photos:\n  - file: zoufang.jpg\n    alt: 工作队队员在脱贫户家中了解收入情况\n    caption: 6 月 1 日，工作队走访脱贫户\n  - file: chayuan.jpg\n    alt: 茶园里采茶的村民\n",
        "photos:\n  - file: chayuan.jpg\n    alt: \"茶园里采茶的村民: 青山村\"\n",
    );
    assert_ne!(regallery, expected);
    assert_eq!(read(&site, file), regallery);
}

#[test]
fn traversal_links_and_bombs_are_refused_and_nothing_is_written() {
    let site = SiteTest::fixture("desk/site");
    let outside = crate::tools::TempDir::new("desk-outside");
    std::fs::write(outside.path().join("_index.md"), "---\ntitle: 外面\n---\n").unwrap();
    std::fs::write(outside.path().join("index.md"), "---\ntitle: 外面\n---\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.root.join("content/out")).unwrap();
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    // Percent-encoded dots and slashes are decoded before the path is judged.
    for file in [
        "content%2F%2E%2E%2Fsite.yaml",
        "content/%2e%2e/site.yaml",
        "content%2Fnews%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "content%2Fout%2Findex.md",
    ] {
        let (status, page) = desk.page(&format!("edit?file={file}"));
        assert_eq!(status, 404, "{file}: {page}");
        assert!(page.contains("编辑台不能打开"), "{file}: {page}");
        let upload = format!("{}api/upload?file={file}&name=a.jpg", desk.prefix);
        let (status, answer) = desk.send_file(&upload, &csrf, &small_jpeg(None));
        assert_eq!(status, 422, "{file}: {answer}");
    }
    let through_link = serde_json::json!({ "file": "content/out/index.md", "version": "x", "fields": {}, "body": "覆盖" });
    let (status, answer) = desk.post("api/save", &csrf, &through_link);
    assert_eq!(status, 422, "{answer}");
    let new = serde_json::json!({ "section": "out", "type": "article", "title": "链接外的新页面" });
    let (status, answer) = desk.post("api/new", &csrf, &new);
    assert_eq!(status, 422, "{answer}");
    let docx = std::fs::read(crate::support::fixtures().join("import/docs/notice.docx")).unwrap();
    for section in ["out", "..%2F..", "%2Ftmp", "nosuch"] {
        let import = format!(
            "{}api/import?section={section}&name=notice.docx",
            desk.prefix
        );
        let (status, answer) = desk.send_file(&import, &csrf, &docx);
        assert_eq!(status, 422, "{section}: {answer}");
    }
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(outside.path()), ["_index.md", "index.md"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("index.md")).unwrap(),
        "---\ntitle: 外面\n---\n"
    );
    // A Word document that inflates past import's limit is refused as a bomb; no page appears.
    let before = names(&site.root.join("content/news"));
    let bomb = std::fs::read(crate::support::fixtures().join("import/docs/bomb.docx")).unwrap();
    let import = format!("{}api/import?section=news&name=bomb.docx", desk.prefix);
    let (status, answer) = desk.send_file(&import, &csrf, &bomb);
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("压缩炸弹"), "{answer}");
    assert_eq!(names(&site.root.join("content/news")), before);
}

#[test]
fn a_photo_already_in_the_site_loses_its_position_with_one_click_and_other_formats_are_explained() {
    let site = SiteTest::fixture("desk/site");
    let images = site.root.join("content/news/tea/images");
    std::fs::create_dir_all(&images).unwrap();
    let phone = images.join("phone.jpg");
    std::fs::write(&phone, small_jpeg(None)).unwrap();
    let screenshot = images.join("screen.png");
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 120, 60]))
        .save(&screenshot)
        .unwrap();
    exiftool(&PHONE_POSITION, &phone);
    exiftool(&PHONE_POSITION[..6], &screenshot);
    let page = read(&site, TEA);
    site.write(
        TEA,
        format!("{page}\n![茶园](images/phone.jpg)\n\n![截图](images/screen.png)\n"),
    );
    let desk = DeskRun::start(&site);
    let csrf = desk.csrf();
    let (status, editor) = desk.page(&format!("edit?file={}", TEA.replace('/', "%2F")));
    assert_eq!(status, 200, "{editor}");
    let photos: Vec<&str> = editor
        .split("data-photo=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let (jpeg, png) = (
        photos.iter().find(|p| p.ends_with("phone.jpg")).copied(),
        photos.iter().find(|p| p.ends_with("screen.png")).copied(),
    );
    let (Some(jpeg), Some(png)) = (jpeg, png) else {
        panic!("both photos offered: {photos:?}\n{editor}");
    };
    // The desk's own words replace the command-line hint.
    assert!(
        editor.contains("去除位置信息") && !editor.contains("check --fix"),
        "{editor}"
    );
    let (status, answer) = desk.post(
        "api/unlocate",
        &csrf,
        &serde_json::json!({ "file": TEA, "photo": jpeg }),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("已去掉"),
        "{answer}"
    );
    let findings = answer["findings"]
        .as_array()
        .expect("findings after the build");
    assert!(
        !findings.iter().any(|f| f["photo"] == jpeg) && findings.iter().any(|f| f["photo"] == png),
        "{answer}"
    );
    assert_position_gone_rest_kept(&phone);
    // A PNG's position cannot be taken out: the person is told what to do, nothing written.
    let before = std::fs::read(&screenshot).unwrap();
    let (status, answer) = desk.post(
        "api/unlocate",
        &csrf,
        &serde_json::json!({ "file": TEA, "photo": png }),
    );
    assert_eq!(status, 422, "{answer}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("不是 JPEG") && message.contains("重拍"),
        "{message}"
    );
    assert_eq!(std::fs::read(&screenshot).unwrap(), before);
    // Only a photo a finding of the page names can be touched.
    let (status, _) = desk.post(
        "api/unlocate",
        &csrf,
        &serde_json::json!({ "file": TEA, "photo": "../../site.yaml" }),
    );
    assert_eq!(status, 422);
}
