//! `sitemap.xml` (sitemaps.org protocol 0.9) and `robots.txt`.
//!
//! The protocol caps a sitemap at 50,000 URLs and 50 MiB. A site within both limits gets one
//! `sitemap.xml` (a `urlset`); a bigger one gets `sitemap.xml` as a `sitemapindex` pointing at
//! `sitemap-1.xml`, `sitemap-2.xml`, … each within both limits, so the URL crawlers are told about
//! (in `robots.txt`) is the same either way.
//!
//! `loc` values must already be percent-encoded: a raw Chinese character or space passes the
//! sitemaps.org XSD but is not a valid URI, and some crawlers drop such entries silently. That
//! would be a bug upstream, so debug builds assert it; release builds encode what slipped through.

use std::borrow::Cow;
use std::fmt::Write as _;

use jiff::Zoned;

use crate::render::feeds::{escape_xml, rfc3339};

/// One page for the sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapUrl {
    /// Absolute and percent-encoded.
    pub loc: String,
    pub lastmod: Option<Zoned>,
}

/// The protocol's limit on URLs per file.
pub const MAX_URLS: usize = 50_000;
/// The protocol's limit on a file's size, uncompressed.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const URLSET_OPEN: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// One `sitemap.xml` (urlset) when ≤ 50,000 URLs; otherwise `sitemap.xml` is a sitemapindex
/// pointing at `sitemap-1.xml`, `sitemap-2.xml`, … each ≤ 50,000 URLs. Returns (file name, xml).
///
/// A `urlset` must hold at least one `url`, so an empty list gives a sitemap naming `base_url`
/// (the home page, which every build writes).
pub fn sitemaps(urls: &[SitemapUrl], base_url: &str) -> Vec<(String, String)> {
    split(urls, base_url, MAX_URLS, MAX_BYTES)
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots_txt(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n")
}

/// [`sitemaps`] with the limits as parameters, so tests can reach the size limit cheaply.
fn split(
    urls: &[SitemapUrl],
    base_url: &str,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, String)> {
    if urls.is_empty() {
        let home = SitemapUrl {
            loc: base_url.to_owned(),
            lastmod: None,
        };
        return vec![("sitemap.xml".to_owned(), urlset(&[url_element(&home)]))];
    }
    let chunks = chunk(urls, max_urls, max_bytes);
    if chunks.len() == 1 {
        let elements = chunks.into_iter().flat_map(|(e, _)| e).collect::<Vec<_>>();
        return vec![("sitemap.xml".to_owned(), urlset(&elements))];
    }
    let mut files = Vec::with_capacity(chunks.len() + 1);
    let mut index = String::from(XML_DECLARATION);
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (number, (elements, lastmod)) in chunks.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        push_sitemap_entry(&mut index, &format!("{base_url}{name}"), lastmod);
        files.push((name, urlset(&elements)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index));
    files
}

/// The `<url>` elements grouped into files within both limits, each with its newest `lastmod`.
fn chunk(
    urls: &[SitemapUrl],
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(Vec<String>, Option<&Zoned>)> {
    let room =
        max_bytes.saturating_sub(XML_DECLARATION.len() + URLSET_OPEN.len() + URLSET_CLOSE.len());
    let mut chunks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut size = 0;
    let mut newest: Option<&Zoned> = None;
    for url in urls {
        let element = url_element(url);
        let full = current.len() >= max_urls || size + element.len() > room;
        if full && !current.is_empty() {
            chunks.push((std::mem::take(&mut current), newest.take()));
            size = 0;
        }
        size += element.len();
        current.push(element);
        newest = match (newest, url.lastmod.as_ref()) {
            (Some(a), Some(b)) if b.timestamp() > a.timestamp() => Some(b),
            (None, b) => b,
            (a, _) => a,
        };
    }
    chunks.push((current, newest));
    chunks
}

fn urlset(elements: &[String]) -> String {
    let size: usize = elements.iter().map(String::len).sum();
    let mut out = String::with_capacity(size + 128);
    out.push_str(XML_DECLARATION);
    out.push_str(URLSET_OPEN);
    for element in elements {
        out.push_str(element);
    }
    out.push_str(URLSET_CLOSE);
    out
}

/// `  <url><loc>…</loc><lastmod>…</lastmod></url>` and a newline.
fn url_element(url: &SitemapUrl) -> String {
    let mut out = String::with_capacity(url.loc.len() + 80);
    out.push_str("  <url><loc>");
    out.push_str(&escape_xml(&checked_loc(&url.loc)));
    out.push_str("</loc>");
    if let Some(lastmod) = &url.lastmod {
        let _ = write!(out, "<lastmod>{}</lastmod>", rfc3339(lastmod));
    }
    out.push_str("</url>\n");
    out
}

fn push_sitemap_entry(out: &mut String, loc: &str, lastmod: Option<&Zoned>) {
    out.push_str("  <sitemap><loc>");
    out.push_str(&escape_xml(&checked_loc(loc)));
    out.push_str("</loc>");
    if let Some(lastmod) = lastmod {
        let _ = write!(out, "<lastmod>{}</lastmod>", rfc3339(lastmod));
    }
    out.push_str("</sitemap>\n");
}

/// True when `loc` holds only printable ASCII without space (what percent-encoding leaves).
pub fn is_encoded(loc: &str) -> bool {
    loc.bytes().all(|b| b.is_ascii_graphic())
}

/// `loc` as given when it is percent-encoded; otherwise (a bug upstream, asserted in debug
/// builds) with the offending bytes encoded, so the file stays valid.
fn checked_loc(loc: &str) -> Cow<'_, str> {
    debug_assert!(
        is_encoded(loc),
        "sitemap loc must be percent-encoded ASCII without spaces: {loc:?}"
    );
    debug_assert!(
        loc.starts_with("http://") || loc.starts_with("https://"),
        "sitemap loc must be absolute: {loc:?}"
    );
    encode_stray(loc)
}

/// Percent-encodes the bytes of `loc` that are not printable ASCII (spaces, controls, UTF-8).
fn encode_stray(loc: &str) -> Cow<'_, str> {
    if is_encoded(loc) {
        return Cow::Borrowed(loc);
    }
    let mut out = String::with_capacity(loc.len() * 3);
    for b in loc.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    const BASE: &str = "https://www.qingshan.example.gov.cn/";

    fn at(text: &str) -> Zoned {
        text.parse().expect("valid zoned datetime")
    }

    fn url(path: &str, lastmod: Option<&str>) -> SitemapUrl {
        SitemapUrl {
            loc: format!("{BASE}{path}"),
            lastmod: lastmod.map(at),
        }
    }

    fn many(count: usize) -> Vec<SitemapUrl> {
        let day = at("2026-01-01T08:00:00+08:00[Asia/Shanghai]");
        let newest = at("2026-11-20T10:30:00+08:00[Asia/Shanghai]");
        (0..count)
            .map(|i| SitemapUrl {
                loc: format!("{BASE}notices/%E9%80%9A%E7%9F%A5-{i}/"),
                lastmod: Some(if i == 77_777 { &newest } else { &day }.clone()),
            })
            .collect()
    }

    /// The sitemaps.org 0.9 XSD from the npm package `sitemap`, under `$JIANBAO_TOOLS` or else
    /// `<repo>/tools` (where `scripts/setup-test-tools.sh` installs it).
    fn xsd() -> PathBuf {
        let tools = std::env::var_os("JIANBAO_TOOLS")
            .filter(|t| !t.is_empty())
            .map_or_else(
                || Path::new(env!("CARGO_MANIFEST_DIR")).join("tools"),
                PathBuf::from,
            );
        let xsd = tools.join("node/node_modules/sitemap/schema/sitemap.xsd");
        assert!(
            xsd.is_file(),
            "sitemap.xsd not found at {}: run `bash scripts/setup-test-tools.sh` or set JIANBAO_TOOLS",
            xsd.display()
        );
        xsd
    }

    fn xmllint(file: &Path, schema: Option<&Path>) {
        let mut cmd = Command::new("xmllint");
        cmd.args(["--noout", "--nonet"]);
        if let Some(schema) = schema {
            cmd.arg("--schema").arg(schema);
        }
        let out = cmd
            .arg(file)
            .output()
            .unwrap_or_else(|e| panic!("cannot run xmllint (Debian package libxml2-utils): {e}"));
        assert!(
            out.status.success(),
            "{} does not validate:\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn write_all(files: &[(String, String)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, xml) in files {
            std::fs::write(dir.path().join(name), xml).expect("write sitemap");
        }
        dir
    }

    #[test]
    fn a_small_site_gets_one_urlset() {
        let urls = [
            url("", Some("2026-11-20T10:30:00+08:00[Asia/Shanghai]")),
            url("notices/%E5%85%B3%E4%BA%8E/", None),
            url("search/?q=a&p=2", None),
        ];
        let files = sitemaps(&urls, BASE);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(
            files[0].1,
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                "  <url><loc>https://www.qingshan.example.gov.cn/</loc><lastmod>2026-11-20T10:30:00+08:00</lastmod></url>\n",
                "  <url><loc>https://www.qingshan.example.gov.cn/notices/%E5%85%B3%E4%BA%8E/</loc></url>\n",
                "  <url><loc>https://www.qingshan.example.gov.cn/search/?q=a&amp;p=2</loc></url>\n",
                "</urlset>\n",
            )
        );
    }

    #[test]
    fn encoded_chinese_paths_stay_encoded() {
        let loc = "https://h.cn/notices/%E5%85%B3%E4%BA%8E%E5%81%9A%E5%A5%BD/";
        let xml = &sitemaps(
            &[
                url("x/", None),
                SitemapUrl {
                    loc: loc.into(),
                    lastmod: None,
                },
            ],
            BASE,
        )[0]
        .1;
        assert!(xml.contains(&format!("<loc>{loc}</loc>")));
        assert!(xml.is_ascii(), "raw non-ASCII in {xml}");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "percent-encoded")]
    fn a_raw_chinese_loc_is_a_bug() {
        sitemaps(&[url("通知/", None)], BASE);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "percent-encoded")]
    fn a_loc_with_a_space_is_a_bug() {
        sitemaps(&[url("a b/", None)], BASE);
    }

    #[test]
    fn what_slips_through_is_encoded() {
        assert_eq!(
            encode_stray("https://h.cn/通 知/"),
            "https://h.cn/%E9%80%9A%20%E7%9F%A5/"
        );
        assert!(matches!(
            encode_stray("https://h.cn/%E9/"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn an_empty_site_still_gets_a_valid_urlset() {
        let files = sitemaps(&[], BASE);
        assert_eq!(files.len(), 1);
        assert!(
            files[0]
                .1
                .contains(&format!("<url><loc>{BASE}</loc></url>"))
        );
        let dir = write_all(&files);
        xmllint(&dir.path().join("sitemap.xml"), Some(&xsd()));
    }

    #[test]
    fn robots_names_the_sitemap() {
        assert_eq!(
            robots_txt("https://h.cn/zcdt/sitemap.xml"),
            "User-agent: *\nAllow: /\nSitemap: https://h.cn/zcdt/sitemap.xml\n"
        );
    }

    #[test]
    fn exactly_fifty_thousand_fit_in_one_file() {
        let files = sitemaps(&many(MAX_URLS), BASE);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1.matches("<url>").count(), MAX_URLS);
        let files = sitemaps(&many(MAX_URLS + 1), BASE);
        assert_eq!(files.len(), 3);
    }

    #[test]
    fn a_big_site_is_split_and_every_file_validates() {
        let files = sitemaps(&many(120_000), BASE);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, x)| x.matches("<url>").count())
            .collect();
        assert_eq!(counts, [50_000, 50_000, 20_000]);
        // Every URL once, in the given order.
        let all: Vec<&str> = files[1..]
            .iter()
            .flat_map(|(_, x)| {
                x.split("<loc>")
                    .skip(1)
                    .filter_map(|s| s.split("</loc>").next())
            })
            .collect();
        assert_eq!(all.len(), 120_000);
        assert!(all[50_000].ends_with("%E7%9F%A5-50000/"));
        assert_eq!(
            files[0].1,
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                "  <sitemap><loc>https://www.qingshan.example.gov.cn/sitemap-1.xml</loc><lastmod>2026-01-01T08:00:00+08:00</lastmod></sitemap>\n",
                "  <sitemap><loc>https://www.qingshan.example.gov.cn/sitemap-2.xml</loc><lastmod>2026-11-20T10:30:00+08:00</lastmod></sitemap>\n",
                "  <sitemap><loc>https://www.qingshan.example.gov.cn/sitemap-3.xml</loc><lastmod>2026-01-01T08:00:00+08:00</lastmod></sitemap>\n",
                "</sitemapindex>\n",
            )
        );
        let dir = write_all(&files);
        let xsd = xsd();
        for (name, xml) in &files[1..] {
            assert!(xml.len() <= MAX_BYTES);
            xmllint(&dir.path().join(name), Some(&xsd));
        }
        // No XSD ships for sitemapindex: check it is well-formed at least.
        xmllint(&dir.path().join("sitemap.xml"), None);
    }

    #[test]
    fn the_size_limit_splits_too() {
        let urls = many(10);
        let one = url_element(&urls[0]).len();
        let overhead = XML_DECLARATION.len() + URLSET_OPEN.len() + URLSET_CLOSE.len();
        let files = split(&urls, BASE, MAX_URLS, overhead + 3 * one + 1);
        assert_eq!(files.len(), 5, "index + 4 files of at most 3 URLs");
        for (_, xml) in &files[1..] {
            assert!(xml.len() <= overhead + 3 * one + 1);
        }
    }

    #[test]
    fn lastmod_without_any_dates_is_left_out_of_the_index() {
        let urls: Vec<SitemapUrl> = (0..3).map(|i| url(&format!("{i}/"), None)).collect();
        let files = split(&urls, BASE, 2, MAX_BYTES);
        assert_eq!(files.len(), 3);
        assert!(!files[0].1.contains("lastmod"));
    }
}
