//! Rewriting the URLs in finished HTML and CSS: relative ones for a site opened from disk, and
//! absolute ones for content shown in feed readers.
//!
//! A county office often hands its site around as a folder (a shared drive, a USB stick, a CD for
//! an inspection team) and opens it with `file://`. There, `/css/jianbao.css` points at the root
//! of the disk and `/notices/` at a folder listing, so every site-internal URL is made relative to
//! the page (`../../css/jianbao.css`, `../../notices/index.html`).
//!
//! HTML goes through `lol_html`, a streaming rewriter that re-emits untouched input byte for byte:
//! comments, scripts, entities and the quoting of other attributes survive, and only the
//! attributes that change are written anew (double-quoted). Attribute values are raw source text
//! (entities not decoded); since a rewrite only replaces the part before the query or fragment,
//! an `&amp;` in a query stays as it was. CSS (in `.css` files, `<style>` and `style="…"`) is
//! scanned by hand for `url(…)` and `@import "…"`, skipping comments and other strings.

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{HandlerResult, RewriteStrSettings, rewrite_str};

/// Attributes holding a single URL. `srcset` and `style` have their own syntax.
const URL_ATTRIBUTES: [&str; 6] = [
    "href",
    "src",
    "action",
    "poster",
    "formaction",
    "xlink:href",
];

/// Rewrites every site-internal URL in an HTML page to a relative one, for a site opened from disk
/// (file://, a shared folder, a USB stick): `href`, `src`, `srcset`, `action`, `poster`, and
/// `<link href>` (also `formaction`, `xlink:href`, `url(…)` in `<style>` and `style="…"`, and the
/// target of a `<meta http-equiv="refresh">`).
/// A URL is site-internal when it starts with `base_path` (e.g. "/" or "/zcdt/"). `page_dir` is
/// the page's folder relative to the output root ("" for the home page, "industry/tea/" for
/// /industry/tea/index.html, "" for 404.html). Directory URLs (ending in "/", or empty after the
/// base) get "index.html" appended; fragments and queries are kept; percent-encoding is kept as
/// is. External URLs, `mailto:`, `tel:`, `#frag`, `data:` and already-relative URLs are left
/// alone.
pub fn relativize(html: &str, page_dir: &str, base_path: &str) -> String {
    let base = normalize_base(base_path);
    let dir = normalize_dir(page_dir);
    rewrite_html(html, &|url| relative_url(url, &dir, &base))
}

/// The same for CSS files (`url(...)`, `@import "…"`), for stylesheets that reference images:
/// `file_dir` is the stylesheet's folder relative to the output root (`css/` for
/// `/css/jianbao.css`), since URLs in CSS are relative to the stylesheet, not the page.
pub fn relativize_css(css: &str, file_dir: &str, base_path: &str) -> String {
    let base = normalize_base(base_path);
    let dir = normalize_dir(file_dir);
    rewrite_css(css, &|url| relative_url(url, &dir, &base))
}

/// Makes every relative URL in an HTML fragment absolute against `page_url` (an absolute URL
/// such as `https://host/zcdt/industry/tea/`), as RFC 3986 resolves them: for content shown
/// away from its page, in feed readers. Root-relative (`/zcdt/x/`) and fragment-only (`#做法`,
/// giving `page_url#做法`) links are resolved too; URLs with a scheme are left alone.
pub fn absolutize(html: &str, page_url: &str) -> String {
    rewrite_html(html, &|url| absolute_url(url, page_url))
}

/// A function giving the new form of a URL, or `None` to leave it alone.
type UrlMap<'a> = &'a dyn Fn(&str) -> Option<String>;

