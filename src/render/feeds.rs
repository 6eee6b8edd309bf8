//! Atom 1.0 (RFC 4287) and RSS 2.0 feeds, written as plain strings.
//!
//! Both writers are pure and deterministic: the feed's own date is the newest entry's date, never
//! the clock, so building twice gives the same bytes. Entries are written in the order given.
//!
//! Dates keep the zone's offset (`2026-11-20T10:30:00+08:00` in Atom, `Fri, 20 Nov 2026 10:30:00
//! +0800` in RSS) so readers in China show the same wall-clock time the editor wrote. Every piece
//! of text goes through [`escape_xml`], which also drops the control characters XML 1.0 forbids:
//! one stray `\u{1}` pasted from a word processor would otherwise make the whole feed unreadable.
//!
//! Full content (`content_html`) is rendered for a page at its permalink, so relative links in it
//! (`base.svg`, `../x/`, `/zcdt/y/`) are made absolute first: feed readers show the content away
//! from the site and resolve relative links against the feed, or not at all.

use std::fmt::Write as _;

use jiff::Zoned;
use jiff::tz::TimeZone;

pub use crate::markup::escape_xml;

/// What describes a whole feed (the site, a section or a taxonomy term).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    pub title: String,
    pub subtitle: String,
    /// The HTML page the feed belongs to: absolute, ends with `/`.
    pub site_url: String,
    /// This feed's own Atom URL (absolute).
    pub atom_url: String,
    /// This feed's own RSS URL (absolute).
    pub rss_url: String,
    /// A BCP 47 tag such as `zh-CN`; empty for none.
    pub language: String,
    pub generator: String,
}

/// One page in a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub title: String,
    /// Absolute and percent-encoded.
    pub permalink: String,
    pub published: Zoned,
    pub updated: Option<Zoned>,
    /// Plain text.
    pub summary: String,
    /// The full page content, when the site asks for it.
    pub content_html: Option<String>,
    pub author: Option<String>,
    pub categories: Vec<String>,
}

impl FeedEntry {
    /// When the entry last changed: `updated`, else `published`.
    fn last_changed(&self) -> &Zoned {
        self.updated.as_ref().unwrap_or(&self.published)
    }
}

/// An Atom 1.0 feed document.
pub fn atom(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    if !meta.language.is_empty() {
        push_attr(&mut out, "xml:lang", &meta.language);
    }
    out.push_str(">\n");
    push_element(&mut out, 1, "title", &meta.title);
    if !meta.subtitle.is_empty() {
        push_element(&mut out, 1, "subtitle", &meta.subtitle);
    }
    push_link(&mut out, 1, "alternate", "text/html", &meta.site_url);
    push_link(&mut out, 1, "self", "application/atom+xml", &meta.atom_url);
    // The feed's own URL identifies it: unique per feed (site, section, term) and stable.
    push_element(&mut out, 1, "id", &meta.atom_url);
    // RFC 4287 requires <updated>; an empty feed gets the epoch rather than the clock.
    let updated = newest(entries).map_or_else(|| EPOCH_RFC3339.to_owned(), rfc3339);
    push_element(&mut out, 1, "updated", &updated);
    push_author(&mut out, 1, &meta.title);
    if !meta.generator.is_empty() {
        push_element(&mut out, 1, "generator", &meta.generator);
    }
    for entry in entries {
        push_atom_entry(&mut out, entry);
    }
    out.push_str("</feed>\n");
    out
}

fn push_atom_entry(out: &mut String, entry: &FeedEntry) {
    out.push_str("  <entry>\n");
    push_element(out, 2, "title", &entry.title);
    push_link(out, 2, "alternate", "text/html", &entry.permalink);
    push_element(out, 2, "id", &entry.permalink);
    push_element(out, 2, "published", &rfc3339(&entry.published));
    push_element(out, 2, "updated", &rfc3339(entry.last_changed()));
    if let Some(author) = entry.author.as_deref().filter(|a| !a.is_empty()) {
        push_author(out, 2, author);
    }
    for category in &entry.categories {
        indent(out, 2);
        out.push_str("<category");
        push_attr(out, "term", category);
        out.push_str("/>\n");
    }
    if !entry.summary.is_empty() {
        push_element(out, 2, "summary", &entry.summary);
    }
    if let Some(html) = &entry.content_html {
        let html = crate::render::relative::absolutize(html, &entry.permalink);
        indent(out, 2);
        out.push_str("<content type=\"html\">");
        out.push_str(&escape_xml(&html));
        out.push_str("</content>\n");
    }
    out.push_str("  </entry>\n");
}

