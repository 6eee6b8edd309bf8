//! Raw HTML written into Markdown: kept, sanitised or dropped, as [`RawHtml`] says.
//!
//! Content on a government site comes from many hands and from copy-paste, so the default
//! ([`RawHtml::Safe`]) passes a body that holds raw HTML through `ammonia`, an allow-list
//! sanitiser, with the allow-list below: what editors use (tables with merged cells, `<sup>`,
//! `<br>`, `<span>` with harmless styles, the site's own `<video>`/`<audio>`, `<figure>` and
//! `<picture>` with `srcset`, as jianbao itself writes them) stays; scripts,
//! event handlers, `javascript:` and non-image `data:` URLs, frames, forms, `<meta>` and styles
//! beyond the listed properties go. Bodies without raw HTML are not touched, so their output is
//! byte for byte what pulldown-cmark writes.
//!
//! [`removals`] reads each raw fragment against the same allow-list and lists what the
//! sanitiser drops, with its line, for `check` and `build` to report.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

/// What happens to raw HTML in Markdown (`markdown.raw_html` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Sanitised against the allow-list (the default).
    #[default]
    Safe,
    /// Published as written: for a site whose every editor is trusted.
    Allow,
    /// Left out altogether (the text of inline tags stays).
    Strip,
}

/// One element or attribute removed from a body's raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// 1-based line in the Markdown source.
    pub line: usize,
    /// What was removed, such as `<script>` or `onerror on <img>`.
    pub what: String,
}

/// Elements kept: those Markdown itself writes, and those editors legitimately paste.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "video",
    "audio",
    "source",
    "center",
    "font",
];

/// Elements removed together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "template",
    "textarea", "select", "button", "noscript",
];

/// Attributes any kept element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir", "style", "align"];

/// Attributes particular elements may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "name"]),
    (
        "img",
        &[
            "src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding",
        ],
    ),
    ("td", &["colspan", "rowspan", "valign", "width"]),
    ("th", &["colspan", "rowspan", "valign", "width", "scope"]),
    ("col", &["span", "width"]),
    ("colgroup", &["span", "width"]),
    ("table", &["border", "width"]),
    ("ol", &["start", "type"]),
    ("input", &["type", "checked", "disabled"]),
    (
        "video",
        &[
            "src", "controls", "poster", "width", "height", "preload", "loop", "muted",
        ],
    ),
    ("audio", &["src", "controls", "preload", "loop", "muted"]),
    (
        "source",
        &["src", "type", "srcset", "sizes", "media", "width", "height"],
    ),
    ("font", &["color"]),
];

/// CSS properties kept in a `style` attribute; others (such as `position`, which lets a pasted
/// box cover the page) are dropped.
const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "font-size",
    "text-align",
    "text-decoration",
    "text-indent",
    "vertical-align",
    "width",
    "height",
    "border",
    "border-collapse",
    "padding",
    "margin",
    "line-height",
    "white-space",
];

/// URL schemes kept in `href` and `src`; `data:` only in an image's `src`.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// Elements whose media must come from the site itself (a relative URL). A `<source>` in a
/// `<picture>` is held to the same rule as one in a `<video>`: the sanitiser does not see which.
const SITE_MEDIA: &[&str] = &["video", "audio", "source"];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .set_tag_attribute_value("input", "disabled", "")
        .attribute_filter(|element, attribute, value| {
            is_kept_url(element, attribute, value).then(|| value.into())
        });
    builder
});

/// Whether a URL-valued attribute keeps `value`: `data:` only for images, media only from the
/// site, and an `input` only as the checkbox of a task list.
fn is_kept_url(element: &str, attribute: &str, value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    match attribute {
        "href" | "src" | "poster" => {
            if lower.starts_with("data:") {
                return element == "img" && attribute == "src" && lower.starts_with("data:image/");
            }
            !(SITE_MEDIA.contains(&element) && is_absolute_url(&lower))
        }
        "srcset" => srcset_urls(value).all(|url| {
            let lower = url.to_ascii_lowercase();
            !lower.starts_with("data:")
                && has_allowed_scheme(url)
                && is_kept_url(element, "src", url)
        }),
        "type" if element == "input" => lower == "checkbox",
        _ => true,
    }
}

/// The URLs of a `srcset` (each candidate is a URL, then optionally a width or density). A
/// `data:` URL holds commas and is refused as a whole by the caller, so splitting at commas is
/// safe for every URL that can be kept.
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// Whether a URL is relative or uses one of [`URL_SCHEMES`].
fn has_allowed_scheme(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    !is_absolute_url(&lower)
        || lower.starts_with("//")
        || URL_SCHEMES
            .iter()
            .any(|scheme| lower.starts_with(&format!("{scheme}:")))
}

fn is_absolute_url(lower: &str) -> bool {
    lower.starts_with("//")
        || lower
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'))
}

/// `html` with everything outside the allow-list removed.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

static OPEN_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<([A-Za-z][A-Za-z0-9-]*)((?:[^>\x22']|\x22[^\x22]*\x22|'[^']*')*)>")
        .expect("a valid pattern")
});
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?"#).expect("a valid pattern")
});

