//! The sample site where it will really live: under a sub-path behind nginx, opened from disk
//! in Chromium (`--relative`), and as plain files whose every internal link must name a file.
//!
//! Each test builds the repository's own site with the real binary and crawls what came out,
//! collecting every problem before failing, so one run shows all broken links at once.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use regex::Regex;

use crate::support::repo_root;
use crate::tools;

/// The base URL the sample site is built with when no server is involved.
pub const SITE_URL: &str = "https://www.qingshan.example.gov.cn/";

/// How many URLs a crawl follows at most (the sample site has well under this).
const CRAWL_LIMIT: usize = 3000;

/// Builds the repository's sample site into `out` with `jianbao build --root <repo> --output
/// <out> EXTRA...`, panicking with jianbao's messages if it fails.
pub fn build_sample(out: &Path, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(out)
        .args(extra)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run jianbao");
    assert!(
        output.status.success(),
        "jianbao build {extra:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---------------------------------------------------------------------------
// Reading URLs out of HTML and CSS
// ---------------------------------------------------------------------------

static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("re"));
static RAW_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>").expect("re")
});
/// A start tag, reading quoted attribute values whole (they may hold `>`).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|\s*/)*)\s*>"#)
        .expect("re")
});
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#).expect("re")
});
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s"']*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)'))"#)
        .expect("re")
});

static STYLE_ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<style\b[^>]*>(.*?)</style\s*>").expect("re"));
static CSS_COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)/\*.*?\*/").expect("re"));
/// A refresh `content`: delay, separator, optional `url=`, the URL (optionally quoted).
static REFRESH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^\s*[\d.]*\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*)"#).expect("re")
});

/// One start tag: its lower-cased name and attributes (lower-cased names, decoded values).
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

impl Tag {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML document, outside comments and `<script>`/`<style>` text.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let html = COMMENT.replace_all(html, "");
    let html = RAW_TEXT.replace_all(&html, "$1$2");
    TAG.captures_iter(&html)
        .map(|tag| Tag {
            name: tag[1].to_ascii_lowercase(),
            attributes: ATTRIBUTE
                .captures_iter(&tag[2])
                .map(|a| {
                    let value = a.get(2).or(a.get(3)).or(a.get(4));
                    (
                        a[1].to_ascii_lowercase(),
                        decode_entities(value.map_or("", |v| v.as_str())),
                    )
                })
                .collect(),
        })
        .collect()
}

/// The entities our templates and Markdown produce in attribute values.
fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every URL a page refers to: `href`, `src`, `srcset`, `poster`, `action`, the target of a
/// `<meta http-equiv="refresh">`; also the `url(…)` of `<style>` elements and `style` attributes.
pub fn page_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in start_tags(html) {
        for (name, value) in &tag.attributes {
            match name.as_str() {
                "href" | "src" | "poster" | "action" => urls.push(value.trim().to_owned()),
                "srcset" => urls.extend(srcset_urls(value)),
                "style" => urls.extend(css_urls(value)),
                _ => {}
            }
        }
        if is_redirect(&tag) {
            urls.extend(refresh_url(tag.get("content").unwrap_or_default()));
        }
    }
    for style in STYLE_ELEMENT.captures_iter(&COMMENT.replace_all(html, "")) {
        urls.extend(css_urls(&style[1]));
    }
    urls
}

/// A `<meta http-equiv="refresh">`.
fn is_redirect(tag: &Tag) -> bool {
    tag.name == "meta"
        && tag
            .get("http-equiv")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"))
}

/// True for the redirect stubs written for old addresses (`aliases`): not pages of their own.
pub fn is_redirect_page(html: &str) -> bool {
    start_tags(html).iter().any(is_redirect)
}

/// The URL of a refresh `content` ("0; url=/x/").
fn refresh_url(content: &str) -> Option<String> {
    REFRESH
        .captures(content)
        .map(|c| c[1].trim().to_owned())
        .filter(|url| !url.is_empty())
}

fn srcset_urls(value: &str) -> Vec<String> {
    value
        .split(", ")
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(|url| url.trim_end_matches(',').to_owned())
        .filter(|url| !url.is_empty())
        .collect()
}