fn rewrite_html(html: &str, map: UrlMap<'_>) -> String {
    let mut style_text = String::new();
    let settings = RewriteStrSettings::new()
        // Strict mode refuses some malformed markup for safety when sanitising; we only adjust
        // URLs in our own output, so rewriting whatever the parser sees is the right call.
        .with_strict(false)
        // Full paths: jianbao has a `text!` macro of its own (bilingual messages).
        .append_element_content_handler(lol_html::element!("*", |el| rewrite_element(el, map)))
        .append_element_content_handler(lol_html::text!("style", |chunk| {
            rewrite_style_chunk(chunk, &mut style_text, map);
            Ok(())
        }));
    // With strict mode off, default memory limits and handlers that cannot fail, rewriting
    // cannot fail either; should it ever, the page is kept as it was rather than lost.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

fn rewrite_element(el: &mut Element<'_, '_>, map: UrlMap<'_>) -> HandlerResult {
    for name in URL_ATTRIBUTES {
        if let Some(new) = el
            .get_attribute(name)
            .and_then(|v| map_attribute_url(&v, map))
        {
            el.set_attribute(name, &new)?;
        }
    }
    if let Some(new) = el
        .get_attribute("srcset")
        .and_then(|v| rewrite_srcset(&v, map))
    {
        el.set_attribute("srcset", &new)?;
    }
    if let Some(style) = el.get_attribute("style") {
        let new = rewrite_css(&style, map);
        if new != style {
            el.set_attribute("style", &new)?;
        }
    }
    let is_refresh = el
        .get_attribute("http-equiv")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"));
    if is_refresh
        && let Some(new) = el
            .get_attribute("content")
            .and_then(|c| rewrite_refresh(&c, map))
    {
        el.set_attribute("content", &new)?;
    }
    Ok(())
}

/// Rewrites the URL of a `<meta http-equiv="refresh" content="0; url=/x/">` (redirect pages
/// for old addresses), read as the HTML standard does: a delay, `;` or `,`, an optional `url=`,
/// and the URL, optionally quoted.
fn rewrite_refresh(content: &str, map: UrlMap<'_>) -> Option<String> {
    let bytes = content.as_bytes();
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    i = skip_space(i);
    if !matches!(bytes.get(i), Some(b';' | b',')) {
        return None;
    }
    i = skip_space(i + 1);
    if starts_with_ignore_case(&bytes[i..], b"url") {
        let j = skip_space(i + 3);
        if bytes.get(j) == Some(&b'=') {
            i = skip_space(j + 1);
        }
    }
    let (start, end) = match bytes.get(i) {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = find_from(bytes, i + 1, &[quote]).unwrap_or(bytes.len());
            (i + 1, end)
        }
        _ => (i, content.trim_end().len().max(i)),
    };
    let new = map(&content[start..end])?;
    Some(apply_edits(content, vec![(start, end, new)]))
}

/// A `<style>` element's text may arrive in several chunks: they are held back and the whole
/// text is written, rewritten, in place of the last one.
fn rewrite_style_chunk(chunk: &mut TextChunk<'_>, held: &mut String, map: UrlMap<'_>) {
    held.push_str(chunk.as_str());
    if chunk.last_in_text_node() {
        let css = rewrite_css(held, map);
        chunk.replace(&css, ContentType::Html);
        held.clear();
    } else {
        chunk.remove();
    }
}

/// Browsers strip ASCII whitespace around URL attribute values; so do we before mapping.
fn map_attribute_url(value: &str, map: UrlMap<'_>) -> Option<String> {
    map(value.trim_matches(is_html_space))
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{C}' | '\r')
}

/// Rewrites the URLs of a `srcset` ("a.png 1x, b.png 2x"), keeping separators and descriptors.
/// Parsed as the HTML standard does: a URL runs to whitespace, and a URL ending in commas ends
/// its candidate; descriptors run to a comma outside parentheses.
fn rewrite_srcset(value: &str, map: UrlMap<'_>) -> Option<String> {
    let bytes = value.as_bytes();
    let mut edits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] == b',' || bytes[i].is_ascii_whitespace()) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        if end > start
            && let Some(new) = map(&value[start..end])
        {
            edits.push((start, end, new));
        }
        if end < i {
            continue; // the URL's trailing comma closed this candidate
        }
        let mut depth = 0usize;
        while i < bytes.len() && (bytes[i] != b',' || depth > 0) {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
    }
    (!edits.is_empty()).then(|| apply_edits(value, edits))
}