/// An RSS 2.0 feed document.
pub fn rss(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(concat!(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"",
        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        "  <channel>\n",
    ));
    push_element(&mut out, 2, "title", &meta.title);
    push_element(&mut out, 2, "link", &meta.site_url);
    // <description> is required in a channel; fall back to the title.
    let description = if meta.subtitle.is_empty() {
        &meta.title
    } else {
        &meta.subtitle
    };
    push_element(&mut out, 2, "description", description);
    if !meta.language.is_empty() {
        push_element(&mut out, 2, "language", &meta.language);
    }
    if !meta.generator.is_empty() {
        push_element(&mut out, 2, "generator", &meta.generator);
    }
    if let Some(newest) = newest(entries) {
        push_element(&mut out, 2, "lastBuildDate", &rfc2822(newest));
    }
    indent(&mut out, 2);
    out.push_str("<atom:link");
    push_attr(&mut out, "href", &meta.rss_url);
    out.push_str(" rel=\"self\" type=\"application/rss+xml\"/>\n");
    for entry in entries {
        push_rss_item(&mut out, entry);
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

fn push_rss_item(out: &mut String, entry: &FeedEntry) {
    out.push_str("    <item>\n");
    push_element(out, 3, "title", &entry.title);
    push_element(out, 3, "link", &entry.permalink);
    indent(out, 3);
    out.push_str("<guid isPermaLink=\"true\">");
    out.push_str(&escape_xml(&entry.permalink));
    out.push_str("</guid>\n");
    push_element(out, 3, "pubDate", &rfc2822(&entry.published));
    // RSS's own <author> must be an e-mail address; a name goes in Dublin Core's creator.
    if let Some(author) = entry.author.as_deref().filter(|a| !a.is_empty()) {
        push_element(out, 3, "dc:creator", author);
    }
    for category in &entry.categories {
        push_element(out, 3, "category", category);
    }
    if !entry.summary.is_empty() {
        push_element(out, 3, "description", &entry.summary);
    }
    if let Some(html) = &entry.content_html {
        let html = crate::render::relative::absolutize(html, &entry.permalink);
        push_element(out, 3, "content:encoded", &html);
    }
    out.push_str("    </item>\n");
}

/// The entry that changed last (ties: the first given), whatever order entries come in.
fn newest(entries: &[FeedEntry]) -> Option<&Zoned> {
    entries
        .iter()
        .map(FeedEntry::last_changed)
        .reduce(|a, b| if b.timestamp() > a.timestamp() { b } else { a })
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// `<name>escaped text</name>` on its own line.
fn push_element(out: &mut String, level: usize, name: &str, text: &str) {
    indent(out, level);
    let _ = write!(out, "<{name}>{}</{name}>", escape_xml(text));
    out.push('\n');
}

/// ` name="escaped value"`.
fn push_attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"{}\"", escape_xml(value));
}

fn push_link(out: &mut String, level: usize, rel: &str, media_type: &str, href: &str) {
    indent(out, level);
    out.push_str("<link");
    push_attr(out, "rel", rel);
    push_attr(out, "type", media_type);
    push_attr(out, "href", href);
    out.push_str("/>\n");
}

fn push_author(out: &mut String, level: usize, name: &str) {
    indent(out, level);
    out.push_str("<author>\n");
    push_element(out, level + 1, "name", name);
    indent(out, level);
    out.push_str("</author>\n");
}

/// What an empty Atom feed gives as its `<updated>`.
const EPOCH_RFC3339: &str = "1970-01-01T00:00:00+00:00";

/// RFC 3339 / W3C datetime to the second with the zone's offset: `2026-11-20T10:30:00+08:00`.
///
/// Written by hand rather than with `strftime` because two rare cases would otherwise produce
/// invalid text: an offset with seconds (local mean time before ~1900) is shown in UTC instead,
/// and a year before 0000 (not representable in RFC 3339) is clamped to 0000-01-01 UTC.
pub fn rfc3339(zoned: &Zoned) -> String {
    if zoned.year() < 0 {
        return "0000-01-01T00:00:00+00:00".to_owned();
    }
    let utc;
    let zoned = if zoned.offset().seconds() % 60 == 0 {
        zoned
    } else {
        utc = zoned.with_time_zone(TimeZone::UTC);
        &utc
    };
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        zoned.year(),
        zoned.month(),
        zoned.day(),
        zoned.hour(),
        zoned.minute(),
        zoned.second(),
        minutes / 60,
        minutes % 60,
    )
}