/// What [`sanitize`] removes from the raw fragment `html`, which starts on line `line`.
pub fn removals(html: &str, line: usize) -> Vec<Removal> {
    let mut found = Vec::new();
    for tag in OPEN_TAG.captures_iter(html) {
        let whole = tag.get(0).expect("a match");
        let at = line + html[..whole.start()].matches('\n').count();
        let name = tag[1].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            let what = if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
                format!("<{name}> …</{name}>")
            } else {
                format!("<{name}>")
            };
            found.push(Removal { line: at, what });
            continue;
        }
        for attribute in ATTRIBUTE.captures_iter(&tag[2]) {
            let key = attribute[1].to_ascii_lowercase();
            let value = attribute
                .get(2)
                .map(|v| v.as_str().trim_matches(['"', '\'']))
                .unwrap_or_default();
            if let Some(what) = removed_attribute(&name, &key, value) {
                found.push(Removal { line: at, what });
            }
        }
    }
    found
}

fn removed_attribute(element: &str, attribute: &str, value: &str) -> Option<String> {
    let allowed = GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(tag, list)| *tag == element && list.contains(&attribute));
    if !allowed {
        return Some(format!("{attribute} on <{element}>"));
    }
    if !is_kept_url(element, attribute, value) {
        let shown: String = value.chars().take(40).collect();
        return Some(format!("{attribute}=\"{shown}\" on <{element}>"));
    }
    let scheme_ok = !matches!(attribute, "href" | "src" | "poster") || has_allowed_scheme(value);
    if !scheme_ok {
        let shown: String = value.chars().take(40).collect();
        return Some(format!("{attribute}=\"{shown}\" on <{element}>"));
    }
    if attribute == "style" {
        let dropped: Vec<&str> = value
            .split(';')
            .filter_map(|rule| rule.split_once(':').map(|(property, _)| property.trim()))
            .filter(|property| !STYLE_PROPERTIES.contains(&property.to_ascii_lowercase().as_str()))
            .collect();
        if !dropped.is_empty() {
            return Some(format!("style {} on <{element}>", dropped.join(", ")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_editors_use_is_kept() {
        let html = "<table><tr><td colspan=\"2\" rowspan=\"3\">合并</td></tr></table><p>注<sup>1</sup><br><span style=\"color: red\">红</span></p><video src=\"/media/a.mp4\" controls=\"\"></video><img src=\"data:image/png;base64,AAAA\" alt=\"图\">";
        let clean = sanitize(html);
        for kept in [
            "colspan=\"2\"",
            "rowspan=\"3\"",
            "<sup>1</sup>",
            "<br>",
            "style=\"color:red\"",
            "<video src=\"/media/a.mp4\"",
            "src=\"data:image/png",
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
        assert!(removals(html, 1).is_empty(), "{:?}", removals(html, 1));
    }

    #[test]
    fn pictures_and_figures_as_jianbao_writes_them_are_kept() {
        let html = "<figure><picture><source type=\"image/webp\" srcset=\"/a/p-480.webp 480w, /a/p-960.webp 960w\" sizes=\"(max-width: 960px) 100vw, 960px\"><img src=\"/a/p-960.jpg\" srcset=\"/a/p-480.jpg 480w, /a/p-960.jpg 960w\" sizes=\"100vw\" width=\"960\" height=\"720\" alt=\"广场\" loading=\"lazy\" decoding=\"async\"></picture><figcaption>图注</figcaption></figure>";
        let clean = sanitize(html);
        assert_eq!(clean, html);
        assert!(removals(html, 1).is_empty(), "{:?}", removals(html, 1));
    }

    #[test]
    fn dangerous_html_is_removed_and_reported() {
        let cases = [
            ("<script>alert(1)</script>", "alert", "<script> …</script>"),
            (
                "<img src=x onerror=\"alert(1)\">",
                "onerror",
                "onerror on <img>",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "javascript",
                "href=\"javascript:alert(1)\" on <a>",
            ),
            (
                "<a href=\"data:text/html,x\">x</a>",
                "data:",
                "href=\"data:text/html,x\" on <a>",
            ),
            (
                "<iframe src=\"https://e.example\"></iframe>",
                "iframe",
                "<iframe> …</iframe>",
            ),
            (
                "<form action=\"/x\"><input name=p></form>",
                "form",
                "<form> …</form>",
            ),
            (
                "<meta http-equiv=\"refresh\" content=\"0;url=x\">",
                "refresh",
                "<meta>",
            ),
            (
                "<video src=\"https://e.example/a.mp4\"></video>",
                "e.example",
                "src=\"https://e.example/a.mp4\" on <video>",
            ),
            (
                "<img src=\"a.jpg\" srcset=\"a.jpg 1x, javascript:alert(1) 2x\">",
                "javascript",
                "srcset=\"a.jpg 1x, javascript:alert(1) 2x\" on <img>",
            ),
            (
                "<picture><source srcset=\"https://e.example/a.webp\"><img src=\"a.jpg\" alt=\"\"></picture>",
                "e.example",
                "srcset=\"https://e.example/a.webp\" on <source>",
            ),
            (
                "<img src=\"a.jpg\" alt=\"\" loading=\"lazy\" onload=\"alert(1)\">",
                "onload",
                "onload on <img>",
            ),
            (
                "<div style=\"position: fixed; color: red\">x</div>",
                "position",
                "style position on <div>",
            ),
        ];
        for (html, gone, reported) in cases {
            let clean = sanitize(html);
            assert!(!clean.contains(gone), "{gone} left in {clean}");
            let found = removals(html, 7);
            assert!(
                found.iter().any(|r| r.what == reported && r.line == 7),
                "{html}: {found:?}"
            );
        }
    }
}