/// Rewrites `url(…)` and `@import "…"` in CSS, leaving comments, other strings and everything
/// else byte for byte.
fn rewrite_css(css: &str, map: UrlMap<'_>) -> String {
    let bytes = css.as_bytes();
    let mut edits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"/*") {
            i = find_from(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2);
        } else if bytes[i] == b'"' || bytes[i] == b'\'' {
            i = string_end(bytes, i).0;
        } else if starts_with_ignore_case(rest, b"url(") && !is_ident_byte_before(bytes, i) {
            i = url_token(css, i + 4, map, &mut edits);
        } else if starts_with_ignore_case(rest, b"@import") {
            i = import_string(css, i + 7, map, &mut edits);
        } else {
            i += 1;
        }
    }
    apply_edits(css, edits)
}

/// Handles the inside of `url(` starting at `i`; returns where scanning continues.
fn url_token(css: &str, mut i: usize, map: UrlMap<'_>, edits: &mut Vec<Edit>) -> usize {
    let bytes = css.as_bytes();
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
        return quoted_url(css, i, map, edits);
    }
    let start = i;
    while i < bytes.len() && bytes[i] != b')' && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if let Some(new) = map(&css[start..i]) {
        edits.push((start, i, new));
    }
    i
}

/// Handles what follows `@import`: a string is a URL (`url(…)` is found by the main scan).
fn import_string(css: &str, mut i: usize, map: UrlMap<'_>, edits: &mut Vec<Edit>) -> usize {
    let bytes = css.as_bytes();
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
        return quoted_url(css, i, map, edits);
    }
    i
}

/// A quoted URL starting at the quote `i`; returns the index after the closing quote.
fn quoted_url(css: &str, i: usize, map: UrlMap<'_>, edits: &mut Vec<Edit>) -> usize {
    let (next, closed) = string_end(css.as_bytes(), i);
    let end = if closed { next - 1 } else { next };
    if let Some(new) = map(&css[i + 1..end]) {
        edits.push((i + 1, end, new));
    }
    next
}

/// The end of the CSS string opening at `i` (index after its closing quote) and whether it
/// was closed; a backslash escapes the next byte, and a raw newline ends a bad string.
fn string_end(bytes: &[u8], i: usize) -> (usize, bool) {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'\n' => return (j, false),
            b if b == quote => return (j + 1, true),
            _ => j += 1,
        }
    }
    (bytes.len(), false)
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// `myurl(` is a function of another name, not `url(`.
fn is_ident_byte_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && {
        let b = bytes[i - 1];
        b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'\\' || b >= 0x80
    }
}

/// A replacement of `text[start..end]`.
type Edit = (usize, usize, String);

/// Applies non-overlapping edits given in ascending order.
fn apply_edits(text: &str, edits: Vec<Edit>) -> String {
    let mut out = String::with_capacity(text.len() + edits.len() * 16);
    let mut last = 0;
    for (start, end, new) in edits {
        out.push_str(&text[last..start]);
        out.push_str(&new);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// "zcdt", "/zcdt", "/zcdt/" → "/zcdt/"; "" or "/" → "/".
fn normalize_base(base_path: &str) -> String {
    match base_path.trim_matches('/') {
        "" => "/".to_owned(),
        inner => format!("/{inner}/"),
    }
}

/// "industry/tea", "/industry/tea/" → "industry/tea/"; "" or "/" → "".
fn normalize_dir(dir: &str) -> String {
    match dir.trim_matches('/') {
        "" => String::new(),
        inner => format!("{inner}/"),
    }
}

/// The relative form of a site-internal `url` seen from `dir` (normalised), else `None`.
fn relative_url(url: &str, dir: &str, base: &str) -> Option<String> {
    let rest = strip_base(url, base)?;
    let split = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(split);
    let mut target = path.to_owned();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    Some(relative_path(dir, &target) + suffix)
}

/// What follows the base path in `url`, when `url` is site-internal.
fn strip_base<'a>(url: &'a str, base: &str) -> Option<&'a str> {
    // `//host/x` starts with "/" but names another host.
    if url.starts_with("//") {
        return None;
    }
    if let Some(rest) = url.strip_prefix(base) {
        return Some(rest);
    }
    // "/zcdt", "/zcdt?x" and "/zcdt#top" name the site's root as well.
    let bare = base.trim_end_matches('/');
    let rest = url.strip_prefix(bare).filter(|_| !bare.is_empty())?;
    (rest.is_empty() || rest.starts_with(['?', '#'])).then_some(rest)
}