/// The URLs in `url(…)` and `@import "…"` of a stylesheet.
pub fn css_urls(css: &str) -> Vec<String> {
    let css = CSS_COMMENT.replace_all(css, "");
    CSS_URL
        .captures_iter(&css)
        .filter_map(|c| (1..=5).find_map(|i| c.get(i)))
        .map(|m| m.as_str().trim().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// True for `scheme:` at the start (`https:`, `mailto:`, `data:`…).
pub fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// `reference` resolved against the absolute http(s) URL `base` (RFC 3986 §5.2), without its
/// fragment. `None` for other schemes (`mailto:`, `data:`, …).
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    let reference = reference.split('#').next().unwrap_or_default();
    if has_scheme(reference) {
        let lower = reference.to_ascii_lowercase();
        return (lower.starts_with("http://") || lower.starts_with("https://"))
            .then(|| reference.to_owned());
    }
    let (scheme, rest) = base.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &base[..scheme.len() + 3 + authority_end];
    let base_path = rest[authority_end..]
        .split(['?', '#'])
        .next()
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    if let Some(network) = reference.strip_prefix("//") {
        return Some(format!("{scheme}://{network}"));
    }
    if reference.is_empty() {
        return Some(base.split('#').next().unwrap_or(base).to_owned());
    }
    if reference.starts_with('?') {
        return Some(format!("{origin}{base_path}{reference}"));
    }
    let (path, query) = match reference.find('?') {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let merged = if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    Some(format!("{origin}{}{query}", remove_dot_segments(&merged)))
}

fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if i + 1 == segments.len() && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

/// The file of the output folder `out` that serves `url`, when `url` is under `site_url`:
/// the query dropped, percent-decoded, `index.html` added for folders.
pub fn file_for_url(out: &Path, site_url: &str, url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix(site_url)?;
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    let decoded = String::from_utf8(tools::percent_decode(path)).ok()?;
    let mut file = out.join(&decoded);
    if decoded.is_empty() || decoded.ends_with('/') {
        file.push("index.html");
    }
    Some(file)
}

/// `a/b/index.html` under `out` → the URL of that page under `site_url` (folders end in `/`).
pub fn url_for_file(out: &Path, site_url: &str, file: &Path) -> String {
    let rel = file
        .strip_prefix(out)
        .expect("inside the output")
        .to_string_lossy()
        .replace('\\', "/");
    let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
    format!("{site_url}{}", tools::encode_url_path(rel))
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect()
}

/// Panics listing the problems (the first 200: one broken template repeats on every page).
#[track_caller]
pub fn assert_no_problems(what: &str, problems: &BTreeSet<String>) {
    const SHOWN: usize = 200;
    if problems.is_empty() {
        return;
    }
    let mut listing: Vec<&str> = problems.iter().take(SHOWN).map(String::as_str).collect();
    let more = format!("… and {} more", problems.len().saturating_sub(SHOWN));
    if problems.len() > SHOWN {
        listing.push(&more);
    }
    panic!(
        "{what}: {} problem(s):\n{}",
        problems.len(),
        listing.join("\n")
    );
}

// ---------------------------------------------------------------------------
// (a) Under a sub-path, behind nginx
// ---------------------------------------------------------------------------

/// What a crawl over HTTP found.
#[derive(Default)]
struct Crawl {
    fetched: usize,
    problems: BTreeSet<String>,
}

impl Crawl {
    /// Fetches `url`, expecting 200; returns the body and Content-Type when it answered 200.
    fn fetch(&mut self, url: &str, from: &str) -> Option<(Vec<u8>, String)> {
        self.fetched += 1;
        let (status, headers, body) = tools::http_get(url);
        if status != 200 {
            let location = tools::header(&headers, "location").unwrap_or_default();
            self.problems.insert(format!(
                "{url} answered {status} {location} (linked from {from})"
            ));
            return None;
        }
        let content_type = tools::header(&headers, "content-type").unwrap_or_default();
        Some((body, content_type.to_ascii_lowercase()))
    }

    /// Checks a raw URL found in `page` served under `prefix`; returns it resolved when it is
    /// internal (same origin, under the prefix).
    fn internal(&mut self, page: &str, raw: &str, origin: &str, prefix: &str) -> Option<String> {
        if raw.starts_with('/') && !raw.starts_with("//") && !raw.starts_with(prefix) {
            self.problems
                .insert(format!("{page}: {raw:?} escapes the sub-path {prefix}"));
            return None;
        }
        if raw.starts_with(SITE_URL) {
            self.problems.insert(format!(
                "{page}: {raw:?} uses site.yaml's base_url, not the --base-url given"
            ));
            return None;
        }
        let url = resolve(page, raw)?;
        let path = url.strip_prefix(origin)?;
        if !path.starts_with(prefix) {
            self.problems.insert(format!(
                "{page}: {raw:?} resolves to {url}, outside {prefix}"
            ));
            return None;
        }
        Some(url)
    }
}

#[test]
fn sub_path_site_behind_nginx_has_no_broken_or_escaping_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).expect("create output folder");
    // nginx picks its own port, and the site must be built for that port: start it on the empty
    // folder, then build into it (nginx looks files up by path on each request).
    let nginx = tools::Nginx::start(&out, "/zcdt/");
    let base = nginx.base_url();
    build_sample(&out, &["--base-url", &base]);
    let origin = format!("http://127.0.0.1:{}", nginx.port());
    let prefix = nginx.prefix().to_owned();

    let mut crawl = Crawl::default();
    let mut seen = BTreeSet::from([base.clone()]);
    let mut queue = VecDeque::from([(base.clone(), "(start)".to_owned())]);
    while let Some((url, from)) = queue.pop_front() {
        let Some((body, content_type)) = crawl.fetch(&url, &from) else {
            continue;
        };
        let text = String::from_utf8_lossy(&body);
        let raw_urls = if content_type.starts_with("text/html") {
            page_urls(&text)
        } else if content_type.starts_with("text/css") {
            css_urls(&text)
        } else {
            continue;
        };
        for raw in raw_urls {
            let Some(next) = crawl.internal(&url, &raw, &origin, &prefix) else {
                continue;
            };
            if seen.len() < CRAWL_LIMIT && seen.insert(next.clone()) {
                queue.push_back((next, url.clone()));
            }
        }
    }
    assert!(
        crawl.fetched >= 20,
        "only {} URLs reached from {base}",
        crawl.fetched
    );

    for name in ["sitemap.xml", "atom.xml", "rss.xml", "robots.txt"] {
        crawl.fetch(&format!("{base}{name}"), "(fixed location)");
    }
    for loc in sitemap_locs(&mut crawl, &format!("{base}sitemap.xml"), 0) {
        if loc.starts_with(&base) {
            crawl.fetch(&loc, "sitemap.xml");
        } else {
            crawl
                .problems
                .insert(format!("sitemap loc {loc} is not under {base}"));
        }
    }
    assert_no_problems(&format!("crawl of {base}"), &crawl.problems);
}

