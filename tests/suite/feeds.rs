//! Feeds, sitemap and robots.txt of the sample site, checked by real parsers: feedparser plus
//! strict date and link checks (`tests/feeds/check_feed.py`), and xmllint with the sitemaps.org
//! XSD.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use regex::Regex;

use crate::deploy::{
    SITE_URL, build_sample, file_for_url, files_ending, is_redirect_page, resolve, start_tags,
    url_for_file,
};
use crate::support::repo_root;
use crate::tools;

/// Taxonomies the sample site has: it names none in site.yaml, so it gets jianbao's defaults.
const TAXONOMIES: [&str; 3] = ["tags", "villages", "teams"];

fn build() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build_sample(&out, &["--base-url", SITE_URL]);
    (dir, out)
}

fn rel(out: &Path, file: &Path) -> String {
    file.strip_prefix(out)
        .expect("inside the output")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Folders (relative, ending in `/`, "" for the root) that must hold `atom.xml` and `rss.xml`:
/// the site, every section (a content folder with `_index.md`) and every taxonomy term.
fn expected_feed_folders(out: &Path) -> BTreeSet<String> {
    let mut folders = BTreeSet::from([String::new()]);
    let content = repo_root().join("content");
    for index in files_ending(&content, "_index.md") {
        let folder = index.parent().expect("in a folder");
        if folder != content {
            folders.insert(format!("{}/", rel(&content, folder)));
        }
    }
    for taxonomy in TAXONOMIES {
        let Ok(terms) = std::fs::read_dir(out.join(taxonomy)) else {
            continue; // no page uses it
        };
        for term in terms.map(|t| t.expect("read taxonomy folder")) {
            let name = term.file_name().to_string_lossy().into_owned();
            if term.path().join("index.html").is_file() && name != "page" {
                folders.insert(format!("{taxonomy}/{name}/"));
            }
        }
    }
    folders
}

#[test]
fn every_feed_passes_the_strict_checker() {
    let (_dir, out) = build();
    let feeds: Vec<PathBuf> = files_ending(&out, "atom.xml")
        .into_iter()
        .chain(files_ending(&out, "rss.xml"))
        .collect();
    let found: BTreeSet<String> = feeds.iter().map(|f| rel(&out, f)).collect();
    let expected = expected_feed_folders(&out);
    assert!(
        expected.iter().any(|f| f.starts_with("tags/")),
        "no tag term pages found: {expected:?}"
    );
    let missing: Vec<String> = expected
        .iter()
        .flat_map(|folder| [format!("{folder}atom.xml"), format!("{folder}rss.xml")])
        .filter(|file| !found.contains(file))
        .collect();
    assert!(
        missing.is_empty(),
        "feeds missing: {missing:#?}\nfound: {found:#?}"
    );

    let mut problems = Vec::new();
    for feed in &feeds {
        let xml = std::fs::read_to_string(feed).expect("read feed");
        let own_url = format!("{SITE_URL}{}", tools::encode_url_path(&rel(&out, feed)));
        let self_links: Vec<String> = start_tags(&xml)
            .into_iter()
            .filter(|t| (t.name == "link" || t.name == "atom:link") && t.get("rel") == Some("self"))
            .filter_map(|t| t.get("href").map(str::to_owned))
            .collect();
        if self_links != [own_url.clone()] {
            problems.push(format!(
                "{}: self links {self_links:?}, expected [{own_url:?}]",
                rel(&out, feed)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let script = repo_root().join("tests/feeds/check_feed.py");
    let result = tools::run_command(
        Command::new(tools::venv_python()).arg(&script).args(&feeds),
        Duration::from_secs(300),
    );
    assert!(
        result.status.success(),
        "check_feed.py found problems ({}):\n{}{}",
        result.status,
        result.stdout,
        result.stderr
    );
}

#[test]
fn sitemap_validates_and_lists_every_page() {
    let (_dir, out) = build();
    let sitemap = out.join("sitemap.xml");
    assert!(sitemap.is_file(), "no sitemap.xml in the output");
    let xml = std::fs::read_to_string(&sitemap).expect("read sitemap");
    let mut urlsets = vec![sitemap.clone()];
    if xml.contains("<sitemapindex") {
        let wellformed = tools::run_command(
            Command::new(tools::xmllint())
                .args(["--noout", "--nonet"])
                .arg(&sitemap),
            Duration::from_secs(60),
        );
        assert!(wellformed.status.success(), "{}", wellformed.stderr);
        urlsets = locs(&xml)
            .iter()
            .map(|loc| {
                file_for_url(&out, SITE_URL, loc)
                    .unwrap_or_else(|| panic!("{loc} is not under {SITE_URL}"))
            })
            .collect();
    }
    let xsd = tools::sitemap_xsd();
    let mut listed = BTreeSet::new();
    for urlset in &urlsets {
        let errors = tools::xmllint_schema(urlset, &xsd);
        assert!(
            errors.is_empty(),
            "{} does not validate:\n{}",
            urlset.display(),
            errors.join("\n")
        );
        listed.extend(locs(
            &std::fs::read_to_string(urlset).expect("read sitemap"),
        ));
    }

    let mut problems = Vec::new();
    for loc in &listed {
        if !loc.bytes().all(|b| b.is_ascii_graphic()) {
            problems.push(format!("{loc}: not percent-encoded"));
        }
        match file_for_url(&out, SITE_URL, loc) {
            Some(file) if file.is_file() => {}
            Some(file) => problems.push(format!("{loc}: {} does not exist", file.display())),
            None => problems.push(format!("{loc}: not under {SITE_URL}")),
        }
    }
    // Every page is listed, except the 404 page, the later pages of paginated lists, the
    // redirect stubs of old addresses and the search page (it has no content of its own).
    let paginated = Regex::new(r"(^|/)page/\d+/index\.html$").expect("re");
    for page in files_ending(&out, "index.html") {
        let r = rel(&out, &page);
        let url = url_for_file(&out, SITE_URL, &page);
        let html = std::fs::read_to_string(&page).expect("read page");
        let is_search = r == "search/index.html";
        if !paginated.is_match(&r)
            && !is_redirect_page(&html)
            && !is_search
            && !listed.contains(&url)
        {
            problems.push(format!("{r}: not in the sitemap (as {url})"));
        }
    }
    assert!(
        problems.is_empty(),
        "sitemap problems:\n{}",
        problems.join("\n")
    );
}

fn locs(xml: &str) -> Vec<String> {
    Regex::new(r"<loc>\s*([^<]*?)\s*</loc>")
        .expect("re")
        .captures_iter(xml)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

#[test]
fn robots_txt_names_the_sitemap_by_its_absolute_url() {
    let (_dir, out) = build();
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("read robots.txt");
    let line = format!("Sitemap: {SITE_URL}sitemap.xml");
    assert!(
        robots.lines().any(|l| l.trim() == line),
        "robots.txt lacks {line:?}:\n{robots}"
    );
    assert!(
        robots.lines().any(|l| l.trim() == "User-agent: *"),
        "{robots}"
    );
}

#[test]
fn every_page_advertises_an_atom_feed_that_exists() {
    let (_dir, out) = build();
    let mut problems = Vec::new();
    let pages = files_ending(&out, ".html");
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    for page in pages {
        let html = std::fs::read_to_string(&page).expect("read page");
        if is_redirect_page(&html) {
            continue; // a redirect stub for an old address, not a page
        }
        let r = rel(&out, &page);
        let head = html
            .find("<head")
            .zip(html.find("</head>"))
            .map(|(start, end)| &html[start..end])
            .unwrap_or_else(|| panic!("{r} has no <head>"));
        let feeds: Vec<String> = start_tags(head)
            .into_iter()
            .filter(|t| {
                t.name == "link"
                    && t.get("type") == Some("application/atom+xml")
                    && t.get("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|v| v.eq_ignore_ascii_case("alternate"))
                    })
            })
            .filter_map(|t| t.get("href").map(str::to_owned))
            .collect();
        if feeds.is_empty() {
            problems.push(format!(
                "{r}: no <link rel=\"alternate\" type=\"application/atom+xml\"> in <head>"
            ));
        }
        let page_url = url_for_file(&out, SITE_URL, &page);
        for href in feeds {
            let target =
                resolve(&page_url, &href).and_then(|url| file_for_url(&out, SITE_URL, &url));
            if !target.is_some_and(|t| t.is_file()) {
                problems.push(format!(
                    "{r}: the Atom link {href:?} names no feed in the output"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