/// The path from folder `dir` ("" or "a/b/") to `target` ("a/c/index.html"), both relative to
/// the output root. Segments are compared percent-decoded, so a folder written raw (`通知/`)
/// matches its encoded form in a URL; the target's own spelling is what gets written.
fn relative_path(dir: &str, target: &str) -> String {
    let dirs: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let (target_dirs, file) = match target.rsplit_once('/') {
        Some((dirs, file)) => (dirs.split('/').collect::<Vec<_>>(), file),
        None => (Vec::new(), target),
    };
    let common = dirs
        .iter()
        .zip(&target_dirs)
        .take_while(|(a, b)| percent_decode(a) == percent_decode(b))
        .count();
    let mut out = "../".repeat(dirs.len() - common);
    for segment in &target_dirs[common..] {
        out.push_str(segment);
        out.push('/');
    }
    out.push_str(file);
    // A first segment like "a:b" would read as a URL scheme.
    let first = out.split('/').next().unwrap_or_default();
    if first.contains(':') {
        out.insert_str(0, "./");
    }
    out
}

/// `%XX` escapes decoded to bytes; a malformed escape is kept as it is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            // Two hex digits make at most 255.
            out.push(u8::try_from(high * 16 + low).unwrap_or(u8::MAX));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// `url` resolved against the absolute `base` (RFC 3986 §5.2), or `None` when it needs no change
/// (it has a scheme, is empty, or `base` is not absolute).
fn absolute_url(url: &str, base: &str) -> Option<String> {
    if url.is_empty() || has_scheme(url) {
        return None;
    }
    let (scheme, after_scheme) = base.split_once("://")?;
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .map_or(base.len(), |i| scheme.len() + 3 + i);
    let origin = &base[..authority_end];
    let base_rest = &base[authority_end..];
    let base_path = &base_rest[..base_rest.find(['?', '#']).unwrap_or(base_rest.len())];
    let base_path = if base_path.is_empty() { "/" } else { base_path };
    if url.starts_with("//") {
        return Some(format!("{scheme}:{url}"));
    }
    if url.starts_with('#') {
        let without_fragment = &base[..base.find('#').unwrap_or(base.len())];
        return Some(format!("{without_fragment}{url}"));
    }
    if url.starts_with('?') {
        return Some(format!("{origin}{base_path}{url}"));
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    let merged = if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir_end = base_path.rfind('/').map_or(0, |i| i + 1);
        format!("{}{path}", &base_path[..dir_end])
    };
    Some(format!("{origin}{}{suffix}", remove_dot_segments(&merged)))
}