/// The `loc`s of a sitemap, following a sitemap index to its children (one level, as the
/// protocol allows).
fn sitemap_locs(crawl: &mut Crawl, url: &str, depth: usize) -> Vec<String> {
    let loc = Regex::new(r"<loc>\s*([^<]*?)\s*</loc>").expect("re");
    let Some((body, _)) = crawl.fetch(url, "(fixed location)") else {
        return Vec::new();
    };
    let xml = String::from_utf8_lossy(&body).into_owned();
    let locs: Vec<String> = loc
        .captures_iter(&xml)
        .map(|c| decode_entities(&c[1]))
        .collect();
    if xml.contains("<sitemapindex") && depth == 0 {
        locs.iter()
            .flat_map(|child| sitemap_locs(crawl, child, depth + 1))
            .collect()
    } else {
        locs
    }
}

// ---------------------------------------------------------------------------
// (b) Opened from disk
// ---------------------------------------------------------------------------

#[test]
fn relative_build_works_from_disk_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build_sample(&out, &["--relative"]);
    let out_text = out.to_str().expect("UTF-8 temp path");
    let (ok, text) = tools::run_node("crawl_file.mjs", &[out_text, "--max", "400"]);
    assert!(ok, "crawl_file.mjs found problems:\n{text}");
    let report = text
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON report from crawl_file.mjs:\n{text}"));
    let pages: usize = Regex::new(r#""pages":(\d+)"#)
        .expect("re")
        .captures(report)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or(0);
    assert!(pages >= 20, "only {pages} pages opened:\n{report}");
}

#[test]
fn relative_build_has_only_relative_internal_urls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build_sample(&out, &["--relative"]);
    let mut problems = BTreeSet::new();
    for file in files_ending(&out, ".html")
        .into_iter()
        .chain(files_ending(&out, ".css"))
    {
        let text = std::fs::read_to_string(&file).expect("read output");
        let urls = if file.extension().is_some_and(|e| e == "css") {
            css_urls(&text)
        } else {
            page_urls(&text)
        };
        let shown = file
            .strip_prefix(&out)
            .expect("inside")
            .display()
            .to_string();
        for url in urls {
            if url.starts_with('/') && !url.starts_with("//") {
                problems.insert(format!("{shown}: {url:?} is root-relative"));
            }
            let path = url.split(['?', '#']).next().unwrap_or_default();
            if !has_scheme(&url) && !url.starts_with("//") && path.ends_with('/') {
                problems.insert(format!("{shown}: {url:?} names a folder, not index.html"));
            }
        }
    }
    assert_no_problems("relative build", &problems);
    // Then every link must still name a file.
    assert_no_problems(
        "relative build",
        &missing_files(&out, "https://offline.invalid/"),
    );
}