/// RFC 2822 with a numeric zone, by jiff's printer: `Fri, 20 Nov 2026 10:30:00 +0800`.
pub fn rfc2822(zoned: &Zoned) -> String {
    // jiff fails only for years before 0000, which RFC 2822 cannot express; clamp those.
    jiff::fmt::rfc2822::to_string(zoned).unwrap_or_else(|_| "Sat, 1 Jan 0000 00:00:00 +0000".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn at(text: &str) -> Zoned {
        text.parse().expect("valid zoned datetime")
    }

    fn meta() -> FeedMeta {
        FeedMeta {
            title: "青山县驻村工作队工作成效".into(),
            subtitle: "工作动态与通知公告".into(),
            site_url: "https://www.qingshan.example.gov.cn/".into(),
            atom_url: "https://www.qingshan.example.gov.cn/atom.xml".into(),
            rss_url: "https://www.qingshan.example.gov.cn/rss.xml".into(),
            language: "zh-CN".into(),
            generator: "jianbao".into(),
        }
    }

    fn entries() -> Vec<FeedEntry> {
        vec![
            FeedEntry {
                title: "关于做好冬季驻村干部培训的通知".into(),
                permalink: "https://www.qingshan.example.gov.cn/notices/%E9%80%9A%E7%9F%A5/".into(),
                published: at("2026-11-20T10:30:00+08:00[Asia/Shanghai]"),
                updated: None,
                summary: "培训安排。".into(),
                content_html: None,
                author: Some("县委组织部".into()),
                categories: vec!["培训".into()],
            },
            FeedEntry {
                title: "茶叶合作社 <新> & 增收".into(),
                permalink: "https://www.qingshan.example.gov.cn/industry/tea/".into(),
                published: at("2026-11-01T09:05:00+08:00[Asia/Shanghai]"),
                updated: Some(at("2026-11-25T08:00:00+08:00[Asia/Shanghai]")),
                summary: "收入\u{1}增长 \"三成\"".into(),
                content_html: Some(
                    "<p>见 <img src=\"base.svg\" alt=\"\"> 与 <a href=\"/notices/\">通知</a></p>"
                        .into(),
                ),
                author: None,
                categories: vec![],
            },
        ]
    }

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>青山县驻村工作队工作成效</title>
  <subtitle>工作动态与通知公告</subtitle>
  <link rel="alternate" type="text/html" href="https://www.qingshan.example.gov.cn/"/>
  <link rel="self" type="application/atom+xml" href="https://www.qingshan.example.gov.cn/atom.xml"/>
  <id>https://www.qingshan.example.gov.cn/atom.xml</id>
  <updated>2026-11-25T08:00:00+08:00</updated>
  <author>
    <name>青山县驻村工作队工作成效</name>
  </author>
  <generator>jianbao</generator>
  <entry>
    <title>关于做好冬季驻村干部培训的通知</title>
    <link rel="alternate" type="text/html" href="https://www.qingshan.example.gov.cn/notices/%E9%80%9A%E7%9F%A5/"/>
    <id>https://www.qingshan.example.gov.cn/notices/%E9%80%9A%E7%9F%A5/</id>
    <published>2026-11-20T10:30:00+08:00</published>
    <updated>2026-11-20T10:30:00+08:00</updated>
    <author>
      <name>县委组织部</name>
    </author>
    <category term="培训"/>
    <summary>培训安排。</summary>
  </entry>
  <entry>
    <title>茶叶合作社 &lt;新&gt; &amp; 增收</title>
    <link rel="alternate" type="text/html" href="https://www.qingshan.example.gov.cn/industry/tea/"/>
    <id>https://www.qingshan.example.gov.cn/industry/tea/</id>
    <published>2026-11-01T09:05:00+08:00</published>
    <updated>2026-11-25T08:00:00+08:00</updated>
    <summary>收入增长 &quot;三成&quot;</summary>
    <content type="html">&lt;p&gt;见 &lt;img src=&quot;https://www.qingshan.example.gov.cn/industry/tea/base.svg&quot; alt=&quot;&quot;&gt; 与 &lt;a href=&quot;https://www.qingshan.example.gov.cn/notices/&quot;&gt;通知&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
</feed>
"#;

    const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>青山县驻村工作队工作成效</title>
    <link>https://www.qingshan.example.gov.cn/</link>
    <description>工作动态与通知公告</description>
    <language>zh-CN</language>
    <generator>jianbao</generator>
    <lastBuildDate>Wed, 25 Nov 2026 08:00:00 +0800</lastBuildDate>
    <atom:link href="https://www.qingshan.example.gov.cn/rss.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>关于做好冬季驻村干部培训的通知</title>
      <link>https://www.qingshan.example.gov.cn/notices/%E9%80%9A%E7%9F%A5/</link>
      <guid isPermaLink="true">https://www.qingshan.example.gov.cn/notices/%E9%80%9A%E7%9F%A5/</guid>
      <pubDate>Fri, 20 Nov 2026 10:30:00 +0800</pubDate>
      <dc:creator>县委组织部</dc:creator>
      <category>培训</category>
      <description>培训安排。</description>
    </item>
    <item>
      <title>茶叶合作社 &lt;新&gt; &amp; 增收</title>
      <link>https://www.qingshan.example.gov.cn/industry/tea/</link>
      <guid isPermaLink="true">https://www.qingshan.example.gov.cn/industry/tea/</guid>
      <pubDate>Sun, 1 Nov 2026 09:05:00 +0800</pubDate>
      <description>收入增长 &quot;三成&quot;</description>
      <content:encoded>&lt;p&gt;见 &lt;img src=&quot;https://www.qingshan.example.gov.cn/industry/tea/base.svg&quot; alt=&quot;&quot;&gt; 与 &lt;a href=&quot;https://www.qingshan.example.gov.cn/notices/&quot;&gt;通知&lt;/a&gt;&lt;/p&gt;</content:encoded>
    </item>
  </channel>
</rss>
"#;

    #[test]
    fn atom_is_exactly_as_expected() {
        assert_eq!(atom(&meta(), &entries()), ATOM);
    }

    #[test]
    fn rss_is_exactly_as_expected() {
        assert_eq!(rss(&meta(), &entries()), RSS);
    }

    /// The text of every `<tag>…</tag>` in `xml`.
    fn texts<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
        let re = Regex::new(&format!("<{tag}>([^<]*)</{tag}>")).expect("regex");
        re.captures_iter(xml)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str())
            .collect()
    }

    #[test]
    fn every_atom_date_is_rfc3339_with_an_offset() {
        let xml = atom(&meta(), &entries());
        let re = Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$").expect("re");
        let dates: Vec<&str> = ["updated", "published"]
            .iter()
            .flat_map(|tag| texts(&xml, tag))
            .collect();
        assert_eq!(dates.len(), 5, "{dates:?}");
        for date in dates {
            assert!(re.is_match(date), "not RFC 3339: {date}");
            date.parse::<jiff::Timestamp>().expect("parses back");
        }
    }

    #[test]
    fn every_rss_date_is_rfc2822_with_a_numeric_zone() {
        let xml = rss(&meta(), &entries());
        let re = Regex::new(
            r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$",
        )
        .expect("re");
        let dates: Vec<&str> = ["pubDate", "lastBuildDate"]
            .iter()
            .flat_map(|tag| texts(&xml, tag))
            .collect();
        assert_eq!(dates.len(), 3, "{dates:?}");
        for date in dates {
            assert!(re.is_match(date), "not RFC 2822: {date}");
            // jiff's parser checks the weekday against the date.
            jiff::fmt::rfc2822::parse(date).expect("parses back");
        }
    }

    #[test]
    fn every_link_is_absolute() {
        let abs = Regex::new(r"^https?://[^/\s]+/\S*$").expect("re");
        let href = Regex::new(r#"(?:href|src)="([^"]*)""#).expect("re");
        let atom = atom(&meta(), &entries());
        let rss = rss(&meta(), &entries());
        let mut links: Vec<String> = href
            .captures_iter(&atom.replace("&quot;", "\""))
            .chain(href.captures_iter(&rss.replace("&quot;", "\"")))
            .map(|c| c[1].to_owned())
            .collect();
        links.extend(
            ["id", "link", "guid isPermaLink=\"true\""]
                .iter()
                .flat_map(|tag| {
                    let re = Regex::new(&format!("<{tag}>([^<]*)</")).expect("re");
                    re.captures_iter(&format!("{atom}{rss}"))
                        .map(|c| c[1].to_owned())
                        .collect::<Vec<_>>()
                }),
        );
        assert!(links.len() > 10, "{links:?}");
        for link in links {
            assert!(abs.is_match(&link), "not absolute: {link}");
        }
    }

    #[test]
    fn escaping_covers_markup_quotes_and_forbidden_controls() {
        assert_eq!(
            escape_xml("a<b>&\"c\"\u{0}\u{8}\u{B}\u{1F}\u{FFFE}\t\n\r中"),
            "a&lt;b&gt;&amp;&quot;c&quot;\t\n&#13;中"
        );
        let mut entry = entries().remove(0);
        entry.title = "标题\u{7}<x>".into();
        let xml = atom(&meta(), &[entry.clone()]) + &rss(&meta(), &[entry]);
        assert!(!xml.contains('\u{7}'));
        assert_eq!(xml.matches("<title>标题&lt;x&gt;</title>").count(), 2);
    }

    #[test]
    fn the_feed_date_is_the_newest_entry_not_the_clock() {
        let mut list = entries();
        list.reverse();
        assert!(
            atom(&meta(), &list)
                .contains("  <updated>2026-11-25T08:00:00+08:00</updated>\n  <author>")
        );
        let empty = atom(&meta(), &[]);
        assert!(empty.contains("<updated>1970-01-01T00:00:00+00:00</updated>"));
        assert!(!rss(&meta(), &[]).contains("lastBuildDate"));
        assert_eq!(atom(&meta(), &list), atom(&meta(), &list));
    }

    #[test]
    fn entries_keep_the_given_order() {
        let mut list = entries();
        list.reverse();
        let xml = rss(&meta(), &list);
        let tea = xml.find("industry/tea/").expect("tea");
        let notice = xml.find("notices/%E9").expect("notice");
        assert!(tea < notice);
    }

    #[test]
    fn dates_in_other_zones_and_odd_years() {
        assert_eq!(
            rfc3339(&at("2026-01-02T03:04:05.678Z[UTC]")),
            "2026-01-02T03:04:05+00:00"
        );
        assert_eq!(
            rfc3339(&at("2026-07-01T12:00:00-04:00[America/New_York]")),
            "2026-07-01T12:00:00-04:00"
        );
        assert_eq!(
            rfc2822(&at("2026-07-01T12:00:00-04:00[America/New_York]")),
            "Wed, 1 Jul 2026 12:00:00 -0400"
        );
        // Shanghai's local mean time had a seconds offset: shown in UTC, still valid.
        assert_eq!(
            rfc3339(&at("1890-06-01T12:00:00[Asia/Shanghai]")),
            "1890-06-01T03:54:17+00:00"
        );
        let ancient = at("-000001-06-01T12:00:00Z[UTC]");
        assert_eq!(rfc3339(&ancient), "0000-01-01T00:00:00+00:00");
        assert_eq!(rfc2822(&ancient), "Sat, 1 Jan 0000 00:00:00 +0000");
        // The fallback text names the right weekday.
        assert_eq!(
            rfc2822(&at("0000-01-01T00:00:00Z[UTC]")),
            "Sat, 1 Jan 0000 00:00:00 +0000"
        );
    }

    #[test]
    fn empty_optional_fields_are_left_out() {
        let mut m = meta();
        m.subtitle.clear();
        m.language.clear();
        m.generator.clear();
        let mut e = entries().remove(0);
        e.summary.clear();
        e.author = Some(String::new());
        e.categories.clear();
        let a = atom(&m, std::slice::from_ref(&e));
        for absent in [
            "subtitle",
            "xml:lang",
            "generator",
            "summary",
            "<category",
            "县委组织部",
        ] {
            assert!(!a.contains(absent), "{absent} in {a}");
        }
        let r = rss(&m, &[e]);
        assert!(r.contains("<description>青山县驻村工作队工作成效</description>"));
        assert!(
            !r.contains("<language>") && !r.contains("dc:creator>") && !r.contains("<category>")
        );
    }
}