/// `scheme:` as RFC 3986 spells it: a letter, then letters, digits, `+`, `-` or `.`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` in an absolute path (RFC 3986 §5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        // "a/.." and "a/." name a folder: keep the trailing slash.
        if last && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(html: &str, dir: &str) -> String {
        relativize(html, dir, "/")
    }

    #[test]
    fn the_documented_examples() {
        let dir = "industry/tea/";
        assert_eq!(
            rel(r#"<a href="/">首页</a>"#, dir),
            r#"<a href="../../index.html">首页</a>"#
        );
        assert_eq!(
            rel(r#"<a href="/notices/%E9%80%9A/">通</a>"#, dir),
            r#"<a href="../../notices/%E9%80%9A/index.html">通</a>"#
        );
        assert_eq!(
            rel(r#"<link rel="stylesheet" href="/css/jianbao.css">"#, dir),
            r#"<link rel="stylesheet" href="../../css/jianbao.css">"#
        );
        assert_eq!(
            rel(r##"<a href="/industry/tea/#做法">做法</a>"##, dir),
            r##"<a href="index.html#做法">做法</a>"##
        );
    }

    #[test]
    fn a_sub_path_base_rewrites_only_inside_the_base() {
        let html =
            r#"<a href="/zcdt/news/">新闻</a><a href="/other/">别处</a><a href="/zcdt">首页</a>"#;
        assert_eq!(
            relativize(html, "industry/tea/", "/zcdt/"),
            r#"<a href="../../news/index.html">新闻</a><a href="/other/">别处</a><a href="../../index.html">首页</a>"#
        );
        assert_eq!(
            relativize(r#"<a href="/zcdt/?q=1">x</a>"#, "", "zcdt"),
            r#"<a href="index.html?q=1">x</a>"#
        );
    }

    #[test]
    fn foreign_and_relative_urls_are_left_alone() {
        let html = concat!(
            r#"<a href="https://www.gov.cn/">国务院</a><a href="mailto:zzb@example.cn">信</a>"#,
            r##"<a href="tel:+86-731-1234">电话</a><a href="#top">顶部</a><a href="//cdn.example/x.js">c</a>"##,
            r#"<img src="data:image/png;base64,AAAA" alt=""><img src="base.svg" alt="">"#,
            r#"<a href="../x/">上</a><a href="">空</a>"#,
        );
        assert_eq!(rel(html, "industry/tea/"), html);
    }

    #[test]
    fn every_url_attribute_is_rewritten() {
        let html = concat!(
            r#"<img src="/a.png" srcset="/a.png 1x, /a@2x.png 2x" alt="">"#,
            r#"<form action="/search/"><button formaction="/go/">搜</button></form>"#,
            r#"<video poster="/v.jpg"><source src="/v.mp4"></video>"#,
            r#"<picture><source srcset="/w.webp 1x,/x.webp 2x, https://e.cn/y.png 3x"></picture>"#,
            r#"<svg><use xlink:href="/icons.svg#home"></use></svg>"#,
        );
        assert_eq!(
            rel(html, "a/"),
            concat!(
                r#"<img src="../a.png" srcset="../a.png 1x, ../a@2x.png 2x" alt="">"#,
                r#"<form action="../search/index.html"><button formaction="../go/index.html">搜</button></form>"#,
                r#"<video poster="../v.jpg"><source src="../v.mp4"></video>"#,
                r#"<picture><source srcset="../w.webp 1x,../x.webp 2x, https://e.cn/y.png 3x"></picture>"#,
                r#"<svg><use xlink:href="../icons.svg#home"></use></svg>"#,
            )
        );
    }

    #[test]
    fn everything_else_survives_byte_for_byte() {
        let html = concat!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n",
            "<!-- <a href=\"/commented/\"> 注释 -->\n",
            "<link rel=stylesheet href='/css/a.css' media=all>\n",
            "<script>var s = '<a href=\"/in-script/\">'; if (a < b && c > d) {}</script>\n",
            "<style>body{background:url(/img/bg.png)} /* url(/no/) */ .q::after{content:\"url(/no/)\"}</style>\n",
            "</head><body class=\"home  page\" data-x='单引号'>\n",
            "<p>青山县 &amp; 驻村 &lt;工作&gt; &nbsp;&#x4E2D;</p>\n",
            "<a class=nav href=/notices/ title='通 知'>通知</a>\n",
            "<a href=\"/s/?a=1&amp;b=2\" data-v=\"&quot;\">查</a>\n",
            "<textarea><a href=\"/in-textarea/\"></textarea>\n",
            "<p style=\"color:red; background-image:url('/img/x.png')\">样式</p>\n",
            "</body></html>\n",
        );
        let expected = concat!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n",
            "<!-- <a href=\"/commented/\"> 注释 -->\n",
            "<link rel=stylesheet href=\"../css/a.css\" media=all>\n",
            "<script>var s = '<a href=\"/in-script/\">'; if (a < b && c > d) {}</script>\n",
            "<style>body{background:url(../img/bg.png)} /* url(/no/) */ .q::after{content:\"url(/no/)\"}</style>\n",
            "</head><body class=\"home  page\" data-x='单引号'>\n",
            "<p>青山县 &amp; 驻村 &lt;工作&gt; &nbsp;&#x4E2D;</p>\n",
            "<a class=nav href=\"../notices/index.html\" title='通 知'>通知</a>\n",
            "<a href=\"../s/index.html?a=1&amp;b=2\" data-v=\"&quot;\">查</a>\n",
            "<textarea><a href=\"/in-textarea/\"></textarea>\n",
            "<p style=\"color:red; background-image:url('../img/x.png')\">样式</p>\n",
            "</body></html>\n",
        );
        assert_eq!(rel(html, "about/"), expected);
        // Nothing internal: the very same bytes.
        let plain = "<p>只有文字 &copy; <!-- x --></p><script>1<2</script>";
        assert_eq!(rel(plain, ""), plain);
    }

    #[test]
    fn redirect_pages_refresh_to_a_relative_url() {
        let html = concat!(
            r#"<meta http-equiv="refresh" content="0; url=/zcdt/industry/tea/">"#,
            r#"<meta http-equiv=Refresh content="5;URL='/zcdt/a/#b'">"#,
            r#"<meta http-equiv="refresh" content="3">"#,
            r#"<meta name="x" content="0; url=/zcdt/no/">"#,
        );
        assert_eq!(
            relativize(html, "old/path/", "/zcdt/"),
            concat!(
                r#"<meta http-equiv="refresh" content="0; url=../../industry/tea/index.html">"#,
                r#"<meta http-equiv=Refresh content="5;URL='../../a/index.html#b'">"#,
                r#"<meta http-equiv="refresh" content="3">"#,
                r#"<meta name="x" content="0; url=/zcdt/no/">"#,
            )
        );
        let map: UrlMap<'_> = &|u| relative_url(u, "", "/");
        assert_eq!(
            rewrite_refresh("0;/a/", map).as_deref(),
            Some("0;a/index.html")
        );
        assert_eq!(
            rewrite_refresh(" 0 , url = \"/a\" ", map).as_deref(),
            Some(" 0 , url = \"a\" ")
        );
        assert_eq!(rewrite_refresh("0; url=", map), None);
        assert_eq!(rewrite_refresh("", map), None);
    }

    #[test]
    fn the_home_page_and_404_are_at_the_root() {
        assert_eq!(
            rel(r#"<a href="/">x</a>"#, ""),
            r#"<a href="index.html">x</a>"#
        );
        assert_eq!(
            rel(r#"<a href="/a/b.pdf">x</a>"#, "/"),
            r#"<a href="a/b.pdf">x</a>"#
        );
    }

    #[test]
    fn raw_and_encoded_folders_match_and_encoding_is_kept() {
        let html = r#"<a href="/notices/%E9%80%9A%E7%9F%A5/#%E4%B8%80">一</a>"#;
        assert_eq!(
            rel(html, "notices/通知/"),
            r##"<a href="index.html#%E4%B8%80">一</a>"##
        );
        assert_eq!(
            rel(html, "notices/%E9%80%9A%E7%9F%A5/"),
            r##"<a href="index.html#%E4%B8%80">一</a>"##
        );
        assert_eq!(
            rel(html, "industry/"),
            r##"<a href="../notices/%E9%80%9A%E7%9F%A5/index.html#%E4%B8%80">一</a>"##
        );
    }

    #[test]
    fn a_colon_in_the_first_segment_is_not_a_scheme() {
        assert_eq!(
            rel(r#"<a href="/a:b/">x</a>"#, ""),
            r#"<a href="./a:b/index.html">x</a>"#
        );
    }

    #[test]
    fn whitespace_around_urls_is_dropped() {
        assert_eq!(
            rel("<a href=\" /x/ \">x</a>", ""),
            r#"<a href="x/index.html">x</a>"#
        );
    }

    #[test]
    fn css_files_resolve_against_their_own_folder() {
        let css = concat!(
            "@import \"/css/base.css\";\n@import url('/css/print.css') print;\n",
            "body { background: URL( \"/img/bg.png\" ) }\n",
            ".a { background: url(/img/a.png#x), url(data:image/png;base64,AA), url(../b.png) }\n",
            "/* url(/no/) */ .b::before { content: 'url(/no/)' } .c { mask: myurl(/no/) }\n",
        );
        let expected = concat!(
            "@import \"base.css\";\n@import url('print.css') print;\n",
            "body { background: URL( \"../img/bg.png\" ) }\n",
            ".a { background: url(../img/a.png#x), url(data:image/png;base64,AA), url(../b.png) }\n",
            "/* url(/no/) */ .b::before { content: 'url(/no/)' } .c { mask: myurl(/no/) }\n",
        );
        assert_eq!(relativize_css(css, "css/", "/"), expected);
        assert_eq!(
            relativize_css("a{b:url(/zcdt/i.png)}", "css", "/zcdt/"),
            "a{b:url(../i.png)}"
        );
    }

    #[test]
    fn unterminated_css_does_not_panic() {
        for css in [
            "url(",
            "url(\"/a",
            "@import '",
            "/* open",
            "'x",
            "url( /a",
            "\\",
        ] {
            let _ = relativize_css(css, "", "/");
        }
        assert_eq!(relativize_css("url(\"/a", "", "/"), "url(\"a");
    }

    #[test]
    fn srcset_edge_cases() {
        let map: UrlMap<'_> = &|u| relative_url(u, "", "/");
        assert_eq!(rewrite_srcset("/a.png", map).as_deref(), Some("a.png"));
        assert_eq!(
            rewrite_srcset(" /a.png 1x ,/b.png 2x", map).as_deref(),
            Some(" a.png 1x ,b.png 2x")
        );
        assert_eq!(
            rewrite_srcset("/a.png,, /b.png", map).as_deref(),
            Some("a.png,, b.png")
        );
        assert_eq!(rewrite_srcset("x.png 100w", map), None);
        // Without a space after it, a comma is part of the URL (as browsers read it).
        assert_eq!(
            rewrite_srcset("/a.png,/b.png 2x", map).as_deref(),
            Some("a.png,/b.png 2x")
        );
        assert_eq!(
            rewrite_srcset("/a.png (x, y), /b.png", map).as_deref(),
            Some("a.png (x, y), b.png")
        );
        assert_eq!(rewrite_srcset("", map), None);
    }

    #[test]
    fn absolutize_resolves_like_a_browser() {
        let page = "https://www.example.cn/zcdt/industry/tea/";
        let cases = [
            (
                "base.svg",
                "https://www.example.cn/zcdt/industry/tea/base.svg",
            ),
            ("../x/", "https://www.example.cn/zcdt/industry/x/"),
            ("../../../../x", "https://www.example.cn/x"),
            (
                "./a/./b/../c?q=1#f",
                "https://www.example.cn/zcdt/industry/tea/a/c?q=1#f",
            ),
            ("/zcdt/notices/", "https://www.example.cn/zcdt/notices/"),
            ("#做法", "https://www.example.cn/zcdt/industry/tea/#做法"),
            (
                "?page=2",
                "https://www.example.cn/zcdt/industry/tea/?page=2",
            ),
            ("//cdn.example.cn/a.js", "https://cdn.example.cn/a.js"),
            ("..", "https://www.example.cn/zcdt/industry/"),
        ];
        for (url, expected) in cases {
            assert_eq!(absolute_url(url, page).as_deref(), Some(expected), "{url}");
        }
        for url in [
            "https://a.cn/",
            "mailto:a@b.cn",
            "data:image/png;base64,AA",
            "tel:1",
            "",
        ] {
            assert_eq!(absolute_url(url, page), None, "{url}");
        }
        assert_eq!(
            absolute_url("a", "https://h.cn").as_deref(),
            Some("https://h.cn/a")
        );
        assert_eq!(absolute_url("a", "not absolute"), None);
        assert_eq!(
            absolutize(
                r##"<p><img src="a.png" srcset="a.png 1x, /b.png 2x" alt=""><a href="#t">t</a></p>"##,
                page
            ),
            concat!(
                r#"<p><img src="https://www.example.cn/zcdt/industry/tea/a.png" "#,
                r#"srcset="https://www.example.cn/zcdt/industry/tea/a.png 1x, https://www.example.cn/b.png 2x" alt="">"#,
                r##"<a href="https://www.example.cn/zcdt/industry/tea/#t">t</a></p>"##
            )
        );
    }

    #[test]
    fn dot_segments() {
        assert_eq!(remove_dot_segments("/a/b/../c"), "/a/c");
        assert_eq!(remove_dot_segments("/a/b/.."), "/a/");
        assert_eq!(remove_dot_segments("/a/./b/"), "/a/b/");
        assert_eq!(remove_dot_segments("/.."), "/");
        assert_eq!(remove_dot_segments("/"), "/");
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("%E9%80%9A"), "通".as_bytes());
        assert_eq!(percent_decode("%zz%4"), b"%zz%4");
    }
}