// ---------------------------------------------------------------------------
// (c) Every internal link of a default build names a file
// ---------------------------------------------------------------------------

#[test]
fn every_internal_link_of_a_default_build_names_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build_sample(&out, &["--base-url", SITE_URL]);
    assert_no_problems("default build", &missing_files(&out, SITE_URL));
}

/// Pretends the output is served at `site_url` and checks that every internal URL of every
/// HTML page and stylesheet names an existing file.
fn missing_files(out: &Path, site_url: &str) -> BTreeSet<String> {
    let base_path = site_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/")
        .to_owned();
    let mut problems = BTreeSet::new();
    let mut checked = 0;
    let pages = files_ending(out, ".html");
    assert!(
        pages.len() >= 20,
        "only {} HTML files in {}",
        pages.len(),
        out.display()
    );
    for file in pages.into_iter().chain(files_ending(out, ".css")) {
        let text = std::fs::read_to_string(&file).expect("read output");
        let page_url = url_for_file(out, site_url, &file);
        let urls = if file.extension().is_some_and(|e| e == "css") {
            css_urls(&text)
        } else {
            page_urls(&text)
        };
        let shown = file
            .strip_prefix(out)
            .expect("inside")
            .display()
            .to_string();
        for raw in urls {
            if raw.starts_with('/') && !raw.starts_with("//") && !raw.starts_with(&base_path) {
                problems.insert(format!(
                    "{shown}: {raw:?} is outside the base path {base_path}"
                ));
                continue;
            }
            let Some(url) = resolve(&page_url, &raw) else {
                continue;
            };
            let Some(target) = file_for_url(out, site_url, &url) else {
                continue; // another site
            };
            checked += 1;
            if !target.is_file() {
                problems.insert(format!(
                    "{shown}: {raw:?} → {} does not exist",
                    target.strip_prefix(out).unwrap_or(&target).display()
                ));
            }
        }
    }
    assert!(checked >= 100, "only {checked} internal URLs found");
    problems
}

// ---------------------------------------------------------------------------
// The helpers themselves
// ---------------------------------------------------------------------------

#[test]
fn helpers_read_urls_and_resolve_them() {
    let html = concat!(
        "<!-- <a href=\"/commented/\"> --><script>var a = '<a href=\"/in-script/\">';</script>",
        "<a title='a>b' href=\"/x/?a=1&amp;b=2#f\">x</a><img src=a.png srcset=\"b.png 1x, /c.png 2x\" alt=\"\">",
        "<style>p{background:url('/bg.png')}</style><p style=\"background:url(/s.png)\">s</p>",
    );
    assert_eq!(
        page_urls(html),
        [
            "/x/?a=1&b=2#f",
            "a.png",
            "b.png",
            "/c.png",
            "/s.png",
            "/bg.png"
        ]
    );
    assert_eq!(
        css_urls("@import \"a.css\"; /* url(no) */ b{c:URL( d.png )}"),
        ["a.css", "d.png"]
    );
    let page = "http://h:1/zcdt/a/b/";
    assert_eq!(
        resolve(page, "../c/").as_deref(),
        Some("http://h:1/zcdt/a/c/")
    );
    assert_eq!(resolve(page, "/x#y").as_deref(), Some("http://h:1/x"));
    assert_eq!(resolve(page, "").as_deref(), Some(page));
    assert_eq!(resolve(page, "mailto:a@b.cn"), None);
    assert_eq!(
        resolve("http://h:1/zcdt/a/x.html", "?p=2").as_deref(),
        Some("http://h:1/zcdt/a/x.html?p=2")
    );
    let out = Path::new("/o");
    assert_eq!(
        file_for_url(out, "https://s/", "https://s/%E9%80%9A/?q#f"),
        Some(PathBuf::from("/o/通/index.html"))
    );
    assert_eq!(
        url_for_file(out, "https://s/", Path::new("/o/通/index.html")),
        "https://s/%E9%80%9A/"
    );
}
